//! Stage 4: writers. Each turns a document into the bytes of one file format: DOCX and
//! XLSX from the [model](crate::model) (the office suite lays the DOCX out itself), PDF from
//! the pages the [layout](crate::layout) stage set. A writer never reads YAML or breaks lines.

pub(crate) mod archive;
pub mod docx;
pub(crate) mod escape;
pub mod hash;
pub mod ofd;
pub mod pdf;
pub mod subset;
pub mod xlsx;

use crate::diag::Diagnostic;

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
}

/// The bytes of one file, with what the backend found worth a warning.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
    /// Number of pages, where the backend knows it (PDF).
    pub pages: Option<usize>,
}
