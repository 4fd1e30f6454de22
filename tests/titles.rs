//! Titles never split a word (issue 13), in the PDF and in the DOCX.
//!
//! Every title of `tests/fixtures/titles.txt` (real published titles) is laid out at the
//! title size in the text block, as the typesetter sets a document's title. Its breaks
//! must be the reviewed ones of `tests/golden/titles.breaks.txt` (the lines joined with
//! `|`, each line of that file read and accepted by a person), and none may fall inside a
//! word of `tests/fixtures/title-words.txt` (multi-character words and names, listed by
//! hand, not by the segmenter the balancer uses). The DOCX carries the same lines as
//! explicit breaks; LibreOffice's rendering of it shows them.

use crate::onelayout::pdf_lines;
use crate::util::{example_plan, libreoffice, out_dir, rectdoc, root, s};
use rectdoc::fonts::{FontBook, Fonts};
use rectdoc::model::{Block, Document, Inline, Metadata, Orientation};
use rectdoc::style::Style;
use std::path::PathBuf;

fn lines_of(path: &str) -> Vec<String> {
    std::fs::read_to_string(root().join(path))
        .expect("fixture readable")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn corpus() -> Vec<String> {
    lines_of("tests/fixtures/titles.txt")
}

fn titles_doc(titles: &[String]) -> Document {
    Document {
        kind: "notice".into(),
        meta: Metadata::default(),
        orientation: Orientation::Portrait,
        blocks: titles
            .iter()
            .map(|t| Block::Title {
                lines: vec![vec![Inline::plain(t.clone())]],
            })
            .collect(),
        words: vec![],
    }
}

fn squeeze(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The lines each title is set in by the PDF layout (from the line dump, in order).
fn pdf_title_lines(titles: &[String]) -> Vec<Vec<String>> {
    let style = Style::default();
    let book = FontBook::discover(&[]);
    let mut fonts = Fonts::new(&book, &style);
    let pages = rectdoc::layout::layout(&titles_doc(titles), &style, &mut fonts, true)
        .expect("the titles lay out");
    let dump = rectdoc::layout::dump_lines(&pages);
    let mut lines = dump
        .lines()
        .filter_map(|l| l.split_once(" | ").map(|(_, t)| t.to_string()))
        .filter(|t| !t.starts_with('—'));
    titles
        .iter()
        .map(|t| {
            let mut got: Vec<String> = Vec::new();
            while squeeze(&got.concat()) != squeeze(t) {
                let l = lines.next().unwrap_or_else(|| panic!("{t}: lines run out"));
                got.push(l);
                assert!(
                    squeeze(t).starts_with(&squeeze(&got.concat())),
                    "{t}: set as {got:?}"
                );
            }
            got
        })
        .collect()
}

/// The explicit lines the DOCX writer is given for each title.
fn docx_title_lines(titles: &[String]) -> Vec<Vec<String>> {
    let style = Style::default();
    let book = FontBook::discover(&[]);
    let mut fonts = Fonts::new(&book, &style);
    let doc = rectdoc::layout::with_title_lines(&titles_doc(titles), &style, &mut fonts);
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Title { lines } => lines
                .iter()
                .map(|l| l.iter().map(|r| r.text.as_str()).collect())
                .collect(),
            _ => panic!("only titles"),
        })
        .collect()
}

/// The words of `title` (from the reviewed list) that a break at character `at` splits.
fn split_words<'w>(title: &str, at: usize, words: &'w [String]) -> Vec<&'w str> {
    let chars: Vec<char> = title.chars().collect();
    words
        .iter()
        .filter(|w| {
            let w: Vec<char> = w.chars().collect();
            (0..chars.len().saturating_sub(w.len() - 1))
                .any(|a| chars[a..a + w.len()] == w[..] && a < at && at < a + w.len())
        })
        .map(String::as_str)
        .collect()
}

#[test]
fn corpus_titles_break_at_the_reviewed_word_boundaries_in_pdf_and_docx() {
    let titles = corpus();
    assert!(titles.len() >= 100, "{} titles", titles.len());
    let pdf = pdf_title_lines(&titles);
    let docx = docx_title_lines(&titles);
    let words = lines_of("tests/fixtures/title-words.txt");
    let mut got = String::new();
    let mut splits = Vec::new();
    for ((t, p), d) in titles.iter().zip(&pdf).zip(&docx) {
        let d: Vec<String> = d.iter().map(|l| squeeze(l)).collect();
        let p: Vec<String> = p.iter().map(|l| squeeze(l)).collect();
        assert_eq!(p, d, "the DOCX is given other lines than the PDF shows");
        got.push_str(&p.join("|"));
        got.push('\n');
        let mut at = 0;
        for l in &p[..p.len() - 1] {
            at += l.chars().count();
            let w = split_words(&squeeze(t), at, &words);
            if !w.is_empty() {
                splits.push(format!("{}: {w:?}", p.join("|")));
            }
        }
    }
    assert!(
        splits.is_empty(),
        "breaks inside words:\n{}",
        splits.join("\n")
    );
    let golden = std::fs::read_to_string(root().join("tests/golden/titles.breaks.txt"))
        .expect("golden readable");
    let golden: String = golden
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    if got != golden {
        let at = out_dir("titles").join("titles.breaks.txt");
        std::fs::write(&at, &got).expect("write");
        let diff: Vec<String> = got
            .lines()
            .zip(golden.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("  now {a}\n  was {b}"))
            .collect();
        panic!(
            "title breaks differ from tests/golden/titles.breaks.txt (review, then copy {}):\n{}",
            at.display(),
            diff.join("\n")
        );
    }
}

