//! The PDF typesetter on real fonts, read back with poppler (`pdftotext -bbox-layout`,
//! `pdffonts`) and qpdf.

#[path = "pdf_doc.rs"]
mod pdf_doc;
#[path = "pdf_notice.rs"]
pub(crate) mod pdf_notice;

use super::util::out_dir;
use rectdoc::export::pdf;
use rectdoc::fonts::{FontBook, Fonts};
use rectdoc::style::Style;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lays out and writes `doc` as `render` does; the layout's warnings in the output.
fn render(
    doc: &rectdoc::model::Document,
    allow_missing: bool,
) -> Result<rectdoc::export::Output, Vec<rectdoc::diag::Diagnostic>> {
    let style = Style::default();
    let book = FontBook::discover(&[]);
    let mut fonts = Fonts::new(&book, &style);
    let pages = rectdoc::layout::layout(doc, &style, &mut fonts, allow_missing)?;
    let mut out = pdf::write(&pages, &doc.meta, &book)?;
    out.warnings = pages.warnings;
    Ok(out)
}

fn write_notice(name: &str) -> PathBuf {
    let out = render(&pdf_doc::notice(), false).expect("notice renders");
    let p = out_dir(name).join("notice.pdf");
    std::fs::write(&p, &out.bytes).expect("write pdf");
    p
}

#[test]
fn notice_pdf_is_written() {
    let p = write_notice("written");
    assert!(Path::new(&p).exists());
    let st = Command::new("qpdf")
        .arg("--check")
        .arg(&p)
        .output()
        .expect("qpdf");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
}
