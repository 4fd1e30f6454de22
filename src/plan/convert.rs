//! The typed conversion: spanned YAML tree → [`Plan`], checking every rule of the spec and
//! collecting every finding (it never stops at the first error).

use super::dates::{self, Written};
use super::model::*;
use crate::source::reader::{
    Fields, Reader, child, closest, edit_distance, fields, index, opt_text, req_text, required,
    set_hint, text, text_list,
};
use crate::source::yaml::{Pos, YKind, YNode};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Deepest group nesting accepted (the seeds use one or two levels).
pub const MAX_GROUP_DEPTH: usize = 20;

/// Status spellings accepted (spec: Statuses), canonical first.
pub const STATUS_WORDS: &[(&str, Status)] = &[
    ("已完成", Status::Done),
    ("基本完成", Status::MostlyDone),
    ("推进中", Status::InProgress),
    ("未启动", Status::NotStarted),
    ("done", Status::Done),
    ("completed", Status::Done),
    ("完成", Status::Done),
    ("已整改", Status::Done),
    ("mostly-done", Status::MostlyDone),
    ("in-progress", Status::InProgress),
    ("正在推进", Status::InProgress),
    ("整改中", Status::InProgress),
    ("持续推进", Status::InProgress),
    ("not-started", Status::NotStarted),
    ("未开始", Status::NotStarted),
];

// Keys of each map of the format (spec), `extra` allowed everywhere.
pub const TOP_KEYS: &[&str] = &[
    "format",
    "unit",
    "inspection",
    "as_of",
    "leadership",
    "contact",
    "sections",
    "problems",
    "documents",
    "extra",
];
pub const UNIT_KEYS: &[&str] = &["name", "short", "agency", "extra"];
pub const INSPECTION_KEYS: &[&str] = &[
    "by", "group", "kind", "round", "start", "end", "feedback", "target", "extra",
];
pub const LEADERSHIP_KEYS: &[&str] = &["name", "leader", "deputies", "office", "extra"];
pub const CONTACT_KEYS: &[&str] = &["office", "phone", "email", "address", "postcode", "extra"];
pub const BLOCK_KEYS: &[&str] = &["heading", "text", "paragraphs", "items", "extra"];
pub const GROUP_KEYS: &[&str] = &["group", "items", "extra"];
pub const PROBLEM_KEYS: &[&str] = &[
    "title",
    "detail",
    "id",
    "status",
    "ongoing",
    "deadline",
    "completed",
    "owner",
    "measures",
    "result",
    "evidence",
    "rules",
    "recovered",
    "note",
    "extra",
];
pub const MEASURE_KEYS: &[&str] = &[
    "text",
    "status",
    "deadline",
    "completed",
    "owner",
    "evidence",
    "extra",
];
pub const OWNER_KEYS: &[&str] = &["leader", "department", "person", "extra"];
pub const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "date",
    "public",
    "number",
    "to",
    "cc",
    "printed_by",
    "printed_on",
    "numbering",
    "show_status",
    "status_label",
    "headings",
    "compiled_by",
    "extra",
];

/// The plan's reading context: the shared located reader, and the feedback date that
/// 立行立改 deadlines fall due on.
pub struct Cx<'a> {
    pub r: Reader<'a>,
    feedback: Option<Date>,
}

impl<'a> Cx<'a> {
    pub fn new(file: &'a Path) -> Cx<'a> {
        Cx {
            r: Reader::new(file),
            feedback: None,
        }
    }
}

impl<'a> std::ops::Deref for Cx<'a> {
    type Target = Reader<'a>;
    fn deref(&self) -> &Reader<'a> {
        &self.r
    }
}

impl<'a> std::ops::DerefMut for Cx<'a> {
    fn deref_mut(&mut self) -> &mut Reader<'a> {
        &mut self.r
    }
}

fn date_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Date> {
    let YKind::Scalar(s) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!("expected a date (YYYY-MM-DD), found {}", node.describe()),
        );
        return None;
    };
    let t = s.text.trim();
    if let Some(d) = Date::parse_iso(t) {
        return Some(d);
    }
    if let Some(Some(d)) = dates::parse_day(t) {
        return Some(d);
    }
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let d = if shaped {
        cx.error(node.pos, path, format!("`{t}` is not a date that exists"))
    } else {
        cx.error(
            node.pos,
            path,
            format!("expected a date (YYYY-MM-DD), found {}", node.describe()),
        )
    };
    if shaped {
        set_hint(d, "check the month and the day");
    } else if let Some(iso) = loose_date(t) {
        set_hint(d, format!("write `{iso}`"));
    }
    None
}

