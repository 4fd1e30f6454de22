//! A batch shares work between its documents (each face's subset font program, made once
//! for the same glyphs): its files must still be, byte for byte, what `render` makes of each
//! plan alone.

use crate::util::{Dir, example_plan, rectdoc, s, stderr};
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of `dir` by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("output folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("manifest."))
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).expect("read output");
            (n, bytes)
        })
        .collect()
}

#[test]
fn a_batch_writes_the_bytes_of_single_renders() {
    let example = std::fs::read_to_string(example_plan()).expect("example");
    let unit = "name: 中共郑州市惠济区行政审批和政务信息管理局党组";
    assert!(example.contains(unit));
    let input = Dir::new();
    // Two plans that differ in their unit's number only (the same characters: the batch
    // reuses the first one's font programs for the second), the example, and one that adds
    // characters (other glyph lists for the same faces).
    let texts = [
        example.replace(unit, "name: 中共第1区测试局党组"),
        example.replace(unit, "name: 中共第2区测试局党组"),
        example.clone(),
        example.replace(unit, "name: 中共鄱阳县朱仙镇鑫源公司党委"),
    ];
    for (i, t) in texts.iter().enumerate() {
        input.write(&format!("plan-{i}.yaml"), t);
    }
    let batch = Dir::new();
    let o = rectdoc(&[
        "batch",
        s(input.path()),
        "-o",
        s(batch.path()),
        "--doc",
        "notice,ledger",
        "--format",
        "pdf",
        "--jobs",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let single = Dir::new();
    for i in 0..texts.len() {
        let plan = input.join(&format!("plan-{i}.yaml"));
        let o = rectdoc(&[
            "render",
            s(&plan),
            "-o",
            s(single.path()),
            "--doc",
            "notice,ledger",
            "--format",
            "pdf",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (batch, single) = (files(batch.path()), files(single.path()));
    assert_eq!(
        batch.keys().collect::<Vec<_>>(),
        single.keys().collect::<Vec<_>>()
    );
    assert_eq!(batch.len(), 2 * texts.len());
    for (name, bytes) in &batch {
        assert!(
            bytes == &single[name],
            "{name} differs from its single render"
        );
    }
}
