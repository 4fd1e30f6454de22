//! Typed values of the plan format: dates, statuses, deadlines (with the phrases clerks
//! write), booleans, free `extra` data.

use super::{Cx, STATUS_WORDS};
use crate::plan::dates::{self, Written};
use crate::plan::model::*;
use crate::source::reader::{Fields, child, edit_distance, index, required, set_hint};
use crate::source::yaml::{YKind, YNode};

pub(super) fn date_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Date> {
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
pub(super) fn loose_date(t: &str) -> Option<String> {
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

pub(super) fn opt_date(cx: &mut Cx, f: &Fields, key: &str) -> Option<Date> {
    let v = f.get(key)?;
    date_value(cx, v, &f.path(key))
}

pub(super) fn req_date(cx: &mut Cx, f: &Fields, key: &str, what: &str) -> Option<Date> {
    let v = required(cx, f, key, what)?;
    date_value(cx, v, &f.path(key))
}

pub(super) fn opt_bool(cx: &mut Cx, f: &Fields, key: &str) -> Option<bool> {
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

pub(super) fn status_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Status> {
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
pub(super) fn deadline_value(cx: &mut Cx, node: &YNode, path: &str) -> Option<Deadline> {
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

pub(super) fn extra(cx: &mut Cx, f: &Fields) -> Extra {
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
pub(super) fn mark_all(cx: &mut Cx, node: &YNode, path: &str) {
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
