//! The notice of the example as DOCX, through the real binary: its text in plan order, its
//! sections, styles and footers, identical bytes on a second run, and LibreOffice's view of
//! it (22 lines × 28 characters at 28.95 pt, alternating page numbers, the title centred).

use crate::docx::{bbox_pages, body_rows, page_number_line, unzip};
use crate::render::{core, example_texts};
use crate::util::{Dir, example_plan, libreoffice_pdf, rectdoc, root, s};
use std::path::{Path, PathBuf};

/// Renders the notice of `plan` as DOCX into a fresh folder.
fn render_docx(plan: &Path) -> (Dir, PathBuf, String) {
    let dir = Dir::new();
    let out = rectdoc(&[
        "render",
        s(plan),
        "--doc",
        "notice",
        "--format",
        "docx",
        "-o",
        s(dir.path()),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let stem = plan.file_stem().and_then(|x| x.to_str()).expect("stem");
    let path = dir.path().join(format!("{stem}-notice.docx"));
    assert!(path.exists(), "{} not written", path.display());
    (dir, path, stderr)
}

/// The paragraphs of `word/document.xml`, each its runs' text joined.
fn paragraphs(document_xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(document_xml).expect("document.xml parses");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect()
        })
        .collect()
}

/// The width of a line in characters of the grid: CJK one, Latin and digits about half
/// (Latin-1 too: the · of 3·15 is set in the Latin face).
fn ems(line: &str) -> f64 {
    line.chars()
        .map(|c| if (c as u32) < 0x100 { 0.5 } else { 1.0 })
        .sum()
}

#[test]
fn example_notice_docx_holds_the_plan_in_order_numbered_1_to_60() {
    let (_dir, path, _) = render_docx(&example_plan());
    let parts = unzip(&std::fs::read(&path).expect("docx"));
    let paras = paragraphs(&parts["word/document.xml"]);
    let text = paras.join("\n");
    let texts = example_texts();
    assert!(texts.len() > 250, "{} texts read", texts.len());
    let mut at = 0;
    for t in &texts {
        let found = text[at..].find(core(t));
        assert!(found.is_some(), "not found in order in the DOCX: {t}");
        at += found.unwrap_or(0) + core(t).len();
    }
    // Problem numbers: （1）…（60）, each starting a paragraph, in order.
    let nums: Vec<String> = paras
        .iter()
        .filter_map(|p| {
            let rest = p.strip_prefix('（')?;
            let n = rest.split('）').next()?;
            n.parse::<u32>().ok().map(|n| format!("（{n}）"))
        })
        .collect();
    let want: Vec<String> = (1..=60).map(|n| format!("（{n}）")).collect();
    assert_eq!(nums, want);
    // The seed's frame: parts, signature and date.
    for h in [
        "一、巡察整改工作开展情况",
        "二、具体问题整改情况",
        "三、下一步整改工作安排",
    ] {
        assert!(paras.iter().any(|p| p == h), "no paragraph {h}");
    }
    assert!(paras.iter().any(|p| p == "2024年9月26日"));
}

