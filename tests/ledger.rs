//! The 整改台账 and the 整改方案 of the example plan, read back from every format: XLSX with
//! calamine, DOCX from its XML, PDF with `pdftotext -bbox-layout`, and through LibreOffice.

use crate::docx::unzip;
use crate::util::{Dir, Word, example_plan, libreoffice, pdf_words, rectdoc};
use calamine::{Data, Reader, Xlsx, open_workbook};
use rectdoc::plan::{Plan, load_file};
use rectdoc::template::helpers::punct;
use std::path::{Path, PathBuf};

/// The ledger's columns, as the header row names them.
const COLUMNS: [&str; 10] = [
    "序号",
    "问题类别",
    "具体问题",
    "整改措施",
    "责任领导",
    "责任部门",
    "责任人",
    "整改时限",
    "完成情况",
    "佐证材料/备注",
];
const MM: f64 = 72.0 / 25.4;

/// What each measure row of the ledger must show, from the plan itself.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    problem: String,
    measure: String,
    department: String,
    person: String,
    deadline: String,
}

fn plan() -> Plan {
    load_file(&example_plan()).expect("example loads").plan
}

fn expected(plan: &Plan) -> Vec<Expected> {
    let mut out = Vec::new();
    for p in plan.problems() {
        for m in &p.measures {
            out.push(Expected {
                problem: punct(&p.title, "。"),
                measure: m.text.clone(),
                department: m.owner.department.join("、"),
                person: m.owner.person.clone().unwrap_or_default(),
                deadline: m
                    .deadline
                    .as_ref()
                    .map(|d| d.text.clone())
                    .unwrap_or_default(),
            });
        }
    }
    out
}

/// The example's ledger and plan (here and in `pagenum`), rendered once for the tests.
pub fn outputs() -> &'static Path {
    crate::util::example_outputs()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---- XLSX ----

fn sheet_rows(path: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("sheet reads");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The measure rows of a ledger sheet: rows under the header with a 整改措施 cell.
fn measure_rows(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let head = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("序号"))
        .expect("a header row");
    assert_eq!(rows[head][..10], COLUMNS.map(String::from));
    rows[head + 1..]
        .iter()
        .filter(|r| r.len() >= 10 && !r[3].is_empty())
        .cloned()
        .collect()
}

