//! Tables as WordprocessingML: widths on the grid, repeated header rows (`tblHeader`),
//! vertical merges, header text broken into even lines.

use super::parts::{self, ids};
use super::xml::{Jc, PPr, RPr};
use super::{Elem, Writer, half_points};
use crate::chars::{is_half_width, is_no_end, is_no_start};
use crate::diag::Diagnostic;
use crate::model::{Align, Cell, FontRole, RowKind, Table, VMerge};
use std::fmt::Write as _;

impl Writer<'_> {
    pub(super) fn table(&mut self, t: &Table) {
        let ncols = if t.columns.is_empty() {
            t.rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.span.max(1) as usize)
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0)
        } else {
            t.columns.len()
        };
        if ncols == 0 || t.rows.is_empty() {
            self.warnings.push(Diagnostic::warning(
                "an empty table was left out of the DOCX",
            ));
            return;
        }
        // Relative widths scaled to the text block; the last column takes the rounding.
        let total_w = self.text_width();
        let rel: Vec<f64> = (0..ncols)
            .map(|i| {
                let w = t.columns.get(i).copied().unwrap_or(1.0) as f64;
                if w.is_finite() && w > 0.0 { w } else { 1.0 }
            })
            .collect();
        let sum: f64 = rel.iter().sum();
        let mut widths: Vec<u32> = rel
            .iter()
            .map(|w| (w / sum * total_w as f64).floor() as u32)
            .collect();
        let used: u32 = widths.iter().sum();
        if let Some(last) = widths.last_mut() {
            *last += total_w.saturating_sub(used);
        }
        let size = half_points(t.font_size as f64);
        // 0.3 em each side, as the PDF layout pads a cell, so both break lines alike
        self.cell_margin = size * 3;
        // Exact line pitch in cells, the PDF's (layout::table::LINE_EM = 1.3 em): "single"
        // depends on each machine's face metrics, so rows would differ between clients.
        self.cell_line = size * 13;
        let extra = RPr {
            size: (size != self.d.table_size).then_some(size),
            ..RPr::default()
        };
        let mut x = String::with_capacity(4096);
        let _ = write!(
            x,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="{}"/><w:tblW w:w="{total_w}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{m}" w:type="dxa"/><w:left w:w="{m}" w:type="dxa"/><w:bottom w:w="{m}" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
            ids::TABLE_GRID,
            parts::thin_borders(),
            m = self.cell_margin,
        );
        for w in &widths {
            let _ = write!(x, r#"<w:gridCol w:w="{w}"/>"#);
        }
        x.push_str("</w:tblGrid>");
        for (ri, row) in t.rows.iter().enumerate() {
            // Rows may split across pages (no cantSplit): a long cell continues on the next
            // page under the repeated header instead of being pushed or clipped.
            x.push_str("<w:tr>");
            if row.kind == RowKind::Header {
                x.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            let mut col = 0usize;
            for (ci, cell) in row.cells.iter().enumerate() {
                let span = row.span_of(ci, col, ncols);
                if col + span > ncols {
                    self.errors.push(Diagnostic::error(format!(
                        "table row {} spans {} columns, the table has {ncols}",
                        ri + 1,
                        col + span
                    )));
                    return;
                }
                let w: u32 = widths[col..col + span].iter().sum();
                self.cell(&mut x, cell, row.kind, span, w, &extra);
                col += span;
            }
            while col < ncols {
                let empty = Cell {
                    paragraphs: Vec::new(),
                    span: 1,
                    vmerge: VMerge::None,
                    align: Align::Left,
                    flagged: false,
                };
                self.cell(&mut x, &empty, row.kind, 1, widths[col], &extra);
                col += 1;
            }
            x.push_str("</w:tr>");
        }
        x.push_str("</w:tbl>");
        if std::mem::take(&mut self.pending_break) {
            let mut p = Self::tiny_ppr();
            p.page_break_before = true;
            self.body.push(Elem::P(Box::new(p), String::new()));
        }
        self.body.push(Elem::Table(x));
    }

    fn cell(
        &mut self,
        x: &mut String,
        cell: &Cell,
        kind: RowKind,
        span: usize,
        w: u32,
        extra: &RPr,
    ) {
        let _ = write!(x, r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>"#);
        if span > 1 {
            let _ = write!(x, r#"<w:gridSpan w:val="{span}"/>"#);
        }
        match cell.vmerge {
            VMerge::Restart => x.push_str(r#"<w:vMerge w:val="restart"/>"#),
            VMerge::Continue => x.push_str("<w:vMerge/>"),
            VMerge::None => {}
        }
        if cell.flagged {
            x.push_str(r#"<w:shd w:val="clear" w:color="auto" w:fill="FFD7D7"/>"#);
        }
        // Heads centred in their row, other cells from the top: as the PDF sets them, and
        // the same wherever a row breaks across pages.
        if kind == RowKind::Header {
            x.push_str(r#"<w:vAlign w:val="center"/>"#);
        }
        x.push_str("</w:tcPr>");
        let (style, role) = match kind {
            RowKind::Header => (ids::TABLE_HEADER, FontRole::Hei),
            RowKind::Category => (ids::TABLE_CATEGORY, FontRole::Hei),
            RowKind::Body | RowKind::Total => (ids::TABLE_TEXT, FontRole::Body),
        };
        let jc = match (kind, cell.align) {
            (RowKind::Header, _) => None,
            (_, Align::Justify) => Some(Jc::Both),
            (_, Align::Left) => Some(Jc::Left),
            (_, Align::Center) => Some(Jc::Center),
            (_, Align::Right) => Some(Jc::Right),
        };
        let ppr = PPr {
            style: Some(style),
            jc,
            spacing: Some((self.cell_line, "exact")),
            // no mark past the cell's edge, as the PDF sets cells (layout::table)
            no_hang: true,
            ..PPr::default()
        };
        let paragraphs: &[crate::model::Text] = if cell.vmerge == VMerge::Continue {
            &[]
        } else {
            &cell.paragraphs
        };
        if paragraphs.is_empty() {
            x.push_str("<w:p>");
            ppr.write(x);
            x.push_str("</w:p>");
        }
        // Header text in one run gets explicit, even line breaks, as the PDF layout sets it.
        let em = extra.size.unwrap_or(self.d.table_size) * 10;
        let avail = w.saturating_sub(2 * self.cell_margin) * 2 / em.max(1);
        for p in paragraphs {
            x.push_str("<w:p>");
            ppr.write(x);
            match p.as_slice() {
                [one] if kind == RowKind::Header => {
                    let lines = even_lines(&one.text, avail);
                    for (i, line) in lines.into_iter().enumerate() {
                        if i > 0 {
                            x.push_str("<w:r><w:br/></w:r>");
                        }
                        let part = crate::model::Inline {
                            text: line,
                            ..one.clone()
                        };
                        let runs = self.runs(std::slice::from_ref(&part), role, extra);
                        x.push_str(&runs);
                    }
                }
                _ => {
                    let runs = self.runs(p, role, extra);
                    x.push_str(&runs);
                }
            }
            x.push_str("</w:p>");
        }
        x.push_str("</w:tc>");
    }
}

/// `text` broken into lines of at most `avail` half-ems (a CJK character is two, a half-width
/// one), as few lines as the greedy break gives but as even as that count allows: 责任/领导
/// rather than the 责任领/导 Word would make. No line starts with a closing mark or ends
/// with an opening one, and half-width runs stay whole.
pub(super) fn even_lines(text: &str, avail: u32) -> Vec<String> {
    let chars: Vec<(char, u32)> = text
        .chars()
        .map(|c| (c, if is_half_width(c) { 1 } else { 2 }))
        .collect();
    let may_break = |i: usize| {
        let (a, b) = (chars[i - 1].0, chars[i].0);
        !(is_no_start(b) || is_no_end(a) || is_half_width(a) && is_half_width(b))
    };
    // greedy line starts at width `w`
    let starts = |w: u32| {
        let (mut out, mut used, mut last_ok) = (vec![0], 0, None);
        for i in 0..chars.len() {
            if i > 0 && may_break(i) {
                last_ok = Some(i);
            }
            used += chars[i].1;
            if used > w
                && let Some(b) = last_ok.filter(|b| b > out.last().unwrap_or(&0))
            {
                out.push(b);
                used = chars[b..=i].iter().map(|c| c.1).sum();
            }
        }
        out
    };
    let n = starts(avail).len();
    let total: u32 = chars.iter().map(|c| c.1).sum();
    let mut w = total.div_ceil(n.max(1) as u32);
    while starts(w).len() > n {
        w += 1;
    }
    let mut cuts = starts(w);
    cuts.push(chars.len());
    cuts.windows(2)
        .map(|r| chars[r[0]..r[1]].iter().map(|c| c.0).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_breaks_into_even_lines() {
        // 3 characters fit (6 half-ems): Word would set 责任领/导
        assert_eq!(even_lines("责任领导", 6), ["责任", "领导"]);
        assert_eq!(even_lines("责任人", 6), ["责任人"]);
        assert_eq!(even_lines("责任人", 4), ["责任", "人"]);
        assert_eq!(even_lines("问题类别名称", 8), ["问题类", "别名称"]);
        // a closing mark never starts a line; a half-width run stays whole
        assert_eq!(even_lines("完成（率）", 6), ["完成", "（率）"]);
        assert_eq!(even_lines("ab12号码", 6), ["ab12", "号码"]);
        // nothing fits: one character a line, nothing lost
        assert_eq!(even_lines("序号", 0).concat(), "序号");
    }
}
