//! Column widths measured from the text (`<table columns="auto">`, or no `columns`), resolved
//! once into the model before any writer runs, so that the PDF, OFD, DOCX and XLSX get the
//! same widths (GB/T 9704 layout spec, "One layout for both files").
//!
//! No fonts are read: a full-width character is one em, a half-width one half an em (Times
//! New Roman's digits, which dates and numbers are made of), with the Chinese–Latin space
//! the office suites add. So `--format docx` on a machine without fonts resolves the same
//! widths as a PDF run, and the result is deterministic.
//!
//! The widths are whole half-ems of the table's type size plus the cell padding, in twips:
//! a column holds exactly as many characters in the PDF as in Word or LibreOffice. They are
//! chosen to make the table shallowest: the line breaker sets every cell at every candidate
//! width, a row is as deep as its deepest cell (a vertically merged cell deepens the last
//! row it spans when it needs more than its rows give), the header counts once per page,
//! and among equally deep tables the one with fewer cell lines wins (责任人 综合科科长 on one
//! line rather than two where the page allows).

use super::linebreak::{Class, Glyph, Punctuation, classify, is_hangable, may_break_in};
use super::paginator::Geo;
use super::shape::auto_space;
use super::table::{CELL_PUNCTUATION, PAD_EM, cell_size};
use crate::model::{Block, Document, Inline, Orientation, RowKind, Table, VMerge};
use crate::style::Style;

/// Resolves every measured table of `doc` to widths in twips (the DOCX's unit) that add up
/// to the text block of the table's page.
pub fn resolve(doc: &mut Document, style: &Style) {
    blocks(&mut doc.blocks, doc.orientation, style);
}

fn blocks(bs: &mut [Block], o: Orientation, style: &Style) {
    for b in bs {
        match b {
            Block::Table(t) if t.columns.is_empty() => {
                let geo = Geo::new(style, o);
                t.columns = widths(t, geo.width, geo.height, cell_size(t, style));
            }
            Block::Attachment(a) => blocks(&mut a.blocks, a.orientation, style),
            _ => {}
        }
    }
}

/// A cell's glyphs without a font: one em for a full-width character, half an em for a
/// half-width one, a quarter for a space; the Chinese–Latin space as the layout adds it.
fn glyphs(text: &[Inline], size: f64) -> Vec<Glyph> {
    let mut gs = Vec::new();
    for (run, r) in text.iter().enumerate() {
        for ch in r.text.chars() {
            if ch.is_control() || crate::chars::is_invisible(ch) {
                continue;
            }
            let class = if crate::chars::is_line_separator(ch) {
                Class::Space
            } else {
                classify(ch)
            };
            let em = match (class, ch) {
                (_, '\u{3000}') => 1.0,
                (Class::Space, _) => 0.25,
                (Class::Half, _) => 0.5,
                _ => 1.0,
            };
            gs.push(Glyph {
                ch,
                class,
                width: em * size,
                advance: em * size,
                run,
                auto_space: 0.0,
            });
        }
    }
    auto_space(&mut gs, size);
    gs
}

/// A span between break opportunities, for counting lines fast: its width, the
/// Chinese–Latin space after its last glyph (dropped at a line end), what its trailing
/// closing marks may give up (squeezed), and the width of its last glyph when that is a
/// mark that may hang.
#[derive(Clone, Copy)]
struct Unit {
    width: f64,
    tail_space: f64,
    squeeze: f64,
    hang: f64,
}

fn units(g: &[Glyph]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut start = 0;
    for i in 1..=g.len() {
        if i < g.len() && !may_break_in(&g[i - 1], &g[i], CELL_PUNCTUATION) {
            continue;
        }
        let span = &g[start..i];
        let last = &span[span.len() - 1];
        let squeeze = span
            .iter()
            .rev()
            .take_while(|x| x.class == Class::Close && !x.ch.is_ascii())
            .map(|x| x.width * 0.5)
            .sum();
        out.push(Unit {
            width: span.iter().map(|x| x.width).sum(),
            tail_space: last.auto_space,
            squeeze,
            hang: if is_hangable(last.ch) {
                last.width
            } else {
                0.0
            },
        });
        start = i;
    }
    out
}

