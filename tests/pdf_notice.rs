//! The notice PDF of the example plan, rendered by the real binary and read back with
//! poppler (`pdftotext -bbox-layout`, `pdffonts`), qpdf and LibreOffice: the "Done when" of
//! the typesetter issue.

use super::super::util::{attr, example_plan, rectdoc, root};
use rectdoc::chars::{is_no_end, is_no_start};

/// The marks the PDF hangs past the right edge (as the office suites do for zh-CN).
fn is_hangable(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．')
}
use rectdoc::model::{Block, Document, plain_text};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PT_PER_MM: f64 = 72.0 / 25.4;
/// The text block, in pdftotext coordinates (pt, origin top left).
const LEFT: f64 = 28.0 * PT_PER_MM;
const RIGHT: f64 = 184.0 * PT_PER_MM;
const TOP: f64 = 37.0 * PT_PER_MM;
const BOTTOM: f64 = 262.0 * PT_PER_MM;
const PITCH: f64 = 28.95;

fn out_dir(name: &str) -> PathBuf {
    let d = root().join("target/test-out/pdf-notice").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create test output dir");
    d
}

fn render_into(dir: &Path, plan: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "render",
        plan.to_str().expect("utf-8 path"),
        "--format",
        "pdf,docx",
        "-o",
        dir.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    rectdoc(&args)
}

/// The example's notice, rendered once for all tests: (pdf, docx).
fn notice() -> &'static (PathBuf, PathBuf) {
    static N: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    N.get_or_init(|| {
        let dir = super::super::util::example_outputs();
        (
            dir.join("huiji-2024-notice.pdf"),
            dir.join("huiji-2024-notice.docx"),
        )
    })
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// A visual line: the words of a page sharing a baseline, left to right.
#[derive(Debug, Clone)]
struct VLine {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    text: String,
    words: Vec<Word>,
}

impl VLine {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn is_page_number(&self) -> bool {
        self.y0 > BOTTOM && self.text.starts_with('—') && self.text.ends_with('—')
    }
}

/// `pdftotext -bbox-layout`, as visual lines per page.
fn pages(pdf: &Path) -> Vec<Vec<VLine>> {
    let xml = tool("pdftotext", &["-bbox-layout", p(pdf), "-"]);
    let mut pages: Vec<Vec<Word>> = Vec::new();
    for line in xml.lines() {
        let t = line.trim();
        if t.starts_with("<page ") {
            pages.push(Vec::new());
        } else if t.starts_with("<word ") {
            let close = t.find('>').expect("tag end");
            let text = t[close + 1..].trim_end_matches("</word>").to_string();
            let tag = &t[..close];
            if let Some(pg) = pages.last_mut() {
                pg.push(Word {
                    x0: attr(tag, "xMin"),
                    y0: attr(tag, "yMin"),
                    x1: attr(tag, "xMax"),
                    y1: attr(tag, "yMax"),
                    text,
                });
            }
        }
    }
    pages
        .into_iter()
        .map(|mut words| {
            // baseline ≈ bottom of the box; words within 2 pt share a line
            words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
            let mut lines: Vec<VLine> = Vec::new();
            for w in words {
                match lines.last_mut() {
                    Some(l) if (w.y1 - l.y1).abs() < 2.0 => {
                        l.words.push(w.clone());
                        l.x0 = l.x0.min(w.x0);
                        l.x1 = l.x1.max(w.x1);
                        l.y0 = l.y0.min(w.y0);
                    }
                    _ => lines.push(VLine {
                        x0: w.x0,
                        x1: w.x1,
                        y0: w.y0,
                        y1: w.y1,
                        text: String::new(),
                        words: vec![w.clone()],
                    }),
                }
            }
            for l in &mut lines {
                l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                l.text = l.words.iter().map(|w| w.text.as_str()).collect();
            }
            lines
        })
        .collect()
}

fn body_lines(page: &[VLine]) -> Vec<&VLine> {
    page.iter().filter(|l| !l.is_page_number()).collect()
}

