//! Stage 1: the plan. YAML → typed, validated [`Plan`], with every problem of a file reported
//! at once, located by file, line, column and key path. See `shared/spec/plan-format.md`.

pub(crate) mod convert;
pub(crate) mod dates;
mod fullwidth;
pub mod generic;
pub mod model;
mod readiness;
pub(crate) mod schema;
pub(crate) mod split;
pub(crate) mod stats;

pub use generic::{DocAttachment, DocumentStats, GenericDocument};
pub use model::*;
pub use stats::Stats;

use crate::diag::Diagnostic;
use crate::source::{self, FileKind, yaml};
use std::path::Path;

/// A plan that loaded, with the warnings found on the way (they do not fail).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
    /// Where each key path of the plan is in the file, so that later stages (templates,
    /// layout, backends) can locate their errors by the key path they know.
    pub source_map: SourceMap,
}

/// Key path (`problems[0].items[3].title`) → position in the plan file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pub file: std::path::PathBuf,
    pub positions: std::collections::HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// The location of a key path, or of its nearest ancestor that has one.
    pub fn locate(&self, key_path: &str) -> Option<crate::diag::Location> {
        let mut k = key_path;
        loop {
            if let Some(&(line, column)) = self.positions.get(k) {
                return Some(crate::diag::Location {
                    file: self.file.clone(),
                    line,
                    column,
                });
            }
            if k.is_empty() {
                return None;
            }
            // Up to the root (`""`): a key missing at the top is located at the plan's start.
            k = k.rfind(['.', '[']).map_or("", |cut| &k[..cut]);
        }
    }

    /// Fills in the location of diagnostics that know only their key path.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        for d in diags.iter_mut().filter(|d| d.location.is_none()) {
            if let Some(k) = &d.key_path {
                d.location = self.locate(k);
            }
        }
    }
}

/// Plan files: a 60-problem plan is about 100 KB.
pub const FILE: FileKind = FileKind {
    noun: "plan",
    max_bytes: 4 * 1024 * 1024,
    typical: "a 60-problem plan is about 100 KB",
    io_prefix: "",
};

/// Reads and validates a plan file. `Err` holds every error (and warning) found.
///
/// An unreadable file gives one diagnostic without location with [`Diagnostic::is_io`] set
/// (the CLI exits 2 for it, 1 for invalid content).
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let bytes = source::read_file(path, &FILE)?;
    load_bytes(&bytes, path)
}

/// Validates plan bytes: checks UTF-8 first, so binary garbage gets a located error.
pub fn load_bytes(bytes: &[u8], file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let text = source::utf8(bytes, file, &FILE).map_err(|d| vec![d])?;
    load_str(text, file)
}

/// The YAML of a plan as JSON (for schema checks): plain scalars become numbers and booleans
/// only where nothing of the text is lost, dates stay text. `None` when the YAML does not parse.
pub fn yaml_to_json(source: &str) -> Option<serde_json::Value> {
    let (root, _) = yaml::parse(source).ok()?;
    root.as_ref().map(convert::to_json)
}

/// Most lone surrogate escapes replaced in one file before giving up.
const MAX_SURROGATE_FIXES: usize = 64;

/// Parses `src`, dropping lone surrogate escapes (`"\uD800"`): they name half of a UTF-16
/// pair, which no text can hold, and the YAML parser rejects them. Each one the parser trips
/// on is replaced by `\uFFFF` (same length, so every position stays right), which is then
/// removed from the parsed text; the escapes come back with where the parser met them.
#[allow(clippy::type_complexity)]
fn parse_dropping_lone_surrogates(
    src: &str,
) -> Result<
    (
        Option<yaml::YNode>,
        Vec<yaml::YamlError>,
        Vec<(yaml::YamlError, String)>,
    ),
    yaml::YamlError,