/// Lines of a paragraph's units at width `w`, as [`break_lines`] fills them (whole units,
/// a closing mark squeezed or hung as the cells' punctuation rule allows; a unit wider than
/// the line cut).
fn count(us: &[Unit], w: f64) -> u32 {
    let eps = 1e-6;
    let mut n = 1;
    let mut used = 0.0;
    for u in us {
        let fits = |used: f64| {
            let full = used + u.width - u.tail_space;
            full <= w + eps
                || match CELL_PUNCTUATION {
                    Punctuation::Squeeze => full - u.squeeze <= w + eps,
                    Punctuation::Hang => u.hang > 0.0 && full - u.hang <= w + eps,
                    Punctuation::Push => false,
                }
        };
        if used > 0.0 && fits(used) {
            used += u.width;
        } else if used == 0.0 && fits(0.0) {
            used = u.width;
        } else {
            if used > 0.0 {
                n += 1;
            }
            // a unit wider than a line is cut
            let cut = ((u.width - u.tail_space) / w.max(eps) - eps)
                .ceil()
                .max(1.0) as u32;
            n += cut - 1;
            used = if cut > 1 { w } else { u.width };
        }
    }
    n
}

/// Lines of a cell's paragraphs at content width `w` (pt).
fn lines(paras: &[Vec<Unit>], w: f64) -> u32 {
    paras.iter().map(|u| count(u, w)).sum::<u32>().max(1)
}

/// Up to this many ems a cell's text is short (a name, a department, a date: 2024年8月16日
/// is 7.35 ems with its Chinese–Latin spaces): breaking it costs readability, weighed
/// against the table's depth.
const SHORT_EM: f64 = 8.0;

/// Twips every column keeps beyond its whole half-ems: LibreOffice takes the cell's
/// borders (two of ½ pt, 20 twips) off its text width as well as the margins, as the
/// standard words the cell margin ("between the border and the text"), and the PDF scales
/// twips to its block in floating point: neither may lose a character's fit.
const SLACK_TW: f64 = 24.0;

/// What one extra line of a short cell costs, in thousandths of a line of table depth: a
/// name broken over two lines weighs a line and a half (the example ledger: 综合科科长 on
/// one line and dates on two, 53 pages; the old fixed widths gave 63).
const SHORT_BREAK: u64 = 1500;

/// A cell that takes part in the choice: one column, its lines at each candidate width.
struct Measured {
    row: usize,
    col: usize,
    /// Rows below that continue its vertical merge.
    down: usize,
    /// Short text (a name, a department, a date): a break in it costs readability.
    short: bool,
    lines: Vec<u32>,
}

