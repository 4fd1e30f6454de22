//! `render`: one plan → documents × formats in a folder.
//!
//! Everything is rendered in memory first; files are written only when every document and
//! format succeeded, each atomically (`output::write_atomic`), so a failed run writes nothing.

use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report};
use crate::diag::Diagnostic;
use crate::output;
use crate::pipeline::{self, Engine};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The plan (YAML).
    pub plan: PathBuf,
    /// Document kinds, comma-separated: notice, plan, ledger, all, or a kind of --templates.
    #[arg(long, default_value = "notice", value_delimiter = ',')]
    pub doc: Vec<String>,
    /// Formats, comma-separated: docx, pdf, ofd, xlsx, all (the four), and `model` (a text
    /// dump of the document model, for checking templates).
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
    /// One document per responsible department (`department`), holding only its problems and
    /// measures: files `<stem>-<kind>-<department>.<ext>`.
    #[arg(long, value_enum)]
    pub split_by: Option<SplitBy>,
}

/// What `--split-by` splits a plan by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitBy {
    Department,
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

    let templates = match super::load_templates(args.templates.as_deref(), fmt) {
        Ok(t) => t,
        Err(code) => return code,
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
    let parts = parts(&loaded, args.split_by);
    for kind in &kinds {
        for (part, loaded) in &parts {
            let name = match part {
                Some(p) => format!("{kind}-{}", part_name(p)),
                None => kind.clone(),
            };
            let loaded = &with_part(kind, part.as_deref(), loaded);
            // `--doc all --format …,xlsx` or `--format all`: only the documents with a table
            // have a workbook.
            let only_tables = kinds.len() > 1 || pipeline::asks_all(&args.format);
            let out = engine.render(loaded, &loaded.plan, kind, &formats, only_tables);
            report::print(&out.warnings, fmt);
            errors.extend(out.errors);
            for f in out.files {
                let path = args
                    .output
                    .join(output::file_name(&stem, &name, f.format.extension()));
                files.push((path, f.bytes));
            }
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

/// A department name as part of a file name: characters file systems refuse, white space and
/// leading dots become `_`; at most 40 characters.
fn part_name(name: &str) -> String {
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(40)
        .collect();
    let clean = clean.trim_start_matches('.').to_string();
    if clean.is_empty() { "_".into() } else { clean }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_names_are_safe_in_file_names() {
        assert_eq!(part_name("综合科"), "综合科");
        assert_eq!(part_name("财务/审计 室"), "财务_审计_室");
        assert_eq!(part_name("..\\x"), "_x");
        assert_eq!(part_name("  "), "_");
        assert_eq!(part_name(&"科".repeat(60)).chars().count(), 40);
    }
}
