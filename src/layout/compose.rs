//! Composition: the document's blocks become grid lines (slots) with their keep rules:
//! paragraphs broken into lines, titles balanced, headings, measure lists, the attachment
//! note, the signature and date (7.3.5), the 版记 rows, attachments.

use super::Item;
use super::flow::{LineSlot, Slot};
use super::linebreak::break_lines;
use super::paginator::{Geo, baseline_in_line};
use super::shape::{Shaped, Shaper, extent, natural_width, place, solid_xs};
use super::table;
use super::title::balance_title;
use crate::model::{
    Align, Attachment, Block, FontRole, Heading, Imprint, Inline, Signature, plain_text,
};
use crate::style::Style;

pub struct Composer<'s, 'f, 'a> {
    pub style: &'s Style,
    pub sh: Shaper<'f, 'a>,
    pub geo: Geo,
    pub slots: Vec<Slot>,
    /// The plan's names, which title breaks never split.
    pub words: Vec<String>,
}

impl Composer<'_, '_, '_> {
    /// One grid line of `items`; `keep`: with the next line on its page.
    fn line(&mut self, items: Vec<Item>, keep: bool, outline: Option<(u8, String)>) {
        self.slots.push(Slot::Line(LineSlot {
            items,
            keep,
            outline,
        }));
    }

    fn body_size(&self) -> f64 {
        self.style.sizes.body
    }

    fn last_is_blank(&self) -> bool {
        matches!(
            self.slots.last(),
            Some(Slot::Blank { .. }) | Some(Slot::NewPage(_)) | None
        )
    }

    fn blank(&mut self) {
        if !self.last_is_blank() {
            self.slots.push(Slot::Blank {
                keep: false,
                forced: false,
            });
        }
    }

    /// Marks the last `n` line slots (and blanks between them) keep-with-next.
    fn keep_last_lines(&mut self, n: usize) {
        let mut left = n;
        for s in self.slots.iter_mut().rev() {
            match s {
                Slot::Line(l) => {
                    l.keep = true;
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
                Slot::Blank { keep, .. } => *keep = true,
                _ => break,
            }
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        let mut prev: Option<&Block> = None;
        for b in blocks {
            if crate::model::blank_after_title(prev, b) {
                // 7.3.3: one blank line under the title block (before the recipients, or
                // the text when there are none); it stays with the title.
                self.slots.push(Slot::Blank {
                    keep: true,
                    forced: false,
                });
            }
            match b {
                Block::Title { lines } => self.title(lines),
                Block::Subtitle { text } => {
                    let s =
                        self.sh
                            .shape(text, FontRole::Body, self.body_size(), Some(self.geo.cell));
                    self.paragraph(&s, 0.0, Align::Center, false, None);
                }
                Block::Recipients { text } => {
                    let s =
                        self.sh
                            .shape(text, FontRole::Body, self.body_size(), Some(self.geo.cell));
                    self.paragraph(&s, 0.0, Align::Justify, false, None);
                }
                Block::Heading(h) => self.heading(h),
                Block::Paragraph(p) => {
                    let s = self.sh.shape(
                        &p.text,
                        FontRole::Body,
                        self.body_size(),
                        Some(self.geo.cell),
                    );
                    let indent = p.indent as f64 * self.geo.cell;
                    self.paragraph(&s, indent, p.align, false, None);
                }
                Block::MeasureList(m) => self.measure_list(m),
                Block::Table(t) => {
                    let slot = table::build(t, &mut self.sh, self.style, &self.geo);
                    self.slots.push(Slot::Table(slot));
                }
                Block::AttachmentNote { items } => self.attachment_note(items),
                Block::Signature(s) => self.signature(s),
                Block::Note { text } => {
                    let s =
                        self.sh
                            .shape(text, FontRole::Body, self.body_size(), Some(self.geo.cell));
                    self.paragraph(&s, 2.0 * self.geo.cell, Align::Left, false, None);
                }
                Block::Imprint(imp) => self.imprint(imp),
                Block::Masthead(m) => {
                    let slot = super::masthead::compose(m, &mut self.sh, self.style, &self.geo);
                    self.slots.push(slot);
                }
                Block::PageBreak => self.slots.push(Slot::NewPage(self.geo.orientation)),
                Block::BlankLine => self.slots.push(Slot::Blank {
                    keep: false,
                    forced: false,
                }),
                Block::Attachment(a) => self.attachment(a),
            }
            prev = Some(b);
        }
    }

    /// Sets a paragraph: breaks it into lines and pushes one slot per line.
    fn paragraph(
        &mut self,
        s: &Shaped,
        indent: f64,
        align: Align,
        keep_all: bool,
        outline: Option<(u8, String)>,
    ) {
        let g = self.geo;
        let lines = break_lines(
            &s.glyphs,
            g.width,
            indent,
            align == Align::Justify,
            self.style.punctuation,
        );
        let base = baseline_in_line(g.pitch, s.size);
        for (i, l) in lines.iter().enumerate() {
            let mut items = Vec::new();
            let ext = extent(s, l.start, l.end, &l.xs);
            let first_x = l.xs.first().copied().unwrap_or(0.0);
            let dx = match align {
                Align::Center => (g.width - ext) / 2.0 - first_x,
                Align::Right => g.width - ext - first_x,
                _ => 0.0,
            };
            place(s, l.start, l.end, &l.xs, g.left + dx, base, &mut items);
            // No widow/orphan control: the DOCX turns it off (it would leave pages of 21
            // lines) and Word, WPS and LibreOffice then fill every page, so the PDF does too.
            let keep = keep_all;
            self.line(items, keep, if i == 0 { outline.clone() } else { None });
        }
    }

    fn title(&mut self, lines: &[Vec<Inline>]) {
        let size = self.style.sizes.title;
        let g = self.geo;
        let shaped: Vec<Shaped> = lines
            .iter()
            .map(|l| self.sh.shape(l, FontRole::Title, size, None))
            .collect();
        let mut rows: Vec<(usize, usize, usize)> = Vec::new(); // (shaped, start, end)
        if shaped.len() == 1 {
            for (a, b) in balance_title(&shaped[0], g.width, &self.words) {
                rows.push((0, a, b));
            }
        } else {
            for (i, s) in shaped.iter().enumerate() {
                // an explicit line that is still too long is broken again
                for (a, b) in balance_title(s, g.width, &self.words) {
                    rows.push((i, a, b));
                }
            }
        }
        let base = baseline_in_line(g.pitch, size);
        for (si, a, b) in rows {
            let s = &shaped[si];
            let xs: Vec<f64> = {
                let mut x = 0.0;
                s.glyphs[a..b]
                    .iter()
                    .map(|gl| {
                        let at = x;
                        x += gl.width;
                        at
                    })
                    .collect()
            };
            let ext = extent(s, a, b, &xs);
            let mut items = Vec::new();
            place(
                s,
                a,
                b,
                &xs,
                g.left + (g.width - ext) / 2.0,
                base,
                &mut items,
            );
            self.line(items, true, None);
        }
    }

    fn heading(&mut self, h: &Heading) {
        let role = match h.level {
            1 => FontRole::Hei,
            2 => FontRole::Kai,
            _ => FontRole::Body,
        };
        let size = self.body_size();
        let cell = Some(self.geo.cell);
        let mut runs = vec![Inline::plain(h.number.clone())];
        runs.extend(h.text.iter().cloned());
        let mut s = self.sh.shape(&runs, role, size, cell);
        let run_in = self.sh.shape(&h.run_in, FontRole::Body, size, cell);
        let standalone = run_in.glyphs.is_empty();
        s.glyphs.extend(run_in.glyphs);
        s.faces.extend(run_in.faces);
        s.gids.extend(run_in.gids);
        let outline = if h.level <= 2 {
            Some((h.level, format!("{}{}", h.number, plain_text(&h.text))))
        } else {
            None
        };
        self.paragraph(&s, 2.0 * self.geo.cell, Align::Justify, standalone, outline);
        if standalone {
            // a heading stays with the first line of its text
            self.keep_last_lines(1);
        }
    }

    fn measure_list(&mut self, m: &crate::model::MeasureList) {
        let size = self.body_size();
        let cell = Some(self.geo.cell);
        let indent = 2.0 * self.geo.cell;
        if m.inline {
            let mut runs = m.lead.clone();
            for it in &m.items {
                runs.push(Inline::plain(it.marker.clone()));
                runs.extend(it.text.iter().cloned());
            }
            let s = self.sh.shape(&runs, FontRole::Body, size, cell);
            self.paragraph(&s, indent, Align::Justify, false, None);
        } else {
            if !m.lead.is_empty() {
                let s = self.sh.shape(&m.lead, FontRole::Body, size, cell);
                self.paragraph(&s, indent, Align::Justify, false, None);
            }
            for it in &m.items {
                let mut runs = vec![Inline::plain(it.marker.clone())];
                runs.extend(it.text.iter().cloned());
                let s = self.sh.shape(&runs, FontRole::Body, size, cell);
                self.paragraph(&s, indent, Align::Justify, false, None);
            }
        }
    }

    fn attachment_note(&mut self, items: &[Vec<Inline>]) {
        if items.is_empty() {
            return;
        }
        self.blank();
        let g = self.geo;
        let size = self.body_size();
        let cell = Some(g.cell);
        let label = self.sh.shape_str("附件：", FontRole::Body, size, cell);
        let label_w = natural_width(&label);
        let several = items.len() > 1;
        let base = baseline_in_line(g.pitch, size);
        for (i, it) in items.iter().enumerate() {
            let text = plain_text(it);
            let numbered = text.chars().next().is_some_and(|c| c.is_ascii_digit());
            let num = if several && !numbered {
                self.sh
                    .shape_str(&format!("{}.", i + 1), FontRole::Body, size, cell)
            } else {
                self.sh.shape_str("", FontRole::Body, size, cell)
            };
            let name = self.sh.shape(it, FontRole::Body, size, cell);
            let x_label = 2.0 * g.cell;
            let x_num = x_label + label_w;
            let x_name = x_num + natural_width(&num);
            let lines = break_lines(
                &name.glyphs,
                g.width - x_name,
                0.0,
                true,
                self.style.punctuation,
            );
            for (li, l) in lines.iter().enumerate() {
                let mut items_out = Vec::new();
                if li == 0 {
                    if i == 0 {
                        place(
                            &label,
                            0,
                            label.glyphs.len(),
                            &solid_xs(&label),
                            g.left + x_label,
                            base,
                            &mut items_out,
                        );
                    }
                    place(
                        &num,
                        0,
                        num.glyphs.len(),
                        &solid_xs(&num),
                        g.left + x_num,
                        base,
                        &mut items_out,
                    );
                }
                place(
                    &name,
                    l.start,
                    l.end,
                    &l.xs,
                    g.left + x_name,
                    base,
                    &mut items_out,
                );
                self.line(items_out, false, None);
            }
        }
    }

    fn signature(&mut self, sig: &Signature) {
        let g = self.geo;
        let size = self.body_size();
        let cell = Some(g.cell);
        let c = g.cell;
        // The signature never stands alone at the top of a page: it takes the last two
        // lines of text with it.
        self.keep_last_lines(2);
        if !matches!(self.slots.last(), Some(Slot::Blank { .. })) {
            self.slots.push(Slot::Blank {
                keep: true,
                forced: false,
            });
        } else if let Some(Slot::Blank { keep, .. }) = self.slots.last_mut() {
            *keep = true;
        }
        let issuers: Vec<Shaped> = sig
            .issuers
            .iter()
            .map(|t| self.sh.shape(t, FontRole::Body, size, cell))
            .collect();
        let date = self.sh.shape_str(&sig.date, FontRole::Body, size, cell);
        let iss_w = issuers.iter().map(natural_width).fold(0.0, f64::max);
        let date_w = natural_width(&date);
        let r = g.width;
        let (iss_x, date_x): (Vec<f64>, f64) = if sig.seal {
            let date_x = r - 4.0 * c - date_w;
            (
                issuers
                    .iter()
                    .map(|s| date_x + (date_w - natural_width(s)) / 2.0)
                    .collect(),
                date_x,
            )
        } else {
            let mut ix = r - 2.0 * c - iss_w;
            let mut dx = ix + 2.0 * c;
            if dx + date_w > r - 2.0 * c + 1e-6 {
                dx = r - 2.0 * c - date_w;
                ix = dx - 2.0 * c;
            }
            // each issuer right-aligned on the same right edge
            (
                issuers
                    .iter()
                    .map(|s| ix + iss_w - natural_width(s))
                    .collect(),
                dx,
            )
        };
        let base = baseline_in_line(g.pitch, size);
        for (s, x) in issuers.iter().zip(iss_x) {
            let mut items = Vec::new();
            place(
                s,
                0,
                s.glyphs.len(),
                &solid_xs(s),
                g.left + x.max(0.0),
                base,
                &mut items,
            );
            self.line(items, true, None);
        }
        let mut items = Vec::new();
        place(
            &date,
            0,
            date.glyphs.len(),
            &solid_xs(&date),
            g.left + date_x.max(0.0),
            base,
            &mut items,
        );
        self.line(items, false, None);
    }

    fn imprint(&mut self, imp: &Imprint) {
        // always on a portrait page (flow starts one after a landscape attachment)
        let g = Geo::new(self.style, crate::model::Orientation::Portrait);
        let size = self.style.sizes.imprint;
        let one = size; // one character of 4号
        let base = baseline_in_line(g.pitch, size);
        let mut rows: Vec<Vec<Item>> = Vec::new();
        let mut starts = Vec::new();
        if !imp.cc.is_empty() {
            starts.push(rows.len());
            let label = self.sh.shape_str("抄送：", FontRole::Body, size, None);
            let names = format!("{}。", imp.cc.join("，"));
            let names = self.sh.shape_str(&names, FontRole::Body, size, None);
            let x_names = one + natural_width(&label);
            let lines = break_lines(
                &names.glyphs,
                g.width - x_names - one,
                0.0,
                true,
                self.style.punctuation,
            );
            for (i, l) in lines.iter().enumerate() {
                let mut items = Vec::new();
                if i == 0 {
                    place(
                        &label,
                        0,
                        label.glyphs.len(),
                        &solid_xs(&label),
                        g.left + one,
                        base,
                        &mut items,
                    );
                }
                place(
                    &names,
                    l.start,
                    l.end,
                    &l.xs,
                    g.left + x_names,
                    base,
                    &mut items,
                );
                rows.push(items);
            }
        }
        if imp.printed_by.is_some() || imp.printed_on.is_some() {
            starts.push(rows.len());
            let mut items = Vec::new();
            if let Some(by) = &imp.printed_by {
                let s = self.sh.shape_str(by, FontRole::Body, size, None);
                place(
                    &s,
                    0,
                    s.glyphs.len(),
                    &solid_xs(&s),
                    g.left + one,
                    base,
                    &mut items,
                );
            }
            if let Some(on) = &imp.printed_on {
                let s = self
                    .sh
                    .shape_str(&format!("{on}印发"), FontRole::Body, size, None);
                let w = extent(&s, 0, s.glyphs.len(), &solid_xs(&s));
                place(
                    &s,
                    0,
                    s.glyphs.len(),
                    &solid_xs(&s),
                    g.right() - one - w,
                    base,
                    &mut items,
                );
            }
            rows.push(items);
        }
        if !rows.is_empty() {
            self.slots.push(Slot::Imprint { rows, starts });
        }
    }

    fn attachment(&mut self, a: &Attachment) {
        self.geo = Geo::new(self.style, a.orientation);
        self.slots.push(Slot::NewPage(a.orientation));
        let g = self.geo;
        let size = self.body_size();
        let label = self
            .sh
            .shape_str(&a.label, FontRole::Hei, size, Some(g.cell));
        let mut items = Vec::new();
        place(
            &label,
            0,
            label.glyphs.len(),
            &solid_xs(&label),
            g.left,
            baseline_in_line(g.pitch, size),
            &mut items,
        );
        self.line(
            items,
            true,
            Some((1, format!("{} {}", a.label, plain_text(&a.title)))),
        );
        self.slots.push(Slot::Blank {
            keep: true,
            forced: true,
        });
        if !a.title.is_empty() {
            self.title(std::slice::from_ref(&a.title));
            self.slots.push(Slot::Blank {
                keep: false,
                forced: true,
            });
        }
        self.blocks(&a.blocks);
    }
}
