//! One document kind of one plan, rendered into formats in memory: what `render`, `batch`
//! and `check` share. An [`Engine`] holds what is loaded once per run (templates, style,
//! fonts); [`Engine::render`] is pure (bytes and diagnostics out, nothing written), so the
//! commands decide where, whether and how atomically files are written.

use crate::diag::Diagnostic;
use crate::export::{self, Format};
use crate::fonts::{FontBook, Fonts};
use crate::layout::{self, Frame, Item, Pages};
use crate::model::Document;
use crate::plan::{Loaded, Plan};
use crate::style::Style;
use crate::template::Templates;
use std::fmt::Write;

/// An output format: a backend, or the model dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutFormat {
    Export(Format),
    Model,
}

impl OutFormat {
    pub fn parse(s: &str) -> Option<OutFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "model" => Some(OutFormat::Model),
            other => Format::parse(other).map(OutFormat::Export),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            OutFormat::Export(f) => f.extension(),
            OutFormat::Model => "model.txt",
        }
    }

    /// The name as given on the command line (`docx`, `model`).
    pub fn name(self) -> &'static str {
        match self {
            OutFormat::Export(f) => f.extension(),
            OutFormat::Model => "model",
        }
    }
}

/// What `--format all` stands for: every file format (the workbook only for documents with
/// a table, [`asks_all`]).
pub const ALL_FORMATS: [Format; 4] = [Format::Docx, Format::Pdf, Format::Ofd, Format::Xlsx];

/// Whether `--format` asked for `all`: then a document without a table gets no workbook
/// rather than an error.
pub fn asks_all(list: &[String]) -> bool {
    list.iter().any(|f| f.trim().eq_ignore_ascii_case("all"))
}

/// `--format` values: deduplicated, in the order given. Errors are usage errors.
pub fn parse_formats(list: &[String]) -> Result<Vec<OutFormat>, Diagnostic> {
    let mut formats = vec![];
    for f in list.iter().filter(|f| !f.trim().is_empty()) {
        if f.trim().eq_ignore_ascii_case("all") {
            for x in ALL_FORMATS.map(OutFormat::Export) {
                if !formats.contains(&x) {
                    formats.push(x);
                }
            }
            continue;
        }
        match OutFormat::parse(f) {
            Some(x) if !formats.contains(&x) => formats.push(x),
            Some(_) => {}
            None => {
                return Err(Diagnostic::error(format!("unknown format `{f}`"))
                    .hint("use docx, pdf, ofd, xlsx, all or model"));
            }
        }
    }
    if formats.is_empty() {
        return Err(Diagnostic::error("no format given").hint("use --format docx,pdf"));
    }
    Ok(formats)
}

fn unknown_kind(k: &str, available: &[String]) -> Diagnostic {
    Diagnostic::error(format!("unknown document kind `{k}`")).hint(format!(
        "the kinds are: {} (add {k}.hbs to a --templates folder for a new one)",
        available.join(", ")
    ))
}

/// Checks `--doc` values against the kinds the templates have (before any plan is read).
pub fn check_kinds(requested: &[String], available: &[String]) -> Result<(), Diagnostic> {
    match requested
        .iter()
        .map(|k| k.trim())
        .find(|k| !k.is_empty() && *k != "all" && !available.iter().any(|a| a == k))
    {
        Some(k) => Err(unknown_kind(k, available)),
        None => Ok(()),
    }
}

/// The kinds to render for `plan`: `all` is the built-in notice, plan and ledger, then every
/// other kind the plan has settings for; deduplicated, in the order given.
pub fn resolve_kinds(
    requested: &[String],
    available: &[String],
    plan: &Plan,
) -> Result<Vec<String>, Diagnostic> {
    let mut kinds: Vec<String> = vec![];
    for k in requested.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let add: Vec<String> = if k == "all" {
            all_kinds(available, plan)
        } else if available.iter().any(|a| a == k) {
            vec![k.to_string()]
        } else {
            return Err(unknown_kind(k, available));
        };
        for a in add {
            if !kinds.contains(&a) {
                kinds.push(a);
            }
        }
    }
    if kinds.is_empty() {
        return Err(Diagnostic::error("no document kind given").hint("use --doc notice"));
    }
    Ok(kinds)
}

