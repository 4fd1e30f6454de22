//! Issue 14, "ready for a real office": dates as clerks write them, full-width punctuation,
//! `validate` agreeing with `render`, `check` agreeing with `render` and naming files, fonts
//! of the wrong style or none, the ledger's totals and title, the XLSX ledger's printed pages.

use crate::util::{example_plan, rectdoc};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const HEAD: &str = "format: 1
unit: {name: 中共某某县某某局党组}
inspection: {by: 县委, group: 县委第二巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}
as_of: 2024-10-08
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

// ---- dates ----

const CLERK_DATES: &str = "problems:
  - {id: A, title: 甲, status: 推进中, deadline: 2024年9月30日, owner: {department: 办公室}, measures: [m]}
  - {id: B, title: 乙, status: 推进中, deadline: 2024年9月30日前, owner: {department: 办公室}, measures: [m]}
  - {id: C, title: 丙, status: 推进中, deadline: 9月30日前, owner: {department: 办公室}, measures: [m]}
  - {id: D, title: 丁, status: 推进中, deadline: 2024.9.30, owner: {department: 办公室}, measures: [m]}
  - {id: E, title: 戊, status: 推进中, deadline: 2024/9/30, owner: {department: 办公室}, measures: [m]}
  - {id: F, title: 己, status: 推进中, deadline: 尽快, owner: {department: 办公室}, measures: [m]}
  - {id: G, title: 庚, status: 推进中, deadline: 2024/12/31, owner: {department: 办公室}, measures: [m]}
documents:
  ledger: {date: 2024年10月8日}
  notice: {date: 2024.10.8}
  plan: {date: 2024/6/5}
";

