//! DOCX backend (docx-rs): the document model as Word paragraph styles, so that Word and WPS
//! lay it out on the GB/T 9704 grid and the office can still edit and restyle it.

use super::Output;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::style::Style;

pub fn write(doc: &Document, style: &Style) -> Result<Output, Vec<Diagnostic>> {
    let _ = (doc, style);
    Err(vec![Diagnostic::error("the DOCX backend is not built yet")])
}
