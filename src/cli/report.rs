//! Printing diagnostics to stderr in the chosen format.

use super::DiagnosticFormat;
use crate::diag::{Diagnostic, Severity};

pub fn print(diags: &[Diagnostic], fmt: DiagnosticFormat) {
    for d in diags {
        eprintln!("{}", format_one(d, fmt));
    }
}

pub fn format_one(d: &Diagnostic, _fmt: DiagnosticFormat) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let loc = d
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file.display(), l.line, l.column))
        .unwrap_or_default();
    let key = d
        .key_path
        .as_ref()
        .map(|k| format!(" (at {k})"))
        .unwrap_or_default();
    format!("{loc}{sev}: {}{key}", d.message)
}
