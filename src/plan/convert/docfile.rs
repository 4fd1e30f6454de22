//! A document file: `format`, `document` (the GB/T 9704 elements and the body) and `extra`,
//! without `inspection` or `problems` (`plan::generic`).

use super::values::*;
use super::*;
use crate::plan::generic::{DocAttachment, GenericDocument};

/// The top-level keys of a document file.
pub const DOCUMENT_FILE_KEYS: &[&str] = &["format", "document", "extra"];
/// Settings that only a plan's documents have (numbering problems, status lines, part
/// headings, the ledger's 填报单位): not keys of a document file.
const PLAN_ONLY_SETTINGS: &[&str] = &[
    "numbering",
    "show_status",
    "status_label",
    "headings",
    "compiled_by",
];
/// Keys of `document` beyond the shared settings.
const BODY_KEYS: &[&str] = &["body", "attachments", "issuer", "seal", "note"];
/// Keys of an attachment written as a map.
pub const ATTACHMENT_KEYS: &[&str] = &["title", "body", "extra"];

/// The keys of `document`: every document setting a plan has (so a key added there is a key
/// here with the same meaning), but the plan-only ones, then the body's.
pub fn document_keys() -> Vec<&'static str> {
    DOCUMENT_KEYS
        .iter()
        .filter(|k| !PLAN_ONLY_SETTINGS.contains(k))
        .chain(BODY_KEYS)
        .copied()
        .collect()
}

/// The whole document file as a [`Plan`] with `document` set.
pub(super) fn file(cx: &mut Cx, root: &YNode) -> Option<Plan> {
    // The plan's keys are accepted by `fields` so that they get the message below rather
    // than "unknown key".
    let allowed: Vec<&str> = DOCUMENT_FILE_KEYS.iter().chain(TOP_KEYS).copied().collect();
    let f = fields(cx, root, "", "a document file", &allowed)?;
    for e in f.entries {
        if !DOCUMENT_FILE_KEYS.contains(&e.key.as_str()) {
            let d = cx.error(
                e.key_pos,
                &e.key,
                format!(
                    "`{}` belongs to a rectification plan, not to a document file (it has `document:`)",
                    e.key
                ),
            );
            set_hint(
                d,
                "a document file holds `format`, `document` and `extra`: keep plans and documents in separate files",
            );
        }
    }
    let format = format(cx, &f, "the document file");
    let document =
        required(cx, &f, "document", "the document file").and_then(|d| document(cx, d, "document"));
    let extra = extra(cx, &f);
    let document = document?;
    let name = document
        .issuer
        .first()
        .or(document.settings.organ.first())
        .cloned()
        .unwrap_or_default();
    Some(Plan {
        format,
        unit: Unit {
            short: name.clone(),
            name,
            agency: None,
            extra: Extra::new(),
        },
        inspection: None,
        as_of: None,
        leadership: None,
        contact: None,
        sections: BTreeMap::new(),
        problems: Vec::new(),
        documents: BTreeMap::new(),
        extra,
        document: Some(document),
    })
}

fn document(cx: &mut Cx, node: &YNode, path: &str) -> Option<GenericDocument> {
    let keys = document_keys();
    let f = fields(cx, node, path, "`document`", &keys)?;
    let what = "`document`";
    // Present and not empty; its type is checked with the other settings.
    match required(cx, &f, "title", what) {
        Some(t) if matches!(&t.kind, YKind::Scalar(s) if s.text.trim().is_empty()) => {
            cx.error(t.pos, &f.path("title"), "`title` is empty");
        }
        Some(_) => {}
        None => {
            if let Some(d) = cx.diags.last_mut() {
                set_hint(d, "every document has a title: `title: 关于……的报告`");
            }
        }
    }
    let view = Fields {
        pos: f.pos,
        path: f.path.clone(),
        entries: f.entries,
    };
    let settings = problem::settings(cx, view);
    let body = match required(cx, &f, "body", what) {
        Some(v) if matches!(&v.kind, YKind::Seq(s) if s.is_empty()) => {
            let d = cx.error(v.pos, &f.path("body"), "`body` is empty");
            set_hint(
                d,
                "write the text under `body:` as `- text: …` and `- heading: …` blocks",
            );
            Vec::new()
        }
        Some(v) => blocks(cx, v, &f.path("body")),
        None => {
            if let Some(d) = cx.diags.last_mut() {
                set_hint(
                    d,
                    "write the text under `body:` as `- text: …` and `- heading: …` blocks",
                );
            }
            Vec::new()
        }
    };
    let attachments = f
        .get("attachments")
        .map(|v| attachments(cx, v, &f.path("attachments")))
        .unwrap_or_default();
    Some(GenericDocument {
        settings,
        body,
        attachments,
        issuer: text_list(cx, &f, "issuer"),
        seal: opt_bool(cx, &f, "seal").unwrap_or(false),
        note: opt_text(cx, &f, "note").filter(|n| !n.is_empty()),
    })
}

/// `attachments`: each a title, or a map with `title`, `body` and `extra`.
fn attachments(cx: &mut Cx, node: &YNode, path: &str) -> Vec<DocAttachment> {
    let YKind::Seq(items) = &node.kind else {
        let d = cx.error(
            node.pos,
            path,
            format!("expected a list of attachments, found {}", node.describe()),
        );
        set_hint(
            d,
            "write `- 附件的标题`, or `- {title: …, body: […]}` for one with pages",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let p = index(path, i);
        cx.mark(&p, it.pos);
        match &it.kind {
            YKind::Scalar(_) if it.is_null() => {
                cx.error(it.pos, &p, "empty attachment");
            }
            YKind::Scalar(s) => out.push(DocAttachment {
                title: title_text(s.text.trim().to_string()),
                body: Vec::new(),
                path: p,
                extra: Extra::new(),
            }),
            _ => {
                let Some(fa) = fields(cx, it, &p, "an attachment", ATTACHMENT_KEYS) else {
                    continue;
                };
                let title = req_text(cx, &fa, "title", "an attachment").map(title_text);
                let body = fa
                    .get("body")
                    .map(|v| blocks(cx, v, &fa.path("body")))
                    .unwrap_or_default();
                out.push(DocAttachment {
                    title: title.unwrap_or_default(),
                    body,
                    path: p,
                    extra: extra(cx, &fa),
                });
            }
        }
    }
    out
}
