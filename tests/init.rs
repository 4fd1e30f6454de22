//! `rectdoc init`, then the commands its how-to gives, in that folder, with no edits; style
//! files (written by init, edited, broken) through `render`.

use crate::util::{Dir, cmd, rectdoc, s, stderr};
use std::path::Path;
use std::process::Output;

/// Runs rectdoc in `dir`.
fn rectdoc_in(dir: &Path, args: &[&str]) -> Output {
    cmd().current_dir(dir).args(args).run()
}

/// The `rectdoc …` command lines of the how-to.
fn howto_commands(dir: &Path) -> Vec<Vec<String>> {
    let howto = std::fs::read_to_string(dir.join("HOWTO.md")).expect("HOWTO.md");
    howto
        .lines()
        .filter_map(|l| l.strip_prefix("rectdoc "))
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect()
}

#[test]
fn every_howto_command_runs_as_written() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path().join("office");
    let o = rectdoc(&["init", s(&dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.join("编写指南.md").is_file(),
        "the clerks' guide is copied"
    );
    let cmds = howto_commands(&dir);
    assert!(cmds.iter().any(|c| c[0] == "batch"), "{cmds:?}");
    for c in &cmds {
        let args: Vec<&str> = c.iter().map(String::as_str).collect();
        let o = rectdoc_in(&dir, &args);
        assert_eq!(o.status.code(), Some(0), "{c:?}: {}", stderr(&o));
    }
}

#[test]
fn init_then_render_works_without_edits() {
    let d = Dir::new();
    let dir = d.path().join("office");
    let o = rectdoc(&["init", s(&dir)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "plan.yaml",
        "style.yaml",
        "HOWTO.md",
        "templates/notice.hbs",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert!(dir.join("templates/partials").is_dir());

    // The how-to's render and check commands, as written.
    let cmds = howto_commands(&dir);
    let render = cmds
        .iter()
        .find(|c| c[0] == "render")
        .expect("a render command");
    let args: Vec<&str> = render.iter().map(String::as_str).collect();
    let o = rectdoc_in(&dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["out/plan-notice.docx", "out/plan-notice.pdf"] {
        let meta = std::fs::metadata(dir.join(f)).unwrap_or_else(|_| panic!("{f}"));
        assert!(meta.len() > 1000, "{f}");
    }
    let check = cmds
        .iter()
        .find(|c| c[0] == "check")
        .expect("a check command");
    let args: Vec<&str> = check.iter().map(String::as_str).collect();
    let o = rectdoc_in(&dir, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // The copied template is the one used: a mistake in it is reported there.
    let t = dir.join("templates/notice.hbs");
    let text = std::fs::read_to_string(&t).expect("template");
    std::fs::write(&t, format!("{{{{unit.nmae}}}}{text}")).expect("write");
    let o = rectdoc_in(&dir, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates/notice.hbs:1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_never_overwrites_without_force() {
    let d = Dir::new();
    d.write("plan.yaml", "mine");
    let o = rectdoc(&["init", s(d.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("plan.yaml"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.path().join("plan.yaml")).expect("read"),
        "mine"
    );
    assert!(!d.path().join("style.yaml").exists(), "nothing written");
    let o = rectdoc(&["init", s(d.path()), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(d.path().join("plan.yaml"))
            .expect("read")
            .contains("format: 1")
    );
}

/// The DOCX's section properties (`w:sectPr` … `w:pgMar`) as XML text.
fn document_xml(docx: &Path) -> String {
    let f = std::fs::File::open(docx).expect("docx");
    let mut z = zip::ZipArchive::new(f).expect("zip");
    let mut s = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("word/document.xml").expect("document.xml"),
        &mut s,
    )
    .expect("read");
    s
}

#[test]
fn a_style_file_changes_the_page_and_a_broken_one_is_located() {
    let d = Dir::new();
    let o = rectdoc(&["init", s(d.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let style = d.path().join("style.yaml");
    let text = std::fs::read_to_string(&style).expect("style");
    // Left margin 28 mm → 30 mm: 1701 twips in the DOCX (28 mm is 1587).
    std::fs::write(&style, text.replace("  left: 28\n", "  left: 30\n")).expect("write");
    let render_styled = |more: &[&str]| {
        let mut args = vec!["render", "plan.yaml", "--style", "style.yaml"];
        args.extend_from_slice(more);
        rectdoc_in(d.path(), &args)
    };
    let o = render_styled(&["--format", "docx", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = document_xml(&d.path().join("out/plan-notice.docx"));
    assert!(
        xml.contains("w:left=\"1701\""),
        "{}",
        &xml[xml.len().saturating_sub(800)..]
    );

    std::fs::write(&style, "sizes:\n  body: large\n").expect("write");
    let o = render_styled(&["--diagnostic-format", "short"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("style.yaml:2:9: error: expected a number, found `large` [sizes.body]"),
        "{}",
        stderr(&o)
    );
}
