//! The fuzz targets' bodies (fuzz/src/lib.rs) on the seed corpus and on every input a fuzzer
//! once failed on (`fuzz/regressions/TARGET/`), with the stable toolchain: the CI smoke of
//! the fuzz targets (a real fuzzing run needs nightly and takes minutes; see fuzz/README.md).

#[path = "../fuzz/src/lib.rs"]
mod bodies;

use crate::util::root;
use std::path::{Path, PathBuf};

/// Files under `dir` (recursively) whose name ends with one of `ends` ("" for any).
fn files(dir: &Path, ends: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            files(&p, ends, out);
        } else if name != ".keep" && ends.iter().any(|e| name.ends_with(e)) {
            out.push(p);
        }
    }
}

fn corpus(target: &str, seeds: &[(&str, &[&str])]) -> Vec<Vec<u8>> {
    let mut paths = vec![];
    for (dir, ends) in seeds {
        files(&root().join(dir), ends, &mut paths);
    }
    files(
        &root().join("fuzz/regressions").join(target),
        &[""],
        &mut paths,
    );
    assert!(!paths.is_empty(), "no seeds for {target}");
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("read seed"))
        .collect()
}

const PLANS: &[(&str, &[&str])] = &[
    ("inputs", &[".yaml"]),
    ("tests/broken", &[".yaml"]),
    ("tests/fixtures", &[".yaml"]),
];
const TEMPLATES: &[(&str, &[&str])] = &[("templates", &[".hbs"]), ("tests/fixtures", &[".hbs"])];

#[test]
fn plan_loader_on_the_corpus() {
    for seed in corpus("plan_load", PLANS) {
        bodies::plan_load(&seed);
    }
}

#[test]
fn markup_parser_on_the_corpus() {
    for seed in corpus("markup", TEMPLATES) {
        // The templates' markup, without their handlebars expressions (as fuzz/seed does).
        let text = String::from_utf8_lossy(&seed);
        let mut stripped = String::new();
        let mut rest = text.as_ref();
        while let Some(i) = rest.find("{{") {
            stripped.push_str(&rest[..i]);
            rest = rest[i..].find("}}").map_or("", |j| &rest[i + j + 2..]);
        }
        stripped.push_str(rest);
        bodies::markup(stripped.as_bytes());
        bodies::markup(&seed);
    }
}

#[test]
fn template_engine_on_the_corpus() {
    for seed in corpus("template", TEMPLATES) {
        bodies::template(&seed);
    }
}

#[test]
fn layout_on_the_corpus() {
    for seed in corpus("layout_text", PLANS) {
        let text = String::from_utf8_lossy(&seed);
        let mut cut = text.len().min(4096);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        bodies::layout_text(text[..cut].as_bytes());
    }
}
