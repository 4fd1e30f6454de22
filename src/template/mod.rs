//! Stage 2: templates. Handlebars templates (strict mode) render the plan into a small XML
//! markup (`docs/templates.md`), which is parsed into the document [`model`](crate::model).
//! Built-in templates are compiled in; a user's folder overrides them file by file.

use crate::diag::Diagnostic;
use crate::model::Document;
use crate::plan::Plan;
use std::path::Path;

/// A document rendered from a template, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

/// The built-in templates, optionally overridden and extended by a user's folder.
pub struct Templates {}

impl Templates {
    pub fn builtin() -> Templates {
        Templates {}
    }

    /// Built-ins overridden file by file by `DIR/NAME.hbs`; any other `NAME.hbs` is a new
    /// document kind. Template syntax errors are reported here, with name, line and column.
    pub fn with_dir(dir: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let _ = dir;
        Err(vec![Diagnostic::error("templates are not built yet")])
    }

    /// The document kinds available (`notice`, `plan`, `ledger`, user kinds).
    pub fn kinds(&self) -> Vec<String> {
        vec![]
    }

    /// Renders one document kind for a plan.
    pub fn render(&self, kind: &str, plan: &Plan) -> Result<Rendered, Vec<Diagnostic>> {
        let _ = (kind, plan);
        Err(vec![Diagnostic::error("templates are not built yet")])
    }
}
