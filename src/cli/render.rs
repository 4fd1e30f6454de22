//! `render`: one plan → documents × formats in a folder.

use super::DiagnosticFormat;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The plan (YAML).
    pub plan: PathBuf,
    /// Document kinds, comma-separated: notice, plan, ledger, all, or a kind of --templates.
    #[arg(long, default_value = "notice", value_delimiter = ',')]
    pub doc: Vec<String>,
    /// Formats, comma-separated: docx, pdf.
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
}

pub fn run(args: &RenderArgs, fmt: DiagnosticFormat) -> u8 {
    let _ = (args, fmt);
    super::EXIT_USAGE
}
