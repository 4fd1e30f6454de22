//! `batch`: many plans × documents × formats into one folder, in parallel, with a manifest.
//!
//! Three phases, so that names never depend on thread timing: (1) every plan is loaded (in
//! parallel) and bad ones are reported and skipped; (2) jobs (plan × kind) get their file
//! names from the pattern, sanitised and made unique in input order; (3) jobs are rendered
//! and written in parallel, each file through a temporary file renamed into place. SIGINT
//! stops the run after the files in progress (a second one removes them and exits at once):
//! no partial file is ever left under an output name.

use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report};
use crate::diag::Diagnostic;
use crate::output;
use crate::pipeline::{self, Engine, OutFormat};
use crate::plan::Loaded;
use clap::Args;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

/// Exit code of a run stopped by SIGINT (128 + 2, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Plan files, folders (every .yaml / .yml inside, recursively) and glob patterns
    /// (`plans/**/*.yaml`, quoted so that rectdoc expands them).
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Output folder (created if missing).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Document kinds, comma-separated: notice, a kind of --templates, or `all`.
    #[arg(long, default_value = "notice", value_delimiter = ',')]
    pub doc: Vec<String>,
    /// Formats, comma-separated: docx, pdf, ofd, xlsx, all (the four), model.
    #[arg(long, default_value = "docx,pdf", value_delimiter = ',')]
    pub format: Vec<String>,
    /// File name pattern (the extension is added): fields {stem} (plan file name), {unit},
    /// {short} (unit short name), {doc}, {department}, {date}. Empty fields drop out with
    /// the separator before them.
    #[arg(long, default_value = "{stem}-{doc}-{department}")]
    pub name: String,
    /// Parallel jobs (default: all cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// One document per responsible department (`department`), each holding only its
    /// problems and measures; `{department}` in --name is the department.
    #[arg(long, value_enum)]
    pub split_by: Option<super::render::SplitBy>,
    /// Overwrite existing files (by default they are kept and reported).
    #[arg(long)]
    pub force: bool,
    /// A folder of templates: NAME.hbs there overrides the built-in NAME; other names add kinds.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// A style file (YAML); GB/T 9704 by default.
    #[arg(long)]
    pub style: Option<PathBuf>,
    /// More folders to look for fonts in (searched before the system folders).
    #[arg(long)]
    pub font_dir: Vec<PathBuf>,
    /// Draw a visible marker for characters no font has (and warn) instead of failing.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

/// Set by the SIGINT handler: start no new job.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Temporary files being written, removed by a second SIGINT before exiting.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

fn usage(d: Diagnostic, fmt: DiagnosticFormat) -> u8 {
    report::print(&[d], fmt);
    EXIT_USAGE
}

// ---------------------------------------------------------------------------------------
// Names

/// A parsed `--name` pattern.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Stem,
    Unit,
    Short,
    Doc,
    Department,
    Date,
}

const FIELDS: &str = "{stem}, {unit}, {short}, {doc}, {department}, {date}";

fn parse_pattern(p: &str) -> Result<Vec<Piece>, Diagnostic> {
    let mut out = vec![];
    let mut rest = p;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(i) if rest[i..].starts_with('}') => {
                return Err(
                    Diagnostic::error(format!("`}}` without `{{` in --name `{p}`"))
                        .hint(format!("the fields are {FIELDS}")),
                );
            }
            Some(i) => {
                if i > 0 {
                    out.push(Piece::Text(rest[..i].to_string()));
                }
                let Some(end) = rest[i..].find('}') else {
                    return Err(Diagnostic::error(format!("unclosed `{{` in --name `{p}`"))
                        .hint(format!("the fields are {FIELDS}")));
                };
                let f = match &rest[i + 1..i + end] {
                    "stem" => Field::Stem,
                    "unit" => Field::Unit,
                    "short" => Field::Short,
                    "doc" => Field::Doc,
                    "department" => Field::Department,
                    "date" => Field::Date,
                    other => {
                        return Err(Diagnostic::error(format!(
                            "unknown field `{{{other}}}` in --name"
                        ))
                        .hint(format!("the fields are {FIELDS}")));
                    }
                };
                out.push(Piece::Field(f));
                rest = &rest[i + end + 1..];
            }
            None => {
                out.push(Piece::Text(rest.to_string()));
                rest = "";
            }
        }
    }
    if !out.iter().any(|p| matches!(p, Piece::Field(_))) {
        return Err(Diagnostic::error(format!(
            "--name `{p}` has no field: every file would have one name"
        ))
        .hint("include {stem} or {unit}, and {doc}"));
    }
    Ok(out)
}

