//! Printing diagnostics to stderr in the chosen format.
//!
//! Human (like rustc):
//! ```text
//! error: unknown status `finshed`; expected 已完成, 基本完成, 推进中 or 未启动
//!   --> plan.yaml:12:21
//!    |
//! 12 |             status: finshed
//!    |                     ^
//!    = key: problems[0].items[3].status
//!    = hint: did you mean `finished`?
//! ```
//! Short (one line each, for CI and editors):
//! `plan.yaml:12:21: error: unknown status … [problems[0].items[3].status] (hint: …)`

use super::DiagnosticFormat;
use crate::diag::{Diagnostic, Severity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn print(diags: &[Diagnostic], fmt: DiagnosticFormat) {
    let mut sources = Sources::default();
    for d in diags {
        eprintln!("{}", format_with(d, fmt, &mut sources));
    }
}

/// One diagnostic, reading the source line from the file when the format shows it.
pub fn format_one(d: &Diagnostic, fmt: DiagnosticFormat) -> String {
    format_with(d, fmt, &mut Sources::default())
}

/// `plan.yaml: 3 errors, 1 warning` (human format, after a file's findings).
pub fn summary(path: &Path, diags: &[Diagnostic]) -> String {
    use crate::i18n::tr;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let p = path.display();
    let mut s = if errors == 1 {
        tr(&format!("{p}: 1 error"))
    } else {
        tr(&format!("{p}: {errors} errors"))
    };
    match warnings {
        0 => {}
        1 => s.push_str(&tr(", 1 warning")),
        n => s.push_str(&tr(&format!(", {n} warnings"))),
    }
    s
}

/// `error` or `warning`: in the short format as tools parse it, in the human format in the
/// language of the run.
fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn format_with(d: &Diagnostic, fmt: DiagnosticFormat, sources: &mut Sources) -> String {
    let d = &crate::i18n::localized(d);
    match fmt {
        DiagnosticFormat::Short => short(d),
        DiagnosticFormat::Human => human(d, sources),
    }
}

/// `file:line:col: error: message [key path] (hint: …)`.
pub fn short(d: &Diagnostic) -> String {
    let mut s = String::new();
    if let Some(l) = &d.location {
        s.push_str(&format!("{}:{}:{}: ", l.file.display(), l.line, l.column));
    }
    s.push_str(severity(d));
    s.push_str(": ");
    s.push_str(&d.message);
    if let Some(k) = d.key_path.as_ref().filter(|k| !k.is_empty()) {
        s.push_str(&format!(" [{k}]"));
    }
    if let Some(h) = &d.hint {
        s.push_str(&format!(" (hint: {h})"));
    }
    s
}

fn human(d: &Diagnostic, sources: &mut Sources) -> String {
    use crate::i18n::tr;
    let label = match d.severity {
        Severity::Error => tr("error: {}"),
        Severity::Warning => tr("warning: {}"),
    };
    let mut out = label.replacen("{}", &d.message, 1);
    let line_text = d
        .location
        .as_ref()
        .and_then(|l| sources.line(&l.file, l.line));
    let gutter = d.location.as_ref().map_or(1, |l| l.line.to_string().len());
    let pad = " ".repeat(gutter);
    if let Some(l) = &d.location {
        out.push_str(&format!(
            "\n{pad}--> {}:{}:{}",
            l.file.display(),
            l.line,
            l.column
        ));
        if let Some(text) = line_text {
            out.push_str(&format!("\n{pad} |\n{} | {}", l.line, text.trim_end()));
            out.push_str(&format!("\n{pad} | {}^", caret_pad(&text, l.column)));
        }
    }
    if let Some(k) = d.key_path.as_ref().filter(|k| !k.is_empty()) {
        out.push_str(&format!("\n{pad} = {}", tr("key: {}").replacen("{}", k, 1)));
    }
    if let Some(h) = &d.hint {
        out.push_str(&format!(
            "\n{pad} = {}",
            tr("hint: {}").replacen("{}", h, 1)
        ));
    }
    out
}

/// Blanks that reach column `col` (1-based, in characters) on a terminal: tabs are kept,
/// wide (CJK) characters take two cells.
fn caret_pad(line: &str, col: usize) -> String {
    let mut pad = String::new();
    for c in line.chars().take(col.saturating_sub(1)) {
        match c {
            '\t' => pad.push('\t'),
            c if is_wide(c) => pad.push_str("  "),
            _ => pad.push(' '),
        }
    }
    pad
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Source files read once per print, for the quoted lines.
#[derive(Default)]
struct Sources {
    files: HashMap<PathBuf, Option<String>>,
}

impl Sources {
    fn line(&mut self, file: &Path, line: usize) -> Option<String> {
        let text = self.files.entry(file.to_path_buf()).or_insert_with(|| {
            // Only text files of a sane size are quoted (binary or huge files are the error).
            let meta = std::fs::metadata(file).ok()?;
            if meta.len() > crate::plan::FILE.max_bytes {
                return None;
            }
            std::fs::read_to_string(file).ok()
        });
        let l = text.as_deref()?.lines().nth(line.checked_sub(1)?)?;
        // A very long line is cut: the caret column stays right for what is shown.
        Some(l.chars().take(300).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_format_has_everything_on_one_line() {
        let d = Diagnostic::error("unknown key `deadlin` in a problem")
            .at("p.yaml", 7, 13)
            .key("problems[0].deadlin")
            .hint("did you mean `deadline`?");
        assert_eq!(
            short(&d),
            "p.yaml:7:13: error: unknown key `deadlin` in a problem [problems[0].deadlin] (hint: did you mean `deadline`?)"
        );
        assert_eq!(short(&Diagnostic::warning("w")), "warning: w");
    }

    #[test]
    fn caret_counts_wide_characters_twice() {
        assert_eq!(caret_pad("  状态: x", 7), " ".repeat(8));
        assert_eq!(caret_pad("\tab", 3), "\t ");
    }
}
