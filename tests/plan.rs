//! `validate`, `stats`, `schema` on the real binary: the example, exit codes, and every
//! broken plan of tests/broken/ with its exact findings.

use crate::util::{Dir, example_plan, rectdoc, root};
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
   = hint: did you mean `done` (已完成)?
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
const BROKEN: &[(&str, &[&str])] = &[
    (
        "alias-bomb.yaml",
        &[
            "6:45: error: aliases expand to more than 100000 nodes (an alias bomb?) [a4[7]] (hint: write the repeated data out, or use fewer nested aliases)",
        ],
    ),
    (
        "as-of-bad.yaml",
        &[
            "10:8: error: `2024-09-31` is not a date that exists [as_of] (hint: check the month and the day)",
        ],
    ),
    (
        "bad-indentation.yaml",
        &[
            "12:12: error: YAML syntax error: mapping values are not allowed in this context [problems[0]] (hint: check the indentation of this line against the lines above)",
        ],
    ),
    (
        "binary.yaml",
        &[
            "1:9: error: file is not UTF-8 text (byte 0xC8) (hint: save the plan as UTF-8; is this a YAML file?)",
        ],
    ),
    (
        "block-empty.yaml",
        &[
            "12:7: error: a block needs a `heading`, `text`, `paragraphs` or `items` [sections.work[0]] (hint: remove the empty block)",
        ],
    ),
    (
        "date-impossible.yaml",
        &[
            "7:10: error: `2024-02-30` is not a date that exists [inspection.start] (hint: check the month and the day)",
        ],
    ),
    (
        "date-list.yaml",
        &["8:8: error: expected a date (YYYY-MM-DD), found a list [inspection.end]"],
    ),
    (
        "date-loose.yaml",
        &["9:13: error: expected a date (YYYY-MM-DD), found `2024年5月` [inspection.feedback]"],
    ),
    (
        "dates-reversed.yaml",
        &[
            "8:8: error: the inspection ends (2024-03-01) before it starts (2024-03-05) [inspection.end]",
        ],
    ),
    (
        "deadline-date-impossible.yaml",
        &[
            "13:15: error: `2024-06-31` is not a date that exists [problems[0].deadline] (hint: check the month and the day)",
        ],
    ),
    (
        "deadline-phrase-impossible.yaml",
        &[
            "13:15: error: `2024年2月30日前` names a date that does not exist [problems[0].deadline] (hint: check the month and the day)",
        ],
    ),
    (
        "duplicate-id.yaml",
        &[
            "18:9: error: duplicate id `Q1` (first used at line 11) [problems[1].id] (hint: ids must be unique in the file)",
        ],
    ),
    (
        "duplicate-key.yaml",
        &[
            "13:5: error: duplicate key `status` (first at line 12) [problems[0].status] (hint: remove one of them or merge them)",
        ],
    ),
    (
        "empty.yaml",
        &[
            "1:1: error: the plan is empty (hint: a plan starts with `format: 1`, then `unit`, `inspection` and `problems`)",
        ],
    ),
    (
        "extra-not-map.yaml",
        &["17:8: error: expected a map under `extra`, found a list [extra]"],
    ),
    (
        "format-2.yaml",
        &[
            "1:9: error: expected `format: 1`, found the number 2 [format] (hint: this version of rectdoc reads plans of format 1)",
        ],
    ),
    (
        "format-missing.yaml",
        &["1:1: error: missing `format` in the plan [format]"],
    ),
    (
        "format-text.yaml",
        &[
            "1:9: error: expected `format: 1`, found `v1` [format] (hint: this version of rectdoc reads plans of format 1)",
        ],
    ),
    (
        "group-without-items.yaml",
        &[
            "11:5: error: missing `items` in a group [problems[0].items] (hint: list the group's problems under `items:`)",
        ],
    ),
    (
        "items-without-group.yaml",
        &[
            "11:5: error: unknown key `items` in a problem [problems[0].items] (hint: a group needs `group: <title>` next to `items`)",
        ],
    ),
    (
        "latin1.yaml",
        &[
            "3:12: error: file is not UTF-8 text (byte 0xE9) (hint: save the plan as UTF-8; is this a YAML file?)",
        ],
    ),
    (
        "many-errors.yaml",
        &[
            "7:10: error: `2024-02-30` is not a date that exists [inspection.start] (hint: check the month and the day)",
            "12:13: error: unknown status `finished`; expected 已完成, 基本完成, 推进中 or 未启动 [problems[0].status] (hint: did you mean `done` (已完成)?)",
            "13:5: error: unknown key `deadlin` in a problem [problems[0].deadlin] (hint: did you mean `deadline`?)",
        ],
    ),
    (
        "measure-bad-status.yaml",
        &[
            "17:17: error: unknown status `进行中`; expected 已完成, 基本完成, 推进中 or 未启动 [problems[0].measures[0].status] (hint: did you mean `推进中`?)",
        ],
    ),
    (
        "measure-without-text.yaml",
        &["16:9: error: missing `text` in a measure [problems[0].measures[0].text]"],
    ),
    (
        "measures-empty.yaml",
        &[
            "15:15: error: `measures` is empty and there is no `result` [problems[0].measures] (hint: a problem needs at least one measure, or a `result`)",
        ],
    ),
    (
        "measures-not-list.yaml",
        &["15:15: error: expected a list of measures, found a map [problems[0].measures]"],
    ),
    (
        "no-measures-no-result.yaml",
        &[
            "11:5: error: a problem needs `measures` or a `result` [problems[0].measures] (hint: add `measures:` with at least one measure, or `result:`)",
        ],
    ),
    (
        "numbering-typo.yaml",
        &[
            "20:16: error: expected `continuous` or `per-group`, found `per_group` [documents.notice.numbering] (hint: did you mean `per-group`?)",
        ],
    ),
    (
        "ongoing-yes.yaml",
        &["13:14: error: expected true or false, found `yes` [problems[0].ongoing]"],
    ),
    (
        "only-comments.yaml",
        &[
            "1:1: error: the plan is empty (hint: a plan starts with `format: 1`, then `unit`, `inspection` and `problems`)",
        ],
    ),
    (
        "owner-text.yaml",
        &[
            "14:12: error: expected `owner` (a map), found `综合科` [problems[0].owner] (hint: write `owner: {department: …}` (keys: leader, department, person))",
        ],
    ),
    (
        "plan-is-list.yaml",
        &[
            "1:1: error: expected the plan (a map with `format`, `unit`, `inspection`, `problems`), found a list (hint: start the file with `format: 1`)",
        ],
    ),
    (
        "problem-text.yaml",
        &["11:5: error: expected a problem (a map), found `问题零` [problems[0]]"],
    ),
    (
        "problems-empty.yaml",
        &["10:11: error: `problems` is empty; a plan needs at least one problem [problems]"],
    ),
    (
        "problems-map.yaml",
        &["11:3: error: expected a list of problems and groups, found a map [problems]"],
    ),
    (
        "recovered-negative.yaml",
        &[
            "13:16: error: expected an amount in yuan (a number ≥ 0), found the number -5 [problems[0].recovered] (hint: write the amount in yuan without units: `recovered: 13200`)",
        ],
    ),
    (
        "recovered-text.yaml",
        &[
            "13:16: error: expected an amount in yuan (a number ≥ 0), found `1.32万元` [problems[0].recovered] (hint: write the amount in yuan without units: `recovered: 13200`)",
        ],
    ),
    (
        "status-list.yaml",
        &[
            "12:13: error: expected 已完成, 基本完成, 推进中 or 未启动, found a list [problems[0].status]",
        ],
    ),
    (
        "status-typo-cn.yaml",
        &[
            "12:13: error: unknown status `已完`; expected 已完成, 基本完成, 推进中 or 未启动 [problems[0].status] (hint: did you mean `已完成`?)",
        ],
    ),
    (
        "status-unknown.yaml",
        &[
            "12:13: error: unknown status `finished`; expected 已完成, 基本完成, 推进中 or 未启动 [problems[0].status] (hint: did you mean `done` (已完成)?)",
        ],
    ),
    (
        "tabs.yaml",
        &[
            "12:1: error: YAML syntax error: while scanning a plain scalar, found a tab [problems[0].title] (hint: indent with spaces; YAML does not allow tabs for indentation)",
        ],
    ),
    (
        "title-empty.yaml",
        &["11:5: error: `title` has no value [problems[0].title]"],
    ),
    (
        "title-list.yaml",
        &["11:12: error: expected text, found a list [problems[0].title]"],
    ),
    (
        "title-missing.yaml",
        &["11:5: error: missing `title` in a problem [problems[0].title]"],
    ),
    (
        "two-documents.yaml",
        &[
            "17:1: error: a second YAML document (`---`); a plan file holds one (hint: put each plan in its own file)",
        ],
    ),
    (
        "typo-key.yaml",
        &[
            "13:5: error: unknown key `deadlin` in a problem [problems[0].deadlin] (hint: did you mean `deadline`?)",
        ],
    ),
    (
        "unit-missing.yaml",
        &["1:1: error: missing `unit` in the plan [unit]"],
    ),
    (
        "unit-name-missing.yaml",
        &["3:3: error: missing `name` in `unit` [unit.name]"],
    ),
    (
        "unknown-alias.yaml",
        &[
            "14:12: error: YAML syntax error: while parsing node, found unknown anchor [problems[0].owner] (hint: define the anchor (`&name`) before its alias (`*name`))",
        ],
    ),
    (
        "unknown-top-key.yaml",
        &[
            "1:1: error: missing `problems` in the plan [problems]",
            "10:1: error: unknown key `problem` in the plan [problem] (hint: did you mean `problems`?)",
        ],
    ),
    (
        "warn-no-department.yaml",
        &[
            "1:1: warning: no `documents`: the notice, plan, ledger cannot be rendered without their dates (`documents.KIND.date`) [documents] (hint: add `documents: {notice: {date: 2024-09-26}}`, one entry per document to render)",
            "11:5: warning: problem has no responsible department [problems[0]] (hint: add `owner: {department: …}` to the problem or to its measures)",
        ],
    ),
    (
        "warn-phrase.yaml",
        &[
            "1:1: warning: no `documents`: the notice, plan, ledger cannot be rendered without their dates (`documents.KIND.date`) [documents] (hint: add `documents: {notice: {date: 2024-09-26}}`, one entry per document to render)",
            "13:15: warning: deadline `尽快` is not a date or a known phrase; it is printed as written and never falls due [problems[0].deadline] (hint: use a date (2024-06-30 or 2024年6月30日), 立行立改, 长期坚持, 2024年底前, 2024年6月底前 or 2024年6月15日前)",
        ],
    ),
];

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

