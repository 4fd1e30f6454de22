//! `validate`, `stats`, `schema`.

use super::DiagnosticFormat;
use std::path::PathBuf;

pub fn validate(plans: &[PathBuf], fmt: DiagnosticFormat) -> u8 {
    let _ = (plans, fmt);
    super::EXIT_USAGE
}

pub fn stats(plan: &std::path::Path, json: bool, fmt: DiagnosticFormat) -> u8 {
    let _ = (plan, json, fmt);
    super::EXIT_USAGE
}

pub fn schema() -> u8 {
    super::EXIT_USAGE
}
