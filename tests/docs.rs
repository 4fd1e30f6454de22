//! The documentation as a newcomer uses it: every `rectdoc` line of the README runs as copied
//! from the repository root, and the example of the clerks' guide (docs/编写指南.md) is a
//! valid plan.

use crate::util::{rectdoc, root};
use std::path::Path;
use std::process::Command;

/// The `rectdoc …` lines of the README's shell blocks.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut in_sh = false;
    let mut out = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && line.starts_with("rectdoc ") {
            out.push(line.to_string());
        }
    }
    out
}

/// The line with the places it writes moved into `tmp`: the folder after `-o`, the file after
/// `>`, the folder `init` makes. Everything else stays as written (quotes, globs, comments).
fn into_tmp(line: &str, tmp: &Path) -> String {
    let code = line.split(" #").next().unwrap_or(line);
    let words: Vec<&str> = code.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let prev = if i > 0 { words[i - 1] } else { "" };
        let moved = prev == "-o"
            || prev == "--output"
            || prev == ">"
            || (words.get(1) == Some(&"init") && i == 2);
        if moved {
            out.push(tmp.join(w).display().to_string());
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

#[test]
fn every_readme_command_runs_as_copied_from_the_repository_root() {
    let cmds = readme_commands();
    for must in [
        "render", "batch", "check", "fonts", "init", "validate", "stats",
    ] {
        assert!(
            cmds.iter()
                .any(|c| c.starts_with(&format!("rectdoc {must}"))),
            "the README shows `rectdoc {must}`: {cmds:#?}"
        );
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_rectdoc"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for line in &cmds {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cmd = into_tmp(line, tmp.path());
        let o = Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .current_dir(root())
            .env("PATH", &path)
            .output()
            .expect("sh runs");
        if o.status.code() != Some(0) {
            failures.push(format!(
                "{line}\n  ran: {cmd}\n  exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nothing was written into the repository (out/ stays ignored anyway).
    assert!(!root().join("my-office").exists());
}

#[test]
fn the_readme_links_stay_inside_the_repository() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for (i, _) in readme.match_indices("](") {
        let target: String = readme[i + 2..].chars().take_while(|c| *c != ')').collect();
        if target.starts_with("http") || target.starts_with('#') {
            continue;
        }
        let file = target.split('#').next().unwrap_or("");
        assert!(
            root().join(file).exists() && !file.starts_with(".."),
            "README links to {target}, which is not in the repository"
        );
    }
    assert!(
        !readme.contains("../shared"),
        "a path outside the repository"
    );
    // The clerks' guide comes first among the links.
    let first = readme.find("](").expect("a link");
    assert!(readme[first..].starts_with("](docs/编写指南.md)"));
    let ignore = std::fs::read_to_string(root().join(".gitignore")).expect(".gitignore");
    assert!(
        ignore.lines().any(|l| l.trim_matches('/') == "out"),
        "{ignore}"
    );
}

#[test]
fn the_guide_example_is_a_valid_plan_with_every_date_form() {
    let guide = std::fs::read_to_string(root().join("docs/编写指南.md")).expect("guide");
    let start = guide
        .find("```yaml\nformat: 1")
        .expect("the complete example")
        + 8;
    let end = start + guide[start..].find("```").expect("end of the example");
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("我的方案.yaml");
    std::fs::write(&plan, &guide[start..end]).expect("write");
    let p = plan.to_str().expect("utf-8");
    let o = rectdoc(&["validate", p]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
    // And it renders every document, as the guide says.
    let out = dir.path().join("out");
    let o = rectdoc(&[
        "render",
        p,
        "--doc",
        "all",
        "--format",
        "docx",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Every status word and alias of the spec is in the guide.
    for w in [
        "已完成",
        "完成",
        "已整改",
        "done",
        "completed",
        "基本完成",
        "mostly-done",
        "推进中",
        "正在推进",
        "整改中",
        "持续推进",
        "in-progress",
        "未启动",
        "未开始",
        "not-started",
        "立行立改",
        "长期坚持",
        "per-group",
        "continuous",
        "extra",
    ] {
        assert!(guide.contains(w), "{w}");
    }
}