/// The text of a document model in reading order, with what the layout adds to it
/// (附件： labels, 抄送：, 印发).
fn model_text(doc: &Document) -> String {
    fn blocks(bs: &[Block], out: &mut String) {
        for b in bs {
            match b {
                Block::Title { lines } => lines.iter().for_each(|l| out.push_str(&plain_text(l))),
                Block::Subtitle { text } | Block::Recipients { text } | Block::Note { text } => {
                    out.push_str(&plain_text(text))
                }
                Block::Heading(h) => {
                    out.push_str(&h.number);
                    out.push_str(&plain_text(&h.text));
                    out.push_str(&plain_text(&h.run_in));
                }
                Block::Paragraph(p) => out.push_str(&plain_text(&p.text)),
                Block::Masthead(m) => {
                    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
                    out.push_str(&opt(&m.copy_no));
                    out.push_str(&opt(&m.secrecy));
                    out.push_str(&opt(&m.urgency));
                    m.organs.iter().for_each(|o| out.push_str(&plain_text(o)));
                    out.push_str(&opt(&m.number));
                }
                Block::MeasureList(m) => {
                    out.push_str(&plain_text(&m.lead));
                    for it in &m.items {
                        out.push_str(&it.marker);
                        out.push_str(&plain_text(&it.text));
                    }
                }
                Block::Table(t) => {
                    for r in &t.rows {
                        for c in &r.cells {
                            c.paragraphs
                                .iter()
                                .for_each(|t| out.push_str(&plain_text(t)));
                        }
                    }
                }
                Block::AttachmentNote { items } => {
                    out.push_str("附件：");
                    let several = items.len() > 1;
                    for (i, it) in items.iter().enumerate() {
                        let t = plain_text(it);
                        if several && !t.starts_with(|c: char| c.is_ascii_digit()) {
                            out.push_str(&format!("{}.", i + 1));
                        }
                        out.push_str(&t);
                    }
                }
                Block::Signature(s) => {
                    s.issuers.iter().for_each(|t| out.push_str(&plain_text(t)));
                    out.push_str(&s.date);
                }
                Block::Imprint(i) => {
                    if !i.cc.is_empty() {
                        out.push_str(&format!("抄送：{}。", i.cc.join("，")));
                    }
                    if let Some(by) = &i.printed_by {
                        out.push_str(by);
                    }
                    if let Some(on) = &i.printed_on {
                        out.push_str(&format!("{on}印发"));
                    }
                }
                Block::Attachment(a) => {
                    out.push_str(&a.label);
                    out.push_str(&plain_text(&a.title));
                    blocks(&a.blocks, out);
                }
                Block::PageBreak | Block::BlankLine => {}
            }
        }
    }
    let mut out = String::new();
    blocks(&doc.blocks, &mut out);
    out.chars().filter(|c| !c.is_whitespace()).collect()
}

fn example_model() -> Document {
    let loaded = rectdoc::plan::load_file(&example_plan()).expect("example plan loads");
    rectdoc::template::Templates::builtin()
        .render_loaded("notice", &loaded)
        .expect("notice renders")
        .document
}

#[test]
fn text_equals_the_model_in_reading_order() {
    let (pdf, _) = notice();
    let text = tool("pdftotext", &[p(pdf), "-"]);
    // page numbers are lines of their own: — N —
    let got: String = text
        .lines()
        .filter(|l| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            !(t.starts_with('—')
                && t.ends_with('—')
                && t.len() > 6
                && t.trim_matches('—').chars().all(|c| c.is_ascii_digit()))
        })
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let want = model_text(&example_model());
    if got != want {
        let at = got
            .chars()
            .zip(want.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let ctx = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(20))
                .take(60)
                .collect::<String>()
        };
        panic!(
            "text differs at char {at}:\n pdf:   {}\n model: {}",
            ctx(&got),
            ctx(&want)
        );
    }
}

