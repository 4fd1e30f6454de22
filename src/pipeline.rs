//! One document kind of one plan, rendered into formats in memory: what `render`, `batch`
//! and `check` share. An [`Engine`] holds what is loaded once per run (templates, style,
//! fonts); [`Engine::render`] is pure (bytes and diagnostics out, nothing written), so the
//! commands decide where, whether and how atomically files are written.

use crate::diag::Diagnostic;
use crate::export::{self, Format};
use crate::fonts::{FontBook, Fonts};
use crate::layout::{self, Pages};
use crate::model::Document;
use crate::plan::{Loaded, Plan};
use crate::style::Style;
use crate::template::Templates;

/// An output format: a backend, or the model dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutFormat {
    Export(Format),
    Model,
}

impl OutFormat {
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

/// The plan's names that a title break must never split (issue 13: 区委第|一巡察组 and
/// 八届市委第|四轮 were split): the unit's name, short name and agency, the inspection's
/// body, group, round, kind and target (a document file has no inspection).
fn title_words(plan: &Plan) -> Vec<String> {
    let u = &plan.unit;
    let mut words: Vec<&String> = vec![&u.name, &u.short];
    words.extend(&u.agency);
    if let Some(i) = &plan.inspection {
        words.extend([&i.by, &i.group, &i.target]);
        words.extend([&i.round, &i.kind].into_iter().flatten());
    }
    words
        .into_iter()
        .filter(|w| w.chars().count() >= 2)
        .cloned()
        .collect()
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
/// other kind the plan has settings for (for a document file: `document`); deduplicated, in
/// the order given. None asked for: the notice of a plan, a document file's `document`.
pub fn resolve_kinds(
    requested: &[String],
    available: &[String],
    plan: &Plan,
) -> Result<Vec<String>, Diagnostic> {
    let mut kinds: Vec<String> = vec![];
    let default = [if plan.document.is_some() {
        "document"
    } else {
        "notice"
    }
    .to_string()];
    let requested = if requested.is_empty() {
        &default[..]
    } else {
        requested
    };
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

/// The kinds made from the other kind of file: a plan's (notice, plan, ledger) for a
/// document file, `document` for a plan.
fn other_file_kinds(plan: &Plan) -> &'static [&'static str] {
    if plan.document.is_some() {
        &["notice", "plan", "ledger"]
    } else {
        &["document"]
    }
}

/// `requested` split into the kinds that can be made from `plan` and those made only from
/// the other kind of file (for `batch`, whose inputs may mix plans and document files).
pub fn applicable(requested: &[String], plan: &Plan) -> (Vec<String>, Vec<String>) {
    requested
        .iter()
        .cloned()
        .partition(|k| !other_file_kinds(plan).contains(&k.trim()))
}

/// The warning for kinds `batch` skips for a file (see [`applicable`]).
pub fn skipped_kinds(skipped: &[String], plan: &Plan) -> Diagnostic {
    let list = skipped.join(", ");
    if plan.document.is_some() {
        Diagnostic::warning(format!(
            "a document file (`document:`) has no {list}: skipped for it"
        ))
        .hint("its own kind is `document` (the default)")
    } else {
        Diagnostic::warning(format!(
            "a rectification plan has no {list}: skipped for it"
        ))
        .hint("`document` is made from a document file (with a top-level `document:`)")
    }
}

/// `all`: the built-in notice, plan and ledger, then every other kind the plan has settings
/// for.
fn all_kinds(available: &[String], plan: &Plan) -> Vec<String> {
    if plan.document.is_some() {
        return vec!["document".to_string()];
    }
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

/// A document's pages, laid out once for every format that needs them, and whether the
/// layout's findings were reported.
#[derive(Default)]
struct Laid {
    pages: Option<Result<Pages, Vec<Diagnostic>>>,
    reported: bool,
}

/// What a run loads once and shares between every document (and thread).
pub struct Engine {
    pub templates: Templates,
    pub style: Style,
    pub fonts: FontBook,
    /// What the PDFs of the run share (font programs of `fonts`' faces).
    pub pdf: export::pdf::Shared,
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
                r.document.words = title_words(plan);
                // Measured column widths, once, for every writer alike.
                layout::resolve_columns(&mut r.document, &self.style);
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
        // Laid out once, for every format that writes pages.
        let mut pages = Laid::default();
        for f in formats {
            let written = match f {
                OutFormat::Model => Ok(export::Output {
                    bytes: crate::template::dump(&doc).into_bytes(),
                    warnings: Vec::new(),
                    pages: None,
                }),
                OutFormat::Export(Format::Xlsx)
                    if xlsx_only_with_tables && !export::xlsx::has_tables(&doc) =>
                {
                    continue;
                }
                OutFormat::Export(Format::Xlsx) => export::xlsx::write(&doc, &self.style),
                OutFormat::Export(Format::Docx) => {
                    // the title in the lines the PDF sets it in (explicit breaks)
                    let mut fonts = Fonts::new(&self.fonts, &self.style);
                    let broken = layout::with_title_lines(&doc, &self.style, &mut fonts);
                    if export::docx::has_imprint(&doc) {
                        // The 版记's even page (GB/T 9704 7.4) is the layout's decision. The
                        // DOCX needs no fonts: without a layout (and without its warnings,
                        // which only a PDF or OFD reports) it is written as before.
                        let breaks = self
                            .laid(loaded, &doc, &mut pages, &mut out, false)
                            .and_then(|p| p.imprint_breaks);
                        export::docx::write_paged(&broken, &self.style, breaks)
                    } else {
                        export::docx::write(&broken, &self.style)
                    }
                }
                OutFormat::Export(fixed @ (Format::Pdf | Format::Ofd)) => {
                    let Some(p) = self.laid(loaded, &doc, &mut pages, &mut out, true) else {
                        continue;
                    };
                    if *fixed == Format::Pdf {
                        export::pdf::write_shared(p, &doc.meta, &self.fonts, &self.pdf)
                    } else {
                        export::ofd::write(p, &doc.meta, &self.fonts).map(|bytes| export::Output {
                            bytes,
                            warnings: Vec::new(),
                            pages: Some(p.pages.len()),
                        })
                    }
                }
            };
            match written {
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
                    self.templates.locate_literal_chars(kind, &mut e);
                    out.errors.extend(e);
                }
            }
        }
        out
    }

    /// The pages of `doc`, laid out on first use for every format that needs them; `report`:
    /// the layout's warnings and errors go to `out` (once).
    fn laid<'p>(
        &self,
        loaded: &Loaded,
        doc: &Document,
        pages: &'p mut Laid,
        out: &mut KindOutput,
        report: bool,
    ) -> Option<&'p Pages> {
        let laid = pages.pages.get_or_insert_with(|| self.layout(loaded, doc));
        if report && !pages.reported {
            pages.reported = true;
            match laid {
                Ok(p) => out.warnings.extend(p.warnings.iter().cloned()),
                Err(e) => out.errors.extend(e.iter().cloned()),
            }
        }
        laid.as_ref().ok()
    }

    /// Lays `doc` out on pages (missing glyphs are errors unless allowed); diagnostics
    /// located in the plan.
    pub fn layout(&self, loaded: &Loaded, doc: &Document) -> Result<Pages, Vec<Diagnostic>> {
        let mut fonts = Fonts::new(&self.fonts, &self.style);
        match layout::layout(doc, &self.style, &mut fonts, self.allow_missing_glyphs) {
            Ok(mut pages) => {
                loaded.source_map.locate_all(&mut pages.warnings);
                Ok(pages)
            }
            Err(mut e) => {
                loaded.source_map.locate_all(&mut e);
                self.templates.locate_literal_chars(&doc.kind, &mut e);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unknown_kinds_are_found_before_a_plan_is_read() {
        let avail = strings(&["notice"]);
        assert!(check_kinds(&strings(&["notice", "all"]), &avail).is_ok());
        let e = check_kinds(&strings(&["notcie"]), &avail).unwrap_err();
        assert!(e.message.contains("notcie"), "{}", e.message);
    }
}
