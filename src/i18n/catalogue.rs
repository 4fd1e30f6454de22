//! The message catalogue: English patterns and their Chinese forms, read from
//! `catalogue.txt` (compiled in), and the matching of a printed message to its pattern.
//!
//! An entry is two lines:
//! ```text
//! en: unknown status `{}`; expected 已完成, 基本完成, 推进中 or 未启动
//! zh: 状态“{}”无法识别；应为已完成、基本完成、推进中或未启动
//! ```
//! In `en:` a `{}` stands for any text (as in `format!`; `{{` and `}}` are braces). In
//! `zh:` `{}` puts the next value back as it was, `{2}` the third; `{~}` and `{~2}` put it
//! back translated (for English fragments such as a role name). `frag:` instead of `en:`
//! marks a fragment: a word that is not a message by itself but a value inside one (it must
//! still occur as a string literal in the sources); `count:` a count with its noun
//! (`{} plans`, from `count_of`), whose value must be a number. Fragments and counts are only
//! used for `{~}` values, never for a whole message: `{} errors` must not turn an operating
//! system's "Input/output error" into Chinese nonsense.

use std::sync::OnceLock;

pub const TEXT: &str = include_str!("catalogue.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    Hole,
}

#[derive(Debug)]
pub struct Entry {
    /// The English pattern as written (placeholders `{}`).
    pub en: String,
    pub pieces: Vec<Piece>,
    pub zh: String,
    pub kind: Kind,
    /// Line of the `en:` in the file, for the tests' messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub line: usize,
    /// Characters outside placeholders: the most specific pattern wins.
    weight: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole message (`en:`).
    Message,
    /// A word inside a message (`frag:`).
    Fragment,
    /// A number and its noun (`count:`).
    Count,
}

pub struct Catalogue {
    pub entries: Vec<Entry>,
}

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

pub fn get() -> &'static Catalogue {
    CATALOGUE.get_or_init(|| parse(TEXT).unwrap_or_else(|e| panic!("catalogue.txt: {e}")))
}

/// The pieces of an English pattern: literal text and placeholders.
pub fn pieces(pattern: &str) -> Result<Vec<Piece>, String> {
    let mut out = vec![];
    let mut lit = String::new();
    let mut it = pattern.chars().peekable();
    while let Some(c) = it.next() {
        match (c, it.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                it.next();
                lit.push(c);
            }
            ('{', Some('}')) => {
                it.next();
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                out.push(Piece::Hole);
            }
            ('{', _) | ('}', _) => {
                return Err(format!("lone `{c}` in `{pattern}` (write `{c}{c}`)"));
            }
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    Ok(out)
}

pub fn parse(text: &str) -> Result<Catalogue, String> {
    let mut entries: Vec<Entry> = vec![];
    let mut pending: Option<(String, Kind, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (tag, rest) = line
            .split_once(": ")
            .ok_or_else(|| format!("line {n}: expected `en: `, `frag: `, `count: ` or `zh: `"))?;
        match (tag, pending.take()) {
            ("en", None) => pending = Some((rest.to_string(), Kind::Message, n)),
            ("frag", None) => pending = Some((rest.to_string(), Kind::Fragment, n)),
            ("count", None) => pending = Some((rest.to_string(), Kind::Count, n)),
            ("zh", Some((en, kind, line))) => {
                let pieces = pieces(&en).map_err(|e| format!("line {line}: {e}"))?;
                let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
                check_zh(rest, holes).map_err(|e| format!("line {n}: {e}"))?;
                if entries.iter().any(|e| e.en == en) {
                    return Err(format!("line {line}: `{en}` is in the catalogue twice"));
                }
                let weight = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Lit(l) => l.chars().count(),
                        Piece::Hole => 0,
                    })
                    .sum();
                entries.push(Entry {
                    en,
                    pieces,
                    zh: rest.to_string(),
                    kind,
                    line,
                    weight,
                });
            }
            (t, _) => {
                return Err(format!(
                    "line {n}: unexpected `{t}: ` (entries are an `en:` line then a `zh:` line)"
                ));
            }
        }
    }
    if let Some((en, _, line)) = pending {
        return Err(format!("line {line}: `{en}` has no `zh:` line"));
    }
    Ok(Catalogue { entries })
}

