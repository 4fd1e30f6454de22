//! `fonts`: what serves each role, from which file, and what is missing.

use crate::fonts::FontBook;
use crate::fonts::classify::{self, Fit};
use crate::model::FontRole;
use crate::style::Style;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FontsArgs {
    /// More folders to look for fonts in (searched before the system folders).
    #[arg(long)]
    pub font_dir: Vec<PathBuf>,
}

pub fn run(args: &FontsArgs) -> u8 {
    for d in &args.font_dir {
        if !d.is_dir() {
            eprintln_tr!("error: --font-dir {}: not a folder", d.display());
            return super::EXIT_USAGE;
        }
    }
    let book = FontBook::discover(&args.font_dir);
    let style = Style::default();
    print!("{}", crate::i18n::tr_lines(&report(&book, &style)));
    // A role without a face fails every PDF: a CI checking a machine should see it.
    if FontRole::ALL
        .iter()
        .any(|r| classify::fit(&book, &style, *r).0 == Fit::Missing)
    {
        super::EXIT_INVALID
    } else {
        0
    }
}

/// The text `rectdoc fonts` prints: per role the face used, its file, and the chain entries
/// not installed.
pub fn report(book: &FontBook, style: &Style) -> String {
    use std::fmt::Write;
    let res = book.resolve(style);
    let mut out = String::new();
    let _ = writeln!(out, "{} font faces found", book.faces().len());
    for role in FontRole::ALL {
        let chain = res.chain(role);
        let _ = writeln!(out, "\n{}:", role.label());
        let faces = chain.faces();
        match faces.first() {
            Some(&id) => {
                let f = book.face(id);
                let _ = writeln!(
                    out,
                    "  uses     {} ({}{})",
                    f.display_name(),
                    f.path.display(),
                    if f.index > 0 {
                        format!(", face {}", f.index)
                    } else {
                        String::new()
                    }
                );
            }
            None => {
                let _ = writeln!(out, "  uses     NOTHING: no face of the chain is installed");
            }
        }
        let want = classify::wanted(role)[0].label();
        match classify::fit(book, style, role).0 {
            Fit::Right => {}
            Fit::Other(kind) => {
                let is = kind.map_or("of unknown style".to_string(), |k| {
                    format!("{}-style", k.label())
                });
                let _ = writeln!(
                    out,
                    "  WRONG    the face is {is}, not {want}: install {}",
                    classify::packages(role)
                );
            }
            Fit::Missing => {
                let _ = writeln!(
                    out,
                    "  install  {} (or --font-dir; `--format docx` needs no fonts)",
                    classify::packages(role)
                );
            }
        }
        for (name, face) in &chain.entries {
            match face {
                Some(id) => {
                    let f = book.face(*id);
                    let _ = writeln!(out, "  found    {name} → {}", f.path.display());
                }
                None => {
                    let _ = writeln!(out, "  missing  {name}");
                }
            }
        }
    }
    out
}
