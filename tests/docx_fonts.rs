//! The DOCX's fonts as an office sees them (issue 13): no theme fonts, a font table that says
//! what Word falls back on, the `docx_fonts` name sets, and quotes, dashes and ellipses in
//! the CJK face — in LibreOffice's rendering of the DOCX as in our PDF.

use crate::onelayout::measure;
use crate::util::{Dir, libreoffice, rectdoc, root, s, stderr};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn render(out: &Path, extra: &[&str]) {
    let plan = crate::util::example_plan();
    let mut args = vec!["render", s(&plan), "-o", s(out)];
    args.extend_from_slice(extra);
    let o = rectdoc(&args);
    assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
}

/// Every XML part of a DOCX, by name.
fn parts(docx: &Path) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).expect("docx")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut text = String::new();
        f.read_to_string(&mut text).expect("utf-8 part");
        out.insert(f.name().expect("a UTF-8 part name").to_string(), text);
    }
    out
}

#[test]
fn no_part_names_a_theme_font_and_the_font_table_says_what_to_fall_back_on() {
    let dir = Dir::new();
    render(dir.path(), &["--doc", "all", "--format", "docx"]);
    for kind in ["notice", "plan", "ledger"] {
        let parts = parts(&dir.join(&format!("huiji-2024-{kind}.docx")));
        for (name, xml) in &parts {
            // w:asciiTheme, w:hAnsiTheme, w:eastAsiaTheme, w:cstheme and their values
            for bad in [
                "Theme=",
                "theme=",
                "minorEastAsia",
                "majorEastAsia",
                "minorHAnsi",
            ] {
                assert!(
                    !(name.starts_with("word/") && !name.contains("theme/") && xml.contains(bad)),
                    "{kind} {name} has {bad}"
                );
            }
        }
        let table = &parts["word/fontTable.xml"];
        for (face, alt) in [
            ("仿宋_GB2312", "仿宋,FangSong"),
            ("楷体_GB2312", "楷体,KaiTi"),
            ("黑体", "SimHei"),
        ] {
            assert!(
                table.contains(&format!(
                    r#"<w:font w:name="{face}"><w:altName w:val="{alt}"/><w:panose1"#
                )),
                "{kind}: {face} in {table}"
            );
        }
        // the theme the schemas require is there, and names only the document's faces
        let theme = &parts["word/theme/theme1.xml"];
        assert!(
            theme.contains(r#"<a:ea typeface="仿宋_GB2312"/>"#),
            "{theme}"
        );
    }
}

#[test]
fn docx_fonts_windows_writes_stock_names_and_sets_the_same_lines() {
    let dir = Dir::new();
    let style = dir.write("style.yaml", "docx_fonts: windows\n");
    let out = dir.join("windows");
    render(
        &out,
        &[
            "--doc",
            "notice",
            "--format",
            "docx,pdf",
            "--style",
            s(&style),
        ],
    );
    let docx = out.join("huiji-2024-notice.docx");
    let p = parts(&docx);
    let styles = &p["word/styles.xml"];
    for name in ["仿宋", "楷体", "黑体", "宋体"] {
        assert!(
            styles.contains(&format!(r#"w:eastAsia="{name}""#)),
            "{name}"
        );
    }
    for gone in ["_GB2312", "方正小标宋简体"] {
        assert!(
            !p.values().any(|x| x.contains(gone)),
            "{gone} in a windows DOCX"
        );
    }
    // 宋体 stands in for 小标宋 in bold
    let title = styles
        .split(r#"<w:style w:type="paragraph" w:styleId="Title">"#)
        .nth(1)
        .and_then(|t| t.split("</w:style>").next())
        .expect("a Title style");
    assert!(
        title.contains(r#"w:eastAsia="宋体""#) && title.contains("<w:b/>"),
        "{title}"
    );
    assert!(
        p["word/fontTable.xml"].contains(r#"<w:font w:name="仿宋"><w:altName w:val="FangSong"/>"#)
    );
    // LibreOffice, with the stock names mapped onto the same faces as the GB2312 names,
    // sets the lines the PDF sets (the figure the notice holds in tests/onelayout.rs)
    let lo_dir = out.join("lo");
    std::fs::create_dir_all(&lo_dir).expect("folder");
    let lo = libreoffice(&[docx], "pdf", &lo_dir).remove(0);
    let m = measure(&out.join("huiji-2024-notice.pdf"), &lo);
    assert!(
        m.share() >= 0.95,
        "{:.1} % identical lines",
        100.0 * m.share()
    );
    assert_eq!(m.pdf_pages, m.docx_pages);
}

/// The marks whose face Word decides by `w:hint` (and LibreOffice by the character before).
const AMBIGUOUS: &str = "“”‘’—…";

/// (character, face) of every AMBIGUOUS character drawn at body size (16 pt: not the page
/// numbers' dashes).
fn faces(pdf: &Path) -> BTreeSet<(String, String)> {
    let out = Command::new("python3")
        .arg(root().join("tests/tools/char_fonts.py"))
        .arg(pdf)
        .arg(AMBIGUOUS)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "char_fonts.py (PyMuPDF, .ci/run): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (c, face, size) = (f.next()?, f.next()?, f.next()?);
            (size == "16").then(|| (c.to_string(), face.to_string()))
        })
        .collect()
}

#[test]
fn quotes_dashes_and_ellipses_are_in_the_cjk_face_in_both_files() {
    let dir = Dir::new();
    render(dir.path(), &["--doc", "notice", "--format", "docx,pdf"]);
    let docx = dir.join("huiji-2024-notice.docx");
    // in the DOCX: every run with such a mark names its CJK face, hinted eastAsia (Word);
    // after a digit (`2021—2023`) the marks have a run of their own in the CJK face in every
    // slot (LibreOffice, which ignores the hint)
    let doc = &parts(&docx)["word/document.xml"];
    let mut seen = 0;
    for run in doc.split("<w:r>").skip(1) {
        let text = run.split("<w:t").nth(1).unwrap_or("");
        if text.contains(|c| AMBIGUOUS.contains(c)) {
            seen += 1;
            assert!(
                run.contains(r#"w:eastAsia="仿宋_GB2312""#)
                    || run.contains(r#"w:eastAsia="楷体_GB2312""#),
                "{run}"
            );
            assert!(run.contains(r#"w:hint="eastAsia""#), "{run}");
        }
    }
    assert!(seen > 50, "{seen} runs with quotes");
    assert!(doc.contains(r#"<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312" w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">—</w:t>"#));
    // drawn: the same faces in our PDF and in LibreOffice's rendering of the DOCX (before,
    // LibreOffice set “ after `1.` and — between digits in Times New Roman's stand-in)
    let lo_dir = dir.join("lo");
    std::fs::create_dir_all(&lo_dir).expect("folder");
    let lo = libreoffice(&[docx], "pdf", &lo_dir).remove(0);
    let ours = faces(&dir.join("huiji-2024-notice.pdf"));
    let theirs = faces(&lo);
    assert!(
        ours.iter().all(|(_, f)| f.starts_with("Fandol")),
        "{ours:?}"
    );
    assert_eq!(ours, theirs);
}