#[test]
fn example_notice_docx_sections_styles_and_footers() {
    let (_dir, path, _) = render_docx(&example_plan());
    let parts = unzip(&std::fs::read(&path).expect("docx"));
    let xml = &parts["word/document.xml"];
    let doc = roxmltree::Document::parse(xml).expect("parses");
    let attr = |n: roxmltree::Node, k: &str| {
        n.attributes()
            .find(|a| a.name() == k)
            .map(|a| a.value().to_string())
    };
    let sects: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "sectPr")
        .collect();
    assert!(!sects.is_empty());
    for s in &sects {
        let child = |name: &str| {
            s.children()
                .find(|n| n.tag_name().name() == name)
                .unwrap_or_else(|| panic!("sectPr without {name}"))
        };
        let (sz, mar, grid) = (child("pgSz"), child("pgMar"), child("docGrid"));
        assert_eq!(
            (attr(sz, "w").as_deref(), attr(sz, "h").as_deref()),
            (Some("11906"), Some("16838"))
        );
        // 37 / 26 / 35 / 28 mm.
        let m: Vec<_> = ["top", "right", "bottom", "left"]
            .iter()
            .map(|k| attr(mar, k).unwrap_or_default())
            .collect();
        assert_eq!(m, ["2098", "1474", "1984", "1587"]);
        assert_eq!(attr(grid, "type").as_deref(), Some("lines"));
        assert_eq!(attr(grid, "linePitch").as_deref(), Some("579"));
        let footers: Vec<_> = s
            .children()
            .filter(|n| n.tag_name().name() == "footerReference")
            .filter_map(|n| attr(n, "type"))
            .collect();
        assert_eq!(footers, ["default", "even"]);
    }
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    let styles = &parts["word/styles.xml"];
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(
            styles.contains(&format!("w:eastAsia=\"{font}\"")),
            "styles.xml names no {font}"
        );
    }
    // Paragraphs use the named styles, so an office can restyle them.
    for id in ["Title", "Heading1", "Heading2", "Body"] {
        assert!(
            xml.contains(&format!("<w:pStyle w:val=\"{id}\"/>")),
            "no paragraph in style {id}"
        );
    }
    // Faces come from the styles; the faces set on runs are the body face of run-in text
    // after a 楷体 or 黑体 heading, and a run's own face where it holds quotes (w:hint).
    let run_faces: std::collections::BTreeSet<&str> = xml
        .split("w:eastAsia=\"")
        .skip(1)
        .filter_map(|x| x.split('"').next())
        .collect();
    assert!(
        run_faces
            .iter()
            .all(|f| ["仿宋_GB2312", "楷体_GB2312", "黑体"].contains(f)),
        "{run_faces:?}"
    );
    let footer_texts: Vec<&String> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(footer_texts.len(), 2);
    for f in footer_texts {
        assert!(f.contains(" PAGE ") && f.contains("— ") && f.contains(" —"));
        assert!(f.contains("w:eastAsia=\"宋体\"") && f.contains("<w:sz w:val=\"28\"/>"));
    }
}

#[test]
fn example_notice_docx_is_byte_identical_on_a_second_run() {
    let (_a, first, _) = render_docx(&example_plan());
    let (_b, second, _) = render_docx(&example_plan());
    assert_eq!(
        std::fs::read(first).expect("first"),
        std::fs::read(second).expect("second")
    );
}

#[test]
fn example_notice_docx_in_libreoffice_is_on_the_gbt9704_grid() {
    // the example's DOCX as LibreOffice renders it, converted once for the tests that read it
    let pdf = crate::util::example_in_libreoffice("notice");
    let (pages, full_lines) = assert_pdf_on_the_grid(&pdf, "巡察整改进展情况", &[]);
    assert!(pages >= 20, "{pages} pages");
    assert!(full_lines > 300, "{full_lines} full lines");
}

/// LibreOffice's rendering of a DOCX on GB/T 9704's grid: every page but the last (and those
/// in `flow_ends`, 0-based, which end a part: the text before a 附件) holds 20–22 lines at
/// 28.95 pt, within the block, justified; the title (the line containing `title`) centred on
/// page 1; "— N —" on alternate sides. (pages, full lines measured).
pub(crate) fn assert_docx_on_the_grid(
    docx: &Path,
    title: &str,
    flow_ends: &[usize],
) -> (usize, usize) {
    assert_pdf_on_the_grid(&libreoffice_pdf(docx), title, flow_ends)
}

