//! DOCX backend: the document model as WordprocessingML with real paragraph styles, so that
//! Word, WPS and LibreOffice lay it out on the GB/T 9704 grid and the office can still edit
//! and restyle it.
//!
//! The parts are written directly (not through docx-rs' builder): the feasibility study found
//! that a docx-rs document needs patching in nearly every part (`firstLineChars`, `tblHeader`,
//! per-section even footers, core title/subject, and schema order in `pPr`, `sectPr`,
//! `settings` and styles). Writing the few parts ourselves puts the schema order in one
//! tested module ([`xml`]) instead of a string-patch pass, and the zip is packed with fixed
//! timestamps ([`pack`]) so that the same input gives the same bytes.
//!
//! Grid: a `lines` document grid (linePitch 579) with exact 579-twip line spacing and
//! −0.25 pt character spacing on 3号 text gives 22 lines × 28 characters in LibreOffice,
//! Word and WPS; Word's `linesAndChars` grid gives 19 characters a line in LibreOffice.

/// Also the OFD's package: the same fixed order and timestamps.
pub(crate) mod pack;
mod parts;
mod xml;

use super::Output;
use crate::diag::Diagnostic;
use crate::model::{
    Align, Attachment, Block, Cell, Document, FontRole, Heading, Imprint, Inline, MeasureList,
    Orientation, Paragraph, RowKind, Signature, Table, VMerge,
};
use crate::style::Style;
use parts::{Dims, ids};
use std::fmt::Write as _;
use xml::{Ind, Jc, PPr, RPr, SectGeom};

/// Writes `doc` as a DOCX package. Errors: a table whose rows do not fit its columns, or a
/// packaging failure.
pub fn write(doc: &Document, style: &Style) -> Result<Output, Vec<Diagnostic>> {
    let mut w = Writer::new(style, doc.orientation);
    w.blocks(&doc.blocks);
    if !w.errors.is_empty() {
        return Err(w.errors);
    }
    let document = w.finish();
    let d = &w.d;
    let styles = parts::styles_xml(d);
    let settings = parts::settings_xml();
    let fonts = parts::font_table_xml(d);
    let footer_odd = parts::footer_xml(d, true);
    let footer_even = parts::footer_xml(d, false);
    let landscape = w.any_landscape;
    let turned =
        landscape.then(|| [true, false].map(|odd| parts::landscape_footer_xml(d, odd, w.turned)));
    let core = parts::core_xml(&doc.meta);
    let content_types = parts::content_types_xml(landscape);
    let root_rels = parts::root_rels_xml();
    let doc_rels = parts::document_rels_xml(landscape);
    let app = parts::app_xml();
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/app.xml", app.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/settings.xml", settings.as_bytes()),
        ("word/fontTable.xml", fonts.as_bytes()),
        ("word/footer1.xml", footer_odd.as_bytes()),
        ("word/footer2.xml", footer_even.as_bytes()),
    ];
    if let Some([odd, even]) = &turned {
        files.push(("word/footer3.xml", odd.as_bytes()));
        files.push(("word/footer4.xml", even.as_bytes()));
    }
    let bytes = pack::pack(&files)
        .map_err(|e| vec![Diagnostic::error(format!("cannot pack the DOCX: {e}"))])?;
    Ok(Output {
        bytes,
        warnings: w.warnings,
        pages: None,
    })
}

/// Height the 版记 rules add to its lines (three rules of 0.75–1 pt with 1 pt spacing each, as LibreOffice adds them, and a margin), twips.
const BORDER_ROOM: u32 = 200;

fn twips_mm(mm: f64) -> u32 {
    (mm * 1440.0 / 25.4).round().max(0.0) as u32
}

fn half_points(pt: f64) -> u32 {
    if pt.is_finite() {
        (pt * 2.0).round().clamp(2.0, 3276.0) as u32
    } else {
        28
    }
}

