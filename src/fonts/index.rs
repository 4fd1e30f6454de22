//! An index of the faces found in font files, kept in the user's cache folder so a run does
//! not open every font file to read its names.
//!
//! An entry is keyed by the file's path, size and modification time; an entry whose key no
//! longer matches the file on disk is stale and the file is scanned again. The index only
//! saves work: a missing, unreadable or corrupt index is the same as an empty one, and
//! a run that cannot write it goes on without it.

use super::FaceInfo;
use super::scan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Overrides the index's folder; empty turns the index off.
pub const CACHE_DIR_ENV: &str = "RECTDOC_CACHE_DIR";

/// Bumped whenever the entry format or what the scanner reads changes.
const FILE_NAME: &str = "font-index-v1.json";

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
struct Entry {
    size: u64,
    /// Modification time in nanoseconds since the epoch.
    mtime: u128,
    faces: Vec<Face>,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
struct Face {
    index: u32,
    families: Vec<String>,
    full_names: Vec<String>,
    subfamily: String,
    postscript_name: String,
}

/// The index as loaded, with the changes of this run.
pub struct Index {
    path: Option<PathBuf>,
    entries: BTreeMap<PathBuf, Entry>,
    dirty: bool,
}

/// The cache folder: `$RECTDOC_CACHE_DIR`, else `$XDG_CACHE_HOME/rectdoc`, else
/// `~/.cache/rectdoc`; `None` when the index is off or there is no home.
fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV) {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("rectdoc"));
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".cache/rectdoc"))
}

fn key(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((meta.len(), mtime))
}

impl Index {
    /// The index of the user's cache folder (empty when there is none yet).
    pub fn load() -> Index {
        Index::at(folder().map(|d| d.join(FILE_NAME)))
    }

    /// The index stored in the file `path`; `None` keeps it in memory only.
    pub fn at(path: Option<PathBuf>) -> Index {
        let entries = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Index {
            path,
            entries,
            dirty: false,
        }
    }

    /// The faces of the font file at `path`: from the index when its entry is current,
    /// otherwise scanned (and the entry replaced).
    pub fn faces(&mut self, path: &Path) -> Vec<FaceInfo> {
        let Some((size, mtime)) = key(path) else {
            return scan::scan_file(path);
        };
        if let Some(e) = self.entries.get(path)
            && e.size == size
            && e.mtime == mtime
        {
            return e.faces.iter().map(|f| f.info(path)).collect();
        }
        let found = scan::scan_file(path);
        let entry = Entry {
            size,
            mtime,
            faces: found.iter().map(Face::from).collect(),
        };
        self.entries.insert(path.to_path_buf(), entry);
        self.dirty = true;
        found
    }

    /// Drops the entries of files under `dir` that were not seen in it this run (deleted).
    pub fn forget_missing(&mut self, dir: &Path, seen: &std::collections::HashSet<PathBuf>) {
        let before = self.entries.len();
        self.entries
            .retain(|p, _| !p.starts_with(dir) || seen.contains(p));
        self.dirty |= self.entries.len() != before;
    }

    /// Writes the index back when it changed: to a temporary file renamed over the old one,
    /// so a concurrent run reads either index whole. Failure is silent (it is only a cache).
    pub fn save(&self) {
        let Some(path) = self.path.as_ref().filter(|_| self.dirty) else {
            return;
        };
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(json) = serde_json::to_vec(&self.entries) else {
            return;
        };
        let tmp = dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

impl Face {
    fn info(&self, path: &Path) -> FaceInfo {
        FaceInfo {
            path: path.to_path_buf(),
            index: self.index,
            families: self.families.clone(),
            full_names: self.full_names.clone(),
            subfamily: self.subfamily.clone(),
            postscript_name: self.postscript_name.clone(),
        }
    }
}

impl From<&FaceInfo> for Face {
    fn from(f: &FaceInfo) -> Face {
        Face {
            index: f.index,
            families: f.families.clone(),
            full_names: f.full_names.clone(),
            subfamily: f.subfamily.clone(),
            postscript_name: f.postscript_name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FANDOL: &str = "/usr/local/share/fonts/fandol/FandolFang-Regular.otf";

    fn names(faces: &[FaceInfo]) -> Vec<(u32, Vec<String>, String)> {
        faces
            .iter()
            .map(|f| (f.index, f.families.clone(), f.postscript_name.clone()))
            .collect()
    }

    #[test]
    fn the_index_gives_what_a_scan_gives_and_rescans_a_changed_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let font = tmp.path().join("a.otf");
        std::fs::copy(FANDOL, &font).expect("FandolFang installed (.ci/run)");
        let file = tmp.path().join("index.json");

        let mut first = Index::at(Some(file.clone()));
        let scanned = first.faces(&font);
        assert_eq!(names(&scanned), names(&scan::scan_file(&font)));
        assert!(!scanned.is_empty());
        first.save();

        // A second run answers from the file on disk, without scanning.
        let mut second = Index::at(Some(file.clone()));
        assert!(second.entries.contains_key(&font));
        assert_eq!(names(&second.faces(&font)), names(&scanned));
        assert!(!second.dirty);

        // The file is replaced by one that is not a font: the entry is stale (size differs).
        std::fs::write(&font, b"not a font").expect("write");
        let mut third = Index::at(Some(file.clone()));
        assert!(third.faces(&font).is_empty());
        assert!(third.dirty);
        third.save();

        // A deleted file's entry is dropped.
        let mut fourth = Index::at(Some(file.clone()));
        fourth.forget_missing(tmp.path(), &Default::default());
        assert!(fourth.entries.is_empty());
    }

    #[test]
    fn a_corrupt_index_is_an_empty_one() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("index.json");
        std::fs::write(&file, b"{ not json").expect("write");
        let mut index = Index::at(Some(file));
        assert!(index.entries.is_empty());
        let font = Path::new(FANDOL);
        assert_eq!(names(&index.faces(font)), names(&scan::scan_file(font)));
    }
}
