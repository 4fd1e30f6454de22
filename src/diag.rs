//! Diagnostics: what went wrong, where, and what would fix it. Every stage reports problems
//! as [`Diagnostic`]s with a location; only the CLI prints them.

use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file. Lines and columns count from 1; columns count characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in which file; `None` when there is no file position (e.g. an I/O error).
    pub location: Option<Location>,
    /// Key path in the plan (`problems[0].items[3].status`), or the template name.
    pub key_path: Option<String>,
    /// What is wrong, lower case, no final full stop.
    pub message: String,
    /// What would fix it (`did you mean \`deadline\`?`).
    pub hint: Option<String>,
    /// An I/O error (unreadable file), not invalid content: the CLI exits 2 for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub io: bool,
}

impl Diagnostic {
    /// `LINE:COL MESSAGE [KEY PATH]`: one finding in a line, for tests to compare.
    #[cfg(test)]
    pub fn brief(&self) -> String {
        let (line, col) = self
            .location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column));
        let key = self.key_path.as_deref().unwrap_or("");
        format!("{line}:{col} {} [{key}]", self.message)
    }

    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            key_path: None,
            message: message.into(),
            hint: None,
            io: false,
        }
    }

    /// An I/O error: no location; the CLI exits 2 (usage or I/O) rather than 1.
    pub fn io_error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            io: true,
            ..Diagnostic::error(message)
        }
    }

    pub fn is_io(&self) -> bool {
        self.io
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, file: impl Into<PathBuf>, line: usize, column: usize) -> Diagnostic {
        self.location = Some(Location {
            file: file.into(),
            line,
            column,
        });
        self
    }

    pub fn key(mut self, key_path: impl Into<String>) -> Diagnostic {
        self.key_path = Some(key_path.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
