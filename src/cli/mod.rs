//! The command line: argument parsing (clap) and dispatch. Diagnostics are printed here and
//! nowhere else; exit codes: 0 success, 1 invalid input, 2 usage or I/O error.

/// `eprintln!` in the language of the run: the English text is formatted, then looked up
/// in the message catalogue (`crate::i18n`).
macro_rules! eprintln_tr {
    ($($t:tt)*) => {
        eprintln!("{}", crate::i18n::tr(&format!($($t)*)))
    };
}

/// `println!` in the language of the run (see `eprintln_tr!`).
macro_rules! println_tr {
    ($($t:tt)*) => {
        println!("{}", crate::i18n::tr(&format!($($t)*)))
    };
}

mod args;
mod batch;
mod check;
mod fonts_cmd;
mod init;
mod interrupt;
mod plan_cmds;
mod render;
pub(crate) mod report;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

pub use crate::diag::{EXIT_INVALID, EXIT_USAGE};

#[derive(Debug, Parser)]
#[command(
    name = "rectdoc",
    version,
    about = "Turn a rectification plan (YAML) into GB/T 9704-2012 documents: 整改方案, 整改台账 and 整改进展情况通报, as DOCX and PDF.",
    after_help = "Examples:\n  rectdoc validate inputs/huiji-2024.yaml\n  rectdoc stats inputs/huiji-2024.yaml --json\n  rectdoc render inputs/huiji-2024.yaml --doc notice --format docx,pdf -o out/\n\nExit codes: 0 success, 1 invalid input, 2 usage or I/O error.\n\nMessages in Chinese (提示信息用中文): --lang zh, or LANG=zh_CN.UTF-8."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How to print errors and warnings: `human` (source line and caret) or `short`
    /// (one `file:line:col: error: …` line each, for CI).
    #[arg(long, global = true, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostic_format: DiagnosticFormat,
    /// Largest markup one template may render, in MB (docs/limits.md).
    #[arg(long, global = true, value_name = "MB", default_value_t = crate::template::bound::DEFAULT_MAX_MARKUP_MB)]
    pub max_markup: usize,
    /// Longest time one template may take to render, in seconds (docs/limits.md).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = crate::template::bound::DEFAULT_MAX_SECONDS)]
    pub max_template_seconds: u64,
    /// Language of the messages: `zh` (Chinese) or `en` (English). Without it, Chinese
    /// when LC_ALL, LC_MESSAGES or LANG (the first set) starts with `zh`.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
}

/// The template limits of this run (`--max-markup`, `--max-template-seconds`), set once by
/// [`main`].
static LIMITS: std::sync::OnceLock<crate::template::bound::Limits> = std::sync::OnceLock::new();

/// The templates' limits of this run.
fn template_limits() -> crate::template::bound::Limits {
    LIMITS.get().copied().unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Short,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans against the plan format; report every problem with its location.
    #[command(after_help = "Example:\n  rectdoc validate inputs/huiji-2024.yaml other-plan.yaml")]
    Validate {
        /// Plan files (YAML).
        #[arg(required = true)]
        plans: Vec<PathBuf>,
    },
    /// Print the statistics of a plan: problems, measures, statuses, 超期, rules, money.
    #[command(after_help = "Example:\n  rectdoc stats inputs/huiji-2024.yaml --json")]
    Stats {
        plan: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the plan format (for editors: VS Code's YAML extension).
    #[command(after_help = "Example:\n  rectdoc schema > rectdoc-plan.schema.json")]
    Schema,
    /// Render documents from a plan into a folder.
    #[command(
        after_help = "Examples:\n  rectdoc render inputs/huiji-2024.yaml -o out/\n  rectdoc render inputs/huiji-2024.yaml --doc notice --format docx -o out/\n  rectdoc render plan.yaml --templates my-templates/ --doc notice,mykind -o out/"
    )]
    Render(render::RenderArgs),
    /// Render many plans (files, folders, globs) × documents × formats in parallel, with a
    /// manifest (manifest.json, manifest.csv) and a summary.
    #[command(
        after_help = "Examples:\n  rectdoc batch plans/ -o out/\n  rectdoc batch 'plans/**/*.yaml' a.yaml --doc notice --format docx,pdf --jobs 4 -o out/\n  rectdoc batch plans/ --name '{unit}-{doc}-{date}' -o out/\n\nExit codes: 0 every plan rendered, 1 a plan failed (the others are written), 2 usage or I/O error, 130 interrupted."
    )]
    Batch(batch::BatchArgs),
    /// Check templates, plans, layout and golden snapshots, for CI; every finding located.
    #[command(
        after_help = "Examples:\n  rectdoc check\n  rectdoc check --templates templates/ plans/*.yaml --format github\n  rectdoc check plan.yaml --golden tests/golden/ [--update-golden]\n\nExit codes: 0 no error (warnings may have been printed), 1 an error was found, 2 usage or I/O error."
    )]
    Check(check::CheckArgs),
    /// Set up a folder for an office: example plan, templates, style file, how-to.
    #[command(after_help = "Example:\n  rectdoc init my-office && cd my-office && cat HOWTO.md")]
    Init(init::InitArgs),
    /// Show which font file serves each role (title, body, 黑体, 楷体, 宋体), and what is missing.
    #[command(after_help = "Example:\n  rectdoc fonts --font-dir ~/fonts")]
    Fonts(fonts_cmd::FontsArgs),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let fmt = cli.diagnostic_format;
    if let Some(l) = cli.lang {
        crate::i18n::set(l);
    }
    let _ = LIMITS.set(crate::template::bound::Limits {
        markup_mb: cli.max_markup,
        seconds: cli.max_template_seconds,
    });
    let code = match cli.command {
        Command::Validate { plans } => plan_cmds::validate(&plans, fmt),
        Command::Stats { plan, json } => plan_cmds::stats(&plan, json, fmt),
        Command::Schema => plan_cmds::schema(),
        Command::Render(args) => render::run(&args, fmt),
        Command::Fonts(args) => fonts_cmd::run(&args),
        Command::Batch(args) => batch::run(&args, fmt),
        Command::Check(args) => check::run(&args, fmt),
        Command::Init(args) => init::run(&args),
    };
    ExitCode::from(code)
}

/// Prints a usage error; its exit code.
fn usage_error(d: crate::diag::Diagnostic, fmt: DiagnosticFormat) -> u8 {
    report::print(&[d], fmt);
    EXIT_USAGE
}

/// The templates of a run (see [`Templates::load`]). `Err` holds the exit code after the
/// findings were printed.
fn load_templates(
    dir: Option<&std::path::Path>,
    fmt: DiagnosticFormat,
) -> Result<crate::template::Templates, u8> {
    let mut t = crate::template::Templates::load(dir).map_err(|e| {
        report::print(&e, fmt);
        crate::diag::exit_code(&e).max(EXIT_INVALID)
    })?;
    t.set_limits(template_limits());
    Ok(t)
}

/// The style of a run: the file given with `--style`, or the GB/T 9704 defaults. `Err` holds
/// the exit code after the findings were printed.
fn load_style(
    path: Option<&std::path::Path>,
    fmt: DiagnosticFormat,
) -> Result<crate::style::Style, u8> {
    let Some(path) = path else {
        return Ok(crate::style::Style::default());
    };
    crate::style::Style::load(path).map_err(|e| {
        report::print(&e, fmt);
        crate::diag::exit_code(&e).max(EXIT_INVALID)
    })
}
