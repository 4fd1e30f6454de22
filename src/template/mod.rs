//! Stage 2: templates. Handlebars templates (strict mode) render the plan into a small XML
//! markup (`docs/templates.md`), which is parsed into the document [`model`](crate::model).
//! Built-in templates are compiled in; a user's folder overrides them file by file.
//!
//! Errors are located in the template: handlebars syntax and strict-mode errors by
//! handlebars itself; markup errors by rendering again with a line marker at the start of
//! every template line and finding the last marker before the error (the line is exact; the
//! column is exact where the line is literal markup, and counts output characters after an
//! inserted value).

pub mod bound;
pub(crate) mod context;
mod cycles;
mod docbody;
pub(crate) mod dump;
pub mod helpers;
mod include;
pub mod markup;

pub use dump::dump;

use crate::diag::Diagnostic;
use crate::model::Document;
use crate::plan::{Loaded, Plan};
use handlebars::Handlebars;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A document rendered from a template, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

/// Built-in document templates: (kind, source).
const BUILTIN: &[(&str, &str)] = &[
    ("document", include_str!("../../templates/document.hbs")),
    ("ledger", include_str!("../../templates/ledger.hbs")),
    ("notice", include_str!("../../templates/notice.hbs")),
    ("plan", include_str!("../../templates/plan.hbs")),
];

/// Built-in partials: (name, source). `{{> name}}` in any template.
const BUILTIN_PARTIALS: &[(&str, &str)] = &[
    ("block", include_str!("../../templates/partials/block.hbs")),
    (
        "doc-block",
        include_str!("../../templates/partials/doc-block.hbs"),
    ),
    ("node", include_str!("../../templates/partials/node.hbs")),
    (
        "problem",
        include_str!("../../templates/partials/problem.hbs"),
    ),
    (
        "notice-title",
        include_str!("../../templates/partials/notice-title.hbs"),
    ),
    (
        "ledger-title",
        include_str!("../../templates/partials/ledger-title.hbs"),
    ),
    (
        "plan-title",
        include_str!("../../templates/partials/plan-title.hbs"),
    ),
    (
        "plan-node",
        include_str!("../../templates/partials/plan-node.hbs"),
    ),
    (
        "task-table",
        include_str!("../../templates/partials/task-table.hbs"),
    ),
    (
        "task-node",
        include_str!("../../templates/partials/task-node.hbs"),
    ),
    (
        "task-problem",
        include_str!("../../templates/partials/task-problem.hbs"),
    ),
    (
        "masthead",
        include_str!("../../templates/partials/masthead.hbs"),
    ),
];

/// The built-in templates as the files of a templates folder (`notice.hbs`,
/// `partials/block.hbs`): what `rectdoc init` copies out for customising.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    BUILTIN
        .iter()
        .map(|(k, t)| (format!("{k}.hbs"), *t))
        .chain(
            BUILTIN_PARTIALS
                .iter()
                .map(|(k, t)| (format!("partials/{k}.hbs"), *t)),
        )
        .collect()
}

#[derive(Debug, Clone)]
struct Source {
    text: String,
    /// The file named in diagnostics (`templates/notice.hbs` for a built-in).
    file: PathBuf,
}

/// The built-in templates, optionally overridden and extended by a user's folder.
///
/// Partials are compiled up front; a document kind is compiled into its own copy of the
/// partials' registry when first rendered (or by [`Templates::compile_all`]): compiling is
/// quadratic in a template's length in handlebars (a line/column per element), and a run
/// that renders the notice need not pay for the plan and the ledger.
pub struct Templates {
    kinds: BTreeMap<String, Source>,
    partials: BTreeMap<String, Source>,
    base: Handlebars<'static>,
    compiled: BTreeMap<String, OnceLock<Result<Handlebars<'static>, Diagnostic>>>,
    limits: bound::Limits,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("kinds", &self.kinds.keys())
            .finish()
    }
}

fn new_registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    hb.register_escape_fn(xml_escape);
    helpers::register(&mut hb);
    hb.register_helper("include", Box::new(include::Include));
    hb
}

