//! The 红头 整改方案 (GB/T 9704 §7.2, issue #18): the example plan with a 发文字号 and an
//! issuing organ, rendered by the real binary; the organ mark, the 发文字号 and the red rule
//! read from the PDF (pdftotext for the words, PyMuPDF for colours and the rule), from the
//! DOCX, and from LibreOffice's rendering of the DOCX; and the 版记 on an even last page.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const PT_PER_MM: f64 = 72.0 / 25.4;
const ORGAN: &str = "中共惠济区审批局党组文件";
const NUMBER: &str = "惠审信党〔2024〕9号";

/// The example plan with `extra` added to `documents.plan`, in `dir`.
fn plan_with(dir: &Path, extra: &str) -> PathBuf {
    let src = std::fs::read_to_string(example_plan()).expect("example plan");
    let anchor = "  plan:\n    date: 2024-06-14\n";
    assert!(src.contains(anchor), "the example's plan settings moved");
    let text = src.replacen(anchor, &format!("{anchor}{extra}"), 1);
    let p = dir.join("huiji-2024.yaml");
    std::fs::write(&p, text).expect("write plan");
    p
}

fn red_plan(dir: &Path) -> PathBuf {
    plan_with(
        dir,
        &format!(
            "    number: {NUMBER}\n    organ: {ORGAN}\n    copy_no: \"000012\"\n    secrecy: 机密★1年\n    urgency: 特急\n    printed_by: 惠济区行政审批和政务信息管理局办公室\n    printed_on: 2024-06-14\n"
        ),
    )
}

fn render(plan: &Path, out: &Path, format: &str) {
    let o = rectdoc(&[
        "render",
        s(plan),
        "--doc",
        "plan",
        "--format",
        format,
        "-o",
        s(out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// PyMuPDF's view of page `page` of `pdf`: `text R G B X0 Y0 X1 Y1 SIZE BASELINE TEXT` per
/// span and
/// `rule R G B X0 Y0 X1 Y1 WIDTH` per stroked line (points from the top left).
fn mupdf(pdf: &Path, page: usize) -> Vec<String> {
    let script = r#"
import sys, pymupdf
doc = pymupdf.open(sys.argv[1]); p = doc[int(sys.argv[2])]
for b in p.get_text("dict")["blocks"]:
    for l in b.get("lines", []):
        for s in l["spans"]:
            c = s["color"]; x0, y0, x1, y1 = s["bbox"]
            print("text", (c >> 16) & 255, (c >> 8) & 255, c & 255, x0, y0, x1, y1, s["size"], s["origin"][1], s["text"].replace(" ", ""))
for d in p.get_drawings():
    c = d.get("color") or (0, 0, 0)
    for it in d["items"]:
        if it[0] == "l":
            a, b = it[1], it[2]
            print("rule", round(c[0]*255), round(c[1]*255), round(c[2]*255), a.x, a.y, b.x, b.y, d.get("width") or 0)
        elif it[0] == "re":
            r = it[1]
            fill = d.get("fill") or c
            print("rect", round(fill[0]*255), round(fill[1]*255), round(fill[2]*255), r.x0, r.y0, r.x1, r.y1, 0)
"#;
    let o = Command::new("python3")
        .args(["-c", script, s(pdf), &page.to_string()])
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "PyMuPDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect()
}

struct Span {
    rgb: [u8; 3],
    bbox: [f64; 4],
    size: f64,
    /// The baseline's y: renderers embed different ascenders, so boxes differ in height.
    base: f64,
    text: String,
}

fn spans(lines: &[String]) -> Vec<Span> {
    lines
        .iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (f[0] == "text" && f.len() >= 11).then(|| Span {
                rgb: [f[1], f[2], f[3]].map(|v| v.parse().expect("rgb")),
                bbox: [f[4], f[5], f[6], f[7]].map(|v| v.parse().expect("bbox")),
                size: f[8].parse().expect("size"),
                base: f[9].parse().expect("baseline"),
                text: f[10..].join(""),
            })
        })
        .collect()
}

/// The red horizontal rules of a page: (x0, x1, y, thickness), pt from the top left.
fn red_rules(lines: &[String]) -> Vec<(f64, f64, f64, f64)> {
    lines
        .iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            let n: Vec<f64> = f[1..].iter().filter_map(|v| v.parse().ok()).collect();
            if n.len() < 8 || n[0] < 200.0 || n[1] > 60.0 || n[2] > 60.0 {
                return None;
            }
            match f[0] {
                "rule" if (n[4] - n[6]).abs() < 0.5 => {
                    Some((n[3].min(n[5]), n[3].max(n[5]), n[4], n[7]))
                }
                // a border drawn as a thin filled box
                "rect" if (n[6] - n[4]).abs() < 3.0 && n[5] - n[3] > 100.0 => {
                    Some((n[3], n[5], (n[4] + n[6]) / 2.0, n[6] - n[4]))
                }
                _ => None,
            }
        })
        .collect()
}

