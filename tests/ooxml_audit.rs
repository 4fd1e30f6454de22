//! Validation by a program we did not write: every DOCX and XLSX rectdoc writes for the
//! example is checked against the Open XML SDK's schemas and semantic rules by
//! `openxml-audit` (PyPI, pinned in `.ci/run`), under its strict policy. Any finding fails,
//! and so does a machine without the tool: the test never skips.

use crate::util::{Dir, rectdoc, s, stderr};
use std::path::Path;
use std::process::Command;

/// Renders `args` (after `render PLAN`) into `out`.
fn render(out: &Path, extra: &[&str]) {
    let plan = crate::util::example_plan();
    let mut args = vec!["render", s(&plan), "-o", s(out)];
    args.extend_from_slice(extra);
    let o = rectdoc(&args);
    assert!(o.status.success(), "{:?}: {}", extra, stderr(&o));
}

/// Every finding `openxml-audit` reports for the DOCX and XLSX files in `dir` (strict policy,
/// no limit on the count), as `file: part path: description` lines.
pub fn audit(dir: &Path) -> Vec<String> {
    let o = Command::new("openxml-audit")
        .args(["--policy", "strict", "-m", "0", "-o", "json", "-r"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("openxml-audit does not run ({e}): install it as .ci/run does (pip install openxml-audit==0.8.0)")
        });
    let out = String::from_utf8_lossy(&o.stdout);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| {
        panic!(
            "openxml-audit's JSON ({e}): {out}\n{}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let files = report.as_array().expect("a list of files");
    let mut names: Vec<&str> = files.iter().filter_map(|f| f["file"].as_str()).collect();
    names.sort();
    let mut findings = Vec::new();
    for f in files {
        let name = f["file"].as_str().unwrap_or("?");
        for kind in ["errors", "warnings"] {
            for e in f[kind].as_array().into_iter().flatten() {
                findings.push(format!(
                    "{name}: {} {}: {}",
                    e["part_uri"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or(""),
                    e["description"].as_str().unwrap_or("")
                ));
            }
        }
        if f["valid"] != serde_json::Value::Bool(true) && findings.is_empty() {
            findings.push(format!("{name}: not valid, without a finding listed"));
        }
    }
    // The tool looked at every file we wrote.
    let written = std::fs::read_dir(dir)
        .expect("the output folder")
        .filter_map(|e| e.ok())
        .filter(|e| {
            let p = e.path();
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("docx" | "xlsx")
            )
        })
        .count();
    assert_eq!(names.len(), written, "audited {names:?}");
    assert!(written > 0, "nothing to audit in {}", dir.display());
    findings
}

#[test]
fn every_docx_and_xlsx_of_the_example_passes_the_open_xml_sdk_rules() {
    let dir = Dir::new();
    let out = dir.join("out");
    // notice, plan (landscape attachment: four footers) and ledger, DOCX and XLSX
    render(&out, &["--doc", "all", "--format", "docx"]);
    render(&out, &["--doc", "plan,ledger", "--format", "xlsx"]);
    // one document per department: other text, the same parts
    let split = dir.join("split");
    render(
        &split,
        &[
            "--doc",
            "notice,ledger",
            "--format",
            "docx,xlsx",
            "--split-by",
            "department",
        ],
    );
    // the other DOCX options: squeezed punctuation (w:overflowPunct) and Windows font names
    let style = dir.write("style.yaml", "punctuation: squeeze\ndocx_fonts: windows\n");
    let styled = dir.join("styled");
    render(
        &styled,
        &["--doc", "all", "--format", "docx", "--style", s(&style)],
    );
    let mut findings = Vec::new();
    for d in [&out, &split, &styled] {
        findings.extend(audit(d));
    }
    assert!(
        findings.is_empty(),
        "openxml-audit:\n{}",
        findings.join("\n")
    );
}

/// The audit is no formality: it finds a paragraph property out of CT_PPr's order, the kind
/// of mistake Word and WPS refuse a file for and LibreOffice forgives.
#[test]
fn the_audit_finds_a_broken_package() {
    let dir = Dir::new();
    let out = dir.join("out");
    render(&out, &["--doc", "notice", "--format", "docx"]);
    let docx = out.join("huiji-2024-notice.docx");
    let broken = dir.join("broken");
    std::fs::create_dir_all(&broken).expect("folder");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&docx).expect("docx")).expect("zip");
    let mut w =
        zip::ZipWriter::new(std::fs::File::create(broken.join("broken.docx")).expect("create"));
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("a UTF-8 part name").to_string();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut text).expect("read");
        if name == "word/document.xml" {
            // jc before ind: out of CT_PPr's order
            let t = String::from_utf8(text).expect("utf-8").replacen(
                "<w:pPr><w:pStyle w:val=\"Title\"/>",
                "<w:pPr><w:pStyle w:val=\"Title\"/><w:jc w:val=\"left\"/><w:ind w:left=\"0\"/>",
                1,
            );
            text = t.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut w, &text).expect("write");
    }
    w.finish().expect("zip");
    let findings = audit(&broken);
    assert!(
        findings.iter().any(|f| f.contains("document.xml")),
        "{findings:?}"
    );
}
