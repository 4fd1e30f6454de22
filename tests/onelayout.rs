//! One document in every client (issue 13): the PDF rectdoc typesets and LibreOffice's
//! rendering of rectdoc's own DOCX (office font names mapped onto the PDF's faces) must show
//! the same body lines and the same number of pages. The figures of every run are written to
//! `target/test-out/onelayout/<kind>.txt` with the lines that differ, for docs/pdf.md.

use crate::util::{out_dir, rectdoc, s};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// The lines of a PDF as `pdftotext -bbox-layout` groups them, words joined without spaces
/// (spacing differs between the two renderings; the text per line is what is compared),
/// page numbers (— 1 —) left out: they are not body text.
pub fn pdf_lines(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", s(pdf), "-"])
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    // Lossy: poppler's -bbox-layout writes a character outside the BMP (😀 of the hostile
    // plan, in LibreOffice's PDF) as two encoded UTF-16 surrogates, which is not UTF-8.
    let html = String::from_utf8_lossy(&out.stdout);
    let mut lines = Vec::new();
    for line in html.split("<line ").skip(1) {
        let line = line.split("</line>").next().expect("a line");
        let mut text = String::new();
        for w in line.split("<word ").skip(1) {
            let t = w.split_once('>').expect("a word").1;
            text.push_str(t.split('<').next().expect("word text"));
        }
        let text = text
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if !text.is_empty() && !is_page_number(&text) {
            lines.push(text);
        }
    }
    lines
}

fn is_page_number(t: &str) -> bool {
    let inner = t.trim_matches(|c| c == '—' || c == '-');
    inner.len() < t.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit())
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Pages: in pdfinfo")
}

/// What one document measures: the PDF's body lines, how many of them LibreOffice's
/// rendering of the DOCX shows with identical text (each of its lines used once), both
/// page counts, and the lines of each side without a partner.
pub struct Measure {
    pub lines: usize,
    pub identical: usize,
    pub pdf_pages: usize,
    pub docx_pages: usize,
    pub only_pdf: Vec<String>,
    pub only_docx: Vec<String>,
    /// Lines of `only_pdf` that LibreOffice shows without their last glyph, a hung
    /// `，。、．`: LibreOffice 7.4 hangs it (the next line starts alike) but does not paint it.
    pub unpainted: usize,
}

impl Measure {
    pub fn share(&self) -> f64 {
        self.identical as f64 / self.lines.max(1) as f64
    }
}

