//! `rectdoc render` and the template stage, through the real binary: the notice model of
//! the example (every group, problem, detail and measure in order, （1）…（60）), the golden
//! model dump, user templates, located template errors, hostile characters, output errors.

use crate::util::{Dir, example_plan, rectdoc, root, s, stderr};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/templates")
}

/// Renders `plan` with extra args into a fresh folder; returns (folder, output).
fn render(plan: &Path, args: &[&str]) -> (Dir, std::process::Output) {
    let dir = Dir::new();
    let mut all = vec!["render", s(plan), "-o", s(dir.path())];
    all.extend_from_slice(args);
    let out = rectdoc(&all);
    (dir, out)
}

fn example_model() -> String {
    let (dir, out) = render(&example_plan(), &["--doc", "notice", "--format", "model"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("huiji-2024-notice.model.txt");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), s(&path));
    std::fs::read_to_string(path).expect("model written")
}

/// The texts of the example's tree in document order, read from the YAML lines (the
/// example writes every scalar on one line): groups, titles, details, measures.
pub fn example_texts() -> Vec<String> {
    let yaml = std::fs::read_to_string(example_plan()).expect("example");
    let mut out = vec![];
    let mut in_measures = false;
    let mut in_problems = false;
    for line in yaml.lines() {
        let t = line.trim_start();
        if line.starts_with("problems:") {
            in_problems = true;
            continue;
        }
        if line.starts_with("documents:") {
            break;
        }
        if !in_problems || t.starts_with('#') {
            continue;
        }
        let indent = line.len() - t.len();
        let value = |k: &str| t.strip_prefix(k).map(|v| v.trim().to_string());
        if let Some(v) = value("- group:")
            .or_else(|| value("title:"))
            .or_else(|| value("detail:"))
        {
            in_measures = false;
            out.push(v);
        } else if t.starts_with("measures:") {
            in_measures = true;
        } else if in_measures && t.starts_with("- ") && indent >= 14 {
            out.push(t[2..].trim_start_matches("text:").trim().to_string());
        } else if in_measures && !t.starts_with("- ") && indent <= 12 {
            in_measures = false;
        }
    }
    out
}

pub fn core(s: &str) -> &str {
    s.trim_end_matches(['。', '；', '，'])
}

#[test]
fn notice_model_has_every_group_problem_detail_and_measure_in_order() {
    let model = example_model();
    let texts = example_texts();
    assert!(
        texts.len() > 250,
        "read {} texts from the example",
        texts.len()
    );
    let mut at = 0;
    for t in &texts {
        let found = model[at..].find(core(t));
        assert!(found.is_some(), "not found in order: {t}");
        at += found.unwrap_or(0) + core(t).len();
    }
    // Problems numbered （1）…（60） in order, as level-4 headings.
    let nums: Vec<&str> = model
        .lines()
        .filter_map(|l| l.strip_prefix("heading 4 "))
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    let want: Vec<String> = (1..=60).map(|n| format!("（{n}）")).collect();
    assert_eq!(nums, want);
    // Structure of the seed: parts, groups, the statistics sentence, closing, signature.
    assert!(model.contains("heading 1 一、 | 巡察整改工作开展情况"));
    assert!(model.contains("heading 1 二、 | 具体问题整改情况"));
    assert!(model.contains("heading 1 三、 | 下一步整改工作安排"));
    assert!(
        model.contains("heading 2 （一） | 落实巡察发现问题整改不力，“后半篇文章”成效不明显方面")
    );
    assert!(model.contains("heading 3 2. | 整改与日常工作脱节，未建立常态化、长效化机制"));
    assert!(model.contains("退还违规报销差旅费1.32万元"));
    assert!(model.contains("联系电话：0371-63502003；"));
    assert!(model.contains("电子信箱：zwhdsjj@163.com。"));
    assert!(model.contains("signature seal=false date=2024年9月26日"));
    assert!(model.contains("measures paragraphs | 整改情况："));
    assert!(model.contains("  一是 | 对接物业公司出具原政务服务大厅电费收取的情况说明。 @problems[0].items[0].items[0].measures[0]"));
}

#[test]
fn notice_model_matches_golden() {
    let model = example_model();
    let golden = root().join("tests/golden/notice.model.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &model).expect("write golden");
    }
    let want = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        model, want,
        "the notice model changed; UPDATE_GOLDEN=1 cargo test notice_model_matches_golden to accept"
    );
}

