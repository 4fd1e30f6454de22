//! Tables: relative column widths scaled to the text block, header rows repeated on every
//! page, category rows spanning all columns, vertical merges (the first cell's text flows
//! down the merged rows), cell text broken with the same line breaker as the body, rows
//! split across pages line by line (never clipped), thin rules.

use super::Item;
use super::linebreak::{Glyph, Line, Punctuation, break_lines};
use super::paginator::{Geo, Paginator};
use super::shape::{Shaper, extent, place};
use crate::model::{Align, FontRole, RowKind, Table, VMerge};
use crate::style::Style;

/// A line of cell text: items relative to the line's top edge and the column's left edge.
#[derive(Clone)]
struct CellLine {
    items: Vec<Item>,
}

#[derive(Clone)]
struct CellBox {
    /// First column and number of columns.
    col: usize,
    span: usize,
    lines: Vec<CellLine>,
    /// Covered by the cell above (vertical merge): no text of its own.
    cont: bool,
}

#[derive(Clone)]
struct RowBox {
    header: bool,
    cells: Vec<CellBox>,
}

impl TableSlot {
    /// What a row (or a row's part on a page) takes beside its lines: its top rule and the
    /// padding above and below, as the standard has the cell margin between the border and
    /// the text (LibreOffice sets it so; the rule is drawn centred on the row's top edge).
    fn edges(&self) -> f64 {
        self.rule + 2.0 * self.pad
    }
}

/// A table ready for pagination.
pub struct TableSlot {
    xs: Vec<f64>,
    rows: Vec<RowBox>,
    line_h: f64,
    pad: f64,
    rule: f64,
}

/// Cell padding on every side, in ems of the cell text (the DOCX's cell margins too).
pub(super) const PAD_EM: f64 = 0.3;
/// Line pitch in cells, in ems of the cell text (the DOCX's exact line spacing too): Word's
/// single spacing of 宋体/仿宋 at 小四 (15.6 pt), fixed so that every client sets it alike.
pub(super) const LINE_EM: f64 = 1.3;
/// Cells keep their marks inside without squeezing them: a hung mark would run over the
/// column rule, and LibreOffice neither hangs nor squeezes in a cell (the DOCX says
/// `overflowPunct=0` there for Word).
pub(super) const CELL_PUNCTUATION: Punctuation = Punctuation::Push;

/// The type size of a table's cells: the template's, or the style's.
pub(super) fn cell_size(t: &Table, style: &Style) -> f64 {
    if t.font_size > 4.0 && t.font_size < 40.0 {
        t.font_size as f64
    } else {
        style.sizes.table
    }
}

pub fn build(t: &Table, sh: &mut Shaper, style: &Style, geo: &Geo) -> TableSlot {
    let ncols = t.columns.len().max(1);
    let total: f32 = t
        .columns
        .iter()
        .filter(|w| w.is_finite() && **w > 0.0)
        .sum();
    let mut xs = vec![geo.left];
    for i in 0..ncols {
        let w = t.columns.get(i).copied().unwrap_or(1.0);
        let frac = if total > 0.0 && w.is_finite() && w > 0.0 {
            (w / total) as f64
        } else {
            1.0 / ncols as f64
        };
        let last = *xs.last().unwrap_or(&geo.left);
        xs.push(last + frac * geo.width);
    }
    let size = cell_size(t, style);
    let pad = PAD_EM * size;
    let line_h = LINE_EM * size;
    let mut rows = Vec::new();
    for row in &t.rows {
        let header = row.kind == RowKind::Header;
        let role = match row.kind {
            RowKind::Header | RowKind::Category => FontRole::Hei,
            _ => FontRole::Body,
        };
        let mut col = 0;
        let mut cells = Vec::new();
        for (ci, cell) in row.cells.iter().enumerate() {
            if col >= ncols {
                break;
            }
            let span = row.span_of(ci, col, ncols).min(ncols - col);
            let w = xs[col + span] - xs[col] - 2.0 * pad;
            let mut lines = Vec::new();
            let cont = cell.vmerge == VMerge::Continue;
            if !cont {
                for p in &cell.paragraphs {
                    let s = sh.shape(p, role, size, None);
                    let align = if header { Align::Center } else { cell.align };
                    let ls = if header {
                        balanced_lines(&s.glyphs, w.max(size), size)
                    } else {
                        break_lines(
                            &s.glyphs,
                            w.max(size),
                            0.0,
                            align == Align::Justify,
                            CELL_PUNCTUATION,
                        )
                    };
                    for l in ls {
                        let ext = extent(&s, l.start, l.end, &l.xs);
                        let first = l.xs.first().copied().unwrap_or(0.0);
                        let dx = match align {
                            Align::Center => (w - ext) / 2.0 - first,
                            Align::Right => w - ext - first,
                            _ => 0.0,
                        };
                        let mut items = Vec::new();
                        let base = -(line_h / 2.0 + 0.38 * size);
                        place(
                            &s,
                            l.start,
                            l.end,
                            &l.xs,
                            pad + dx.max(0.0),
                            base,
                            &mut items,
                        );
                        lines.push(CellLine { items });
                    }
                }
            }
            cells.push(CellBox {
                col,
                span,
                lines,
                cont,
            });
            col += span;
        }
        rows.push(RowBox { header, cells });
    }
    TableSlot {
        xs,
        rows,
        line_h,
        pad,
        // the DOCX's borders (w:sz 4, eighths of a point)
        rule: 0.5,
    }
}

