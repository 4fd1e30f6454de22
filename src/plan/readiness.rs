//! What `render` will need that `validate` can already see: every document is dated
//! (`documents.KIND.date`, spec "Per-document settings"). A plan may be validated before its
//! documents are dated, so these are warnings naming the documents they block, at the place
//! `render` points its error at.

use super::convert::Cx;
use super::yaml::{Pos, YKind, YNode};

/// The built-in kinds, as `--doc all` renders them.
const KINDS: [&str; 3] = ["notice", "plan", "ledger"];

/// Warns about a missing `documents`, a document without `date` and a bare `notice:`.
pub fn check(cx: &mut Cx, root: &YNode) {
    let Some(entries) = root.as_map() else { return };
    if let Some(doc) = root.get("document") {
        // A document file: one document, rendered with its own date.
        if doc.get("date").is_none_or(|d| d.is_null()) {
            let d = cx.warn(
                doc.pos,
                "document.date",
                "`document` has no `date`: the document cannot be rendered",
            );
            d.hint = Some("add `date: YYYY-MM-DD` (the 成文日期) under `document`".into());
        }
        return;
    }
    let Some(docs) = entries.iter().find(|e| e.key == "documents") else {
        let d = cx.warn(
            root.pos,
            "documents",
            format!(
                "no `documents`: the {} cannot be rendered without their dates (`documents.KIND.date`)",
                KINDS.join(", ")
            ),
        );
        d.hint = Some(
            "add `documents: {notice: {date: 2024-09-26}}`, one entry per document to render"
                .into(),
        );
        return;
    };
    let YKind::Map(kinds) = &docs.value.kind else {
        return; // reported by the conversion
    };
    for e in kinds {
        let k = &e.key;
        let path = format!("documents.{k}.date");
        let message = if e.value.is_null() {
            format!("`documents.{k}` is empty: the {k} cannot be rendered without its `date`")
        } else if e.value.as_map().is_some() && e.value.get("date").is_none() {
            format!("`documents.{k}` has no `date`: the {k} cannot be rendered")
        } else {
            continue;
        };
        let pos: Pos = e.key_pos;
        cx.positions.insert(path.clone(), (pos.line, pos.col));
        let d = cx.warn(pos, &path, message);
        d.hint = Some(format!(
            "add `date: YYYY-MM-DD` (the 成文日期) under `documents.{k}`"
        ));
    }
}
