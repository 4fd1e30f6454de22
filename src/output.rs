//! Writing output files: predictable names, and a temporary file renamed into place so that
//! an interrupted run never leaves a truncated file.
//!
//! Names: `<plan file stem>-<kind>.<ext>` (`inputs/huiji-2024.yaml`, notice, DOCX →
//! `huiji-2024-notice.docx`). The file stem rather than the unit's name: it is what the user
//! chose, ASCII in practice, and differs between two plans of one unit.

pub mod names;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The extensions rectdoc writes (with their dot); a temporary file keeps its extension,
/// which is how [`remove_stale_temps`] knows a file of rectdoc's own.
const EXTENSIONS: &[&str] = &[".model.txt", ".docx", ".pdf", ".xlsx", ".json", ".csv"];

/// Longest file name most file systems accept, in bytes.
const NAME_MAX: usize = 255;

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

/// The temporary file [`write_atomic`] writes before renaming it to `path`: a hidden file
/// in the same folder, `.NAME.PID.tmp`, named after this process so that a signal handler can
/// remove it and a later run can tell it is stale. Where that would pass the 255-byte limit
/// of a name, NAME's stem is shortened so that the temporary name is no longer than the final
/// one (its extension stays).
pub fn temp_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id().to_string();
    let overhead = ".".len() + ".".len() + pid.len() + ".tmp".len();
    let head = if name.len() + overhead <= NAME_MAX {
        name
    } else {
        let ext = EXTENSIONS
            .iter()
            .find(|e| name.ends_with(*e))
            .copied()
            .unwrap_or("");
        let stem = &name[..name.len() - ext.len()];
        let mut cut = name
            .len()
            .saturating_sub(overhead + ext.len())
            .min(stem.len());
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}{ext}", &stem[..cut])
    };
    dir.join(format!(".{head}.{pid}.tmp"))
}

/// Whether `name` is a temporary file of rectdoc's (`.NAME.EXT.PID.tmp`): its process id.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (head, pid) = rest.rsplit_once('.')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    EXTENSIONS
        .iter()
        .any(|e| head.ends_with(e) && head.len() > e.len())
        .then_some(())?;
    pid.parse().ok()
}

/// Whether process `pid` may still be writing: its `/proc` entry exists (Linux); where there
/// is no `/proc`, a file changed in the last ten minutes counts as in use.
fn maybe_alive(pid: u32, file: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 600)
}

/// Removes the temporary files that an earlier run killed before it could rename or remove
/// them (SIGKILL, a power cut) left in `dir`: regular files named like [`temp_path`]'s whose
/// process is gone. Returns their names.
pub fn remove_stale_temps(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut removed = vec![];
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_pid(&name) else { continue };
        let regular = e.file_type().is_ok_and(|t| t.is_file());
        if regular && !maybe_alive(pid, &e.path()) && std::fs::remove_file(e.path()).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    removed
}

/// What is at an output path that a run would keep or overwrite: `Ok(true)` a regular file
/// (or a link to one), `Ok(false)` nothing; anything else (a FIFO, a device, a folder) is an
/// error naming it, for a FIFO would hang the run and a device never end.
pub fn existing_file(path: &Path) -> Result<bool, OutputError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) => Err(OutputError {
            path: path.to_path_buf(),
            action: "use",
            source: std::io::Error::other(format!(
                "it is {}, not a regular file; move it away or choose another -o",
                describe_type(&m)
            )),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A dangling symbolic link: nothing to keep, the rename replaces the link.
            Ok(false)
        }
        Err(source) => Err(OutputError {
            path: path.to_path_buf(),
            action: "use",
            source,
        }),
    }
}

fn describe_type(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if m.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// The SHA-256 of a regular file, read in pieces (a kept file may be large).
pub fn sha256_file(path: &Path) -> std::io::Result<(u64, [u8; 32])> {
    use sha2::Digest;
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, h.finalize().into()))
}

