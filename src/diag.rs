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
    /// What failed, for the exit code: invalid content unless said otherwise.
    #[serde(skip_serializing_if = "Failure::is_invalid")]
    pub failure: Failure,
}

/// Exit code for invalid input: a plan, template or style error.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for bad usage or an I/O error (unreadable file, unwritable folder).
pub const EXIT_USAGE: u8 = 2;

/// What kind of failure a diagnostic reports; it decides the exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Failure {
    /// The content is wrong (a plan, template or style error): exit 1.
    #[default]
    Invalid,
    /// A file could not be read or written: exit 2.
    Io,
    /// The command line asks for something that cannot be: exit 2.
    Usage,
}

impl Failure {
    pub fn exit_code(self) -> u8 {
        match self {
            Failure::Invalid => EXIT_INVALID,
            Failure::Io | Failure::Usage => EXIT_USAGE,
        }
    }

    fn is_invalid(&self) -> bool {
        *self == Failure::Invalid
    }
}

/// The exit code for a run that reported `diags`: 0 without errors, else the highest of
/// its errors' codes (an I/O error outranks invalid content).
pub fn exit_code(diags: &[Diagnostic]) -> u8 {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.failure.exit_code())
        .max()
        .unwrap_or(0)
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
            failure: Failure::Invalid,
        }
    }

    /// An I/O error: no location; the CLI exits 2 (usage or I/O) rather than 1.
    pub fn io_error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            failure: Failure::Io,
            ..Diagnostic::error(message)
        }
    }

    /// Bad usage: the CLI exits 2.
    pub fn usage(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            failure: Failure::Usage,
            ..Diagnostic::error(message)
        }
    }

    pub fn is_io(&self) -> bool {
        self.failure == Failure::Io
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
