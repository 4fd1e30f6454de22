//! Writing output files: predictable names, and a temporary file renamed into place so that
//! an interrupted run never leaves a truncated file.
//!
//! Names: `<plan file stem>-<kind>.<ext>` (`inputs/huiji-2024.yaml`, notice, DOCX →
//! `huiji-2024-notice.docx`). The file stem rather than the unit's name: it is what the user
//! chose, ASCII in practice, and differs between two plans of one unit.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written (always an I/O or usage problem: exit 2).
#[derive(Debug)]
pub struct OutputError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: std::io::Error,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for OutputError {}

/// `<stem>-<kind>.<ext>`, with characters that file systems refuse replaced by `_`.
pub fn file_name(stem: &str, kind: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect()
    };
    format!("{}-{}.{}", clean(stem), clean(kind), extension)
}

/// The stem of a plan file (`inputs/huiji-2024.yaml` → `huiji-2024`).
pub fn plan_stem(plan: &Path) -> String {
    plan.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "document".to_string())
}

/// Creates the output folder (and its parents) if missing.
pub fn ensure_dir(dir: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|source| OutputError {
        path: dir.to_path_buf(),
        action: "create the folder",
        source,
    })?;
    if !dir.is_dir() {
        return Err(OutputError {
            path: dir.to_path_buf(),
            action: "use the folder",
            source: std::io::Error::other("it is not a folder"),
        });
    }
    Ok(())
}

/// The temporary file [`write_atomic`] writes before renaming it to `path` (a hidden file in
/// the same folder, named after this process), so that a signal handler can remove it.
pub fn temp_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// once complete and flushed. On failure the temporary file is removed and `path` is left as
/// it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = temp_path(path);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    };
    if let Err(source) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(OutputError {
            path: path.to_path_buf(),
            action: "write",
            source,
        });
    }
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        OutputError {
            path: path.to_path_buf(),
            action: "write",
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_predictable() {
        assert_eq!(
            file_name("huiji-2024", "notice", "docx"),
            "huiji-2024-notice.docx"
        );
        assert_eq!(file_name("a:b", "x/y", "pdf"), "a_b-x_y.pdf");
        assert_eq!(plan_stem(Path::new("inputs/huiji-2024.yaml")), "huiji-2024");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.docx");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("no/such/x.pdf"), b"x").unwrap_err();
        assert!(e.to_string().contains("cannot write"));
    }
}
