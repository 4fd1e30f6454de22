//! Messages in Chinese and English: each kind of message under `LANG=zh_CN.UTF-8` and
//! `LANG=C`, and `--lang`. Key paths and file:line:col stay as they are. (That every message
//! has a Chinese form is checked by the unit tests of `src/i18n`.)

use crate::util::{Dir, example_plan, rectdoc_lang, root, s, stderr, stdout};
use std::process::Output;

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "C";

/// Runs `args` in Chinese and in English; checks the exit codes agree and returns both.
fn both(args: &[&str]) -> (Output, Output) {
    let zh = rectdoc_lang(ZH, args);
    let en = rectdoc_lang(EN, args);
    assert_eq!(
        zh.status.code(),
        en.status.code(),
        "{}\n{}",
        stderr(&zh),
        stderr(&en)
    );
    (zh, en)
}

fn has(out: &str, wants: &[&str]) {
    for w in wants {
        assert!(out.contains(w), "`{w}` not in:\n{out}");
    }
}

#[test]
fn a_plan_error_with_its_hint() {
    let plan = root().join("tests/broken/many-errors.yaml");
    let (zh, en) = both(&["validate", s(&plan)]);
    assert_eq!(zh.status.code(), Some(1));
    let at = format!("{}:12:13", plan.display());
    has(
        &stderr(&zh),
        &[
            "错误：状态“finished”无法识别；应为已完成、基本完成、推进中或未启动",
            &at,
            "= 键：problems[0].status",
            "= 提示：是不是要写 `done`（已完成）？",
            "错误：问题中的键 `deadlin` 无法识别",
            "= 提示：请检查月份和日期",
            "many-errors.yaml：3 个错误",
        ],
    );
    has(
        &stderr(&en),
        &[
            "error: unknown status `finished`; expected 已完成, 基本完成, 推进中 or 未启动",
            &at,
            "= key: problems[0].status",
            "= hint: did you mean `done` (已完成)?",
            "error: unknown key `deadlin` in a problem",
            "many-errors.yaml: 3 errors\n",
        ],
    );
    // The short format: the same location and key path, the message translated.
    let zh = rectdoc_lang(ZH, &["--diagnostic-format", "short", "validate", s(&plan)]);
    has(
        &stderr(&zh),
        &[
            "many-errors.yaml:13:5: error: 问题中的键 `deadlin` 无法识别 [problems[0].deadlin] (hint: 是不是要写 `deadline`？)",
        ],
    );
}

#[test]
fn a_warning_and_validate_ok() {
    let plan = root().join("tests/broken/warn-phrase.yaml");
    let (zh, en) = both(&["validate", s(&plan)]);
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    has(
        &stderr(&zh),
        &[
            "警告：整改时限“尽快”不是日期，也不是已知的说法",
            "= 提示：请写日期（2024-06-30 或 2024年6月30日）、立行立改",
            "= 键：problems[0].deadline",
        ],
    );
    has(
        &stdout(&zh),
        &["warn-phrase.yaml：通过（1 个问题，1 项整改措施，2 个警告）"],
    );
    has(
        &stderr(&en),
        &["warning: deadline `尽快` is not a date or a known phrase"],
    );
    has(
        &stdout(&en),
        &["warn-phrase.yaml: ok (1 problem, 1 measure, 2 warnings)"],
    );
}

#[test]
fn a_template_error() {
    let t = Dir::new();
    t.write(
        "notice.hbs",
        "<document>\n<p>{{unit.nmae}}</p>\n</document>\n",
    );
    let plan = example_plan();
    let args = ["check", "--templates", s(t.path()), s(&plan)];
    let (zh, en) = both(&args);
    assert_eq!(zh.status.code(), Some(1));
    let at = format!("{}:2:4", t.join("notice.hbs").display());
    has(
        &stderr(&zh),
        &[
            "错误：未知的变量 `unit.nmae`",
            &at,
            "= 提示：严格模式：每个变量都必须存在",
        ],
    );
    has(&stderr(&en), &["error: unknown variable `unit.nmae`", &at]);
    // The check summary.
    has(
        &stderr(&zh),
        &["检查：1 个整改方案，3 份文件：1 个错误，0 个警告"],
    );
    has(
        &stderr(&en),
        &["check: 1 plan, 3 documents: 1 error, 0 warnings"],
    );
}

