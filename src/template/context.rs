//! The data a template sees: the plan as JSON (key names as in the YAML), cleaned of
//! characters XML cannot hold, and enriched with what templates should not have to compute:
//! the document settings of the kind being rendered, statistics, heading numbers by depth,
//! 一是 markers, status texts, contact lines. Every variable is listed in `docs/templates.md`.

use super::helpers;
use crate::diag::Diagnostic;
use crate::plan::{Date, DocumentSettings, Numbering, Plan, Stats};
use serde_json::{Map, Value, json};

/// Section names the built-in templates use; always present in the context (empty when the
/// plan has none), so that `{{#each sections.next}}` works in strict mode.
pub const STANDARD_SECTIONS: [&str; 9] = [
    "intro",
    "work",
    "summary",
    "next",
    "guidance",
    "goals",
    "steps",
    "requirements",
    "closing",
];

/// Builds the context for rendering `kind`. Errors: the document's `date` is missing.
pub fn build(kind: &str, plan: &Plan) -> Result<(Value, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(d) = &plan.document {
        return super::docbody::build(kind, plan, d);
    }
    super::docbody::plan_kind_check(kind)?;
    let settings = plan.documents.get(kind).cloned().unwrap_or_default();
    let Some(doc_date) = settings.date else {
        return Err(vec![
            Diagnostic::error(format!("the {kind} needs a date (成文日期)"))
                .key(format!("documents.{kind}.date"))
                .hint(format!(
                    "add `documents: {{{kind}: {{date: YYYY-MM-DD}}}}` to the plan"
                )),
        ]);
    };
    let as_of = plan.as_of.unwrap_or(doc_date);
    let stats = Stats::compute(plan, as_of);

    let mut root = serde_json::to_value(plan).map_err(internal)?;
    let mut warnings = Vec::new();
    sanitize(&mut root, &mut String::new(), &mut warnings);

    let Value::Object(ref mut obj) = root else {
        return Err(vec![Diagnostic::error(
            "internal error: the plan is not a map",
        )]);
    };
    obj.insert("kind".into(), json!(kind));
    obj.insert("doc".into(), doc_value(kind, &settings, plan)?);

    // Sections: every standard name present, headed blocks numbered by depth.
    let sections = obj.entry("sections").or_insert_with(|| json!({}));
    if let Value::Object(secs) = sections {
        for name in STANDARD_SECTIONS {
            secs.entry(name).or_insert_with(|| json!([]));
        }
        for (_, blocks) in secs.iter_mut() {
            number_blocks(blocks, 0);
        }
    }

    // The problem tree: numbers, levels, markers, status texts; and the flat list.
    let flat_style = !plan
        .problems
        .iter()
        .any(|n| matches!(n, crate::plan::Node::Group(_)));
    let mut counter = 0u64;
    if let Some(tree) = obj.get_mut("problems") {
        number_tree(tree, 0, settings.numbering, flat_style, &mut counter);
    }
    let mut flat = Vec::new();
    if let Some(tree) = obj.get("problems") {
        flatten(tree, &mut flat);
    }
    obj.insert("all_problems".into(), Value::Array(flat));

    let mut st = serde_json::to_value(&stats).map_err(internal)?;
    if let Value::Object(m) = &mut st {
        let done = stats.done + stats.mostly_done;
        m.insert(
            "all_done".into(),
            json!(stats.problems > 0 && stats.done == stats.problems),
        );
        m.insert("done_or_mostly".into(), json!(done));
        m.insert(
            "not_done".into(),
            json!(stats.problems.saturating_sub(done)),
        );
        m.insert("rules_count".into(), json!(stats.rules.len()));
        m.insert("groups".into(), json!(count_groups(&plan.problems)));
    }
    let mut st_warn = Vec::new();
    sanitize(&mut st, &mut "stats".to_string(), &mut st_warn);
    obj.insert("stats".into(), st);

    let contact_lines = contact_lines(obj.get("contact"));
    obj.insert("contact_lines".into(), contact_lines);
    Ok((root, warnings))
}

fn internal(e: serde_json::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(format!(
        "internal error: cannot pass the plan to templates: {e}"
    ))]
}

