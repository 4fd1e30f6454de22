//! `render`: one plan → documents × formats in a folder.
//!
//! Everything is rendered in memory first; files are written only when every document and
//! format succeeded, all or nothing (`output::write_set`), so a failed run writes nothing.
//! Names are batch's: sanitised, and made unique with `-2`, `-3` (two departments whose
//! names clean up alike get two files).

use super::args::{DocArgs, EngineArgs, SplitBy};
use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report};
use crate::diag::Diagnostic;
use crate::output;
use crate::pipeline;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The plan (YAML).
    pub plan: PathBuf,
    #[command(flatten)]
    pub docs: DocArgs,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    #[command(flatten)]
    pub engine: EngineArgs,
}

fn usage(msg: impl Into<String>, hint: Option<String>, fmt: DiagnosticFormat) -> u8 {
    let mut d = Diagnostic::error(msg);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    report::print(&[d], fmt);
    EXIT_USAGE
}

pub fn run(args: &RenderArgs, fmt: DiagnosticFormat) -> u8 {
    let formats = args.docs.formats();
    let (templates, style) = match args.engine.load(&args.docs.doc, fmt) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let available = templates.kinds();

    let loaded = match crate::plan::load_file(&args.plan) {
        Ok(l) => l,
        Err(e) => {
            report::print(&e, fmt);
            return crate::diag::exit_code(&e).max(EXIT_INVALID);
        }
    };
    report::print(&loaded.warnings, fmt);

    // Kinds: `all` is the built-in notice, plan and ledger, then every other kind the plan
    // has settings for (pipeline::resolve_kinds).
    let kinds = match pipeline::resolve_kinds(&args.docs.doc, &available, &loaded.plan) {
        Ok(k) => k,
        Err(d) => return super::usage_error(d, fmt),
    };

    // Render everything in memory.
    let engine = args.engine.engine(templates, style);
    // Fonts matter to the PDF only: a role without a face fails here, naming what to install;
    // a role in a face of another style is warned about once, not per document.
    let pdf = pipeline::OutFormat::Export(crate::export::Format::Pdf);
    if formats.contains(&pdf) {
        let found = crate::fonts::classify::audit(&engine.fonts, &engine.style);
        report::print(&found, fmt);
        if found.iter().any(Diagnostic::is_error) {
            eprintln_tr!("nothing written");
            return EXIT_INVALID;
        }
    }
    let stem = output::plan_stem(&args.plan);
    let mut namer = output::names::Namer::default();
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![];
    let mut errors: Vec<Diagnostic> = vec![];
    if let Some(d) = split_error(&loaded, args.docs.split_by) {
        return super::usage_error(d, fmt);
    }
    let parts = parts(&loaded, args.docs.split_by);
    for kind in &kinds {
        for (part, loaded) in &parts {
            let raw = match part {
                Some(p) => format!("{stem}-{kind}-{p}"),
                None => format!("{stem}-{kind}"),
            };
            let loaded = &with_part(kind, part.as_deref(), loaded);
            // `--doc all --format …,xlsx` or `--format all`: only the documents with a table
            // have a workbook.
            let only_tables = kinds.len() > 1 || args.docs.asks_all();
            let out = engine.render(loaded, &loaded.plan, kind, &formats, only_tables);
            report::print(&out.warnings, fmt);
            errors.extend(out.errors);
            let extensions: Vec<&str> = out.files.iter().map(|f| f.format.extension()).collect();
            let base = namer.claim(&output::names::sanitize(&raw), &extensions);
            for f in out.files {
                let path = args.output.join(format!("{base}.{}", f.format.extension()));
                files.push((path, f.bytes));
            }
        }
    }
    if errors.iter().any(Diagnostic::is_error) {
        report::print(&errors, fmt);
        eprintln_tr!("nothing written");
        return EXIT_INVALID;
    }

    if let Err(e) = output::ensure_dir(&args.output) {
        return usage(
            e.to_string(),
            Some("choose a folder you can write to with -o".into()),
            fmt,
        );
    }
    report_stale_temps(&args.output);
    // A signal while writing removes the temporary files: nothing half written.
    super::interrupt::install(true);
    let set: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    if let Err(e) = output::write_set(&set) {
        let hint = if e.written.is_empty() {
            "nothing written; choose a folder you can write to with -o".to_string()
        } else {
            let list = |v: &[PathBuf]| {
                v.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "written: {}; not written: {}",
                list(&e.written),
                list(&e.not_written)
            )
        };
        return usage(e.error.to_string(), Some(hint), fmt);
    }
    for (path, _) in &files {
        println!("{}", path.display());
    }
    0
}

/// `--split-by` for a document file, which has no problems to split: the error to report.
pub(super) fn split_error(
    loaded: &crate::plan::Loaded,
    split: Option<SplitBy>,
) -> Option<Diagnostic> {
    (split.is_some() && loaded.plan.document.is_some()).then(|| {
        Diagnostic::usage(
            "--split-by department splits a plan's problems by department; a document file has none",
        )
        .at(&loaded.source_map.file, 1, 1)
        .hint("leave out --split-by for a document file")
    })
}

/// The plans to render: the whole plan, or one part per department (`--split-by`), each with
/// its name.
pub(super) fn parts(
    loaded: &crate::plan::Loaded,
    split: Option<SplitBy>,
) -> Vec<(Option<String>, crate::plan::Loaded)> {
    match split {
        None => vec![(None, loaded.clone())],
        Some(SplitBy::Department) => crate::plan::split::by_department(&loaded.plan)
            .into_iter()
            .map(|(name, plan)| {
                let part = crate::plan::Loaded {
                    plan,
                    warnings: Vec::new(),
                    source_map: loaded.source_map.clone(),
                };
                (Some(name), part)
            })
            .collect(),
    }
}

/// A department's part tells the template whose it is: `doc.extra.department`.
pub(super) fn with_part(
    kind: &str,
    part: Option<&str>,
    loaded: &crate::plan::Loaded,
) -> crate::plan::Loaded {
    let mut l = loaded.clone();
    if let Some(name) = part {
        l.plan
            .documents
            .entry(kind.to_string())
            .or_default()
            .extra
            .insert("department".into(), name.into());
    }
    l
}

/// Removes the temporary files a killed run left in `dir`, and says so.
pub(super) fn report_stale_temps(dir: &std::path::Path) {
    let removed = output::remove_stale_temps(dir);
    if !removed.is_empty() {
        eprintln_tr!(
            "removed {} left by an interrupted run in {}: {}",
            crate::i18n::count_of(removed.len(), "temporary file", "temporary files"),
            dir.display(),
            removed.join(", ")
        );
    }
}
