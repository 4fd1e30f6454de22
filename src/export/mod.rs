//! Stage 4: backends. Each turns a document into the bytes of one file format.

pub mod docx;
pub mod hash;
pub mod ofd;
pub mod pdf;
pub mod subset;
pub mod xlsx;

use crate::diag::Diagnostic;
use crate::fonts::FontBook;
use crate::model::Document;
use crate::style::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Docx,
    Pdf,
    /// The tables of a document (the ledger) as a workbook.
    Xlsx,
    /// The laid-out pages as OFD (GB/T 33190), as the PDF.
    Ofd,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Ofd => "ofd",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "xlsx" => Some(Format::Xlsx),
            "ofd" => Some(Format::Ofd),
            _ => None,
        }
    }
}

/// What a backend needs besides the document.
pub struct Env<'a> {
    pub style: &'a Style,
    pub fonts: &'a FontBook,
    /// Draw a visible marker for characters no font has, and warn, instead of failing.
    pub allow_missing_glyphs: bool,
}

/// The bytes of one file, with what the backend found worth a warning.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
    /// Number of pages, where the backend knows it (PDF).
    pub pages: Option<usize>,
}

pub fn render(doc: &Document, format: Format, env: &Env) -> Result<Output, Vec<Diagnostic>> {
    match format {
        Format::Docx => docx::write(doc, env.style),
        Format::Pdf => pdf::write(doc, env),
        Format::Xlsx => xlsx::write(doc, env.style),
        Format::Ofd => ofd::render(doc, env),
    }
}
