#!/usr/bin/env python3
"""Times rectdoc and Typst alternately on the same content; see benches/typst.sh."""
import os
import statistics
import subprocess
import sys
import time

rectdoc, work, runs, typst_cli, python = sys.argv[1:6]
runs = int(runs)
fonts = "/usr/local/share/fonts"


def run(cmd):
    """Wall seconds and the peak RSS (MiB) of one run of cmd."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    return wall, ru.ru_maxrss / 1024


def typst_py(script):
    return [python, "-c", script]


def compile_py(pairs):
    items = ", ".join(f"({i!r}, {o!r})" for i, o in pairs)
    return typst_py(
        "import typst\n"
        f"for i, o in [{items}]:\n"
        f"    typst.compile(i, output=o, font_paths=[{fonts!r}])\n"
    )


ex = "inputs/huiji-2024.yaml"
out = os.path.join(work, "out")
cases = []
for doc in ["notice", "ledger"]:
    typ = os.path.join(work, f"{doc}.typ")
    ours = [rectdoc, "render", ex, "--doc", doc, "--format", "pdf", "-o", out]
    cases.append((f"{doc} PDF: typst-py (one process)", ours,
                  compile_py([(typ, os.path.join(work, f"{doc}-py.pdf"))])))
    if typst_cli:
        cases.append((f"{doc} PDF: Typst CLI", ours,
                      [typst_cli, "compile", "--font-path", fonts, typ,
                       os.path.join(work, f"{doc}-cli.pdf")]))
plans = os.path.join(work, "plans")
n = len([p for p in os.listdir(plans) if p.endswith(".yaml")])
batch = [rectdoc, "batch", plans, "-o", os.path.join(work, "batch"), "--doc", "notice",
         "--format", "pdf", "--force"]
pairs = [(os.path.join(work, "typ", f"plan-{i:03d}.typ"),
          os.path.join(work, "typ", f"plan-{i:03d}.pdf")) for i in range(n)]
cases.append((f"{n} notices: typst-py in one process", batch, compile_py(pairs)))

load = os.getloadavg()
print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {runs} runs each, alternating")
print(f"{'case':44} {'rectdoc':>10} {'Typst':>10} {'ratio':>6} {'rectdoc MiB':>12} {'Typst MiB':>10}")
only = os.environ.get("CASES", "")
warmup = int(os.environ.get("WARMUP", "1"))
for name, ours, theirs in cases:
    if only not in name:
        continue
    for _ in range(warmup):  # page cache, font index
        run(ours), run(theirs)
    a, b = [], []
    for _ in range(runs):
        a.append(run(ours))
        b.append(run(theirs))
    ta = statistics.median(w for w, _ in a)
    tb = statistics.median(w for w, _ in b)
    ma = max(m for _, m in a)
    mb = max(m for _, m in b)
    print(f"{name:44} {ta*1000:8.0f}ms {tb*1000:8.0f}ms {tb/ta:6.1f} {ma:12.1f} {mb:10.1f}")
