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
        let mut pages: Option<Result<Pages, ()>> = None;
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
                OutFormat::Export(Format::Docx) => export::docx::write(&doc, &self.style),
                OutFormat::Export(fixed @ (Format::Pdf | Format::Ofd)) => {
                    let laid = pages.get_or_insert_with(|| match self.layout(loaded, &doc) {
                        Ok(p) => {
                            out.warnings.extend(p.warnings.iter().cloned());
                            Ok(p)
                        }
                        Err(e) => {
                            out.errors.extend(e);
                            Err(())
                        }
                    });
                    let Ok(p) = laid else { continue };
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
