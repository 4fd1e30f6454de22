use super::catalogue::{self, Piece};
use super::scan::{self, Message};
use super::*;
use std::collections::BTreeSet;
use std::path::Path;

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Messages whose text is made elsewhere (and scanned there), or is the system's own.
const PASSED_ON: &[(&str, &str)] = &[
    // The constructors and the Reader's sinks themselves.
    ("diag.rs", "message.into()"),
    ("diag.rs", "message"),
    ("source/reader.rs", "msg"),
    ("template/markup/mod.rs", "message.into()"),
    ("cli/render.rs", "msg"),
    ("cli/mod.rs", "format!($($t)*)"),
    ("cli/plan_cmds.rs", "format!($($t)*)"),
    ("cli/render.rs", "h"),
    ("diag.rs", "hint.into()"),
    ("source/reader.rs", "hint.into()"),
    ("style.rs", "e.hint"),
    ("template/mod.rs", "h"),
    // `message:` fields of the YAML, style and markup errors, scanned where they are set.
    ("style.rs", "e.message"),
    ("plan/mod.rs", "e.message"),
    ("plan/mod.rs", "e.hint"),
    // I/O errors: the system's text, and `OutputError` ("cannot {} {}: {}", a fragment).
    ("cli/check.rs", "e.to_string()"),
    ("cli/render.rs", "e.to_string()"),
    ("cli/render.rs", "e.error.to_string()"),
    ("cli/batch/mod.rs", "e.to_string()"),
    ("cli/batch/write.rs", "e.error.to_string()"),
];

/// Every message pattern of the sources, and every count pattern (`{} plans`).
fn patterns() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut out = BTreeSet::new();
    let mut counts = BTreeSet::new();
    let mut unknown = vec![];
    for f in scan::all(&src()) {
        match f.what {
            Message::Pattern(p) if scan::has_english(&p) => {
                out.insert(p);
            }
            Message::Pattern(_) => {}
            Message::Count(p) => {
                counts.insert(p);
            }
            Message::PassedOn(e) => {
                let file = f.file.to_string_lossy().replace('\\', "/");
                if !PASSED_ON.iter().any(|(p, x)| file.ends_with(p) && e == *x) {
                    unknown.push(format!("{}:{}: {e}", f.file.display(), f.line));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "messages made from an expression the catalogue test cannot read; write the text as a \
         literal (or format!) where the message is raised, or list it in PASSED_ON:\n{}",
        unknown.join("\n")
    );
    (out, counts)
}

#[test]
fn every_message_has_a_chinese_form() {
    let cat = catalogue::get();
    let have = |kind| -> BTreeSet<&str> {
        cat.entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.en.as_str())
            .collect()
    };
    let (messages, counts) = patterns();
    let (have_m, have_c) = (have(catalogue::Kind::Message), have(catalogue::Kind::Count));
    let missing: Vec<String> = messages
        .iter()
        .filter(|p| !have_m.contains(p.as_str()))
        .map(|p| format!("en: {p}\nzh: "))
        .chain(
            counts
                .iter()
                .filter(|p| !have_c.contains(p.as_str()))
                .map(|p| format!("count: {p}\nzh: ")),
        )
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages have no Chinese form; add to src/i18n/catalogue.txt:\n\n{}",
        missing.len(),
        missing.join("\n\n")
    );
}