/// `all`: the built-in notice, plan and ledger, then every other kind the plan has settings
/// for.
fn all_kinds(available: &[String], plan: &Plan) -> Vec<String> {
    let builtin = ["notice", "plan", "ledger"];
    let mut kinds: Vec<String> = builtin
        .iter()
        .filter(|k| available.iter().any(|a| a == *k))
        .map(|k| k.to_string())
        .collect();
    kinds.extend(
        available
            .iter()
            .filter(|a| !builtin.contains(&a.as_str()) && plan.documents.contains_key(*a))
            .cloned(),
    );
    kinds
}

/// What a run loads once and shares between every document (and thread).
pub struct Engine {
    pub templates: Templates,
    pub style: Style,
    pub fonts: FontBook,
    /// Draw a visible marker for characters no font has, and warn, instead of failing.
    pub allow_missing_glyphs: bool,
}

/// One file's bytes in memory.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    pub format: OutFormat,
    pub bytes: Vec<u8>,
    /// Pages, where the backend knows them (PDF).
    pub pages: Option<usize>,
}

/// One kind of one plan in every format asked for. `errors` empty means every format
/// succeeded; diagnostics are located in the plan file where they name a key path.
#[derive(Debug, Default)]
pub struct KindOutput {
    pub files: Vec<RenderedFile>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
}

impl Engine {
    pub fn env(&self) -> export::Env<'_> {
        export::Env {
            style: &self.style,
            fonts: &self.fonts,
            allow_missing_glyphs: self.allow_missing_glyphs,
        }
    }

    /// The document model of `kind` for `plan` (the loaded plan or a part of it); template
    /// errors located in the template, plan keys in `loaded`'s file.
    pub fn document(
        &self,
        loaded: &Loaded,
        plan: &Plan,
        kind: &str,
    ) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        match self.templates.render(kind, plan) {
            Ok(mut r) => {
                loaded.source_map.locate_all(&mut r.warnings);
                Ok((r.document, r.warnings))
            }
            Err(mut e) => {
                loaded.source_map.locate_all(&mut e);
                Err(e)
            }
        }
    }

    /// Renders `kind` of `plan` into each format, in memory. `xlsx_only_with_tables`: skip
    /// the workbook of a document without a table (runs over several kinds).
    pub fn render(
        &self,
        loaded: &Loaded,
        plan: &Plan,
        kind: &str,
        formats: &[OutFormat],
        xlsx_only_with_tables: bool,
    ) -> KindOutput {
        let mut out = KindOutput::default();
        let doc = match self.document(loaded, plan, kind) {
            Ok((doc, w)) => {
                out.warnings = w;
                doc
            }
            Err(e) => {
                out.errors = e;
                return out;
            }
        };
        let env = self.env();
        for f in formats {
            match f {
                OutFormat::Model => out.files.push(RenderedFile {
                    format: *f,
                    bytes: crate::template::dump(&doc).into_bytes(),
                    pages: None,
                }),
                OutFormat::Export(Format::Xlsx)
                    if xlsx_only_with_tables && !export::xlsx::has_tables(&doc) => {}
                OutFormat::Export(x) => match export::render(&doc, *x, &env) {
                    Ok(o) => {
                        let mut w = o.warnings;
                        loaded.source_map.locate_all(&mut w);
                        out.warnings.extend(w);
                        out.files.push(RenderedFile {
                            format: *f,
                            bytes: o.bytes,
                            pages: o.pages,
                        });
                    }
                    Err(mut e) => {
                        loaded.source_map.locate_all(&mut e);
                        out.errors.extend(e);
                    }
                },
            }
        }
        out
    }

    /// Lays `doc` out on pages as the PDF backend would (missing glyphs are errors unless
    /// allowed), without writing a PDF.
    pub fn layout(&self, loaded: &Loaded, doc: &Document) -> Result<Pages, Vec<Diagnostic>> {
        let mut fonts = Fonts::new(&self.fonts, &self.style);
        layout::layout(doc, &self.style, &mut fonts, self.allow_missing_glyphs).map_err(|mut e| {
            loaded.source_map.locate_all(&mut e);
            e
        })
    }
}

