//! Problems and their measures, owners and the per-document settings.

use super::values::*;
use super::*;

pub(super) fn owner(cx: &mut Cx, f: &Fields) -> Option<Owner> {
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

pub(super) fn problem(cx: &mut Cx, node: &YNode, path: &str) -> Option<Problem> {
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

pub(super) fn measure(
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

pub(super) fn document(cx: &mut Cx, node: &YNode, path: &str) -> Option<DocumentSettings> {
    let f = fields(cx, node, path, "document settings", DOCUMENT_KEYS)?;
    Some(settings(cx, f))
}

/// The settings' keys of a checked map (a plan's `documents.KIND`, a document file's
/// `document`); keys the map lacks take their defaults.
pub(super) fn settings(cx: &mut Cx, f: Fields) -> DocumentSettings {
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
    DocumentSettings {
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
        organ: text_list(cx, &f, "organ"),
        signer: text_list(cx, &f, "signer"),
        copy_no: copy_no(cx, &f),
        secrecy: opt_text(cx, &f, "secrecy").filter(|t| !t.is_empty()),
        urgency: opt_text(cx, &f, "urgency").filter(|t| !t.is_empty()),
        extra: extra(cx, &f),
    }
}

/// 份号 (GB/T 9704 7.2.1): up to six digits, printed as six (`7` → `000007`).
fn copy_no(cx: &mut Cx, f: &Fields) -> Option<String> {
    let v = f.get("copy_no")?;
    let path = f.path("copy_no");
    let t = text(cx, v, &path)?;
    if t.is_empty() {
        return None;
    }
    if t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("{t:0>6}"));
    }
    let d = cx.error(
        v.pos,
        &path,
        format!("expected a copy number of up to six digits, found {t:?}"),
    );
    set_hint(
        d,
        "份号 is written in Arabic digits, e.g. `copy_no: \"000001\"`".to_string(),
    );
    None
}
