//! `init`: a starter folder for an office: the example plan, the built-in templates copied
//! out, a style file with the GB/T 9704 defaults and a how-to whose commands work as they
//! are. Nothing is overwritten without `--force`, and nothing is written if anything would be.

use super::EXIT_USAGE;
use super::check::EXAMPLE_PLAN;
use crate::diag::Diagnostic;
use crate::output;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing; default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
    /// What to start from: a rectification `plan`, or a `document` (a report, a request…:
    /// any 公文 without an inspection).
    #[arg(long, value_enum, default_value = "plan")]
    pub kind: InitKind,
}

/// The starter `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InitKind {
    Plan,
    Document,
}

/// The starter document file (Chinese comments, a short 请示 with every element).
pub const STARTER_DOCUMENT: &str = include_str!("starters/document.yaml");

const HOWTO_DOCUMENT: &str = "# Documents with rectdoc

This folder was made by `rectdoc init --kind document`. It holds:

- `document.yaml`: a document file (a 请示 as an example, commented in Chinese): title,
  recipients, body, attachments, signature, date, 附注 and 版记. Copy it for each document.
- `templates/`: the built-in templates; `document.hbs` lays out a document file. A new
  `NAME.hbs` adds a document kind `NAME` (`--doc NAME`).
- `style.yaml`: page, margins, grid, type sizes and fonts, set to GB/T 9704-2012.

## Make the document

```sh
# the document as DOCX and PDF in out/
rectdoc render document.yaml --templates templates --style style.yaml -o out

# check the document and the templates
rectdoc check --templates templates --style style.yaml document.yaml
```

The worked example in rectdoc's `docs/从零写一份报告.md` (in Chinese) writes a report from
scratch.
";

/// The plan-format guide for clerks, copied next to the example plan.
const GUIDE: &str = include_str!("../../docs/编写指南.md");

const HOWTO: &str = "# Rectification documents with rectdoc

This folder was made by `rectdoc init`. It holds:

- `plan.yaml`: an example rectification plan (60 problems). Replace it with your own, or
  copy it for each plan; `rectdoc schema` gives editors the plan format.
- `templates/`: the built-in templates, to customise (`notice.hbs`, `partials/`). A new
  `NAME.hbs` adds a document kind `NAME`.
- `style.yaml`: page size, margins, the 22 × 28 grid, type sizes and fonts per role, set to
  GB/T 9704-2012. Change what your office needs; delete a key to keep its default.

## Make the documents

Run these in this folder:

```sh
# the notice as DOCX and PDF in out/
rectdoc render plan.yaml --templates templates --style style.yaml -o out

# check the plan and the templates (for CI: --format github)
rectdoc check --templates templates --style style.yaml plan.yaml

# many plans at once, with a manifest (out/manifest.json, out/manifest.csv);
# give it a folder of plans the same way: rectdoc batch FOLDER/ …
rectdoc batch plan.yaml --doc notice,ledger --templates templates --style style.yaml -o out
```

`--templates templates` and `--style style.yaml` make rectdoc use this folder's templates and
style; without them it uses its built-in ones.

`编写指南.md` (in Chinese) explains every key of a plan, the status words, deadline phrases
and date forms.

## Fonts

The DOCX needs no fonts on this machine (Word/WPS use the office's own). The PDF needs a face
per role; `rectdoc fonts` lists what was found for each and marks a role set in a face of
another style. On Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk fonts-lxgw-wenkai`;
the open 仿宋 (FandolFang) comes with `texlive-lang-chinese`. A folder of other fonts is added
with `--font-dir DIR`.
";

pub fn run(args: &InitArgs) -> u8 {
    let style = (
        PathBuf::from("style.yaml"),
        crate::style::Style::default().to_yaml().into_bytes(),
    );
    let mut files: Vec<(PathBuf, Vec<u8>)> = match args.kind {
        InitKind::Plan => vec![
            (PathBuf::from("plan.yaml"), EXAMPLE_PLAN.as_bytes().to_vec()),
            style,
            (PathBuf::from("HOWTO.md"), HOWTO.as_bytes().to_vec()),
            (PathBuf::from("编写指南.md"), GUIDE.as_bytes().to_vec()),
        ],
        InitKind::Document => vec![
            (
                PathBuf::from("document.yaml"),
                STARTER_DOCUMENT.as_bytes().to_vec(),
            ),
            style,
            (
                PathBuf::from("HOWTO.md"),
                HOWTO_DOCUMENT.as_bytes().to_vec(),
            ),
        ],
    };
    for (name, text) in crate::template::builtin_files() {
        files.push((
            PathBuf::from("templates").join(name),
            text.as_bytes().to_vec(),
        ));
    }
    let existing: Vec<String> = files
        .iter()
        .map(|(p, _)| args.dir.join(p))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        let d = if existing.len() == 1 {
            Diagnostic::usage(format!("a file already exists: {}", existing[0]))
        } else {
            Diagnostic::usage(format!("files already exist: {}", existing.join(", ")))
        };
        let d = d.hint("nothing was written; pass --force to overwrite");
        super::report::print(&[d], super::DiagnosticFormat::Human);
        return EXIT_USAGE;
    }
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        if let Err(e) = output::ensure_dir(&dir).and_then(|_| output::write_atomic(&path, bytes)) {
            eprintln_tr!("error: {e}");
            return EXIT_USAGE;
        }
        println!("{}", path.display());
    }
    let file = match args.kind {
        InitKind::Plan => "plan.yaml",
        InitKind::Document => "document.yaml",
    };
    eprintln_tr!(
        "next: cd {} and follow HOWTO.md (rectdoc render {file} --templates templates --style style.yaml -o out)",
        args.dir.display()
    );
    0
}
