//! YAML sources with locations, shared by the plan and the style file: reading the file
//! (size cap, UTF-8 checked with the bad byte located), the spanned YAML tree ([`yaml`]) and
//! typed reading with located errors ([`reader`]).

pub(crate) mod reader;
pub(crate) mod yaml;

use crate::diag::Diagnostic;
use std::path::Path;

/// What kind of file is read, for the limits and messages.
pub struct FileKind {
    /// "plan", "style file".
    pub noun: &'static str,
    /// Largest file read: a stray huge file fails at once instead of taking seconds and
    /// memory before the first error.
    pub max_bytes: u64,
    /// How large such a file usually is, for the hint.
    pub typical: &'static str,
    /// Put before the path in "cannot read …" ("the style file ").
    pub io_prefix: &'static str,
}

/// Reads `path` whole, up to the kind's size cap. An unreadable file gives one I/O
/// diagnostic without location (the CLI exits 2 for it), a too-large one a located error.
pub fn read_file(path: &Path, kind: &FileKind) -> Result<Vec<u8>, Vec<Diagnostic>> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        vec![Diagnostic::io_error(format!(
            "cannot read {}{}: {e}",
            kind.io_prefix,
            path.display()
        ))]
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(kind.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > kind.max_bytes {
        let len = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(vec![
            Diagnostic::error(format!(
                "file is too large for a {} ({len} bytes; the limit is {})",
                kind.noun, kind.max_bytes
            ))
            .at(path, 1, 1)
            .hint(format!("is this the right file? {}", kind.typical)),
        ]);
    }
    Ok(bytes)
}

/// The bytes as text; otherwise an error at the first byte that is not UTF-8.
pub fn utf8<'b>(bytes: &'b [u8], file: &Path, kind: &FileKind) -> Result<&'b str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // Valid prefix, so this cannot fail; the fallback only avoids a panic path.
        let prefix = std::str::from_utf8(good).unwrap_or("");
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
        Diagnostic::error(format!("file is not UTF-8 text (byte 0x{byte:02X})"))
            .at(file, line, col)
            .hint(format!(
                "save the {} as UTF-8; is this a YAML file?",
                kind.noun
            ))
    })
}
