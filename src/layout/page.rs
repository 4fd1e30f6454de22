//! Composing pages: blocks become grid lines (slots), slots are paginated 22 to a page with
//! keep rules (headings with their text, no single first or last line of a paragraph alone,
//! the signature with the last lines of text), then page numbers and the 版记 are added.

use super::linebreak::{Class, break_lines, is_no_end, is_no_start};
use super::shape::{Shaped, Shaper, extent, natural_width, place, solid_xs};
use super::table::{self, TableSlot};
use super::{Frame, Item, OutlineEntry, Page, Pages};
use crate::diag::Diagnostic;
use crate::fonts::{Fonts, ROLES, role_name};
use crate::model::{
    Align, Attachment, Block, Document, FontRole, Heading, Imprint, Inline, Orientation, Signature,
    plain_text,
};
use crate::style::{Style, mm_to_pt};

/// Where the text block of a page is, in PDF points.
#[derive(Debug, Clone, Copy)]
pub struct Geo {
    pub orientation: Orientation,
    pub page_w: f64,
    pub page_h: f64,
    pub left: f64,
    /// y of the top edge of the text block.
    pub top: f64,
    pub width: f64,
    pub height: f64,
    /// Grid cell (156 mm / 28) and line pitch (579 twips).
    pub cell: f64,
    pub pitch: f64,
}

impl Geo {
    pub fn new(style: &Style, o: Orientation) -> Geo {
        let p = &style.page;
        let cell = style.char_pitch_pt();
        let pitch = style.line_pitch_pt();
        match o {
            Orientation::Portrait => Geo {
                orientation: o,
                page_w: mm_to_pt(p.width_mm),
                page_h: mm_to_pt(p.height_mm),
                left: mm_to_pt(p.left_mm),
                top: mm_to_pt(p.height_mm - p.top_mm),
                width: mm_to_pt(style.block_width_mm()),
                height: mm_to_pt(style.block_height_mm()),
                cell,
                pitch,
            },
            // The portrait page turned a quarter: the binding margin (订口) is at the top,
            // the 天头 on the right.
            Orientation::Landscape => Geo {
                orientation: o,
                page_w: mm_to_pt(p.height_mm),
                page_h: mm_to_pt(p.width_mm),
                left: mm_to_pt(p.bottom_mm),
                top: mm_to_pt(p.width_mm - p.left_mm),
                width: mm_to_pt(style.block_height_mm()),
                height: mm_to_pt(style.block_width_mm()),
                cell,
                pitch,
            },
        }
    }

    fn right(&self) -> f64 {
        self.left + self.width
    }

    fn bottom(&self) -> f64 {
        self.top - self.height
    }
}

/// One line of the grid before pagination. Item y values are relative to the line's top.
struct LineSlot {
    items: Vec<Item>,
    keep: bool,
    outline: Option<(u8, String)>,
    /// Number of grid lines it takes (a title line may take more).
    lines: u32,
}

enum Slot {
    Line(LineSlot),
    Blank {
        keep: bool,
        forced: bool,
    },
    NewPage(Orientation),
    /// 版记: rows of items (relative to their row top) and the index of the first row of
    /// each element (for the thin rules between elements).
    Imprint {
        rows: Vec<Vec<Item>>,
        starts: Vec<usize>,
    },
    Table(TableSlot),
}

struct Composer<'s, 'f, 'a> {
    style: &'s Style,
    sh: Shaper<'f, 'a>,
    geo: Geo,
    slots: Vec<Slot>,
}