/// The values of a job's fields.
struct Fields<'a> {
    stem: &'a str,
    unit: &'a str,
    short: &'a str,
    doc: &'a str,
    department: &'a str,
    date: &'a str,
}

/// Fills the pattern; an empty field drops out with the literal text before it (or after
/// it, when it comes first), so `{unit}-{doc}-{department}` without a department is
/// `unit-doc`.
fn fill(pattern: &[Piece], v: &Fields) -> String {
    let value = |f: Field| match f {
        Field::Stem => v.stem,
        Field::Unit => v.unit,
        Field::Short => v.short,
        Field::Doc => v.doc,
        Field::Department => v.department,
        Field::Date => v.date,
    };
    let mut parts: Vec<&str> = vec![];
    let mut drop_next_text = false;
    for (i, p) in pattern.iter().enumerate() {
        match p {
            Piece::Text(_) if drop_next_text => drop_next_text = false,
            Piece::Text(t) => parts.push(t),
            Piece::Field(f) => {
                let val = value(*f).trim();
                if !val.is_empty() {
                    parts.push(val);
                } else if i > 0 && matches!(pattern[i - 1], Piece::Text(_)) {
                    parts.pop();
                } else {
                    drop_next_text = true;
                }
            }
        }
    }
    parts.concat()
}

/// Windows refuses these as names, with any extension, in any case.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest base name in bytes: room for `-NNN` and `.model.txt` within the usual 255.
const MAX_BASE_BYTES: usize = 200;

/// A base file name that plan text cannot turn into a path or an invalid name: separators
/// and characters Windows refuses become `_`, control characters go, `..` becomes `_`,
/// leading dots and trailing dots and spaces go, reserved device names get a `_`.
fn sanitize(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let mut s = s
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    if s.len() > MAX_BASE_BYTES {
        let mut cut = MAX_BASE_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s = s.trim_end_matches(['.', ' ']).to_string();
    }
    if s.is_empty() {
        return "document".to_string();
    }
    let stem = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        s.insert(stem.len(), '_');
    }
    s
}