> {
    let mut text = std::borrow::Cow::Borrowed(src);
    let mut dropped = Vec::new();
    loop {
        match yaml::parse(&text) {
            Ok((mut root, soft)) => {
                if !dropped.is_empty()
                    && let Some(r) = root.as_mut()
                {
                    r.remove_char('\u{FFFF}');
                }
                return Ok((root, soft, dropped));
            }
            Err(e) if dropped.len() < MAX_SURROGATE_FIXES => {
                let Some((at, escape)) = lone_surrogate_on_line(&text, e.pos.line) else {
                    return Err(e);
                };
                let mut fixed = text.into_owned();
                fixed.replace_range(at..at + escape.len(), "\\uFFFF");
                text = std::borrow::Cow::Owned(fixed);
                let col = src[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                let pos = yaml::Pos {
                    line: e.pos.line,
                    col,
                };
                dropped.push((yaml::YamlError { pos, ..e }, escape));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The first `\uD800`–`\uDFFF` escape on 1-based `line`: its byte offset and text.
fn lone_surrogate_on_line(src: &str, line: usize) -> Option<(usize, String)> {
    let start: usize = src
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let text = src[start..].split('\n').next()?;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 6 <= bytes.len() {
        if bytes[i] == b'\\' {
            let hex = text.get(i + 2..i + 6);
            let code = hex.and_then(|h| u32::from_str_radix(h, 16).ok());
            if bytes[i + 1] == b'u' && code.is_some_and(|c| (0xD800..=0xDFFF).contains(&c)) {
                return Some((start + i, text[i..i + 6].to_string()));
            }
            i += 2; // an escaped character, `\\` included
        } else {
            i += 1;
        }
    }
    None
}

/// Validates plan source text; `file` names it in diagnostics.
pub fn load_str(source: &str, file: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let src = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Some(i) = src.find('\0') {
        let prefix = &src[..i];
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(vec![
            Diagnostic::error("file contains a NUL byte; a plan is text")
                .at(file, line, col)
                .hint("is this a YAML file?"),
        ]);
    }
    let yerr = |e: yaml::YamlError| {
        let mut d = Diagnostic::error(e.message).at(file, e.pos.line, e.pos.col);
        if !e.path.is_empty() {
            d = d.key(e.path);
        }
        d.hint = e.hint;
        d
    };
    // Full-width `：` and `　` make YAML misread the lines around them: report them alone.
    let full_width = fullwidth::scan(src);
    if !full_width.is_empty() {
        return Err(full_width.into_iter().map(yerr).collect());
    }
    let (root, soft, surrogates) = match parse_dropping_lone_surrogates(src) {
        Ok(x) => x,
        Err(e) => return Err(vec![yerr(e)]),
    };
    let Some(root) = root.filter(|r| !r.is_null()) else {
        return Err(vec![
            Diagnostic::error("the plan is empty")
                .at(file, 1, 1)
                .hint("a plan starts with `format: 1`, then `unit`, `inspection` and `problems`"),
        ]);
    };
    let mut cx = convert::Cx::new(file);
    cx.diags.extend(soft.into_iter().map(yerr));
    cx.diags.extend(surrogates.into_iter().map(|(e, escape)| {
        Diagnostic::warning(format!(
            "`{escape}` is half of a UTF-16 surrogate pair, not a character: it is dropped"
        ))
        .at(file, e.pos.line, e.pos.col)
        .key(e.path)
        .hint("write the character itself, or its code point as `\\U0001F600`")
    }));
    let plan = convert::plan(&mut cx, &root);
    // What only blocks rendering is worth saying once the plan itself is right.
    if !cx.diags.iter().any(Diagnostic::is_error) {
        readiness::check(&mut cx, &root);
    }
    let mut diags = cx.r.diags;
    // File order: a person fixes a file from the top.
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    match plan {
        Some(plan) if !diags.iter().any(Diagnostic::is_error) => Ok(Loaded {
            plan,
            warnings: diags,
            source_map: SourceMap {
                file: file.to_path_buf(),
                positions: cx.r.positions,
            },
        }),
        _ => Err(diags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::convert::derive_status;
    use crate::plan::dates::{self, Written};

    /// 2024年底前 / 2024年6月底前 / 2024年6月15日前 → Some(due) (Some(None) when the date does not
    /// exist); other text → None.
    fn phrase_due(t: &str) -> Option<Option<Date>> {
        match dates::parse_deadline(t)? {
            Written::Before(d) => Some(d),
            _ => None,
        }
    }
    use crate::source::reader::closest;

    const HEAD: &str = "format: 1
unit: {name: 测试单位党组}
inspection: {by: 区委, group: 第一巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}
contact: {postcode: 050053, phone: 037163502003}
";

    #[test]
    fn lone_surrogate_escapes_are_dropped_with_a_located_warning() {
        let src = format!(
            "{HEAD}problems:\n  - title: \"甲\\uD800乙\\uDFFF丙\"\n    result: 已整改\n    status: 已完成\n    measures: [\"a\\\\uD800\"]\n"
        );
        let loaded = load_str(&src, Path::new("t.yaml")).expect("loads");
        let Node::Problem(p) = &loaded.plan.problems[0] else {
            panic!("a problem")
        };
        assert_eq!(p.title, "甲乙丙");
        // `\\uD800` is an escaped backslash followed by text, not an escape.
        assert_eq!(p.measures[0].text, "a\\uD800");
        let w: Vec<String> = loaded
            .warnings
            .iter()
            .filter(|d| d.message.contains("surrogate"))
            .map(|d| d.brief())
            .collect();
        let m = "is half of a UTF-16 surrogate pair, not a character: it is dropped";
        assert_eq!(
            w,
            [
                format!("6:14 `\\uD800` {m} [problems[0].title]"),
                format!("6:21 `\\uDFFF` {m} [problems[0].title]")
            ]
        );
    }

    fn load(problems: &str) -> Result<Loaded, Vec<Diagnostic>> {
        load_str(&format!("{HEAD}problems:\n{problems}"), Path::new("t.yaml"))
    }

    fn errors(problems: &str) -> Vec<String> {
        load(problems)
            .err()
            .unwrap_or_default()
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::brief)
            .collect()
    }

    #[test]
    fn deadline_phrases_fall_due_as_the_spec_says() {
        let d = |y, m, d| Date::new(y, m, d);
        assert_eq!(phrase_due("2024年底前"), Some(d(2024, 12, 31)));
        assert_eq!(phrase_due("2024年6月底前"), Some(d(2024, 6, 30)));
        assert_eq!(phrase_due("2024年2月底前"), Some(d(2024, 2, 29)));
        assert_eq!(phrase_due("2024年6月15日前"), Some(d(2024, 6, 15)));
        assert_eq!(phrase_due("2024年2月30日前"), Some(None));
        assert_eq!(phrase_due("尽快"), None);
        let l = load(
            "  - title: a
    owner: {department: 综合科}
    deadline: 立行立改
    measures: [m, {text: n, deadline: 长期坚持}, {text: o, deadline: 2024年6月底前}]
",
        )
        .unwrap();
        let p = l.plan.problems()[0].clone();
        let dl = p.deadline.as_ref().unwrap();
        assert_eq!(
            (dl.kind, dl.due),
            (DeadlineKind::Immediate, Date::new(2024, 5, 16))
        );
        assert_eq!(p.measures[0].deadline, p.deadline);
        assert_eq!(
            p.measures[1].deadline.as_ref().unwrap().kind,
            DeadlineKind::LongTerm
        );
        assert_eq!(p.measures[1].deadline.as_ref().unwrap().due, None);
        assert_eq!(
            p.measures[2].deadline.as_ref().unwrap().text,
            "2024年6月底前"
        );
    }

    #[test]
    fn statuses_aliases_and_derivation() {
        let l = load(
            "  - title: a
    owner: {department: 综合科}
    measures: [{text: m, status: done}, {text: n, status: mostly-done}]
  - title: b
    owner: {department: 综合科}
    measures: [{text: m, status: 已整改}, {text: n, status: 未开始}]
  - title: c
    owner: {department: 综合科}
    measures: [m]
  - title: d
    status: 整改中
    owner: {department: 综合科}
    measures: [m, {text: n, status: completed}]
",
        )
        .unwrap();
        let ps = l.plan.problems();
        let st: Vec<(Status, bool)> = ps.iter().map(|p| (p.status, p.status_derived)).collect();
        assert_eq!(
            st,
            [
                (Status::MostlyDone, true),
                (Status::InProgress, true),
                (Status::NotStarted, true),
                (Status::InProgress, false)
            ]
        );
        assert_eq!(ps[3].measures[0].status, Some(Status::InProgress));
        assert_eq!(ps[3].measures[1].status, Some(Status::Done));
        assert_eq!(derive_status(&ps[0].measures[..1]), Status::Done);
    }

    #[test]
    fn measures_inherit_the_owner_key_by_key() {
        let l = load(
            "  - title: a。
    owner: {leader: 局长, department: [综合科, 财务室], person: 张某}
    measures: [m, {text: n, owner: {department: 大数据科}}]
",
        )
        .unwrap();
        let p = l.plan.problems()[0].clone();
        assert_eq!(p.title, "a");
        assert_eq!(p.measures[0].owner.department, ["综合科", "财务室"]);
        let o = &p.measures[1].owner;
        assert_eq!(
            (o.leader.as_deref(), o.person.as_deref()),
            (Some("局长"), Some("张某"))
        );
        assert_eq!(o.department, ["大数据科"]);
    }

    #[test]
    fn scalars_are_text_in_text_fields() {
        let l = load(
            "  - title: 2024
    result: true
    owner: {department: 007}
",
        )
        .unwrap();
        let c = l.plan.contact.as_ref().unwrap();
        assert_eq!(c.postcode.as_deref(), Some("050053"));
        assert_eq!(c.phone.as_deref(), Some("037163502003"));
        let p = &l.plan.problems()[0];
        assert_eq!(
            (p.title.as_str(), p.result.as_deref()),
            ("2024", Some("true"))
        );
        assert_eq!(p.owner.department, ["007"]);
    }

    #[test]
    fn automatic_ids_are_stable_and_never_clash() {
        let l = load(
            "  - {title: a, owner: {department: x}, measures: [m]}
  - {id: P1, title: b, owner: {department: x}, measures: [m]}
  - {title: c, owner: {department: x}, measures: [m]}
",
        )
        .unwrap();
        let ids: Vec<&str> = l.plan.problems().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["P1-auto", "P1", "P3"]);
    }

    #[test]
    fn every_error_of_a_file_is_reported() {
        let e = errors(
            "  - title: a
    status: fertig
    owner: {department: x}
    measures: [{text: m, deadline: 2024-13-01, stauts: done}]
  - group: g
    items:
      - id: [x]
        measures: [m]
",
        );
        assert_eq!(
            e,
            [
                "7:13 unknown status `fertig`; expected 已完成, 基本完成, 推进中 or 未启动 [problems[0].status]",
                "9:36 `2024-13-01` is not a date that exists [problems[0].measures[0].deadline]",
                "9:48 unknown key `stauts` in a measure [problems[0].measures[0].stauts]",
                "12:9 missing `title` in a problem [problems[1].items[0].title]",
                "12:13 expected text, found a list [problems[1].items[0].id]",
            ]
        );
    }

    #[test]
    fn source_map_locates_key_paths() {
        let l = load(
            "  - title: a
    owner: {department: x}
    measures:
      - m
      - text: n
        status: done
",
        )
        .unwrap();
        let loc = |k: &str| l.source_map.locate(k).map(|l| (l.line, l.column));
        assert_eq!(loc("problems[0].measures[1].status"), Some((11, 17)));
        assert_eq!(loc("problems[0].measures[0]"), Some((9, 9)));
        assert_eq!(loc("contact.postcode"), Some((4, 21)));
        // A key the file lacks: its nearest ancestor.
        assert_eq!(loc("problems[0].measures[1].owner"), Some((10, 9)));
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(closest("deadlin", convert::PROBLEM_KEYS), Some("deadline"));
        assert_eq!(closest("Status", convert::PROBLEM_KEYS), Some("status"));
        assert_eq!(closest("zzzzzz", convert::PROBLEM_KEYS), None);
    }
}