/// Registers the partials (`{{> NAME}}`, `{{include "NAME"}}`); `text` gives each
/// source's text.
fn register_partials(
    registry: &mut Handlebars<'static>,
    partials: &BTreeMap<String, Source>,
    mut text: impl FnMut(&Source) -> String,
) -> Vec<Diagnostic> {
    partials
        .iter()
        .filter_map(|(name, s)| {
            registry
                .register_partial(name, text(s))
                .err()
                .map(|e| template_error(&e, s))
        })
        .collect()
}

/// The built-in templates and partials as sources.
fn builtin_sources() -> (BTreeMap<String, Source>, BTreeMap<String, Source>) {
    let src = |text: &str, file: String| Source {
        text: text.to_string(),
        file: PathBuf::from(file),
    };
    let kinds = BUILTIN
        .iter()
        .map(|(k, t)| (k.to_string(), src(t, format!("templates/{k}.hbs"))))
        .collect();
    let partials = BUILTIN_PARTIALS
        .iter()
        .map(|(k, t)| (k.to_string(), src(t, format!("templates/partials/{k}.hbs"))))
        .collect();
    (kinds, partials)
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

impl Templates {
    pub fn builtin() -> Templates {
        let (kinds, partials) = builtin_sources();
        // Built-ins are tested to compile (template::tests); should one not, there are no
        // kinds and every render reports an unknown kind.
        Templates::new(kinds, partials).unwrap_or_else(|_| Templates {
            kinds: BTreeMap::new(),
            partials: BTreeMap::new(),
            base: new_registry(),
            compiled: BTreeMap::new(),
            limits: bound::Limits::default(),
        })
    }

    /// Built-ins overridden file by file by `DIR/NAME.hbs`; any other `NAME.hbs` is a new
    /// document kind; `DIR/partials/NAME.hbs` overrides or adds a partial. Template syntax
    /// errors are reported here, with name, line and column.
    pub fn with_dir(dir: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let (mut kinds, mut partials) = builtin_sources();
        let read_dir = |d: &Path,
                        required: bool|
         -> Result<Vec<(String, Source)>, Vec<Diagnostic>> {
            let entries = match std::fs::read_dir(d) {
                Ok(e) => e,
                Err(_) if !required => return Ok(vec![]),
                Err(e) => {
                    return Err(vec![
                        Diagnostic::error(format!(
                            "cannot read the templates folder {}: {e}",
                            d.display()
                        ))
                        .hint("--templates takes a folder holding NAME.hbs files"),
                    ]);
                }
            };
            let mut out = vec![];
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if p.extension().and_then(|e| e.to_str()) != Some("hbs") || !p.is_file() {
                    continue;
                }
                let Some(name) = p.file_stem().and_then(|s| s.to_str()).map(String::from) else {
                    continue;
                };
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    vec![Diagnostic::error(format!(
                        "cannot read the template {}: {e}",
                        p.display()
                    ))]
                })?;
                out.push((name, Source { text, file: p }));
            }
            Ok(out)
        };
        kinds.extend(read_dir(dir, true)?);
        partials.extend(read_dir(&dir.join("partials"), false)?);
        // A user's templates are all checked now, so that a typo shows before any output.
        // Every syntax error of the folder at once: when a partial fails, the kinds are still
        // parsed on their own (their syntax does not depend on the partials).
        let t = Templates::new(kinds.clone(), partials).map_err(|mut errors| {
            for s in kinds.values() {
                if let Err(e) = new_registry().register_template_string("kind", s.text.as_str()) {
                    errors.push(template_error(&e, s));
                }
            }
            errors
        })?;
        let mut errors = t.compile_all();
        // Only a user's folder can bring a `{{> }}` loop (the built-ins are tested to have
        // none), so the built-in runs do not pay for compiling every kind here.
        errors.extend(t.partial_cycles());
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }

    /// Compiles the partials; the kinds wait for their first use.
    fn new(
        kinds: BTreeMap<String, Source>,
        partials: BTreeMap<String, Source>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut base = new_registry();
        let mut errors = register_partials(&mut base, &partials, |s| s.text.clone());
        for (name, s) in &kinds {
            if let Some(p) = partials.get(name) {
                errors.push(
                    Diagnostic::error(format!(
                        "the document kind `{name}` has the name of the partial {}",
                        p.file.display()
                    ))
                    .at(s.file.clone(), 1, 1)
                    .key(name.clone())
                    .hint("kinds and partials share one namespace: rename one of them"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let compiled = kinds.keys().map(|k| (k.clone(), OnceLock::new())).collect();
        Ok(Templates {
            kinds,
            partials,
            base,
            compiled,
            limits: bound::Limits::default(),
        })
    }

    /// The registry that renders `kind`: the partials and that kind's compiled template.
    fn registry(&self, kind: &str) -> Result<&Handlebars<'static>, Diagnostic> {
        let (Some(cell), Some(s)) = (self.compiled.get(kind), self.kinds.get(kind)) else {
            return Err(Diagnostic::error(format!("unknown document kind `{kind}`")));
        };
        cell.get_or_init(|| {
            let mut r = self.base.clone();
            r.register_template_string(kind, s.text.as_str())
                .map_err(|e| template_error(&e, s))?;
            Ok(r)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Partials including each other through `{{> }}` without end (see `cycles`).
    fn partial_cycles(&self) -> Vec<Diagnostic> {
        cycles::check(
            self.kinds
                .iter()
                .chain(self.partials.iter())
                .map(|(n, s)| (n.as_str(), s.text.as_str(), s.file.as_path())),
        )
    }

    /// Locates "character X is in no installed font" findings at the first place the
    /// character is written literally in `kind`'s template or its partials (a literal of the
    /// template, not plan text, where the plan's key path would point elsewhere).
    pub fn locate_literal_chars(&self, kind: &str, diags: &mut [Diagnostic]) {
        for d in diags.iter_mut() {
            let Some(ch) = d
                .message
                .strip_prefix("character ")
                .and_then(|r| r.split_once(" (U+"))
                .and_then(|(c, _)| {
                    let mut it = c.chars();
                    it.next().filter(|_| it.next().is_none())
                })
            else {
                continue;
            };
            let sources = self
                .kinds
                .get(kind)
                .into_iter()
                .chain(self.partials.values());
            for s in sources {
                if let Some(at) = s.text.find(ch) {
                    let before = &s.text[..at];
                    let line = before.matches('\n').count() + 1;
                    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    d.location = Some(crate::diag::Location {
                        file: s.file.clone(),
                        line,
                        column: col,
                    });
                    d.key_path = Some(kind.to_string());
                    break;
                }
            }
        }
    }

    /// Compiles every kind not compiled yet; the syntax errors found.
    pub fn compile_all(&self) -> Vec<Diagnostic> {
        self.kinds
            .keys()
            .filter_map(|k| self.registry(k).err())
            .collect()
    }

    /// The templates of a run: `--templates DIR` over the built-in ones, or the built-in
    /// ones alone. A folder that does not exist is an I/O error.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Vec<Diagnostic>> {
        match dir {
            None => Ok(Templates::builtin()),
            Some(dir) if !dir.is_dir() => Err(vec![
                Diagnostic::io_error(format!(
                    "the templates folder {} does not exist",
                    dir.display()
                ))
                .hint("--templates takes a folder holding NAME.hbs files"),
            ]),
            Some(dir) => Templates::with_dir(dir),
        }
    }

    /// Sets the bounds on a render's markup size and time (see [`bound`]).
    pub fn set_limits(&mut self, limits: bound::Limits) {
        self.limits = limits;
    }

    /// The document kinds available (`notice`, `plan`, `ledger`, user kinds), sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.kinds.keys().cloned().collect()
    }

    /// Renders one document kind for a loaded plan; warnings about plan keys are located in
    /// the plan file.
    pub fn render_loaded(&self, kind: &str, loaded: &Loaded) -> Result<Rendered, Vec<Diagnostic>> {
        let mut r = self.render(kind, &loaded.plan);
        match &mut r {
            Ok(r) => loaded.source_map.locate_all(&mut r.warnings),
            Err(e) => loaded.source_map.locate_all(e),
        }
        r
    }

    /// Renders one document kind for a plan.
    pub fn render(&self, kind: &str, plan: &Plan) -> Result<Rendered, Vec<Diagnostic>> {
        if !self.kinds.contains_key(kind) {
            return Err(vec![
                Diagnostic::error(format!("unknown document kind `{kind}`")).hint(format!(
                    "the kinds are: {} (add KIND.hbs to a --templates folder for another)",
                    self.kinds().join(", ")
                )),
            ]);
        }
        let registry = self.registry(kind).map_err(|e| vec![e])?;
        let (ctx, warnings) = context::build(kind, plan)?;
        let out = self
            .bounded(kind, |sink| registry.render_to_write(kind, &ctx, sink))?
            .map_err(|e| vec![self.render_error(&e, kind)])?;
        match markup::parse(&out, kind) {
            Ok(document) => Ok(Rendered { document, warnings }),
            Err(e) => Err(vec![self.locate_markup_error(kind, &ctx, &out, e)]),
        }
    }

    /// Runs a render of `kind` within the limits; a bound hit is an error naming the
    /// template and the limit.
    fn bounded<E>(
        &self,
        kind: &str,
        render: impl FnOnce(&mut bound::Sink) -> Result<(), E>,
    ) -> Result<Result<String, E>, Vec<Diagnostic>> {
        let l = self.limits;
        bound::run(l.markup_bytes(), l.seconds, render).map_err(|x| {
            let d = match x {
                bound::Exceeded::Size => Diagnostic::error(format!(
                    "template `{kind}` renders more than {} MB of markup",
                    l.markup_mb
                ))
                .hint("do loops over the plan nest (an {{#each}} inside an {{#each}} over all problems)? --max-markup MB raises the limit"),
                bound::Exceeded::Time => Diagnostic::error(format!(
                    "template `{kind}` takes longer than {} s to render",
                    l.seconds
                ))
                .hint("do loops over the plan nest? --max-template-seconds S raises the limit"),
            };
            vec![d.at(self.file_of(kind), 1, 1).key(kind.to_string())]
        })
    }

    fn file_of(&self, name: &str) -> PathBuf {
        self.kinds
            .get(name)
            .or_else(|| self.partials.get(name))
            .map(|s| s.file.clone())
            .unwrap_or_else(|| PathBuf::from(name))
    }

    fn render_error(&self, e: &handlebars::RenderError, kind: &str) -> Diagnostic {
        let name = e.template_name.clone().unwrap_or_else(|| kind.to_string());
        let mut d = Diagnostic::error(describe_render_error(e)).key(name.clone());
        if let (Some(l), Some(c)) = (e.line_no, e.column_no) {
            d = d.at(self.file_of(&name), l, c);
        }
        if matches!(
            e.reason(),
            handlebars::RenderErrorReason::MissingVariable(_)
        ) {
            d = d.hint("strict mode: every variable must exist; wrap optional ones in {{#if …}} (docs/templates.md lists the variables)");
        }
        d
    }

    /// Locates a markup error in the template that wrote the offending line.
    fn locate_markup_error(
        &self,
        kind: &str,
        ctx: &serde_json::Value,
        out: &str,
        e: markup::MarkupError,
    ) -> Diagnostic {
        let message = format!(
            "{} (in the markup rendered by template `{kind}`)",
            e.message
        );
        if let Some((file, line, col)) = self.trace(kind, ctx) {
            return Diagnostic::error(message)
                .at(file, line, col)
                .key(kind.to_string());
        }
        // Fallback: the position in the rendered markup.
        let line = out[..e.offset.min(out.len())].matches('\n').count() + 1;
        Diagnostic::error(format!("{message}, rendered line {line}"))
            .at(self.file_of(kind), 1, 1)
            .key(kind.to_string())
    }

    /// Renders `kind` with line markers, parses again, and returns the template position of
    /// the markup error.
    fn trace(&self, kind: &str, ctx: &serde_json::Value) -> Option<(PathBuf, usize, usize)> {
        let mut table: Vec<(PathBuf, usize)> = vec![];
        let mut reg = new_registry();
        let errors = register_partials(&mut reg, &self.partials, |s| {
            instrument(&s.text, &s.file, &mut table)
        });
        let s = self.kinds.get(kind)?;
        let text = instrument(&s.text, &s.file, &mut table);
        if !errors.is_empty() || reg.register_template_string(kind, text).is_err() {
            return None;
        }
        // The markers add a few bytes a line: the same output with them is bounded too.
        let l = self.limits;
        let marked = bound::run(l.markup_bytes().saturating_mul(4), l.seconds, |sink| {
            reg.render_to_write(kind, ctx, sink)
        })
        .ok()?
        .ok()?;
        let (clean, marks) = strip_markers(&marked);
        let err = markup::parse(&clean, kind).err()?;
        let (at, id) = marks.iter().rev().find(|(pos, _)| *pos <= err.offset)?;
        let (file, line) = table.get(*id)?.clone();
        let col = clean.get(*at..err.offset).map_or(0, |s| s.chars().count()) + 1;
        Some((file, line, col))
    }
}

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Puts a marker naming (file, line) at the start of every line of a template that does not
/// start inside a `{{…}}` expression or a raw block.
fn instrument(src: &str, file: &Path, table: &mut Vec<(PathBuf, usize)>) -> String {
    let mut out = String::with_capacity(src.len() * 2);
    let mut mark = |out: &mut String, line: usize| {
        out.push(MARK_OPEN);
        out.push_str(&table.len().to_string());
        out.push(MARK_CLOSE);
        table.push((file.to_path_buf(), line));
    };
    let mut line = 1;
    mark(&mut out, line);
    let mut depth_close: Option<&str> = None; // the closing delimiter we are inside
    let mut rest = src;
    while let Some(c) = rest.chars().next() {
        if let Some(close) = depth_close {
            if rest.starts_with(close) {
                out.push_str(close);
                rest = &rest[close.len()..];
                depth_close = None;
                continue;
            }
        } else if rest.starts_with("{{!--") {
            depth_close = Some("--}}");
        } else if rest.starts_with("{{{{") {
            depth_close = Some("}}}}");
        } else if rest.starts_with("{{") {
            depth_close = Some("}}");
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        if c == '\n' {
            line += 1;
            if depth_close.is_none() {
                mark(&mut out, line);
            }
        }
    }
    out
}

/// Removes the markers; returns the clean text and each marker's (offset in it, id).
fn strip_markers(s: &str) -> (String, Vec<(usize, usize)>) {
    let mut clean = String::with_capacity(s.len());
    let mut marks = vec![];
    let mut it = s.char_indices().peekable();
    while let Some((_, c)) = it.next() {
        if c == MARK_OPEN {
            let mut id = String::new();
            for (_, d) in it.by_ref() {
                if d == MARK_CLOSE {
                    break;
                }
                id.push(d);
            }
            if let Ok(n) = id.parse() {
                marks.push((clean.len(), n));
            }
        } else {
            clean.push(c);
        }
    }
    (clean, marks)
}

fn template_error(e: &handlebars::TemplateError, s: &Source) -> Diagnostic {
    let (line, col) = e.pos().unwrap_or((1, 1));
    let reason = e.reason().to_string();
    let hint = if reason.contains("opened")
        || reason.contains("expected")
        || reason.contains("invalid handlebars syntax")
    {
        Some("every {{#block}} needs its {{/block}}, and expressions close with }}")
    } else {
        None
    };
    let mut d = Diagnostic::error(format!("template syntax: {reason}"))
        .at(s.file.clone(), line, col)
        .key(
            s.file
                .file_stem()
                .and_then(|x| x.to_str())
                .unwrap_or("")
                .to_string(),
        );
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

fn describe_render_error(e: &handlebars::RenderError) -> String {
    use handlebars::RenderErrorReason as R;
    match e.reason() {
        R::MissingVariable(Some(v)) => format!("unknown variable `{v}`"),
        R::MissingVariable(None) => "unknown variable".to_string(),
        R::HelperNotFound(h) => format!("unknown helper `{h}`"),
        R::PartialNotFound(p) => format!("unknown partial `{p}`"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