/// 2024/5/16, 2024.5.16, 2024-5-16, 2024年5月16日 → the ISO form, for a hint.
fn loose_date(t: &str) -> Option<String> {
    let t = t.trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    Date::new(y, m, d).map(|d| d.iso())
}

fn opt_date(cx: &mut Cx, f: &Fields, key: &str) -> Option<Date> {
    let v = f.get(key)?;
    date_value(cx, v, &f.path(key))
}

fn req_date(cx: &mut Cx, f: &Fields, key: &str, what: &str) -> Option<Date> {
    let v = required(cx, f, key, what)?;
    date_value(cx, v, &f.path(key))
}

fn opt_bool(cx: &mut Cx, f: &Fields, key: &str) -> Option<bool> {
    let v = f.get(key)?;
    match &v.kind {
        YKind::Scalar(s) if s.plain => match s.text.as_str() {
            "true" | "True" | "TRUE" => return Some(true),
            "false" | "False" | "FALSE" => return Some(false),
            _ => {}
        },
        _ => {}
    }
    cx.error(
        v.pos,
        &f.path(key),
        format!("expected true or false, found {}", v.describe()),
    );
    None
}

pub fn parse_status(word: &str) -> Option<Status> {
    STATUS_WORDS
        .iter()
        .find(|(w, _)| *w == word || w.eq_ignore_ascii_case(word))
        .map(|&(_, s)| s)
}

fn status_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Status> {
    let expected = "expected 已完成, 基本完成, 推进中 or 未启动";
    let YKind::Scalar(s) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!("{expected}, found {}", node.describe()),
        );
        return None;
    };
    let word = s.text.trim();
    if let Some(st) = parse_status(word) {
        return Some(st);
    }
    // The closest spelling, always: a status is a closed vocabulary.
    let lower = word.to_lowercase();
    let best = STATUS_WORDS
        .iter()
        .min_by_key(|(w, _)| edit_distance(&lower, w))
        .map(|&(w, st)| (w, st));
    let d = cx.error(
        node.pos,
        path,
        format!("unknown status `{word}`; {expected}"),
    );
    if let Some((w, st)) = best {
        if w == st.label() {
            set_hint(d, format!("did you mean `{w}`?"));
        } else {
            set_hint(d, format!("did you mean `{w}` ({})?", st.label()));
        }
    }
    None
}

/// A deadline: an ISO date, or a phrase with the due date the spec gives it.
fn deadline_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Deadline> {
    let YKind::Scalar(s) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!(
                "expected a deadline (a date or a phrase such as 立行立改), found {}",
                node.describe()
            ),
        );
        return None;
    };
    let t = s.text.trim();
    if t.is_empty() {
        cx.error(node.pos, path, "`deadline` is empty");
        return None;
    }
    if let Some(d) = Date::parse_iso(t) {
        return Some(Deadline {
            text: d.chinese(),
            due: Some(d),
            kind: DeadlineKind::Date,
        });
    }
    let dl = |due, kind| {
        Some(Deadline {
            text: t.to_string(),
            due,
            kind,
        })
    };
    match t {
        "立行立改" => return dl(cx.feedback, DeadlineKind::Immediate),
        "长期坚持" => return dl(None, DeadlineKind::LongTerm),
        _ => {}
    }
    match dates::parse_deadline(t) {
        Some(Written::Day(Some(d))) => dl(Some(d), DeadlineKind::Date),
        Some(Written::Before(Some(d))) => dl(Some(d), DeadlineKind::Phrase),
        Some(Written::Day(None)) | Some(Written::Before(None)) => {
            let what = if t.ends_with('前') {
                "names a date that does not exist"
            } else {
                "is not a date that exists"
            };
            let d = cx.error(node.pos, path, format!("`{t}` {what}"));
            set_hint(d, "check the month and the day");
            None
        }
        Some(Written::NoYear { month, day, before }) => {
            let kind = if before {
                DeadlineKind::Phrase
            } else {
                DeadlineKind::Date
            };
            let Some(feedback) = cx.feedback else {
                return dl(None, kind);
            };
            let year = dates::year_for(month, day, feedback);
            let Some(due) = dates::resolve(year, month, day) else {
                cx.error(
                    node.pos,
                    path,
                    format!("`{t}` names a date that does not exist"),
                );
                return None;
            };
            let w = cx.warn(
                node.pos,
                path,
                format!(
                    "deadline `{t}` has no year: read as {year}年{t} (falls due {}, the first such day after the feedback of {})",
                    due.chinese(),
                    feedback.chinese()
                ),
            );
            set_hint(w, format!("write the year to be sure: `{year}年{t}`"));
            dl(Some(due), kind)
        }
        None if t.starts_with(|c: char| c.is_ascii_digit()) && t.is_ascii() => {
            date_value(cx, node, path).map(|d| Deadline {
                text: d.chinese(),
                due: Some(d),
                kind: DeadlineKind::Date,
            })
        }
        None => {
            let d = cx.warn(
                node.pos,
                path,
                format!("deadline `{t}` is not a date or a known phrase; it is printed as written and never falls due"),
            );
            set_hint(
                d,
                "use a date (2024-06-30 or 2024年6月30日), 立行立改, 长期坚持, 2024年底前, 2024年6月底前 or 2024年6月15日前",
            );
            dl(None, DeadlineKind::Other)
        }
    }
}

