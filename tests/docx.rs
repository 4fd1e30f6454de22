//! DOCX backend: documents built in code are written, unzipped and read back (section
//! properties, styles, fonts, footers, tables, schema order), then converted by LibreOffice
//! and measured in the PDF it makes (22 lines at 28.95 pt, 28 characters a line, page
//! numbers on alternating sides, landscape pages).

use crate::util::Dir;
use crate::util::model::{FILLER, at, heading, para, t};
use rectdoc::export::docx;
use rectdoc::model::*;
use rectdoc::style::Style;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn cell(s: &str) -> Cell {
    Cell {
        paragraphs: vec![t(s)],
        span: 1,
        vmerge: VMerge::None,
        align: Align::Left,
        flagged: false,
    }
}

pub const LONG_UNIT: &str = "甲乙丙丁戊己庚辛壬癸";

/// A notice-like document: title, subtitle, recipients, four heading levels, paragraphs,
/// measure lists, attachment note, signature, 附注, a landscape attachment with a ledger
/// table (header row, category rows, vertical merge, a 10,000-character cell) and 版记.
pub fn sample_notice() -> Document {
    let mut blocks = vec![
        Block::Title {
            lines: vec![t("中共惠州市审计局党组关于"), t("巡察整改进展情况的通报")],
        },
        Block::Subtitle {
            text: t("（社会公开稿）"),
        },
        Block::BlankLine,
        Block::Recipients {
            text: t("各科室、各直属单位："),
        },
        para(
            "根据市委统一部署，2024年4月8日至6月10日，市委第三巡察组对市审计局党组进行了巡察。现将整改进展情况予以公布。",
        ),
        heading(1, "一、", "整改工作的组织开展情况", ""),
        para(&FILLER.repeat(6)),
        heading(2, "（一）", "提高政治站位，压实整改责任。", ""),
        heading(
            3,
            "1.",
            "关于理论学习不深入的问题。",
            "已召开专题会议研究部署。",
        ),
        heading(
            4,
            "（1）",
            "关于学习制度执行不严的问题。",
            "已修订学习制度。",
        ),
        Block::MeasureList(MeasureList {
            lead: t("整改情况："),
            items: vec![
                MeasureItem {
                    marker: "一是".into(),
                    text: at("制定理论学习计划；", "problems[0].items[0].measures[0]"),
                },
                MeasureItem {
                    marker: "二是".into(),
                    text: t("建立学习台账。"),
                },
            ],
            inline: true,
        }),
        Block::MeasureList(MeasureList {
            lead: t("整改情况："),
            items: vec![
                MeasureItem {
                    marker: "一是".into(),
                    text: t("健全制度机制；"),
                },
                MeasureItem {
                    marker: "二是".into(),
                    text: t("加强监督检查。"),
                },
            ],
            inline: false,
        }),
    ];
    for _ in 0..8 {
        blocks.push(para(&FILLER.repeat(5)));
    }
    blocks.extend([
        Block::BlankLine,
        Block::AttachmentNote {
            items: vec![t("整改任务清单")],
        },
        Block::BlankLine,
        Block::Signature(Signature {
            issuers: vec![t("中共惠州市审计局党组")],
            date: "2024年9月26日".into(),
            seal: false,
        }),
        Block::Note {
            text: t("（此件公开发布）"),
        },
    ]);
    let header = Row {
        kind: RowKind::Header,
        cells: [
            "序号",
            "问题类别",
            "具体问题",
            "整改措施",
            "责任部门",
            "完成情况",
        ]
        .iter()
        .map(|s| cell(s))
        .collect(),
    };
    let mut rows = vec![header];
    for g in 0..2 {
        rows.push(Row {
            kind: RowKind::Category,
            cells: vec![Cell {
                span: 6,
                ..cell(&format!("类别{}：政治建设方面", g + 1))
            }],
        });
        for m in 0..3 {
            let vm = if m == 0 {
                VMerge::Restart
            } else {
                VMerge::Continue
            };
            let merged = |s: &str| Cell {
                vmerge: vm,
                ..cell(if m == 0 { s } else { "" })
            };
            rows.push(Row {
                kind: RowKind::Body,
                cells: vec![
                    merged(&format!("{}", g + 1)),
                    merged("政治建设"),
                    merged("理论学习不深入"),
                    cell(&format!("措施{}", m + 1)),
                    cell("办公室"),
                    Cell {
                        flagged: m == 2,
                        ..cell(if m == 2 { "超期" } else { "已完成" })
                    },
                ],
            });
        }
    }
    rows.push(Row {
        kind: RowKind::Body,
        cells: vec![
            cell("3"),
            cell("长文本"),
            cell("超长措施"),
            cell(&LONG_UNIT.repeat(1000)),
            cell("法规科"),
            cell("推进中"),
        ],
    });
    blocks.push(Block::Attachment(Attachment {
        label: "附件".into(),
        title: t("整改任务清单"),
        orientation: Orientation::Landscape,
        blocks: vec![Block::Table(Table {
            columns: vec![0.6, 1.2, 3.0, 4.0, 1.2, 1.2],
            font_size: 12.0,
            rows,
        })],
    }));
    blocks.push(Block::Imprint(Imprint {
        cc: vec!["市委巡察办".into(), "市纪委监委派驻纪检监察组".into()],
        printed_by: Some("惠州市审计局办公室".into()),
        printed_on: Some("2024年9月27日".into()),
    }));
    Document {
        kind: "notice".into(),
        meta: Metadata {
            title: "中共惠州市审计局党组关于巡察整改进展情况的通报".into(),
            author: "中共惠州市审计局党组".into(),
            subject: "巡察整改进展情况".into(),
            keywords: vec!["巡察".into(), "整改".into()],
            date: rectdoc::date::Date::parse_iso("2024-09-26"),
        },
        orientation: Orientation::Portrait,
        blocks,
        words: vec![],
    }
}

