//! `validate`, `stats`, `schema` on the real binary: the example, exit codes, and every
//! broken plan of tests/broken/ with its exact findings.

use crate::util::{example_plan, rectdoc, root};
use std::process::{Command, Output};

/// Runs rectdoc from the repository root, so paths in diagnostics are `tests/broken/…`.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run rectdoc")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Validates `path` with `--diagnostic-format short`; returns (exit code, stderr lines).
fn short(path: &str) -> (i32, Vec<String>) {
    let o = run(&["validate", "--diagnostic-format", "short", path]);
    let lines = stderr(&o).lines().map(str::to_string).collect();
    (o.status.code().unwrap_or(-1), lines)
}

#[test]
fn example_validates() {
    let o = rectdoc(&["validate", example_plan().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("huiji-2024.yaml: ok (60 problems, 157 measures)\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn example_stats_json_match_the_published_notice() {
    let o = run(&["stats", "inputs/huiji-2024.yaml", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["as_of"], "2024-09-26");
    assert_eq!(v["problems"], 60);
    assert_eq!(v["measures"], 157);
    assert_eq!(v["done"], 60);
    assert_eq!(v["ongoing"], 2);
    assert_eq!(v["mostly_done"], 0);
    assert_eq!(v["in_progress"], 0);
    assert_eq!(v["not_started"], 0);
    assert_eq!(v["done_share"], 1.0);
    assert_eq!(v["rule_count"], 10);
    assert_eq!(v["rules"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["rules"][0], "局合同管理制度");
    assert_eq!(v["recovered"], 13200.0);
    assert_eq!(v["overdue"], 0);
    assert_eq!(v["departments"][0]["name"], "综合科");
}

#[test]
fn example_stats_table() {
    let o = run(&["stats", "inputs/huiji-2024.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("problems         60\n"), "{out}");
    assert!(out.contains("已完成           60 (2 长期坚持)\n"), "{out}");
    assert!(out.contains("rules            10\n"), "{out}");
    assert!(out.contains("recovered        13200 yuan\n"), "{out}");
    assert!(out.contains("超期 (overdue)   0\n"), "{out}");
}

#[test]
fn exit_codes() {
    // 2: unreadable file (I/O), and bad usage.
    let o = run(&["validate", "tests/broken/no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: cannot read tests/broken/no-such-file.yaml: "),
        "{}",
        stderr(&o)
    );
    assert_eq!(run(&["validate"]).status.code(), Some(2));
    assert_eq!(
        run(&["stats", "tests/broken/no-such-file.yaml"])
            .status
            .code(),
        Some(2)
    );
    // 1: invalid; I/O outranks it when several files are given.
    assert_eq!(
        run(&["validate", "tests/broken/format-2.yaml"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["stats", "tests/broken/format-2.yaml"]).status.code(),
        Some(1)
    );
    let o = run(&[
        "validate",
        "tests/broken/format-2.yaml",
        "tests/broken/no-such-file.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // 0: valid, warnings do not fail.
    let o = run(&[
        "validate",
        "inputs/huiji-2024.yaml",
        "tests/broken/warn-phrase.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn human_format_quotes_the_line_with_a_caret() {
    let o = run(&["validate", "tests/broken/status-unknown.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: unknown status `finished`; expected 已完成, 基本完成, 推进中 or 未启动
  --> tests/broken/status-unknown.yaml:12:13
   |
12 |     status: finished
   |             ^
   = key: problems[0].status
   = hint: did you mean `completed` (已完成)?
tests/broken/status-unknown.yaml: 1 error
"
    );
}

#[test]
fn human_format_counts_wide_characters_for_the_caret() {
    let o = run(&["validate", "tests/broken/status-typo-cn.yaml"]);
    let err = stderr(&o);
    assert!(
        err.contains("12 |     status: 已完\n   |             ^\n"),
        "{err}"
    );
}

/// Each broken plan and the exact `--diagnostic-format short` lines it gives.
const BROKEN: &[(&str, &[&str])] = &[];

#[test]
fn broken_plans_give_exact_located_errors() {
    assert!(BROKEN.len() >= 30);
    let mut failures = Vec::new();
    for (file, expected) in BROKEN {
        let path = format!("tests/broken/{file}");
        let (code, lines) = short(&path);
        let want: Vec<String> = expected
            .iter()
            .map(|l| {
                if l.starts_with("error") || l.starts_with("warning") {
                    l.to_string()
                } else {
                    format!("{path}:{l}")
                }
            })
            .collect();
        let want_code = if want
            .iter()
            .any(|l| l.contains(": error: ") || l.starts_with("error"))
        {
            1
        } else {
            0
        };
        if lines != want || code != want_code {
            failures.push(format!(
                "{file}: exit {code}\n  got:  {lines:#?}\n  want: {want:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