/// The first-page geometry of a PDF: the organ mark's box, the 发文字号's box and the red
/// rule, in mm from the page's top left.
#[derive(Debug)]
struct Head {
    /// left, right, baseline
    organ: [f64; 3],
    organ_red: bool,
    organ_size: f64,
    number: [f64; 3],
    rule: (f64, f64, f64, f64),
}

fn head(pdf: &Path) -> Head {
    let lines = mupdf(pdf, 0);
    let sp = spans(&lines);
    let mm = |v: f64| v / PT_PER_MM;
    let organ = sp
        .iter()
        .find(|s| s.text.contains("惠济区") && s.size > 30.0)
        .unwrap_or_else(|| panic!("no organ mark on page 1: {lines:#?}"));
    // the 发文字号's spans (a run is split where the face changes): those on the line of 〔
    let first = sp
        .iter()
        .find(|s| s.text.contains('〔'))
        .unwrap_or_else(|| panic!("no 发文字号 on page 1: {lines:#?}"));
    let on_line: Vec<&Span> = sp
        .iter()
        .filter(|s| (s.base - first.base).abs() < 1.0)
        .collect();
    let text: String = on_line.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, NUMBER);
    let number = Span {
        rgb: first.rgb,
        size: first.size,
        base: first.base,
        text,
        bbox: [
            on_line.iter().map(|s| s.bbox[0]).fold(f64::MAX, f64::min),
            first.bbox[1],
            on_line.iter().map(|s| s.bbox[2]).fold(f64::MIN, f64::max),
            first.bbox[3],
        ],
    };
    let mut rules = red_rules(&lines);
    // LibreOffice strokes a paragraph border twice, in the same place
    rules.dedup_by(|a, b| (a.2 - b.2).abs() < 0.1 && (a.0 - b.0).abs() < 0.5);
    assert_eq!(rules.len(), 1, "one red rule: {lines:#?}");
    let r = rules[0];
    let at = |s: &Span| [s.bbox[0], s.bbox[2], s.base].map(mm);
    Head {
        organ: at(organ),
        organ_red: organ.rgb == [255, 0, 0],
        organ_size: organ.size,
        number: at(&number),
        rule: (mm(r.0), mm(r.1), mm(r.2), mm(r.3)),
    }
}

