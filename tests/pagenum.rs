//! Page numbers on landscape pages (GB/T 9704 §8): a landscape page is the portrait sheet
//! turned, so its number is where the portrait footer is on the sheet: in the page's left
//! margin, turned a quarter, reading downwards, the dashes' middle on x = 35 − 7 = 28 mm;
//! odd pages end it one character above the block's bottom edge (26 mm), even pages start
//! it one character below the block's top edge (182 mm). Checked in the ledger and the plan
//! as PDF (pdftotext boxes and the content stream) and as DOCX (the footers' XML and
//! LibreOffice's rendering).

use crate::docx::unzip;
use crate::ledger::outputs;
use crate::util::{Dir, Word, pdf_words};
use std::path::Path;
use std::process::Command;

const MM: f64 = 72.0 / 25.4;
/// The landscape page's height, pt (pdftotext measures y from the top).
const PAGE_H: f64 = 210.0 * MM;
/// The landscape text block, pt from the top left: x 35–260 mm, y 28–184 mm.
const LEFT: f64 = 35.0 * MM;
const TOP: f64 = 28.0 * MM;
const BOTTOM: f64 = 184.0 * MM;
/// The portrait text block's bottom edge, pt from the top (297 − 35 mm).
const PORTRAIT_BOTTOM: f64 = 262.0 * MM;

#[derive(Debug)]
struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

impl Page {
    fn landscape(&self) -> bool {
        self.width > self.height
    }
}

/// Every word of every page, boxes in points from the page's top left.
fn pages(pdf: &Path) -> Vec<Page> {
    let (words, sizes) = pdf_words(pdf);
    let mut pages: Vec<Page> = sizes
        .into_iter()
        .map(|(width, height)| Page {
            width,
            height,
            words: Vec::new(),
        })
        .collect();
    for w in words {
        pages[w.page].words.push(w);
    }
    pages
}

/// The words in a landscape page's left margin, top to bottom, as one box and text.
fn left_margin_number(p: &Page) -> Option<Word> {
    let mut ws: Vec<&Word> = p.words.iter().filter(|w| w.x1 < LEFT).collect();
    if ws.is_empty() {
        return None;
    }
    ws.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    Some(Word {
        page: ws[0].page,
        x0: ws.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min),
        y0: ws.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min),
        x1: ws.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
        y1: ws.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max),
        text: ws.iter().map(|w| w.text.as_str()).collect(),
    })
}

/// Checks every page's number: portrait pages under the block as before, landscape pages
/// in the left margin at the turned footer's place, within `tol` pt; `one_char` is the
/// indent the backend uses (PDF: the number's size, 14 pt; DOCX: a grid character).
/// Returns the landscape numbers' boxes for the report.
fn check_numbers(pages: &[Page], tol: f64, one_char: f64) -> Vec<(usize, Word)> {
    let mut seen = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let n = i + 1;
        let want = format!("—{n}—");
        if !p.landscape() {
            let under: String = p
                .words
                .iter()
                .filter(|w| w.y0 > PORTRAIT_BOTTOM)
                .map(|w| w.text.as_str())
                .collect();
            assert_eq!(under, want, "portrait page {n}");
            continue;
        }
        assert!((p.height - PAGE_H).abs() < 1.0, "page {n} is 297 × 210");
        let num = left_margin_number(p).unwrap_or_else(|| panic!("no number left on page {n}"));
        assert_eq!(num.text, want, "page {n}");
        // Turned: a tall, narrow box, reading downwards.
        assert!(
            num.y1 - num.y0 > 2.0 * (num.x1 - num.x0),
            "page {n}: {num:?}"
        );
        // Across: centred on the turned footer line, 28 mm from the left edge.
        let mid = (num.x0 + num.x1) / 2.0;
        assert!((mid - 28.0 * MM).abs() < tol, "page {n}: middle at {mid}");
        // Along: odd pages end one character above the block's bottom edge, even pages
        // start one character below its top edge.
        if n % 2 == 1 {
            let end = BOTTOM - one_char;
            assert!(
                (num.y1 - end).abs() < tol,
                "odd page {n}: ends at {}",
                num.y1
            );
        } else {
            let start = TOP + one_char;
            assert!(
                (num.y0 - start).abs() < tol,
                "even page {n}: starts at {}",
                num.y0
            );
        }
        // Nothing left under the landscape block.
        let under: Vec<&Word> = p.words.iter().filter(|w| w.y0 > BOTTOM).collect();
        assert!(under.is_empty(), "page {n}: under the block {under:?}");
        seen.push((n, num));
    }
    seen
}

fn report(what: &str, seen: &[(usize, Word)]) {
    for (n, w) in seen.iter().take(2) {
        eprintln!(
            "{what} page {n}: x {:.2}–{:.2} mm, y {:.2}–{:.2} mm from the top",
            w.x0 / MM,
            w.x1 / MM,
            w.y0 / MM,
            w.y1 / MM
        );
    }
}

