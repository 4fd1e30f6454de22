//! Shared helpers for the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example plan in `inputs/`.
pub fn example_plan() -> PathBuf {
    root().join("inputs/huiji-2024.yaml")
}

/// Runs the real binary with `args`.
pub fn rectdoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .args(args)
        .output()
        .expect("run rectdoc")
}

/// The number in attribute `name` of an XML start tag's text (`pdftotext -bbox-layout`
/// output: `word xMin="…" …`).
pub fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).expect("attribute") + key.len();
    tag[at..]
        .split('"')
        .next()
        .and_then(|v| v.parse().ok())
        .expect("a number")
}
