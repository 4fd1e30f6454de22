//! The JSON Schema (draft 2020-12) of the plan format, for editors (VS Code's YAML extension
//! completes keys and flags mistakes with it). Hand-written from the spec: the loader's own
//! checks stay the authority (dates that exist, unique ids, …); the schema catches shapes,
//! key names and the status vocabulary while typing. Key lists come from the loader's
//! constants, so the two cannot drift apart.

use super::convert::{
    ATTACHMENT_KEYS, BLOCK_KEYS, CONTACT_KEYS, DOCUMENT_FILE_KEYS, DOCUMENT_KEYS, GROUP_KEYS,
    INSPECTION_KEYS, LEADERSHIP_KEYS, MEASURE_KEYS, OWNER_KEYS, PROBLEM_KEYS, STATUS_WORDS,
    TOP_KEYS, UNIT_KEYS, document_keys,
};
use serde_json::{Map, Value, json};

/// An object schema with exactly `keys` (each described by `props`, default: text).
fn object(keys: &[&str], props: Value, required: &[&str], description: &str) -> Value {
    let props = props.as_object().cloned().unwrap_or_default();
    let mut properties = Map::new();
    for k in keys {
        let p = match *k {
            "extra" => json!({"$ref": "#/$defs/extra"}),
            _ => props
                .get(*k)
                .cloned()
                .unwrap_or_else(|| json!({"$ref": "#/$defs/text"})),
        };
        properties.insert((*k).to_string(), p);
    }
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

pub fn schema() -> Value {
    let statuses: Vec<&str> = STATUS_WORDS.iter().map(|(w, _)| *w).collect();
    let date = json!({"$ref": "#/$defs/date"});
    let text_list = json!({"$ref": "#/$defs/textList"});
    let copy_no = json!({"type": ["string", "integer"], "pattern": "^[0-9]{1,6}$",
        "minimum": 0, "maximum": 999_999, "description": "份号: up to six digits."});
    let boolean = json!({"type": "boolean"});
    // The root's `properties` describe the keys of both kinds of file; which keys a file may
    // and must have depends on whether it holds `document` (a document file) or not (a plan).
    let mut properties = object(TOP_KEYS, json!({
            "format": {"const": 1, "description": "Always 1."},
            "unit": {"$ref": "#/$defs/unit"},
            "inspection": {"$ref": "#/$defs/inspection"},
            "as_of": {"$ref": "#/$defs/date", "description": "The date the statuses are true on (default: the document date)."},
            "leadership": {"$ref": "#/$defs/leadership"},
            "contact": {"$ref": "#/$defs/contact"},
            "sections": {
                "type": "object",
                "description": "Named narrative sections: intro, work, summary, next, guidance, goals, steps, requirements, closing, or custom names.",
                "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/block"}},
            },
            "problems": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
            "documents": {
                "type": "object",
                "description": "Per-document settings by kind: notice, plan, ledger, or custom kinds.",
                "additionalProperties": {"$ref": "#/$defs/document"},
            },
        }), &[], "")["properties"].clone();
    properties["document"] = json!({"$ref": "#/$defs/genericDocument"});
    let only = |keys: &[&str]| -> Value {
        Value::Object(keys.iter().map(|k| (k.to_string(), json!(true))).collect())
    };
    let settings = json!({
        "date": date,
        "public": boolean,
        "to": text_list,
        "cc": text_list,
        "printed_on": date,
        "numbering": {"enum": ["continuous", "per-group"]},
        "show_status": boolean,
        "headings": {"type": "object", "additionalProperties": {"$ref": "#/$defs/text"}},
        "organ": text_list,
        "signer": text_list,
        "copy_no": copy_no,
        "secrecy": {"$ref": "#/$defs/text", "description": "密级和保密期限, e.g. 机密★1年."},
        "urgency": {"$ref": "#/$defs/text", "description": "紧急程度: 特急, 加急."},
    });
    let blocks = json!({"type": "array", "items": {"$ref": "#/$defs/block"}});
    let mut generic_props = settings.clone();
    for (k, v) in [
        (
            "body",
            json!({"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/block"}, "description": "正文: blocks as in `sections`; headed blocks are numbered 一、（一）1.（1） by depth."}),
        ),
        (
            "attachments",
            json!({"type": "array", "items": {"$ref": "#/$defs/attachment"}}),
        ),
        ("issuer", text_list.clone()),
        (
            "seal",
            json!({"type": "boolean", "description": "加盖印章 (GB/T 9704 7.3.5.1); false: 7.3.5.2."}),
        ),
        (
            "note",
            json!({"$ref": "#/$defs/text", "description": "附注."}),
        ),
    ] {
        generic_props[k] = v;
    }
    let then = json!({
        "description": "A document file: format, document, extra.",
        "properties": only(DOCUMENT_FILE_KEYS),
        "required": ["format", "document"],
        "additionalProperties": false,
    });
    let plan_keys = json!({
        "properties": only(TOP_KEYS),
        "required": ["format", "unit", "inspection", "problems"],
        "additionalProperties": false,
    });
    let attachment = json!({
        "anyOf": [
            {"$ref": "#/$defs/text"},
            object(ATTACHMENT_KEYS, json!({"body": blocks}), &["title"], "An attachment with pages of its own."),
        ],
    });
    let generic = object(
        &document_keys(),
        generic_props,
        &["title", "body"],
        "A document without an inspection (a report, a request, a reply): the GB/T 9704 elements and its body.",
    );
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rectdoc.invalid/plan-format-1.schema.json",
        "title": "rectdoc rectification plan or document (format 1)",
        "description": "A rectification plan (整改方案 data) after a Party inspection, or a document file (top-level `document`): see the plan format spec.",
        "type": "object",
        "properties": properties,
        "$defs": {
            "text": {
                "type": ["string", "number", "boolean"],
                "description": "Text; any scalar is read as the text written (450053 stays 450053).",
            },
            "textList": {
                "anyOf": [
                    {"$ref": "#/$defs/text"},
                    {"type": "array", "items": {"$ref": "#/$defs/text"}},
                ],
            },
            "date": {
                "type": "string",
                "pattern": "^[0-9０-９]{4}(-[0-9０-９]{1,2}-[0-9０-９]{1,2}|\\.[0-9０-９]{1,2}\\.[0-9０-９]{1,2}|/[0-9０-９]{1,2}/[0-9０-９]{1,2}|年[0-9０-９]{1,2}月[0-9０-９]{1,2}日)$",
                "description": "A date: 2024-09-30 (ISO, unquoted), 2024年9月30日, 2024.9.30 or 2024/9/30.",
            },
            "status": {
                "type": "string",
                "enum": statuses,
                "description": "已完成 (done, completed, 完成, 已整改), 基本完成 (mostly-done), 推进中 (in-progress, 正在推进, 整改中, 持续推进), 未启动 (not-started, 未开始).",
            },
            "deadline": {
                "type": "string",
                "description": "A date (2024-06-30, 2024年6月30日, 2024.6.30, 2024/6/30), or a phrase: 立行立改 (due on the feedback date), 长期坚持 (never due), 2024年底前, 2024年6月底前, 2024年6月15日前, 6月15日前 (the year taken from the feedback date). Other phrases are printed as written and never fall due.",
                "examples": ["2024-06-30", "2024年6月30日", "立行立改", "长期坚持", "2024年底前", "2024年6月底前", "2024年6月15日前"],
            },
            "extra": {
                "type": "object",
                "description": "Free data passed to templates untouched ({{extra.name}}).",
            },
            "unit": object(UNIT_KEYS, json!({}), &["name"], "The inspected / rectifying organisation."),
            "inspection": object(INSPECTION_KEYS, json!({
                "start": date, "end": date, "feedback": date,
            }), &["by", "group", "start", "end", "feedback"], "The inspection (巡察)."),
            "leadership": object(LEADERSHIP_KEYS, json!({"deputies": text_list}), &[], "The rectification leading group (整改工作领导小组)."),
            "contact": object(CONTACT_KEYS, json!({}), &[], "Contact details printed at the end of a public notice."),
            "owner": object(OWNER_KEYS, json!({"department": text_list}), &[], "Responsible leader, department(s), person."),
            "block": {
                "allOf": [
                    object(BLOCK_KEYS, json!({
                        "paragraphs": text_list,
                        "items": {"type": "array", "items": {"$ref": "#/$defs/block"}},
                    }), &[], "A narrative block: heading, text or paragraphs, sub-blocks."),
                    {"anyOf": [
                        {"required": ["heading"]}, {"required": ["text"]},
                        {"required": ["paragraphs"]}, {"required": ["items"]},
                    ]},
                ],
            },
            "node": {
                "if": {"type": "object", "required": ["group"]},
                "then": {"$ref": "#/$defs/group"},
                "else": {"$ref": "#/$defs/problem"},
            },
            "group": object(GROUP_KEYS, json!({
                "group": {"$ref": "#/$defs/text", "description": "The category's title."},
                "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
            }), &["group", "items"], "A category of problems."),
            "problem": {
                "allOf": [
                    object(PROBLEM_KEYS, json!({
                        "status": {"$ref": "#/$defs/status"},
                        "ongoing": boolean,
                        "deadline": {"$ref": "#/$defs/deadline"},
                        "completed": date,
                        "owner": {"$ref": "#/$defs/owner"},
                        "measures": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/measure"}},
                        "evidence": text_list,
                        "rules": text_list,
                        "recovered": {"type": "number", "minimum": 0, "description": "Money recovered or returned, in yuan."},
                    }), &["title"], "A problem and its rectification."),
                    {"anyOf": [{"required": ["measures"]}, {"required": ["result"]}]},
                ],
            },
            "measure": {
                "anyOf": [
                    {"$ref": "#/$defs/text"},
                    object(MEASURE_KEYS, json!({
                        "status": {"$ref": "#/$defs/status"},
                        "deadline": {"$ref": "#/$defs/deadline"},
                        "completed": date,
                        "owner": {"$ref": "#/$defs/owner"},
                        "evidence": text_list,
                    }), &["text"], "A measure; missing owner, deadline, status are the problem's."),
                ],
            },
            "document": object(DOCUMENT_KEYS, settings, &[], "Settings of one document kind."),
        },
    });
    // Added here: one json! of the whole schema exceeds the macro's recursion limit.
    root["if"] = json!({"required": ["document"]});
    root["then"] = then;
    root["else"] = plan_keys;
    root["$defs"]["genericDocument"] = generic;
    root["$defs"]["attachment"] = attachment;
    root
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_lists_every_problem_key() {
        let s = super::schema();
        let props = &s["$defs"]["problem"]["allOf"][0]["properties"];
        for k in super::PROBLEM_KEYS {
            assert!(props.get(*k).is_some(), "{k}");
        }
        assert_eq!(s["properties"]["format"]["const"], 1);
    }
}

#[cfg(test)]
mod document_tests {
    #[test]
    fn schema_lists_every_key_of_a_document_file() {
        let s = super::schema();
        let props = &s["$defs"]["genericDocument"]["properties"];
        for k in super::document_keys() {
            assert!(props.get(k).is_some(), "{k}");
        }
        assert_eq!(
            s["then"]["required"],
            serde_json::json!(["format", "document"])
        );
        assert_eq!(
            s["properties"]["document"]["$ref"],
            "#/$defs/genericDocument"
        );
    }
}