/// 2024年底前 / 2024年6月底前 / 2024年6月15日前 → Some(due) (Some(None) when the date does not
/// exist); other text → None.
pub fn phrase_due(t: &str) -> Option<Option<Date>> {
    match dates::parse_deadline(t)? {
        Written::Before(d) => Some(d),
        _ => None,
    }
}

/// `extra:` → JSON, untouched: plain scalars become null / booleans / numbers only when that
/// loses nothing of the text (`050053` stays the text "050053").
pub fn to_json(node: &YNode) -> serde_json::Value {
    use serde_json::Value;
    match &node.kind {
        YKind::Scalar(_) if node.is_null() => Value::Null,
        YKind::Scalar(s) if !s.plain => Value::String(s.text.clone()),
        YKind::Scalar(s) => match s.text.as_str() {
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            t => {
                if let Ok(i) = t.parse::<i64>()
                    && i.to_string() == t
                {
                    return Value::from(i);
                }
                if t.contains('.')
                    && let Ok(f) = t.parse::<f64>()
                    && f.is_finite()
                    && f.to_string() == t
                {
                    return Value::from(f);
                }
                Value::String(t.to_string())
            }
        },
        YKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        YKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

fn extra(cx: &mut Cx, f: &Fields) -> Extra {
    let Some(v) = f.get("extra") else {
        return Extra::new();
    };
    let path = f.path("extra");
    mark_all(cx, v, &path);
    match to_json(v) {
        serde_json::Value::Object(m) => m,
        _ => {
            cx.error(
                v.pos,
                &path,
                format!("expected a map under `extra`, found {}", v.describe()),
            );
            Extra::new()
        }
    }
}

/// Records the position of every node of a free subtree (extra) in the source map.
fn mark_all(cx: &mut Cx, node: &YNode, path: &str) {
    cx.mark(path, node.pos);
    match &node.kind {
        YKind::Scalar(_) => {}
        YKind::Seq(items) => {
            for (i, it) in items.iter().enumerate() {
                mark_all(cx, it, &index(path, i));
            }
        }
        YKind::Map(entries) => {
            for e in entries {
                mark_all(cx, &e.value, &child(path, &e.key));
            }
        }
    }
}

/// The whole plan. Returns the plan built so far even when errors were found (the caller
/// looks at `cx.diags`); placeholders stand in for what failed.
pub fn plan(cx: &mut Cx, root: &YNode) -> Option<Plan> {
    cx.mark("", root.pos);
    let f = match &root.kind {
        YKind::Map(_) => fields(cx, root, "", "the plan", TOP_KEYS)?,
        _ => {
            let d = cx.error(
                root.pos,
                "",
                format!(
                    "expected the plan (a map with `format`, `unit`, `inspection`, `problems`), found {}",
                    root.describe()
                ),
            );
            set_hint(d, "start the file with `format: 1`");
            return None;
        }
    };

    let format = match required(cx, &f, "format", "the plan") {
        Some(v) => match &v.kind {
            YKind::Scalar(s) if s.plain && s.text == "1" => 1,
            _ => {
                let d = cx.error(
                    v.pos,
                    "format",
                    format!("expected `format: 1`, found {}", v.describe()),
                );
                set_hint(d, "this version of rectdoc reads plans of format 1");
                0
            }
        },
        None => 0,
    };

    let placeholder = Date {
        year: 1900,
        month: 1,
        day: 1,
    };

    // Unit and inspection first: their values are defaults below (target, 立行立改 due date).
    let unit = f.get("unit");
    let unit = match unit {
        None => {
            required(cx, &f, "unit", "the plan");
            None
        }
        Some(u) => fields(cx, u, "unit", "`unit`", UNIT_KEYS).map(|uf| {
            let name = req_text(cx, &uf, "name", "`unit`").unwrap_or_default();
            Unit {
                short: opt_text(cx, &uf, "short").unwrap_or_else(|| name.clone()),
                agency: opt_text(cx, &uf, "agency"),
                extra: extra(cx, &uf),
                name,
            }
        }),
    };
    let unit_name = unit.as_ref().map(|u| u.name.clone()).unwrap_or_default();

    let inspection = match required(cx, &f, "inspection", "the plan") {
        None => None,
        Some(i) => fields(cx, i, "inspection", "`inspection`", INSPECTION_KEYS).map(|fi| {
            let w = "`inspection`";
            let by = req_text(cx, &fi, "by", w).unwrap_or_default();
            let group = req_text(cx, &fi, "group", w).unwrap_or_default();
            let kind = opt_text(cx, &fi, "kind");
            let round = opt_text(cx, &fi, "round");
            let start = req_date(cx, &fi, "start", w);
            let end = req_date(cx, &fi, "end", w);
            let feedback = req_date(cx, &fi, "feedback", w);
            if let (Some(s), Some(e)) = (start, end)
                && s > e
            {
                let pos = fi.get("end").map_or(fi.pos, |v| v.pos);
                cx.error(
                    pos,
                    "inspection.end",
                    format!(
                        "the inspection ends ({}) before it starts ({})",
                        e.iso(),
                        s.iso()
                    ),
                );
            }
            if let (Some(e), Some(fb)) = (end, feedback)
                && fb < e
            {
                let pos = fi.get("feedback").map_or(fi.pos, |v| v.pos);
                cx.warn(
                    pos,
                    "inspection.feedback",
                    format!(
                        "the feedback ({}) is dated before the inspection ends ({})",
                        fb.iso(),
                        e.iso()
                    ),
                );
            }
            cx.feedback = feedback;
            Inspection {
                by,
                group,
                kind,
                round,
                start: start.unwrap_or(placeholder),
                end: end.unwrap_or(placeholder),
                feedback: feedback.unwrap_or(placeholder),
                target: opt_text(cx, &fi, "target").unwrap_or_else(|| unit_name.clone()),
                extra: extra(cx, &fi),
            }
        }),
    };

    let as_of = opt_date(cx, &f, "as_of");

    let leadership = f.get("leadership").and_then(|l| {
        let fl = fields(cx, l, "leadership", "`leadership`", LEADERSHIP_KEYS)?;
        Some(Leadership {
            name: opt_text(cx, &fl, "name"),
            leader: opt_text(cx, &fl, "leader"),
            deputies: text_list(cx, &fl, "deputies"),
            office: opt_text(cx, &fl, "office"),
            extra: extra(cx, &fl),
        })
    });

    let contact = f.get("contact").and_then(|c| {
        let fc = fields(cx, c, "contact", "`contact`", CONTACT_KEYS)?;
        Some(Contact {
            office: opt_text(cx, &fc, "office"),
            phone: opt_text(cx, &fc, "phone"),
            email: opt_text(cx, &fc, "email"),
            address: opt_text(cx, &fc, "address"),
            postcode: opt_text(cx, &fc, "postcode"),
            extra: extra(cx, &fc),
        })
    });

    let mut sections = BTreeMap::new();
    if let Some(s) = f.get("sections") {
        match &s.kind {
            YKind::Map(entries) => {
                for e in entries {
                    let p = child("sections", &e.key);
                    cx.mark(&p, e.value.pos);
                    sections.insert(e.key.clone(), blocks(cx, &e.value, &p));
                }
            }
            _ => {
                cx.error(
                    s.pos,
                    "sections",
                    format!(
                        "expected named sections (a map such as `work:`), found {}",
                        s.describe()
                    ),
                );
            }
        }
    }

    let mut problems = Vec::new();
    if let Some(p) = required(cx, &f, "problems", "the plan") {
        match &p.kind {
            YKind::Seq(items) if items.is_empty() => {
                cx.error(
                    p.pos,
                    "problems",
                    "`problems` is empty; a plan needs at least one problem",
                );
            }
            YKind::Seq(_) => problems = nodes(cx, p, "problems", 0),
            _ => {
                cx.error(
                    p.pos,
                    "problems",
                    format!(
                        "expected a list of problems and groups, found {}",
                        p.describe()
                    ),
                );
            }
        }
    }

    let mut documents = BTreeMap::new();
    if let Some(d) = f.get("documents") {
        match &d.kind {
            YKind::Map(entries) => {
                for e in entries {
                    let p = child("documents", &e.key);
                    cx.mark(&p, e.value.pos);
                    // A bare `notice:` is a warning (plan::readiness): undated, like no entry.
                    if e.value.is_null() {
                        continue;
                    }
                    if let Some(s) = document(cx, &e.value, &p) {
                        documents.insert(e.key.clone(), s);
                    }
                }
            }
            _ => {
                cx.error(
                    d.pos,
                    "documents",
                    format!(
                        "expected document settings by kind (a map such as `notice:`), found {}",
                        d.describe()
                    ),
                );
            }
        }
    }

    let extra = extra(cx, &f);
    let mut plan = Plan {
        format,
        unit: unit?,
        inspection: inspection?,
        as_of,
        leadership,
        contact,
        sections,
        problems,
        documents,
        extra,
    };
    assign_ids(cx, &mut plan);
    Some(plan)
}

fn blocks(cx: &mut Cx, node: &YNode, path: &str) -> Vec<Block> {
    let YKind::Seq(items) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!("expected a list of blocks, found {}", node.describe()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let p = index(path, i);
        cx.mark(&p, it.pos);
        let Some(f) = fields(cx, it, &p, "a block", BLOCK_KEYS) else {
            continue;
        };
        let heading = opt_text(cx, &f, "heading");
        let mut paragraphs: Vec<String> = opt_text(cx, &f, "text").into_iter().collect();
        paragraphs.extend(text_list(cx, &f, "paragraphs"));
        let items = f
            .get("items")
            .map(|v| blocks(cx, v, &f.path("items")))
            .unwrap_or_default();
        if heading.is_none() && paragraphs.is_empty() && items.is_empty() {
            let d = cx.error(
                it.pos,
                &p,
                "a block needs a `heading`, `text`, `paragraphs` or `items`",
            );
            set_hint(d, "remove the empty block");
        }
        out.push(Block {
            heading,
            paragraphs,
            items,
            path: p,
            extra: extra(cx, &f),
        });
    }
    out
}

fn nodes(cx: &mut Cx, node: &YNode, path: &str, depth: usize) -> Vec<Node> {
    let YKind::Seq(items) = &node.kind else {
        cx.error(
            node.pos,
            path,
            format!(
                "expected a list of problems and groups, found {}",
                node.describe()
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let p = index(path, i);
        cx.mark(&p, it.pos);
        if it.get("group").is_some() {
            if depth >= MAX_GROUP_DEPTH {
                let d = cx.error(
                    it.pos,
                    &p,
                    format!("groups nested more than {MAX_GROUP_DEPTH} levels deep"),
                );
                set_hint(d, "flatten the problem tree");
                continue;
            }
            if let Some(g) = group(cx, it, &p, depth) {
                out.push(Node::Group(g));
            }
        } else if let Some(pr) = problem(cx, it, &p) {
            out.push(Node::Problem(pr));
        }
    }
    out
}

/// A title as stored: without a closing 。 (spec: templates add punctuation).
fn title_text(t: String) -> String {
    let s = t.trim_end_matches(['。', '.']).trim_end();
    s.to_string()
}

fn group(cx: &mut Cx, node: &YNode, path: &str, depth: usize) -> Option<Group> {
    let f = fields(cx, node, path, "a group", GROUP_KEYS)?;
    let title = req_text(cx, &f, "group", "a group").map(title_text);
    let items = match f.get("items") {
        None => {
            let d = cx.error(f.pos, &f.path("items"), "missing `items` in a group");
            set_hint(d, "list the group's problems under `items:`");
            Vec::new()
        }
        Some(v) => {
            if matches!(&v.kind, YKind::Seq(s) if s.is_empty()) {
                cx.error(v.pos, &f.path("items"), "a group needs at least one item");
            }
            nodes(cx, v, &f.path("items"), depth + 1)
        }
    };
    Some(Group {
        title: title.unwrap_or_default(),
        items,
        path: path.to_string(),
        extra: extra(cx, &f),
    })
}

fn owner(cx: &mut Cx, f: &Fields) -> Option<Owner> {
    let v = f.get("owner")?;
    let path = f.path("owner");
    let Some(fo) = fields(cx, v, &path, "`owner`", OWNER_KEYS) else {
        if let Some(d) = cx.diags.last_mut()
            && matches!(&v.kind, YKind::Scalar(_))
        {
            set_hint(
                d,
                "write `owner: {department: …}` (keys: leader, department, person)",
            );
        }
        return None;
    };
    Some(Owner {
        leader: opt_text(cx, &fo, "leader"),
        department: text_list(cx, &fo, "department"),
        person: opt_text(cx, &fo, "person"),
        extra: extra(cx, &fo),
    })
}

fn problem(cx: &mut Cx, node: &YNode, path: &str) -> Option<Problem> {
    let f = fields(cx, node, path, "a problem", PROBLEM_KEYS)?;
    if f.entries.iter().any(|e| e.key == "items")
        && let Some(d) = cx
            .diags
            .iter_mut()
            .rev()
            .find(|d| d.key_path.as_deref() == Some(&child(path, "items")))
    {
        set_hint(d, "a group needs `group: <title>` next to `items`");
    }
    let what = "a problem";
    let title = req_text(cx, &f, "title", what).map(title_text);
    let id = opt_text(cx, &f, "id");
    let status = f
        .get("status")
        .and_then(|v| status_value(cx, v, &f.path("status")));
    let ongoing = opt_bool(cx, &f, "ongoing").unwrap_or(false);
    let deadline = f
        .get("deadline")
        .and_then(|v| deadline_value(cx, v, &f.path("deadline")));
    let completed = opt_date(cx, &f, "completed");
    let owner_given = f.get("owner").is_some();
    let owner_read = owner(cx, &f);
    let owner_failed = owner_given && owner_read.is_none();
    let owner = owner_read.unwrap_or_default();
    let result = opt_text(cx, &f, "result").filter(|r| !r.is_empty());

    let mut measures = Vec::new();
    match f.get("measures") {
        Some(v) => match &v.kind {
            YKind::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    let p = index(&f.path("measures"), i);
                    cx.mark(&p, it.pos);
                    if let Some(m) = measure(cx, it, &p, &owner, status, &deadline) {
                        measures.push(m);
                    }
                }
                if items.is_empty() && result.is_none() {
                    let d = cx.error(
                        v.pos,
                        &f.path("measures"),
                        "`measures` is empty and there is no `result`",
                    );
                    set_hint(d, "a problem needs at least one measure, or a `result`");
                }
            }
            _ => {
                cx.error(
                    v.pos,
                    &f.path("measures"),
                    format!("expected a list of measures, found {}", v.describe()),
                );
            }
        },
        None if result.is_none() => {
            let d = cx.error(
                f.pos,
                &f.path("measures"),
                "a problem needs `measures` or a `result`",
            );
            set_hint(d, "add `measures:` with at least one measure, or `result:`");
        }
        None => {}
    }

    let recovered = f.get("recovered").and_then(|v| {
        let n = match &v.kind {
            YKind::Scalar(s) => s.text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            _ => None,
        };
        match n {
            Some(n) if n >= 0.0 => Some(n),
            _ => {
                let d = cx.error(
                    v.pos,
                    &f.path("recovered"),
                    format!(
                        "expected an amount in yuan (a number ≥ 0), found {}",
                        v.describe()
                    ),
                );
                set_hint(
                    d,
                    "write the amount in yuan without units: `recovered: 13200`",
                );
                None
            }
        }
    });

    let (status, status_derived) = match status {
        Some(s) => (s, false),
        None => (derive_status(&measures), true),
    };
    let has_department =
        !owner.department.is_empty() || measures.iter().any(|m| !m.owner.department.is_empty());
    if !has_department && !owner_failed {
        let d = cx.warn(f.pos, path, "problem has no responsible department");
        set_hint(
            d,
            "add `owner: {department: …}` to the problem or to its measures",
        );
    }
    if ongoing && !status.is_done() {
        let pos = f.get("ongoing").map_or(f.pos, |v| v.pos);
        cx.warn(
            pos,
            &f.path("ongoing"),
            format!(
                "`ongoing: true` (长期坚持) on a problem that is {}",
                status.label()
            ),
        );
    }

    Some(Problem {
        id: id.unwrap_or_default(),
        title: title.unwrap_or_default(),
        detail: opt_text(cx, &f, "detail"),
        status,
        status_derived,
        ongoing,
        deadline,
        completed,
        owner,
        measures,
        result,
        evidence: text_list(cx, &f, "evidence"),
        rules: text_list(cx, &f, "rules"),
        recovered,
        note: opt_text(cx, &f, "note"),
        path: path.to_string(),
        extra: extra(cx, &f),
    })
}

/// Spec: all 已完成 → 已完成; all 已完成 or 基本完成 → 基本完成; any not 未启动 → 推进中;
/// otherwise (or no measure has a status) 未启动. A measure without a status counts as 未启动.
pub fn derive_status(measures: &[Measure]) -> Status {
    let st: Vec<Status> = measures
        .iter()
        .map(|m| m.status.unwrap_or(Status::NotStarted))
        .collect();
    if st.is_empty() || measures.iter().all(|m| m.status.is_none()) {
        Status::NotStarted
    } else if st.iter().all(|&s| s == Status::Done) {
        Status::Done
    } else if st.iter().all(|s| s.is_done()) {
        Status::MostlyDone
    } else if st.iter().any(|&s| s != Status::NotStarted) {
        Status::InProgress
    } else {
        Status::NotStarted
    }
}

fn measure(
    cx: &mut Cx,
    node: &YNode,
    path: &str,
    p_owner: &Owner,
    p_status: Option<Status>,
    p_deadline: &Option<Deadline>,
) -> Option<Measure> {
    let inherit = |text: String| Measure {
        text,
        status: p_status,
        deadline: p_deadline.clone(),
        completed: None,
        owner: Owner {
            extra: Extra::new(),
            ..p_owner.clone()
        },
        evidence: Vec::new(),
        path: path.to_string(),
        extra: Extra::new(),
    };
    match &node.kind {
        YKind::Scalar(_) if node.is_null() => {
            cx.error(node.pos, path, "empty measure");
            None
        }
        YKind::Scalar(s) => Some(inherit(s.text.trim().to_string())),
        YKind::Seq(_) => {
            cx.error(
                node.pos,
                path,
                "expected a measure (a text, or a map with `text`), found a list",
            );
            None
        }
        YKind::Map(_) => {
            let f = fields(cx, node, path, "a measure", MEASURE_KEYS)?;
            let text = req_text(cx, &f, "text", "a measure");
            let status = f
                .get("status")
                .and_then(|v| status_value(cx, v, &f.path("status")));
            let deadline = f
                .get("deadline")
                .and_then(|v| deadline_value(cx, v, &f.path("deadline")));
            let completed = opt_date(cx, &f, "completed");
            let own = owner(cx, &f);
            let mut m = inherit(text.unwrap_or_default());
            m.status = status.or(p_status);
            if deadline.is_some() {
                m.deadline = deadline;
            }
            m.completed = completed;
            if let Some(o) = own {
                // Key by key: a measure naming only its department keeps the problem's leader.
                m.owner = Owner {
                    leader: o.leader.or_else(|| p_owner.leader.clone()),
                    department: if o.department.is_empty() {
                        p_owner.department.clone()
                    } else {
                        o.department
                    },
                    person: o.person.or_else(|| p_owner.person.clone()),
                    extra: o.extra,
                };
            }
            m.evidence = text_list(cx, &f, "evidence");
            m.extra = extra(cx, &f);
            Some(m)
        }
    }
}

fn document(cx: &mut Cx, node: &YNode, path: &str) -> Option<DocumentSettings> {
    let f = fields(cx, node, path, "document settings", DOCUMENT_KEYS)?;
    let numbering = match f.get("numbering") {
        None => Numbering::default(),
        Some(v) => match &v.kind {
            YKind::Scalar(s) if s.text.trim() == "continuous" => Numbering::Continuous,
            YKind::Scalar(s) if s.text.trim() == "per-group" => Numbering::PerGroup,
            _ => {
                let d = cx.error(
                    v.pos,
                    &f.path("numbering"),
                    format!(
                        "expected `continuous` or `per-group`, found {}",
                        v.describe()
                    ),
                );
                if let YKind::Scalar(s) = &v.kind
                    && let Some(c) = closest(s.text.trim(), &["continuous", "per-group"])
                {
                    set_hint(d, format!("did you mean `{c}`?"));
                }
                Numbering::default()
            }
        },
    };
    let mut headings = BTreeMap::new();
    if let Some(h) = f.get("headings") {
        let hp = f.path("headings");
        match &h.kind {
            YKind::Map(entries) => {
                for e in entries {
                    let kp = child(&hp, &e.key);
                    cx.mark(&kp, e.value.pos);
                    if let Some(t) = text(cx, &e.value, &kp) {
                        headings.insert(e.key.clone(), t);
                    }
                }
            }
            _ => {
                cx.error(
                    h.pos,
                    &hp,
                    format!(
                        "expected headings by part (a map such as `next: …`), found {}",
                        h.describe()
                    ),
                );
            }
        }
    }
    Some(DocumentSettings {
        title: opt_text(cx, &f, "title"),
        date: opt_date(cx, &f, "date"),
        public: opt_bool(cx, &f, "public").unwrap_or(false),
        number: opt_text(cx, &f, "number"),
        to: text_list(cx, &f, "to"),
        cc: text_list(cx, &f, "cc"),
        printed_by: opt_text(cx, &f, "printed_by"),
        printed_on: opt_date(cx, &f, "printed_on"),
        numbering,
        show_status: opt_bool(cx, &f, "show_status").unwrap_or(false),
        status_label: opt_text(cx, &f, "status_label"),
        headings,
        compiled_by: opt_text(cx, &f, "compiled_by"),
        extra: extra(cx, &f),
    })
}

/// Checks that ids are unique and gives the problems without one a stable automatic id:
/// `P<n>`, n = the problem's place in tree order (1-based), so adding an id elsewhere never
/// renumbers it; a clash with a given id takes a `-auto` suffix.
fn assign_ids(cx: &mut Cx, plan: &mut Plan) {
    let mut given: HashMap<String, String> = HashMap::new();
    let mut all: Vec<&mut Problem> = Vec::new();
    fn walk<'a>(nodes: &'a mut [Node], out: &mut Vec<&'a mut Problem>) {
        for n in nodes {
            match n {
                Node::Group(g) => walk(&mut g.items, out),
                Node::Problem(p) => out.push(p),
            }
        }
    }
    walk(&mut plan.problems, &mut all);
    for p in all.iter() {
        if p.id.is_empty() {
            continue;
        }
        let kp = child(&p.path, "id");
        if let Some(first) = given.get(&p.id) {
            let first_line = cx.positions.get(first).map_or(0, |x| x.0);
            let (line, col) = cx.positions.get(&kp).copied().unwrap_or((0, 0));
            let d = cx.error(
                Pos { line, col },
                &kp,
                format!("duplicate id `{}` (first used at line {first_line})", p.id),
            );
            set_hint(d, "ids must be unique in the file");
        } else {
            given.insert(p.id.clone(), kp);
        }
    }
    for (n, p) in all.into_iter().enumerate() {
        if p.id.is_empty() {
            let mut id = format!("P{}", n + 1);
            while given.contains_key(&id) {
                id.push_str("-auto");
            }
            p.id = id;
        }
    }
}