#[test]
fn pdf_landscape_numbers_are_turned_in_the_left_margin() {
    for (kind, all_landscape) in [("ledger", true), ("plan", false)] {
        let pdf = outputs().join(format!("huiji-2024-{kind}.pdf"));
        let ps = pages(&pdf);
        let landscape = ps.iter().filter(|p| p.landscape()).count();
        assert!(landscape >= 2, "{kind}: {landscape} landscape pages");
        assert_eq!(landscape == ps.len(), all_landscape, "{kind}");
        // pdftotext boxes a glyph by its face's ascent and descent, so across the line
        // the box is within a point of the em box; along it, the advances are exact.
        let seen = check_numbers(&ps, 1.0 * MM, 14.0);
        assert!(seen.iter().any(|(n, _)| n % 2 == 0) && seen.iter().any(|(n, _)| n % 2 == 1));
        report(kind, &seen);

        // The content stream: one turned text matrix per landscape page, none elsewhere.
        let tmp = Dir::new();
        let qdf = tmp.path().join(format!("{kind}.qdf.pdf"));
        let o = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(&pdf)
            .arg(&qdf)
            .output()
            .expect("qpdf runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&qdf).expect("qdf");
        let text = String::from_utf8_lossy(&bytes);
        let turned = text
            .lines()
            .filter(|l| l.starts_with("0 -1 1 0 ") && l.ends_with(" Tm"))
            .count();
        assert_eq!(turned, landscape, "{kind}: turned Tm operators");
    }
}

#[test]
fn docx_landscape_sections_have_the_turned_number_in_their_footers() {
    for kind in ["ledger", "plan"] {
        let bytes = std::fs::read(outputs().join(format!("huiji-2024-{kind}.docx"))).expect("docx");
        let parts = unzip(&bytes);
        let doc = &parts["word/document.xml"];
        let d = roxmltree::Document::parse(doc).expect("document.xml");
        for s in d.descendants().filter(|n| n.tag_name().name() == "sectPr") {
            let landscape = s.descendants().any(|n| {
                n.tag_name().name() == "pgSz"
                    && n.attributes()
                        .any(|a| a.name() == "orient" && a.value() == "landscape")
            });
            let refs: Vec<&str> = s
                .children()
                .filter(|n| n.tag_name().name() == "footerReference")
                .filter_map(|n| n.attributes().find(|a| a.name() == "id").map(|a| a.value()))
                .collect();
            let want = if landscape {
                ["rIdFooterOddLandscape", "rIdFooterEvenLandscape"]
            } else {
                ["rIdFooterOdd", "rIdFooterEven"]
            };
            assert_eq!(refs, want, "{kind}");
        }
        let rels = &parts["word/_rels/document.xml.rels"];
        assert!(rels.contains(r#"Id="rIdFooterOddLandscape" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer3.xml""#));
        assert!(rels.contains(r#"Id="rIdFooterEvenLandscape" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer4.xml""#));
        let types = &parts["[Content_Types].xml"];
        assert!(types.contains("/word/footer3.xml") && types.contains("/word/footer4.xml"));
        for (f, jc) in [("word/footer3.xml", "right"), ("word/footer4.xml", "left")] {
            let x = &parts[f];
            let t = roxmltree::Document::parse(x).unwrap_or_else(|e| panic!("{f}: {e}"));
            let el = |name: &str| {
                t.descendants()
                    .find(|n| n.tag_name().name() == name)
                    .unwrap_or_else(|| panic!("{f}: no {name}"))
            };
            let a = |n: roxmltree::Node, k: &str| n.attribute(k).map(str::to_string);
            assert_eq!(a(el("bodyPr"), "vert").as_deref(), Some("vert"));
            assert_eq!(
                a(el("positionH"), "relativeFrom").as_deref(),
                Some("page"),
                "{f}"
            );
            // The box: centred 28 mm from the left, from 28 mm down, 156 mm long (EMU).
            let offs: Vec<f64> = t
                .descendants()
                .filter(|n| n.tag_name().name() == "posOffset")
                .filter_map(|n| n.text()?.parse().ok())
                .collect();
            let cx: f64 = a(el("extent"), "cx")
                .and_then(|v| v.parse().ok())
                .expect("cx");
            let cy: f64 = a(el("extent"), "cy")
                .and_then(|v| v.parse().ok())
                .expect("cy");
            let emu_mm = 36_000.0;
            assert!(
                ((offs[0] + cx / 2.0) / emu_mm - 28.0).abs() < 0.05,
                "{offs:?}"
            );
            assert!((offs[1] / emu_mm - 28.0).abs() < 0.05, "{offs:?}");
            assert!((cy / emu_mm - 156.0).abs() < 0.05, "{cy}");
            // Its paragraph is the portrait footer's: the PAGE field between dashes, 宋体 14 pt.
            let content = el("txbxContent");
            let text: String = content
                .descendants()
                .filter(|n| n.tag_name().name() == "t" || n.tag_name().name() == "instrText")
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(text, "—  PAGE 1 —", "{f}");
            let inner = &x[content.range()];
            assert!(inner.contains(&format!(r#"<w:jc w:val="{jc}"/>"#)), "{f}");
            assert!(
                inner.contains(r#"w:eastAsia="宋体""#) && inner.contains(r#"<w:sz w:val="28"/>"#)
            );
        }
    }
}

#[test]
fn libreoffice_puts_the_docx_landscape_numbers_in_the_left_margin() {
    for kind in ["ledger", "plan"] {
        let pdf = crate::util::example_in_libreoffice(kind);
        let ps = pages(&pdf);
        assert!(ps.iter().filter(|p| p.landscape()).count() >= 2, "{kind}");
        // One grid character (156 mm / 28) in, as in the portrait footer; within 2 mm.
        let seen = check_numbers(&ps, 2.0 * MM, 156.0 / 28.0 * MM);
        assert!(seen.iter().any(|(n, _)| n % 2 == 0) && seen.iter().any(|(n, _)| n % 2 == 1));
        report(&format!("LibreOffice {kind}"), &seen);
    }
}
