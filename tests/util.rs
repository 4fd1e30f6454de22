//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
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

#[derive(Debug, Clone)]
/// A word of `pdftotext -bbox-layout`: its page (from 0), box in points from the page's top
/// left, and text.
pub struct Word {
    pub page: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// Every word of a PDF with its page and box (points from the top left), and the page sizes.
pub fn pdf_words(pdf: &Path) -> (Vec<Word>, Vec<(f64, f64)>) {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).expect("utf-8");
    let mut words = Vec::new();
    let mut pages = Vec::new();
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            pages.push((attr(piece, "width"), attr(piece, "height")));
        } else if let Some(rest) = piece.strip_prefix("word ") {
            let (tag, text) = rest.split_once('>').expect("a word element");
            words.push(Word {
                page: pages.len() - 1,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'"),
            });
        }
    }
    (words, pages)
}