pub fn measure(pdf: &Path, lo_pdf: &Path) -> Measure {
    let ours = pdf_lines(pdf);
    let theirs = pdf_lines(lo_pdf);
    let mut pool: HashMap<&str, usize> = HashMap::new();
    for l in &theirs {
        *pool.entry(l.as_str()).or_default() += 1;
    }
    let mut only_pdf = Vec::new();
    for l in &ours {
        match pool.get_mut(l.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => only_pdf.push(l.clone()),
        }
    }
    let mut left = pool.clone();
    let only_docx: Vec<String> = theirs
        .iter()
        .filter(|l| match left.get_mut(l.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .cloned()
        .collect();
    let mut rest: HashMap<&str, usize> = HashMap::new();
    for l in &only_docx {
        *rest.entry(l.as_str()).or_default() += 1;
    }
    let unpainted = only_pdf
        .iter()
        .filter(|l| {
            let Some(stem) = l.strip_suffix(['，', '。', '、', '．']) else {
                return false;
            };
            match rest.get_mut(stem) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        })
        .count();
    Measure {
        unpainted,
        lines: ours.len(),
        identical: ours.len() - only_pdf.len(),
        pdf_pages: pages(pdf),
        docx_pages: pages(lo_pdf),
        only_pdf,
        only_docx,
    }
}

/// Renders `kind` of the example as PDF and DOCX, has LibreOffice render the DOCX, measures,
/// and writes the figures and the differing lines beside the files.
fn measure_kind(kind: &str) -> Measure {
    let pdf = crate::util::example_outputs().join(format!("huiji-2024-{kind}.pdf"));
    let lo = crate::util::example_in_libreoffice(kind);
    measure_and_report(kind, &pdf, &lo)
}

/// Measures `pdf` against LibreOffice's `lo_pdf` and writes the figures and the differing
/// lines to `target/test-out/onelayout/<kind>.txt`.
pub fn measure_and_report(kind: &str, pdf: &Path, lo_pdf: &Path) -> Measure {
    let m = measure(pdf, lo_pdf);
    let mut report = format!(
        "{kind}: {} of {} body lines identical ({:.1} %), {} more but for a hung mark LibreOffice does not paint; PDF {} pages, DOCX in LibreOffice {}\n\nonly in the PDF:\n",
        m.identical,
        m.lines,
        100.0 * m.share(),
        m.unpainted,
        m.pdf_pages,
        m.docx_pages
    );
    for l in &m.only_pdf {
        let _ = writeln!(report, "  {l}");
    }
    report.push_str("\nonly in LibreOffice's rendering of the DOCX:\n");
    for l in &m.only_docx {
        let _ = writeln!(report, "  {l}");
    }
    std::fs::write(out_dir("onelayout").join(format!("{kind}.txt")), &report)
        .expect("write report");
    eprintln!("{}", report.lines().next().unwrap_or_default());
    m
}

#[test]
fn page_number_lines_are_not_body_lines() {
    assert!(is_page_number("—1—"));
    assert!(is_page_number("-12-"));
    assert!(!is_page_number("2024"));
    assert!(!is_page_number("——"));
}

/// The measure of issue 13 for one kind: the share of identical body lines and both page
/// counts, held at least at `min_share` and within `max_page_gap` pages.
fn holds(kind: &str, min_share: f64, max_page_gap: usize) {
    let m = measure_kind(kind);
    assert!(
        m.share() >= min_share,
        "{kind}: {:.1} % identical lines, at least {:.1} % expected (target/test-out/onelayout/{kind}.txt)",
        100.0 * m.share(),
        100.0 * min_share
    );
    assert!(
        m.pdf_pages.abs_diff(m.docx_pages) <= max_page_gap,
        "{kind}: PDF {} pages, DOCX in LibreOffice {}",
        m.pdf_pages,
        m.docx_pages
    );
}

// Held at what the branch reaches so far (docs/pdf.md, "One layout for both files"); the
// issue's target is 95 % and equal page counts. Raise these as the remaining causes go
// (Latin face, CJK–Latin spacing, the DOCX carrying the title breaks and blank lines).
#[test]
fn notice_pdf_and_docx_show_the_same_lines() {
    holds("notice", 0.95, 0);
}

#[test]
fn plan_pdf_and_docx_show_the_same_lines() {
    holds("plan", 0.95, 0);
}

#[test]
fn ledger_pdf_and_docx_show_the_same_lines() {
    holds("ledger", 0.97, 0);
}

/// `punctuation: squeeze` keeps the earlier rule in the PDF (nothing past the right edge of
/// the text block) and tells Word the same in the DOCX; the default says nothing of hanging
/// (absent, Word, WPS and LibreOffice all hang) and does not compress.
#[test]
fn a_squeeze_style_keeps_marks_inside_and_the_docx_says_so() {
    let dir = crate::util::Dir::new();
    let style = dir.write("style.yaml", "punctuation: squeeze\n");
    let plan = crate::util::example_plan();
    let render = |out: &str, extra: &[&str]| {
        let mut args = vec!["render", s(&plan), "-o", out];
        args.extend_from_slice(extra);
        let o = rectdoc(&args);
        assert!(o.status.success(), "{}", crate::util::stderr(&o));
    };
    let squeezed = dir.join("squeeze");
    let hung = dir.join("hang");
    render(s(&squeezed), &["--style", s(&style)]);
    render(s(&hung), &[]);
    let part = |d: &Path, name: &str| {
        let f = std::fs::File::open(d.join("huiji-2024-notice.docx")).expect("docx");
        let mut z = zip::ZipArchive::new(f).expect("zip");
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name(name).expect("part"), &mut s).expect("read");
        s
    };
    assert!(part(&squeezed, "word/styles.xml").contains(r#"<w:overflowPunct w:val="0"/>"#));
    assert!(part(&squeezed, "word/settings.xml").contains("compressPunctuation"));
    assert!(!part(&hung, "word/styles.xml").contains("overflowPunct"));
    assert!(part(&hung, "word/settings.xml").contains("doNotCompress"));
    // the right edge of the text block: 210 − 26 mm
    let right = 184.0 * 72.0 / 25.4;
    let past = |d: &Path| {
        let (words, _) = crate::util::pdf_words(&d.join("huiji-2024-notice.pdf"));
        words
            .iter()
            .filter(|w| w.x1 > right + 0.5 && w.y0 < 740.0)
            .count()
    };
    assert_eq!(past(&squeezed), 0, "a mark past the edge under squeeze");
    assert!(past(&hung) > 0, "no mark hangs by default");
}
