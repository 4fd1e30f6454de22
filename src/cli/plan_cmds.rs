//! `validate`, `stats`, `schema` (of a plan, or of a document file: its size).

use super::report;
use super::{DiagnosticFormat, EXIT_INVALID, EXIT_USAGE};
use crate::diag::Diagnostic;
use crate::i18n::count_of;
use crate::plan::{self, DocumentStats, GenericDocument, Loaded, Stats};
use std::path::{Path, PathBuf};

/// `println!` that does not panic when stdout is closed early (`rectdoc stats … | head`),
/// in the language of the run.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write;
        let text = crate::i18n::tr(&format!($($t)*));
        let _ = writeln!(std::io::stdout().lock(), "{text}");
    }};
}

/// Exit code for a failed load: 2 for an I/O error, 1 for invalid content.
pub fn exit_code_for(diags: &[Diagnostic]) -> u8 {
    crate::diag::exit_code(diags).max(EXIT_INVALID)
}

/// Loads a plan and prints its findings (warnings included). `Err` holds the exit code.
pub fn load_and_report(path: &Path, fmt: DiagnosticFormat) -> Result<Loaded, u8> {
    match plan::load_file(path) {
        Ok(loaded) => {
            report::print(&loaded.warnings, fmt);
            Ok(loaded)
        }
        Err(diags) => {
            report::print(&diags, fmt);
            if fmt == DiagnosticFormat::Human {
                eprintln!("{}", report::summary(path, &diags));
            }
            Err(exit_code_for(&diags))
        }
    }
}

pub fn validate(plans: &[PathBuf], fmt: DiagnosticFormat) -> u8 {
    let mut code = 0;
    for path in plans {
        match load_and_report(path, fmt) {
            Ok(loaded) if loaded.plan.document.is_some() => {
                document_validated(path, &loaded);
            }
            Ok(loaded) => {
                let problems = loaded.plan.problems();
                let measures: usize = problems.iter().map(|p| p.measures.len()).sum();
                let warnings = loaded.warnings.len();
                let p = count_of(problems.len(), "problem", "problems");
                let m = count_of(measures, "measure", "measures");
                if warnings == 0 {
                    out!("{}: ok ({p}, {m})", path.display());
                } else {
                    let w = count_of(warnings, "warning", "warnings");
                    out!("{}: ok ({p}, {m}, {w})", path.display());
                }
            }
            // I/O (2) outranks invalid (1): a CI should see that a file was not even read.
            Err(c) => code = code.max(c),
        }
    }
    code
}

pub fn stats(path: &Path, json: bool, fmt: DiagnosticFormat) -> u8 {
    let loaded = match load_and_report(path, fmt) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let plan = &loaded.plan;
    if let Some(d) = &plan.document {
        return document_stats(d, json);
    }
    let as_of = plan.effective_as_of("notice");
    let s = Stats::compute(plan, as_of);
    if json {
        match serde_json::to_string_pretty(&s) {
            Ok(t) => out!("{t}"),
            Err(e) => {
                eprintln_tr!("error: cannot write the statistics as JSON: {e}");
                return EXIT_USAGE;
            }
        }
        return 0;
    }
    let as_of_note = if plan.as_of.is_some() {
        "as_of"
    } else {
        "no as_of: the document date"
    };
    out!("{}", plan.unit.name);
    out!("as of            {} ({as_of_note})", as_of.iso());
    out!("problems         {}", s.problems);
    out!("measures         {}", s.measures);
    out!(
        "已完成           {}{}",
        s.done,
        if s.ongoing > 0 {
            format!(" ({} 长期坚持)", s.ongoing)
        } else {
            String::new()
        }
    );
    out!("基本完成         {}", s.mostly_done);
    out!("推进中           {}", s.in_progress);
    out!("未启动           {}", s.not_started);
    out!("done share       {:.1}%", s.done_share * 100.0);
    out!(
        "超期 (overdue)   {}{}",
        s.overdue,
        if s.overdue_ids.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.overdue_ids.join(", "))
        }
    );
    if !s.no_due_ids.is_empty() {
        let by_id: std::collections::HashMap<&str, &plan::Problem> = plan
            .problems()
            .into_iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        let listed: Vec<String> = s
            .no_due_ids
            .iter()
            .map(
                |id| match by_id.get(id.as_str()).and_then(|p| p.deadline.as_ref()) {
                    Some(d) => format!("{id} {}", d.text),
                    None => id.clone(),
                },
            )
            .collect();
        out!(
            "no due date      {} ({}): the deadline names no day, so 超期 is not checked",
            s.no_due_ids.len(),
            listed.join(", ")
        );
    }
    out!("rules            {}", s.rule_count);
    out!("recovered        {} yuan", fmt_yuan(s.recovered));
    if !s.departments.is_empty() {
        out!("by department    problems  done  overdue  measures");
        for d in &s.departments {
            out!(
                "  {}  {}  {}  {}  {}",
                d.name,
                d.problems,
                d.done,
                d.overdue,
                d.measures
            );
        }
    }
    0
}

fn fmt_yuan(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

pub fn schema() -> u8 {
    let s = plan::schema::schema();
    match serde_json::to_string_pretty(&s) {
        Ok(t) => {
            out!("{t}");
            0
        }
        Err(e) => {
            eprintln_tr!("error: cannot write the schema: {e}");
            EXIT_USAGE
        }
    }
}

/// `validate`'s line for a document file that loaded.
fn document_validated(path: &Path, loaded: &Loaded) {
    let Some(d) = &loaded.plan.document else {
        return;
    };
    let s = DocumentStats::of(d);
    let h = count_of(s.headings, "heading", "headings");
    let p = count_of(s.paragraphs, "paragraph", "paragraphs");
    let n = loaded.warnings.len();
    if n == 0 {
        out!("{}: ok (document: {h}, {p})", path.display());
    } else {
        let w = count_of(n, "warning", "warnings");
        out!("{}: ok (document: {h}, {p}, {w})", path.display());
    }
}

/// `stats` of a document file: title, date, size; `--json` the same as JSON.
fn document_stats(d: &GenericDocument, json: bool) -> u8 {
    let s = DocumentStats::of(d);
    if json {
        let mut v = serde_json::json!({
            "kind": "document",
            "title": d.settings.title,
            "date": d.settings.date.map(|x| x.iso()),
        });
        if let (Some(m), Ok(serde_json::Value::Object(st))) =
            (v.as_object_mut(), serde_json::to_value(&s))
        {
            m.extend(st);
        }
        match serde_json::to_string_pretty(&v) {
            Ok(t) => out!("{t}"),
            Err(e) => {
                eprintln_tr!("error: cannot write the statistics as JSON: {e}");
                return EXIT_USAGE;
            }
        }
        return 0;
    }
    out!("{}", d.settings.title.as_deref().unwrap_or_default());
    out!("a document file: no problems or measures to count");
    if let Some(date) = d.settings.date {
        out!("date             {}", date.iso());
    }
    out!("headings         {}", s.headings);
    out!("paragraphs       {}", s.paragraphs);
    out!("attachments      {}", s.attachments);
    out!("characters       {}", s.characters);
    0
}
