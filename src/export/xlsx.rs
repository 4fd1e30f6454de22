//! The XLSX backend: the tables of a document (the 整改台账) as a workbook an office keeps
//! maintaining in Excel or WPS 表格. Titles and paragraphs around the table become merged
//! rows above it; the table keeps its merged category rows, vertical merges, wrapped text, a
//! frozen and print-repeated header, landscape A4 print set-up scaled to the page width with
//! page breaks that never cut a merged cell (`pages`), and highlighted flagged (超期) cells.

mod pages;

use super::Output;
use crate::diag::Diagnostic;
use crate::model::{Align, Block, Date, Document, RowKind, Table, Text, VMerge};
use crate::style::Style;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Excel's limit on the text of one cell.
const CELL_TEXT_LIMIT: usize = 32_767;
/// Excel's limit on a row height, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// The width of the table in Excel character units: landscape A4 between 15 mm margins.
const TABLE_WIDTH_CHARS: f64 = 150.0;
/// Cell type size in points (小四 is too large for a screen grid; 11 pt is Excel's default).
const CELL_FONT_PT: f64 = 11.0;

pub fn write(doc: &Document, style: &Style) -> Result<Output, Vec<Diagnostic>> {
    if !has_table(&doc.blocks) {
        return Err(vec![
            Diagnostic::error(format!(
                "the {} has no table; XLSX is written for documents with tables",
                doc.kind
            ))
            .hint("use --format xlsx with --doc ledger"),
        ]);
    }
    let mut diags = Vec::new();
    let bytes = build(doc, style, &mut diags).map_err(|e| {
        vec![Diagnostic::error(format!(
            "could not write the XLSX of the {}: {e}",
            doc.kind
        ))]
    })?;
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Output {
        bytes,
        warnings: diags,
        pages: None,
    })
}

/// Whether the document has a table to write as a workbook.
pub fn has_tables(doc: &Document) -> bool {
    has_table(&doc.blocks)
}

fn has_table(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Table(_) => true,
        Block::Attachment(a) => has_table(&a.blocks),
        _ => false,
    })
}

/// Formats shared by every cell of the sheet.
struct Formats {
    title: Format,
    line: Format,
    header: Format,
    category: Format,
    body: [Format; 4],
    flagged: Format,
}

impl Formats {
    fn new(style: &Style) -> Formats {
        let body_font = style.docx_fonts.body.as_str();
        let hei = style.docx_fonts.hei.as_str();
        let cell = Format::new()
            .set_font_name(body_font)
            .set_font_size(CELL_FONT_PT)
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let aligned = |a: FormatAlign| cell.clone().set_align(a);
        Formats {
            title: Format::new()
                .set_font_name(style.docx_fonts.title.as_str())
                .set_font_size(18)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line: Format::new()
                .set_font_name(body_font)
                .set_font_size(CELL_FONT_PT)
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_font_name(hei)
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9D9D9),
            category: cell.clone().set_font_name(hei).set_align(FormatAlign::Left),
            body: [
                aligned(FormatAlign::Left),
                aligned(FormatAlign::Left),
                aligned(FormatAlign::Center),
                aligned(FormatAlign::Right),
            ],
            flagged: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
        }
    }

    fn body(&self, align: Align, flagged: bool) -> &Format {
        if flagged {
            return &self.flagged;
        }
        &self.body[match align {
            Align::Justify => 0,
            Align::Left => 1,
            Align::Center => 2,
            Align::Right => 3,
        }]
    }
}

