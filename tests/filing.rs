//! Filing formats: the example's notice, plan and ledger as PDF/A-2b, checked by an
//! independent validator (`page`, PyPI page-validation, installed by `.ci/run`).

use super::util::root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The document kinds of the example that are filed.
pub const KINDS: [&str; 3] = ["notice", "plan", "ledger"];

/// The example's notice, plan and ledger (here and in `ofd`), rendered once for the tests.
pub fn outputs() -> &'static Path {
    super::util::example_outputs()
}

/// The validator's rules that may fail. `PDFA2B-TRUETYPE-GLYPH-WIDTH-001` reads a CFF
/// glyph's width from the wrong operand: for CID 10198 of the Noto Serif CJK SC Bold
/// subset it reports −4 (the first stem hint's argument), where fontTools, poppler and the
/// font's own hmtx give 1000, the width in `/DW`. Nothing else is forgiven.
const ALLOWED: &[&str] = &["PDFA2B-TRUETYPE-GLYPH-WIDTH-001"];

#[test]
fn the_examples_pdfs_pass_the_pdfa_2b_profile() {
    let files: Vec<PathBuf> = KINDS
        .iter()
        .map(|k| outputs().join(format!("huiji-2024-{k}.pdf")))
        .collect();
    assert_pdfa_2b(&files);
}

/// Runs the independent PDF/A-2b validator on `files`: every rule but [`ALLOWED`] passes.
pub fn assert_pdfa_2b(files: &[PathBuf]) {
    let out = Command::new("python3")
        .arg(root().join("tests/tools/pdfa_validate.py"))
        .args(files)
        .output()
        .expect("python3 runs");
    // Exit 2: page-validation is not installed. That fails the test: it never skips.
    assert!(
        out.status.success(),
        "the PDF/A validator did not run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).expect("utf-8");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut file = String::new();
    for line in report.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[..] {
            ["file", path, profile, _] => {
                assert_eq!(profile, "2b", "{line}");
                file = path.to_string();
            }
            ["fail", rule, message] if !ALLOWED.contains(&rule) => {
                failures.push(format!("{file}: {rule} {message}"));
            }
            ["fail", ..] => {}
            ["checked", n] => {
                // the profile really ran: PDF/A-2b has well over a hundred rules
                assert!(n.parse::<usize>().expect("a count") > 100, "{line}");
                checked += 1;
            }
            _ => panic!("unexpected validator output: {line}"),
        }
    }
    assert_eq!(checked, files.len(), "{report}");
    assert!(
        failures.is_empty(),
        "PDF/A-2b failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_pdfs_say_they_are_pdfa_2b_with_the_documents_metadata() {
    let pdf = outputs().join("huiji-2024-notice.pdf");
    let bytes = std::fs::read(&pdf).expect("notice pdf");
    let text = String::from_utf8_lossy(&bytes);
    // the XMP packet is left uncompressed, so it can be read from the file as is
    for want in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "/S/GTS_PDFA1",
        "/OutputConditionIdentifier(sRGB IEC61966-2.1)",
    ] {
        assert!(text.contains(want), "{want} missing");
    }
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .expect("a title")
        .trim();
    assert!(!title.is_empty());
    assert!(
        text.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
        "the XMP title is the info title {title}"
    );
}
