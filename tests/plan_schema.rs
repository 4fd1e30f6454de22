//! `rectdoc schema`: a JSON Schema that accepts the example and rejects broken plans.

use crate::util::{rectdoc, root};

fn schema() -> serde_json::Value {
    let o = rectdoc(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    serde_json::from_slice(&o.stdout).expect("schema is JSON")
}

fn instance(rel: &str) -> serde_json::Value {
    let src = std::fs::read_to_string(root().join(rel)).unwrap();
    rectdoc::plan::yaml_to_json(&src).expect("YAML parses")
}

/// The instance paths of the schema's complaints.
fn complaints(schema: &serde_json::Value, rel: &str) -> Vec<String> {
    let v = jsonschema::validator_for(schema).expect("schema compiles");
    let inst = instance(rel);
    v.iter_errors(&inst)
        .map(|e| e.instance_path().to_string())
        .collect()
}

#[test]
fn schema_is_draft_2020_12_and_accepts_the_example() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        complaints(&s, "inputs/huiji-2024.yaml"),
        Vec::<String>::new()
    );
}

#[test]
fn schema_rejects_broken_plans() {
    let s = schema();
    for (file, path) in [
        ("tests/broken/typo-key.yaml", "/problems/0"),
        ("tests/broken/status-unknown.yaml", "/problems/0/status"),
        ("tests/broken/format-2.yaml", "/format"),
        ("tests/broken/unit-name-missing.yaml", "/unit"),
        ("tests/broken/no-measures-no-result.yaml", "/problems/0"),
        (
            "tests/broken/numbering-typo.yaml",
            "/documents/notice/numbering",
        ),
        ("tests/broken/date-loose.yaml", "/inspection/feedback"),
    ] {
        let c = complaints(&s, file);
        assert!(c.iter().any(|p| p == path), "{file}: {c:?}");
    }
}

#[test]
fn schema_accepts_the_dates_clerks_write() {
    let schema: serde_json::Value =
        serde_json::from_slice(&rectdoc(&["schema"]).stdout).expect("schema is JSON");
    let v = jsonschema::validator_for(&schema).expect("schema compiles");
    let guide = std::fs::read_to_string(root().join("docs/编写指南.md")).expect("guide");
    let start = guide.find("```yaml\nformat: 1").expect("the example") + 8;
    let end = start + guide[start..].find("```").expect("its end");
    let json = rectdoc::plan::yaml_to_json(&guide[start..end]).expect("YAML");
    let errors: Vec<String> = v
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn schema_accepts_document_files_and_rejects_broken_ones() {
    let s = schema();
    assert_eq!(
        complaints(&s, "inputs/fazhi-report-2024.yaml"),
        Vec::<String>::new()
    );
    assert_eq!(
        complaints(&s, "src/cli/starters/document.yaml"),
        Vec::<String>::new()
    );
    let v = jsonschema::validator_for(&s).expect("schema compiles");
    let paths = |yaml: &str| -> Vec<String> {
        let inst = rectdoc::plan::yaml_to_json(yaml).expect("YAML parses");
        v.iter_errors(&inst)
            .map(|e| e.instance_path().to_string())
            .collect()
    };
    let ok = "format: 1\ndocument:\n  title: 报告\n  body: [{text: 正文}]\n";
    assert_eq!(paths(ok), Vec::<String>::new());
    for (yaml, path) in [
        // an unknown key in the document, a wrong type, no title, a plan's key beside it
        (ok.replace("  title:", "  titel: x\n  title:"), "/document"),
        (
            ok.replace("{text: 正文}", "{text: 正文, items: 3}"),
            "/document/body/0/items",
        ),
        (ok.replace("  title: 报告\n", ""), "/document"),
        (format!("{ok}problems: []\n"), ""),
        (format!("{ok}  seal: 是\n"), "/document/seal"),
        (
            format!("{ok}  attachments: [{{body: []}}]\n"),
            "/document/attachments/0",
        ),
    ] {
        let c = paths(&yaml);
        assert!(c.iter().any(|p| p == path), "{yaml}: {c:?}");
    }
}