fn build(doc: &Document, style: &Style, diags: &mut Vec<Diagnostic>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&doc.meta.title)
        .set_author(&doc.meta.author)
        .set_subject(&doc.meta.subject)
        .set_keywords(doc.meta.keywords.join(", "));
    // The creation date comes from the plan, never the clock, so that output is reproducible.
    let date = doc
        .meta
        .date
        .and_then(excel_date)
        .unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    props = props.set_creation_datetime(&date);
    book.set_properties(&props);

    let formats = Formats::new(style);
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&doc.kind))?;
    sheet.set_paper_size(9); // A4
    // Ledgers are wide: a table sheet prints landscape whatever the document's main text.
    sheet.set_landscape();
    sheet.set_print_center_horizontally(true);

    let mut writer = SheetWriter {
        sheet,
        formats: &formats,
        row: 0,
        columns: 0,
        header_rows: None,
        table_top: 0,
        lines: Vec::new(),
        heights: Vec::new(),
        merges: Vec::new(),
        widths: Vec::new(),
        categories: Vec::new(),
        diags,
    };
    writer.blocks(&doc.blocks)?;
    if let Some((first, last)) = writer.header_rows {
        writer.sheet.set_freeze_panes(last + 1, 0)?;
        writer.sheet.set_repeat_rows(first, last)?;
    }
    writer.print_pages()?;
    book.save_to_buffer()
}

fn excel_date(d: Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(u16::try_from(d.year).ok()?, d.month as u8, d.day as u8).ok()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(kind: &str) -> String {
    let name: String = match kind {
        "ledger" => "整改台账".to_string(),
        "plan" => "整改任务清单".to_string(),
        other => other
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect(),
    };
    if name.is_empty() {
        "Sheet1".into()
    } else {
        name
    }
}

struct SheetWriter<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
    /// The next row to write.
    row: u32,
    /// Columns of the widest table so far: titles and text lines are merged across them.
    columns: u16,
    /// The header rows of the first table (frozen and repeated on printed pages).
    header_rows: Option<(u32, u32)>,
    /// The first row of the table being written, and the text lines each of its rows needs.
    table_top: u32,
    lines: Vec<usize>,
    /// The height of every row written, from row 0 (points).
    heights: Vec<f64>,
    /// Vertical merges, written last: they are cut at the page breaks (`pages`).
    merges: Vec<OpenMerge>,
    /// Column widths of the first table (Excel characters): they set the print scale.
    widths: Vec<f64>,
    /// Category rows: printed on the page of the row after them, never alone at a page foot.
    categories: Vec<u32>,
    diags: &'a mut Vec<Diagnostic>,
}

