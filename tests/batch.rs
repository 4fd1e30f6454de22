//! `rectdoc batch` through the real binary: many generated plans (the example with varied
//! units and departments) as DOCX and PDF with a manifest whose hashes match the files; a
//! broken plan reported with its location while the others are written; existing files
//! kept; names sanitised and unique; SIGINT leaves no partial file.

use crate::util::{Dir, example_plan, rectdoc, s, stderr};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How many plans the big test generates: the 200 (800 files) in a release build
/// (`cargo test --release --test integration many_plans`); 12 in a debug build, which keeps
/// what the test covers (every department variant, a broken plan in the middle, two jobs)
/// while the default `cargo test` stays quick. `RECTDOC_BATCH_PLANS` overrides both.
fn plan_count() -> usize {
    std::env::var("RECTDOC_BATCH_PLANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 12 } else { 200 })
}

const DEPARTMENTS: [&str; 5] = ["综合科", "财务室", "政务服务科", "督查监管科", "大数据科"];

/// Plan `i`: the example with its own unit and departments renamed per plan.
fn plan_text(i: usize) -> String {
    let mut y = std::fs::read_to_string(example_plan()).expect("example");
    y = y.replace(
        "name: 中共郑州市惠济区行政审批和政务信息管理局党组",
        &format!("name: 中共第{i}区测试局党组"),
    );
    for (k, d) in DEPARTMENTS.iter().enumerate() {
        let new = format!("{}{}", ["第一", "第二", "第三"][(i + k) % 3], d);
        y = y.replace(d, &new);
    }
    y
}

fn write_plans(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let p = dir.join(format!("plan-{i:03}.yaml"));
            std::fs::write(&p, plan_text(i)).expect("write plan");
            p
        })
        .collect()
}

