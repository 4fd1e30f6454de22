//! Documents without an inspection (a file with a top-level `document:`): the annual report
//! of `inputs/` rendered by the real binary on GB/T 9704's grid in PDF and DOCX, identical on
//! a second run; errors located; `init --kind document`, custom templates, and `validate`,
//! `stats`, `check`, `batch` on document files.

use crate::docx_notice::assert_docx_on_the_grid;
use crate::pdf::pdf_notice::{
    assert_body_on_the_grid, assert_line_ends_keep_the_rules, assert_lines_flush_right,
    assert_page_numbers,
};
use crate::util::{Dir, cmd, example_plan, rectdoc, root, s, stderr, stdout};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The annual 法治政府建设 report.
fn report() -> PathBuf {
    root().join("inputs/fazhi-report-2024.yaml")
}

/// The report rendered once for the tests that read it: (pdf, docx).
fn rendered() -> &'static (PathBuf, PathBuf) {
    static R: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    R.get_or_init(|| {
        let dir = crate::util::out_dir("document-report");
        let o = rectdoc(&[
            "render",
            s(&report()),
            "--format",
            "pdf,docx",
            "-o",
            s(&dir),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (
            dir.join("fazhi-report-2024-document.pdf"),
            dir.join("fazhi-report-2024-document.docx"),
        )
    })
}

fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .args([s(pdf), "-"])
        .output()
        .expect("pdftotext runs");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_report_pdf_is_on_the_gbt9704_grid() {
    let (pdf, _) = rendered();
    let (pages, pitches) = assert_body_on_the_grid(pdf);
    assert!(pages >= 10, "{pages} pages");
    assert!(pitches > 150, "{pitches} pitches");
    let lines = assert_lines_flush_right(pdf);
    assert!(lines > 150, "{lines} non-final lines");
    assert_line_ends_keep_the_rules(pdf);
    assert_page_numbers(pdf);
}

#[test]
fn the_report_pdf_holds_its_numbered_parts_signature_and_attachment() {
    let (pdf, _) = rendered();
    let text: String = pdf_text(pdf).split_whitespace().collect();
    for want in [
        "郑州市惠济区市场监督管理局关于2024年度法治政府建设情况的报告",
        "中共惠济区委全面依法治区委员会办公室：",
        "一、2024年度推进法治政府建设的主要举措和成效",
        "（一）坚持党的领导，压实法治建设责任。",
        "1.健全领导机制。",
        "（八）强化重点领域依法监管",
        "四、2025年推进法治政府建设的工作安排",
        "附件：2024年度行政执法主要数据",
        "2025年1月20日",
        "（联系人：法规科李某，联系电话：0371-63691234）",
        "郑州市惠济区市场监督管理局办公室",
    ] {
        assert!(text.contains(want), "{want} not in the PDF");
    }
    let order = |a: &str, b: &str| text.find(a).expect(a) < text.find(b).expect(b);
    // The 附件说明 and the signature come before the 附件 page, the 版记 last.
    assert!(order("附件：2024年度行政执法主要数据", "2025年1月20日"));
    assert!(order("2025年1月20日", "一、行政许可"));
    assert!(order("一、行政许可", "郑州市惠济区市场监督管理局办公室"));
}

#[test]
fn the_report_docx_in_libreoffice_is_on_the_gbt9704_grid() {
    let (_, docx) = rendered();
    // The text ends before the 附件 page: that page may be partly empty.
    let dir = Dir::new();
    let copy = dir.join("report.docx");
    std::fs::copy(docx, &copy).expect("copy");
    let pdf = crate::util::libreoffice_pdf(&copy);
    let attachment_page = crate::docx::bbox_pages(&pdf)
        .iter()
        .position(|p| p.lines.iter().any(|l| l.text.trim() == "附件"))
        .expect("the 附件 page");
    let (pages, full_lines) =
        assert_docx_on_the_grid(&copy, "法治政府建设情况的报告", &[attachment_page - 1]);
    assert!(pages >= 10, "{pages} pages");
    assert!(full_lines > 100, "{full_lines} full lines");
    // One layout for both files (tests/onelayout.rs): the PDF's lines as LibreOffice shows
    // the DOCX.
    let m = crate::onelayout::measure(&rendered().0, &pdf);
    eprintln!(
        "report: {:.1} % of {} lines identical, PDF {} pages, DOCX {}",
        100.0 * m.share(),
        m.lines,
        m.pdf_pages,
        m.docx_pages
    );
    // Measured 93.5 % of 322 lines and 15 pages each (2026-11-30).
    assert_eq!(m.pdf_pages, m.docx_pages);
    assert!(m.share() >= 0.9, "{:.3}", m.share());
}

#[test]
fn the_report_is_byte_identical_on_a_second_run() {
    let (pdf, docx) = rendered();
    let dir = Dir::new();
    let o = rectdoc(&[
        "render",
        s(&report()),
        "--format",
        "pdf,docx",
        "-o",
        s(dir.path()),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (first, name) in [
        (pdf, "fazhi-report-2024-document.pdf"),
        (docx, "fazhi-report-2024-document.docx"),
    ] {
        assert!(
            std::fs::read(first).expect("first") == std::fs::read(dir.join(name)).expect("second"),
            "{name} differs"
        );
    }
}

/// `validate --diagnostic-format short` of a document written to a file: exit code, lines.
fn validate(text: &str) -> (Option<i32>, String) {
    let dir = Dir::new();
    let p = dir.write("报告.yaml", text);
    let o = rectdoc(&["--diagnostic-format", "short", "validate", s(&p)]);
    (o.status.code(), stderr(&o).replace(s(&p), "F"))
}

#[test]
fn a_broken_document_gets_every_error_located() {
    let (code, err) = validate(
        "format: 1
document:
  to: 区委依法治区办
  body:
    - heading: 主要工作
      txet: 全年……
    - text: [一段, 两段]
  seal: 是
  issuer: 某某局
  date: 2025-01-20
",
    );
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "F:3:3: error: missing `title` in `document` [document.title]",
        "F:6:7: error: unknown key `txet` in a block [document.body[0].txet] (hint: did you mean `text`?)",
        "F:7:13: error: expected text, found a list [document.body[1].text]",
        "F:8:9: error: expected true or false, found `是` [document.seal]",
    ] {
        assert!(err.contains(want), "{want}\nnot in:\n{err}");
    }
}

#[test]
fn plan_keys_in_a_document_file_and_an_undated_document_are_told_apart() {
    let (code, err) = validate(
        "format: 1
problems: []
document:
  title: 关于某事的报告
  body: [{text: 正文。}]
",
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("F:2:1: error: `problems` belongs to a rectification plan, not to a document file (it has `document:`) [problems]"),
        "{err}"
    );
    let (code, err) =
        validate("format: 1\ndocument:\n  title: 关于某事的报告\n  body: [{text: 正文。}]\n");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "warning: `document` has no `date`: the document cannot be rendered [document.date]"
        ),
        "{err}"
    );
    // Warnings meant for plans do not fire.
    assert!(!err.contains("no `documents`"), "{err}");
}