#[test]
fn ledger_xlsx_has_every_measure_once_in_order_with_owner_and_deadline() {
    let plan = plan();
    let want = expected(&plan);
    let rows = sheet_rows(&outputs().join("huiji-2024-ledger.xlsx"));
    let got = measure_rows(&rows);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g[3], w.measure);
        assert_eq!(g[5], w.department, "{}", w.measure);
        assert_eq!(g[6], w.person, "{}", w.measure);
        assert_eq!(g[7], w.deadline, "{}", w.measure);
        assert_eq!(g[8], "已完成");
    }
    // Problems: the merged 具体问题 cell holds the text once at its first row, and again at
    // the first row of each printed page a problem taller than a page continues on.
    let mut problems: Vec<&String> = got
        .iter()
        .map(|r| &r[2])
        .filter(|t| !t.is_empty())
        .collect();
    problems.dedup();
    let titles: Vec<String> = plan
        .problems()
        .iter()
        .map(|p| punct(&p.title, "。"))
        .collect();
    assert_eq!(problems.len(), 60);
    for (g, t) in problems.iter().zip(&titles) {
        assert!(g.starts_with(t.as_str()), "{g} / {t}");
    }
    // Category rows span the table (A:J), as in the PDF and the DOCX.
    let bytes = std::fs::read(outputs().join("huiji-2024-ledger.xlsx")).expect("xlsx");
    let sheet = &unzip(&bytes)["xl/worksheets/sheet1.xml"];
    let categories: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r[0].starts_with("一、") || r[0].starts_with("二、"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(!categories.is_empty());
    for r in categories {
        assert!(
            sheet.contains(&format!(r#"<mergeCell ref="A{r}:J{r}"/>"#)),
            "category row {r} spans the table"
        );
    }
    let total = rows
        .iter()
        .flatten()
        .find(|c| c.starts_with("合计"))
        .expect("totals");
    assert_eq!(total, "合计：问题60个，已完成60个，完成率100%。");
}

// ---- DOCX ----

/// The rows of the first table of a DOCX body: each cell's text at its grid column.
fn docx_table(xml: &str) -> Vec<Vec<(usize, String)>> {
    let doc = roxmltree::Document::parse(xml).expect("document.xml parses");
    let w = |n: roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name;
    let tbl = doc.descendants().find(|n| w(*n, "tbl")).expect("a table");
    tbl.children()
        .filter(|n| w(*n, "tr"))
        .map(|tr| {
            let mut col = 0;
            tr.children()
                .filter(|n| w(*n, "tc"))
                .map(|tc| {
                    let span = tc
                        .descendants()
                        .find(|n| w(*n, "gridSpan"))
                        .and_then(|n| n.attributes().find(|a| a.name() == "val"))
                        .and_then(|a| a.value().parse().ok())
                        .unwrap_or(1);
                    let paras: Vec<String> = tc
                        .children()
                        .filter(|n| w(*n, "p"))
                        .map(|p| {
                            p.descendants()
                                .filter(|n| w(*n, "t"))
                                .filter_map(|n| n.text())
                                .collect()
                        })
                        .collect();
                    let at = col;
                    col += span;
                    (at, paras.join("\n"))
                })
                .collect()
        })
        .collect()
}

#[test]
fn ledger_docx_has_every_measure_once_in_order_and_the_table_markup() {
    let want = expected(&plan());
    let bytes = std::fs::read(outputs().join("huiji-2024-ledger.docx")).expect("docx");
    let parts = unzip(&bytes);
    let xml = &parts["word/document.xml"];
    let rows = docx_table(xml);
    let header: Vec<&str> = rows[0].iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(header, COLUMNS);
    let cell = |r: &Vec<(usize, String)>, c: usize| -> String {
        r.iter()
            .find(|(at, _)| *at == c)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let got: Vec<&Vec<(usize, String)>> = rows[1..]
        .iter()
        .filter(|r| r.len() == 10 && !cell(r, 3).is_empty())
        .collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(cell(g, 3), w.measure);
        assert_eq!(cell(g, 5), w.department);
        assert_eq!(cell(g, 6), w.person);
        assert_eq!(cell(g, 7), w.deadline);
    }
    let problems = got.iter().filter(|r| !cell(r, 2).is_empty()).count();
    assert_eq!(problems, 60);
    // WPS reads the grid first: ten gridCol widths adding up to the landscape text block.
    let grid: Vec<u32> = xml
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(grid.len(), 10);
    assert!((grid.iter().sum::<u32>() as f64 - 225.0 * 1440.0 / 25.4).abs() < 30.0);
    assert!(xml.contains("<w:tblHeader/>"));
    assert!(xml.contains(r#"<w:vMerge w:val="restart"/>"#) && xml.contains("<w:vMerge/>"));
    assert!(
        xml.contains(r#"<w:gridSpan w:val="10"/>"#),
        "category rows span the table"
    );
    assert!(!xml.contains("cantSplit"), "rows may split across pages");
    assert!(xml.contains(r#"w:orient="landscape""#));
}

// ---- PDF ----

/// The landscape text block (GB/T 9704 margins turned a quarter): x from 35 mm, 225 mm wide;
/// y from 28 mm, 156 mm high.
fn block() -> (f64, f64, f64, f64) {
    (35.0 * MM, 28.0 * MM, 260.0 * MM, 184.0 * MM)
}

/// Column edges of a ledger table in points, from its model dump.
fn column_edges(model: &Path) -> Vec<f64> {
    let ws = crate::util::table_columns(model);
    assert_eq!(ws.len(), 10, "{ws:?}");
    let total: f64 = ws.iter().sum();
    let mut xs = vec![35.0 * MM];
    for w in ws {
        let last = *xs.last().expect("an edge");
        xs.push(last + w / total * 225.0 * MM);
    }
    xs
}

fn example_edges() -> Vec<f64> {
    column_edges(&outputs().join("huiji-2024-ledger.model.txt"))
}

/// The text of each column below the header row of every page, in reading order, and the
/// words that cross a column edge.
fn columns_of(words: &[Word], pages: usize, xs: &[f64]) -> (Vec<String>, Vec<Word>) {
    let words = &crate::util::join_spaced(words);
    let mut cols = vec![String::new(); 10];
    let mut crossing = Vec::new();
    for page in 0..pages {
        let mut ws: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        let head = ws
            .iter()
            .find(|w| w.text.starts_with('序'))
            .unwrap_or_else(|| panic!("no header row on page {}", page + 1));
        let head_y = head.y0;
        // The header row: every column's name on this page, in its column.
        let head_words: Vec<&Word> = ws
            .iter()
            .filter(|w| w.y0 >= head_y - 20.0 && w.y0 < head_y + 30.0)
            // A body row may start within those 30 pt (LibreOffice sets a lower header).
            .filter(|w| COLUMNS.concat().contains(w.text.as_str()))
            .copied()
            .collect();
        for (c, name) in COLUMNS.iter().enumerate() {
            let mut in_col: Vec<&&Word> = head_words
                .iter()
                .filter(|w| w.x0 >= xs[c] - 0.5 && w.x1 <= xs[c + 1] + 0.5)
                .collect();
            in_col.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).expect("numbers"));
            let text: String = in_col.iter().map(|w| w.text.as_str()).collect();
            assert_eq!(text, *name, "page {}: header of column {}", page + 1, c + 1);
        }
        let head_bottom = head_words.iter().map(|w| w.y1).fold(head_y, f64::max);
        ws.retain(|w| w.y0 > head_bottom && w.y1 < block().3);
        for w in crate::util::reading_order(ws) {
            let c = xs
                .windows(2)
                .position(|e| w.x0 >= e[0] - 0.5 && w.x0 < e[1]);
            match c {
                Some(c) if w.x1 <= xs[c + 1] + 0.5 => cols[c].push_str(&w.text),
                // A category or totals row spans the table; anything else crossing an edge
                // is text outside its cell.
                _ if w.x0 < xs[1] && w.x1 <= xs[10] + 0.5 => cols[0].push_str(&w.text),
                _ => crossing.push(w.clone()),
            }
        }
    }
    (cols, crossing)
}

#[test]
fn ledger_pdf_columns_hold_every_measure_owner_and_deadline_in_order() {
    let plan = plan();
    let want = expected(&plan);
    let (words, pages) = pdf_words(&outputs().join("huiji-2024-ledger.pdf"));
    assert!(pages.len() > 10);
    // Every page landscape A4, every word inside the text block but the page number.
    let (left, top, right, bottom) = block();
    for (i, (w, h)) in pages.iter().enumerate() {
        assert!(
            (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
            "page {}",
            i + 1
        );
    }
    for w in &words {
        // pdftotext boxes a glyph by the face's ascent, a little above its em box.
        let inside = w.x0 >= left - 0.5 && w.x1 <= right + 0.5 && w.y0 >= top - 3.0;
        let digits = w.text.trim_matches('—');
        // The page number is in the left margin: the portrait footer on the turned sheet.
        let page_number = w.x1 < left && (digits.is_empty() || digits.parse::<u32>().is_ok());
        assert!(
            (inside && w.y1 <= bottom + 0.5) || page_number,
            "outside the text block: {w:?}"
        );
    }
    let (cols, crossing) = columns_of(&words, pages.len(), &example_edges());
    assert!(crossing.is_empty(), "text outside its cell: {crossing:?}");
    let joined = |f: &dyn Fn(&Expected) -> String| -> String {
        squash(&want.iter().map(f).collect::<String>())
    };
    assert_eq!(cols[3], joined(&|e| e.measure.clone()), "整改措施");
    assert_eq!(cols[6], joined(&|e| e.person.clone()), "责任人");
    assert_eq!(cols[7], joined(&|e| e.deadline.clone()), "整改时限");
    assert_eq!(cols[5], joined(&|e| e.department.clone()), "责任部门");
    // Problems: each title once, in order, in the 具体问题 column.
    let mut rest = cols[2].as_str();
    for p in plan.problems() {
        let t = squash(&punct(&p.title, "。"));
        let at = rest
            .find(&t)
            .unwrap_or_else(|| panic!("{t} missing or out of order"));
        rest = &rest[at + t.len()..];
    }
}

/// The header cells broken as evenly as their line count allows, as a typesetter sets a
/// table head (责任/领导, never 责任领/导), the same lines in the PDF and the DOCX.
#[test]
fn header_cells_break_into_even_lines_in_pdf_and_docx() {
    // PDF: the header words of page 1, column by column, line by line.
    let (words, _) = pdf_words(&outputs().join("huiji-2024-ledger.pdf"));
    let xs = example_edges();
    let head = words
        .iter()
        .find(|w| w.page == 0 && w.text.starts_with('序'))
        .expect("the header row");
    let mut pdf = Vec::new();
    for c in 0..COLUMNS.len() {
        let mut in_cell: Vec<&Word> = words
            .iter()
            .filter(|w| w.page == 0 && w.y0 >= head.y0 - 20.0 && w.y1 < head.y0 + 30.0)
            .filter(|w| w.x0 >= xs[c] - 0.5 && w.x1 <= xs[c + 1] + 0.5)
            .collect();
        in_cell.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).expect("numbers"));
        let mut lines: Vec<(f64, String)> = Vec::new();
        for w in in_cell {
            match lines.last_mut() {
                Some((y, text)) if (w.y0 - *y).abs() < 2.0 => text.push_str(&w.text),
                _ => lines.push((w.y0, w.text.clone())),
            }
        }
        let got: Vec<String> = lines.into_iter().map(|(_, t)| t).collect();
        assert_eq!(got.concat(), COLUMNS[c], "PDF header of column {}", c + 1);
        // even: line widths (half-ems) differ by at most one character, two lines at most
        let half = |l: &String| {
            l.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<i32>()
        };
        let ws: Vec<i32> = got.iter().map(half).collect();
        let spread = ws.iter().max().unwrap_or(&0) - ws.iter().min().unwrap_or(&0);
        assert!(got.len() <= 2 && spread <= 2, "column {}: {got:?}", c + 1);
        pdf.push(got);
    }
    assert_eq!(pdf[4], ["责任", "领导"], "never 责任领/导");
    // DOCX: explicit breaks, so Word and WPS set the same lines.
    let bytes = std::fs::read(outputs().join("huiji-2024-ledger.docx")).expect("docx");
    let parts = unzip(&bytes);
    let doc = roxmltree::Document::parse(&parts["word/document.xml"]).expect("parses");
    let tr = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "tr")
        .expect("a row");
    let cells: Vec<Vec<String>> = tr
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "tc")
        .map(|tc| {
            let mut lines = vec![String::new()];
            for n in tc.descendants().filter(|n| n.is_element()) {
                match n.tag_name().name() {
                    "t" => lines
                        .last_mut()
                        .expect("a line")
                        .push_str(n.text().unwrap_or("")),
                    "br" => lines.push(String::new()),
                    _ => {}
                }
            }
            lines
        })
        .collect();
    assert_eq!(cells, pdf, "the DOCX's explicit breaks are the PDF's lines");
}

/// A plan with one problem whose measure is 10,000 characters.
fn long_measure_plan(dir: &Path) -> (PathBuf, String) {
    let sentence = "对照巡察反馈意见逐项梳理问题清单，明确责任领导、责任部门和整改时限，建立台账销号管理，2024年共开展专项检查12次；";
    let text: String = sentence.chars().cycle().take(10_000).collect();
    let yaml = format!(
        "format: 1
unit: {{name: 测试单位党组}}
inspection: {{by: 区委, group: 第一巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}}
documents: {{ledger: {{date: 2024-09-26}}}}
problems:
  - title: 整改不到位
    owner: {{leader: 局长, department: 综合科, person: 张某}}
    deadline: 2024-08-31
    measures:
      - \"{text}\"
      - 第二条措施。
"
    );
    let path = dir.join("long.yaml");
    std::fs::write(&path, yaml).expect("write plan");
    (path, text)
}

#[test]
fn a_ten_thousand_character_measure_splits_across_pages_with_nothing_lost() {
    let dir = Dir::new();
    let (plan, text) = long_measure_plan(dir.path());
    let o = rectdoc(&[
        "render",
        plan.to_str().expect("utf-8"),
        "--doc",
        "ledger",
        "--format",
        "pdf,docx,model",
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xs = column_edges(&dir.path().join("long-ledger.model.txt"));
    // PDF: the measure column of every page, joined, is the measure and the next one.
    let (words, pages) = pdf_words(&dir.path().join("long-ledger.pdf"));
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let (cols, crossing) = columns_of(&words, pages.len(), &xs);
    assert!(crossing.is_empty(), "{crossing:?}");
    assert_eq!(cols[3], squash(&format!("{text}第二条措施。")));
    for page in 0..pages.len() {
        let on_page = words
            .iter()
            .filter(|w| w.page == page && w.y0 > block().1 + 40.0)
            .count();
        assert!(on_page > 0, "page {} is empty", page + 1);
    }
    // DOCX: the cell holds the whole text, and its row may split.
    let bytes = std::fs::read(dir.path().join("long-ledger.docx")).expect("docx");
    let xml = &unzip(&bytes)["word/document.xml"];
    let rows = docx_table(xml);
    let cell = rows
        .iter()
        .flatten()
        .find(|(at, t)| *at == 3 && t.len() > 1000)
        .expect("the long cell");
    assert_eq!(cell.1, text);
    assert!(!xml.contains("cantSplit"));
    // Word and WPS lay the DOCX out themselves; LibreOffice stands in for them here, in the
    // PDF's faces. (At single spacing LibreOffice 7.4 lost lines of this row at the page
    // breaks in FandolFang; with the exact cell pitch it keeps them all.)
    let pdf = libreoffice(&[dir.path().join("long-ledger.docx")], "pdf", dir.path());
    let (words, pages) = pdf_words(&pdf[0]);
    let ours = pdf_words(&dir.path().join("long-ledger.pdf")).1.len();
    assert_eq!(pages.len(), ours, "pages in LibreOffice and in the PDF");
    // The table's edges where the PDF has them (measured: LibreOffice 7.4 puts them at the
    // margin now that the table names all four cell margins).
    let (cols, _) = columns_of(&words, pages.len(), &xs);
    // (The totals row, which spans the table, may follow: LibreOffice starts it further left.)
    assert!(
        cols[3].starts_with(&squash(&format!("{text}第二条措施。"))),
        "LibreOffice lost text of the long cell"
    );
}

// ---- LibreOffice ----

fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    pdf_words(pdf).1
}

#[test]
fn libreoffice_converts_ledger_and_plan_with_landscape_pages_and_opens_the_workbook() {
    let dir = Dir::new();
    let src = outputs();
    let pdfs = [
        crate::util::example_in_libreoffice("ledger"),
        crate::util::example_in_libreoffice("plan"),
    ];
    let landscape = |(w, h): &(f64, f64)| w > h;
    let ledger = page_sizes(&pdfs[0]);
    assert!(
        ledger.len() > 10 && ledger.iter().all(landscape),
        "{ledger:?}"
    );
    // The plan: portrait text, then the task list on landscape pages to the end.
    let plan_pages = page_sizes(&pdfs[1]);
    let first_landscape = plan_pages
        .iter()
        .position(landscape)
        .expect("a landscape page");
    assert!(first_landscape > 2, "{plan_pages:?}");
    assert!(
        plan_pages[first_landscape..].iter().all(landscape),
        "{plan_pages:?}"
    );
    let (words, _) = pdf_words(&pdfs[1]);
    let text: String = words.iter().map(|w| w.text.as_str()).collect();
    assert!(text.contains("整改任务清单"));

    // UTF-8 (76), comma-separated, quoted.
    let csv = libreoffice(
        &[src.join("huiji-2024-ledger.xlsx")],
        "csv:Text - txt - csv (StarCalc):44,34,76",
        dir.path(),
    );
    let csv = std::fs::read_to_string(&csv[0]).expect("csv is UTF-8");
    for e in expected(&plan()) {
        assert!(
            csv.contains(&e.measure.replace('"', "\"\"")),
            "{}",
            e.measure
        );
    }
}

#[test]
fn plan_pdf_has_the_task_list_on_landscape_pages_numbered_on() {
    let (words, pages) = pdf_words(&outputs().join("huiji-2024-plan.pdf"));
    let first = pages.iter().position(|(w, h)| w > h).expect("landscape");
    assert!(first > 2);
    assert!(pages[..first].iter().all(|(w, h)| w < h));
    assert!(pages[first..].iter().all(|(w, h)| w > h));
    let on = |p: usize| -> String {
        words
            .iter()
            .filter(|w| w.page == p)
            .map(|w| w.text.as_str())
            .collect()
    };
    assert!(on(first).contains("附件") && on(first).contains("整改任务清单"));
    // Numbered on: the page number of every page is its position.
    for p in [first - 1, first, pages.len() - 1] {
        assert!(on(p).contains(&format!("—{}—", p + 1)), "page {}", p + 1);
    }
}

// ---- --split-by department ----

#[test]
fn split_by_department_ledgers_add_up_to_the_whole() {
    let dir = Dir::new();
    let o = rectdoc(&[
        "render",
        example_plan().to_str().expect("utf-8"),
        "--doc",
        "ledger",
        "--split-by",
        "department",
        "--format",
        "xlsx",
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan = plan();
    let departments = ["综合科", "财务室", "政务服务科", "督查监管科", "大数据科"];
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut problems = std::collections::BTreeSet::new();
    for d in departments {
        let path = dir.path().join(format!("huiji-2024-ledger-{d}.xlsx"));
        let rows = sheet_rows(&path);
        assert!(
            rows.iter()
                .flatten()
                .any(|c| c.contains(&format!("填报单位：{d}")))
        );
        let mut problem = String::new();
        for r in measure_rows(&rows) {
            if !r[2].is_empty() {
                problem = r[2].clone();
                problems.insert(problem.clone());
            }
            assert!(r[5].split('、').any(|x| x == d), "{d}: {r:?}");
            seen.push((problem.clone(), r[3].clone()));
        }
    }
    let files = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(files, departments.len());
    assert_eq!(problems.len(), 60);
    // Every measure of the whole ledger is in the ledger of each of its departments.
    for p in plan.problems() {
        for m in &p.measures {
            let n = seen
                .iter()
                .filter(|(pr, me)| pr.starts_with(&punct(&p.title, "。")) && *me == m.text)
                .count();
            assert_eq!(n, m.owner.department.len(), "{}", m.text);
        }
    }
}

#[test]
fn ledger_and_plan_are_byte_identical_on_a_second_render() {
    let dir = Dir::new();
    let o = rectdoc(&[
        "render",
        example_plan().to_str().expect("utf-8"),
        "--doc",
        "ledger,plan",
        "--format",
        "docx,pdf,xlsx",
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for kind in ["ledger", "plan"] {
        for ext in ["docx", "pdf", "xlsx"] {
            let name = format!("huiji-2024-{kind}.{ext}");
            let a = std::fs::read(outputs().join(&name)).expect("first");
            let b = std::fs::read(dir.path().join(&name)).expect("second");
            assert!(a == b, "{name} differs between two renders");
        }
    }
}