/// Width of `s` in grid characters: CJK and full-width forms are one, the rest half.
fn width_chars(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if c.is_ascii() || ('\u{FF61}'..='\u{FFDC}').contains(&c) {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

enum Elem {
    P(Box<PPr>, String),
    Table(String),
}

struct Writer<'a> {
    style: &'a Style,
    d: Dims,
    portrait: SectGeom,
    landscape: SectGeom,
    /// The landscape sections' page number box.
    turned: parts::TurnedBox,
    /// Whether any section is landscape (the package then has its footers).
    any_landscape: bool,
    orientation: Orientation,
    body: Vec<Elem>,
    pending_break: bool,
    /// Left and right margin of the current table's cells (twips).
    cell_margin: u32,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl<'a> Writer<'a> {
    fn new(style: &'a Style, orientation: Orientation) -> Writer<'a> {
        let p = &style.page;
        let f = &style.docx_fonts;
        let body_pt = style.sizes.body;
        let body_size = half_points(body_pt);
        let block_twips = twips_mm(style.block_width_mm()) as f64;
        let d = Dims {
            line_pitch: p.line_pitch_twips,
            body_spacing: p.char_spacing_twips,
            body_char: (body_pt * 20.0).round() as i32 + p.char_spacing_twips,
            grid_char: (block_twips / p.chars.max(1) as f64).round() as i32,
            title_size: half_points(style.sizes.title),
            body_size,
            page_number_size: half_points(style.sizes.page_number),
            imprint_size: half_points(style.sizes.imprint),
            table_size: half_points(style.sizes.table),
            font_title: f.title.clone(),
            font_body: f.body.clone(),
            font_hei: f.hei.clone(),
            font_kai: f.kai.clone(),
            font_song: f.song.clone(),
            font_latin: f.latin.clone(),
        };
        // The footer distance puts the middle of the "— N —" line `page_number_gap_mm` under
        // the text block: page bottom to the line's bottom = margin − gap − half a line
        // (single spacing ≈ 1.3 × the size, as LibreOffice and Word set 宋体).
        let pn_line_mm = style.sizes.page_number * 1.3 * 25.4 / 72.0;
        let footer = twips_mm(p.bottom_mm - p.page_number_gap_mm - pn_line_mm / 2.0);
        let (w, h) = (twips_mm(p.width_mm), twips_mm(p.height_mm));
        let portrait = SectGeom {
            width: w,
            height: h,
            landscape: false,
            top: twips_mm(p.top_mm),
            right: twips_mm(p.right_mm),
            bottom: twips_mm(p.bottom_mm),
            left: twips_mm(p.left_mm),
            header: twips_mm(15.0),
            footer,
            line_pitch: p.line_pitch_twips,
        };
        // Landscape: the portrait page turned so that the table's head is on the binding
        // side (GB/T 9704 §8): the portrait left margin becomes the top, and so on round.
        let landscape = SectGeom {
            width: h,
            height: w,
            landscape: true,
            top: portrait.left,
            right: portrait.top,
            bottom: portrait.right,
            left: portrait.bottom,
            ..portrait
        };
        // On the turned sheet the portrait footer line lies along the page's left edge: its
        // middle `bottom − gap` from that edge, running the length of the portrait block
        // (the landscape block's height, from the landscape top margin). The box is two
        // characters wide so that the line never clips; the text is centred across it.
        let box_width = half_points(style.sizes.page_number) * 20;
        let turned = parts::TurnedBox {
            x: twips_mm(p.bottom_mm - p.page_number_gap_mm).saturating_sub(box_width / 2),
            y: landscape.top,
            width: box_width,
            height: twips_mm(style.block_width_mm()),
        };
        Writer {
            style,
            d,
            portrait,
            landscape,
            turned,
            any_landscape: orientation == Orientation::Landscape,
            orientation,
            body: Vec::with_capacity(512),
            pending_break: false,
            cell_margin: 0,
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn geom(&self) -> &SectGeom {
        match self.orientation {
            Orientation::Portrait => &self.portrait,
            Orientation::Landscape => &self.landscape,
        }
    }

    /// Width of the text block of the current section, twips.
    fn text_width(&self) -> u32 {
        let g = self.geom();
        g.width.saturating_sub(g.left + g.right)
    }

    fn sect_pr(&self) -> String {
        let (odd, even) = match self.orientation {
            Orientation::Portrait => (parts::RID_FOOTER_ODD, parts::RID_FOOTER_EVEN),
            Orientation::Landscape => (
                parts::RID_FOOTER_ODD_LANDSCAPE,
                parts::RID_FOOTER_EVEN_LANDSCAPE,
            ),
        };
        xml::sect_pr(self.geom(), odd, even)
    }

    /// A paragraph too small to take a grid line, to carry a section break or close the body
    /// after a table.
    fn tiny_ppr() -> PPr {
        PPr {
            snap_to_grid: Some(false),
            spacing: Some((20, "exact")),
            rpr: Some(RPr {
                size: Some(2),
                ..RPr::default()
            }),
            ..PPr::default()
        }
    }

    /// Starts a new section in orientation `o` (a new page). No-op if already there.
    fn switch_orientation(&mut self, o: Orientation) {
        if o == self.orientation {
            return;
        }
        let sect = self.sect_pr();
        match self.body.last_mut() {
            Some(Elem::P(ppr, _)) if ppr.sect.is_none() => ppr.sect = Some(sect),
            Some(_) => {
                let mut p = Self::tiny_ppr();
                p.sect = Some(sect);
                self.body.push(Elem::P(Box::new(p), String::new()));
            }
            // Nothing written yet: the first section simply has the new orientation.
            None => {}
        }
        self.orientation = o;
        self.any_landscape |= o == Orientation::Landscape;
        self.pending_break = false;
    }

    fn para(&mut self, mut ppr: PPr, runs: String) {
        if std::mem::take(&mut self.pending_break) {
            ppr.page_break_before = true;
        }
        self.body.push(Elem::P(Box::new(ppr), runs));
    }

    fn styled(style: &'static str) -> PPr {
        PPr {
            style: Some(style),
            ..PPr::default()
        }
    }

    /// Runs for `text` in a paragraph whose style sets `base` as face; `extra` is applied to
    /// every run (e.g. a table's type size).
    fn runs(&mut self, text: &[Inline], base: FontRole, extra: &RPr) -> String {
        let mut out = String::new();
        for inl in text {
            let mut rpr = extra.clone();
            if let Some(role) = inl.role.filter(|r| *r != base) {
                let f = self.d.fonts(self.style.docx_font(role));
                rpr.east_asia = f.east_asia;
                rpr.latin = f.latin;
            }
            rpr.bold |= inl.bold;
            let dropped = run(&mut out, &inl.text, &rpr);
            if dropped > 0 {
                let mut diag = Diagnostic::warning(format!(
                    "dropped {dropped} character(s) that XML cannot hold"
                ));
                if !inl.origin.is_empty() {
                    diag = diag.key(inl.origin.0.clone());
                }
                self.warnings.push(diag);
            }
        }
        out
    }

    fn plain_runs(&mut self, text: &str, extra: &RPr) -> String {
        let mut out = String::new();
        run(&mut out, text, extra);
        out
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            // Word merges adjacent tables: keep them apart with an empty paragraph.
            if matches!(b, Block::Table(_)) && matches!(self.body.last(), Some(Elem::Table(_))) {
                self.para(Self::tiny_ppr(), String::new());
            }
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        let none = RPr::default();
        match b {
            Block::Title { lines } => {
                let mut runs = String::new();
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        runs.push_str("<w:r><w:br/></w:r>");
                    }
                    runs.push_str(&self.runs(line, FontRole::Title, &none));
                }
                self.para(Self::styled(ids::TITLE), runs);
            }
            Block::Subtitle { text } => {
                let r = self.runs(text, FontRole::Body, &none);
                self.para(Self::styled(ids::SUBTITLE), r);
            }
            Block::Recipients { text } => {
                let r = self.runs(text, FontRole::Body, &none);
                self.para(Self::styled(ids::RECIPIENTS), r);
            }
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => self.paragraph(p),
            Block::MeasureList(m) => self.measures(m),
            Block::Table(t) => self.table(t),
            Block::AttachmentNote { items } => self.attachment_note(items),
            Block::Signature(s) => self.signature(s),
            Block::Note { text } => {
                let r = self.runs(text, FontRole::Body, &none);
                self.para(Self::styled(ids::NOTE), r);
            }
            Block::Imprint(imp) => self.imprint(imp),
            Block::PageBreak => self.pending_break = true,
            Block::BlankLine => self.para(PPr::default(), String::new()),
            Block::Attachment(a) => self.attachment(a),
        }
    }

    fn heading(&mut self, h: &Heading) {
        let level = h.level.clamp(1, 4) as usize;
        let role = match level {
            1 => FontRole::Hei,
            2 => FontRole::Kai,
            _ => FontRole::Body,
        };
        let none = RPr::default();
        let mut runs = String::new();
        run(&mut runs, &h.number, &none);
        runs.push_str(&self.runs(&h.text, role, &none));
        if !h.run_in.is_empty() {
            // Run-in text is body text, whatever the heading's face.
            let body = if role == FontRole::Body {
                none.clone()
            } else {
                self.d.fonts(&self.d.font_body)
            };
            runs.push_str(&self.runs(&h.run_in, FontRole::Body, &body));
        }
        let mut ppr = Self::styled(ids::HEADINGS[level - 1]);
        // A run-in heading is a paragraph of text: keeping it with the next chains every
        // "1. …" paragraph of a section into one block that Word and LibreOffice move to a
        // new page whole.
        ppr.keep_next_off = !h.run_in.is_empty();
        self.para(ppr, runs);
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let mut ppr = if p.indent == 2 {
            Self::styled(ids::BODY)
        } else {
            PPr::default()
        };
        if p.indent != 2 && p.indent != 0 {
            ppr.ind = Some(parts::first_line_chars(&self.d, p.indent as i32));
        }
        ppr.jc = match p.align {
            Align::Justify => None,
            Align::Left => Some(Jc::Left),
            Align::Center => Some(Jc::Center),
            Align::Right => Some(Jc::Right),
        };
        let r = self.runs(&p.text, FontRole::Body, &RPr::default());
        self.para(ppr, r);
    }

    fn measures(&mut self, m: &MeasureList) {
        let none = RPr::default();
        if m.inline {
            let mut runs = self.runs(&m.lead, FontRole::Body, &none);
            for it in &m.items {
                run(&mut runs, &it.marker, &none);
                runs.push_str(&self.runs(&it.text, FontRole::Body, &none));
            }
            self.para(Self::styled(ids::BODY), runs);
            return;
        }
        if !m.lead.is_empty() {
            let r = self.runs(&m.lead, FontRole::Body, &none);
            self.para(Self::styled(ids::BODY), r);
        }
        for it in &m.items {
            let mut runs = String::new();
            run(&mut runs, &it.marker, &none);
            runs.push_str(&self.runs(&it.text, FontRole::Body, &none));
            self.para(Self::styled(ids::BODY), runs);
        }
    }

    fn attachment_note(&mut self, items: &[crate::model::Text]) {
        let none = RPr::default();
        let several = items.len() > 1;
        let c = self.d.body_char;
        for (i, item) in items.iter().enumerate() {
            let plain = crate::model::plain_text(item);
            let mut runs = String::new();
            if i == 0 && !plain.starts_with("附件") {
                run(&mut runs, "附件：", &none);
            }
            if several
                && !plain.starts_with(|ch: char| ch.is_ascii_digit())
                && !plain.starts_with("附件")
            {
                run(&mut runs, &format!("{}.", i + 1), &none);
            }
            runs.push_str(&self.runs(item, FontRole::Body, &none));
            let mut ppr = Self::styled(ids::ATTACHMENT_NOTE);
            if several {
                // Names aligned under the first name: 2 characters of indent + 附件：.
                let ind = if i == 0 {
                    Ind {
                        left: 5 * c,
                        left_chars: Some(500),
                        hanging: 3 * c,
                        hanging_chars: Some(300),
                        ..Ind::default()
                    }
                } else {
                    Ind {
                        left: 5 * c,
                        left_chars: Some(500),
                        first_line_chars: Some(0),
                        ..Ind::default()
                    }
                };
                ppr.ind = Some(ind);
            }
            self.para(ppr, runs);
        }
    }

    /// GB/T 9704 7.3.5: without a seal the issuer is right-indented two characters and the
    /// date starts two characters right of the issuer (a long date takes the two characters
    /// and pushes the issuer left); with a seal the date is right-indented four characters
    /// and the issuer centred over it.
    fn signature(&mut self, s: &Signature) {
        let widths: Vec<f64> = s
            .issuers
            .iter()
            .map(|t| width_chars(&crate::model::plain_text(t)))
            .collect();
        let sw = widths.iter().cloned().fold(0.0, f64::max);
        let dw = width_chars(&s.date);
        let (issuer_right, date_right): (Vec<f64>, f64) = if s.seal {
            let rd = 4.0;
            let centre = rd + dw / 2.0;
            (
                widths.iter().map(|w| (centre - w / 2.0).max(0.0)).collect(),
                rd,
            )
        } else {
            let rs = (dw + 4.0 - sw).max(2.0);
            (
                widths.iter().map(|w| rs + (sw - w)).collect(),
                rs + sw - 2.0 - dw,
            )
        };
        let c = self.d.body_char as f64;
        let ind = |r: f64| Ind {
            right: (r * c).round() as i32,
            right_chars: Some((r * 100.0).round() as i32),
            ..Ind::default()
        };
        let none = RPr::default();
        for (t, r) in s.issuers.iter().zip(&issuer_right) {
            let runs = self.runs(t, FontRole::Body, &none);
            let mut ppr = Self::styled(ids::SIGNATURE);
            ppr.keep_next = true;
            ppr.ind = Some(ind(*r));
            self.para(ppr, runs);
        }
        let runs = self.plain_runs(&s.date, &none);
        let mut ppr = Self::styled(ids::DATE);
        ppr.ind = Some(ind(date_right));
        self.para(ppr, runs);
    }

    /// 版记: a frame anchored to the bottom of the text block on the last page, rules as
    /// wide as the block (thick above and below, thin between the elements).
    fn imprint(&mut self, imp: &Imprint) {
        let fresh_page = self.orientation != Orientation::Portrait || self.pending_break;
        self.switch_orientation(Orientation::Portrait);
        let width = self.text_width();
        let size = self.d.imprint_size as i32;
        let ch = size * 10; // one 4号 character, twips
        let thick = |side: &str| {
            format!(r#"<w:{side} w:val="single" w:sz="8" w:space="1" w:color="000000"/>"#)
        };
        let thin = |side: &str| {
            format!(r#"<w:{side} w:val="single" w:sz="6" w:space="1" w:color="000000"/>"#)
        };
        let mut lines: Vec<(PPr, String)> = Vec::new();
        let none = RPr::default();
        if !imp.cc.is_empty() {
            let text = format!("抄送：{}。", imp.cc.join("，"));
            let runs = self.plain_runs(&text, &none);
            let ppr = PPr {
                ind: Some(Ind {
                    left: 4 * ch,
                    right: ch,
                    hanging: 3 * ch,
                    ..Ind::default()
                }),
                ..Self::styled(ids::IMPRINT)
            };
            lines.push((ppr, runs));
        }
        if imp.printed_by.is_some() || imp.printed_on.is_some() {
            let mut runs = String::new();
            run(&mut runs, imp.printed_by.as_deref().unwrap_or(""), &none);
            if let Some(d) = &imp.printed_on {
                runs.push_str("<w:r><w:tab/></w:r>");
                run(&mut runs, &format!("{d}印发"), &none);
            }
            let ppr = PPr {
                tabs: Some(format!(
                    r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#,
                    width as i32 - ch
                )),
                ind: Some(Ind {
                    left: ch,
                    right: ch,
                    ..Ind::default()
                }),
                ..Self::styled(ids::IMPRINT)
            };
            lines.push((ppr, runs));
        }
        // After text on the same page: a frame placed at an absolute height so that its last
        // line sits on the last grid line of the block (Word and WPS; LibreOffice 7.4 ignores
        // frame positions and sets it inline).
        let mut grid_lines = 0u32;
        if !imp.cc.is_empty() {
            let text_w = width_chars(&format!("抄送：{}。", imp.cc.join("，"))) * ch as f64;
            let first = (width as i32 - 2 * ch).max(ch) as f64;
            let next = (width as i32 - 5 * ch).max(ch) as f64;
            grid_lines += 1 + ((text_w - first).max(0.0) / next).ceil() as u32;
        }
        if imp.printed_by.is_some() || imp.printed_on.is_some() {
            grid_lines += 1;
        }
        let g = *self.geom();
        let y = g
            .height
            .saturating_sub(g.bottom + grid_lines * self.d.line_pitch);
        let frame = format!(
            r#"<w:framePr w:w="{width}" w:wrap="around" w:vAnchor="page" w:hAnchor="margin" w:xAlign="center" w:y="{y}"/>"#
        );
        let n = lines.len();
        // On a page of its own the 版记 is pushed down by empty grid lines instead: every
        // office suite lays that out the same way (space-before at the top of a page is
        // dropped by LibreOffice).
        if fresh_page {
            let pad = self.style.page.lines.saturating_sub(grid_lines);
            for k in 0..pad {
                // The rules and their spacing (about 6 pt) take room too: the last empty
                // line gives it back.
                let ppr = if k + 1 == pad {
                    PPr {
                        snap_to_grid: Some(false),
                        spacing: Some((self.d.line_pitch.saturating_sub(BORDER_ROOM), "exact")),
                        ..PPr::default()
                    }
                } else {
                    PPr::default()
                };
                self.para(ppr, String::new());
            }
        }
        for (i, (mut ppr, runs)) in lines.into_iter().enumerate() {
            let mut b = String::from("<w:pBdr>");
            if i == 0 {
                b.push_str(&thick("top"));
            }
            b.push_str(&if i + 1 == n {
                thick("bottom")
            } else {
                thin("bottom")
            });
            b.push_str("</w:pBdr>");
            ppr.borders = Some(b);
            // Off the grid: with its rules a line is a little taller than the pitch and
            // would take two grid lines.
            ppr.snap_to_grid = Some(false);
            if !fresh_page {
                ppr.frame = Some(frame.clone());
            }
            self.para(ppr, runs);
        }
        if !fresh_page {
            // Word anchors a frame to the paragraph after it.
            self.para(Self::tiny_ppr(), String::new());
        }
    }

    fn attachment(&mut self, a: &Attachment) {
        if a.orientation != self.orientation {
            self.switch_orientation(a.orientation);
        } else if !self.body.is_empty() {
            self.pending_break = true;
        }
        let runs = self.plain_runs(&a.label, &RPr::default());
        self.para(Self::styled(ids::ATTACHMENT_LABEL), runs);
        self.para(
            PPr {
                keep_next: true,
                ..PPr::default()
            },
            String::new(),
        );
        let runs = self.runs(&a.title, FontRole::Title, &RPr::default());
        self.para(Self::styled(ids::ATTACHMENT_TITLE), runs);
        self.blocks(&a.blocks);
    }

    fn table(&mut self, t: &Table) {
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
        let extra = RPr {
            size: (size != self.d.table_size).then_some(size),
            ..RPr::default()
        };
        let mut x = String::with_capacity(4096);
        let _ = write!(
            x,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="{}"/><w:tblW w:w="{total_w}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{m}" w:type="dxa"/><w:right w:w="{m}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#,
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
        x.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
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

    /// The `word/document.xml` part.
    fn finish(&mut self) -> String {
        if matches!(self.body.last(), Some(Elem::Table(_))) {
            self.body
                .push(Elem::P(Box::new(Self::tiny_ppr()), String::new()));
        }
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(
            out,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{}" xmlns:r="{}"><w:body>"#,
            parts::NS_W,
            parts::NS_R
        );
        for e in &self.body {
            match e {
                Elem::P(ppr, runs) => {
                    out.push_str("<w:p>");
                    ppr.write(&mut out);
                    out.push_str(runs);
                    out.push_str("</w:p>");
                }
                Elem::Table(t) => out.push_str(t),
            }
        }
        out.push_str(&self.sect_pr());
        out.push_str("</w:body></w:document>");
        out
    }
}

/// Appends one run of `text` (line feeds become breaks, tabs tabs). Returns how many
/// characters XML cannot hold were dropped.
/// `text` broken into lines of at most `avail` half-ems (a CJK character is two, a half-width
/// one), as few lines as the greedy break gives but as even as that count allows: 责任/领导
/// rather than the 责任领/导 Word would make. No line starts with a closing mark or ends
/// with an opening one, and half-width runs stay whole.
fn even_lines(text: &str, avail: u32) -> Vec<String> {
    use crate::layout::linebreak::{is_half_width, is_no_end, is_no_start};
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

fn run(out: &mut String, text: &str, rpr: &RPr) -> usize {
    if text.is_empty() {
        return 0;
    }
    out.push_str("<w:r>");
    rpr.write(out);
    let mut dropped = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            let piece = piece.trim_end_matches('\r');
            if piece.is_empty() {
                continue;
            }
            out.push_str(r#"<w:t xml:space="preserve">"#);
            dropped += xml::escape_into(out, piece);
            out.push_str("</w:t>");
        }
    }
    out.push_str("</w:r>");
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_landscape_number_box_is_the_portrait_footer_line_on_the_turned_sheet() {
        let style = Style::default();
        let w = Writer::new(&style, Orientation::Landscape);
        let b = w.turned;
        let mm = |t: u32| t as f64 * 25.4 / 1440.0;
        // across: centred 35 − 7 = 28 mm from the page's left edge, inside the 35 mm margin
        assert!((mm(b.x) + mm(b.width) / 2.0 - 28.0).abs() < 0.05);
        assert!(mm(b.x + b.width) < 35.0);
        // along: the portrait block's width, from the landscape top margin (28 mm)
        assert!((mm(b.y) - 28.0).abs() < 0.05);
        assert!((mm(b.height) - 156.0).abs() < 0.05);
        assert_eq!(b.y, w.landscape.top);
        // (to a twip of rounding) ending at the landscape bottom margin
        assert!((b.y + b.height + w.landscape.bottom).abs_diff(w.landscape.height) <= 1);
    }

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
