//! Finds every message the sources can print: a small Rust lexer and the places a message
//! is given (the "sinks"). Used by the catalogue tests only.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Ident(String),
    Punct(char),
    /// Numbers, lifetimes, char literals: nothing a message is made of.
    Other,
}

/// A message found in the sources: its pattern (`{}` for each value) or, when the text is
/// computed elsewhere, the expression that passes it on.
#[derive(Debug, Clone)]
pub struct Found {
    pub file: PathBuf,
    pub line: usize,
    pub what: Message,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Pattern(String),
    /// A count's pattern (`{} plans`, from `count_of`).
    Count(String),
    /// Not a literal: the expression's text (`e.message`, `msg`).
    PassedOn(String),
}

fn lex(src: &str) -> Vec<(Tok, usize)> {
    let s: Vec<char> = src.chars().collect();
    let mut out = vec![];
    let (mut i, mut line) = (0, 1);
    while i < s.len() {
        let c = s[i];
        let start = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && s.get(i + 1) == Some(&'/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && s.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < s.len() && !(s[i] == '*' && s[i + 1] == '/') {
                line += usize::from(s[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(s.get(i + 1), Some('"' | '#')) && raw_start(&s, i + 1) {
            let mut j = i + 1;
            let mut hashes = 0;
            while s[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            let mut text = String::new();
            loop {
                if j >= s.len() {
                    break;
                }
                if s[j] == '"' && (0..hashes).all(|k| s.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                line += usize::from(s[j] == '\n');
                text.push(s[j]);
                j += 1;
            }
            out.push((Tok::Str(text), start));
            i = j;
        } else if c == '"' || (c == 'b' && s.get(i + 1) == Some(&'"')) {
            let byte = c == 'b';
            let mut j = i + 1 + usize::from(byte);
            let mut text = String::new();
            while j < s.len() && s[j] != '"' {
                if s[j] == '\\' {
                    j += 1;
                    match s.get(j) {
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some('0') => text.push('\0'),
                        Some('\n') => {
                            line += 1;
                            while j + 1 < s.len() && s[j + 1].is_whitespace() {
                                line += usize::from(s[j + 1] == '\n');
                                j += 1;
                            }
                        }
                        Some('u') => {
                            let end = (j..s.len()).find(|&k| s[k] == '}').unwrap_or(j);
                            let hex: String = s[j + 2..end].iter().collect();
                            text.extend(
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                            );
                            j = end;
                        }
                        Some(&o) => text.push(o),
                        None => {}
                    }
                } else {
                    line += usize::from(s[j] == '\n');
                    text.push(s[j]);
                }
                j += 1;
            }
            out.push((if byte { Tok::Other } else { Tok::Str(text) }, start));
            i = j + 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if s.get(i + 1) == Some(&'\\') {
                let end = (i + 2..s.len()).find(|&k| s[k] == '\'').unwrap_or(i + 2);
                i = end + 1;
            } else if s.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                    i += 1;
                }
            }
            out.push((Tok::Other, start));
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < s.len() && (s[j].is_alphanumeric() || s[j] == '_') {
                j += 1;
            }
            out.push((Tok::Ident(s[i..j].iter().collect()), start));
            i = j;
        } else if c.is_ascii_digit() {
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_' || s[i] == '.') {
                if s[i] == '.' && !s.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
            out.push((Tok::Other, start));
        } else {
            out.push((Tok::Punct(c), start));
            i += 1;
        }
    }
    out
}

fn raw_start(s: &[char], mut j: usize) -> bool {
    while s.get(j) == Some(&'#') {
        j += 1;
    }
    s.get(j) == Some(&'"')
}

/// The arguments of a call whose `(` is at `open`: token ranges, and the index after `)`.
fn args(toks: &[(Tok, usize)], open: usize) -> (Vec<std::ops::Range<usize>>, usize) {
    let mut depth = 0;
    let mut out = vec![];
    let mut start = open + 1;
    for (k, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    if start < k {
                        out.push(start..k);
                    }
                    return (out, k + 1);
                }
            }
            Tok::Punct(',') if depth == 1 => {
                out.push(start..k);
                start = k + 1;
            }
            _ => {}
        }
    }
    (out, toks.len())
}