#[test]
fn every_catalogue_entry_is_still_used() {
    let (messages, counts) = patterns();
    let literals: BTreeSet<String> = scan::literals(&src())
        .iter()
        .map(|l| scan::format_pattern(l))
        .chain(
            scan::literals(&src())
                .iter()
                .map(|l| l.replace('{', "{{").replace('}', "}}")),
        )
        .collect();
    let stale: Vec<String> = catalogue::get()
        .entries
        .iter()
        .filter(|e| !match e.kind {
            catalogue::Kind::Fragment => literals.contains(&e.en),
            catalogue::Kind::Count => counts.contains(&e.en),
            catalogue::Kind::Message => messages.contains(&e.en),
        })
        .map(|e| format!("line {}: {}", e.line, e.en))
        .collect();
    assert!(
        stale.is_empty(),
        "stale catalogue entries:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_cli_prints_english_only_through_the_catalogue() {
    // A plain println!/eprintln! with English in the CLI would stay English in Chinese.
    let mut bad = vec![];
    let mut stack = vec![src().join("cli")];
    while let Some(d) = stack.pop() {
        for p in std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()) {
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            for (i, line) in text.lines().enumerate() {
                let l = line.trim_start();
                let raw = ["println!(", "eprintln!(", "print!(", "eprint!("]
                    .iter()
                    .any(|m| l.starts_with(m));
                // The format string is on this line or the next.
                let fmt_line = if l.ends_with('(') {
                    text.lines().nth(i + 1).unwrap_or("")
                } else {
                    l
                };
                let fmt = fmt_line.split('"').nth(1).unwrap_or("");
                if raw && scan::has_english(&scan::format_pattern(fmt)) {
                    bad.push(format!("{}:{}: {l}", p.display(), i + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "use println_tr!/eprintln_tr!:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_catalogue_parses_and_has_no_adjacent_holes() {
    for e in &catalogue::get().entries {
        // Two values in a row cannot be told apart: the first is matched empty, so the Chinese
        // must put them back together, in order.
        assert!(
            !e.pieces.windows(2).any(|w| w == [Piece::Hole, Piece::Hole]) || e.zh.contains("{}{}"),
            "line {}: two placeholders in a row must stay together in the Chinese: {}",
            e.line,
            e.en
        );
    }
}

#[test]
fn the_environment_chooses_the_language_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_env(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(Lang::from_env(env(&[("LANG", "C")])), Lang::En);
    assert_eq!(Lang::from_env(env(&[])), Lang::En);
    assert_eq!(
        Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::from_env(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "zh_TW"),
            ("LANG", "C")
        ])),
        Lang::Zh
    );
    assert_eq!(
        Lang::from_env(env(&[("LC_MESSAGES", "en_US"), ("LANG", "zh_CN")])),
        Lang::En
    );
}

#[test]
fn values_are_put_back_and_fragments_translated() {
    let cat = catalogue::parse(
        "en: unknown status `{}`; expected {}\nzh: 状态“{}”无法识别；应为{}\n\
         en: cannot read {}: {}\nzh: 无法读取 {}：{}\n\
         en: cannot read the folder {}: {}\nzh: 无法读取文件夹 {}：{}\n\
         en: the {} role\nzh: {~}字体\nfrag: body\nzh: 正文\n\
         en: {} of {}\nzh: {1}的{0}\n",
    )
    .unwrap();
    assert_eq!(
        cat.zh("unknown status `x`; expected a").unwrap(),
        "状态“x”无法识别；应为a"
    );
    // The most specific pattern wins.
    assert_eq!(
        cat.zh("cannot read the folder a: b").unwrap(),
        "无法读取文件夹 a：b"
    );
    assert_eq!(cat.zh("cannot read a: b").unwrap(), "无法读取 a：b");
    assert_eq!(cat.zh("the body role").unwrap(), "正文字体");
    assert_eq!(cat.zh("the x role").unwrap(), "x字体");
    assert_eq!(cat.zh("a of b").unwrap(), "b的a");
    assert_eq!(cat.zh("nothing like it"), None);
    // Fragments and counts translate values only, and a count's value is a number.
    assert_eq!(cat.zh("body"), None);
    let cat =
        catalogue::parse("count: {} errors\nzh: {} 个错误\nen: found {}\nzh: 发现{~}\n").unwrap();
    assert_eq!(cat.zh("found 3 errors").unwrap(), "发现3 个错误");
    assert_eq!(
        cat.zh("found Input/output errors").unwrap(),
        "发现Input/output errors"
    );
    assert_eq!(cat.zh("3 errors"), None);
    assert!(catalogue::parse("en: a {}\nzh: {1}\n").is_err());
    assert!(catalogue::parse("en: a\n").is_err());
}

#[test]
fn the_scanner_reads_literals_formats_variables_and_sinks() {
    let src = r##"
fn f(cx: &mut Reader, e: E) {
    let msg = format!("character {ch} (U+{:04X}) is in no font", 1);
    Diagnostic::error(msg).hint("install \
                                 a font");
    cx.error(pos, &path, format!("unknown `{{{k}}}` in {what}"));
    set_hint(d, r#"say "hi""#);
    let d = Diagnostic::warning(e.message); // a comment with Diagnostic::error("x")
    let c = 'x';
    eprintln_tr!("kept {} (it exists)", p);
    count_of(n, "plan", "plans");
}
"##;
    let got: Vec<Message> = scan::messages(Path::new("x.rs"), src)
        .into_iter()
        .map(|f| f.what)
        .collect();
    let p = |s: &str| Message::Pattern(s.to_string());
    assert_eq!(
        got,
        vec![
            p("character {} (U+{}) is in no font"),
            p("install a font"),
            p("unknown `{{{}}}` in {}"),
            p("say \"hi\""),
            Message::PassedOn("e.message".into()),
            p("kept {} (it exists)"),
            Message::Count("{} plan".into()),
            Message::Count("{} plans".into()),
        ]
    );
}