/// The columns' widths in twips for a text block `width` × `height` pt.
fn widths(t: &Table, width: f64, height: f64, size: f64) -> Vec<f32> {
    let ncols = t
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| usize::from(c.span.max(1)))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1)
        .max(1);
    let half = size / 2.0;
    let total_tw = (width * 20.0).floor();
    let pad_tw = 2.0 * PAD_EM * size * 20.0;
    let room = ((total_tw - ncols as f64 * (pad_tw + SLACK_TW)) / (half * 20.0)).floor() as i64;
    let mut cells: Vec<Measured> = Vec::new();
    let mut header = vec![Vec::new(); ncols];
    let mut kmin = vec![2i64; ncols];
    let mut kmax = vec![2i64; ncols];
    let mut paras_of = Vec::new();
    for (ri, row) in t.rows.iter().enumerate() {
        let mut col = 0;
        for (ci, cell) in row.cells.iter().enumerate() {
            let span = row.span_of(ci, col, ncols);
            let here = col;
            col += span;
            if span != 1 || here >= ncols || cell.vmerge == VMerge::Continue {
                continue;
            }
            let paras: Vec<Vec<Glyph>> = cell.paragraphs.iter().map(|p| glyphs(p, size)).collect();
            // The widest unbreakable unit and the natural width bound the column.
            let natural = paras
                .iter()
                .map(|g| g.iter().map(|x| x.width).sum::<f64>())
                .fold(0.0, f64::max);
            let paras: Vec<Vec<Unit>> = paras.iter().map(|g| units(g)).collect();
            let widest = paras
                .iter()
                .flatten()
                .map(|u| u.width - u.tail_space)
                .fold(0.0, f64::max);
            let steps = |w: f64| ((w - 1e-6) / half).ceil().max(1.0) as i64;
            kmax[here] = kmax[here].max(steps(natural));
            kmin[here] = kmin[here].max(steps(widest).min(8));
            if row.kind == RowKind::Header {
                // A head takes at most two lines (责任/领导).
                // A head of two characters stays on one line (序号).
                let most = if natural <= 2.0 * size + 1e-6 { 1 } else { 2 };
                let two = (1..=steps(natural))
                    .find(|&k| lines(&paras, k as f64 * half + 1e-3) <= most)
                    .unwrap_or(1);
                kmin[here] = kmin[here].max(two);
                header[here] = paras;
                continue;
            }
            let down = t.rows[ri + 1..]
                .iter()
                .take_while(|r| {
                    let mut c = 0;
                    r.cells.iter().enumerate().any(|(i, x)| {
                        let at = c;
                        c += r.span_of(i, c, ncols);
                        at == here && x.vmerge == VMerge::Continue
                    })
                })
                .count();
            let down = if cell.vmerge == VMerge::Restart {
                down
            } else {
                0
            };
            let short = natural <= SHORT_EM * size + 1e-6;
            paras_of.push((ri, here, down, paras, short));
        }
    }
    let spare = room - kmin.iter().sum::<i64>();
    for c in 0..ncols {
        kmax[c] = kmax[c].min(kmin[c] + spare.max(0)).max(kmin[c]);
    }
    if kmin.iter().sum::<i64>() > room {
        // Not even the narrowest widths fit: share the block by them.
        return twips(&kmin, total_tw, half, pad_tw, ncols);
    }
    for (row, col, down, paras, short) in paras_of {
        let lines = (kmin[col]..=kmax[col])
            .map(|k| lines(&paras, k as f64 * half + 1e-3))
            .collect();
        cells.push(Measured {
            row,
            col,
            down,
            short,
            lines,
        });
    }
    let head_lines: Vec<Vec<u32>> = (0..ncols)
        .map(|c| {
            (kmin[c]..=kmax[c])
                .map(|k| {
                    if header[c].is_empty() {
                        0
                    } else {
                        lines(&header[c], k as f64 * half + 1e-3)
                    }
                })
                .collect()
        })
        .collect();
    let line_h = super::table::LINE_EM * size;
    let per_page = (height / line_h).max(1.0);
    let nrows = t.rows.len();
    let cost = |k: &[i64]| -> (u64, u64) {
        let at = |c: usize, v: &[u32]| v[(k[c] - kmin[c]) as usize];
        let mut h = vec![0u32; nrows];
        let mut all = 0u64;
        let mut broken = 0u64;
        for m in &cells {
            let l = at(m.col, &m.lines);
            all += u64::from(l);
            if m.short {
                broken += u64::from(l - 1);
            }
            if m.down == 0 {
                h[m.row] = h[m.row].max(l);
            }
        }
        for m in cells.iter().filter(|m| m.down > 0) {
            let l = at(m.col, &m.lines);
            let last = m.row + m.down;
            let have: u32 = h[m.row..=last].iter().map(|x| (*x).max(1)).sum();
            if l > have {
                h[last] = h[last].max(1) + (l - have);
            }
        }
        let body: u64 = h.iter().map(|x| u64::from(*x)).sum();
        let head = (0..ncols).map(|c| at(c, &head_lines[c])).max().unwrap_or(0);
        let pages = (body as f64 / per_page).ceil().max(1.0) as u64;
        (
            (body + u64::from(head) * pages) * 1000 + broken * SHORT_BREAK,
            all,
        )
    };
    let better = |a: (u64, u64), b: (u64, u64)| a < b;
    // Greedy: from the narrowest widths, hand out the room a step (half an em to two ems)
    // at a time where it saves the most per half em.
    let mut k = kmin.clone();
    let mut used: i64 = k.iter().sum();
    let mut now = cost(&k);
    while used < room {
        let mut best: Option<(f64, usize, i64, (u64, u64))> = None;
        for c in 0..ncols {
            for d in 1..=16 {
                if k[c] + d > kmax[c] || used + d > room {
                    break;
                }
                k[c] += d;
                let n = cost(&k);
                k[c] -= d;
                let gain =
                    ((now.0 as f64 - n.0 as f64) * 1000.0 + (now.1 as f64 - n.1 as f64)) / d as f64;
                if gain > 0.0 && best.is_none_or(|b| gain > b.0) {
                    best = Some((gain, c, d, n));
                }
            }
        }
        let Some((_, c, d, n)) = best else { break };
        k[c] += d;
        used += d;
        now = n;
    }
    // Then move width between columns while that makes the table shallower.
    for _ in 0..200 {
        let mut best: Option<(usize, usize, i64, (u64, u64))> = None;
        for from in 0..ncols {
            for to in 0..ncols {
                if from == to {
                    continue;
                }
                for d in 1..=16 {
                    if k[from] - d < kmin[from] || k[to] + d > kmax[to] {
                        break;
                    }
                    k[from] -= d;
                    k[to] += d;
                    let n = cost(&k);
                    k[from] += d;
                    k[to] -= d;
                    if better(n, best.map_or(now, |b| b.3)) {
                        best = Some((from, to, d, n));
                    }
                }
            }
        }
        let Some((from, to, d, n)) = best else { break };
        k[from] -= d;
        k[to] += d;
        now = n;
    }
    // What no column can use goes to the widest columns, half an em at a time.
    let spare = room - k.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..ncols).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(k[c]));
    for (i, &c) in order.iter().cycle().take(ncols * 4).enumerate() {
        if i as i64 >= spare {
            break;
        }
        k[c] += 1;
    }
    twips(&k, total_tw, half, pad_tw, ncols)
}