/// A field initialiser `name: EXPR` (up to the `,` or closing brace at its depth).
fn field(toks: &[(Tok, usize)], colon: usize) -> std::ops::Range<usize> {
    let mut depth = 0i32;
    for (k, (t, _)) in toks.iter().enumerate().skip(colon + 1) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') if depth == 0 => return colon + 1..k,
            Tok::Punct(')' | ']' | '}') => depth -= 1,
            Tok::Punct(',' | ';') if depth == 0 => return colon + 1..k,
            _ => {}
        }
    }
    colon + 1..toks.len()
}

trait InCli {
    fn starts_with_cli(&self) -> bool;
}

impl InCli for Path {
    fn starts_with_cli(&self) -> bool {
        self.components().any(|c| c.as_os_str() == "cli")
    }
}

/// Escapes a plain literal into a pattern (`{` → `{{`).
fn literal_pattern(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// A `format!` string as a pattern: every `{…}` becomes `{}`.
pub fn format_pattern(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match (c, it.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                it.next();
                out.push(c);
                out.push(c);
            }
            ('{', _) => {
                for d in it.by_ref() {
                    if d == '}' {
                        break;
                    }
                }
                out.push_str("{}");
            }
            _ => out.push(c),
        }
    }
    out
}

/// What an argument expression gives as a message.
fn classify(toks: &[(Tok, usize)], r: std::ops::Range<usize>) -> Vec<Message> {
    let t: Vec<&Tok> = toks[r.clone()].iter().map(|(t, _)| t).collect();
    let text = || {
        t.iter()
            .map(|t| match t {
                Tok::Str(s) => format!("{s:?}"),
                Tok::Ident(s) => s.clone(),
                Tok::Punct(c) => c.to_string(),
                Tok::Other => "_".into(),
            })
            .collect::<String>()
    };
    if let [Tok::Punct('&'), ..] = t.as_slice() {
        return classify(toks, r.start + 1..r.end);
    }
    if let [.., Tok::Punct(',')] = t.as_slice() {
        return classify(toks, r.start..r.end - 1);
    }
    match t.as_slice() {
        [Tok::Ident(s), Tok::Punct('('), ..] if s == "Some" => {
            classify(toks, r.start + 2..r.end - 1)
        }
        // Raised by a nested constructor, which is scanned itself.
        [Tok::Ident(s), Tok::Punct(':'), ..] if s == "Diagnostic" => vec![],
        // A local variable or a function of this file: its literals.
        [Tok::Ident(v)] if v != "None" => {
            follow(toks, r.start, v, "let").unwrap_or_else(|| vec![Message::PassedOn(text())])
        }
        [Tok::Ident(f), Tok::Punct('('), .., Tok::Punct(')')] if f != "format" => {
            follow(toks, r.start, f, "fn").unwrap_or_else(|| vec![Message::PassedOn(text())])
        }
        [Tok::Str(s)] => vec![Message::Pattern(literal_pattern(s))],
        [
            Tok::Str(s),
            Tok::Punct('.'),
            Tok::Ident(m),
            Tok::Punct('('),
            Tok::Punct(')'),
        ] if matches!(m.as_str(), "into" | "to_string" | "to_owned") => {
            vec![Message::Pattern(literal_pattern(s))]
        }
        [
            Tok::Ident(f),
            Tok::Punct('!'),
            Tok::Punct('('),
            Tok::Str(s),
            ..,
        ] if f == "format" => {
            vec![Message::Pattern(format_pattern(s))]
        }
        [Tok::Ident(n), ..] if n == "None" && t.len() == 1 => vec![],
        [Tok::Ident(kw), ..] if kw == "if" || kw == "match" => collect(toks, r),
        _ => vec![Message::PassedOn(text())],
    }
}