pub fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut parts = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("utf-8 part");
        parts.insert(f.name().expect("a UTF-8 part name").to_string(), s);
    }
    parts
}

fn write_sample() -> (Vec<u8>, HashMap<String, String>) {
    let out = docx::write(&sample_notice(), &Style::default()).expect("DOCX written");
    let parts = unzip(&out.bytes);
    (out.bytes, parts)
}

/// Every element's local name under the first `parent` element with those children.
fn children_of<'a>(node: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    node.children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect()
}

fn attr<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

#[test]
fn docx_package_has_every_part_and_well_formed_xml() {
    let (_, parts) = write_sample();
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        let xml = parts.get(name).unwrap_or_else(|| panic!("{name} missing"));
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>中共惠州市审计局党组关于巡察整改进展情况的通报</dc:title>"));
    assert!(core.contains("<dc:subject>巡察整改进展情况</dc:subject>"));
    assert!(core.contains("<dc:creator>中共惠州市审计局党组</dc:creator>"));
    assert!(core.contains("<cp:keywords>巡察; 整改</cp:keywords>"));
    assert!(core.contains("2024-09-26T00:00:00Z"));
}

#[test]
fn docx_sections_have_a4_margins_grid_and_both_footers() {
    let (_, parts) = write_sample();
    let doc = roxmltree::Document::parse(&parts["word/document.xml"]).unwrap();
    let sects: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "sectPr")
        .collect();
    // Portrait main text, landscape attachment, portrait 版记 page.
    assert_eq!(sects.len(), 3);
    let order = [
        "footerReference",
        "type",
        "pgSz",
        "pgMar",
        "cols",
        "docGrid",
    ];
    for (i, s) in sects.iter().enumerate() {
        let names = children_of(*s);
        assert_eq!(names[..2], ["footerReference", "footerReference"]);
        // The landscape (table) section has no line grid: LibreOffice would shrink its body
        // to whole grid lines.
        let want = if i == 1 { &order[..5] } else { &order[..] };
        assert_eq!(names[1..], *want, "sectPr {i}");
        let types: Vec<_> = s
            .children()
            .filter(|n| n.tag_name().name() == "footerReference")
            .map(|n| attr(n, "type").unwrap())
            .collect();
        assert_eq!(types, ["default", "even"]);
        if let Some(grid) = s.children().find(|n| n.tag_name().name() == "docGrid") {
            assert_eq!(attr(grid, "type"), Some("lines"));
            assert_eq!(attr(grid, "linePitch"), Some("579"));
        }
        let sz = s
            .children()
            .find(|n| n.tag_name().name() == "pgSz")
            .unwrap();
        let mar = s
            .children()
            .find(|n| n.tag_name().name() == "pgMar")
            .unwrap();
        let m = |k| attr(mar, k).unwrap();
        if i == 1 {
            assert_eq!(
                (attr(sz, "w"), attr(sz, "h")),
                (Some("16838"), Some("11906"))
            );
            assert_eq!(attr(sz, "orient"), Some("landscape"));
            assert_eq!(
                (m("top"), m("right"), m("bottom"), m("left")),
                ("1587", "2098", "1474", "1984")
            );
        } else {
            assert_eq!(
                (attr(sz, "w"), attr(sz, "h")),
                (Some("11906"), Some("16838"))
            );
            // 37 / 26 / 35 / 28 mm.
            assert_eq!(
                (m("top"), m("right"), m("bottom"), m("left")),
                ("2098", "1474", "1984", "1587")
            );
        }
    }
    let settings = &parts["word/settings.xml"];
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    let odd = &parts["word/footer1.xml"];
    let even = &parts["word/footer2.xml"];
    assert!(odd.contains(r#"<w:jc w:val="right"/>"#) && even.contains(r#"<w:jc w:val="left"/>"#));
    for f in [odd, even] {
        assert!(f.contains(r#"w:eastAsia="宋体""#) && f.contains(r#"<w:sz w:val="28"/>"#));
        assert!(f.contains(" PAGE ") && f.contains("— ") && f.contains(" —"));
    }
}

#[test]
fn docx_styles_name_the_gongwen_fonts() {
    let (_, parts) = write_sample();
    let doc = roxmltree::Document::parse(&parts["word/styles.xml"]).unwrap();
    let style = |id: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == "style" && attr(*n, "styleId") == Some(id))
            .unwrap_or_else(|| panic!("style {id}"))
    };
    let east_asia = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.tag_name().name() == "rFonts")
            .and_then(|n| attr(n, "eastAsia"))
    };
    assert_eq!(east_asia("Normal"), Some("仿宋_GB2312"));
    assert_eq!(east_asia("Title"), Some("方正小标宋简体"));
    assert_eq!(east_asia("Heading1"), Some("黑体"));
    assert_eq!(east_asia("Heading2"), Some("楷体_GB2312"));
    assert_eq!(east_asia("Heading3"), Some("仿宋_GB2312"));
    assert_eq!(east_asia("TableHeader"), Some("黑体"));
    let xml = &parts["word/styles.xml"];
    assert!(xml.contains(r#"w:ascii="Times New Roman""#));
    // Normal: exact 579 pitch, −5 twips on 3号, 16 pt.
    let normal = style("Normal");
    let spacing: Vec<_> = normal
        .descendants()
        .filter(|n| n.tag_name().name() == "spacing")
        .collect();
    assert!(
        spacing
            .iter()
            .any(|n| attr(*n, "line") == Some("579") && attr(*n, "lineRule") == Some("exact"))
    );
    assert!(spacing.iter().any(|n| attr(*n, "val") == Some("-5")));
    // Body: two characters of first-line indent.
    let ind = style("Body")
        .descendants()
        .find(|n| n.tag_name().name() == "ind")
        .unwrap();
    assert_eq!(attr(ind, "firstLineChars"), Some("200"));
    for (id, lvl) in [("Heading1", "0"), ("Heading4", "3")] {
        let o = style(id)
            .descendants()
            .find(|n| n.tag_name().name() == "outlineLvl")
            .unwrap();
        assert_eq!(attr(o, "val"), Some(lvl));
    }
    let title_sz = style("Title")
        .descendants()
        .find(|n| n.tag_name().name() == "sz")
        .unwrap();
    assert_eq!(attr(title_sz, "val"), Some("44"));
}

#[test]
fn docx_document_paragraphs_in_schema_order_and_table_marked_up() {
    let (_, parts) = write_sample();
    let xml = &parts["word/document.xml"];
    let doc = roxmltree::Document::parse(xml).unwrap();
    let ordered = |names: &[&str], schema: &[&str]| {
        let idx: Vec<_> = names
            .iter()
            .map(|n| schema.iter().position(|s| s == n))
            .collect();
        idx.iter().all(|i| i.is_some()) && idx.windows(2).all(|w| w[0] <= w[1])
    };
    let mut checked = 0;
    for kind in ["pPr", "tcPr", "tblPr"] {
        let schema = schema_order(kind);
        for n in doc.descendants().filter(|n| n.tag_name().name() == kind) {
            let names = children_of(n);
            assert!(ordered(&names, &schema), "{kind}: {names:?}");
            checked += 1;
        }
    }
    assert!(checked > 50);
    // Paragraph styles used.
    for s in [
        "Title",
        "Subtitle",
        "Recipients",
        "Heading1",
        "Heading2",
        "Heading3",
        "Heading4",
        "Body",
        "Signature",
        "Date",
        "Note",
        "AttachmentNote",
        "AttachmentLabel",
        "AttachmentTitle",
        "Imprint",
    ] {
        assert!(
            xml.contains(&format!(r#"<w:pStyle w:val="{s}"/>"#)),
            "style {s} unused"
        );
    }
    // Table: grid from relative widths (sum = landscape text block 12756 twips), header row,
    // spans, merges, no cantSplit.
    let tbl = doc
        .descendants()
        .find(|n| n.tag_name().name() == "tbl")
        .unwrap();
    let cols: Vec<u32> = tbl
        .descendants()
        .filter(|n| n.tag_name().name() == "gridCol")
        .map(|n| attr(n, "w").unwrap().parse().unwrap())
        .collect();
    assert_eq!(cols.len(), 6);
    assert_eq!(cols.iter().sum::<u32>(), 16838 - 2098 - 1984);
    assert!(cols[3] > cols[2] && cols[2] > cols[1] && cols[1] > cols[0]);
    let rows: Vec<_> = tbl
        .children()
        .filter(|n| n.tag_name().name() == "tr")
        .collect();
    assert!(
        rows[0]
            .descendants()
            .any(|n| n.tag_name().name() == "tblHeader")
    );
    assert!(
        !rows[1]
            .descendants()
            .any(|n| n.tag_name().name() == "tblHeader")
    );
    assert!(!xml.contains("cantSplit"));
    let span = rows[1]
        .descendants()
        .find(|n| n.tag_name().name() == "gridSpan")
        .unwrap();
    assert_eq!(attr(span, "val"), Some("6"));
    assert_eq!(xml.matches(r#"<w:vMerge w:val="restart"/>"#).count(), 6);
    assert_eq!(xml.matches("<w:vMerge/>").count(), 12);
    assert!(xml.contains(&LONG_UNIT.repeat(1000)));
    assert!(xml.contains(r#"w:fill="FFD7D7""#));
    // Cell text at 小四 (the Table's font size), header 黑体 by style.
    assert!(xml.contains(r#"<w:sz w:val="24"/>"#));
    // The signature block: issuer right-indented two characters, date four and a half
    // (it starts two characters right of the issuer's first character).
    assert!(xml.contains(r#"w:right="630" w:rightChars="200""#));
    assert!(xml.contains(r#"w:rightChars="350""#));
    // 版记 on a page of its own: pushed down 20 grid lines, so that its two lines are the
    // last two of the block.
    assert!(xml.contains(&format!(
        "{}<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"379\" w:lineRule=\"exact\"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val=\"Imprint\"/>",
        "<w:p></w:p>".repeat(19)
    )));
    assert!(xml.contains("抄送：市委巡察办，市纪委监委派驻纪检监察组。"));
    assert!(xml.contains("2024年9月27日印发"));
}

#[test]
fn docx_is_byte_identical_on_two_writes() {
    let a = docx::write(&sample_notice(), &Style::default())
        .unwrap()
        .bytes;
    let b = docx::write(&sample_notice(), &Style::default())
        .unwrap()
        .bytes;
    assert_eq!(a, b);
}

#[test]
fn docx_text_xml_cannot_hold_is_dropped_with_a_warning() {
    let mut doc = sample_notice();
    doc.blocks.insert(
        0,
        Block::Paragraph(Paragraph {
            text: at("A<&\"]]>\u{1}\u{FFFE}😀B", "sections.intro"),
            align: Align::Justify,
            indent: 2,
        }),
    );
    doc.meta.title = "T<&>\u{1}".into();
    let out = docx::write(&doc, &Style::default()).unwrap();
    let parts = unzip(&out.bytes);
    for (name, xml) in &parts {
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(parts["word/document.xml"].contains("A&lt;&amp;&quot;]]&gt;😀B"));
    assert!(parts["docProps/core.xml"].contains("<dc:title>T&lt;&amp;&gt;</dc:title>"));
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].key_path.as_deref(), Some("sections.intro"));
}

#[test]
fn docx_imprint_after_text_is_a_frame_at_the_block_bottom() {
    let mut doc = sample_notice();
    // No attachment: the 版记 follows the text on the same page.
    doc.blocks.retain(|b| !matches!(b, Block::Attachment(_)));
    let parts = unzip(&docx::write(&doc, &Style::default()).unwrap().bytes);
    let xml = &parts["word/document.xml"];
    // Two grid lines above the block bottom (16838 − 1984 − 2 × 579), as wide as the block.
    assert_eq!(xml.matches(r#"<w:framePr w:w="8845" w:wrap="around" w:vAnchor="page" w:hAnchor="margin" w:xAlign="center" w:y="13696"/>"#).count(), 2);
    assert!(xml.contains(r#"<w:top w:val="single" w:sz="8""#));
    assert!(xml.contains(r#"<w:bottom w:val="single" w:sz="6""#));
    assert!(xml.contains(r#"<w:bottom w:val="single" w:sz="8""#));
}

#[test]
fn docx_signature_with_seal_and_several_attachments() {
    let mut doc = sample_notice();
    for b in doc.blocks.iter_mut() {
        match b {
            Block::Signature(s) => s.seal = true,
            Block::AttachmentNote { items } => items.push(t("问题清单")),
            _ => {}
        }
    }
    let parts = unzip(&docx::write(&doc, &Style::default()).unwrap().bytes);
    let xml = &parts["word/document.xml"];
    // 7.3.5.1: date four characters in from the right, issuer (10 characters) centred over
    // the date (6.5 characters): 4 + 3.25 − 5 = 2.25 characters.
    assert!(xml.contains(r#"w:right="1260" w:rightChars="400""#));
    assert!(xml.contains(r#"w:rightChars="225""#));
    // 附件：1.×× with the second name aligned under the first.
    assert!(xml.contains("附件：</w:t></w:r><w:r><w:t xml:space=\"preserve\">1.</w:t>"));
    assert!(xml.contains(r#"w:leftChars="500""#) && xml.contains(r#"w:hangingChars="300""#));
    assert!(xml.contains(">2.</w:t>"));
}

#[test]
fn docx_rejects_a_row_wider_than_its_table() {
    let mut doc = sample_notice();
    doc.blocks.push(Block::Table(Table {
        columns: vec![1.0, 1.0],
        font_size: 14.0,
        rows: vec![Row {
            kind: RowKind::Body,
            cells: vec![cell("a"), cell("b"), cell("c")],
        }],
    }));
    let errs = docx::write(&doc, &Style::default()).unwrap_err();
    assert!(errs[0].message.contains("spans 3 columns"), "{:?}", errs);
}

// ---------------------------------------------------------------------------------------
// LibreOffice rendering.

#[derive(Debug, Clone)]
pub struct Line {
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub text: String,
}

#[derive(Debug)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<Line>,
}

fn num(tag: &str, key: &str) -> f64 {
    let k = format!("{key}=\"");
    let i = tag.find(&k).unwrap() + k.len();
    let j = tag[i..].find('"').unwrap();
    tag[i..i + j].parse().unwrap()
}

/// `pdftotext -bbox-layout`: pages with their lines (text of the words joined).
pub fn bbox_pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let tag_end = chunk.find('>').unwrap();
        let tag = &chunk[..tag_end];
        let mut page = Page {
            width: num(tag, "width"),
            height: num(tag, "height"),
            lines: Vec::new(),
        };
        for l in chunk.split("<line ").skip(1) {
            let tag = &l[..l.find('>').unwrap()];
            let mut text = String::new();
            for w in l.split("<word ").skip(1) {
                let s = &w[w.find('>').unwrap() + 1..];
                text.push_str(&s[..s.find("</word>").unwrap()]);
            }
            page.lines.push(Line {
                x_min: num(tag, "xMin"),
                y_min: num(tag, "yMin"),
                x_max: num(tag, "xMax"),
                y_max: num(tag, "yMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            });
        }
        pages.push(page);
    }
    pages
}

/// Body lines of a portrait page: everything above the page number, grouped by baseline.
pub fn body_rows(p: &Page) -> Vec<(f64, String, f64, f64)> {
    let mut rows: Vec<(f64, String, f64, f64)> = Vec::new();
    let mut lines: Vec<&Line> = p
        .lines
        .iter()
        .filter(|l| l.y_max < 262.0 / 25.4 * 72.0 + 3.0)
        .collect();
    lines.sort_by(|a, b| {
        a.y_max
            .partial_cmp(&b.y_max)
            .unwrap()
            .then(a.x_min.partial_cmp(&b.x_min).unwrap())
    });
    for l in lines {
        match rows.last_mut() {
            Some(r) if (r.0 - l.y_max).abs() < 3.0 => {
                r.1.push_str(&l.text);
                r.2 = r.2.min(l.x_min);
                r.3 = r.3.max(l.x_max);
            }
            _ => rows.push((l.y_max, l.text.clone(), l.x_min, l.x_max)),
        }
    }
    rows
}

pub fn page_number_line(p: &Page) -> Option<&Line> {
    p.lines
        .iter()
        .find(|l| l.text.starts_with('—') && l.y_min > p.height - 35.0 / 25.4 * 72.0)
}

#[test]
fn docx_renders_in_libreoffice_on_the_gbt9704_grid() {
    let dir = Dir::new();
    let path = dir.path().join("notice.docx");
    std::fs::write(
        &path,
        docx::write(&sample_notice(), &Style::default())
            .unwrap()
            .bytes,
    )
    .unwrap();
    let pdf = crate::util::libreoffice_pdf(&path);
    if let Ok(keep) = std::env::var("RECTDOC_KEEP") {
        let _ = std::fs::copy(&pdf, Path::new(&keep).join("notice.pdf"));
        let _ = std::fs::copy(&path, Path::new(&keep).join("notice.docx"));
    }
    let pages = bbox_pages(&pdf);
    assert!(pages.len() >= 5, "{} pages", pages.len());

    // Page 2 is all body text: 22 lines at 28.95 pt, full lines of 28 characters filling the
    // 156 mm block.
    let rows = body_rows(&pages[1]);
    assert_eq!(rows.len(), 22, "{rows:#?}");
    for w in rows.windows(2) {
        let pitch = w[1].0 - w[0].0;
        assert!((pitch - 28.95).abs() <= 0.3, "pitch {pitch}");
    }
    let full: Vec<_> = rows.iter().filter(|r| r.1.chars().count() == 28).collect();
    assert!(full.len() >= 12, "{rows:#?}");
    // First lines of body paragraphs: 26 characters after a two-character indent.
    assert!(
        rows.iter()
            .any(|r| r.1.chars().count() == 26 && (r.2 - 28.0 / 25.4 * 72.0 - 31.5).abs() < 1.5)
    );
    assert!(rows.iter().all(|r| r.1.chars().count() <= 28), "{rows:#?}");
    let left = 28.0 / 25.4 * 72.0;
    for r in &full {
        assert!((r.2 - left).abs() < 1.0, "left edge {}", r.2);
        assert!(r.3 > left + 156.0 / 25.4 * 72.0 - 2.0, "right edge {}", r.3);
    }

    // Title centred on page 1 (first line), in the block's middle.
    let title = pages[0]
        .lines
        .iter()
        .find(|l| l.text.contains("巡察整改"))
        .unwrap();
    let mid = (title.x_min + title.x_max) / 2.0;
    assert!(
        (mid - (left + 156.0 / 2.0 / 25.4 * 72.0)).abs() < 3.0,
        "title centre {mid}"
    );

    // Page numbers: "— N —", odd right, even left, one character in, 7 mm under the block.
    let right = left + 156.0 / 25.4 * 72.0;
    let char_pt = 156.0 / 28.0 / 25.4 * 72.0;
    for (i, p) in pages.iter().enumerate() {
        if p.width > p.height {
            // A landscape page's number is turned in its left margin (measured in
            // tests/pagenum.rs); nothing is printed under the landscape block.
            assert!(page_number_line(p).is_none(), "page {}", i + 1);
            let left_margin: String = p
                .lines
                .iter()
                .filter(|l| l.x_max < 35.0 / 25.4 * 72.0)
                .map(|l| l.text.as_str())
                .collect();
            assert_eq!(left_margin, format!("—{}—", i + 1), "page {}", i + 1);
            continue;
        }
        let Some(n) = page_number_line(p) else {
            panic!("no page number on page {}", i + 1)
        };
        assert_eq!(
            n.text,
            format!("—{}—", i + 1).replace('—', "—"),
            "page {}",
            i + 1
        );
        if (i + 1) % 2 == 1 {
            assert!(
                (n.x_max - (right - char_pt)).abs() < 3.0,
                "odd page {} number at {}",
                i + 1,
                n.x_max
            );
        } else {
            assert!(
                (n.x_min - (left + char_pt)).abs() < 3.0,
                "even page {} number at {}",
                i + 1,
                n.x_min
            );
        }
        let centre = (n.y_min + n.y_max) / 2.0;
        let target = p.height - (35.0 - 7.0) / 25.4 * 72.0;
        assert!(
            (centre - target).abs() < 4.0,
            "page {} number centre {centre} vs {target}",
            i + 1
        );
    }

    // The attachment is landscape and its header row repeats; the 10,000-character cell
    // is all there.
    let land: Vec<_> = pages.iter().filter(|p| p.width > p.height).collect();
    assert!(land.len() >= 2, "landscape pages: {}", land.len());
    for p in &land {
        assert!(
            p.lines.iter().any(|l| l.text.contains("整改措施")),
            "header repeated"
        );
    }
    let all: String = pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(all.matches('癸').count(), 1000);
    // The 版记 on the last page, portrait, at the bottom of the block.
    let last = pages.last().unwrap();
    assert!(last.height > last.width);
    let printed = last
        .lines
        .iter()
        .find(|l| l.text.contains("印发"))
        .expect("版记 on the last page");
    let bottom = last.height - 35.0 / 25.4 * 72.0;
    assert!(
        bottom - printed.y_max < 20.0,
        "版记 ends at {} (block bottom {bottom})",
        printed.y_max
    );
}

/// The schema order of `element`'s children, from the list the writer's unit tests use.
fn schema_order(element: &str) -> Vec<&'static str> {
    include_str!("fixtures/ooxml-order.txt")
        .lines()
        .find_map(|l| l.strip_prefix(element)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("no order for {element}"))
        .split(' ')
        .collect()
}
