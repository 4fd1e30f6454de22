//! The context of a document file (`document:`, `plan::generic`): `doc` is the document,
//! with its body numbered from the level-1 heading (一、（一）1.（1）) rather than below a
//! part heading as a plan's sections are, numbers the author wrote kept, the attachments
//! labelled, the signature's names and the 附注 ready to print (docs/templates.md).

use super::context::{number_blocks_in, sanitize};
use crate::diag::Diagnostic;
use crate::plan::{GenericDocument, Plan};
use serde_json::{Map, Value, json};

/// The built-in kinds made from a rectification plan's inspection and problems.
const PLAN_KINDS: [&str; 3] = ["notice", "plan", "ledger"];

/// The built-in kind made from a document file.
pub const DOCUMENT_KIND: &str = "document";

/// A plan asked for the kind of a document file: an error saying so.
pub fn plan_kind_check(kind: &str) -> Result<(), Vec<Diagnostic>> {
    if kind != DOCUMENT_KIND {
        return Ok(());
    }
    Err(vec![
        Diagnostic::error(
            "the `document` kind is made from a document file (with a top-level `document:`); this file is a rectification plan",
        )
        .hint("render a plan with --doc notice, plan or ledger; `rectdoc init --kind document` writes a document file to start from"),
    ])
}

/// Levels of a document's body: 一、 level 1, （一） 2, 1. 3, （1） 4, ① below.
fn body_style(depth: usize) -> (u8, &'static str) {
    let styles = super::helpers::STYLES;
    match depth {
        0..=3 => (depth as u8 + 1, styles[depth]),
        _ => (4, styles[4]),
    }
}

pub fn build(
    kind: &str,
    plan: &Plan,
    d: &GenericDocument,
) -> Result<(Value, Vec<Diagnostic>), Vec<Diagnostic>> {
    if PLAN_KINDS.contains(&kind) {
        return Err(vec![
            Diagnostic::error(format!(
                "the {kind} is made from a rectification plan (`inspection`, `problems`); this file is a document (`document:`)"
            ))
            .key("document")
            .hint("render it with --doc document, or with a kind of your --templates"),
        ]);
    }
    let Some(date) = d.settings.date else {
        return Err(vec![
            Diagnostic::error("the document needs a date (成文日期)")
                .key("document.date")
                .hint("add `date: YYYY-MM-DD` under `document`"),
        ]);
    };
    let internal = |e: serde_json::Error| {
        vec![Diagnostic::error(format!(
            "internal error: cannot pass the document to templates: {e}"
        ))]
    };
    let mut doc = serde_json::to_value(d).map_err(internal)?;
    let mut warnings = Vec::new();
    sanitize(&mut doc, &mut "document".to_string(), &mut warnings);
    let mut extra = Value::Object(plan.extra.clone());
    sanitize(&mut extra, &mut "extra".to_string(), &mut warnings);
    let Value::Object(m) = &mut doc else {
        return Err(vec![Diagnostic::error(
            "internal error: the document is not a map",
        )]);
    };
    m.insert("kind".into(), json!(kind));
    // Where the settings are in the file, for `at`: the same partial (a 版头) serves both.
    m.insert("path".into(), json!("document"));
    m.insert("date_cn".into(), json!(date.chinese()));
    if let Some(body) = m.get_mut("body") {
        number_blocks_in(body, 0, body_style, true);
    }
    let several = d.attachments.len() > 1;
    if let Some(Value::Array(atts)) = m.get_mut("attachments") {
        for (i, a) in atts.iter_mut().enumerate() {
            let Value::Object(a) = a else { continue };
            let n = i + 1;
            a.insert("n".into(), json!(n));
            let label = if several {
                format!("附件{n}")
            } else {
                "附件".into()
            };
            a.insert("label".into(), json!(label));
            if let Some(body) = a.get_mut("body") {
                number_blocks_in(body, 0, body_style, true);
            }
        }
    }
    let signature = signature(m);
    m.insert("signature".into(), signature);
    let note = m.get("note").and_then(Value::as_str).map(parenthesised);
    m.insert("note_text".into(), json!(note));
    let root = json!({
        "format": plan.format,
        "kind": kind,
        "doc": doc,
        "extra": extra,
    });
    Ok((root, warnings))
}