/// A header cell's lines, as even as the line count allows: the narrowest width that still
/// gives as few lines as the full width (责任/领导, not 责任领/导), as a typesetter sets a
/// table head.
fn balanced_lines(glyphs: &[Glyph], width: f64, size: f64) -> Vec<Line> {
    let greedy = break_lines(glyphs, width, 0.0, false, Punctuation::Squeeze);
    if greedy.len() < 2 {
        return greedy;
    }
    let (mut lo, mut hi) = (size.min(width), width);
    // a twentieth of a point is far below a glyph's width
    while hi - lo > 0.05 {
        let mid = (lo + hi) / 2.0;
        if break_lines(glyphs, mid, 0.0, false, Punctuation::Squeeze).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    break_lines(glyphs, hi, 0.0, false, Punctuation::Squeeze)
}

fn shift(items: &[Item], dx: f64, dy: f64) -> Vec<Item> {
    items
        .iter()
        .cloned()
        .map(|mut it| {
            match &mut it {
                Item::Text(t) => {
                    t.baseline += dy;
                    for g in &mut t.glyphs {
                        g.x += dx;
                    }
                }
                Item::Rule { x1, y1, x2, y2, .. } => {
                    *x1 += dx;
                    *x2 += dx;
                    *y1 += dy;
                    *y2 += dy;
                }
                Item::Marker { x, y, .. } => {
                    *x += dx;
                    *y += dy;
                }
                Item::Colour(_) => {}
            }
            it
        })
        .collect()
}

/// Whether the cell in `rows[r]` starting at column `col` continues into the row below.
fn continues_below(rows: &[RowBox], r: usize, col: usize) -> bool {
    rows.get(r + 1)
        .is_some_and(|n| n.cells.iter().any(|c| c.col == col && c.cont))
}

/// A cell's text on its way to the page. The lines of a vertically merged cell run on through
/// the rows it spans, so they are placed only when the cell's region on the page is closed
/// (at its last row or at the page foot), continuously from the region's top.
#[derive(Clone, Default)]
struct Open {
    /// Lines not yet placed.
    lines: Vec<CellLine>,
    /// y of the top of the cell's region on the current page, once it has one.
    top: Option<f64>,
}

pub fn paginate(t: &TableSlot, p: &mut Paginator) {
    let headers: Vec<usize> = (0..t.rows.len())
        .take_while(|&i| t.rows[i].header)
        .collect();
    let eps = 1e-6;
    // Open cells by their first column.
    let mut open: Vec<Open> = vec![Open::default(); t.xs.len()];
    let min_slice = t.edges() + t.line_h;
    let header_h: f64 = headers.iter().map(|&h| row_height(t, &t.rows[h])).sum();
    // a table starting too low begins on a new page
    if !p.at_top() && header_h + min_slice > p.remaining() + eps {
        p.new_page(p.orientation());
    }
    for &h in &headers {
        let hh = row_height(t, &t.rows[h]);
        draw_full_row(t, &t.rows[h], p, hh);
    }
    for r in headers.len()..t.rows.len() {
        let row = &t.rows[r];
        let mut ends = vec![false; t.xs.len()];
        for c in &row.cells {
            if !c.cont {
                open[c.col] = Open {
                    lines: c.lines.clone(),
                    top: None,
                };
            }
            ends[c.col] = !continues_below(&t.rows, r, c.col);
        }
        loop {
            let top = p.cursor();
            // Height this slice needs to finish the cells that end in this row (at least one
            // line): what their lines take beyond the part of their region already above.
            let mut req = min_slice;
            for c in &row.cells {
                if ends[c.col] {
                    let o = &open[c.col];
                    let above = o.top.map_or(0.0, |y| y - top);
                    req = req.max(t.edges() + o.lines.len() as f64 * t.line_h - above);
                }
            }
            let avail = p.remaining();
            let (h, done) = if req <= avail + eps {
                (req, true)
            } else if avail >= min_slice - eps {
                (avail, false)
            } else {
                // Not even one line of this row fits: close the regions of merged cells that
                // continue from above at the foot of the table on this page.
                let mut items = Vec::new();
                let bottom = top;
                for c in row.cells.iter().filter(|c| c.cont) {
                    flush(t, &mut open[c.col], c.col, bottom, &mut items);
                    let (x1, x2) = (t.xs[c.col], t.xs[(c.col + c.span).min(t.xs.len() - 1)]);
                    items.push(hrule(x1, x2, bottom, t.rule));
                }
                p.push_items(items);
                new_page_with_headers(t, p, &headers);
                continue;
            };
            let bottom = top - h;
            let mut items = Vec::new();
            for c in &row.cells {
                let o = &mut open[c.col];
                o.top.get_or_insert(top);
                if ends[c.col] || !done {
                    flush(t, o, c.col, bottom, &mut items);
                }
            }
            rules_for_slice(t, &row.cells, &ends, done, top, h, &mut items);
            p.push_items(items);
            p.advance(h);
            if done {
                break;
            }
            new_page_with_headers(t, p, &headers);
        }
    }
}

/// Places the lines of an open cell that fit between its region's top and `bottom` (padding
/// inside both), and closes the region on this page.
fn flush(t: &TableSlot, o: &mut Open, col: usize, bottom: f64, items: &mut Vec<Item>) {
    let Some(top) = o.top.take() else { return };
    let room = top - bottom - t.edges();
    let fit = ((room / t.line_h) + 1e-6).floor().max(0.0) as usize;
    let n = fit.min(o.lines.len());
    for (k, l) in o.lines.drain(..n).enumerate() {
        items.extend(shift(
            &l.items,
            t.xs[col],
            top - t.rule - t.pad - k as f64 * t.line_h,
        ));
    }
}

fn hrule(x1: f64, x2: f64, y: f64, width: f64) -> Item {
    Item::Rule {
        x1,
        y1: y,
        x2,
        y2: y,
        width,
    }
}

fn row_height(t: &TableSlot, row: &RowBox) -> f64 {
    let n = row
        .cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(1)
        .max(1);
    t.edges() + n as f64 * t.line_h
}

fn new_page_with_headers(t: &TableSlot, p: &mut Paginator, headers: &[usize]) {
    p.new_page(p.orientation());
    for &h in headers {
        let hh = row_height(t, &t.rows[h]);
        draw_full_row(t, &t.rows[h], p, hh);
    }
}

fn draw_full_row(t: &TableSlot, row: &RowBox, p: &mut Paginator, h: f64) {
    let top = p.cursor();
    let mut items = Vec::new();
    for c in &row.cells {
        // a head row's cells are centred in it (the DOCX's vAlign)
        let below = (h - t.edges() - c.lines.len() as f64 * t.line_h).max(0.0) / 2.0;
        for (k, l) in c.lines.iter().enumerate() {
            items.extend(shift(
                &l.items,
                t.xs[c.col],
                top - t.rule - t.pad - below - k as f64 * t.line_h,
            ));
        }
    }
    let ends = vec![true; t.xs.len()];
    rules_for_slice(t, &row.cells, &ends, true, top, h, &mut items);
    p.push_items(items);
    p.advance(h);
}

/// Rules of one slice of a row: a top rule over each cell (none inside a vertical merge),
/// the vertical rules at the cell edges, and the bottom rule where a cell ends (or at the
/// page foot when the row continues on the next page).
fn rules_for_slice(
    t: &TableSlot,
    cells: &[CellBox],
    ends: &[bool],
    done: bool,
    top: f64,
    h: f64,
    items: &mut Vec<Item>,
) {
    let bottom = top - h;
    for c in cells {
        let x1 = t.xs[c.col];
        let x2 = t.xs[(c.col + c.span).min(t.xs.len() - 1)];
        if !c.cont {
            items.push(Item::Rule {
                x1,
                y1: top,
                x2,
                y2: top,
                width: t.rule,
            });
        }
        if !done || ends[c.col] {
            items.push(Item::Rule {
                x1,
                y1: bottom,
                x2,
                y2: bottom,
                width: t.rule,
            });
        }
        items.push(Item::Rule {
            x1,
            y1: top,
            x2: x1,
            y2: bottom,
            width: t.rule,
        });
        items.push(Item::Rule {
            x1: x2,
            y1: top,
            x2,
            y2: bottom,
            width: t.rule,
        });
    }
}
