//! The measure of `tests/onelayout.rs` (issue 13) on the fixture plans: notice, plan and
//! ledger of the starter plan `rectdoc init` writes, and the hostile plan's notice rendered
//! as `tests/scripts/outputs.sh` renders it (`--allow-missing-glyphs`). Each document is
//! rendered once and LibreOffice converts the four DOCX in one run. The figures are written
//! to `target/test-out/onelayout/<name>.txt`.

use crate::onelayout::{Measure, measure_and_report};
use crate::util::{libreoffice, out_dir, rectdoc, root, s, stderr};
use std::path::{Path, PathBuf};

fn render(plan: &Path, doc: &str, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "render",
        s(plan),
        "--doc",
        doc,
        "--format",
        "docx,pdf",
        "-o",
        s(out),
    ];
    args.extend_from_slice(extra);
    let o = rectdoc(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// What each document is held at: the share of identical body lines and the page gap,
/// ratchets at the figures measured (2026-11-30). The starter plan (the example's content)
/// reaches the 95 % and equal pages: 95.1 %, 95.4 %, 97.5 %. The hostile notice
/// does not: 22 of 29 lines (75.9 %), pages equal. All seven lines that differ hold 😀,
/// which no face of the PDF has: the PDF leaves it out (`--allow-missing-glyphs`) and
/// breaks one paragraph a line earlier, LibreOffice sets it from an emoji face.
const HELD: [(&str, f64, usize); 4] = [
    ("init-notice", 0.95, 0),
    ("init-plan", 0.95, 0),
    ("init-ledger", 0.97, 0),
    ("hostile-notice", 0.758, 0),
];

#[test]
fn fixture_plans_pdf_and_docx_show_the_same_lines() {
    let dir = out_dir("onelayout-fixtures");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create folder");
    let init = dir.join("init");
    let o = rectdoc(&["init", s(&init)]);
    assert!(o.status.success(), "{}", stderr(&o));
    render(&init.join("plan.yaml"), "all", &dir.join("init-out"), &[]);
    let hostile = root().join("tests/fixtures/templates/hostile.yaml");
    render(
        &hostile,
        "notice",
        &dir.join("hostile-out"),
        &["--allow-missing-glyphs"],
    );
    // (name, our PDF, our DOCX copied under the name LibreOffice's PDF will carry)
    let mut docs: Vec<(&str, PathBuf, PathBuf)> = Vec::new();
    for (name, _, _) in HELD {
        let (from, stem) = match name.split_once('-').expect("a name") {
            ("init", kind) => ("init-out", format!("plan-{kind}")),
            (_, kind) => ("hostile-out", format!("hostile-{kind}")),
        };
        let base = dir.join(from).join(stem);
        let docx = dir.join(format!("{name}.docx"));
        std::fs::copy(base.with_extension("docx"), &docx).expect("copy docx");
        docs.push((name, base.with_extension("pdf"), docx));
    }
    let lo_dir = dir.join("libreoffice");
    std::fs::create_dir_all(&lo_dir).expect("create folder");
    let files: Vec<PathBuf> = docs.iter().map(|(_, _, d)| d.clone()).collect();
    let lo = libreoffice(&files, "pdf", &lo_dir);
    let mut short = Vec::new();
    for ((name, min_share, max_gap), ((_, pdf, _), lo)) in HELD.iter().zip(docs.iter().zip(&lo)) {
        let m: Measure = measure_and_report(name, pdf, lo);
        if m.share() < *min_share || m.pdf_pages.abs_diff(m.docx_pages) > *max_gap {
            short.push(format!(
                "{name}: {:.1} % identical lines (at least {:.1} % held), PDF {} pages, DOCX in LibreOffice {} (target/test-out/onelayout/{name}.txt)",
                100.0 * m.share(),
                100.0 * min_share,
                m.pdf_pages,
                m.docx_pages
            ));
        }
    }
    assert!(short.is_empty(), "{}", short.join("\n"));
}