/// A stable text dump of laid-out pages: per page, each line's baseline and left edge (pt,
/// two decimals) and its text; rules as their end points. For golden snapshots of the
/// layout: a change of line breaks or positions shows up as a changed line.
pub fn dump_lines(pages: &Pages) -> String {
    let mut out = String::new();
    for (i, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} {:.2}x{:.2} number={}",
            i + 1,
            page.width,
            page.height,
            page.number.map_or("-".to_string(), |n| n.to_string())
        );
        // Runs grouped by baseline (to 0.01 pt), top of the page first, left to right.
        let mut lines: Vec<(i64, f64, String)> = vec![];
        for it in &page.items {
            match it {
                // A landscape page's number, in the portrait sheet's coordinates.
                Item::Text(t) if t.frame == Frame::Sheet => {
                    let text: String = t.glyphs.iter().map(|g| g.ch).collect();
                    let x = t.glyphs.first().map_or(0.0, |g| g.x);
                    let _ = writeln!(out, "  sheet {:.2} {x:.2} | {text}", t.baseline);
                }
                Item::Text(t) if !t.glyphs.is_empty() => {
                    let y = (t.baseline * 100.0).round() as i64;
                    let x = t.glyphs[0].x;
                    let text: String = t.glyphs.iter().map(|g| g.ch).collect();
                    match lines.iter_mut().find(|l| l.0 == y) {
                        Some(l) if x < l.1 => {
                            l.1 = x;
                            l.2 = text + &l.2;
                        }
                        Some(l) => l.2.push_str(&text),
                        None => lines.push((y, x, text)),
                    }
                }
                Item::Rule { x1, y1, x2, y2, .. } => {
                    let _ = writeln!(out, "  rule {x1:.2},{y1:.2} {x2:.2},{y2:.2}");
                }
                Item::Marker { x, y, .. } => {
                    let _ = writeln!(out, "  marker {x:.2},{y:.2}");
                }
                Item::Text(_) => {}
            }
        }
        lines.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
        for (y, x, text) in lines {
            let _ = writeln!(out, "  {:.2} {x:.2} | {text}", y as f64 / 100.0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn formats_are_deduplicated_and_checked() {
        let f = parse_formats(&strings(&["pdf", "docx", "PDF", ""])).unwrap();
        assert_eq!(
            f,
            [
                OutFormat::Export(Format::Pdf),
                OutFormat::Export(Format::Docx)
            ]
        );
        assert!(parse_formats(&strings(&["odt"])).is_err());
        // `all`: every file format, after those given before it, without repeats
        let f = parse_formats(&strings(&["model", "pdf", "all"])).unwrap();
        assert_eq!(
            f,
            [
                OutFormat::Model,
                OutFormat::Export(Format::Pdf),
                OutFormat::Export(Format::Docx),
                OutFormat::Export(Format::Ofd),
                OutFormat::Export(Format::Xlsx),
            ]
        );
        assert!(asks_all(&strings(&["pdf", " ALL"])));
        assert!(!asks_all(&strings(&["pdf"])));
        assert!(parse_formats(&strings(&[""])).is_err());
    }

    #[test]
    fn unknown_kinds_are_found_before_a_plan_is_read() {
        let avail = strings(&["notice"]);
        assert!(check_kinds(&strings(&["notice", "all"]), &avail).is_ok());
        let e = check_kinds(&strings(&["notcie"]), &avail).unwrap_err();
        assert!(e.message.contains("notcie"), "{}", e.message);
    }
}
