//! The plan files of a run: files, folders (recursively) and glob patterns.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

fn is_plan_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("yaml" | "yml")
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, depth + 1)?;
        } else if is_plan_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Files, folders and glob patterns → plan files, in the order given (folders and globs
/// sorted), each once: `plan.yaml` and `./plan.yaml` (or a link to it) are one file.
pub(super) fn expand(args: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out: Vec<PathBuf> = vec![];
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for a in args {
        let p = Path::new(a);
        let mut found = vec![];
        if p.is_dir() {
            walk(p, &mut found, 0)
                .map_err(|e| Diagnostic::io_error(format!("cannot read the folder {a}: {e}")))?;
        } else if p.exists() {
            found.push(p.to_path_buf());
        } else if a.contains(['*', '?', '[']) {
            let paths = glob::glob(a).map_err(|e| {
                Diagnostic::error(format!("bad glob pattern `{a}`: {e}"))
                    .hint("quote the pattern; `**` matches folders at any depth")
            })?;
            let mut ms: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|m| m.is_file())
                .collect();
            ms.sort();
            if ms.is_empty() {
                return Err(Diagnostic::error(format!("no file matches `{a}`")));
            }
            found = ms;
        } else {
            return Err(Diagnostic::io_error(format!(
                "cannot read {a}: no such file or folder"
            )));
        }
        for f in found {
            let key = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
            if seen.insert(key) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_given_twice_is_one_plan() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.yaml");
        std::fs::write(&p, "x: 1\n").unwrap();
        let a = p.to_string_lossy().into_owned();
        let b = dir
            .path()
            .join(".")
            .join("plan.yaml")
            .to_string_lossy()
            .into_owned();
        let d = dir.path().to_string_lossy().into_owned();
        assert_eq!(expand(&[a, b, d]).unwrap(), [p]);
    }
}
