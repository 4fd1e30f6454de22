//! `rectdoc check` through the real binary: each kind of finding in its own test with its
//! location (template syntax, unknown variable, markup, plan error, missing glyph, golden
//! mismatch), the exit codes and the output formats.

use crate::util::{Dir, example_plan, rectdoc, root, s, stderr, stdout};

/// A templates folder holding one `notice.hbs`.
fn notice_template(text: &str) -> Dir {
    let d = Dir::new();
    d.write("notice.hbs", text);
    d
}

/// `check --format short` with a notice template; returns the output.
fn check_template(text: &str) -> (Dir, std::process::Output) {
    let t = notice_template(text);
    let plan = example_plan();
    let o = rectdoc(&[
        "check",
        "--templates",
        s(t.path()),
        "--format",
        "short",
        s(&plan),
    ]);
    (t, o)
}

#[test]
fn the_built_in_templates_and_example_pass() {
    let o = rectdoc(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("check: 1 plan, 3 documents: 0 errors"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn template_syntax_error_is_located() {
    let (t, o) = check_template("<document>\n<p>{{#if unit.name}}x</p>\n</document>\n");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let file = t.path().join("notice.hbs");
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.contains("template syntax"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.starts_with(&format!("{}:", file.display())), "{line}");
    // The plan is still validated and reported fine (no plan finding).
    assert!(err.contains("check: 1 plan, 0 documents"), "{err}");
}

#[test]
fn unknown_variable_and_bad_markup_are_located() {
    for (template, want) in [
        (
            "<document>\n<p>{{unit.nmae}}</p>\n</document>\n",
            "2:4: error: unknown variable `unit.nmae`",
        ),
        (
            "<document>\n<p>{{unit.name}}</p>\n  <p>x</b>\n</document>\n",
            "3:7: error: the markup is not well-formed XML",
        ),
    ] {
        let (t, o) = check_template(template);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let want = format!("{}:{want}", t.path().join("notice.hbs").display());
        assert!(stderr(&o).contains(&want), "{}", stderr(&o));
    }
}

#[test]
fn plan_error_is_located() {
    let plan = root().join("tests/broken/status-unknown.yaml");
    let o = rectdoc(&["check", "--format", "short", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{}:12:13: error: unknown status", plan.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_glyph_is_located_in_the_plan() {
    // U+13000 (an Egyptian hieroglyph) is in none of the installed CJK fonts.
    let text = std::fs::read_to_string(example_plan()).expect("example");
    let text = text.replacen(
        "    - text: 按照区委统一部署",
        "    - text: 𓀀按照区委统一部署",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.contains('𓀀'))
        .expect("inserted")
        + 1;
    let d = Dir::new();
    let plan = d.path().join("glyph.yaml");
    std::fs::write(&plan, text).expect("write");
    let o = rectdoc(&["check", "--format", "short", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let f = err
        .lines()
        .find(|l| l.contains("U+13000"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        f.starts_with(&format!("{}:{line}:", plan.display())),
        "{f} (line {line})"
    );
    assert!(f.contains("is in no installed font"), "{f}");
}

#[test]
fn golden_mismatch_is_located_with_a_readable_diff() {
    let g = Dir::new();
    let golden = g.path().join("golden");
    let plan = example_plan();
    let check = |more: &[&str]| {
        let mut args = vec!["check", s(&plan), "--doc", "notice", "--golden", s(&golden)];
        args.extend_from_slice(more);
        rectdoc(&args)
    };
    // Written, then compared clean.
    let o = check(&["--update-golden"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 golden snapshots written"),
        "{}",
        stderr(&o)
    );
    let model = golden.join("huiji-2024.notice.model.txt");
    let lines = golden.join("huiji-2024.notice.lines.txt");
    assert!(
        std::fs::read_to_string(&lines)
            .expect("lines")
            .starts_with("page 1 ")
    );
    let o = check(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // One changed line in the snapshot: found at that line, with the diff.
    let text = std::fs::read_to_string(&model).expect("model");
    let mut ls: Vec<&str> = text.lines().collect();
    let old = ls[4].to_string();
    ls[4] = "p justify indent=2 | 改过的一行";
    std::fs::write(&model, ls.join("\n") + "\n").expect("write");
    let o = check(&["--format", "short"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:5:1: error: golden mismatch", model.display())),
        "{err}"
    );
    assert!(err.contains("-p justify indent=2 | 改过的一行"), "{err}");
    assert!(err.contains(&format!("+{old}")), "{err}");
    assert!(err.contains("@@ -2,7 +2,7 @@"), "{err}");
}

#[test]
fn exit_codes_follow_the_readme() {
    // 2: a plan that cannot be read; a usage error.
    let o = rectdoc(&["check", "no/such/plan.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = rectdoc(&["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = rectdoc(&["check", "--doc", "notcie"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // 0 with warnings only.
    let text = std::fs::read_to_string(root().join("tests/broken/warn-phrase.yaml")).expect("read");
    let d = Dir::new();
    let plan = d.path().join("warn.yaml");
    std::fs::write(
        &plan,
        text + "documents:\n  notice:\n    date: 2024-09-26\n",
    )
    .expect("write");
    let o = rectdoc(&["check", "--format", "short", s(&plan)]);
    assert!(stderr(&o).contains("warning:"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn github_format_prints_workflow_annotations() {
    let plan = root().join("tests/broken/many-errors.yaml");
    let o = rectdoc(&["check", "--format", "github", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 1, "{out}");
    for l in lines {
        let rest = l
            .strip_prefix(&format!("::error file={},line=", plan.display()))
            .unwrap_or_else(|| panic!("{l}"));
        let (line, rest) = rest.split_once(",col=").expect("col");
        let (col, rest) = rest.split_once(",title=rectdoc::").expect("message");
        assert!(
            line.parse::<usize>().is_ok() && col.parse::<usize>().is_ok(),
            "{l}"
        );
        assert!(!rest.is_empty(), "{l}");
    }
}

#[test]
fn json_format_lists_findings_with_their_check() {
    let plan = root().join("tests/broken/status-unknown.yaml");
    let o = rectdoc(&["check", "--format", "json", s(&plan)]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["errors"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["check"], "plan");
    assert_eq!(f["location"]["line"], 12);
    assert_eq!(f["key_path"], "problems[0].status");
}

#[test]
fn check_honours_the_global_diagnostic_format() {
    let plan = root().join("tests/broken/status-unknown.yaml");
    let o = rectdoc(&["--diagnostic-format", "short", "check", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let first = stderr(&o).lines().next().unwrap_or("").to_string();
    assert!(
        first.starts_with(&format!("{}:", plan.display())) && first.contains(": error: "),
        "{}",
        stderr(&o)
    );
    // --format still chooses for check alone.
    let o = rectdoc(&[
        "--diagnostic-format",
        "short",
        "check",
        "--format",
        "json",
        s(&plan),
    ]);
    assert!(stdout(&o).trim_start().starts_with('{'), "{}", stdout(&o));
}