/// The literals of `let NAME = …;` (the nearest before `at`) or of `fn NAME`'s body.
fn follow(toks: &[(Tok, usize)], at: usize, name: &str, kw: &str) -> Option<Vec<Message>> {
    let is = |k: usize, s: &str| matches!(toks.get(k), Some((Tok::Ident(x), _)) if x == s);
    let start = (0..toks.len())
        .rev()
        .find(|&k| is(k, kw) && is(k + 1, name) && (kw == "fn" || k < at))?;
    let mut depth = 0i32;
    let mut end = toks.len();
    for (k, (t, _)) in toks.iter().enumerate().skip(start) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']') => depth -= 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 && kw == "fn" {
                    end = k;
                    break;
                }
            }
            Tok::Punct(';') if depth == 0 && kw == "let" => {
                end = k;
                break;
            }
            _ => {}
        }
    }
    Some(collect(toks, start..end))
}

/// The literals of an expression (an `if`, a `match`, a function body): `format!` strings
/// as patterns, other literals as they are, but for arguments of `contains` and the like.
fn collect(toks: &[(Tok, usize)], r: std::ops::Range<usize>) -> Vec<Message> {
    let mut out = vec![];
    for k in r {
        let Some((Tok::Str(s), _)) = toks.get(k) else {
            continue;
        };
        let call = |m: usize| match (toks.get(k.wrapping_sub(m)), toks.get(k.wrapping_sub(m - 1))) {
            (Some((Tok::Ident(f), _)), Some((Tok::Punct(c), _))) => Some((f.as_str(), *c)),
            _ => None,
        };
        match (call(3), call(2)) {
            (Some(("format", '!')), _) => out.push(Message::Pattern(format_pattern(s))),
            (
                _,
                Some((
                    "contains" | "starts_with" | "ends_with" | "find" | "strip_prefix" | "get"
                    | "join" | "split",
                    '(',
                )),
            ) => {}
            _ => out.push(Message::Pattern(literal_pattern(s))),
        }
    }
    out
}