/// `doc`: the settings of the kind, dates as ISO strings, `headings` a map (possibly empty).
fn doc_value(kind: &str, s: &DocumentSettings, plan: &Plan) -> Result<Value, Vec<Diagnostic>> {
    let mut v = serde_json::to_value(s).map_err(internal)?;
    let mut warnings = Vec::new();
    sanitize(&mut v, &mut format!("documents.{kind}"), &mut warnings);
    if let Value::Object(m) = &mut v {
        m.insert("kind".into(), json!(kind));
        m.insert("path".into(), json!(format!("documents.{kind}")));
        m.insert("date_cn".into(), json!(s.date.map(|d| d.chinese())));
        m.insert(
            "as_of".into(),
            json!(plan.as_of.or(s.date).map(|d: Date| d.iso())),
        );
    }
    Ok(v)
}

/// True for the characters XML 1.0 can hold.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Drops characters XML cannot hold from every string (and key), warning with the key path.
pub fn sanitize(v: &mut Value, path: &mut String, warnings: &mut Vec<Diagnostic>) {
    match v {
        Value::String(s) if !s.chars().all(xml_char) => {
            let bad: Vec<String> = s
                .chars()
                .filter(|c| !xml_char(*c))
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            s.retain(xml_char);
            warnings.push(
                Diagnostic::warning(format!(
                    "dropped {} that XML cannot hold: {}",
                    if bad.len() == 1 {
                        "a character"
                    } else {
                        "characters"
                    },
                    bad.join(", ")
                ))
                .key(path.clone()),
            );
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                sanitize(x, path, warnings);
                path.truncate(len);
            }
        }
        Value::Object(m) => {
            let old = std::mem::take(m);
            for (k, mut x) in old {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&k);
                let key = if k.chars().all(xml_char) {
                    k
                } else {
                    warnings.push(
                        Diagnostic::warning("dropped characters that XML cannot hold from a key")
                            .key(path.clone()),
                    );
                    k.chars().filter(|c| xml_char(*c)).collect()
                };
                sanitize(&mut x, path, warnings);
                path.truncate(len);
                m.insert(key, x);
            }
        }
        _ => {}
    }
}

/// The heading level and number style of a depth below a level-1 part heading:
/// （一） level 2, 1. level 3, （1） level 4, ① level 4.
pub(super) fn style_of(depth: usize) -> (u8, &'static str) {
    match depth {
        0 => (2, helpers::STYLES[1]),
        1 => (3, helpers::STYLES[2]),
        2 => (4, helpers::STYLES[3]),
        _ => (4, helpers::STYLES[4]),
    }
}

fn set_number(m: &mut Map<String, Value>, n: u64, depth: usize) {
    set_number_in(m, n, depth, style_of);
}

