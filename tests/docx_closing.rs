//! The typesetter's decisions at the close of a document, carried by the DOCX (issue 13): the
//! blank line before the signature (GB/T 9704 7.3.5) as an empty paragraph on the grid, and
//! keep-with-next from the last lines of the text into the signature block, so that the
//! signature never opens a page alone — in our PDF and in LibreOffice's rendering of the DOCX.

use crate::util::model::{FILLER, t};
use crate::util::{libreoffice, out_dir, pdf_words, reading_order};
use rectdoc::fonts::{FontBook, Fonts};
use rectdoc::model::*;
use rectdoc::style::Style;
use std::path::{Path, PathBuf};

/// A paragraph of `lines` full lines (body indent two characters, 28 a line).
fn filler(lines: usize) -> Block {
    let chars = 26 + 28 * (lines - 1);
    Block::Paragraph(Paragraph {
        text: t(&FILLER.chars().cycle().take(chars).collect::<String>()),
        align: Align::Justify,
        indent: 2,
    })
}

/// A title, paragraphs of `lines` full lines each, then the signature.
fn closing(lines: &[usize]) -> Document {
    let mut blocks = vec![Block::Title {
        lines: vec![t("关于整改情况的通报")],
    }];
    blocks.extend(lines.iter().map(|n| filler(*n)));
    blocks.push(Block::Signature(Signature {
        issuers: vec![t("中共惠州市审计局党组")],
        date: "2024年9月26日".into(),
        seal: false,
    }));
    Document {
        kind: "notice".into(),
        meta: Metadata {
            title: "关于整改情况的通报".into(),
            author: "审计局".into(),
            subject: "整改".into(),
            keywords: vec![],
            date: None,
        },
        orientation: Orientation::Portrait,
        blocks,
        words: vec![],
    }
}

/// Writes `doc` as our PDF and as LibreOffice's rendering of our DOCX.
fn both(doc: &Document, name: &str) -> (PathBuf, PathBuf) {
    let dir = out_dir(&format!("docx_closing/{name}"));
    let style = Style::default();
    let book = FontBook::discover(&[]);
    let mut fonts = Fonts::new(&book, &style);
    let pages = rectdoc::layout::layout(doc, &style, &mut fonts, false).expect("layout");
    let pdf = rectdoc::export::pdf::write(&pages, &doc.meta, &book).expect("pdf");
    let ours = dir.join("ours.pdf");
    std::fs::write(&ours, &pdf.bytes).expect("write pdf");
    let docx = rectdoc::export::docx::write(doc, &style).expect("docx");
    let path = dir.join(format!("{name}.docx"));
    std::fs::write(&path, &docx.bytes).expect("write docx");
    let lo = libreoffice(&[path], "pdf", &dir).remove(0);
    (ours, lo)
}

/// Per page, its text lines top to bottom with their y (words of one line joined; page
/// numbers left out).
fn pages(pdf: &Path) -> Vec<Vec<(f64, String)>> {
    let (words, sizes) = pdf_words(pdf);
    let mut out = vec![Vec::<(f64, String)>::new(); sizes.len()];
    for w in reading_order(words.iter().collect()) {
        // page numbers: — N —
        if w.text
            .trim_matches(['—', '-'])
            .chars()
            .all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let lines = &mut out[w.page];
        match lines.last_mut() {
            Some((y, text)) if (w.y0 - *y).abs() < 3.0 => text.push_str(&w.text),
            _ => lines.push((w.y0, w.text.clone())),
        }
    }
    out
}

fn texts(pdf: &Path) -> Vec<Vec<String>> {
    pages(pdf)
        .into_iter()
        .map(|p| p.into_iter().map(|(_, t)| t).collect())
        .collect()
}

#[test]
fn one_blank_grid_line_between_the_text_and_the_signature_in_both_files() {
    let doc = closing(&[3]);
    let (ours, lo) = both(&doc, "blank");
    // the empty paragraph is in the DOCX, kept with the signature
    let xml = {
        let docx = out_dir("docx_closing/blank").join("blank.docx");
        let mut z = zip::ZipArchive::new(std::fs::File::open(docx).expect("docx")).expect("zip");
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").expect("part"), &mut s)
            .expect("read");
        s
    };
    assert!(
        xml.contains(
            r#"<w:p><w:pPr><w:keepNext/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="Signature"/>"#
        ),
        "{xml}"
    );
    // the signature two grid lines (2 × 28.95 pt) under the last text line, in both files
    let text: String = FILLER.chars().cycle().take(26 + 28 * 2).collect();
    let last: String = text.chars().skip(26 + 28).collect();
    for pdf in [&ours, &lo] {
        let lines = &pages(pdf)[0];
        let y = |pred: &dyn Fn(&str) -> bool| {
            lines
                .iter()
                .find(|(_, t)| pred(t))
                .map(|(y, _)| *y)
                .unwrap_or_else(|| panic!("{}: {lines:?}", pdf.display()))
        };
        let (y1, y2) = (y(&|t| t == last), y(&|t| t.contains("党组")));
        assert!(
            ((y2 - y1) - 2.0 * 28.95).abs() < 1.5,
            "{}: {y1} → {y2}",
            pdf.display()
        );
    }
}

#[test]
fn the_signature_takes_the_last_two_lines_to_the_next_page_in_both_files() {
    // title, blank, 18 + 2 lines: the text fills page 1 to its last line; blank, issuer and
    // date do not fit, so the last two lines of text go over with them
    let doc = closing(&[18, 2]);
    let (ours, lo) = both(&doc, "keep");
    let (a, b) = (texts(&ours), texts(&lo));
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a, b, "our PDF's pages, then LibreOffice's");
    assert_eq!(a[1].len(), 4, "two lines of text, issuer, date: {:?}", a[1]);
    assert!(a[1][2].contains("党组"));
}
