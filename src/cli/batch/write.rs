//! Phase 3 of a batch: one job (a document of a plan in its formats) rendered and written
//! all or nothing, the files kept from an earlier run, and the manifest.

use crate::cli::interrupt;
use crate::diag::Diagnostic;
use crate::output;
use crate::pipeline::{Engine, OutFormat};
use crate::plan::Loaded;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One document of one plan, in every format.
pub(super) struct Job {
    pub plan: usize,
    pub kind: String,
    pub department: String,
    /// A department's part of the plan (`--split-by`); `None`: the whole plan.
    pub part: Option<Loaded>,
    pub base: String,
    /// Several kinds in the run, or `--format all`: documents without a table get no
    /// workbook.
    pub several: bool,
    /// Formats to render (those whose file does not exist, or all with --force).
    pub formats: Vec<OutFormat>,
}

impl Job {
    /// The files this job would write.
    pub fn paths(&self, out: &Path) -> Vec<PathBuf> {
        self.formats
            .iter()
            .map(|f| out.join(format!("{}.{}", self.base, f.extension())))
            .collect()
    }
}

/// A row of the manifest.
#[derive(Debug, Serialize)]
pub(super) struct Entry {
    pub plan: String,
    pub document: String,
    pub department: String,
    pub format: &'static str,
    pub path: String,
    pub pages: Option<usize>,
    pub bytes: u64,
    pub sha256: String,
    /// `written`, or `kept` (it existed; run with --force to overwrite).
    pub status: &'static str,
}

/// What a worker reports for a job.
pub(super) enum Done {
    Files(Vec<Entry>, Vec<Diagnostic>),
    /// The document could not be made (nothing written).
    Failed(Vec<Diagnostic>),
    /// An I/O error writing its files; `written` were renamed into place before it.
    Io {
        written: Vec<Entry>,
        error: Diagnostic,
    },
    /// Not started: the run was interrupted.
    Skipped,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn rel(path: &Path, out: &Path) -> String {
    path.strip_prefix(out)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The manifest row of a file kept from an earlier run, hashed in pieces; `path` is known to
/// be a regular file (`output::existing_file`).
pub(super) fn kept_entry(
    plan: &Path,
    kind: &str,
    department: &str,
    f: OutFormat,
    path: &Path,
    out: &Path,
) -> Result<Entry, Diagnostic> {
    let (bytes, sha) = output::sha256_file(path).map_err(|e| {
        Diagnostic::io_error(format!("cannot read the kept file {}: {e}", path.display()))
    })?;
    Ok(Entry {
        plan: plan.to_string_lossy().into_owned(),
        document: kind.to_string(),
        department: department.to_string(),
        format: f.name(),
        path: rel(path, out),
        pages: None,
        bytes,
        sha256: hex(&sha),
        status: "kept",
    })
}

pub(super) fn run_job(
    engine: &Engine,
    job: &Job,
    plans: &[PathBuf],
    loaded: &[Option<Loaded>],
    out: &Path,
) -> Done {
    let Some(l) = &loaded[job.plan] else {
        return Done::Failed(vec![]);
    };
    let l = job.part.as_ref().unwrap_or(l);
    let r = engine.render(l, &l.plan, &job.kind, &job.formats, job.several);
    if !r.errors.is_empty() {
        return Done::Failed(r.errors);
    }
    if interrupt::interrupted() {
        return Done::Skipped;
    }
    let files: Vec<(PathBuf, &[u8])> = r
        .files
        .iter()
        .map(|f| {
            let p = out.join(format!("{}.{}", job.base, f.format.extension()));
            (p, f.bytes.as_slice())
        })
        .collect();
    let entry = |f: &crate::pipeline::RenderedFile, path: &Path| Entry {
        plan: plans[job.plan].to_string_lossy().into_owned(),
        document: job.kind.clone(),
        department: job.department.clone(),
        format: f.format.name(),
        path: rel(path, out),
        pages: f.pages,
        bytes: f.bytes.len() as u64,
        sha256: hex(&Sha256::digest(&f.bytes)),
        status: "written",
    };
    match output::write_set(&files) {
        Ok(()) => Done::Files(
            r.files
                .iter()
                .zip(&files)
                .map(|(f, (p, _))| entry(f, p))
                .collect(),
            r.warnings,
        ),
        Err(e) => Done::Io {
            written: r
                .files
                .iter()
                .zip(&files)
                .filter(|(_, (p, _))| e.written.contains(p))
                .map(|(f, (p, _))| entry(f, p))
                .collect(),
            error: Diagnostic::io_error(e.error.to_string()),
        },
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(super) fn write_manifest(out: &Path, entries: &[Entry]) -> Result<(), Diagnostic> {
    let json = serde_json::to_string_pretty(&serde_json::json!({ "files": entries }))
        .map_err(|e| Diagnostic::error(format!("cannot write the manifest: {e}")))?;
    let mut csv = String::from("plan,document,department,format,path,pages,bytes,sha256,status\n");
    for e in entries {
        let row = [
            csv_field(&e.plan),
            csv_field(&e.document),
            csv_field(&e.department),
            e.format.to_string(),
            csv_field(&e.path),
            e.pages.map_or(String::new(), |p| p.to_string()),
            e.bytes.to_string(),
            e.sha256.clone(),
            e.status.to_string(),
        ];
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let json = format!("{json}\n");
    output::write_set(&[
        (out.join("manifest.json"), json.as_bytes()),
        (out.join("manifest.csv"), csv.as_bytes()),
    ])
    .map_err(|e| Diagnostic::io_error(e.error.to_string()))
}
