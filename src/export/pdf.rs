//! PDF backend: writes the pages laid out by [`layout`](crate::layout) with printpdf.

use super::{Env, Output};
use crate::diag::Diagnostic;
use crate::model::Document;

pub fn write(doc: &Document, env: &Env) -> Result<Output, Vec<Diagnostic>> {
    let _ = (doc, env);
    Err(vec![Diagnostic::error("the PDF backend is not built yet")])
}
