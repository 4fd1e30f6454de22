//! The typed conversion: spanned YAML tree → [`Plan`], checking every rule of the spec and
//! collecting every finding (it never stops at the first error).

mod docfile;
mod problem;
mod values;

pub(crate) use docfile::{ATTACHMENT_KEYS, DOCUMENT_FILE_KEYS, document_keys};
#[cfg(test)]
pub(crate) use problem::derive_status;
pub(crate) use values::to_json;

use crate::plan::model::*;
use crate::source::reader::{
    Fields, Reader, child, closest, fields, index, opt_text, req_text, required, set_hint, text,
    text_list,
};
use crate::source::yaml::{Pos, YKind, YNode};
use problem::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use values::*;

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
    "organ",
    "signer",
    "copy_no",
    "secrecy",
    "urgency",
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

/// The whole plan. Returns the plan built so far even when errors were found (the caller
/// looks at `cx.diags`); placeholders stand in for what failed.
pub fn plan(cx: &mut Cx, root: &YNode) -> Option<Plan> {
    cx.mark("", root.pos);
    if root.get("document").is_some() {
        return docfile::file(cx, root);
    }
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

    let format = format(cx, &f, "the plan");

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
        inspection: Some(inspection?),
        as_of,
        leadership,
        contact,
        sections,
        problems,
        documents,
        extra,
        document: None,
    };
    assign_ids(cx, &mut plan);
    Some(plan)
}

/// `format: 1`, required (0 when wrong or missing, reported).
fn format(cx: &mut Cx, f: &Fields, what: &str) -> u32 {
    match required(cx, f, "format", what) {
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
    }
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
