//! Hostile plans, templates and output folders (issue 15), through the real binary. Each
//! case builds its input and runs rectdoc under `prlimit --as=1G` (and a CPU-time limit,
//! with a `timeout` for cases that could block), so that a regression fails instead of
//! taking the machine down; each must end with exit 0, 1 or (I/O) 2, a message that names
//! the place, and no partial or temporary file.

use crate::util::example_plan;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MEMORY: &str = "--as=1073741824";

/// rectdoc under 1 GB of address space, `cpu` seconds of CPU and a wall-clock backstop.
fn limited(cpu: u32, args: &[&str]) -> Output {
    Command::new("timeout")
        .args([
            "-s",
            "KILL",
            "600",
            "prlimit",
            MEMORY,
            &format!("--cpu={cpu}"),
            "--",
        ])
        .arg(env!("CARGO_BIN_EXE_rectdoc"))
        .args(args)
        .output()
        .expect("run rectdoc under prlimit")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn no_temporary_files(dir: &Path) {
    for n in names(dir) {
        assert!(!n.ends_with(".tmp"), "temporary file left: {n}");
    }
}

/// The example plan with `edit` applied, written to `dir/NAME`.
fn example_with(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let y = std::fs::read_to_string(example_plan()).expect("example");
    let p = dir.join(name);
    std::fs::write(&p, edit(y)).expect("write plan");
    p
}

fn minimal_plan(dir: &Path, name: &str, unit: &str, problems: &str) -> PathBuf {
    let yaml = format!(
        "format: 1
unit: {{name: \"{unit}\", short: 局党组}}
inspection: {{by: 区委, group: 第一巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}}
documents: {{notice: {{date: 2024-09-26}}, long: {{date: 2024-09-26}}}}
problems:
{problems}"
    );
    let p = dir.join(name);
    std::fs::write(&p, yaml).expect("write plan");
    p
}

fn problem(title: &str, department: &str) -> String {
    format!(
        "  - title: \"{title}\"\n    owner: {{leader: 局长, department: \"{department}\", person: 张某}}\n    status: 已完成\n    measures: [已整改。]\n"
    )
}

#[test]
fn aliases_of_a_megabyte_scalar_are_refused_with_a_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut y = String::from("format: 1\nextra:\n  a: &a \"");
    y.push_str(&"x".repeat(1_000_000));
    y.push_str("\"\n  b: [");
    y.push_str(&vec!["*a"; 4000].join(", "));
    y.push_str("]\n");
    let plan = dir.path().join("bomb.yaml");
    std::fs::write(&plan, y).expect("write");
    for cmd in ["validate", "render"] {
        let mut args = vec![cmd, s(&plan)];
        if cmd == "render" {
            args.extend(["-o", s(dir.path())]);
        }
        let o = limited(60, &args);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        assert!(
            t.contains("aliases expand to more than 16 MB of text"),
            "{t}"
        );
        assert!(t.contains("bomb.yaml:4:"), "{t}");
    }
    assert_eq!(names(dir.path()), ["bomb.yaml"]);
}

#[test]
fn partials_including_each_other_are_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("t");
    std::fs::create_dir_all(t.join("partials")).expect("mkdir");
    std::fs::write(t.join("partials/a.hbs"), "{{> b}}").expect("write");
    std::fs::write(t.join("partials/b.hbs"), "<p>x</p>\n{{> a}}").expect("write");
    std::fs::write(t.join("notice.hbs"), "<document>\n{{> a}}\n</document>").expect("write");
    let out = dir.path().join("out");
    let plan = example_plan();
    for args in render_and_check(&plan, &t, &out) {
        let o = limited(60, &args);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        assert!(t.contains("partials include each other without end"), "{t}");
        assert!(
            t.contains("partials/b.hbs:2:1") || t.contains("partials/a.hbs:1:1"),
            "{t}"
        );
    }
    assert!(!out.exists());
}

#[test]
fn a_word_of_400_000_letters_is_broken_in_linear_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(
        t.join("long.hbs"),
        "<document><p>{{unit.name}}</p></document>",
    )
    .expect("write");
    let word = "x".repeat(400_000);
    let plan = minimal_plan(dir.path(), "long.yaml", &word, &problem("问题", "综合科"));
    let out = dir.path().join("out");
    // Quadratic breaking took minutes of CPU here in a debug build.
    let o = limited(
        120,
        &[
            "render",
            s(&plan),
            "--templates",
            s(&t),
            "--doc",
            "long",
            "--format",
            "pdf",
            "-o",
            s(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(names(&out), ["long-long.pdf"]);
}

#[test]
fn nested_loops_over_all_problems_stop_at_the_markup_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).expect("mkdir");
    let each = "{{#each @root.all_problems}}";
    let end = "{{/each}}";
    std::fs::write(
        t.join("notice.hbs"),
        format!("<document>\n{each}{each}{each}{each}<p>{{{{title}}}}</p>{end}{end}{end}{end}\n</document>"),
    )
    .expect("write");
    let out = dir.path().join("out");
    let plan = example_plan();
    for args in render_and_check(&plan, &t, &out) {
        let o = limited(120, &args);
        let t = text(&o);
        assert_eq!(o.status.code(), Some(1), "{t}");
        assert!(
            t.contains("template `notice` renders more than 16 MB of markup"),
            "{t}"
        );
        assert!(t.contains("notice.hbs:1:1"), "{t}");
    }
    // The limit is an option.
    let o = limited(60, &["check", "--templates", s(&t), "--max-markup", "1"]);
    assert!(
        text(&o).contains("more than 1 MB of markup"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

#[test]
fn departments_whose_names_clean_up_alike_get_their_own_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let problems = ["财务/审计", "财务_审计", "财务 审计"]
        .iter()
        .map(|d| problem("问题", d))
        .collect::<String>();
    let plan = minimal_plan(dir.path(), "p.yaml", "测试局党组", &problems);
    let out = dir.path().join("out");
    let o = limited(
        120,
        &[
            "render",
            s(&plan),
            "--split-by",
            "department",
            "--format",
            "model",
            "-o",
            s(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        names(&out),
        [
            "p-notice-财务 审计.model.txt",
            "p-notice-财务_审计-2.model.txt",
            "p-notice-财务_审计.model.txt",
        ]
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
}

/// rectdoc with files limited to `bytes` (SIGXFSZ ignored, so a write fails with EFBIG as
/// on a full disk).
fn with_file_size_limit(bytes: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; exec timeout -s KILL 600 prlimit --as=1073741824 --cpu=120 --fsize=\"$0\" -- \"$@\"")
        .arg(bytes.to_string())
        .arg(env!("CARGO_BIN_EXE_rectdoc"))
        .args(args)
        .output()
        .expect("run rectdoc")
}

#[test]
fn a_failed_write_leaves_nothing_and_batch_reports_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    // Models are small, PDFs and DOCX are not: some writes succeed, one fails.
    let o = with_file_size_limit(
        60_000,
        &[
            "render",
            s(&example_plan()),
            "--doc",
            "all",
            "--format",
            "model,docx,pdf",
            "-o",
            s(&out),
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("cannot write") && t.contains("nothing written"),
        "{t}"
    );
    assert_eq!(names(&out), Vec::<String>::new(), "{t}");

    // batch: the failed plan counts as failed; the manifest holds what was written.
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("mkdir");
    let plan = example_with(&plans, "a.yaml", |y| y);
    let o = with_file_size_limit(
        60_000,
        &["batch", s(&plan), "--format", "model,pdf", "-o", s(&out)],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("1 plan failed") && t.contains("failed: "), "{t}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    let v: serde_json::Value = serde_json::from_str(&manifest).expect("json");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(0), "{manifest}");
    assert_eq!(names(&out), ["manifest.csv", "manifest.json"]);
}

#[test]
fn a_plan_whose_ledger_failed_is_reported_as_partly_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(
        t.join("ledger.hbs"),
        "<document><p>{{no.such}}</p></document>",
    )
    .expect("write");
    let out = dir.path().join("out");
    let o = limited(
        120,
        &[
            "batch",
            s(&example_plan()),
            "--templates",
            s(&t),
            "--doc",
            "notice,ledger",
            "--format",
            "model",
            "-o",
            s(&out),
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("partly written: ")
            && t.contains(
                "written: huiji-2024-notice.model.txt; not written: huiji-2024-ledger.model.txt"
            ),
        "{t}"
    );
}

#[test]
fn long_names_fit_with_their_temporary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A plan file name of 250 bytes: the output names are cut to fit, and so are their
    // temporary files.
    let stem = "p".repeat(245);
    let plan = example_with(dir.path(), &format!("{stem}.yaml"), |y| y);
    let out = dir.path().join("out");
    let o = limited(
        120,
        &["render", s(&plan), "--format", "model,docx", "-o", s(&out)],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let n = names(&out);
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(n.iter().all(|x| x.len() <= 255), "{n:?}");
    let unit = "长".repeat(80);
    let plan = example_with(dir.path(), "u.yaml", |y| {
        y.replace(
            "name: 中共郑州市惠济区行政审批和政务信息管理局党组",
            &format!("name: {unit}"),
        )
    });
    let o = limited(
        120,
        &[
            "batch",
            s(&plan),
            "--name",
            "{unit}-{doc}",
            "--format",
            "model",
            "-o",
            s(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    no_temporary_files(&out);
}

#[test]
fn sigterm_stops_a_batch_like_sigint_and_stale_temporaries_go_next_time() {
    let input = tempfile::tempdir().expect("tempdir");
    for i in 0..30 {
        example_with(input.path(), &format!("plan-{i:02}.yaml"), |y| {
            y.replace(
                "name: 中共郑州市惠济区行政审批和政务信息管理局党组",
                &format!("name: 第{i}局党组"),
            )
        });
    }
    let out = tempfile::tempdir().expect("tempdir");
    let child = Command::new("prlimit")
        .args([MEMORY, "--"])
        .arg(env!("CARGO_BIN_EXE_rectdoc"))
        .args(crate::util::batch_args(input.path(), out.path()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut seen = false;
    for _ in 0..2400 {
        seen = names(out.path()).iter().any(|n| n.ends_with(".pdf"));
        if seen {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(seen, "the run wrote something");
    // prlimit execs rectdoc: the child's id is rectdoc's.
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let o = child.wait_with_output().expect("wait");
    let t = text(&o);
    assert_eq!(o.status.code(), Some(130), "{t}");
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("interrupted"),
        "{t}"
    );
    assert!(out.path().join("manifest.json").exists(), "{t}");
    no_temporary_files(out.path());

    // What a SIGKILL leaves: a complete temporary file of a process that is gone.
    let stale = ".plan-00-notice.pdf.4294967.tmp";
    std::fs::write(out.path().join(stale), b"%PDF-").expect("write");
    let mine = ".notes.txt.4294967.tmp";
    std::fs::write(out.path().join(mine), b"not rectdoc's").expect("write");
    let o = limited(
        120,
        &[
            "render",
            s(&example_plan()),
            "--format",
            "model",
            "-o",
            s(out.path()),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "removed 1 temporary file left by an interrupted run in {}: {stale}",
            out.path().display()
        )),
        "{}",
        text(&o)
    );
    assert!(!out.path().join(stale).exists());
    assert!(
        out.path().join(mine).exists(),
        "only rectdoc's own pattern is removed"
    );
}

#[test]
fn a_fifo_or_a_link_to_a_device_in_the_output_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let fifo = out.join("huiji-2024-notice.pdf");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    std::os::unix::fs::symlink("/dev/zero", out.join("huiji-2024-notice.docx")).expect("symlink");
    let o = limited(120, &["batch", s(&example_plan()), "-o", s(&out)]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains(&format!(
            "cannot use {}: it is a FIFO, not a regular file",
            fifo.display()
        )),
        "{t}"
    );
    assert!(t.contains("1 plan failed"), "{t}");
}

#[test]
fn invisible_formatting_characters_never_fail_the_pdf_nor_reach_a_file_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = "整改\u{200D}到位\u{202E}fdp\u{FE00}第一行\u{2028}第二行\u{2029}完\u{7F}";
    let plan = example_with(dir.path(), "odd.yaml", |y| {
        y.replace("title: 个别问题整改不到位", &format!("title: \"{odd}\""))
            .replace(
                "name: 中共郑州市惠济区行政审批和政务信息管理局党组",
                "name: \"测试\u{202E}局党组\"",
            )
    });
    let out = dir.path().join("out");
    let o = limited(
        120,
        &[
            "batch",
            s(&plan),
            "--doc",
            "notice",
            "--format",
            "pdf,docx",
            "--name",
            "{unit}-{doc}",
            "-o",
            s(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        names(&out),
        [
            "manifest.csv",
            "manifest.json",
            "测试局党组-notice.docx",
            "测试局党组-notice.pdf"
        ]
    );
    // U+2028 broke the line: 第一行 ends one line of the PDF, 第二行 starts the next.
    let txt = Command::new("pdftotext")
        .args(["-layout", s(&out.join("测试局党组-notice.pdf")), "-"])
        .output()
        .expect("pdftotext");
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(
        txt.lines().any(|l| l.trim_end().ends_with("第一行")),
        "{txt}"
    );
    assert!(
        txt.lines().any(|l| l.trim_start().starts_with("第二行")),
        "{txt}"
    );
}

#[test]
fn a_million_line_golden_mismatch_is_diffed_in_little_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let golden = dir.path().join("golden");
    let o = limited(120, &["check", "--golden", s(&golden), "--update-golden"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let snapshot = names(&golden)
        .into_iter()
        .find(|n| n.ends_with(".model.txt"))
        .expect("a model snapshot");
    let big: String = (0..1_000_000).map(|i| format!("line {i}\n")).collect();
    std::fs::write(golden.join(&snapshot), big).expect("write");
    let o = limited(120, &["check", "--golden", s(&golden)]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(
        t.contains("golden mismatch") && t.contains("the diff goes on"),
        "{t}"
    );
}

#[test]
fn one_plan_named_twice_is_rendered_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = example_with(dir.path(), "plan.yaml", |y| y);
    let out = dir.path().join("out");
    let dotted = dir.path().join(".").join("plan.yaml");
    let o = limited(
        120,
        &[
            "batch",
            s(&plan),
            s(&dotted),
            "--format",
            "model",
            "-o",
            s(&out),
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("done: 1 plan, 1 file written"), "{t}");
}

/// `render` of `plan` into `out` and `check`, each with the templates folder `t`: a template
/// that one rejects, the other must reject too.
fn render_and_check<'a>(plan: &'a Path, t: &'a Path, out: &'a Path) -> [Vec<&'a str>; 2] {
    [
        vec!["render", s(plan), "--templates", s(t), "-o", s(out)],
        vec!["check", "--templates", s(t)],
    ]
}