fn manifest(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("manifest.json")).expect("manifest.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    v["files"].as_array().expect("files").clone()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every manifest entry's file exists with the recorded size and hash.
fn assert_manifest_matches(out: &Path, files: &[serde_json::Value]) {
    for e in files {
        let path = out.join(e["path"].as_str().expect("path"));
        let bytes = std::fs::read(&path).unwrap_or_else(|_| panic!("{} exists", path.display()));
        assert_eq!(e["bytes"].as_u64(), Some(bytes.len() as u64), "{e}");
        assert_eq!(e["sha256"].as_str(), Some(sha256(&bytes).as_str()), "{e}");
    }
}

#[test]
fn many_plans_with_one_broken_write_every_other_document_and_a_true_manifest() {
    let n = plan_count();
    let input = Dir::new();
    let plans = write_plans(input.path(), n);
    // One broken plan among them: an unknown status.
    let broken = &plans[n / 2];
    let text = std::fs::read_to_string(broken).expect("read");
    std::fs::write(
        broken,
        text.replacen("status: 已完成", "status: finshed", 1),
    )
    .expect("write");
    let out = Dir::new();
    let o = rectdoc(&[
        "batch",
        s(input.path()),
        "-o",
        s(out.path()),
        "--doc",
        "notice,ledger",
        "--format",
        "docx,pdf",
        "--jobs",
        "2",
        "--diagnostic-format",
        "short",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The broken plan is reported at its line and column.
    let name = broken.file_name().and_then(|f| f.to_str()).expect("name");
    let line = err
        .lines()
        .find(|l| l.contains(name) && l.contains("unknown status `finshed`"))
        .unwrap_or_else(|| panic!("located error in {err}"));
    let loc: Vec<&str> = line.splitn(4, ':').collect();
    assert!(
        loc[1].parse::<usize>().is_ok() && loc[2].parse::<usize>().is_ok(),
        "{line}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("1 plan failed"), "{stdout}");
    assert!(
        stdout.contains(&format!("failed: {}", broken.display())),
        "{stdout}"
    );

    // Every other plan's notice and ledger as DOCX and PDF, listed with true hashes.
    let files = manifest(out.path());
    assert_eq!(files.len(), 4 * (n - 1));
    assert_manifest_matches(out.path(), &files);
    for p in plans.iter().filter(|p| *p != broken) {
        let stem = p.file_stem().and_then(|f| f.to_str()).expect("stem");
        for f in ["notice.docx", "notice.pdf", "ledger.docx", "ledger.pdf"] {
            let f = out.path().join(format!("{stem}-{f}"));
            assert!(f.is_file(), "{} written", f.display());
        }
    }
    let pdf = files
        .iter()
        .find(|e| e["format"] == "pdf")
        .expect("a pdf entry");
    assert!(pdf["pages"].as_u64().unwrap_or(0) > 10, "{pdf}");
    // The CSV has the same rows.
    let csv = std::fs::read_to_string(out.path().join("manifest.csv")).expect("csv");
    assert_eq!(csv.lines().count(), files.len() + 1);
    assert!(csv.starts_with("plan,document,department,format,path,pages,bytes,sha256"));
    // Nothing half-written, nothing else.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    assert_eq!(names.len(), files.len() + 2);
}

#[test]
fn names_from_the_pattern_are_sanitised_and_unique() {
    let input = Dir::new();
    // Two plans of one unit, one with a hostile unit name.
    let a = input.path().join("a.yaml");
    let b = input.path().join("b.yaml");
    let text = std::fs::read_to_string(example_plan()).expect("example");
    std::fs::write(&a, &text).expect("write");
    std::fs::write(
        &b,
        text.replace(
            "name: 中共郑州市惠济区行政审批和政务信息管理局党组",
            "name: \"../../x\\\\y\"",
        ),
    )
    .expect("write");
    let out = Dir::new();
    let o = rectdoc(&[
        "batch",
        s(&a),
        s(&b),
        s(&a),
        "-o",
        s(out.path()),
        "--format",
        "model",
        "--name",
        "{short}-{doc}-{date}",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = manifest(out.path())
        .iter()
        .map(|e| e["path"].as_str().expect("path").to_string())
        .collect();
    names.sort();
    // Both plans have the short name 局党组: the second gets -2 (a plan given twice is one).
    assert_eq!(
        names,
        [
            "局党组-notice-2024-09-26-2.model.txt",
            "局党组-notice-2024-09-26.model.txt"
        ]
    );
    let o = rectdoc(&[
        "batch",
        s(&b),
        "-o",
        s(out.path()),
        "--format",
        "model",
        "--name",
        "{unit}",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = manifest(out.path());
    let name = files[0]["path"].as_str().expect("path");
    assert!(
        !name.contains(['/', '\\']) && !name.contains(".."),
        "{name}"
    );
    assert!(out.path().join(name).is_file(), "{name}");
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let out = Dir::new();
    let target = out.path().join("huiji-2024-notice.model.txt");
    std::fs::write(&target, "mine").expect("write");
    let plan = example_plan();
    let args = ["batch", s(&plan), "-o", s(out.path()), "--format", "model"];
    let o = rectdoc(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("kept"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "mine");
    assert_eq!(manifest(out.path())[0]["status"], "kept");

    let mut forced = args.to_vec();
    forced.push("--force");
    let o = rectdoc(&forced);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .starts_with("document kind=notice")
    );
    let files = manifest(out.path());
    assert_eq!(files[0]["status"], "written");
    assert_manifest_matches(out.path(), &files);
}

#[test]
fn globs_and_usage_errors() {
    let input = Dir::new();
    write_plans(input.path(), 2);
    let out = Dir::new();
    let pattern = format!("{}/plan-*.yaml", s(input.path()));
    let o = rectdoc(&["batch", &pattern, "-o", s(out.path()), "--format", "model"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(manifest(out.path()).len(), 2);
    // Plain progress lines when stderr is not a terminal.
    assert!(stderr(&o).contains("[2/2] "), "{}", stderr(&o));

    for bad in [
        vec!["--name", "{unti}"],
        vec!["--format", "odt"],
        vec!["--doc", "notcie"],
        vec!["--jobs", "0"],
    ] {
        let mut a = vec!["batch", &pattern, "-o", s(out.path())];
        a.extend(bad.iter().copied());
        let o = rectdoc(&a);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
    }
    let o = rectdoc(&["batch", "no/such/file.yaml", "-o", s(out.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn sigint_midway_leaves_no_partial_file() {
    let input = Dir::new();
    let plans = write_plans(input.path(), 30);
    let out = Dir::new();
    let child = Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .args(crate::util::batch_args(input.path(), out.path()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until the first files are written, then interrupt.
    let mut seen = 0;
    for _ in 0..1200 {
        seen = std::fs::read_dir(out.path())
            .map(|r| {
                r.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".pdf"))
                    .count()
            })
            .unwrap_or(0);
        if seen > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(seen > 0, "the run wrote something");
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let o = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(130), "{stdout}\n{}", stderr(&o));
    assert!(stdout.starts_with("interrupted"), "{stdout}");

    // No temporary file; every file there is whole and in the manifest.
    let files = manifest(out.path());
    assert!(files.len() < 2 * plans.len(), "stopped midway");
    assert_manifest_matches(out.path(), &files);
    for e in std::fs::read_dir(out.path()).expect("read") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        assert!(!name.ends_with(".tmp") && !name.starts_with('.'), "{name}");
        let bytes = std::fs::read(&p).expect("read");
        if name.ends_with(".pdf") {
            assert!(
                bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"),
                "{name} whole"
            );
        } else if name.ends_with(".docx") {
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a whole zip");
        }
        if !name.starts_with("manifest") {
            assert!(
                files.iter().any(|f| f["path"] == name.as_str()),
                "{name} in manifest"
            );
        }
    }
}

#[test]
fn split_by_department_names_each_part() {
    let out = Dir::new();
    let plan = example_plan();
    let o = rectdoc(&[
        "batch",
        s(&plan),
        "-o",
        s(out.path()),
        "--doc",
        "ledger",
        "--format",
        "model",
        "--split-by",
        "department",
        "--name",
        "{short}-{doc}-{department}",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = manifest(out.path());
    assert!(files.len() > 1, "one file per department");
    for e in &files {
        let dept = e["department"].as_str().expect("department");
        assert!(!dept.is_empty(), "{e}");
        let want = format!("局党组-ledger-{dept}.model.txt");
        assert_eq!(e["path"].as_str(), Some(want.as_str()), "{e}");
    }
    assert!(files.iter().any(|e| e["department"] == "综合科"));
    assert_manifest_matches(out.path(), &files);
}
