#!/usr/bin/env python3
# Lists import cycles between the source files of src/ (strongly connected groups of the
# "file A uses an item of file B" graph; a module and its own submodules do not count).
# Prints nothing when there are none. Run from the repository root.
import re,os,sys,itertools
root='src'
files={}
for dp,dn,fn in os.walk(root):
    for f in fn:
        if f.endswith('.rs'):
            p=os.path.join(dp,f)
            mod=p[4:-3].replace('/','::')
            if mod.endswith('::mod'): mod=mod[:-5]
            if mod=='lib' : mod=''
            files[mod]=p
def resolve(cur, path):
    # cur: module path of file; path: a::b::c starting with crate/super/self
    parts=path.split('::')
    base=cur.split('::') if cur else []
    # a file foo.rs (non-mod) is module foo; its 'super' is parent
    if parts[0]=='crate': base=[]; parts=parts[1:]
    else:
        while parts and parts[0] in('super','self'):
            if parts[0]=='super': base=base[:-1]
            parts=parts[1:]
    full=base+parts
    # longest prefix that is a file module
    for k in range(len(full),0,-1):
        m='::'.join(full[:k])
        if m in files: return m
    return None
edges={m:set() for m in files}
for m,p in files.items():
    src=open(p).read()
    src=re.sub(r'#\[cfg\(test\)\]\s*mod tests \{.*','',src,flags=re.S)
    for u in re.findall(r'\b((?:crate|super|self)(?:::\w+)+)',src):
        t=resolve(m,u)
        if t and t!=m and not m.startswith(t+'::') and not t.startswith(m+'::') : edges[m].add(t)
    # use super::{a, b}
    for base,grp in re.findall(r'use ((?:crate|super)(?:::\w+)*)::\{([^}]*)\}',src):
        for item in re.split(r',\s*',grp):
            item=item.strip().split('::')[0].split(' ')[0]
            if not item or item=='self': continue
            t=resolve(m,base+'::'+item)
            if t and t!=m and not m.startswith(t+'::') and not t.startswith(m+'::'): edges[m].add(t)
# find cycles (SCCs)
idx={};low={};st=[];on=set();res=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1:res.append(comp)
for v in edges:
    if v not in idx: sc(v)
for r in res: print(sorted(r))