/// How a numbering puts a depth: its heading level and number style.
pub(super) type StyleOf = fn(usize) -> (u8, &'static str);

fn set_number_in(m: &mut Map<String, Value>, n: u64, depth: usize, style_of: StyleOf) {
    let (level, style) = style_of(depth);
    m.insert("n".into(), json!(n));
    m.insert("depth".into(), json!(depth));
    m.insert("level".into(), json!(level));
    m.insert(
        "number".into(),
        json!(helpers::number(n, style).unwrap_or_default()),
    );
}

/// Narrative blocks: headed blocks numbered within their list by depth; `lead` (the first
/// paragraph, run in after the heading) and `rest`, each `{text, path}`.
fn number_blocks(blocks: &mut Value, depth: usize) {
    number_blocks_in(blocks, depth, style_of, false);
}

/// [`number_blocks`] with the levels of `style_of`; `written`: a heading that starts with
/// its own number (一、, （二）, 3.) keeps it (`number`), the rest being the heading.
pub(super) fn number_blocks_in(blocks: &mut Value, depth: usize, style_of: StyleOf, written: bool) {
    let Value::Array(list) = blocks else { return };
    let mut n = 0;
    for b in list {
        let Value::Object(m) = b else { continue };
        let path = m.get("path").map(helpers::text_of).unwrap_or_default();
        let paras: Vec<Value> = match m.get("paragraphs") {
            Some(Value::Array(ps)) => ps
                .iter()
                .enumerate()
                .map(|(i, p)| json!({"text": p, "path": format!("{path}.paragraphs[{i}]")}))
                .collect(),
            _ => vec![],
        };
        let headed = m.get("heading").is_some_and(|h| !h.is_null());
        if headed {
            n += 1;
            set_number_in(m, n, depth, style_of);
            if written {
                super::docbody::keep_written_number(m);
            }
        } else {
            m.insert("depth".into(), json!(depth));
        }
        m.insert("lead".into(), paras.first().cloned().unwrap_or(Value::Null));
        m.insert(
            "rest".into(),
            Value::Array(paras.iter().skip(1).cloned().collect()),
        );
        m.insert("paras".into(), Value::Array(paras));
        if let Some(items) = m.get_mut("items") {
            number_blocks_in(items, depth + 1, style_of, written);
        }
    }
}

/// Numbers groups and problems: `continuous` (problems share one counter through the tree,
/// groups counted within their parent) or `per-group` (each list from 1, groups and problems
/// sharing its counter). A tree without any group starts at the 1. style (as flat lists are
/// numbered in the seeds).
fn number_tree(
    nodes: &mut Value,
    depth: usize,
    numbering: Numbering,
    flat: bool,
    counter: &mut u64,
) {
    let Value::Array(list) = nodes else { return };
    let style_depth = if flat { depth + 1 } else { depth };
    let mut local = 0u64;
    for node in list {
        let Value::Object(m) = node else { continue };
        let is_group = m.get("kind").and_then(Value::as_str) == Some("group");
        let n = match (numbering, is_group) {
            (Numbering::PerGroup, _) | (Numbering::Continuous, true) => {
                local += 1;
                local
            }
            (Numbering::Continuous, false) => {
                *counter += 1;
                *counter
            }
        };
        set_number(m, n, style_depth);
        m.insert("is_group".into(), json!(is_group));
        if is_group {
            if let Some(items) = m.get_mut("items") {
                number_tree(items, depth + 1, numbering, flat, counter);
            }
            continue;
        }
        let label = m.get("status").map(helpers::text_of).unwrap_or_default();
        let ongoing = m.get("ongoing").and_then(Value::as_bool).unwrap_or(false);
        m.insert(
            "status_text".into(),
            json!(helpers::status(&label, ongoing)),
        );
        if let Some(Value::Array(ms)) = m.get_mut("measures") {
            for (i, x) in ms.iter_mut().enumerate() {
                if let Value::Object(mm) = x {
                    mm.insert("marker".into(), json!(helpers::shi(i as u64 + 1)));
                    mm.insert("n".into(), json!(i + 1));
                }
            }
        }
    }
}

fn flatten(nodes: &Value, out: &mut Vec<Value>) {
    let Value::Array(list) = nodes else { return };
    for n in list {
        if n.get("is_group").and_then(Value::as_bool) == Some(true) {
            if let Some(items) = n.get("items") {
                flatten(items, out);
            }
        } else {
            out.push(n.clone());
        }
    }
}

fn count_groups(nodes: &[crate::plan::Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            crate::plan::Node::Group(g) => 1 + count_groups(&g.items),
            crate::plan::Node::Problem(_) => 0,
        })
        .sum()
}

/// The contact details as labelled lines, in the order notices print them.
fn contact_lines(contact: Option<&Value>) -> Value {
    const LABELS: [(&str, &str); 5] = [
        ("office", "联系部门"),
        ("phone", "联系电话"),
        ("address", "通讯地址"),
        ("postcode", "邮政编码"),
        ("email", "电子信箱"),
    ];
    let Some(c) = contact.filter(|c| c.is_object()) else {
        return json!([]);
    };
    Value::Array(
        LABELS
            .iter()
            .filter_map(|(k, label)| {
                let v = c.get(*k).map(helpers::text_of).filter(|s| !s.is_empty())?;
                Some(json!({"key": k, "label": label, "value": v, "path": format!("contact.{k}")}))
            })
            .collect(),
    )
}
