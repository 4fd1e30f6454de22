//! Options that `render`, `batch` and `check` share, defined once and flattened into each
//! command (as typst's `args.rs` does).

use super::DiagnosticFormat;
use crate::export::Format;
use crate::pipeline::{self, Engine, OutFormat};
use crate::style::Style;
use crate::template::Templates;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// What a run loads once: templates, style and fonts.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// A folder of templates: NAME.hbs there overrides the built-in NAME; other names add kinds.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// A style file (YAML: page, margins, grid, type sizes, fonts); GB/T 9704 by default.
    #[arg(long)]
    pub style: Option<PathBuf>,
    /// More folders to look for fonts in (searched before the system folders).
    #[arg(long)]
    pub font_dir: Vec<PathBuf>,
    /// Draw a visible marker for characters no font has (and warn) instead of failing.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

impl EngineArgs {
    /// The templates and style of the run, with `doc` checked against the templates' kinds
    /// before any plan is read. `Err` holds the exit code after the findings were printed.
    pub fn load(&self, doc: &[String], fmt: DiagnosticFormat) -> Result<(Templates, Style), u8> {
        let templates = super::load_templates(self.templates.as_deref(), fmt)?;
        if let Err(d) = pipeline::check_kinds(doc, &templates.kinds()) {
            return Err(super::usage_error(d, fmt));
        }
        let style = super::load_style(self.style.as_deref(), fmt)?;
        Ok((templates, style))
    }

    /// The engine of the run: the fonts are found now.
    pub fn engine(&self, templates: Templates, style: Style) -> Engine {
        Engine {
            templates,
            style,
            fonts: crate::fonts::FontBook::discover(&self.font_dir),
            pdf: Default::default(),
            allow_missing_glyphs: self.allow_missing_glyphs,
        }
    }
}

/// Which documents, in which formats.
#[derive(Debug, Args)]
pub struct DocArgs {
    /// Document kinds, comma-separated: notice, plan, ledger, document, all, or a kind of
    /// --templates (default: notice for a plan, document for a document file).
    #[arg(long, value_delimiter = ',')]
    pub doc: Vec<String>,
    /// Formats, comma-separated: docx, pdf, ofd, xlsx (documents with a table), all (those
    /// four), and `model` (a text dump of the document model, for checking templates).
    #[arg(long, value_enum, default_value = "docx,pdf", value_delimiter = ',')]
    pub format: Vec<FormatArg>,
    /// One document per responsible department (`department`), holding only its problems and
    /// measures; the department joins the file name.
    #[arg(long, value_enum)]
    pub split_by: Option<SplitBy>,
}

/// A `--format` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Docx,
    Pdf,
    Ofd,
    Xlsx,
    /// DOCX, PDF, OFD and XLSX (the workbook only for documents with a table).
    All,
    /// The document model as text.
    Model,
}

impl DocArgs {
    /// The formats asked for, each once, in the order given.
    pub fn formats(&self) -> Vec<OutFormat> {
        let mut out = Vec::new();
        for f in &self.format {
            let fs = match f {
                FormatArg::Docx => vec![OutFormat::Export(Format::Docx)],
                FormatArg::Pdf => vec![OutFormat::Export(Format::Pdf)],
                FormatArg::Ofd => vec![OutFormat::Export(Format::Ofd)],
                FormatArg::Xlsx => vec![OutFormat::Export(Format::Xlsx)],
                FormatArg::All => [Format::Docx, Format::Pdf, Format::Ofd, Format::Xlsx]
                    .map(OutFormat::Export)
                    .to_vec(),
                FormatArg::Model => vec![OutFormat::Model],
            };
            for f in fs {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        out
    }

    /// Whether `--format all` was given: then a document without a table gets no workbook
    /// rather than an error.
    pub fn asks_all(&self) -> bool {
        self.format.contains(&FormatArg::All)
    }
}

/// What `--split-by` splits a plan by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitBy {
    Department,
}
