//! `render`: one plan → documents × formats in a folder.
//!
//! Everything is rendered in memory first; files are written only when every document and
//! format succeeded, each atomically (`output::write_atomic`), so a failed run writes nothing.

use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report};
use crate::diag::Diagnostic;
use crate::output;
use crate::pipeline::{self, Engine};
use crate::template::Templates;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The plan (YAML).
    pub plan: PathBuf,
    /// Document kinds, comma-separated: notice, plan, ledger, all, or a kind of --templates.
    #[arg(long, default_value = "notice", value_delimiter = ',')]
    pub doc: Vec<String>,
    /// Formats, comma-separated: docx, pdf, and `model` (a text dump of the document model,
    /// for checking templates).
    #[arg(long, default_value = "docx,pdf", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// A folder of templates: NAME.hbs there overrides the built-in NAME; other names add kinds.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// More folders to look for fonts in (searched before the system folders).
    #[arg(long)]
    pub font_dir: Vec<PathBuf>,
    /// Draw a visible marker for characters no font has (and warn) instead of failing.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
    /// A style file (YAML: page, margins, grid, type sizes, fonts); GB/T 9704 by default.
    #[arg(long)]
    pub style: Option<PathBuf>,
}

fn usage_diag(d: Diagnostic, fmt: DiagnosticFormat) -> u8 {
    report::print(&[d], fmt);
    EXIT_USAGE
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
    let formats = match pipeline::parse_formats(&args.format) {
        Ok(f) => f,
        Err(d) => return usage_diag(d, fmt),
    };

    let templates = match &args.templates {
        Some(dir) if !dir.is_dir() => {
            return usage(
                format!("the templates folder {} does not exist", dir.display()),
                Some("--templates takes a folder holding NAME.hbs files".into()),
                fmt,
            );
        }
        Some(dir) => match Templates::with_dir(dir) {
            Ok(t) => t,
            Err(e) => {
                report::print(&e, fmt);
                return EXIT_INVALID;
            }
        },
        None => Templates::builtin(),
    };

    // Unknown kinds are usage errors, found before the plan is read.
    let available = templates.kinds();
    if let Err(d) = pipeline::check_kinds(&args.doc, &available) {
        return usage_diag(d, fmt);
    }
    let style = match super::load_style(args.style.as_deref(), fmt) {
        Ok(s) => s,
        Err(code) => return code,
    };

    let loaded = match crate::plan::load_file(&args.plan) {
        Ok(l) => l,
        Err(e) => {
            report::print(&e, fmt);
            let io = e
                .iter()
                .all(|d| d.location.is_none() && d.message.starts_with("cannot read"));
            return if io { EXIT_USAGE } else { EXIT_INVALID };
        }
    };
    report::print(&loaded.warnings, fmt);

    // Kinds: `all` is every kind the plan has settings for (or every kind, if none).
    let kinds = match pipeline::resolve_kinds(&args.doc, &available, &loaded.plan) {
        Ok(k) => k,
        Err(d) => return usage_diag(d, fmt),
    };

    // Render everything in memory.
    let engine = Engine {
        templates,
        style,
        fonts: crate::fonts::FontBook::discover(&args.font_dir),
        allow_missing_glyphs: args.allow_missing_glyphs,
    };
    let stem = output::plan_stem(&args.plan);
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![];
    let mut errors: Vec<Diagnostic> = vec![];
    for kind in &kinds {
        let out = engine.render(&loaded, &loaded.plan, kind, &formats);
        report::print(&out.warnings, fmt);
        errors.extend(out.errors);
        for f in out.files {
            let path = args
                .output
                .join(output::file_name(&stem, kind, f.format.extension()));
            files.push((path, f.bytes));
        }
    }
    if errors.iter().any(Diagnostic::is_error) {
        report::print(&errors, fmt);
        eprintln!("nothing written");
        return EXIT_INVALID;
    }

    if let Err(e) = output::ensure_dir(&args.output) {
        return usage(
            e.to_string(),
            Some("choose a folder you can write to with -o".into()),
            fmt,
        );
    }
    for (path, bytes) in &files {
        // Each file is complete or untouched (atomic); an I/O error stops the run.
        if let Err(e) = output::write_atomic(path, bytes) {
            return usage(
                e.to_string(),
                Some("choose a folder you can write to with -o".into()),
                fmt,
            );
        }
    }
    for (path, _) in &files {
        println!("{}", path.display());
    }
    0
}