/// Widths in twips: `k` half-ems of text and the padding each, the slack shared evenly
/// (the last column takes the odd twips).
fn twips(k: &[i64], total_tw: f64, half: f64, pad_tw: f64, ncols: usize) -> Vec<f32> {
    let mut w: Vec<f64> = k
        .iter()
        .map(|&k| (k as f64 * half * 20.0 + pad_tw).round())
        .collect();
    let used: f64 = w.iter().sum();
    if used > total_tw {
        // the narrowest widths do not fit: scale them down to the block
        return w
            .iter()
            .map(|x| (x / used * total_tw).floor() as f32)
            .collect();
    }
    let each = ((total_tw - used) / ncols as f64).floor();
    for x in &mut w {
        *x += each;
    }
    let used: f64 = w.iter().sum();
    if let Some(last) = w.last_mut() {
        *last += total_tw - used;
    }
    w.iter().map(|x| *x as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Align, Cell, Row};

    fn cell(s: &str) -> Cell {
        Cell {
            paragraphs: vec![vec![Inline::plain(s)]],
            span: 1,
            vmerge: VMerge::None,
            align: Align::Left,
            flagged: false,
        }
    }

    fn table(rows: &[(&[&str], RowKind)]) -> Table {
        Table {
            columns: vec![],
            font_size: 12.0,
            rows: rows
                .iter()
                .map(|(cells, kind)| Row {
                    kind: *kind,
                    cells: cells.iter().map(|s| cell(s)).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn widths_fill_the_block_in_whole_half_ems_and_favour_the_long_column() {
        let long =
            "对现有签订合同进行梳理统计，建立合同备案登记台账，加强对合同签订的管理。".repeat(3);
        let t = table(&[
            (&["序号", "整改措施", "责任人"], RowKind::Header),
            (&["1", &long, "综合科科长"], RowKind::Body),
            (&["2", &long, "财务室主任"], RowKind::Body),
        ]);
        let w = widths(&t, 400.0, 400.0, 12.0);
        assert_eq!(w.iter().sum::<f32>(), 8000.0);
        // 序号 two characters, 责任人 five on one line, the rest to 整改措施
        let text = |x: f32| (f64::from(x) - 144.0) / 240.0;
        assert!(text(w[0]) >= 2.0 && text(w[0]) < 3.0, "{w:?}");
        assert!(text(w[2]) >= 5.0 && text(w[2]) < 6.0, "{w:?}");
        assert!(w[1] > w[0] + w[2], "{w:?}");
    }

    #[test]
    fn widths_are_deterministic() {
        let t = table(&[
            (&["问题", "措施"], RowKind::Header),
            (
                &["一二三四五六七八九十", "一二三四五六七八九十一二三四五"],
                RowKind::Body,
            ),
        ]);
        assert_eq!(
            widths(&t, 300.0, 400.0, 12.0),
            widths(&t, 300.0, 400.0, 12.0)
        );
    }
}