#[test]
fn body_lines_are_inside_the_text_block_at_most_22_a_page_on_the_pitch() {
    let (pdf, _) = notice();
    let (pages, pitches) = assert_body_on_the_grid(pdf);
    assert!(pages > 30, "{pages} pages");
    assert!(pitches > 500, "{pitches} pitches measured");
}

/// GB/T 9704's grid in a PDF: at most 22 body lines a page, inside the text block (a pausing
/// mark may hang), consecutive 3号 lines whole pitches apart. (pages, pitches measured).
pub(crate) fn assert_body_on_the_grid(pdf: &Path) -> (usize, usize) {
    let pages = pages(pdf);
    let mut pitches = 0;
    for (i, page) in pages.iter().enumerate() {
        let body = body_lines(page);
        assert!(body.len() <= 22, "page {}: {} lines", i + 1, body.len());
        for l in &body {
            // A pausing mark may hang past the edge, as the last glyph, by at most one
            // 3号 character (16 pt): the office suites' zh-CN default that the PDF follows.
            let hung = l.text.ends_with(is_hangable) && l.x1 <= RIGHT + 16.0 + 0.15;
            assert!(
                l.x0 >= LEFT - 0.15 && (l.x1 <= RIGHT + 0.15 || hung),
                "page {}: x {:.2}–{:.2} outside {LEFT:.2}–{RIGHT:.2}: {}",
                i + 1,
                l.x0,
                l.x1,
                l.text
            );
            // (the title's box is its face's ascent and descent, taller than its line:
            // the vertical check is for the 3号 lines)
            let body_type = (l.height() - 16.0).abs() < 0.5;
            assert!(
                !body_type || (l.y0 >= TOP - 0.15 && l.y1 <= BOTTOM + 0.15),
                "page {}: y {:.2}–{:.2} outside {TOP:.2}–{BOTTOM:.2}: {}",
                i + 1,
                l.y0,
                l.y1,
                l.text
            );
        }
        // baselines of consecutive 3号 lines are whole multiples of the pitch
        let sized: Vec<&&VLine> = body
            .iter()
            .filter(|l| (l.height() - 16.0).abs() < 0.5)
            .collect();
        for w in sized.windows(2) {
            let dy = w[1].y1 - w[0].y1;
            let k = (dy / PITCH).round().max(1.0);
            assert!(
                (dy / k - PITCH).abs() <= 0.3,
                "page {}: pitch {:.3} between {} / {}",
                i + 1,
                dy / k,
                w[0].text,
                w[1].text
            );
            pitches += 1;
        }
    }
    (pages.len(), pitches)
}

#[test]
fn non_final_paragraph_lines_end_at_the_right_edge() {
    let (pdf, _) = notice();
    let total = assert_lines_flush_right(pdf);
    assert!(total > 400, "{total} non-final lines");
}

/// 95 % of a PDF's non-final paragraph lines reach the right edge; how many were measured.
pub(crate) fn assert_lines_flush_right(pdf: &Path) -> usize {
    let lines: Vec<VLine> = pages(pdf)
        .iter()
        .flat_map(|p| body_lines(p).into_iter().cloned().collect::<Vec<_>>())
        // 3号 lines; one holding Latin digits (a 1. heading) is up to 2 pt taller, and is
        // kept so that the line before it is not paired with the line after it.
        .filter(|l| l.height() > 15.5 && l.height() < 18.5)
        .collect();
    // A line followed by one that starts at the left edge (not indented, not centred or
    // right-aligned) is not the last of its paragraph.
    let mut total = 0;
    let mut flush = 0;
    let mut ragged = Vec::new();
    for w in lines.windows(2) {
        if (w[1].x0 - LEFT).abs() < 0.5 {
            total += 1;
            let hung = w[0].text.ends_with(is_hangable) && w[0].x1 - RIGHT > 0.5 * PT_PER_MM;
            if (w[0].x1 - RIGHT).abs() <= 0.5 * PT_PER_MM || (hung && w[0].x1 - RIGHT <= 16.15) {
                flush += 1;
            } else {
                ragged.push(format!("{:.2}: {}", w[0].x1, w[0].text));
            }
        }
    }
    assert!(
        flush as f64 >= 0.95 * total as f64,
        "{flush} of {total} flush right; ragged: {ragged:#?}"
    );
    total
}

