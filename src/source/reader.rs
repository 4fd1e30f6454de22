//! Reading a YAML tree into typed values with located errors: shared by the plan and the
//! style file.

use super::yaml::{Entry, Pos, YKind, YNode};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

/// Positions of every node by key path (the source map), filled while converting.
pub type Positions = HashMap<String, (usize, usize)>;

/// Reads a YAML tree into typed values, collecting every error located by file, line,
/// column and key path, and the position of every key path read (the source map).
pub struct Reader<'a> {
    file: &'a Path,
    pub diags: Vec<Diagnostic>,
    pub positions: Positions,
}

pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a Path) -> Reader<'a> {
        Reader {
            file,
            diags: Vec::new(),
            positions: HashMap::new(),
        }
    }

    pub fn error(&mut self, pos: Pos, key: &str, msg: impl Into<String>) -> &mut Diagnostic {
        let mut d = Diagnostic::error(msg).at(self.file, pos.line, pos.col);
        if !key.is_empty() {
            d = d.key(key);
        }
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warn(&mut self, pos: Pos, key: &str, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::warning(msg)
            .at(self.file, pos.line, pos.col)
            .key(key);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    pub fn mark(&mut self, path: &str, pos: Pos) {
        self.positions.insert(path.to_string(), (pos.line, pos.col));
    }
}

pub fn set_hint(d: &mut Diagnostic, hint: impl Into<String>) {
    d.hint = Some(hint.into());
}

/// Levenshtein distance over characters (for "did you mean" hints).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate, if close enough to be a plausible typo.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let (best, d) = candidates
        .iter()
        .map(|c| (*c, edit_distance(&lower, c)))
        .min_by_key(|&(_, d)| d)?;
    let len = word.chars().count().max(best.chars().count());
    (d <= (len / 3).max(1) || (d <= 2 && len >= 4)).then_some(best)
}

/// A map's entries, checked against the keys allowed there; unknown keys are reported.
pub struct Fields<'n> {
    pub pos: Pos,
    pub path: String,
    pub entries: &'n [Entry],
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n YNode> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
            .filter(|v| !v.is_null())
    }

    pub fn path(&self, key: &str) -> String {
        child(&self.path, key)
    }
}

/// `what` names the map for messages ("a problem"). `None` (reported) when not a map.
pub fn fields<'n>(
    cx: &mut Reader,
    node: &'n YNode,
    path: &str,
    what: &str,
    allowed: &[&str],
) -> Option<Fields<'n>> {
    let YKind::Map(entries) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!("expected {what} (a map), found {}", node.describe()),
        );
        return None;
    };
    for e in entries {
        let kp = child(path, &e.key);
        cx.mark(&kp, e.value.pos);
        if !allowed.contains(&e.key.as_str()) {
            let d = cx.error(e.key_pos, &kp, format!("unknown key `{}` in {what}", e.key));
            match closest(&e.key, allowed) {
                Some(c) => set_hint(d, format!("did you mean `{c}`?")),
                None if allowed.contains(&"extra") => set_hint(
                    d,
                    format!(
                        "allowed keys: {}; put custom data under `extra`",
                        allowed.join(", ")
                    ),
                ),
                None => set_hint(d, format!("allowed keys: {}", allowed.join(", "))),
            }
        }
    }
    Some(Fields {
        pos: node.pos,
        path: path.to_string(),
        entries,
    })
}

pub fn required<'n>(cx: &mut Reader, f: &Fields<'n>, key: &str, what: &str) -> Option<&'n YNode> {
    let v = f.get(key);
    if v.is_none() {
        match f.entries.iter().find(|e| e.key == key) {
            // Written but left empty (`title:`): point at the key.
            Some(e) => cx.error(e.key_pos, &f.path(key), format!("`{key}` has no value")),
            None => cx.error(f.pos, &f.path(key), format!("missing `{key}` in {what}")),
        };
    }
    v
}

/// Any scalar as text (spec: "Text fields take any scalar as text"), trimmed.
pub fn text(cx: &mut Reader, node: &YNode, path: &str) -> Option<String> {
    match &node.kind {
        YKind::Scalar(s) => Some(s.text.trim().to_string()),
        _ => {
            cx.error(
                node.pos,
                path,
                format!("expected text, found {}", node.describe()),
            );
            None
        }
    }
}

pub fn opt_text(cx: &mut Reader, f: &Fields, key: &str) -> Option<String> {
    let v = f.get(key)?;
    text(cx, v, &f.path(key))
}

pub fn req_text(cx: &mut Reader, f: &Fields, key: &str, what: &str) -> Option<String> {
    let v = required(cx, f, key, what)?;
    let t = text(cx, v, &f.path(key))?;
    if t.is_empty() {
        cx.error(v.pos, &f.path(key), format!("`{key}` is empty"));
        return None;
    }
    Some(t)
}

/// A text or a list of texts (a lone text is a one-item list).
pub fn text_list(cx: &mut Reader, f: &Fields, key: &str) -> Vec<String> {
    let Some(v) = f.get(key) else {
        return Vec::new();
    };
    let path = f.path(key);
    match &v.kind {
        YKind::Scalar(_) => text(cx, v, &path).into_iter().collect(),
        YKind::Seq(items) => {
            let mut out = Vec::new();
            for (i, it) in items.iter().enumerate() {
                let p = index(&path, i);
                cx.mark(&p, it.pos);
                if it.is_null() {
                    cx.error(it.pos, &p, "expected text, found nothing");
                } else if let Some(t) = text(cx, it, &p) {
                    out.push(t);
                }
            }
            out
        }
        YKind::Map(_) => {
            cx.error(
                v.pos,
                &path,
                "expected a text or a list of texts, found a map",
            );
            Vec::new()
        }
    }
}