/// A copy of the example plan with the notice titled `title`.
fn plan_titled(dir: &std::path::Path, name: &str, title: &str) -> PathBuf {
    let plan = std::fs::read_to_string(example_plan()).expect("example plan");
    let plan = plan.replacen(
        "  notice:\n    date: 2024-09-26\n",
        &format!("  notice:\n    date: 2024-09-26\n    title: {title}\n"),
        1,
    );
    assert!(plan.contains(title));
    let p = dir.join(format!("{name}.yaml"));
    std::fs::write(&p, plan).expect("write plan");
    p
}

/// The first lines of `lines` that make up `title`.
fn title_lines_in(lines: &[String], title: &str) -> Vec<String> {
    let mut got: Vec<String> = Vec::new();
    for l in lines {
        if squeeze(&got.concat()) == squeeze(title) {
            break;
        }
        got.push(l.clone());
    }
    got
}

/// The title of a model dump (`render --format model`).
fn model_title(model: &str) -> String {
    let mut it = model.lines().skip_while(|l| *l != "title").skip(1);
    let line = it.next().expect("a title line");
    let text = line.trim_start().trim_start_matches("| ");
    text.split(" @").next().expect("text").to_string()
}

#[test]
fn libreoffice_shows_the_pdf_title_lines_of_the_docx() {
    let dir = out_dir("titles-office");
    let corpus = corpus();
    // The example's three documents, and notices titled with corpus titles of two and
    // three lines that the office suites would wrap elsewhere.
    let mut cases: Vec<(String, PathBuf, &str)> = Vec::new();
    for i in [0usize, 2, 3, 4, 6, 13] {
        cases.push((
            format!("t{i}"),
            plan_titled(&dir, &format!("t{i}"), &corpus[i]),
            "notice",
        ));
    }
    for kind in ["notice", "plan", "ledger"] {
        cases.push((kind.into(), example_plan(), kind));
    }
    let mut docx = Vec::new();
    let mut ours = Vec::new();
    for (name, plan, kind) in &cases {
        let out = dir.join(name);
        let o = rectdoc(&[
            "render",
            s(plan),
            "--doc",
            kind,
            "--format",
            "docx,pdf,model",
            "-o",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stem = plan
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        let base = out.join(format!("{stem}-{kind}"));
        let renamed = dir.join(format!("{name}.docx"));
        std::fs::copy(base.with_extension("docx"), &renamed).expect("copy docx");
        docx.push(renamed);
        let model = std::fs::read_to_string(base.with_extension("model.txt")).expect("model");
        ours.push((base.with_extension("pdf"), model_title(&model)));
    }
    let lo_dir = dir.join("libreoffice");
    std::fs::create_dir_all(&lo_dir).expect("create folder");
    let lo = libreoffice(&docx, "pdf", &lo_dir);
    let mut wrong = Vec::new();
    for ((name, _, _), ((pdf, title), lo)) in cases.iter().zip(ours.iter().zip(&lo)) {
        let want = title_lines_in(&pdf_lines(pdf), title);
        assert!(want.len() >= 2, "{name}: the title should break: {want:?}");
        let got = title_lines_in(&pdf_lines(lo), title);
        if got != want {
            wrong.push(format!("{name}: PDF {want:?}, LibreOffice {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_attachment_title_carries_the_pdf_lines_into_the_docx() {
    // A landscape attachment (as the plan's task list is) with a title of three lines.
    let title = corpus()
        .into_iter()
        .find(|t| t.starts_with("中共城步"))
        .expect("a long corpus title");
    let doc = Document {
        blocks: vec![Block::Attachment(rectdoc::model::Attachment {
            label: "附件".into(),
            title: vec![Inline::plain(title.clone())],
            orientation: Orientation::Landscape,
            blocks: vec![],
        })],
        ..titles_doc(&[])
    };
    let style = Style::default();
    let book = FontBook::discover(&[]);
    let mut fonts = Fonts::new(&book, &style);
    let pages = rectdoc::layout::layout(&doc, &style, &mut fonts, true).expect("lays out");
    let pdf: Vec<String> = rectdoc::layout::dump_lines(&pages)
        .lines()
        .filter_map(|l| l.split_once(" | ").map(|(_, t)| squeeze(t)))
        .filter(|t| t != "附件" && !t.starts_with('—'))
        .collect();
    let broken = rectdoc::layout::with_title_lines(&doc, &style, &mut fonts);
    let Block::Attachment(a) = &broken.blocks[0] else {
        panic!("an attachment")
    };
    let text: String = a.title.iter().map(|r| r.text.as_str()).collect();
    let docx: Vec<String> = text.split('\n').map(squeeze).collect();
    assert!(docx.len() >= 2, "{docx:?}");
    // a place standing alone goes with its organ (关于对县|教育局 was chosen)
    assert!(!docx.join("|").contains("县|教育局"), "{docx:?}");
    assert_eq!(pdf[..docx.len()], docx[..]);
    // written as line breaks inside the attachment title's paragraph
    let bytes = rectdoc::export::docx::write(&broken, &style)
        .expect("the DOCX is written")
        .bytes;
    let xml = &crate::docx::unzip(&bytes)["word/document.xml"];
    let para = xml
        .split("<w:p>")
        .find(|p| p.contains("AttachmentTitle"))
        .expect("the attachment title's paragraph");
    assert_eq!(para.matches("<w:br/>").count(), docx.len() - 1, "{para}");
}