#[test]
fn no_line_starts_with_a_no_start_mark_or_ends_with_a_no_end_mark() {
    let (pdf, _) = notice();
    assert_line_ends_keep_the_rules(pdf);
}

/// No line of a PDF starts with a mark that may not start one (，。) or ends with one that
/// may not end one (“（).
pub(crate) fn assert_line_ends_keep_the_rules(pdf: &Path) {
    for (i, page) in pages(pdf).iter().enumerate() {
        for l in body_lines(page) {
            let first = l.text.chars().next().unwrap_or('x');
            let last = l.text.chars().last().unwrap_or('x');
            assert!(
                !is_no_start(first),
                "page {}: starts with {first}: {}",
                i + 1,
                l.text
            );
            assert!(
                !is_no_end(last),
                "page {}: ends with {last}: {}",
                i + 1,
                l.text
            );
        }
    }
}

#[test]
fn page_numbers_alternate_sides_seven_mm_under_the_block() {
    let (pdf, _) = notice();
    assert_page_numbers(pdf);
}

/// "— N —" on every page of a PDF, odd pages right and even pages left, one character in,
/// 7 mm under the text block.
pub(crate) fn assert_page_numbers(pdf: &Path) {
    let pages = pages(pdf);
    let one = 14.0; // one 4号 character
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let nums: Vec<&VLine> = page.iter().filter(|l| l.is_page_number()).collect();
        assert_eq!(nums.len(), 1, "page {n}: {nums:?}");
        let l = nums[0];
        // "— N —": three words, a space each side of the number
        let texts: Vec<&str> = l.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["—", &n.to_string(), "—"], "page {n}");
        for w in l.words.windows(2) {
            assert!(w[1].x0 - w[0].x1 >= 3.0, "page {n}: no space in {texts:?}");
        }
        if n % 2 == 1 {
            assert!(
                (l.x1 - (RIGHT - one)).abs() < 0.5,
                "page {n}: right {}",
                l.x1
            );
        } else {
            assert!((l.x0 - (LEFT + one)).abs() < 0.5, "page {n}: left {}", l.x0);
        }
        let centre = (l.y0 + l.y1) / 2.0;
        let gap_mm = (centre - BOTTOM) / PT_PER_MM;
        assert!((gap_mm - 7.0).abs() < 0.5, "page {n}: {gap_mm:.2} mm under");
    }
    let plain = tool("pdftotext", &["-f", "1", "-l", "1", p(pdf), "-"]);
    assert!(plain.contains("— 1 —"), "{plain}");
}

#[test]
fn title_breaks_at_a_word_boundary_with_a_blank_line_under_it() {
    let (pdf, _) = notice();
    let pages = pages(pdf);
    let title: Vec<&VLine> = pages[0]
        .iter()
        .filter(|l| (l.height() - 16.0).abs() > 2.0 && !l.is_page_number())
        .collect();
    let texts: Vec<&str> = title.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "中共郑州市惠济区行政审批和政务信息管理局",
            "党组关于区委巡察整改进展情况的通报"
        ]
    );
    // centred
    for l in &title {
        assert!(
            ((l.x0 + l.x1) / 2.0 - (LEFT + RIGHT) / 2.0).abs() < 1.0,
            "{l:?}"
        );
    }
    // the first line of text is two pitches under the last title line: one blank line
    let first_body = pages[0]
        .iter()
        .find(|l| (l.height() - 16.0).abs() < 0.5)
        .expect("body line");
    // (box centres: the title face's box is not centred on its em box, hence 3 pt)
    let title_centre = (title[1].y0 + title[1].y1) / 2.0;
    let body_centre = (first_body.y0 + first_body.y1) / 2.0;
    assert!(
        ((body_centre - title_centre) - 2.0 * PITCH).abs() < 3.0,
        "{title_centre} → {body_centre}"
    );
}

