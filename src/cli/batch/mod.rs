//! `batch`: many plans × documents × formats into one folder, in parallel, with a manifest.
//!
//! Three phases, so that names never depend on thread timing: (1) every plan is loaded (in
//! parallel) and bad ones are reported and skipped; (2) jobs (plan × kind) get their file
//! names from the pattern, sanitised and made unique in input order; (3) jobs are rendered
//! and written in parallel, each job's files all or nothing through temporary files renamed
//! into place. SIGINT, SIGTERM and SIGHUP stop the run after the files in progress (a second
//! one removes them and exits at once): no partial file is ever left under an output name,
//! and temporary files a killed run left are removed by the next one.

mod inputs;
mod names;
mod progress;
mod write;

use super::args::{DocArgs, EngineArgs};
use super::interrupt::{self, EXIT_INTERRUPTED};
use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report, usage_error as usage};
use crate::diag::Diagnostic;
use crate::output::{self, names::Namer, names::sanitize};
use crate::pipeline;
use crate::plan::Loaded;
use clap::Args;
use inputs::expand;
use names::{Fields, fill, parse_pattern};
use progress::Progress;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use write::{Done, Entry, Job, kept_entry, rel, run_job, write_manifest};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Plan files, folders (every .yaml / .yml inside, recursively) and glob patterns
    /// (`plans/**/*.yaml`, quoted so that rectdoc expands them).
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Output folder (created if missing).
    #[arg(short, long)]
    pub output: PathBuf,
    #[command(flatten)]
    pub docs: DocArgs,
    /// File name pattern (the extension is added): fields {stem} (plan file name), {unit},
    /// {short} (unit short name), {doc}, {department}, {date}. Empty fields drop out with
    /// the separator before them.
    #[arg(long, default_value = "{stem}-{doc}-{department}")]
    pub name: String,
    /// Parallel jobs (default: all cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Overwrite existing files (by default they are kept and reported).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
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
                    if interrupt::interrupted() {
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
    let formats = args.docs.formats();
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
    let (templates, style) = match args.engine.load(&args.docs.doc, fmt) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let available = templates.kinds();
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
    interrupt::install(false);
    super::render::report_stale_temps(&args.output);
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
    let mut namer = Namer::new(&["manifest.json", "manifest.csv"]);
    let mut job_list: Vec<Job> = vec![];
    let mut entries: Vec<Option<Vec<Entry>>> = vec![];
    let mut kept: Vec<Entry> = vec![];
    for (i, l) in loaded.iter().enumerate() {
        let Some(l) = l else { continue };
        // A folder may hold plans and document files: each gets the kinds made from it.
        let (requested, skipped) = pipeline::applicable(&args.docs.doc, &l.plan);
        if !skipped.is_empty() {
            let d = pipeline::skipped_kinds(&skipped, &l.plan).at(&plans[i], 1, 1);
            report::print(std::slice::from_ref(&d), fmt);
            if requested.is_empty() {
                continue;
            }
        }
        let kinds = match pipeline::resolve_kinds(&requested, &available, &l.plan) {
            Ok(k) => k,
            Err(d) => {
                report::print(std::slice::from_ref(&d), fmt);
                failed.push((i, vec![d]));
                continue;
            }
        };
        if let Some(d) = super::render::split_error(l, args.docs.split_by) {
            report::print(std::slice::from_ref(&d), fmt);
            failed.push((i, vec![d]));
            continue;
        }
        let stem = output::plan_stem(&plans[i]);
        let parts = super::render::parts(l, args.docs.split_by);
        let several = kinds.len() > 1 || args.docs.asks_all();
        for (kind, (part_name, part)) in kinds
            .iter()
            .flat_map(|k| parts.iter().map(move |p| (k.clone(), p)))
        {
            let date = l
                .plan
                .document_date(&kind)
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
            let extensions: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
            let base = namer.claim(&sanitize(&raw), &extensions);
            let mut todo = vec![];
            let mut unusable = vec![];
            for f in &formats {
                let path = args.output.join(format!("{base}.{}", f.extension()));
                // Only a regular file is kept (and hashed): a FIFO would hang the run, a
                // link to a device never end.
                match output::existing_file(&path) {
                    Ok(true) if !args.force => {
                        match kept_entry(&plans[i], &kind, &department, *f, &path, &args.output) {
                            Ok(e) => {
                                kept.push(e);
                                eprintln_tr!(
                                    "kept {} (it exists; --force overwrites)",
                                    path.display()
                                );
                            }
                            Err(d) => unusable.push(d),
                        }
                    }
                    Ok(_) => todo.push(*f),
                    Err(e) => unusable.push(Diagnostic::error(e.to_string())),
                }
            }
            if !unusable.is_empty() {
                report::print(&unusable, fmt);
                failed.push((i, unusable));
                continue;
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
    let engine = args.engine.engine(templates, style);
    let total_files: usize = job_list.iter().map(|j| j.formats.len()).sum();
    let progress = Progress::new(total_files as u64);
    let mut write_error = false;
    // Files of failed jobs, for the summary of a plan written in part.
    let mut not_written: Vec<(usize, PathBuf)> = vec![];
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
                let job = &job_list[j];
                not_written.extend(job.paths(&args.output).into_iter().map(|p| (job.plan, p)));
                failed.push((job.plan, e));
            }
            Done::Io { written, error } => {
                progress.suspend(|| report::print(std::slice::from_ref(&error), fmt));
                write_error = true;
                let job = &job_list[j];
                for p in job.paths(&args.output) {
                    if !written.iter().any(|e| e.path == rel(&p, &args.output)) {
                        not_written.push((job.plan, p));
                    }
                }
                for e in &written {
                    progress.file(&e.path);
                }
                entries[j] = Some(written);
                failed.push((job.plan, vec![error]));
            }
            Done::Skipped => {}
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
    let interrupted = interrupt::interrupted();
    use crate::i18n::count_of;
    println_tr!(
        "{}: {}, {} written ({pages} PDF pages, {:.1} MB), {} kept, {} failed, in {:.1} s; manifest in {}",
        if interrupted { "interrupted" } else { "done" },
        count_of(plans.len(), "plan", "plans"),
        count_of(written, "file", "files"),
        bytes as f64 / 1e6,
        manifest.len() - written,
        count_of(failed_plans.len(), "plan", "plans"),
        started.elapsed().as_secs_f64(),
        args.output.join("manifest.json").display(),
    );
    for i in &failed_plans {
        let plan = plans[*i].to_string_lossy();
        let done: Vec<&str> = manifest
            .iter()
            .filter(|e| e.status == "written" && e.plan == plan)
            .map(|e| e.path.as_str())
            .collect();
        if done.is_empty() {
            println_tr!("failed: {}", plans[*i].display());
        } else {
            let missing: Vec<String> = not_written
                .iter()
                .filter(|(p, _)| p == i)
                .map(|(_, f)| rel(f, &args.output))
                .collect();
            println_tr!(
                "partly written: {} (written: {}; not written: {})",
                plans[*i].display(),
                done.join(", "),
                if missing.is_empty() {
                    "-".to_string()
                } else {
                    missing.join(", ")
                }
            );
        }
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