#[test]
fn custom_templates_override_and_add_kinds() {
    let dir = Dir::new();
    let yaml = std::fs::read_to_string(example_plan()).expect("example");
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        yaml.replace(
            "documents:\n",
            "documents:\n  brief:\n    date: 2024-09-30\n",
        ),
    )
    .expect("write");
    let custom = fixtures().join("custom");
    let (out_dir, out) = render(
        &plan,
        &[
            "--templates",
            s(&custom),
            "--doc",
            "notice,brief",
            "--format",
            "model",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let notice =
        std::fs::read_to_string(out_dir.path().join("plan-notice.model.txt")).expect("notice");
    assert!(
        notice.contains("title\n  | 自定义通报：局党组 @unit.name"),
        "{notice}"
    );
    assert!(
        notice.contains(
            "p justify indent=2 | 60. 专业人才队伍建设有待加强 @problems[2].items[4].items[3]"
        ) || notice.contains("| 60. 专业人才队伍建设有待加强")
    );
    assert!(!notice.contains("整改情况："));
    let brief =
        std::fs::read_to_string(out_dir.path().join("plan-brief.model.txt")).expect("brief");
    assert!(brief.contains("| 局党组整改简报"), "{brief}");
    assert!(brief.contains("| 共60个问题"), "{brief}");
    assert!(brief.contains("| 综合科："), "{brief}");
}

fn write_templates(files: &[(&str, &str)]) -> Dir {
    let dir = Dir::new();
    for (name, text) in files {
        dir.write(name, text);
    }
    dir
}

#[test]
fn unclosed_block_is_reported_with_its_location() {
    let t = write_templates(&[(
        "open.hbs",
        "<document>\n{{#if unit}}\n<p>x</p>\n</document>\n",
    )]);
    let (_d, out) = render(
        &example_plan(),
        &[
            "--templates",
            s(t.path()),
            "--doc",
            "open",
            "--format",
            "model",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("open.hbs:"), "{err}");
    assert!(err.contains("template syntax"), "{err}");
}

/// Renders the example's model with a templates folder holding one `notice.hbs`.
fn render_notice_template(text: &str) -> (Dir, std::process::Output) {
    let t = write_templates(&[("notice.hbs", text)]);
    let (d, out) = render(
        &example_plan(),
        &[
            "--templates",
            s(t.path()),
            "--format",
            "model",
            "--diagnostic-format",
            "short",
        ],
    );
    (d, out)
}

#[test]
fn misspelt_variable_is_reported_with_name_line_and_column() {
    let (d, out) = render_notice_template("<document>\n<p>{{unit.nmae}}</p>\n</document>\n");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("notice.hbs:2:4: error: unknown variable `unit.nmae`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0),
        0,
        "nothing written"
    );
}

#[test]
fn markup_error_is_traced_to_the_template_line() {
    let (_d, out) =
        render_notice_template("<document>\n<p>{{unit.name}}</p>\n  <p>x</b>\n</document>\n");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("notice.hbs:3:7: error: the markup is not well-formed XML"),
        "{err}"
    );
}

#[test]
fn hostile_characters_survive_or_are_dropped_with_a_warning() {
    let (dir, out) = render(
        &fixtures().join("hostile.yaml"),
        &["--format", "model", "--diagnostic-format", "short"],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let model =
        std::fs::read_to_string(dir.path().join("hostile-notice.model.txt")).expect("model");
    assert!(
        model.contains("中共<某>&\"局\"]]>党组😀关于区委&巡察整改进展情况的通报"),
        "{model}"
    );
    assert!(model.contains("问题一<script>。"), "{model}");
    assert!(model.contains("细节]]>&amp;"), "{model}");
    assert!(model.contains("措施二 😀\"]]>"), "{model}");
    assert!(model.contains("下一步<b>不是标签</b>"), "{model}");
    assert!(!model.contains('\u{1}') && !model.contains('\u{FFFE}'));
    for key in [
        "unit.name",
        "unit.short",
        "problems[0].items[0].title",
        "problems[0].items[0].measures[0].text",
        "contact.phone",
    ] {
        assert!(
            err.contains(&format!("[{key}]")),
            "no warning naming {key}: {err}"
        );
    }
    assert!(err.contains("U+0001") && err.contains("U+FFFE"), "{err}");
    // The lone surrogate escape is dropped where it stands, with its location.
    assert!(
        err.contains("hostile.yaml:11:20: warning: `\\uD800` is half of a UTF-16 surrogate pair")
            && err.contains("[inspection.group]"),
        "{err}"
    );
    assert!(model.contains("区委第一巡察组<>"), "{model}");
}

#[test]
fn unknown_format_is_a_usage_error() {
    let (d, out) = render(&example_plan(), &["--format", "odt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'odt' for '--format")
            && stderr(&out).contains("docx, pdf, ofd, xlsx, all, model"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0),
        0,
        "nothing written"
    );
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let (_d, out) = render(&example_plan(), &["--doc", "memo", "--format", "model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown document kind `memo`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unwritable_output_folder_is_an_io_error_and_writes_nothing() {
    let dir = Dir::new();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let target = file.join("out");
    let out = rectdoc(&[
        "render",
        s(&example_plan()),
        "--format",
        "model",
        "-o",
        s(&target),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot create the folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "x");
}