/// [`assert_docx_on_the_grid`] of LibreOffice's rendering `pdf`.
fn assert_pdf_on_the_grid(pdf: &Path, title: &str, flow_ends: &[usize]) -> (usize, usize) {
    let pages = bbox_pages(pdf);
    let left = 28.0 / 25.4 * 72.0;
    let right = left + 156.0 / 25.4 * 72.0;
    let char_pt = 156.0 / 28.0 / 25.4 * 72.0;

    // Every page but the last is full: 22 lines at 28.95 pt; full lines hold 28 characters
    // and reach both edges of the block.
    let mut full_lines = 0;
    let mut full_pages = 0;
    for (i, p) in pages[..pages.len() - 1].iter().enumerate() {
        let rows = body_rows(p);
        // A heading kept with its text may leave a line or two free at a page's foot.
        if rows.len() == 22 {
            full_pages += 1;
        }
        assert!(
            (20..=22).contains(&rows.len()) || i == 0 || flow_ends.contains(&i),
            "page {}: {rows:#?}",
            i + 1
        );
        // Headings and body share the grid (the title block on page 1 may not). pdftotext
        // gives a line's box from its fonts' ascents, so a line with Latin digits sits up to a
        // point off its neighbours: the page's mean pitch is exact, each step within 1.5 pt.
        // A blank grid line (the one before the signature, GB/T 9704 7.3.5) is a step of
        // two pitches.
        if i > 0 {
            let n = rows.len() - 1;
            let steps: f64 = rows
                .windows(2)
                .map(|w| ((w[1].0 - w[0].0) / 28.95).round().max(1.0))
                .sum();
            let mean = (rows[n].0 - rows[0].0) / steps.max(1.0);
            assert!((mean - 28.95).abs() <= 0.3, "page {} pitch {mean}", i + 1);
            for w in rows.windows(2) {
                let step = w[1].0 - w[0].0;
                let pitch = step / (step / 28.95).round().max(1.0);
                assert!((pitch - 28.95).abs() <= 1.5, "page {} step {step}", i + 1);
            }
        }
        for r in &rows {
            // Word, WPS and LibreOffice let a closing mark hang past the right edge, as an
            // office's hand-set notice does: only such a mark may stick out, by one character.
            assert!(ems(&r.1) <= 29.0, "page {}: {r:?}", i + 1);
            assert!(r.2 >= left - 1.0, "left of the block: {r:?}");
            if r.3 > right + 1.0 {
                let last = r.1.chars().last().unwrap_or(' ');
                assert!(
                    "。，、；：”）".contains(last),
                    "{r:?} ends with U+{:04X}",
                    last as u32
                );
                assert!(r.3 <= right + char_pt + 1.0, "right of the block: {r:?}");
            }
        }
        // A line followed by an unindented one is not the last of its paragraph: it is
        // justified to both edges of the block.
        for w in rows.windows(2) {
            // (a centred line, the title's, is no paragraph's)
            let in_paragraph =
                (w[0].2 - left).abs() < 1.0 || (w[0].2 - left - 2.0 * char_pt).abs() < 1.0;
            if in_paragraph && (w[1].2 - left).abs() < 1.0 {
                full_lines += 1;
                assert!(
                    w[0].3 > right - 2.0,
                    "page {}: not justified: {:?}",
                    i + 1,
                    w[0]
                );
            }
        }
    }
    assert!(
        full_pages * 10 >= (pages.len() - 1 - flow_ends.len()) * 8,
        "{full_pages} of {} pages hold 22 lines",
        pages.len()
    );

    // The title centred on page 1.
    let title = pages[0]
        .lines
        .iter()
        .find(|l| l.text.contains(title))
        .expect("title");
    let mid = (title.x_min + title.x_max) / 2.0;
    assert!(
        (mid - (left + right) / 2.0).abs() < 3.0,
        "title centre {mid}"
    );

    // "— N —" on every page, odd pages right and even pages left, one character in.
    for (i, p) in pages.iter().enumerate() {
        let n = page_number_line(p).unwrap_or_else(|| panic!("no number on page {}", i + 1));
        assert_eq!(n.text, format!("—{}—", i + 1));
        if (i + 1) % 2 == 1 {
            assert!((n.x_max - (right - char_pt)).abs() < 3.0, "page {}", i + 1);
        } else {
            assert!((n.x_min - (left + char_pt)).abs() < 3.0, "page {}", i + 1);
        }
    }
    (pages.len(), full_lines)
}

#[test]
fn hostile_text_docx_opens_in_libreoffice_showing_the_text() {
    let (_dir, path, stderr) = render_docx(&root().join("tests/fixtures/templates/hostile.yaml"));
    assert!(stderr.contains("U+0001"), "{stderr}");
    let pdf = libreoffice_pdf(&path);
    let text: String = bbox_pages(&pdf)
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.clone()))
        .collect();
    for shown in [
        "问题一<script>",
        "细节]]>&amp;",
        "下一步<b>不是标签</b>",
        "措施一",
    ] {
        assert!(
            text.contains(shown),
            "LibreOffice does not show {shown}: {text}"
        );
    }
}