impl SheetWriter<'_> {
    fn blocks(&mut self, blocks: &[Block]) -> Result<(), XlsxError> {
        // Text lines above a table span the table's width: look ahead for it.
        if self.columns == 0 {
            self.columns = first_table(blocks).map_or(1, |t| t.columns.len().max(1) as u16);
        }
        for b in blocks {
            match b {
                Block::Title { lines } => {
                    let text: Vec<String> = lines.iter().map(plain).collect();
                    self.line(&text.join(""), true, 36.0)?;
                }
                Block::Subtitle { text } | Block::Recipients { text } | Block::Note { text } => {
                    self.line(&plain(text), false, 20.0)?
                }
                Block::Paragraph(p) => self.line(&plain(&p.text), false, 20.0)?,
                Block::Heading(h) => {
                    let text = format!("{}{}{}", h.number, plain(&h.text), plain(&h.run_in));
                    self.line(&text, false, 20.0)?
                }
                Block::Table(t) => self.table(t)?,
                Block::Attachment(a) => {
                    if has_table(&a.blocks) {
                        self.blocks(&a.blocks)?
                    }
                }
                // Page furniture of the printed documents has no place in a spreadsheet.
                Block::MeasureList(_)
                | Block::AttachmentNote { .. }
                | Block::Signature(_)
                | Block::Imprint(_)
                | Block::Masthead(_)
                | Block::PageBreak
                | Block::BlankLine => {}
            }
        }
        Ok(())
    }

    /// A line of text merged across the table's width.
    fn line(&mut self, text: &str, title: bool, height: f64) -> Result<(), XlsxError> {
        let fmt = if title {
            &self.formats.title
        } else {
            &self.formats.line
        };
        let last = self.columns.saturating_sub(1);
        if last == 0 {
            self.sheet
                .write_string_with_format(self.row, 0, text, fmt)?;
        } else {
            self.sheet
                .merge_range(self.row, 0, self.row, last, text, fmt)?;
        }
        self.sheet.set_row_height(self.row, height)?;
        self.set_height(self.row, height);
        self.row += 1;
        Ok(())
    }

    fn set_height(&mut self, row: u32, h: f64) {
        let i = row as usize;
        if self.heights.len() <= i {
            self.heights.resize(i + 1, 15.0);
        }
        self.heights[i] = h;
    }

    /// Print set-up: the scale that fits the table's width, page breaks that keep each
    /// vertical merge on one page (or cut it, repeating its text, when taller than a page),
    /// then the merges themselves.
    fn print_pages(&mut self) -> Result<(), XlsxError> {
        let scale = pages::scale(&self.widths);
        self.sheet.set_print_scale(scale);
        let together: Vec<(u32, u32)> = self
            .merges
            .iter()
            .map(|m| (m.first_row, m.last_row))
            .chain(self.categories.iter().map(|&r| (r, r + 1)))
            .collect();
        let breaks = pages::breaks(
            &self.heights,
            self.header_rows,
            &together,
            pages::capacity(scale),
        );
        if !breaks.is_empty() {
            self.sheet.set_page_breaks(&breaks)?;
        }
        for m in std::mem::take(&mut self.merges) {
            for (first, last) in pages::split(m.first_row, m.last_row, &breaks) {
                if first == last && m.first_col == m.last_col {
                    self.sheet
                        .write_string_with_format(first, m.first_col, &m.text, &m.format)?;
                } else {
                    self.sheet.merge_range(
                        first,
                        m.first_col,
                        last,
                        m.last_col,
                        &m.text,
                        &m.format,
                    )?;
                }
            }
        }
        Ok(())
    }

    fn table(&mut self, t: &Table) -> Result<(), XlsxError> {
        let ncols = t.columns.len().max(1);
        let total: f32 = t.columns.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f64> = (0..ncols)
            .map(|i| {
                let w = t.columns.get(i).copied().unwrap_or(1.0) / total;
                f64::from(w) * TABLE_WIDTH_CHARS
            })
            .collect();
        for (i, w) in widths.iter().enumerate() {
            self.sheet.set_column_width(i as u16, *w)?;
        }
        if self.widths.is_empty() {
            self.widths = widths.clone();
        }

        // Open vertical merges per column: (first row, span, text, format, flagged).
        let mut open: Vec<Option<OpenMerge>> = vec![None; ncols];
        self.table_top = self.row;
        self.lines = vec![1; t.rows.len()];
        for (ri, row) in t.rows.iter().enumerate() {
            let r = self.row;
            if row.kind == RowKind::Category {
                self.categories.push(r);
            }
            if row.kind == RowKind::Header {
                let start = self.header_rows.map_or(r, |(s, _)| s);
                if self.header_rows.is_none() || self.header_rows.map(|(_, e)| e + 1) == Some(r) {
                    self.header_rows = Some((start, r));
                }
            }
            let mut col = 0usize;
            for (ci, cell) in row.cells.iter().enumerate() {
                let span = row.span_of(ci, col, ncols);
                if col >= ncols {
                    break;
                }
                let last = (col + span - 1).min(ncols - 1);
                let text = cell_text(&cell.paragraphs);
                let text = self.fit(text, ri, col);
                let fmt = match row.kind {
                    RowKind::Header => self.formats.header.clone(),
                    RowKind::Category => self.formats.category.clone(),
                    RowKind::Body | RowKind::Total => {
                        self.formats.body(cell.align, cell.flagged).clone()
                    }
                };
                let width: f64 = widths[col..=last].iter().sum();
                match cell.vmerge {
                    VMerge::Continue => {
                        if let Some(m) = open[col].as_mut() {
                            m.last_row = r;
                        }
                    }
                    VMerge::Restart => {
                        self.close(&mut open[col])?;
                        open[col] = Some(OpenMerge {
                            first_row: r,
                            last_row: r,
                            first_col: col as u16,
                            last_col: last as u16,
                            text,
                            format: fmt,
                            width,
                        });
                    }
                    VMerge::None => {
                        self.close(&mut open[col])?;
                        self.lines[ri] = self.lines[ri].max(wrapped_lines(&text, width));
                        if last > col {
                            self.sheet
                                .merge_range(r, col as u16, r, last as u16, &text, &fmt)?;
                        } else {
                            self.sheet
                                .write_string_with_format(r, col as u16, &text, &fmt)?;
                        }
                    }
                }
                col = last + 1;
            }
            // A column with no Continue cell in this row ends its merge above.
            for slot in open.iter_mut() {
                if slot.as_ref().is_some_and(|m| m.last_row < r) {
                    self.close(slot)?;
                }
            }
            self.row += 1;
        }
        for slot in open.iter_mut() {
            self.close(slot)?;
        }
        // Excel does not grow rows to fit wrapped text on its own: size them here.
        for i in 0..self.lines.len() {
            let h = (self.lines[i] as f64 * CELL_FONT_PT * 1.4 + 6.0).min(MAX_ROW_HEIGHT);
            let row = self.table_top + i as u32;
            self.sheet.set_row_height(row, h)?;
            self.set_height(row, h);
        }
        Ok(())
    }

    fn close(&mut self, slot: &mut Option<OpenMerge>) -> Result<(), XlsxError> {
        if let Some(m) = slot.take() {
            // The merged text's lines are shared among the rows it spans: grow the last row
            // if they fall short.
            let first = (m.first_row - self.table_top) as usize;
            let last = (m.last_row - self.table_top) as usize;
            let need = wrapped_lines(&m.text, m.width);
            let have: usize = self.lines[first..=last].iter().sum();
            if need > have {
                self.lines[last] += need - have;
            }
            self.merges.push(m);
        }
        Ok(())
    }

    /// Text longer than a cell can hold is cut, with a warning: Excel would refuse the file.
    fn fit(&mut self, text: String, row: usize, col: usize) -> String {
        if text.chars().count() <= CELL_TEXT_LIMIT {
            return text;
        }
        self.diags.push(Diagnostic::warning(format!(
            "table row {}, column {}: {} characters are more than an Excel cell holds ({CELL_TEXT_LIMIT}); the XLSX cell is cut",
            row + 1,
            col + 1,
            text.chars().count()
        )));
        text.chars().take(CELL_TEXT_LIMIT).collect()
    }
}