/// The names signed under the text, `[{text, path}]`: the issuers, else the organs.
fn signature(m: &Map<String, Value>) -> Value {
    let names = |key: &str| -> Vec<Value> {
        let Some(Value::Array(list)) = m.get(key) else {
            return vec![];
        };
        list.iter()
            .enumerate()
            .map(|(i, t)| json!({"text": t, "path": format!("document.{key}[{i}]")}))
            .collect()
    };
    let issuers = names("issuer");
    Value::Array(if issuers.is_empty() {
        names("organ")
    } else {
        issuers
    })
}

/// The 附注 in its parentheses (GB/T 9704 7.3.6), unless the author wrote them.
fn parenthesised(note: &str) -> String {
    let t = note.trim();
    if (t.starts_with('（') || t.starts_with('(')) && (t.ends_with('）') || t.ends_with(')')) {
        t.to_string()
    } else {
        format!("（{t}）")
    }
}

/// A headed block whose heading starts with its number keeps that number.
pub(super) fn keep_written_number(m: &mut Map<String, Value>) {
    let Some(Value::String(h)) = m.get("heading") else {
        return;
    };
    if let Some((number, rest)) = written_number(h) {
        let (number, rest) = (number.to_string(), rest.to_string());
        m.insert("number".into(), json!(number));
        m.insert("heading".into(), json!(rest));
        m.insert("written_number".into(), json!(true));
    }
}

/// A heading's own number and the text after it: 一、 （二） (3) 4. 5．①; `None` when the
/// heading does not start with one (or is nothing but one).
pub fn written_number(heading: &str) -> Option<(&str, &str)> {
    let cn = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let digit = |c: char| c.is_ascii_digit();
    let mut chars = heading.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let end = if first == '（' || first == '(' {
        chars.next();
        let inner: Vec<char> = chars
            .clone()
            .map(|(_, c)| c)
            .take_while(|c| cn(*c) || digit(*c))
            .collect();
        let all_cn = inner.iter().all(|c| cn(*c));
        let all_digits = inner.iter().all(|c| digit(*c));
        if inner.is_empty() || !(all_cn || all_digits) {
            return None;
        }
        let (i, close) = chars.nth(inner.len())?;
        if close != '）' && close != ')' {
            return None;
        }
        i + close.len_utf8()
    } else if ('①'..='⑳').contains(&first) {
        first.len_utf8()
    } else if cn(first) {
        let (i, c) = chars.find(|(_, c)| !cn(*c))?;
        if c != '、' {
            return None;
        }
        i + c.len_utf8()
    } else if digit(first) {
        let (i, c) = chars.find(|(_, c)| !digit(*c))?;
        if !matches!(c, '.' | '．' | '、') {
            return None;
        }
        // 1.5万元 is a number, not a heading's.
        let after = &heading[i + c.len_utf8()..];
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        i + c.len_utf8()
    } else {
        return None;
    };
    let rest = heading[end..].trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((&heading[..end], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_numbers_are_found_and_others_are_not() {
        let w = |h| written_number(h);
        assert_eq!(w("一、主要工作"), Some(("一、", "主要工作")));
        assert_eq!(w("十二、其他"), Some(("十二、", "其他")));
        assert_eq!(w("（三）强化监督"), Some(("（三）", "强化监督")));
        assert_eq!(w("(3) 强化监督"), Some(("(3)", "强化监督")));
        assert_eq!(w("（12）完善制度"), Some(("（12）", "完善制度")));
        assert_eq!(w("4.健全机制"), Some(("4.", "健全机制")));
        assert_eq!(w("5．健全机制"), Some(("5．", "健全机制")));
        assert_eq!(w("②其他"), Some(("②", "其他")));
        assert_eq!(w("2024年工作情况"), None);
        assert_eq!(w("1.5万元专项资金"), None);
        assert_eq!(w("一是加强学习"), None);
        assert_eq!(w("（一二3）"), None);
        assert_eq!(w("一、"), None);
        assert_eq!(w("（注）说明"), None);
        assert_eq!(w(""), None);
    }

    #[test]
    fn notes_get_their_parentheses_once() {
        assert_eq!(parenthesised("联系人：张某"), "（联系人：张某）");
        assert_eq!(parenthesised("（此件公开发布）"), "（此件公开发布）");
    }
}