/// Gives each job a base name no other job's files share (case-insensitively, as Windows
/// and macOS compare): `-2`, `-3`, … in input order.
struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    fn new() -> Namer {
        let taken = ["manifest.json", "manifest.csv"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        Namer { taken }
    }

    fn claim(&mut self, base: &str, formats: &[OutFormat]) -> String {
        let files = |b: &str| -> Vec<String> {
            formats
                .iter()
                .map(|f| format!("{b}.{}", f.extension()).to_lowercase())
                .collect()
        };
        let mut n = 1;
        loop {
            let b = if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            };
            let fs = files(&b);
            if fs.iter().all(|f| !self.taken.contains(f)) {
                self.taken.extend(fs);
                return b;
            }
            n += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inputs

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
/// sorted), each once.
fn expand(args: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out: Vec<PathBuf> = vec![];
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
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The run

/// One document of one plan, in every format.
struct Job {
    plan: usize,
    kind: String,
    department: String,
    /// A department's part of the plan (`--split-by`); `None`: the whole plan.
    part: Option<Loaded>,
    base: String,
    /// Several kinds in the run, or `--format all`: documents without a table get no
    /// workbook.
    several: bool,
    /// Formats to render (those whose file does not exist, or all with --force).
    formats: Vec<OutFormat>,
}

/// A row of the manifest.
#[derive(Debug, Serialize)]
struct Entry {
    plan: String,
    document: String,
    department: String,
    format: &'static str,
    path: String,
    pages: Option<usize>,
    bytes: u64,
    sha256: String,
    /// `written`, or `kept` (it existed; run with --force to overwrite).
    status: &'static str,
}

/// What a worker reports for a job.
enum Done {
    Files(Vec<Entry>, Vec<Diagnostic>),
    Failed(Vec<Diagnostic>),
    /// An I/O error writing a file.
    Io(Diagnostic),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs `f(i)` for `i` in `0..n` on `jobs` threads, in order of `i` taken from a shared
/// counter; stops taking new work once interrupted.
fn parallel<T: Send>(
    n: usize,
    jobs: usize,
    f: impl Fn(usize) -> T + Sync,
    mut on_done: impl FnMut(usize, T),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, n.max(1)) {
            let tx = tx.clone();
            let (next, f) = (&next, &f);
            s.spawn(move || {
                loop {
                    if INTERRUPTED.load(Ordering::SeqCst) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    if tx.send((i, f(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            on_done(i, r);
        }
    });
}

pub fn run(args: &BatchArgs, fmt: DiagnosticFormat) -> u8 {
    let formats = match pipeline::parse_formats(&args.format) {
        Ok(f) => f,
        Err(d) => return usage(d, fmt),
    };
    let pattern = match parse_pattern(&args.name) {
        Ok(p) => p,
        Err(d) => return usage(d, fmt),
    };
    if args.jobs == Some(0) {
        return usage(Diagnostic::error("--jobs must be at least 1"), fmt);
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let templates = match super::load_templates(args.templates.as_deref(), fmt) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let available = templates.kinds();
    if let Err(d) = pipeline::check_kinds(&args.doc, &available) {
        return usage(d, fmt);
    }
    let style = match super::load_style(args.style.as_deref(), fmt) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let plans = match expand(&args.paths) {
        Ok(p) if p.is_empty() => {
            return usage(
                Diagnostic::error("no plan files found").hint("give .yaml files, folders or globs"),
                fmt,
            );
        }
        Ok(p) => p,
        Err(d) => return usage(d, fmt),
    };
    if let Err(e) = output::ensure_dir(&args.output) {
        return usage(
            Diagnostic::io_error(e.to_string()).hint("choose a folder you can write to with -o"),
            fmt,
        );
    }
    if let Err(e) = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            // Second interrupt: do not wait for the files in progress.
            for t in in_flight().drain(..) {
                let _ = std::fs::remove_file(t);
            }
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        eprintln!("interrupted: finishing the files in progress (interrupt again to abandon them)");
    }) {
        eprintln!(
            "warning: cannot handle interrupts ({e}); an interrupted run may leave temporary files"
        );
    }
    let started = std::time::Instant::now();

    // Phase 1: load every plan.
    let mut loaded: Vec<Option<Loaded>> = (0..plans.len()).map(|_| None).collect();
    let mut failed: Vec<(usize, Vec<Diagnostic>)> = vec![];
    let mut io_failure = false;
    parallel(
        plans.len(),
        jobs,
        |i| crate::plan::load_file(&plans[i]),
        |i, r| match r {
            Ok(l) => loaded[i] = Some(l),
            Err(e) => {
                io_failure |= e.iter().any(Diagnostic::is_io);
                failed.push((i, e));
            }
        },
    );
    failed.sort_by_key(|(i, _)| *i);
    for (_, e) in &failed {
        report::print(e, fmt);
    }
    for l in loaded.iter().flatten() {
        report::print(&l.warnings, fmt);
    }

    // Phase 2: jobs and names, in input order.
    let mut namer = Namer::new();
    let mut job_list: Vec<Job> = vec![];
    let mut entries: Vec<Option<Vec<Entry>>> = vec![];
    let mut kept: Vec<Entry> = vec![];
    for (i, l) in loaded.iter().enumerate() {
        let Some(l) = l else { continue };
        let kinds = match pipeline::resolve_kinds(&args.doc, &available, &l.plan) {
            Ok(k) => k,
            Err(d) => {
                report::print(std::slice::from_ref(&d), fmt);
                failed.push((i, vec![d]));
                continue;
            }
        };
        let stem = output::plan_stem(&plans[i]);
        let parts = super::render::parts(l, args.split_by);
        let several = kinds.len() > 1 || pipeline::asks_all(&args.format);
        for (kind, (part_name, part)) in kinds
            .iter()
            .flat_map(|k| parts.iter().map(move |p| (k.clone(), p)))
        {
            let date = l
                .plan
                .documents
                .get(&kind)
                .and_then(|d| d.date)
                .or(l.plan.as_of)
                .map(|d| d.iso())
                .unwrap_or_default();
            let department = part_name.clone().unwrap_or_default();
            let raw = fill(
                &pattern,
                &Fields {
                    stem: &stem,
                    unit: &l.plan.unit.name,
                    short: &l.plan.unit.short,
                    doc: &kind,
                    department: &department,
                    date: &date,
                },
            );
            let base = namer.claim(&sanitize(&raw), &formats);
            let mut todo = vec![];
            for f in &formats {
                let path = args.output.join(format!("{base}.{}", f.extension()));
                if !args.force && path.exists() {
                    kept.push(kept_entry(
                        &plans[i],
                        &kind,
                        &department,
                        *f,
                        &path,
                        &args.output,
                    ));
                    eprintln!("kept {} (it exists; --force overwrites)", path.display());
                } else {
                    todo.push(*f);
                }
            }
            if !todo.is_empty() {
                let part = part_name
                    .as_deref()
                    .map(|name| super::render::with_part(&kind, Some(name), part));
                job_list.push(Job {
                    plan: i,
                    kind,
                    department,
                    part,
                    several,
                    base,
                    formats: todo,
                });
                entries.push(None);
            }
        }
    }

    // Phase 3: render and write.
    let engine = Engine {
        templates,
        style,
        fonts: crate::fonts::FontBook::discover(&args.font_dir),
        allow_missing_glyphs: args.allow_missing_glyphs,
    };
    let total_files: usize = job_list.iter().map(|j| j.formats.len()).sum();
    let progress = Progress::new(total_files as u64);
    let mut write_error = false;
    parallel(
        job_list.len(),
        jobs,
        |j| run_job(&engine, &job_list[j], &plans, &loaded, &args.output),
        |j, done| match done {
            Done::Files(es, warnings) => {
                progress.suspend(|| report::print(&warnings, fmt));
                for e in &es {
                    progress.file(&e.path);
                }
                entries[j] = Some(es);
            }
            Done::Failed(e) => {
                progress.suspend(|| report::print(&e, fmt));
                failed.push((job_list[j].plan, e));
            }
            Done::Io(d) => {
                progress.suspend(|| report::print(std::slice::from_ref(&d), fmt));
                write_error = true;
            }
        },
    );
    progress.finish();

    // Manifest: every file of the run in job order, kept ones after.
    let mut manifest: Vec<Entry> = entries.into_iter().flatten().flatten().collect();
    let written = manifest.len();
    manifest.extend(kept);
    if let Err(d) = write_manifest(&args.output, &manifest) {
        report::print(&[d], fmt);
        write_error = true;
    }

    // Summary.
    let failed_plans: std::collections::BTreeSet<usize> = failed.iter().map(|(i, _)| *i).collect();
    // the OFD has the PDF's pages again: count them once
    let pages: usize = manifest
        .iter()
        .filter(|e| e.format == "pdf")
        .filter_map(|e| e.pages)
        .sum();
    let bytes: u64 = manifest
        .iter()
        .filter(|e| e.status == "written")
        .map(|e| e.bytes)
        .sum();
    let interrupted = INTERRUPTED.load(Ordering::SeqCst);
    println!(
        "{}: {} plan{}, {written} file{} written ({pages} PDF pages, {:.1} MB), {} kept, {} plan{} failed, in {:.1} s; manifest in {}",
        if interrupted { "interrupted" } else { "done" },
        plans.len(),
        if plans.len() == 1 { "" } else { "s" },
        if written == 1 { "" } else { "s" },
        bytes as f64 / 1e6,
        manifest.len() - written,
        failed_plans.len(),
        if failed_plans.len() == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64(),
        args.output.join("manifest.json").display(),
    );
    for i in &failed_plans {
        println!("failed: {}", plans[*i].display());
    }
    if interrupted {
        EXIT_INTERRUPTED
    } else if write_error || io_failure {
        EXIT_USAGE
    } else if !failed_plans.is_empty() {
        EXIT_INVALID
    } else {
        0
    }
}

fn rel(path: &Path, out: &Path) -> String {
    path.strip_prefix(out)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn kept_entry(
    plan: &Path,
    kind: &str,
    department: &str,
    f: OutFormat,
    path: &Path,
    out: &Path,
) -> Entry {
    let bytes = std::fs::read(path).unwrap_or_default();
    Entry {
        plan: plan.to_string_lossy().into_owned(),
        document: kind.to_string(),
        department: department.to_string(),
        format: f.name(),
        path: rel(path, out),
        pages: None,
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(&bytes)),
        status: "kept",
    }
}

fn run_job(
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
    let mut entries = vec![];
    for f in r.files {
        let path = out.join(format!("{}.{}", job.base, f.format.extension()));
        if INTERRUPTED.load(Ordering::SeqCst) {
            break;
        }
        let tmp = output::temp_path(&path);
        in_flight().push(tmp.clone());
        let w = output::write_atomic(&path, &f.bytes);
        in_flight().retain(|t| *t != tmp);
        if let Err(e) = w {
            return Done::Io(Diagnostic::io_error(e.to_string()));
        }
        entries.push(Entry {
            plan: plans[job.plan].to_string_lossy().into_owned(),
            document: job.kind.clone(),
            department: job.department.clone(),
            format: f.format.name(),
            path: rel(&path, out),
            pages: f.pages,
            bytes: f.bytes.len() as u64,
            sha256: hex(&Sha256::digest(&f.bytes)),
            status: "written",
        });
    }
    Done::Files(entries, r.warnings)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_manifest(out: &Path, entries: &[Entry]) -> Result<(), Diagnostic> {
    let io = |e: output::OutputError| Diagnostic::io_error(e.to_string());
    let json = serde_json::to_string_pretty(&serde_json::json!({ "files": entries }))
        .map_err(|e| Diagnostic::error(format!("cannot write the manifest: {e}")))?;
    output::write_atomic(&out.join("manifest.json"), format!("{json}\n").as_bytes()).map_err(io)?;
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
    output::write_atomic(&out.join("manifest.csv"), csv.as_bytes()).map_err(io)
}

/// A progress bar on a terminal; a plain line per file otherwise (logs, CI).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: u64,
    done: std::cell::Cell<u64>,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(total);
            if let Ok(s) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files, {elapsed} elapsed, ~{eta} left  {wide_msg}",
            ) {
                b.set_style(s);
            }
            b
        });
        Progress {
            bar,
            total,
            done: std::cell::Cell::new(0),
        }
    }

    fn file(&self, path: &str) {
        self.done.set(self.done.get() + 1);
        match &self.bar {
            Some(b) => {
                b.set_message(path.to_string());
                b.inc(1);
            }
            None => eprintln!("[{}/{}] {path}", self.done.get(), self.total),
        }
    }

    /// Prints diagnostics without tearing the bar.
    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(unit: &'a str, department: &'a str) -> Fields<'a> {
        Fields {
            stem: "plan",
            unit,
            short: "局",
            doc: "notice",
            department,
            date: "2024-09-26",
        }
    }

    #[test]
    fn empty_fields_drop_out_with_their_separator() {
        let p = parse_pattern("{unit}-{doc}-{department}-{date}").unwrap();
        assert_eq!(
            fill(&p, &fields("甲", "综合科")),
            "甲-notice-综合科-2024-09-26"
        );
        assert_eq!(fill(&p, &fields("甲", "")), "甲-notice-2024-09-26");
        let p = parse_pattern("{department}_{doc}").unwrap();
        assert_eq!(fill(&p, &fields("甲", "")), "notice");
    }

    #[test]
    fn bad_patterns_are_usage_errors() {
        assert!(parse_pattern("{unti}-{doc}").is_err());
        assert!(parse_pattern("{unit").is_err());
        assert!(parse_pattern("unit}").is_err());
        assert!(parse_pattern("fixed").is_err());
    }

    #[test]
    fn plan_text_cannot_make_a_path_or_a_bad_name() {
        assert_eq!(sanitize("../../etc/passwd"), "____etc_passwd");
        assert_eq!(sanitize("a/b\\c:d"), "a_b_c_d");
        assert_eq!(sanitize("x\u{0}y\nz\u{7f}"), "xyz");
        assert_eq!(sanitize("CON"), "CON_");
        assert_eq!(sanitize("nul.notice"), "nul_.notice");
        assert_eq!(sanitize("com1 "), "com1_");
        assert_eq!(sanitize("name. . "), "name");
        assert_eq!(sanitize(".hidden"), "hidden");
        assert_eq!(sanitize("..."), "_");
        assert_eq!(sanitize(""), "document");
        assert_eq!(sanitize("   "), "document");
        let long = "长".repeat(100);
        let s = sanitize(&long);
        assert!(s.len() <= MAX_BASE_BYTES && s.chars().all(|c| c == '长'));
    }

    #[test]
    fn names_are_unique_case_insensitively_in_order() {
        let f = [OutFormat::Model];
        let mut n = Namer::new();
        assert_eq!(n.claim("a", &f), "a");
        assert_eq!(n.claim("A", &f), "A-2");
        assert_eq!(n.claim("a", &f), "a-3");
        assert_eq!(n.claim("a-2", &f), "a-2-2");
        assert_eq!(n.claim("manifest", &[OutFormat::Model]), "manifest");
    }
}