#[test]
fn fonts_are_embedded_subsets_and_qpdf_finds_no_error() {
    let (pdf, _) = notice();
    let fonts = tool("pdffonts", &[p(pdf)]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        assert!(cols[0].contains('+'), "not a subset name: {r}");
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{r}");
    }
    let check = tool("qpdf", &["--check", p(pdf)]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let (pdf, _) = notice();
    let dir = out_dir("again");
    let out = render_into(&dir, &example_plan(), &[]);
    assert!(out.status.success());
    let a = std::fs::read(pdf).expect("first pdf");
    let b = std::fs::read(dir.join("huiji-2024-notice.pdf")).expect("second pdf");
    assert!(a == b, "the two renders differ");
}

fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[p(pdf)]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Pages: in pdfinfo")
}

#[test]
fn page_count_is_within_one_of_libreoffice_rendering_our_docx() {
    let (pdf, _) = notice();
    let lo_pdf = super::super::util::example_in_libreoffice("notice");
    let lo = page_count(&lo_pdf);
    let ours = page_count(pdf);
    assert!(
        ours.abs_diff(lo) <= 1,
        "rectdoc {ours} pages, LibreOffice {lo}"
    );
}

/// The example plan with U+10FFFD (private use: no font has it) in the first problem's
/// first item title.
fn plan_with_missing_glyph(dir: &Path) -> PathBuf {
    let src = std::fs::read_to_string(example_plan()).expect("example plan");
    let needle = "title: 个别问题整改不到位";
    assert!(src.contains(needle));
    let patched = src.replacen(needle, "title: 个别问题\u{10FFFD}整改不到位", 1);
    let path = dir.join("missing-glyph.yaml");
    std::fs::write(&path, patched).expect("write plan");
    path
}

#[test]
fn a_character_no_font_has_is_an_error_at_its_key_path() {
    // precondition: really no installed face has it
    let fc = tool("fc-list", &[":charset=10fffd"]);
    assert!(fc.trim().is_empty(), "a font has U+10FFFD: {fc}");
    let dir = out_dir("missing");
    let plan = plan_with_missing_glyph(&dir);
    let out = render_into(&dir.join("out"), &plan, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("U+10FFFD"), "{err}");
    assert!(err.contains('\u{10FFFD}'), "{err}");
    assert!(err.contains("problems[0].items[0].items[0].title"), "{err}");
    assert!(
        err.contains("missing-glyph.yaml"),
        "no file location: {err}"
    );
    assert!(!dir.join("out/missing-glyph-notice.pdf").exists());
}

/// Path-construction operators (`m`, `l`) in the page content, decompressed by qpdf.
fn path_ops(pdf: &Path, dir: &Path) -> usize {
    let qdf = dir.join(format!(
        "{}.qdf",
        pdf.file_stem().and_then(|s| s.to_str()).unwrap_or("x")
    ));
    let st = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", p(pdf), p(&qdf)])
        .status()
        .expect("qpdf");
    assert!(st.success());
    let bytes = std::fs::read(&qdf).expect("qdf");
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| l.ends_with(" l") || l.ends_with(" m"))
        .count()
}

#[test]
fn allow_missing_glyphs_draws_a_marker_and_warns() {
    let dir = out_dir("missing-allowed");
    let plan = plan_with_missing_glyph(&dir);
    let out = render_into(&dir, &plan, &["--allow-missing-glyphs"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains("U+10FFFD"), "{err}");
    assert!(err.contains("problems[0].items[0].items[0].title"), "{err}");
    let pdf = dir.join("missing-glyph-notice.pdf");
    let (plain, _) = notice();
    assert!(
        path_ops(&pdf, &dir) > path_ops(plain, &dir),
        "no marker drawn"
    );
    let text = tool("pdftotext", &[p(&pdf), "-"]);
    assert!(text.contains("个别问题"), "text around the marker lost");
}
