//! OFD (GB/T 33190-2016): the example's notice, plan and ledger as OFD, read back by an
//! independent reader (easyofd, PyPI, with PyMuPDF; installed by `.ci/run`) and compared
//! with the PDF of the same pages: pages, sizes, text in reading order, embedded fonts, and
//! every glyph's position within 0.5 mm.

use super::filing::{KINDS, outputs};
use super::util::{example_plan, rectdoc, root};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Runs `tests/tools/ofd_read.py MODE FILE` and returns its tab-separated records (the
/// reader prints other lines of its own, which are left out).
fn read(mode: &str, file: &Path) -> Vec<Vec<String>> {
    let out = Command::new("python3")
        .arg(root().join("tests/tools/ofd_read.py"))
        .arg(mode)
        .arg(file)
        .output()
        .expect("python3 runs");
    // Exit 2: the reader is not installed. That fails the test: it never skips.
    assert!(
        out.status.success(),
        "the OFD reader failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
        .filter(|f| {
            matches!(
                (f[0].as_str(), f.len()),
                ("page" | "font", 4) | ("text", 3) | ("glyph" | "turned", 5)
            )
        })
        .collect()
}

fn file(kind: &str, ext: &str) -> std::path::PathBuf {
    outputs().join(format!("huiji-2024-{kind}.{ext}"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF's text page by page, in the order of its content streams (the layout's
/// reading order), without blanks.
fn pdf_pages_text(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-raw", pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(squash).collect();
    // the text ends with a form feed
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// The PDF's page sizes in mm.
fn pdf_page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let (_, pages) = super::util::pdf_words(pdf);
    pages
        .iter()
        .map(|(w, h)| (w * 25.4 / 72.0, h * 25.4 / 72.0))
        .collect()
}

#[test]
fn every_ofd_opens_in_the_reader_with_the_pdfs_pages_text_and_fonts() {
    for kind in KINDS {
        let ofd = file(kind, "ofd");
        let pdf = file(kind, "pdf");
        let records = read("text", &ofd);
        let mut sizes = Vec::new();
        let mut texts: BTreeMap<usize, String> = BTreeMap::new();
        let mut fonts = Vec::new();
        for r in &records {
            match r[0].as_str() {
                "page" => {
                    let w: f64 = r[2].parse().expect("width");
                    let h: f64 = r[3].parse().expect("height");
                    sizes.push((w, h));
                }
                "text" => {
                    let n: usize = r[1].parse().expect("page");
                    texts.entry(n).or_default().push_str(&squash(&r[2]));
                }
                "font" => fonts.push((r[2].clone(), r[3].parse::<usize>().expect("size"))),
                _ => {}
            }
        }
        let want_sizes = pdf_page_sizes(&pdf);
        assert_eq!(sizes.len(), want_sizes.len(), "{kind}: pages");
        for (n, (a, b)) in sizes.iter().zip(&want_sizes).enumerate() {
            assert!(
                (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01,
                "{kind} page {n}: {a:?} mm, the PDF's {b:?}"
            );
        }
        let want_text = pdf_pages_text(&pdf);
        assert_eq!(want_text.len(), sizes.len());
        for (n, want) in want_text.iter().enumerate() {
            let got = texts.get(&n).map_or("", String::as_str);
            assert_eq!(
                got, want,
                "{kind} page {n}: the OFD's text is not the PDF's"
            );
        }
        // every face embedded: as many as the PDF has, each a real font file
        let pdf_fonts = Command::new("pdffonts")
            .arg(&pdf)
            .output()
            .expect("pdffonts runs");
        let listed = String::from_utf8_lossy(&pdf_fonts.stdout).lines().count() - 2;
        assert_eq!(fonts.len(), listed, "{kind}: {fonts:?}");
        for (name, bytes) in &fonts {
            assert!(
                *bytes > 1000,
                "{kind}: font {name} has {bytes} bytes embedded"
            );
        }
    }
}

type Glyphs = BTreeMap<usize, Vec<(String, f64, f64)>>;

fn glyphs(records: &[Vec<String>], kind: &str) -> Glyphs {
    let mut out: Glyphs = BTreeMap::new();
    for r in records.iter().filter(|r| r[0] == kind) {
        out.entry(r[1].parse().expect("page")).or_default().push((
            r[2].clone(),
            r[3].parse().expect("x"),
            r[4].parse().expect("y"),
        ));
    }
    out
}

/// Every upright glyph the reader draws is within 0.5 mm of the same character in the PDF.
/// easyofd does not apply a text object's `CTM`, so it draws the turned page numbers of
/// landscape pages at their object's corner, upright: those are only counted here (their
/// place is checked against the layout by the writer's unit tests).
#[test]
fn the_readers_glyphs_are_where_the_pdf_has_them() {
    const TOLERANCE_MM: f64 = 0.5;
    for kind in KINDS {
        let drawn = read("glyphs", &file(kind, "ofd"));
        let reference = read("glyphs", &file(kind, "pdf"));
        let mut pool = glyphs(&drawn, "glyph");
        let upright = glyphs(&reference, "glyph");
        let turned = glyphs(&reference, "turned");
        let mut checked = 0;
        let mut worst: f64 = 0.0;
        for (page, list) in &upright {
            let candidates = pool.entry(*page).or_default();
            for (ch, x, y) in list {
                let best = candidates
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.0 == *ch)
                    .map(|(i, c)| (i, (c.1 - x).abs().max((c.2 - y).abs())))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                let Some((i, d)) = best else {
                    panic!("{kind} page {page}: {ch} at ({x}, {y}) mm is not in the OFD");
                };
                assert!(
                    d <= TOLERANCE_MM,
                    "{kind} page {page}: {ch} at ({x}, {y}) mm is {d} mm from the OFD's"
                );
                worst = worst.max(d);
                candidates.swap_remove(i);
                checked += 1;
            }
        }
        // What is left are the turned numbers' characters (drawn on one spot, where
        // MuPDF counts a repeated digit once: the text test has them all).
        for (page, list) in &turned {
            let want: BTreeSet<&str> = list.iter().map(|g| g.0.as_str()).collect();
            let got: BTreeSet<&str> = pool
                .get(page)
                .map(|l| l.iter().map(|g| g.0.as_str()).collect())
                .unwrap_or_default();
            assert_eq!(got, want, "{kind} page {page}: the turned number");
            pool.remove(page);
        }
        assert!(
            pool.values().all(Vec::is_empty),
            "{kind}: glyphs the PDF does not have: {pool:?}"
        );
        assert!(checked > 10_000, "{kind}: only {checked} glyphs compared");
        eprintln!("{kind}: {checked} glyphs, worst {worst:.3} mm");
    }
}

/// The package itself: the parts GB/T 33190 asks for, unique object IDs up to
/// `MaxUnitID`, the outline, and a text object turned for every landscape page number.
#[test]
fn the_package_has_the_standards_parts_and_unique_ids() {
    let bytes = std::fs::read(file("ledger", "ofd")).expect("ledger ofd");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut part = |name: &str| {
        let mut b = Vec::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the package"))
            .read_to_end(&mut b)
            .expect("readable");
        b
    };
    let mut xml = |name: &str| String::from_utf8(part(name)).expect("utf-8");
    let ofd = xml("OFD.xml");
    assert!(ofd.contains("<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"));
    assert!(ofd.contains("<ofd:CreationDate>"), "{ofd}");
    let document = xml("Doc_0/Document.xml");
    let doc = roxmltree::Document::parse(&document).expect("Document.xml parses");
    let text = |n: &str| {
        doc.descendants()
            .find(|d| d.tag_name().name() == n)
            .and_then(|d| d.text())
            .unwrap_or_default()
            .to_string()
    };
    let max_id: u32 = text("MaxUnitID").parse().expect("MaxUnitID");
    // the first page's size: the ledger is landscape throughout
    assert_eq!(text("PhysicalBox"), "0 0 297 210");
    let pages: Vec<String> = doc
        .descendants()
        .filter(|d| d.tag_name().name() == "Page")
        .map(|d| d.attribute("BaseLoc").expect("BaseLoc").to_string())
        .collect();
    assert!(!pages.is_empty());
    let mut ids: Vec<u32> = doc
        .descendants()
        .filter(|d| d.tag_name().name() == "Page")
        .map(|d| d.attribute("ID").expect("ID").parse().expect("a number"))
        .collect();
    let mut turned = 0;
    for p in &pages {
        let content = xml(&format!("Doc_0/{p}"));
        let page = roxmltree::Document::parse(&content).expect("Content.xml parses");
        for n in page.descendants().filter(|n| n.attribute("ID").is_some()) {
            ids.push(n.attribute("ID").and_then(|v| v.parse().ok()).expect("ID"));
            if n.attribute("CTM")
                .is_some_and(|c| c.starts_with("0 1 -1 0 "))
            {
                turned += 1;
            }
        }
    }
    // the ledger is all landscape: every page's number is turned
    assert_eq!(turned, pages.len());
    let res = xml("Doc_0/PublicRes.xml");
    let res = roxmltree::Document::parse(&res).expect("PublicRes.xml parses");
    for f in res.descendants().filter(|n| n.tag_name().name() == "Font") {
        ids.push(f.attribute("ID").and_then(|v| v.parse().ok()).expect("ID"));
        let file = f
            .children()
            .find(|c| c.tag_name().name() == "FontFile")
            .and_then(|c| c.text())
            .expect("an embedded font file");
        let font = part(&format!("Doc_0/Res/{file}"));
        assert!(
            ttf_parser::Face::parse(&font, 0).is_ok(),
            "{file} is a font"
        );
    }
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "object IDs are unique");
    assert_eq!(ids.last().copied(), Some(max_id));
}

#[test]
fn ofd_is_byte_identical_on_a_second_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = rectdoc(&[
        "render",
        example_plan().to_str().expect("utf-8"),
        "--doc",
        "all",
        "--format",
        "ofd",
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for kind in KINDS {
        let name = format!("huiji-2024-{kind}.ofd");
        let a = std::fs::read(outputs().join(&name)).expect("first");
        let b = std::fs::read(dir.path().join(&name)).expect("second");
        assert!(a == b, "{name} differs between two renders");
    }
}

/// `--format all` is every file format (the workbook only for a document with a table),
/// and batch's manifest lists the OFD with its pages, the PDF's number.
#[test]
fn format_all_and_the_batch_manifest_include_the_ofd() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_str().expect("utf-8");
    let plan = example_plan();
    let plan = plan.to_str().expect("utf-8");
    let o = rectdoc(&["render", plan, "--format", "all", "-o", d]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("listing")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // the notice has no table: no workbook, and no error
    assert_eq!(
        names,
        [
            "huiji-2024-notice.docx",
            "huiji-2024-notice.ofd",
            "huiji-2024-notice.pdf"
        ]
    );

    let out = tempfile::tempdir().expect("tempdir");
    let o = rectdoc(&[
        "batch",
        plan,
        "--doc",
        "notice",
        "--format",
        "pdf,ofd",
        "-o",
        out.path().to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(out.path().join("manifest.json")).expect("manifest");
    let rows: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let rows = rows["files"].as_array().expect("a list of files");
    let pages = |format: &str| {
        rows.iter()
            .find(|r| r["format"] == format)
            .and_then(|r| r["pages"].as_u64())
            .unwrap_or_else(|| panic!("a {format} row with pages: {text}"))
    };
    assert!(pages("pdf") > 1);
    assert_eq!(pages("ofd"), pages("pdf"));
    // the summary counts the pages once
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        said.contains(&format!("({} PDF pages", pages("pdf"))),
        "{said}"
    );
}