#[derive(Clone)]
struct OpenMerge {
    first_row: u32,
    last_row: u32,
    first_col: u16,
    last_col: u16,
    text: String,
    format: Format,
    width: f64,
}

fn first_table(blocks: &[Block]) -> Option<&Table> {
    blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Attachment(a) => first_table(&a.blocks),
        _ => None,
    })
}

fn plain(text: &Text) -> String {
    crate::model::plain_text(text)
}

fn cell_text(paragraphs: &[Text]) -> String {
    paragraphs.iter().map(plain).collect::<Vec<_>>().join("\n")
}

/// Lines a text wraps to in a column `width` Excel characters wide: CJK characters take two.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|l| {
            let w: f64 = l
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.0 })
                .sum();
            (w / per_line).ceil().max(1.0) as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, Inline, Metadata, Orientation, Paragraph, Row};
    use std::io::Read;

    fn cell(text: &str, vmerge: VMerge) -> Cell {
        Cell {
            paragraphs: vec![vec![Inline::plain(text)]],
            span: 1,
            vmerge,
            align: Align::Left,
            flagged: false,
        }
    }

    fn ledger() -> Document {
        let header = Row {
            kind: RowKind::Header,
            cells: vec![
                cell("序号", VMerge::None),
                cell("具体问题", VMerge::None),
                cell("整改措施", VMerge::None),
            ],
        };
        let category = Row {
            kind: RowKind::Category,
            cells: vec![Cell {
                span: 3,
                ..cell("一、政治建设方面", VMerge::None)
            }],
        };
        let mut overdue = cell("超期", VMerge::None);
        overdue.flagged = true;
        let rows = vec![
            header,
            category,
            Row {
                kind: RowKind::Body,
                cells: vec![
                    cell("1", VMerge::Restart),
                    cell("问题甲", VMerge::Restart),
                    cell("措施一", VMerge::None),
                ],
            },
            Row {
                kind: RowKind::Body,
                cells: vec![
                    cell("", VMerge::Continue),
                    cell("", VMerge::Continue),
                    overdue,
                ],
            },
        ];
        Document {
            kind: "ledger".into(),
            meta: Metadata {
                title: "整改台账".into(),
                date: Date::parse_iso("2024-09-26"),
                ..Metadata::default()
            },
            orientation: Orientation::Landscape,
            blocks: vec![
                Block::Title {
                    lines: vec![vec![Inline::plain("某单位巡察反馈问题整改台账")]],
                },
                Block::Paragraph(Paragraph {
                    text: vec![Inline::plain("填报单位：某单位")],
                    align: Align::Left,
                    indent: 0,
                }),
                Block::Table(Table {
                    columns: vec![1.0, 4.0, 6.0],
                    font_size: 12.0,
                    rows,
                }),
            ],
            words: vec![],
        }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    }

    #[test]
    fn merges_frozen_header_landscape_and_metadata() {
        let out = write(&ledger(), &Style::default()).expect("xlsx");
        let sheet = part(&out.bytes, "xl/worksheets/sheet1.xml");
        // Title and the 填报单位 line span the table; the category row spans it; the problem's
        // number and text merge down over its two measures.
        for m in ["A1:C1", "A2:C2", "A4:C4", "A5:A6", "B5:B6"] {
            assert!(
                sheet.contains(&format!("<mergeCell ref=\"{m}\"/>")),
                "merge {m} in {sheet}"
            );
        }
        assert!(
            sheet.contains(r#"<pane ySplit="3" topLeftCell="A4""#),
            "{sheet}"
        );
        assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
        assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
        // A fixed scale that fits the width (fit-to-page would override the page breaks).
        assert!(sheet.contains(r#"scale="83""#), "{sheet}");
        assert!(!sheet.contains("fitToPage"), "{sheet}");
        let book = part(&out.bytes, "xl/workbook.xml");
        assert!(
            book.contains("整改台账!$3:$3"),
            "print titles repeat the header: {book}"
        );
        let core = part(&out.bytes, "docProps/core.xml");
        assert!(core.contains("2024-09-26T00:00:00Z"), "{core}");
        let strings = part(&out.bytes, "xl/sharedStrings.xml");
        for s in ["序号", "一、政治建设方面", "问题甲", "措施一", "超期"] {
            assert!(strings.contains(s), "{s}");
        }
    }

    #[test]
    fn deterministic() {
        let a = write(&ledger(), &Style::default()).expect("xlsx").bytes;
        let b = write(&ledger(), &Style::default()).expect("xlsx").bytes;
        assert_eq!(a, b);
    }

    #[test]
    fn a_document_without_a_table_is_refused() {
        let mut doc = ledger();
        doc.kind = "notice".into();
        doc.blocks.truncate(2);
        let err = write(&doc, &Style::default()).expect_err("no table");
        assert!(
            err[0].message.contains("the notice has no table"),
            "{:?}",
            err
        );
    }

    #[test]
    fn an_overlong_cell_is_cut_with_a_warning() {
        let mut doc = ledger();
        if let Block::Table(t) = &mut doc.blocks[2] {
            t.rows[3].cells[2] = cell(&"长".repeat(40_000), VMerge::None);
        }
        let out = write(&doc, &Style::default()).expect("xlsx");
        assert_eq!(out.warnings.len(), 1);
        assert!(
            out.warnings[0].message.contains("40000 characters"),
            "{:?}",
            out.warnings
        );
    }
}
