//! `check`: everything that can be wrong before a document is made, for CI. Compiles the
//! templates, validates the plans (or the built-in example), renders every document kind of
//! every plan, lays each out as the PDF would be (missing glyphs, fonts), and compares the
//! model and the laid-out lines with golden snapshots. Every finding is located.

use super::args::EngineArgs;
use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE, report};
use crate::diag::{Diagnostic, Severity};
use crate::output;
use crate::pipeline::{self, Engine};
use crate::plan::Loaded;
use crate::template::Templates;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The example plan compiled in: checked when no plan is given, written by `init`.
pub const EXAMPLE_PLAN: &str = include_str!("../../inputs/huiji-2024.yaml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Source line and caret, like rustc.
    Human,
    /// One `file:line:col: error: …` line per finding.
    Short,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::…`) on stdout.
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plans to check (default: the built-in example plan).
    pub plans: Vec<PathBuf>,
    /// Document kinds to render, comma-separated, or `all` (default: the kinds the plan has
    /// settings for under `documents:`, or `all` if it has none).
    #[arg(long, value_delimiter = ',')]
    pub doc: Vec<String>,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// How to print findings (default: the global --diagnostic-format, human or short).
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Compare each document's model dump and laid-out lines with the snapshots in DIR
    /// (`STEM.KIND.model.txt`, `STEM.KIND.lines.txt`).
    #[arg(long, value_name = "DIR")]
    pub golden: Option<PathBuf>,
    /// Write the snapshots in --golden DIR instead of comparing.
    #[arg(long, requires = "golden")]
    pub update_golden: bool,
}

/// A diagnostic with the stage that found it and, for golden mismatches, the diff.
#[derive(Debug, Serialize)]
struct Finding {
    /// `style`, `template`, `plan`, `render`, `layout` or `golden`.
    check: &'static str,
    #[serde(flatten)]
    diag: Diagnostic,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
    /// The file the finding is about (the plan, template folder or style) when the
    /// diagnostic has no location of its own: GitHub annotations name it.
    #[serde(skip)]
    about: Option<PathBuf>,
}

#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
}

impl Findings {
    fn add(
        &mut self,
        check: &'static str,
        about: Option<&Path>,
        diags: impl IntoIterator<Item = Diagnostic>,
    ) {
        self.list.extend(diags.into_iter().map(|diag| Finding {
            check,
            diag,
            diff: None,
            about: about.map(Path::to_path_buf),
        }));
    }
}

pub fn run(args: &CheckArgs, fmt: DiagnosticFormat) -> u8 {
    let format = args.format.unwrap_or(match fmt {
        DiagnosticFormat::Human => CheckFormat::Human,
        DiagnosticFormat::Short => CheckFormat::Short,
    });
    let mut f = Findings::default();
    let mut documents = 0usize;
    let mut updated = 0usize;

    let style = match &args.engine.style {
        Some(p) => match crate::style::Style::load(p) {
            Ok(s) => s,
            Err(e) => {
                f.add("style", Some(p), e);
                crate::style::Style::default()
            }
        },
        None => crate::style::Style::default(),
    };
    let templates = match Templates::load(args.engine.templates.as_deref()) {
        Ok(mut t) => {
            t.set_limits(super::template_limits());
            Some(t)
        }
        Err(e) => {
            f.add("template", args.engine.templates.as_deref(), e);
            None
        }
    };
    if let Some(t) = &templates
        && let Err(d) = pipeline::check_kinds(&args.doc, &t.kinds())
    {
        return super::usage_error(d, fmt);
    }

    // Plans: every one validated, even when the templates are broken.
    let mut plans: Vec<Loaded> = vec![];
    let mut unloaded = 0usize;
    if args.plans.is_empty() {
        let example = Path::new("huiji-2024.yaml");
        match crate::plan::load_str(EXAMPLE_PLAN, example) {
            Ok(l) => plans.push(l),
            Err(e) => {
                unloaded += 1;
                f.add("plan", Some(example), e)
            }
        }
    }
    for p in &args.plans {
        match crate::plan::load_file(p) {
            Ok(l) => {
                f.add("plan", Some(p), l.warnings.clone());
                plans.push(l);
            }
            Err(e) => {
                unloaded += 1;
                f.add("plan", Some(p), e)
            }
        }
    }

    if let Some(templates) = templates {
        let engine = args.engine.engine(templates, style);
        let available = engine.templates.kinds();
        for l in &plans {
            // By default only the kinds the plan is set up for: the others lack a date.
            let configured: Vec<String> = available
                .iter()
                .filter(|k| l.plan.documents.contains_key(*k))
                .cloned()
                .collect();
            let doc = if !args.doc.is_empty() {
                &args.doc
            } else if !configured.is_empty() {
                &configured
            } else {
                &vec!["all".to_string()]
            };
            let kinds = match pipeline::resolve_kinds(doc, &available, &l.plan) {
                Ok(k) => k,
                Err(d) => {
                    f.add("render", Some(&l.source_map.file), [d]);
                    continue;
                }
            };
            let about = Some(l.source_map.file.as_path());
            let stem = output::plan_stem(&l.source_map.file);
            for kind in kinds {
                documents += 1;
                let doc = match engine.document(l, &l.plan, &kind) {
                    Ok((doc, w)) => {
                        f.add("render", about, w);
                        doc
                    }
                    Err(e) => {
                        f.add("render", about, e);
                        continue;
                    }
                };
                // The writers' own checks (a row spanning more columns than its table is
                // found only by the DOCX writer): what `render` would reject, check rejects.
                export_checks(&mut f, &engine, &doc, about);
                let lines = match engine.layout(l, &doc) {
                    Ok(pages) => {
                        f.add("layout", about, pages.warnings.clone());
                        Some(crate::layout::dump_lines(&pages))
                    }
                    Err(e) => {
                        f.add("layout", about, e);
                        None
                    }
                };
                let Some(dir) = &args.golden else { continue };
                let mut snaps = vec![("model", crate::template::dump(&doc))];
                snaps.extend(lines.map(|l| ("lines", l)));
                for (what, actual) in snaps {
                    let path = dir.join(format!("{stem}.{kind}.{what}.txt"));
                    if args.update_golden {
                        match output::ensure_dir(dir)
                            .and_then(|_| output::write_atomic(&path, actual.as_bytes()))
                        {
                            Ok(()) => updated += 1,
                            Err(e) => {
                                f.add("golden", Some(&path), [Diagnostic::io_error(e.to_string())])
                            }
                        }
                    } else {
                        golden(&mut f, &path, &actual, &kind, what);
                    }
                }
            }
        }
    }

    print(&f, format);
    let errors = f.list.iter().filter(|x| x.diag.is_error()).count();
    let warnings = f.list.len() - errors;
    use crate::i18n::count_of;
    let plans_n = count_of(plans.len() + unloaded, "plan", "plans");
    let docs = count_of(documents, "document", "documents");
    let errs = count_of(errors, "error", "errors");
    let warns = count_of(warnings, "warning", "warnings");
    let mut summary = if unloaded > 0 {
        crate::i18n::tr(&format!(
            "check: {plans_n} ({unloaded} failed to load), {docs}: {errs}, {warns}"
        ))
    } else {
        crate::i18n::tr(&format!("check: {plans_n}, {docs}: {errs}, {warns}"))
    };
    if args.update_golden {
        let g = count_of(updated, "golden snapshot", "golden snapshots");
        summary.push_str(&crate::i18n::tr(&format!("; {g} written")));
    }
    // On stderr in every format: stdout stays parseable for json and github.
    eprintln!("{summary}");
    if f.list.iter().any(|x| x.diag.is_io()) {
        EXIT_USAGE
    } else if errors > 0 {
        EXIT_INVALID
    } else {
        0
    }
}

/// Largest golden snapshot read, in bytes: the example's snapshots are a few KB.
pub const MAX_GOLDEN_BYTES: u64 = 16 << 20;
/// Largest table of the line-by-line diff (old × new changed lines); beyond it the changed
/// middle is shown as removed, then added (a 1M-line mismatch took 4 GB as a table).
const MAX_DIFF_CELLS: usize = 4_000_000;
/// Most lines of diff printed for one snapshot.
const MAX_DIFF_LINES: usize = 400;

/// Compares a snapshot; a mismatch is located at the first differing line of the snapshot.
fn golden(f: &mut Findings, path: &Path, actual: &str, kind: &str, what: &str) {
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > MAX_GOLDEN_BYTES
    {
        f.add(
            "golden",
            Some(path),
            [Diagnostic::error(format!(
                "the golden snapshot {} is larger than {} MB ({} bytes)",
                path.display(),
                MAX_GOLDEN_BYTES >> 20,
                m.len()
            ))
            .at(path, 1, 1)
            .key(kind.to_string())
            .hint("is this the right file? run with --update-golden to write it again")],
        );
        return;
    }
    let expected = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            f.add(
                "golden",
                Some(path),
                [Diagnostic::error(format!(
                    "no golden snapshot {} for the {what} of the {kind}",
                    path.display()
                ))
                .hint("run with --update-golden to write it")],
            );
            return;
        }
        Err(e) => {
            f.add(
                "golden",
                Some(path),
                [Diagnostic::io_error(format!(
                    "cannot read {}: {e}",
                    path.display()
                ))],
            );
            return;
        }
    };
    if expected == actual {
        return;
    }
    let (line, diff) = unified_diff(&expected, actual, path);
    f.list.push(Finding {
        check: "golden",
        diag: Diagnostic::error(format!(
            "golden mismatch: the {what} of the {kind} differs from the snapshot"
        ))
        .at(path, line, 1)
        .key(kind.to_string())
        .hint("review the diff; if the change is intended, run with --update-golden"),
        diff: Some(diff),
        about: None,
    });
}

/// Runs the DOCX writer (and the XLSX writer for a document with a table) on `doc`, keeping
/// their errors; the bytes are dropped.
fn export_checks(
    f: &mut Findings,
    engine: &Engine,
    doc: &crate::model::Document,
    about: Option<&Path>,
) {
    use crate::export::{docx, xlsx};
    let mut results = vec![docx::write(doc, &engine.style)];
    if xlsx::has_tables(doc) {
        results.push(xlsx::write(doc, &engine.style));
    }
    // Warnings are the chosen format's business (an XLSX cell cut at Excel's limit).
    for e in results.into_iter().filter_map(Result::err) {
        f.add("export", about, e);
    }
}

/// A unified diff (3 lines of context) of `old` → `new`, and the first changed line of
/// `old` (1-based).
fn unified_diff(old: &str, new: &str, path: &Path) -> (usize, String) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Common prefix and suffix first: snapshots differ in a few places.
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    // LCS table over the middle, where it is small; otherwise the middle as one change.
    let (n, m) = (am.len(), bm.len());
    let cells = (n + 1).checked_mul(m + 1).filter(|c| *c <= MAX_DIFF_CELLS);
    let mut t = vec![0u32; cells.unwrap_or(0)];
    if cells.is_none() {
        let mut ops: Vec<(char, usize, usize)> = (0..pre).map(|k| (' ', k, k)).collect();
        ops.extend((0..n).map(|i| ('-', pre + i, pre)));
        ops.extend((0..m).map(|j| ('+', pre + n, pre + j)));
        ops.extend((0..suf).map(|k| (' ', pre + n + k, pre + m + k)));
        return (pre + 1, hunks(&ops, &a, &b, path));
    }
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if am[i] == bm[j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    // Edit script over the whole files: (tag, old index, new index).
    let mut ops: Vec<(char, usize, usize)> = (0..pre).map(|k| (' ', k, k)).collect();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && am[i] == bm[j] {
            ops.push((' ', pre + i, pre + j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) {
            ops.push(('-', pre + i, pre + j));
            i += 1;
        } else {
            ops.push(('+', pre + i, pre + j));
            j += 1;
        }
    }
    ops.extend((0..suf).map(|k| (' ', pre + n + k, pre + m + k)));
    (pre + 1, hunks(&ops, &a, &b, path))
}

/// The unified diff of an edit script (tag, old index, new index), at most
/// [`MAX_DIFF_LINES`] lines of it.
fn hunks(ops: &[(char, usize, usize)], a: &[&str], b: &[&str], path: &Path) -> String {
    let mut out = format!("--- {} (golden)\n+++ actual\n", path.display());
    let mut lines = 0usize;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 6 {
            end = changed[k];
            k += 1;
        }
        let end = (end + 4).min(ops.len());
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        out.push_str(&format!(
            "@@ -{},{old_len} +{},{new_len} @@\n",
            hunk[0].1 + 1,
            hunk[0].2 + 1
        ));
        for (tag, oi, ni) in hunk {
            if lines == MAX_DIFF_LINES {
                out.push_str(&format!(
                    "… (the diff goes on; {} changed lines in all)\n",
                    changed.len()
                ));
                return out;
            }
            let text = if *tag == '+' { b[*ni] } else { a[*oi] };
            out.push_str(&format!("{tag}{text}\n"));
            lines += 1;
        }
    }
    out
}

fn print(f: &Findings, format: CheckFormat) {
    match format {
        CheckFormat::Human | CheckFormat::Short => {
            let fmt = if format == CheckFormat::Human {
                super::DiagnosticFormat::Human
            } else {
                super::DiagnosticFormat::Short
            };
            for x in &f.list {
                eprintln!("{}", report::format_one(&x.diag, fmt));
                if let Some(d) = &x.diff {
                    eprint!("{d}");
                }
            }
        }
        CheckFormat::Json => {
            let errors = f.list.iter().filter(|x| x.diag.is_error()).count();
            let v = serde_json::json!({
                "findings": f.list,
                "errors": errors,
                "warnings": f.list.len() - errors,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
            );
        }
        CheckFormat::Github => {
            for x in &f.list {
                println!("{}", github(&x.diag, x.about.as_deref()));
                if let Some(d) = &x.diff {
                    print!("{d}");
                }
            }
        }
    }
}

/// A GitHub Actions workflow command: `::error file=F,line=L,col=C,title=T::MESSAGE`.
fn github(d: &Diagnostic, about: Option<&Path>) -> String {
    let d = &crate::i18n::localized(d);
    // Escaping as the runner decodes it: data escapes % CR LF; properties also : and ,.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![];
    if let Some(l) = &d.location {
        props.push(format!("file={}", prop(&l.file.to_string_lossy())));
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.column));
    } else if let Some(file) = about {
        props.push(format!("file={}", prop(&file.to_string_lossy())));
    }
    props.push("title=rectdoc".to_string());
    let mut msg = d.message.clone();
    if let Some(k) = d.key_path.as_ref().filter(|k| !k.is_empty()) {
        msg.push_str(&format!(" [{k}]"));
    }
    if let Some(h) = &d.hint {
        msg.push_str(&format!(" (hint: {h})"));
    }
    format!("::{level} {}::{}", props.join(","), data(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_what_the_runner_decodes() {
        let d = Diagnostic::error("bad: 50%\nnext")
            .at("a,b:c.yaml", 3, 7)
            .key("problems[0]");
        assert_eq!(
            github(&d, None),
            "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=rectdoc::bad: 50%25%0Anext [problems[0]]"
        );
        assert_eq!(
            github(&Diagnostic::warning("w"), None),
            "::warning title=rectdoc::w"
        );
        assert_eq!(
            github(&Diagnostic::error("no font"), Some(Path::new("p.yaml"))),
            "::error file=p.yaml,title=rectdoc::no font"
        );
    }

    #[test]
    fn a_diff_of_a_million_changed_lines_takes_linear_memory() {
        // The LCS table of this pair would be 10^12 cells; run under a 1 GB limit in
        // tests/harden.rs through `check --golden`.
        let old: String = (0..1_000_000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..1_000_000).map(|i| format!("b{i}\n")).collect();
        let (line, d) = unified_diff(&old, &new, Path::new("g.txt"));
        assert_eq!(line, 1);
        assert!(
            d.starts_with("--- g.txt (golden)\n+++ actual\n@@ -1,1000000 +1,1000000 @@\n-a0\n"),
            "{}",
            &d[..80]
        );
        assert!(d.ends_with("… (the diff goes on; 2000000 changed lines in all)\n"));
        assert_eq!(d.lines().count(), 2 + 1 + MAX_DIFF_LINES + 1);
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
        let (line, d) = unified_diff(old, new, Path::new("g.txt"));
        assert_eq!(line, 5);
        assert_eq!(
            d,
            "--- g.txt (golden)\n+++ actual\n@@ -2,7 +2,8 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n+i\n"
        );
    }
}