fn shift_items(items: &mut [Item], dy: f64) {
    for it in items {
        match it {
            Item::Text(t) => t.baseline += dy,
            Item::Rule { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Marker { y, .. } => *y += dy,
        }
    }
}

/// Baseline of a line of type `size` below the top of its grid line: the ideographic em
/// box (0.88 / −0.12 em) centred in the line.
fn baseline_in_line(pitch: f64, size: f64) -> f64 {
    -(pitch / 2.0 + 0.38 * size)
}

pub fn layout_document(
    doc: &Document,
    style: &Style,
    fonts: &mut Fonts,
    allow_missing_glyphs: bool,
) -> Result<Pages, Vec<Diagnostic>> {
    let mut errs = Vec::new();
    for role in ROLES {
        if fonts.primary(role).is_none() {
            errs.push(
                Diagnostic::error(format!(
                    "no font for the {} role: none of {} is installed",
                    role_name(role),
                    style.pdf_chain(role).join(", ")
                ))
                .hint("install one (e.g. fonts-noto-cjk) or add a folder with --font-dir"),
            );
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let geo = Geo::new(style, doc.orientation);
    let mut c = Composer {
        style,
        sh: Shaper {
            fonts,
            allow_missing: allow_missing_glyphs,
            missing: Default::default(),
        },
        geo,
        slots: Vec::new(),
    };
    c.blocks(&doc.blocks);
    let missing = std::mem::take(&mut c.sh.missing.diags);
    if missing.iter().any(|d| d.is_error()) {
        return Err(missing.into_iter().filter(|d| d.is_error()).collect());
    }
    let mut pages = c.paginate(doc.orientation);
    pages.warnings.extend(missing);
    Ok(pages)
}

impl Composer<'_, '_, '_> {
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

    fn blocks(&mut self, blocks: &[Block]) {
        let mut prev_title = false;
        for b in blocks {
            let is_title = matches!(b, Block::Title { .. } | Block::Subtitle { .. });
            if prev_title && !is_title {
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
                Block::PageBreak => self.slots.push(Slot::NewPage(self.geo.orientation)),
                Block::BlankLine => self.slots.push(Slot::Blank {
                    keep: false,
                    forced: false,
                }),
                Block::Attachment(a) => self.attachment(a),
            }
            prev_title = is_title;
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
        let lines = break_lines(&s.glyphs, g.width, indent, align == Align::Justify);
        let n = lines.len();
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
            // No lone first or last line of a paragraph at a page edge.
            let keep = keep_all || (n >= 2 && (i == 0 || i + 2 == n));
            self.slots.push(Slot::Line(LineSlot {
                items,
                keep,
                outline: if i == 0 { outline.clone() } else { None },
                lines: 1,
            }));
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
            for (a, b) in balance_title(&shaped[0], g.width) {
                rows.push((0, a, b));
            }
        } else {
            for (i, s) in shaped.iter().enumerate() {
                // an explicit line that is still too long is broken again
                for (a, b) in balance_title(s, g.width) {
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
            self.slots.push(Slot::Line(LineSlot {
                items,
                keep: true,
                outline: None,
                lines: 1,
            }));
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
            let lines = break_lines(&name.glyphs, g.width - x_name, 0.0, true);
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
                self.slots.push(Slot::Line(LineSlot {
                    items: items_out,
                    keep: false,
                    outline: None,
                    lines: 1,
                }));
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
            self.slots.push(Slot::Line(LineSlot {
                items,
                keep: true,
                outline: None,
                lines: 1,
            }));
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
        self.slots.push(Slot::Line(LineSlot {
            items,
            keep: false,
            outline: None,
            lines: 1,
        }));
    }

    fn imprint(&mut self, imp: &Imprint) {
        let g = self.geo;
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
            let lines = break_lines(&names.glyphs, g.width - x_names - one, 0.0, true);
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
        self.slots.push(Slot::Line(LineSlot {
            items,
            keep: true,
            outline: Some((1, format!("{} {}", a.label, plain_text(&a.title)))),
            lines: 1,
        }));
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

    /// Puts the slots on pages.
    fn paginate(self, first: Orientation) -> Pages {
        let style = self.style;
        let mut fonts_sh = self.sh;
        let mut p = Paginator {
            pages: Vec::new(),
            outline: Vec::new(),
            geo: Geo::new(style, first),
            used: 0.0,
            style,
        };
        p.new_page(first);
        let slots = self.slots;
        let eps = 1e-6;
        for idx in 0..slots.len() {
            match &slots[idx] {
                Slot::NewPage(o) => {
                    if p.used > 0.0 || p.geo.orientation != *o || !p.page_empty() {
                        p.new_page(*o);
                    }
                }
                Slot::Blank { forced, .. } => {
                    if p.used == 0.0 && !forced {
                        continue;
                    }
                    if p.used + p.geo.pitch > p.geo.height + eps {
                        p.new_page(p.geo.orientation);
                        if !forced {
                            continue;
                        }
                    }
                    p.used += p.geo.pitch;
                }
                Slot::Line(l) => {
                    let chain = chain_height(&slots, idx, p.geo.pitch);
                    if p.used > 0.0
                        && p.used + chain > p.geo.height + eps
                        && chain <= p.geo.height - p.geo.pitch
                    {
                        p.new_page(p.geo.orientation);
                    }
                    let h = p.geo.pitch * l.lines as f64;
                    if p.used > 0.0 && p.used + h > p.geo.height + eps {
                        p.new_page(p.geo.orientation);
                    }
                    let top = p.geo.top - p.used;
                    let mut items = l.items.clone();
                    shift_items(&mut items, top);
                    if let Some((level, title)) = &l.outline {
                        p.outline.push(OutlineEntry {
                            level: *level,
                            title: title.clone(),
                            page: p.pages.len() - 1,
                            y: top,
                        });
                    }
                    p.push_items(items);
                    p.used += h;
                }
                Slot::Imprint { rows, starts } => {
                    let g = p.geo;
                    let lines = (g.height / g.pitch + eps).floor();
                    let m = rows.len() as f64;
                    let first_top = g.top - (lines - m) * g.pitch;
                    if g.top - p.used < first_top - eps {
                        p.new_page(g.orientation);
                    }
                    let mut items = Vec::new();
                    for (i, row) in rows.iter().enumerate() {
                        let top = first_top - i as f64 * g.pitch;
                        let mut r = row.clone();
                        shift_items(&mut r, top);
                        items.extend(r);
                        if starts.contains(&i) {
                            let w = if i == 0 {
                                mm_to_pt(0.35)
                            } else {
                                mm_to_pt(0.25)
                            };
                            items.push(Item::Rule {
                                x1: g.left,
                                y1: top,
                                x2: g.right(),
                                y2: top,
                                width: w,
                            });
                        }
                    }
                    let bottom = g.bottom() + mm_to_pt(0.35) / 2.0;
                    items.push(Item::Rule {
                        x1: g.left,
                        y1: bottom,
                        x2: g.right(),
                        y2: bottom,
                        width: mm_to_pt(0.35),
                    });
                    p.push_items(items);
                    p.used = g.height;
                }
                Slot::Table(t) => {
                    table::paginate(t, &mut p);
                }
            }
        }
        // Page numbers, "— N —", every page.
        let n = p.pages.len();
        for i in 0..n {
            let num = (i + 1) as u32;
            let items = page_number(&mut fonts_sh, style, orientation_of(&p.pages[i]), num);
            p.pages[i].items.extend(items);
            p.pages[i].number = Some(num);
        }
        Pages {
            pages: p.pages,
            outline: p.outline,
            warnings: Vec::new(),
        }
    }
}

fn orientation_of(p: &Page) -> Orientation {
    if p.width > p.height {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    }
}

/// Height of the keep chain starting at `idx`: the line and every following line or blank
/// while each is marked keep-with-next.
fn chain_height(slots: &[Slot], idx: usize, pitch: f64) -> f64 {
    let mut h = 0.0;
    let mut i = idx;
    while i < slots.len() {
        match &slots[i] {
            Slot::Line(l) => {
                h += pitch * l.lines as f64;
                if !l.keep {
                    break;
                }
            }
            Slot::Blank { keep, .. } => {
                h += pitch;
                if !keep {
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    h
}

/// Pages under construction; tables paginate through it too.
pub struct Paginator<'s> {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub geo: Geo,
    /// Height used on the current page from the top of the text block, pt.
    pub used: f64,
    pub style: &'s Style,
}

impl Paginator<'_> {
    pub fn new_page(&mut self, o: Orientation) {
        self.geo = Geo::new(self.style, o);
        self.pages.push(Page {
            width: self.geo.page_w,
            height: self.geo.page_h,
            items: Vec::new(),
            number: None,
        });
        self.used = 0.0;
    }

    pub fn page_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.items.is_empty())
    }

    pub fn push_items(&mut self, items: Vec<Item>) {
        if let Some(p) = self.pages.last_mut() {
            p.items.extend(items);
        }
    }
}

/// Where "— N —" goes on the portrait sheet, in its coordinates (pt): the x of the number's
/// left end and the y of the dashes' middle. 7.5: the dashes `page_number_gap_mm` under the
/// text block, odd pages flush right and even pages flush left, one character (the number's
/// own size) in from the edge of the block. `w` is the number's width.
fn page_number_place(style: &Style, num: u32, w: f64) -> (f64, f64) {
    let g = Geo::new(style, Orientation::Portrait);
    let size = style.sizes.page_number;
    let x = if num % 2 == 1 {
        g.right() - size - w
    } else {
        g.left + size
    };
    (x, g.bottom() - mm_to_pt(style.page.page_number_gap_mm))
}

/// "— N —" in 4号 宋体 (7.5): an em dash, a half-width space, the number, a space, an em
/// dash, placed by [`page_number_place`].
///
/// A landscape page is a portrait sheet turned in the bound document (8: 表格横排时，页码位置
/// 与文件其他页码保持一致，单页码表头在订口一边，双页码表头在切口一边). Odd pages bind on
/// the sheet's left and even pages have their cut edge there, so in both cases the table's
/// head is at the sheet's left edge, which is the landscape page's top: the sheet is the page
/// turned back a quarter anticlockwise, and its footer lies in the page's left margin. The
/// number is therefore placed exactly as on a portrait page and drawn in the sheet's frame
/// ([`Frame::Sheet`]: sheet (x, y) = page (y, page height − x)). With the default style:
/// the dashes' middle on the line x = 35 − 7 = 28 mm of the page (7 mm left of the
/// landscape block, which starts at the portrait bottom margin, 35 mm); the number reads
/// downwards, and ends one character above the block's bottom edge (26 mm, the portrait
/// right margin) on odd pages, starts one character below its top edge (182 mm = 210 − 28,
/// the portrait left margin) on even pages.
fn page_number(sh: &mut Shaper, style: &Style, o: Orientation, num: u32) -> Vec<Item> {
    let size = style.sizes.page_number;
    let mut s = sh.shape_str(&format!("— {num} —"), FontRole::Song, size, None);
    // A half-width space each side of the number (a face's own space may be a sliver, and
    // "—1—" reads as one mark).
    for g in s.glyphs.iter_mut().filter(|g| g.class == Class::Space) {
        g.width = 0.5 * size;
        g.advance = 0.5 * size;
    }
    let xs = solid_xs(&s);
    let w = extent(&s, 0, s.glyphs.len(), &xs);
    let (x, centre) = page_number_place(style, num, w);
    let mid = sh
        .fonts
        .glyph(FontRole::Song, '—')
        .and_then(|m| sh.fonts.glyph_extent(m))
        .map(|(a, b)| (a + b) / 2.0)
        .unwrap_or(0.3);
    let mut items = Vec::new();
    place(
        &s,
        0,
        s.glyphs.len(),
        &xs,
        x,
        centre - mid * size,
        &mut items,
    );
    if o == Orientation::Landscape {
        let page_h = Geo::new(style, o).page_h;
        for it in &mut items {
            match it {
                Item::Text(t) => t.frame = Frame::Sheet,
                // A marker is a box: turned, it is still one, with its sides swapped.
                Item::Marker { x, y, w, h } => {
                    let (px, py) = Frame::Sheet.to_page(*x + *w, *y, page_h);
                    (*x, *y, *w, *h) = (px, py, *h, *w);
                }
                Item::Rule { .. } => {}
            }
        }
    }
    items
}

/// Cost of breaking a title before `chars[i]`, from 0 (a clear boundary) to 1 (possibly
/// inside a word).
///
/// Dictionary-free: 公文 titles are built from a few parts, "发文机关 + 关于 + 事由 + 的 +
/// 文种" (中共××局党组 / 关于 / ××情况 / 的通报), so the boundaries worth knowing are the
/// joints between those parts, which a handful of characters mark:
/// - punctuation: after 、，；： and closing marks, before opening marks (0);
/// - 关于: before it and after it (0.1);
/// - the end of an organ's name: after 党组 / 党委 / 委员会 / 政府 / 办公室 (0.2), after
///   a single organ suffix (局 厅 署 院 处 办 部 所 站 中心) unless the name goes on
///   (局长, 部门, 办公…) (0.3), after a place suffix (省 市 区 县 州 镇 乡) unless it is
///   part of an organ (区委, 市政府, 县直…) (0.3), after a leading 中共 (0.3);
/// - the 文种 at the end: before 的 + 通报/通知/报告/意见/决定/方案… (0.2), before 情况 (0.3);
/// - conjunctions 和 与 及 暨 并: before (0.3) or after (0.4); 的 on either side (0.5).
///
/// Anything else may split a word (1).
fn title_break_cost(chars: &[char], i: usize) -> f64 {
    let at = |k: usize| chars.get(k).copied().unwrap_or(' ');
    let a = at(i - 1);
    let b = at(i);
    let next = at(i + 1);
    let prev = if i >= 2 { at(i - 2) } else { ' ' };
    let pair_before = [prev, a];
    let tail: String = chars[i..].iter().collect();
    if "、，；：".contains(a) || is_no_start(a) || is_no_end(b) {
        return 0.0;
    }
    if (b == '关' && next == '于') || pair_before == ['关', '于'] {
        return 0.1;
    }
    let head: String = chars[..i].iter().collect();
    if ["党组", "党委", "委员会", "政府", "办公室", "工委"]
        .iter()
        .any(|w| head.ends_with(w))
    {
        return 0.2;
    }
    if b == '的'
        && [
            "通报", "通知", "报告", "意见", "决定", "方案", "批复", "请示", "函", "纪要",
        ]
        .iter()
        .any(|w| tail[b.len_utf8()..].starts_with(w))
    {
        return 0.2;
    }
    if "局厅署院处办部所站".contains(a) && !"长门内务员公室机级属直".contains(b)
    {
        return 0.3;
    }
    if head.ends_with("中心") || (i == 2 && head == "中共") {
        return 0.3;
    }
    if "省市区县州镇乡".contains(a) && !"委政直级属长人纪域内".contains(b) && i >= 3
    {
        return 0.3;
    }
    if tail.starts_with("情况") || "和与及暨并".contains(b) {
        return 0.3;
    }
    if "和与及暨并".contains(a) {
        return 0.4;
    }
    if a == '的' || b == '的' {
        return 0.5;
    }
    1.0
}

/// Breaks a title into balanced lines at word boundaries (7.3.1: a trapezoid or diamond,
/// never one or two characters alone, 禁则 respected).
///
/// Every split is scored: the squared deviation of each line from the mean width (in
/// characters), plus 40 × the break cost of [`title_break_cost`] (so a word split costs
/// more than any imbalance a boundary break brings), plus 12 for each line beyond the
/// fewest that fit (so a split word is avoided with one more line when that is the only
/// way, but boundaries alone do not add lines). The best split is found exhaustively by
/// dynamic programming for the fewest lines and one more.
pub fn balance_title(s: &Shaped, width: f64) -> Vec<(usize, usize)> {
    const BREAK_WEIGHT: f64 = 40.0;
    const LINE_PENALTY: f64 = 12.0;
    let gs = &s.glyphs;
    let n = gs.len();
    if n == 0 {
        return vec![(0, 0)];
    }
    let w_of = |a: usize, b: usize| -> f64 {
        if b <= a {
            return 0.0;
        }
        gs[a..b - 1].iter().map(|g| g.width).sum::<f64>() + gs[b - 1].advance
    };
    if w_of(0, n) <= width + 1e-6 {
        return vec![(0, n)];
    }
    let chars: Vec<char> = gs.iter().map(|g| g.ch).collect();
    let allowed = |i: usize| -> bool {
        // break before glyph i
        let (a, b) = (chars[i - 1], chars[i]);
        !(is_no_start(b)
            || is_no_end(a)
            || (gs[i - 1].class == Class::Half && gs[i].class == Class::Half))
    };
    let em = s.size.max(1.0);
    let mut best: Option<(f64, Vec<(usize, usize)>)> = None;
    let mut first_feasible: Option<usize> = None;
    for lines in 2..=n {
        if first_feasible.is_some_and(|f| lines > f + 1) {
            break;
        }
        let target = w_of(0, n) / lines as f64;
        // dp[j][i]: best cost for j lines covering 0..i
        let inf = f64::INFINITY;
        let mut dp = vec![vec![inf; n + 1]; lines + 1];
        let mut back = vec![vec![0usize; n + 1]; lines + 1];
        dp[0][0] = 0.0;
        for j in 1..=lines {
            for i in 1..=n {
                if i < n && !allowed(i) {
                    continue;
                }
                for k in 0..i {
                    if dp[j - 1][k] == inf {
                        continue;
                    }
                    let w = w_of(k, i);
                    if w > width + 1e-6 || (i - k <= 2 && n > 2) {
                        continue;
                    }
                    let dev = (w - target) / em;
                    let brk = if i < n {
                        BREAK_WEIGHT * title_break_cost(&chars, i)
                    } else {
                        0.0
                    };
                    let c = dp[j - 1][k] + dev * dev + brk;
                    if c < dp[j][i] {
                        dp[j][i] = c;
                        back[j][i] = k;
                    }
                }
            }
        }
        if dp[lines][n] == inf {
            continue;
        }
        let first = *first_feasible.get_or_insert(lines);
        let cost = dp[lines][n] + LINE_PENALTY * (lines - first) as f64;
        if best.as_ref().is_none_or(|(b, _)| cost < *b) {
            let mut out = Vec::new();
            let mut i = n;
            for j in (1..=lines).rev() {
                let k = back[j][i];
                out.push((k, i));
                i = k;
            }
            out.reverse();
            best = Some((cost, out));
        }
    }
    best.map(|(_, b)| b).unwrap_or_else(|| vec![(0, n)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::linebreak::{Glyph, classify};

    /// A title at 2号 on the 156 mm block, every character one em wide.
    fn title(s: &str) -> Vec<String> {
        let size = 22.0;
        let glyphs: Vec<Glyph> = s
            .chars()
            .map(|ch| Glyph {
                ch,
                class: classify(ch),
                width: size,
                advance: size,
                run: 0,
            })
            .collect();
        let shaped = Shaped {
            faces: vec![Some(0); glyphs.len()],
            gids: vec![1; glyphs.len()],
            glyphs,
            size,
        };
        let chars: Vec<char> = s.chars().collect();
        balance_title(&shaped, mm_to_pt(156.0))
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn the_landscape_block_is_the_portrait_block_on_the_turned_sheet() {
        let style = Style::default();
        let (p, l) = (
            Geo::new(&style, Orientation::Portrait),
            Geo::new(&style, Orientation::Landscape),
        );
        let to = |x, y| Frame::Sheet.to_page(x, y, l.page_h);
        // the sheet's (left, bottom) corner of the block is the page's (left, top) …
        let (x, y) = to(p.left, p.bottom());
        assert!((x - l.left).abs() < 1e-9 && (y - l.top).abs() < 1e-9);
        // … and its (right, top) the page's (right, bottom)
        let (x, y) = to(p.right(), p.top);
        assert!((x - l.right()).abs() < 1e-9 && (y - l.bottom()).abs() < 1e-9);
        // margins: left 35 (portrait bottom), top 28 (订口), right 37 (天头), bottom 26
        let mm = |v: f64| v / mm_to_pt(1.0);
        assert!((mm(l.left) - 35.0).abs() < 1e-9);
        assert!((mm(l.page_h - l.top) - 28.0).abs() < 1e-9);
        assert!((mm(l.page_w - l.right()) - 37.0).abs() < 1e-9);
        assert!((mm(l.bottom()) - 26.0).abs() < 1e-9);
    }

    #[test]
    fn landscape_page_number_lies_where_the_portrait_footer_is_on_the_turned_sheet() {
        let style = Style::default();
        let l = Geo::new(&style, Orientation::Landscape);
        let to = |x, y| Frame::Sheet.to_page(x, y, l.page_h);
        let size = style.sizes.page_number;
        let w = 50.0;
        // odd: the dashes' middle on x = 28 mm, 7 mm left of the block; the number ends one
        // character above the block's bottom edge (26 mm)
        let (x, centre) = page_number_place(&style, 1, w);
        let (mid, start) = to(x, centre);
        let (_, end) = to(x + w, centre);
        assert!((mid - mm_to_pt(28.0)).abs() < 1e-9, "{mid}");
        assert!((mid - (l.left - mm_to_pt(7.0))).abs() < 1e-9);
        assert!(start > end, "reads downwards");
        assert!((end - (l.bottom() + size)).abs() < 1e-9, "{end}");
        assert!((end - (mm_to_pt(26.0) + size)).abs() < 1e-9);
        // even: same line, starting one character below the block's top edge (182 mm)
        let (x, centre) = page_number_place(&style, 2, w);
        let (mid, start) = to(x, centre);
        assert!((mid - mm_to_pt(28.0)).abs() < 1e-9);
        assert!((start - (l.top - size)).abs() < 1e-9, "{start}");
        assert!((start - (mm_to_pt(182.0) - size)).abs() < 1e-9);
    }

    #[test]
    fn example_title_breaks_between_organ_and_party_group_not_inside_a_word() {
        // 37 characters, 20 fit a line: 管/理 (the old break) splits 管理局.
        let t = title("中共郑州市惠济区行政审批和政务信息管理局党组关于区委巡察整改进展情况的通报");
        assert_eq!(
            t,
            [
                "中共郑州市惠济区行政审批和政务信息管理局",
                "党组关于区委巡察整改进展情况的通报"
            ]
        );
    }

    #[test]
    fn ledger_title_keeps_the_organ_name_whole() {
        // 34 characters: 17/17 would split 政务信息/管理局; the boundary after 管理局 wins.
        let t = title("中共郑州市惠济区行政审批和政务信息管理局党组区委巡察反馈问题整改台账");
        assert_eq!(
            t,
            [
                "中共郑州市惠济区行政审批和政务信息管理局",
                "党组区委巡察反馈问题整改台账"
            ]
        );
    }

    #[test]
    fn title_breaks_at_guanyu_and_balances() {
        let t = title("中共惠阳区审计局党组关于巡察整改进展情况的通报");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("关于") || t[1].starts_with("关于"), "{t:?}");
        let (a, b) = (t[0].chars().count() as i32, t[1].chars().count() as i32);
        assert!((a - b).abs() <= 3, "{t:?}");
    }

    #[test]
    fn title_never_leaves_a_lone_character() {
        // 21 characters: one more than a line holds.
        let t = title("关于进一步加强巡察整改和成果运用工作的实施意见");
        assert!(t.iter().all(|l| l.chars().count() >= 3), "{t:?}");
        assert!(t.len() == 2, "{t:?}");
    }

    #[test]
    fn title_breaks_at_punctuation_or_conjunction() {
        let t = title("关于巡察反馈意见、审计发现问题和信访举报线索整改情况的通报");
        assert!(
            t[0].ends_with('、') || t[0].ends_with('和') || t[1].starts_with('和'),
            "{t:?}"
        );
    }
}