/// The Chinese form's placeholders must name values the English has.
fn check_zh(zh: &str, holes: usize) -> Result<(), String> {
    let mut next = 0;
    for part in Template::parse(zh)? {
        if let Part::Value { index, .. } = part {
            let k = index.unwrap_or(next);
            next = k + 1;
            if k >= holes {
                return Err(format!("`{zh}` uses value {k}; the English has {holes}"));
            }
        }
    }
    Ok(())
}

enum Part<'a> {
    Text(&'a str),
    Brace(char),
    Value {
        index: Option<usize>,
        translated: bool,
    },
}

struct Template;

impl Template {
    fn parse(zh: &str) -> Result<Vec<Part<'_>>, String> {
        let mut out = vec![];
        let mut rest = zh;
        while let Some(i) = rest.find(['{', '}']) {
            out.push(Part::Text(&rest[..i]));
            let c = rest.as_bytes()[i] as char;
            if rest[i + 1..].starts_with(c) {
                out.push(Part::Brace(c));
                rest = &rest[i + 2..];
                continue;
            }
            let end = rest[i..]
                .find('}')
                .filter(|_| c == '{')
                .ok_or_else(|| format!("lone `{c}` in `{zh}`"))?;
            let inner = &rest[i + 1..i + end];
            let (translated, num) = match inner.strip_prefix('~') {
                Some(n) => (true, n),
                None => (false, inner),
            };
            let index = if num.is_empty() {
                None
            } else {
                Some(
                    num.parse::<usize>()
                        .map_err(|_| format!("bad placeholder `{{{inner}}}` in `{zh}`"))?,
                )
            };
            out.push(Part::Value { index, translated });
            rest = &rest[i + end + 1..];
        }
        out.push(Part::Text(rest));
        Ok(out)
    }
}

impl Catalogue {
    /// The Chinese of `text`, when an entry's pattern matches it (the most specific one).
    pub fn zh(&self, text: &str) -> Option<String> {
        self.lookup(text, false)
    }

    /// `nested`: `text` is a value inside a message, so fragments and counts may match it.
    fn lookup(&self, text: &str, nested: bool) -> Option<String> {
        let (entry, values) = self
            .entries
            .iter()
            .filter(|e| nested || e.kind == Kind::Message)
            .filter_map(|e| Some((e, capture(&e.pieces, text)?)))
            .filter(|(e, v)| {
                e.kind != Kind::Count || v.iter().all(|n| n.bytes().all(|b| b.is_ascii_digit()))
            })
            .max_by_key(|(e, _)| e.weight)?;
        let mut out = String::new();
        let mut next = 0;
        for part in Template::parse(&entry.zh).ok()? {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Brace(c) => out.push(c),
                Part::Value { index, translated } => {
                    let k = index.unwrap_or(next);
                    next = k + 1;
                    let v = values.get(k).copied().unwrap_or("");
                    match translated.then(|| self.lookup(v, true)).flatten() {
                        Some(t) => out.push_str(&t),
                        None => out.push_str(v),
                    }
                }
            }
        }
        Some(out)
    }
}

/// The values of the placeholders when `text` matches `pieces`; each placeholder takes the
/// shortest text that lets the rest match.
pub fn capture<'t>(pieces: &[Piece], text: &'t str) -> Option<Vec<&'t str>> {
    let mut values = vec![];
    go(pieces, text, &mut values).then_some(values)
}

fn go<'t>(pieces: &[Piece], text: &'t str, values: &mut Vec<&'t str>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Lit(l), rest)) => text
            .strip_prefix(l.as_str())
            .is_some_and(|t| go(rest, t, values)),
        Some((Piece::Hole, rest)) => {
            let Some(Piece::Lit(next)) = rest.first() else {
                // Last placeholder takes everything; two in a row: the first is empty.
                values.push(if rest.is_empty() { text } else { "" });
                if rest.is_empty() {
                    return true;
                }
                if go(rest, text, values) {
                    return true;
                }
                values.pop();
                return false;
            };
            for (i, _) in text.match_indices(next.as_str()) {
                values.push(&text[..i]);
                if go(rest, &text[i..], values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}