/// Temporary files being written, so that a signal handler can remove them.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_progress() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary file being written (for a signal handler about to exit).
pub fn abandon_temps() {
    for t in in_progress().drain(..) {
        let _ = std::fs::remove_file(t);
    }
}

fn drop_temp(tmp: &Path) {
    let _ = std::fs::remove_file(tmp);
    in_progress().retain(|t| t != tmp);
}

/// A set of files that could not all be written.
#[derive(Debug)]
pub struct SetError {
    /// Renamed into place before the error (empty unless a rename failed).
    pub written: Vec<PathBuf>,
    /// Not written (their temporary files are removed).
    pub not_written: Vec<PathBuf>,
    pub error: OutputError,
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place
/// once complete and flushed. On failure the temporary file is removed and `path` is left as
/// it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_set(&[(path.to_path_buf(), bytes)]).map_err(|e| e.error)
}

/// Writes several files all or nothing, as far as a file system allows: every file is
/// written to its temporary file first (where a full disk or a quota shows), and only when
/// all are complete are they renamed into place. A failed write removes the temporary files
/// and writes nothing; a failed rename (rare: the folder changed under the run) reports
/// which files were and were not written.
pub fn write_set(files: &[(PathBuf, &[u8])]) -> Result<(), SetError> {
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let fail = |temps: &[PathBuf], path: &Path, source| {
        temps.iter().for_each(|t| drop_temp(t));
        SetError {
            written: vec![],
            not_written: files.iter().map(|(p, _)| p.clone()).collect(),
            error: OutputError {
                path: path.to_path_buf(),
                action: "write",
                source,
            },
        }
    };
    for (path, bytes) in files {
        let tmp = temp_path(path);
        // A leftover of an earlier process with this id is stale by definition.
        let _ = std::fs::remove_file(&tmp);
        in_progress().push(tmp.clone());
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        };
        if let Err(source) = write() {
            drop_temp(&tmp);
            return Err(fail(&temps, path, source));
        }
        temps.push(tmp);
    }
    for (i, ((path, _), tmp)) in files.iter().zip(&temps).enumerate() {
        if let Err(source) = std::fs::rename(tmp, path) {
            temps[i..].iter().for_each(|t| drop_temp(t));
            return Err(SetError {
                written: files[..i].iter().map(|(p, _)| p.clone()).collect(),
                not_written: files[i..].iter().map(|(p, _)| p.clone()).collect(),
                error: OutputError {
                    path: path.to_path_buf(),
                    action: "write",
                    source,
                },
            });
        }
        in_progress().retain(|t| t != tmp);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_predictable() {
        assert_eq!(plan_stem(Path::new("inputs/huiji-2024.yaml")), "huiji-2024");
    }

    #[test]
    fn temporary_names_fit_where_the_final_name_fits() {
        let long = format!("{}-notice.model.txt", "长".repeat(78));
        assert!(long.len() <= 255);
        let t = temp_path(&Path::new("out").join(&long));
        let t = t.file_name().unwrap().to_str().unwrap();
        assert!(t.len() <= long.len(), "{} > {}", t.len(), long.len());
        assert!(
            t.ends_with(&format!(".model.txt.{}.tmp", std::process::id())),
            "{t}"
        );
        assert_eq!(temp_pid(t), Some(std::process::id()));
        let short = temp_path(Path::new("a.pdf"));
        assert_eq!(
            short,
            Path::new(&format!("./.a.pdf.{}.tmp", std::process::id()))
        );
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_go() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 4294967; ours is alive; other names are not ours.
        let names = [
            ".a-notice.pdf.4294967.tmp",
            &format!(".b.docx.{}.tmp", std::process::id()),
            ".notes.txt.4294967.tmp",
            ".pdf.4294967.tmp",
            "c.pdf",
        ];
        for n in names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        assert_eq!(
            remove_stale_temps(dir.path()),
            [".a-notice.pdf.4294967.tmp"]
        );
        for n in &names[1..] {
            assert!(dir.path().join(n).exists(), "{n}");
        }
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