#[test]
fn dates_as_clerks_write_them_fall_due_and_print_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write(dir.path(), "p.yaml", &format!("{HEAD}{CLERK_DATES}"));
    let o = rectdoc(&["validate", s(&plan)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The year chosen for 9月30日前 is named, at its line.
    assert!(
        err.contains("p.yaml:8:")
            && err.contains("deadline `9月30日前` has no year: read as 2024年9月30日前"),
        "{err}"
    );
    let warnings = err.matches("warning:").count();
    assert_eq!(warnings, 2, "the year and 尽快: {err}");

    // Every dated one is 超期 on 2024-10-08; 尽快 is listed as having no due date.
    let o = rectdoc(&["stats", s(&plan), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["overdue_ids"],
        serde_json::json!(["A", "B", "C", "D", "E"])
    );
    assert_eq!(v["no_due_ids"], serde_json::json!(["F"]));
    let o = rectdoc(&["stats", s(&plan)]);
    assert!(
        stdout(&o).contains("no due date      1 (F 尽快)"),
        "{}",
        stdout(&o)
    );

    // Printed as written in the ledger.
    let model = ledger_model(&plan, dir.path());
    for t in [
        "2024年9月30日前",
        "9月30日前",
        "2024.9.30",
        "2024/9/30",
        "尽快",
    ] {
        assert!(model.contains(t), "{t} in {model}");
    }
    assert!(model.contains("2024年10月8日"), "the ledger's date");
}

// ---- full-width punctuation ----

#[test]
fn a_full_width_colon_or_indent_gets_its_own_message_at_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let colon = write(
        dir.path(),
        "colon.yaml",
        &format!(
            "{HEAD}problems:\n  - title: 甲\n    detail：乙\n    owner: {{department: 办公室}}\n    measures: [m]\n"
        ),
    );
    let o = rectdoc(&["validate", "--diagnostic-format", "short", s(&colon)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(
        lines[0],
        format!(
            "{}:7:11: error: 全角冒号 `：` after the key `detail`; YAML needs `:` (hint: write `detail: …` with an ASCII colon and a space)",
            colon.display()
        ),
        "{err}"
    );
    assert_eq!(lines.len(), 1, "{err}");

    let indent = write(
        dir.path(),
        "indent.yaml",
        &format!(
            "{HEAD}problems:\n  - title: 甲\n　　owner: {{department: 办公室}}\n    measures: [m]\n"
        ),
    );
    let o = rectdoc(&["validate", "--diagnostic-format", "short", s(&indent)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "indent.yaml:7:1: error: 全角空格 `　` used as indentation; YAML needs ASCII spaces"
        ),
        "{}",
        stderr(&o)
    );
}

// ---- validate agrees with render ----

/// The `FILE:LINE:COL` of the first diagnostic line containing `what`.
fn place(err: &str, what: &str) -> String {
    let line = err
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("{what} in {err}"));
    line.split(": ").next().expect("a location").to_string()
}

#[test]
fn validate_warns_where_render_fails_for_missing_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "problems:\n  - {title: 甲, owner: {department: 办公室}, measures: [m]}\n";
    let cases = [
        ("none.yaml", String::new(), "no `documents`", "1:1"),
        (
            "bare.yaml",
            "documents:\n  notice:\n".to_string(),
            "`documents.notice` is empty",
            "8:3",
        ),
        (
            "undated.yaml",
            "documents:\n  notice:\n    public: true\n".to_string(),
            "`documents.notice` has no `date`",
            "8:3",
        ),
    ];
    for (name, docs, warning, at) in cases {
        let plan = write(dir.path(), name, &format!("{HEAD}{body}{docs}"));
        let o = rectdoc(&["validate", "--diagnostic-format", "short", s(&plan)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        let w = place(&err, warning);
        assert_eq!(w, format!("{}:{at}", plan.display()), "{name}: {err}");
        assert!(err.contains("the notice"), "{name} names the kind: {err}");

        let out = dir.path().join("out");
        let o = rectdoc(&[
            "render",
            s(&plan),
            "--format",
            "docx",
            "--diagnostic-format",
            "short",
            "-o",
            s(&out),
        ]);
        let rerr = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {rerr}");
        assert_eq!(
            place(&rerr, "the notice needs a date"),
            w,
            "{name}: render points where validate did: {rerr}"
        );
    }
}

// ---- check agrees with render, names files, counts and reports everything ----

#[test]
fn check_rejects_a_template_that_render_rejects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("templates");
    std::fs::create_dir(&t).expect("mkdir");
    // A row spanning more columns than its table: the layout copes, the DOCX writer refuses.
    write(
        &t,
        "wide.hbs",
        "<document>\n<meta title=\"t\" author=\"a\" subject=\"s\" date=\"{{doc.date}}\"></meta>\n<title>表</title>\n<table columns=\"10,10\">\n<row kind=\"header\"><cell>甲</cell><cell>乙</cell></row>\n<row><cell span=\"3\">丙</cell></row>\n</table>\n</document>\n",
    );
    let plan = write(
        dir.path(),
        "p.yaml",
        &format!(
            "{HEAD}problems:\n  - {{title: 甲, owner: {{department: 办公室}}, measures: [m]}}\ndocuments:\n  wide: {{date: 2024-09-26}}\n"
        ),
    );
    let out = dir.path().join("out");
    let r = rectdoc(&[
        "render",
        s(&plan),
        "--templates",
        s(&t),
        "--doc",
        "wide",
        "--format",
        "docx",
        "-o",
        s(&out),
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    let c = rectdoc(&["check", "--templates", s(&t), s(&plan), "--doc", "wide"]);
    assert_eq!(c.status.code(), Some(1), "{}", stderr(&c));
    assert!(stderr(&c).contains("span 3 columns"), "{}", stderr(&c));
}

#[test]
fn check_github_names_a_file_everywhere_counts_unloadable_plans_and_every_template_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("templates");
    std::fs::create_dir_all(t.join("partials")).expect("mkdir");
    write(&t, "notice.hbs", "{{#if x}}unclosed\n");
    write(&t.join("partials"), "block.hbs", "{{#each y}}\n");
    let broken = write(dir.path(), "broken.yaml", "format: 1\nunit: [\n");
    let empty_fonts = dir.path().join("no-fonts");
    std::fs::create_dir(&empty_fonts).expect("mkdir");

    // Templates: both files' errors.
    let o = rectdoc(&["check", "--templates", s(&t), "--format", "github"]);
    let out = stdout(&o);
    assert!(out.contains("notice.hbs"), "{out}");
    assert!(out.contains("block.hbs"), "{out}");

    // A plan that fails to load is counted; layout errors without a line name the plan.
    let o = Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .args([
            "check",
            s(&example_plan()),
            s(&broken),
            "--format",
            "github",
        ])
        .env("RECTDOC_SYSTEM_FONT_DIRS", "")
        .output()
        .expect("run");
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    for line in out.lines().filter(|l| l.starts_with("::")) {
        assert!(
            line.contains(" file="),
            "every annotation names a file: {line}"
        );
    }
    assert!(out.contains("no font for the body"), "{out}");
    assert!(
        stderr(&o).contains("check: 2 plans (1 failed to load)"),
        "{}",
        stderr(&o)
    );
}

// ---- fonts ----

/// A font folder holding only the given system font files (linked), and rectdoc run with
/// the system folders hidden.
fn fonts_dir(dir: &Path, files: &[&str]) -> PathBuf {
    let d = dir.join("fonts");
    std::fs::create_dir_all(&d).expect("mkdir");
    for f in files {
        let src = Path::new(f);
        assert!(src.is_file(), "{f} is installed (.ci/run)");
        std::os::unix::fs::symlink(src, d.join(src.file_name().expect("name"))).expect("link");
    }
    d
}

fn rectdoc_without_system_fonts(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .args(args)
        .env("RECTDOC_SYSTEM_FONT_DIRS", "")
        .output()
        .expect("run rectdoc")
}

const NOTO_SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const FANDOL_HEI: &str = "/usr/local/share/fonts/fandol/FandolHei-Regular.otf";

#[test]
fn a_role_in_a_face_of_another_style_is_warned_once_and_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fonts = fonts_dir(dir.path(), &[NOTO_SERIF, FANDOL_HEI]);
    let out = dir.path().join("out");
    let o = rectdoc_without_system_fonts(&[
        "render",
        s(&example_plan()),
        "--format",
        "pdf",
        "--font-dir",
        s(&fonts),
        "-o",
        s(&out),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let body = "the body (仿宋) text is set in Noto Serif CJK SC, a 宋体-style face: the PDF will not show 仿宋";
    let kai = "the kai (楷体) text is set in Noto Serif CJK SC, a 宋体-style face: the PDF will not show 楷体";
    assert_eq!(err.matches(body).count(), 1, "{err}");
    assert_eq!(err.matches(kai).count(), 1, "{err}");
    assert!(err.contains("texlive-lang-chinese (FandolFang"), "{err}");
    assert!(
        !err.contains("the title"),
        "a 宋体 face serves the title: {err}"
    );
    assert!(!err.contains("the hei"), "FandolHei is a 黑体: {err}");

    let o = rectdoc_without_system_fonts(&["fonts", "--font-dir", s(&fonts)]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert_eq!(text.matches("WRONG").count(), 2, "{text}");
    assert!(
        text.contains("WRONG    the face is 宋体-style, not 仿宋"),
        "{text}"
    );
}

#[test]
fn a_machine_without_cjk_fonts_is_told_what_to_install_and_that_docx_needs_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = rectdoc_without_system_fonts(&["fonts"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("install  fonts-noto-cjk"),
        "{}",
        stdout(&o)
    );

    let out = dir.path().join("out");
    let o = rectdoc_without_system_fonts(&["render", s(&example_plan()), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for role in ["title", "body", "hei", "kai", "song"] {
        assert!(
            err.contains(&format!("no font for the {role}")),
            "{role}: {err}"
        );
    }
    assert!(
        err.contains("apt install texlive-lang-chinese (FandolFang"),
        "{err}"
    );
    assert!(err.contains("apt install fonts-lxgw-wenkai"), "{err}");
    assert!(err.contains("`--format docx` needs no fonts"), "{err}");
    assert!(!out.exists(), "nothing written");

    let o = rectdoc_without_system_fonts(&[
        "render",
        s(&example_plan()),
        "--format",
        "docx",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("huiji-2024-notice.docx").is_file());
}

// ---- the ledger ----

#[test]
fn ledger_totals_leave_out_zero_counts_and_the_title_names_the_inspection_after_guan_yu() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write(
        dir.path(),
        "p.yaml",
        &format!(
            "{HEAD}problems:\n  - {{title: 甲, status: 推进中, owner: {{department: 办公室}}, measures: [m]}}\n  - {{title: 乙, status: 未启动, owner: {{department: 办公室}}, measures: [m]}}\ndocuments:\n  ledger: {{date: 2024-10-08}}\n"
        ),
    );
    let model = ledger_model(&plan, dir.path());
    assert!(
        model.contains("合计：问题2个，推进中1个，未启动1个，完成率0%。"),
        "{model}"
    );
    assert!(!model.contains("0个"), "{model}");
    assert!(
        model.contains("中共某某县某某局党组关于县委第二巡察组反馈问题整改台账"),
        "{model}"
    );
}

/// Rows (1-based, inclusive) of each `<mergeCell ref="A5:C7"/>`.
fn merged_rows(sheet: &str) -> Vec<(u32, u32)> {
    let digits = |s: &str| -> u32 {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .expect("a row")
    };
    sheet
        .split("<mergeCell ref=\"")
        .skip(1)
        .map(|m| {
            let r = m.split('"').next().expect("ref");
            let (a, b) = r.split_once(':').expect("a range");
            (digits(a), digits(b))
        })
        .collect()
}

#[test]
fn xlsx_ledger_merged_cells_never_span_a_printed_page_break() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = rectdoc(&[
        "render",
        s(&example_plan()),
        "--doc",
        "ledger",
        "--format",
        "xlsx",
        "-o",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xlsx = dir.path().join("huiji-2024-ledger.xlsx");
    let sheet = {
        use std::io::Read;
        let f = std::fs::File::open(&xlsx).expect("xlsx");
        let mut z = zip::ZipArchive::new(f).expect("zip");
        let mut s = String::new();
        z.by_name("xl/worksheets/sheet1.xml")
            .expect("sheet")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    };
    // `<brk id="N"/>`: a break after 1-based row N.
    let breaks: Vec<u32> = sheet
        .split("<brk id=\"")
        .skip(1)
        .map(|b| b.split('"').next().expect("id").parse().expect("row"))
        .collect();
    assert!(
        breaks.len() > 10,
        "the ledger prints on many pages: {breaks:?}"
    );
    for (a, b) in merged_rows(&sheet) {
        assert!(
            !breaks.iter().any(|&k| a <= k && k < b),
            "rows {a}-{b} are merged across the break after row {}",
            breaks.iter().find(|&&k| a <= k && k < b).expect("a break")
        );
    }
    assert!(
        !sheet.contains("fitToPage"),
        "a fixed scale: fit-to-page drops page breaks"
    );

    // LibreOffice prints exactly our pages: none of them overflows into a page of its own.
    let profile = dir.path().join("lo-profile");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("pdf"))
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = dir.path().join("pdf/huiji-2024-ledger.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let pages: usize = stdout(&info)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pages")
        .trim()
        .parse()
        .expect("a number");
    assert_eq!(
        pages,
        breaks.len() + 1,
        "LibreOffice added or dropped breaks"
    );
}

/// The ledger model of `plan` (a file `p.yaml`), rendered into `dir/out`.
fn ledger_model(plan: &Path, dir: &Path) -> String {
    let out = dir.join("out");
    let o = rectdoc(&[
        "render",
        s(plan),
        "--doc",
        "ledger",
        "--format",
        "model",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(out.join("p-ledger.model.txt")).expect("model")
}