/// The head of a valid plan, up to `problems:`.
fn head() -> String {
    let base = std::fs::read_to_string(root().join("tests/broken/format-2.yaml")).unwrap();
    let head = base
        .split("problems:")
        .next()
        .unwrap()
        .replace("format: 2", "format: 1");
    head + "problems:\n"
}

/// `n` groups, each the only item of the one above, around one problem.
fn nested_groups(n: usize) -> String {
    let mut s = head();
    let mut ind = String::from("  ");
    for i in 0..n {
        s.push_str(&format!("{ind}- group: 第{}层\n{ind}  items:\n", i + 1));
        ind.push_str("    ");
    }
    s.push_str(&format!(
        "{ind}- title: 问题\n{ind}  owner: {{department: 综合科}}\n{ind}  measures: [措施]\n"
    ));
    s
}

fn generated(name: &str, text: &[u8]) -> (Dir, String) {
    let dir = Dir::new();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn groups_nested_200_deep_hit_the_nesting_limit() {
    let (_dir, path) = generated("deep.yaml", nested_groups(200).as_bytes());
    let (code, lines) = short(&path);
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let key = format!("problems{}", "[0].items".repeat(63) + "[0]");
    assert_eq!(
        lines[0],
        format!("{path}:137:257: error: nesting deeper than 128 levels [{key}]")
    );
}

#[test]
fn groups_nested_25_deep_hit_the_group_limit() {
    let (_dir, path) = generated("deep.yaml", nested_groups(25).as_bytes());
    let (code, lines) = short(&path);
    assert_eq!(code, 1);
    let key = format!("problems{}", "[0].items".repeat(20) + "[0]");
    assert_eq!(
        lines,
        vec![format!(
            "{path}:51:85: error: groups nested more than 20 levels deep [{key}] (hint: flatten the problem tree)"
        )]
    );
    // 19 levels are fine (the plan has no `documents`: the one warning says so).
    let (_dir, path) = generated("ok.yaml", nested_groups(19).as_bytes());
    let (code, lines) = short(&path);
    assert_eq!(code, 0);
    assert!(
        lines.len() == 1 && lines[0].contains("warning: no `documents`"),
        "{lines:?}"
    );
}

#[test]
fn a_10_mb_file_is_refused_with_a_located_error() {
    let mut text = head();
    let problem = "  - title: 问题\n    owner: {department: 综合科}\n    measures: [措施]\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(problem);
    }
    text.truncate(10 * 1024 * 1024);
    let (_dir, path) = generated("big.yaml", text.as_bytes());
    let (code, lines) = short(&path);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        vec![format!(
            "{path}:1:1: error: file is too large for a plan (10485760 bytes; the limit is 4194304) (hint: is this the right file? a 60-problem plan is about 100 KB)"
        )]
    );
}

#[test]
fn human_format_of_a_file_level_error_has_no_source_line() {
    let o = run(&["validate", "tests/broken/empty.yaml"]);
    assert_eq!(
        stderr(&o),
        "error: the plan is empty
 --> tests/broken/empty.yaml:1:1
  = hint: a plan starts with `format: 1`, then `unit`, `inspection` and `problems`
tests/broken/empty.yaml: 1 error
"
    );
}