#[test]
fn validate_stats_and_check_speak_of_a_document() {
    let o = rectdoc(&["validate", s(&report())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(": ok (document: 60 headings, 68 paragraphs)"),
        "{}",
        stdout(&o)
    );

    let o = rectdoc(&["stats", s(&report()), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["kind"], "document");
    assert_eq!(v["attachments"], 1);
    let chars = v["characters"].as_u64().expect("characters");
    assert!((7_500..9_000).contains(&chars), "{chars} characters");
    let o = rectdoc(&["stats", s(&report())]);
    assert!(stdout(&o).contains("a document file: no problems or measures to count"));

    let o = rectdoc(&["check", s(&report())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("check: 1 plan, 1 document: 0 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn kinds_of_the_other_file_are_clear_errors_and_batch_skips_them() {
    let dir = Dir::new();
    let o = rectdoc(&[
        "render",
        s(&report()),
        "--doc",
        "notice",
        "-o",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the notice is made from a rectification plan"),
        "{}",
        stderr(&o)
    );
    let o = rectdoc(&[
        "render",
        s(&report()),
        "--split-by",
        "department",
        "-o",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "--split-by department splits a plan's problems by department; a document file has none"
        ),
        "{}",
        stderr(&o)
    );
    let o = rectdoc(&[
        "render",
        s(&example_plan()),
        "--doc",
        "document",
        "-o",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the `document` kind is made from a document file"));

    // A folder of both: each file gets its own kinds; the others are skipped with a warning.
    let input = Dir::new();
    std::fs::copy(report(), input.join("report.yaml")).expect("copy");
    std::fs::copy(example_plan(), input.join("plan.yaml")).expect("copy");
    let out = Dir::new();
    let o = rectdoc(&[
        "batch",
        s(input.path()),
        "--format",
        "docx",
        "-o",
        s(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("plan-notice.docx").is_file() && out.join("report-document.docx").is_file());
    let out = Dir::new();
    let o = rectdoc(&[
        "batch",
        s(input.path()),
        "--doc",
        "notice,ledger",
        "--format",
        "docx",
        "-o",
        s(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a document file (`document:`) has no notice, ledger: skipped for it"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("report-notice.docx").exists() && out.join("plan-ledger.docx").is_file());
}

#[test]
fn init_kind_document_then_render_as_written() {
    let dir = Dir::new();
    let o = cmd()
        .args(["init", "office", "--kind", "document"])
        .current_dir(dir.path())
        .run();
    assert!(o.status.success(), "{}", stderr(&o));
    let office = dir.join("office");
    for f in [
        "document.yaml",
        "style.yaml",
        "HOWTO.md",
        "templates/document.hbs",
    ] {
        assert!(office.join(f).is_file(), "{f}");
    }
    assert!(!office.join("plan.yaml").exists());
    let o = cmd()
        .args([
            "render",
            "document.yaml",
            "--templates",
            "templates",
            "--style",
            "style.yaml",
            "-o",
            "out",
        ])
        .current_dir(&office)
        .run();
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["out/document-document.pdf", "out/document-document.docx"] {
        assert!(office.join(f).is_file(), "{f}");
    }
    // Every command of its how-to works as written in the folder.
    let howto = std::fs::read_to_string(office.join("HOWTO.md")).expect("HOWTO.md");
    let lines: Vec<&str> = howto
        .lines()
        .filter(|l| l.starts_with("rectdoc "))
        .collect();
    assert_eq!(lines.len(), 2, "{howto}");
    for line in lines {
        let o = cmd()
            .args(line.split_whitespace().skip(1))
            .current_dir(&office)
            .run();
        assert!(o.status.success(), "{line}: {}", stderr(&o));
    }
    let text: String = pdf_text(&office.join("out/document-document.pdf"))
        .split_whitespace()
        .collect();
    for want in [
        "一、经费用途",
        "（一）法治宣传阵地建设。",
        "附件：2025年度普法专项经费预算明细",
        "妥否，请批示。",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
}

#[test]
fn a_custom_template_reads_every_element_and_free_data_of_a_document() {
    let dir = Dir::new();
    let t = dir.write(
        "t/brief.hbs",
        r#"<document><title>{{doc.title}}</title>
<p>{{doc.path}}|{{doc.number}}|{{join doc.organ "、"}}|{{doc.secrecy}}|{{doc.extra.批次}}|{{#each extra.名单}}{{姓名}}{{/each}}</p>
{{#each doc.body}}{{#if heading}}<heading level="{{level}}" number="{{number}}">{{heading}}</heading>{{/if}}{{/each}}
<signature date="{{date doc.date}}">{{#each doc.signature}}<issuer>{{text}}</issuer>{{/each}}</signature>
</document>"#,
    );
    let plan = dir.write(
        "d.yaml",
        "format: 1
document:
  title: 关于某事的情况报告
  number: 某政〔2025〕1号
  organ: [某某局, 某某委]
  secrecy: 机密★1年
  body:
    - heading: 基本情况
    - heading: 三、下一步打算
  issuer: [某某局, 某某委]
  date: 2025-02-01
  extra: {批次: 第一批}
extra:
  名单: [{姓名: 张某}, {姓名: 李某}]
",
    );
    let out = dir.join("out");
    let o = rectdoc(&[
        "render",
        s(&plan),
        "--templates",
        s(t.parent().expect("folder")),
        "--doc",
        "brief",
        "--format",
        "model",
        "-o",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let model = std::fs::read_to_string(out.join("d-brief.model.txt")).expect("model");
    for want in [
        "document|某政〔2025〕1号|某某局、某某委|机密★1年|第一批|张某李某",
        "一、 | 基本情况",
        "三、 | 下一步打算",
    ] {
        assert!(model.contains(want), "{want}\nnot in:\n{model}");
    }
}

#[test]
fn the_worked_example_is_a_valid_document_and_its_commands_run() {
    let doc = std::fs::read_to_string(root().join("docs/从零写一份报告.md")).expect("the example");
    let start = doc.find("```yaml\n").expect("the YAML") + 8;
    let end = start + doc[start..].find("```").expect("its end");
    let dir = Dir::new();
    let p = dir.write("报告.yaml", &doc[start..end]);
    let o = rectdoc(&["validate", s(&p)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // Its commands, from the repository root, in a folder of their own.
    let mut in_sh = false;
    let mut lines = vec![];
    for l in doc.lines() {
        if l.starts_with("```") {
            in_sh = l == "```sh";
        } else if in_sh && l.starts_with("rectdoc ") {
            lines.push(l);
        }
    }
    assert!(lines.len() >= 4, "{lines:?}");
    for line in lines {
        let mut args: Vec<String> = line.split_whitespace().skip(1).map(String::from).collect();
        let out = dir.join("run");
        for (i, a) in args.clone().iter().enumerate() {
            let prev = if i > 0 {
                args[i - 1].clone()
            } else {
                String::new()
            };
            if prev == "-o" || (args[0] == "init" && i == 1) {
                args[i] = out.join(a).display().to_string();
            }
        }
        let o = cmd().args(&args).current_dir(&root()).run();
        assert!(o.status.success(), "{line}: {}", stderr(&o));
    }
}