#[test]
fn an_io_error_and_a_usage_error() {
    let (zh, en) = both(&["validate", "no-such-plan.yaml"]);
    assert_eq!(zh.status.code(), Some(2));
    has(&stderr(&zh), &["错误：无法读取 no-such-plan.yaml："]);
    has(&stderr(&en), &["error: cannot read no-such-plan.yaml: "]);

    let plan = example_plan();
    let (zh, en) = both(&["render", s(&plan), "--doc", "notcie", "-o", "out-never"]);
    assert_eq!(zh.status.code(), Some(2));
    has(
        &stderr(&zh),
        &["错误：未知的文件种类 `notcie`", "= 提示：文件种类有："],
    );
    has(
        &stderr(&en),
        &[
            "error: unknown document kind `notcie`",
            "= hint: the kinds are: ",
        ],
    );
}

#[test]
fn batch_progress_and_summary() {
    let plan = example_plan();
    let run = |lang: &str| {
        let out = Dir::new();
        let o = rectdoc_lang(
            lang,
            &[
                "batch",
                s(&plan),
                "--doc",
                "notice",
                "--format",
                "docx",
                "-o",
                s(out.path()),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (stdout(&o), stderr(&o))
    };
    let (zh_out, zh_err) = run(ZH);
    let (en_out, en_err) = run(EN);
    // The progress line names the file in both.
    has(&zh_err, &["[1/1] "]);
    has(&en_err, &["[1/1] "]);
    has(
        &zh_out,
        &[
            "完成：1 个整改方案，写入 1 个文件（PDF 共 0 页，",
            "保留 0 个，失败 0 个整改方案",
            "清单在 ",
        ],
    );
    has(
        &en_out,
        &[
            "done: 1 plan, 1 file written (0 PDF pages, ",
            "0 kept, 0 plans failed",
        ],
    );
}

#[test]
fn stats_labels() {
    let plan = example_plan();
    let (zh, en) = both(&["stats", s(&plan)]);
    has(
        &stdout(&zh),
        &[
            "问题             60",
            "整改措施         157",
            "完成率           100.0%",
            "退还、追回资金   13200 元",
            "统计截至         2024-09-26（未写 as_of，取成文日期）",
        ],
    );
    has(
        &stdout(&en),
        &[
            "problems         60",
            "measures         157",
            "done share       100.0%",
            "recovered        13200 yuan",
        ],
    );
}

#[test]
fn fonts_output() {
    let (zh, en) = both(&["fonts"]);
    has(&stdout(&zh), &["个字体字面", "  使用      "]);
    has(&stdout(&en), &["font faces found", "  uses     "]);
}

#[test]
fn lang_option_and_posix_order() {
    let plan = example_plan();
    // --lang wins over the locale, both ways.
    let o = rectdoc_lang(EN, &["--lang", "zh", "validate", s(&plan)]);
    has(&stdout(&o), &["：通过（60 个问题，157 项整改措施）"]);
    let o = rectdoc_lang(ZH, &["validate", s(&plan), "--lang", "en"]);
    has(&stdout(&o), &[": ok (60 problems, 157 measures)"]);
    // LC_ALL before LC_MESSAGES before LANG.
    let run = |vars: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_rectdoc"));
        c.env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (k, v) in vars {
            c.env(k, v);
        }
        stdout(
            &c.args(["validate", s(&plan)])
                .output()
                .expect("run rectdoc"),
        )
    };
    assert!(run(&[("LC_ALL", "C"), ("LANG", ZH)]).contains(": ok ("));
    assert!(run(&[("LC_MESSAGES", ZH), ("LANG", "C")]).contains("：通过（"));
    assert!(run(&[("LC_ALL", "zh_TW.UTF-8")]).contains("：通过（"));
}

#[test]
fn github_annotations_and_init_refusal() {
    // GitHub annotations: the markers as the runner parses them, the message translated.
    let plan = root().join("tests/broken/measure-bad-status.yaml");
    let (zh, en) = both(&["check", "--format", "github", s(&plan)]);
    let at = format!(
        "::error file={},line=17,col=17,title=rectdoc::",
        plan.display()
    );
    has(&stdout(&zh), &[&format!("{at}状态“进行中”无法识别")]);
    has(&stdout(&en), &[&format!("{at}unknown status `进行中`")]);
    // init refuses to overwrite: a usage error with its hint.
    let d = Dir::new();
    d.write("plan.yaml", "x");
    let (zh, en) = both(&["init", s(d.path())]);
    assert_eq!(zh.status.code(), Some(2));
    has(
        &stderr(&zh),
        &[
            "错误：文件已存在：",
            "= 提示：未写入任何文件；加 --force 可覆盖",
        ],
    );
    has(
        &stderr(&en),
        &[
            "error: a file already exists: ",
            "= hint: nothing was written; pass --force to overwrite",
        ],
    );
}
