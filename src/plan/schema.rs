//! The JSON Schema (draft 2020-12) of the plan format, for editors (VS Code's YAML extension
//! completes keys and flags mistakes with it). Hand-written from the spec: the loader's own
//! checks stay the authority (dates that exist, unique ids, …); the schema catches shapes,
//! key names and the status vocabulary while typing. Key lists come from the loader's
//! constants, so the two cannot drift apart.

use super::convert::{
    BLOCK_KEYS, CONTACT_KEYS, DOCUMENT_KEYS, GROUP_KEYS, INSPECTION_KEYS, LEADERSHIP_KEYS,
    MEASURE_KEYS, OWNER_KEYS, PROBLEM_KEYS, STATUS_WORDS, TOP_KEYS, UNIT_KEYS,
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
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rectdoc.invalid/plan-format-1.schema.json",
        "title": "rectdoc rectification plan (format 1)",
        "description": "A rectification plan (整改方案 data) after a Party inspection: see the plan format spec.",
        "type": "object",
        "properties": object(TOP_KEYS, json!({
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
        }), &[], "")["properties"].clone(),
        "required": ["format", "unit", "inspection", "problems"],
        "additionalProperties": false,
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
            "document": object(DOCUMENT_KEYS, json!({
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
            }), &[], "Settings of one document kind."),
        },
    })
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
