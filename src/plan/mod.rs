//! Stage 1: the plan. YAML → typed, validated [`Plan`], with every problem of a file reported
//! at once, located by file, line, column and key path. See `shared/spec/plan-format.md`.

pub mod convert;
pub mod model;
pub mod schema;
pub mod stats;
pub mod yaml;

pub use model::*;
pub use stats::Stats;

use crate::diag::Diagnostic;
use std::path::Path;

/// A plan that loaded, with the warnings found on the way (they do not fail).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
    /// Where each key path of the plan is in the file, so that later stages (templates,
    /// layout, backends) can locate their errors by the key path they know.
    pub source_map: SourceMap,
}

/// Key path (`problems[0].items[3].title`) → position in the plan file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pub file: std::path::PathBuf,
    pub positions: std::collections::HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// The location of a key path, or of its nearest ancestor that has one.
    pub fn locate(&self, key_path: &str) -> Option<crate::diag::Location> {
        let mut k = key_path;
        loop {
            if let Some(&(line, column)) = self.positions.get(k) {
                return Some(crate::diag::Location {
                    file: self.file.clone(),
                    line,
                    column,
                });
            }
            let cut = k.rfind(['.', '['])?;
            k = &k[..cut];
        }
    }

    /// Fills in the location of diagnostics that know only their key path.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        for d in diags.iter_mut().filter(|d| d.location.is_none()) {
            if let Some(k) = &d.key_path {
                d.location = self.locate(k);
            }
        }
    }
}

/// Largest plan file read. A 60-problem plan is about 100 KB; the cap keeps a stray huge
/// file from taking seconds and memory before the first error.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads and validates a plan file. `Err` holds every error (and warning) found.
///
/// An unreadable file gives one diagnostic without location with [`Diagnostic::is_io`] set
/// (the CLI exits 2 for it, 1 for invalid content).
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        vec![Diagnostic::io_error(format!(
            "cannot read {}: {e}",
            path.display()
        ))]
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let len = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(vec![
            Diagnostic::error(format!(
                "file is too large for a plan ({len} bytes; the limit is {MAX_FILE_BYTES})"
            ))
            .at(path, 1, 1)
            .hint("is this the right file? a 60-problem plan is about 100 KB"),
        ]);
    }
    load_bytes(&bytes, path)
}

/// Validates plan bytes: checks UTF-8 first, so binary garbage gets a located error.
pub fn load_bytes(bytes: &[u8], file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    match std::str::from_utf8(bytes) {
        Ok(s) => load_str(s, file),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // Valid prefix, so this cannot fail; the fallback only avoids a panic path.
            let prefix = std::str::from_utf8(good).unwrap_or("");
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            Err(vec![
                Diagnostic::error(format!("file is not UTF-8 text (byte 0x{byte:02X})"))
                    .at(file, line, col)
                    .hint("save the plan as UTF-8; is this a YAML file?"),
            ])
        }
    }
}

/// Validates plan source text; `file` names it in diagnostics.
pub fn load_str(source: &str, file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let src = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Some(i) = src.find('\0') {
        let prefix = &src[..i];
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(vec![
            Diagnostic::error("file contains a NUL byte; a plan is text")
                .at(file, line, col)
                .hint("is this a YAML file?"),
        ]);
    }
    let yerr = |e: yaml::YamlError| {
        let mut d = Diagnostic::error(e.message).at(file, e.pos.line, e.pos.col);
        d.hint = e.hint;
        d
    };
    let (root, soft) = match yaml::parse(src) {
        Ok(x) => x,
        Err(e) => return Err(vec![yerr(e)]),
    };
    let Some(root) = root.filter(|r| !r.is_null()) else {
        return Err(vec![
            Diagnostic::error("the plan is empty")
                .at(file, 1, 1)
                .hint("a plan starts with `format: 1`, then `unit`, `inspection` and `problems`"),
        ]);
    };
    let mut cx = convert::Cx::new(file);
    cx.diags.extend(soft.into_iter().map(yerr));
    let plan = convert::plan(&mut cx, &root);
    let mut diags = cx.diags;
    // File order: a person fixes a file from the top.
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    match plan {
        Some(plan) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            plan,
            warnings: diags,
            source_map: SourceMap {
                file: file.to_path_buf(),
                positions: cx.positions,
            },
        }),
        _ => Err(diags),
    }
}