/// Every message of one source file (its test module left out).
pub fn messages(file: &Path, src: &str) -> Vec<Found> {
    let src = match src.find("#[cfg(test)]\nmod tests") {
        Some(i) => &src[..i],
        None => src,
    };
    let toks = lex(src);
    let mut out = vec![];
    let mut push = |line: usize, what: Vec<Message>| {
        for w in what {
            out.push(Found {
                file: file.to_path_buf(),
                line,
                what: w,
            });
        }
    };
    let id = |k: usize| match toks.get(k) {
        Some((Tok::Ident(s), _)) => s.as_str(),
        _ => "",
    };
    let p = |k: usize, c: char| matches!(toks.get(k), Some((Tok::Punct(x), _)) if *x == c);
    for k in 0..toks.len() {
        let line = toks[k].1;
        let name = id(k);
        // Diagnostic::error(MSG) and its kin.
        if name == "Diagnostic"
            && p(k + 1, ':')
            && p(k + 2, ':')
            && matches!(id(k + 3), "error" | "warning" | "io_error" | "usage")
            && p(k + 4, '(')
        {
            let (a, _) = args(&toks, k + 4);
            if let Some(r) = a.first() {
                push(line, classify(&toks, r.clone()));
            }
        }
        // Template helpers' errors, shown as the template error's message.
        if name == "RenderErrorReason" && p(k + 1, ':') && id(k + 3) == "Other" && p(k + 4, '(') {
            let (a, _) = args(&toks, k + 4);
            if let Some(r) = a.first() {
                push(line, classify(&toks, r.clone()));
            }
        }
        // .hint(MSG); reader.error(POS, KEY, MSG) and .warn(…).
        if k > 0 && p(k - 1, '.') && p(k + 1, '(') {
            let (a, _) = args(&toks, k + 1);
            match (name, a.len()) {
                ("hint", 1) => push(line, classify(&toks, a[0].clone())),
                ("error" | "warn", 3) => push(line, classify(&toks, a[2].clone())),
                _ => {}
            }
        }
        // set_hint(D, MSG), err(NODE, MSG), count(N, ONE, MANY).
        if (k == 0 || !(p(k - 1, '.') || id(k - 1) == "fn")) && p(k + 1, '(') {
            let (a, _) = args(&toks, k + 1);
            match (name, a.len()) {
                ("usage", 3) => {
                    push(line, classify(&toks, a[0].clone()));
                    push(line, classify(&toks, a[1].clone()));
                }
                ("tr", 1) => push(
                    line,
                    classify(&toks, a[0].clone())
                        .into_iter()
                        .map(|m| match m {
                            // `tr("error: {}")`: the printing layer's own pattern.
                            Message::Pattern(s) => Message::Pattern(s.replace("{{}}", "{}")),
                            o => o,
                        })
                        .collect(),
                ),
                ("set_hint" | "err", 2) => push(line, classify(&toks, a[1].clone())),
                ("count_of", 3) => {
                    for r in &a[1..] {
                        let m = classify(&toks, r.clone())
                            .into_iter()
                            .map(|m| match m {
                                Message::Pattern(s) => Message::Count(format!("{{}} {s}")),
                                o => o,
                            })
                            .collect();
                        push(line, m);
                    }
                }
                _ => {}
            }
        }
        // message: MSG, hint: MSG (struct fields; not paths `a::b`, not type ascriptions).
        if matches!(name, "message" | "hint") && p(k + 1, ':') && !p(k + 2, ':') && !p(k - 1, ':') {
            let r = field(&toks, k + 1);
            let is_type = matches!(toks.get(r.start), Some((Tok::Ident(t), _)) if matches!(t.as_str(), "String" | "Option" | "impl"))
                || p(r.start, '&');
            if !(is_type || k > 0 && p(k - 1, '.')) {
                push(line, classify(&toks, r));
            }
        }
        // `writeln!(out, "…")` of the CLI's reports (printed through `tr_lines`).
        if name == "writeln" && p(k + 1, '!') && p(k + 2, '(') && file.starts_with_cli() {
            let (a, _) = args(&toks, k + 2);
            if let Some([(Tok::Str(s), _)]) = a.get(1).map(|r| &toks[r.clone()]) {
                push(line, vec![Message::Pattern(format_pattern(s))]);
            }
        }
        // `d.hint = MSG;` (not `==`).
        if matches!(name, "message" | "hint") && p(k + 1, '=') && !p(k + 2, '=') {
            push(line, classify(&toks, field(&toks, k + 1)));
        }
        // The printing layer's macros.
        if matches!(name, "eprintln_tr" | "println_tr" | "out" | "tr_line")
            && p(k + 1, '!')
            && p(k + 2, '(')
        {
            let (a, _) = args(&toks, k + 2);
            if let Some([(Tok::Str(s), _)]) = a.first().map(|r| &toks[r.clone()]) {
                push(line, vec![Message::Pattern(format_pattern(s))]);
            }
        }
    }
    out
}

/// Every message of every source file under `dir`, but for tests and this module.
pub fn all(dir: &Path) -> Vec<Found> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if name != "i18n" {
                    stack.push(p);
                }
            } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
                let src = std::fs::read_to_string(&p).unwrap_or_default();
                out.extend(messages(&p, &src));
            }
        }
    }
    out
}

/// A pattern worth translating: it has some English (a pattern of values and punctuation,
/// or one already in Chinese, stays as it is).
pub fn has_english(pattern: &str) -> bool {
    let mut plain = pattern.to_string();
    plain = plain.replace("{}", " ");
    plain.chars().any(|c| c.is_ascii_alphabetic())
}

/// Every string literal in the sources (for fragments).
pub fn literals(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&p).unwrap_or_default();
                out.extend(lex(&src).into_iter().filter_map(|(t, _)| match t {
                    Tok::Str(s) => Some(s),
                    _ => None,
                }));
            }
        }
    }
    out
}