#[test]
fn the_red_header_plan_has_the_organ_mark_number_and_rule_where_the_standard_puts_them() {
    let dir = Dir::new();
    let plan = red_plan(dir.path());
    let out = out_dir("masthead-plan");
    render(&plan, &out, "pdf,docx,ofd");
    let pdf = out.join("huiji-2024-plan.pdf");
    // the OFD's first page: the mark filled red, the rule stroked red
    let ofd = docx_part(
        &out.join("huiji-2024-plan.ofd"),
        "Doc_0/Pages/Page_0/Content.xml",
    );
    let red_text = ofd
        .split("<ofd:TextObject")
        .find(|o| o.contains(r#"<ofd:FillColor Value="255 0 0"/>"#))
        .expect("a red text object in the OFD");
    assert!(red_text.contains("中共惠济区"), "{red_text}");
    assert!(ofd.contains(r#"LineWidth="0.35"><ofd:StrokeColor Value="255 0 0"/>"#));
    // DeviceRGB red under the sRGB output intent: still PDF/A-2b
    crate::filing::assert_pdfa_2b(std::slice::from_ref(&pdf));
    let h = head(&pdf);
    eprintln!("rectdoc PDF: {h:?}");
    // §7.2.4: red 小标宋, at most 初号 (42 pt, 14.8 mm: under 15 mm), here smaller so that
    // the 12 characters fill the 156 mm block; the em box's top 35 mm under the text
    // block's top (37 mm + 35 mm from the paper's top), centred on the block
    assert!(h.organ_red, "{h:?}");
    let size = ((156.0 * PT_PER_MM / 12.0f64).min(42.0) * 2.0).floor() / 2.0;
    assert!((h.organ_size - size).abs() < 0.01, "{h:?}");
    let centre = |b: [f64; 3]| (b[0] + b[1]) / 2.0;
    assert!((centre(h.organ) - (28.0 + 78.0)).abs() < 0.5, "{h:?}");
    // the em box's top: 0.88 em above the baseline (the ideographic box)
    let em_top = |base: f64, size: f64| base - 0.88 * size / PT_PER_MM;
    assert!((em_top(h.organ[2], size) - 72.0).abs() < 0.1, "{h:?}");
    // §7.2.5: centred, two lines (2 × 10.2 mm) under the mark: its line's top 2 lines
    // under the mark's em bottom, its em box centred in the line
    let pitch = 225.0 / 22.0;
    let mark_bottom = 72.0 + size / PT_PER_MM;
    let number_em_top = em_top(h.number[2], 16.0);
    let number_line_top = number_em_top - (pitch - 16.0 / PT_PER_MM) / 2.0;
    assert!((centre(h.number) - 106.0).abs() < 0.5, "{h:?}");
    assert!(
        (number_line_top - mark_bottom - 2.0 * pitch).abs() < 0.1,
        "{h:?}"
    );
    // §7.2.7: red, as wide as the block (28 mm to 184 mm), 4 mm under the 发文字号
    let (x0, x1, y, w) = h.rule;
    assert!(
        (x0 - 28.0).abs() < 0.05 && (x1 - 184.0).abs() < 0.05,
        "{h:?}"
    );
    assert!((w - 0.35).abs() < 0.02, "{h:?}");
    let number_em_bottom = number_em_top + 16.0 / PT_PER_MM;
    assert!((y - number_em_bottom - 4.0).abs() < 0.05, "{h:?}");

    // The DOCX carries the same elements: the mark in red 小标宋 at 42 pt, the number, the
    // rule as the red bottom border of the number's paragraph
    let xml = docx_part(&out.join("huiji-2024-plan.docx"), "word/document.xml");
    let at = xml.find(ORGAN).expect("organ mark in the DOCX");
    let run = &xml[xml[..at].rfind("<w:r>").expect("run")..at];
    assert!(run.contains(r#"w:color w:val="FF0000""#), "{run}");
    let half_points = format!(r#"w:sz w:val="{}""#, (size * 2.0).round());
    assert!(run.contains(&half_points), "{run}");
    let np = &xml[..xml.find(NUMBER).expect("number in the DOCX")];
    let np = &np[np.rfind("<w:p>").expect("paragraph")..];
    assert!(
        np.contains(r#"<w:bottom w:val="single" w:sz="8""#) && np.contains("FF0000"),
        "{np}"
    );

    // LibreOffice's rendering of the DOCX puts them at the same places (within 1 mm)
    let lo = libreoffice_pdf(&out.join("huiji-2024-plan.docx"));
    let l = head(&lo);
    eprintln!("LibreOffice: {l:?}");
    assert!(l.organ_red, "{l:?}");
    for (a, b, what) in [
        (h.organ[2], l.organ[2], "organ baseline"),
        (h.organ[0], l.organ[0], "organ left"),
        (h.organ[1], l.organ[1], "organ right"),
        (h.number[2], l.number[2], "number baseline"),
        (centre(h.number), centre(l.number), "number centre"),
        (h.rule.2, l.rule.2, "rule y"),
        (h.rule.0, l.rule.0, "rule start"),
        (h.rule.1, l.rule.1, "rule end"),
    ] {
        assert!(
            (a - b).abs() <= 1.0,
            "{what}: PDF {a:.2} mm, LibreOffice {b:.2} mm"
        );
    }
    // (page counts are not compared: the plan's task table already runs to 103 pages in
    // the PDF and 91 in LibreOffice without the 版头, a table matter)
}

#[test]
fn without_an_organ_the_plan_is_todays_plain_document() {
    let dir = Dir::new();
    let with_number = plan_with(dir.path(), &format!("    number: {NUMBER}\n"));
    let out = out_dir("masthead-plain");
    render(&with_number, &out, "model");
    let plain = out.join("huiji-2024-plan.model.txt");
    let o = rectdoc(&[
        "render",
        s(&example_plan()),
        "--doc",
        "plan",
        "--format",
        "model",
        "-o",
        s(dir.path()),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let today = std::fs::read_to_string(dir.path().join("huiji-2024-plan.model.txt")).unwrap();
    let got = std::fs::read_to_string(plain).unwrap();
    assert_eq!(got, today);
    assert!(!got.contains("masthead"));
}

#[test]
fn a_copy_number_that_is_not_digits_is_located() {
    let dir = Dir::new();
    let plan = plan_with(
        dir.path(),
        &format!("    organ: {ORGAN}\n    copy_no: 第12份\n"),
    );
    let o = rectdoc(&["validate", s(&plan)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("expected a copy number of up to six digits"),
        "{e}"
    );
    assert!(e.contains("documents.plan.copy_no"), "{e}");
}

/// The notice of the example ends on page 41: with a 版记 (抄送, 印发) it gets page 42 for
/// it, in the PDF and in LibreOffice's rendering of the DOCX.
#[test]
fn the_imprint_of_a_text_ending_on_an_odd_page_is_on_an_even_last_page() {
    let dir = Dir::new();
    let src = std::fs::read_to_string(example_plan()).expect("example plan");
    let anchor = "  notice:\n    date: 2024-09-26\n";
    assert!(src.contains(anchor), "the example's notice settings moved");
    let plain = dir.path().join("plain.yaml");
    std::fs::write(&plain, &src).unwrap();
    let plan = dir.path().join("huiji-2024.yaml");
    let imprint = "    cc: [区委巡察办, 区委第一巡察组]\n    printed_by: 惠济区行政审批和政务信息管理局办公室\n    printed_on: 2024-09-27\n";
    std::fs::write(
        &plan,
        src.replacen(anchor, &format!("{anchor}{imprint}"), 1),
    )
    .unwrap();
    let out = out_dir("masthead-even");
    for p in [&plain, &plan] {
        let o = rectdoc(&[
            "render",
            s(p),
            "--doc",
            "notice",
            "--format",
            "pdf,docx",
            "-o",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let text_pages = pdf_pages(&out.join("plain-notice.pdf"));
    assert_eq!(
        text_pages % 2,
        1,
        "the text ends on an odd page ({text_pages})"
    );
    let pdf = out.join("huiji-2024-notice.pdf");
    let n = pdf_pages(&pdf);
    assert_eq!(n, text_pages + 1);
    let page_text = |pdf: &Path, page: usize| -> String {
        let (words, _) = pdf_words(pdf);
        words
            .iter()
            .filter(|w| w.page == page)
            .map(|w| w.text.as_str())
            .collect()
    };
    let last = page_text(&pdf, n - 1);
    assert!(
        last.contains("印发") && last.contains("抄送"),
        "the 版记 on the last page: {last}"
    );
    assert!(!page_text(&pdf, n - 2).contains("印发"));
    let lo = libreoffice_pdf(&out.join("huiji-2024-notice.docx"));
    assert_eq!(pdf_pages(&lo), n, "LibreOffice's page count");
    let lo_last = page_text(&lo, n - 1);
    assert!(
        lo_last.contains("印发") && lo_last.contains("抄送"),
        "{lo_last}"
    );
}

fn pdf_pages(pdf: &Path) -> usize {
    pdf_words(pdf).1.len()
}

/// A part of a zip package (DOCX, OFD).
fn docx_part(docx: &Path, part: &str) -> String {
    let f = std::fs::File::open(docx).expect("open docx");
    let mut z = zip::ZipArchive::new(f).expect("a zip");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(part).expect("part"), &mut s).expect("read");
    s
}

/// The spans of a page grouped by baseline (within 1 pt) and gaps under 10 mm: (left,
/// right, baseline, red, text without ideographic spaces), in mm, top to bottom.
fn text_lines(lines: &[String]) -> Vec<(f64, f64, f64, bool, String)> {
    let mut out: Vec<(f64, f64, f64, bool, String)> = Vec::new();
    for sp in spans(lines) {
        let mm = |v: f64| v / PT_PER_MM;
        let red = sp.rgb == [255, 0, 0];
        match out
            .iter_mut()
            .find(|l| (l.2 - mm(sp.base)).abs() < 0.35 && l.3 == red && mm(sp.bbox[0]) - l.1 < 10.0)
        {
            Some(l) => {
                l.0 = l.0.min(mm(sp.bbox[0]));
                l.1 = l.1.max(mm(sp.bbox[2]));
                l.4.push_str(&sp.text.replace('\u{3000}', ""));
            }
            None => out.push((
                mm(sp.bbox[0]),
                mm(sp.bbox[2]),
                mm(sp.base),
                red,
                sp.text.replace('\u{3000}', ""),
            )),
        }
    }
    out.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.total_cmp(&b.0)));
    out
}

/// A joint 上行文: two organs stacked with 文件 beside them, the 发文字号 flush left and
/// 签发人 flush right on its line; LibreOffice's rendering of the DOCX puts every piece
/// where the PDF has it (within 1 mm).
#[test]
fn a_joint_upward_header_is_the_same_in_the_pdf_and_in_libreoffice() {
    let dir = Dir::new();
    let plan = plan_with(
        dir.path(),
        &format!(
            "    number: {NUMBER}\n    organ: [中共惠济区委员会, 惠济区人民政府文件]\n    signer: [张三, 李四]\n"
        ),
    );
    let out = out_dir("masthead-joint");
    render(&plan, &out, "pdf,docx");
    let pdf = out.join("huiji-2024-plan.pdf");
    let lo = libreoffice_pdf(&out.join("huiji-2024-plan.docx"));
    let head_lines = |p: &Path| -> Vec<(f64, f64, f64, bool, String)> {
        let lines = mupdf(p, 0);
        let rule = red_rules(&lines)[0].2 / PT_PER_MM;
        let mut t: Vec<_> = text_lines(&lines)
            .into_iter()
            .filter(|l| l.2 < rule)
            .collect();
        t.push((0.0, 0.0, rule, true, "rule".into()));
        t
    };
    let (a, b) = (head_lines(&pdf), head_lines(&lo));
    eprintln!("PDF {a:#?}\nLibreOffice {b:#?}");
    let texts: Vec<&str> = a.iter().map(|l| l.4.as_str()).collect();
    assert_eq!(
        texts,
        [
            "中共惠济区委员会",
            "文件",
            "惠济区人民政府",
            NUMBER,
            "签发人：张三李四",
            "rule"
        ]
    );
    // 文件 is centred on the two names, right of them
    assert!((a[1].2 - (a[0].2 + a[2].2) / 2.0).abs() < 0.1 && a[1].0 > a[0].1);
    // the names spread to one width
    assert!((a[0].0 - a[2].0).abs() < 0.1 && (a[0].1 - a[2].1).abs() < 0.5);
    // 发文字号 one character in from the left; 签发人 ends one character in from the right
    let cell = 156.0 / 28.0;
    assert!((a[3].0 - (28.0 + cell)).abs() < 0.3, "{a:?}");
    assert!((a[4].1 - (184.0 - cell)).abs() < 0.3, "{a:?}");
    assert_eq!(a.len(), b.len(), "{b:#?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.4, y.4);
        assert_eq!(x.3, y.3, "{} colour", x.4);
        for (p, q, what) in [
            (x.0, y.0, "left"),
            (x.1, y.1, "right"),
            (x.2, y.2, "baseline"),
        ] {
            assert!(
                (p - q).abs() <= 1.0,
                "{} {what}: PDF {p:.2} mm, LibreOffice {q:.2} mm",
                x.4
            );
        }
    }
}

/// A document of `lines` full body lines and a 版记, from a template of its own.
fn imprint_doc(dir: &Path, lines: usize) -> (PathBuf, PathBuf) {
    let text: String = model::FILLER.chars().cycle().take(28 * lines).collect();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("closing.hbs"),
        format!(
            "<document><p indent=\"0\">{text}</p><imprint printed-by=\"惠济区审批局办公室\" printed-on=\"2024年9月27日\"><cc>区委巡察办</cc></imprint></document>"
        ),
    )
    .unwrap();
    let src = std::fs::read_to_string(example_plan()).expect("example plan");
    let plan = dir.join(format!("lines{lines}.yaml"));
    let anchor = "documents:\n";
    assert!(src.contains(anchor));
    std::fs::write(
        &plan,
        src.replacen(anchor, "documents:\n  closing:\n    date: 2024-09-26\n", 1),
    )
    .unwrap();
    (plan, templates)
}

/// The printed page numbers of a PDF, page by page (`None`: no number).
fn page_numbers(pdf: &Path) -> Vec<Option<u32>> {
    let (words, sizes) = pdf_words(pdf);
    (0..sizes.len())
        .map(|p| {
            let ws: Vec<&Word> = words.iter().filter(|w| w.page == p).collect();
            ws.windows(3).find_map(|w| {
                (w[0].text == "—" && w[2].text == "—")
                    .then(|| w[1].text.parse().ok())
                    .flatten()
            })
        })
        .collect()
}

/// GB/T 9704 7.4/7.5: text ending part-way down page 2 keeps the 版记 there; text filling
/// page 1 gets page 2 for it; text filling page 2 gets a blank page 3 and the 版记 on page
/// 4, neither numbered. The same pages and numbers in LibreOffice's rendering of the DOCX.
#[test]
fn the_imprint_goes_to_the_next_even_page_and_a_blank_page_before_it_is_unnumbered() {
    let dir = Dir::new();
    let out = out_dir("masthead-imprint-pages");
    for (lines, numbers) in [
        (30, vec![Some(1), Some(2)]),
        (22, vec![Some(1), Some(2)]),
        (44, vec![Some(1), Some(2), None, None]),
    ] {
        let (plan, templates) = imprint_doc(dir.path(), lines);
        let o = rectdoc(&[
            "render",
            s(&plan),
            "--templates",
            s(&templates),
            "--doc",
            "closing",
            "--format",
            "pdf,docx",
            "-o",
            s(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let stem = format!("lines{lines}-closing");
        let pdf = out.join(format!("{stem}.pdf"));
        assert_eq!(page_numbers(&pdf), numbers, "{lines} lines: rectdoc's PDF");
        let (words, _) = pdf_words(&pdf);
        let last_page = numbers.len() - 1;
        assert!(
            words
                .iter()
                .any(|w| w.page == last_page && w.text.contains("印发"))
        );
        if lines == 44 {
            assert!(!words.iter().any(|w| w.page == 2), "page 3 is blank");
        }
        let lo = libreoffice_pdf(&out.join(format!("{stem}.docx")));
        assert_eq!(page_numbers(&lo), numbers, "{lines} lines: LibreOffice");
        let (lw, _) = pdf_words(&lo);
        assert!(
            lw.iter()
                .any(|w| w.page == last_page && w.text.contains("印发"))
        );
    }
}

/// The DOCX of a document with a 版记 takes its page from the layout when fonts are there,
/// and still needs none: without them it is written as before, and only a PDF reports them.
#[test]
fn a_docx_with_an_imprint_still_needs_no_fonts() {
    let dir = Dir::new();
    let plan = red_plan(dir.path());
    let chain = "{pdf: [\"NoSuchFace\"]}";
    let style = dir.write(
        "nofonts.yaml",
        &format!(
            "fonts:\n  title: {chain}\n  body: {chain}\n  hei: {chain}\n  kai: {chain}\n  song: {chain}\n"
        ),
    );
    let out = dir.join("out");
    let o = rectdoc(&[
        "render",
        s(&plan),
        "--doc",
        "plan",
        "--format",
        "docx",
        "--style",
        s(&style),
        "-o",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(out.join("huiji-2024-plan.docx").is_file());
    let o = rectdoc(&[
        "render",
        s(&plan),
        "--doc",
        "plan",
        "--format",
        "docx,pdf",
        "--style",
        s(&style),
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert_eq!(e.matches("no font for the title").count(), 1, "{e}");
}
