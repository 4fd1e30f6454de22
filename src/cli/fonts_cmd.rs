//! `fonts`: what serves each role, from which file, and what is missing.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FontsArgs {
    /// More folders to look for fonts in (searched before the system folders).
    #[arg(long)]
    pub font_dir: Vec<PathBuf>,
}

pub fn run(args: &FontsArgs) -> u8 {
    let _ = args;
    super::EXIT_USAGE
}
