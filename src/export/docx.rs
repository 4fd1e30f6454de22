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

mod closing;
mod fonts;
mod footer;
mod masthead;
/// Also the OFD's package: the same fixed order and timestamps.
mod parts;
mod table;
mod theme;
mod xml;

use super::Output;
use crate::chars::is_half_width;
use crate::diag::Diagnostic;
use crate::model::{
    Align, Block, Document, FontRole, Heading, Inline, MeasureList, Orientation, Paragraph,
};
use crate::style::Style;
use parts::{Dims, ids};
use std::fmt::Write as _;
use xml::{Jc, PPr, RPr, SectGeom};

/// Writes `doc` as a DOCX package. Errors: a table whose rows do not fit its columns, or a
/// packaging failure.
pub fn write(doc: &Document, style: &Style) -> Result<Output, Vec<Diagnostic>> {
    write_paged(doc, style, None)
}

/// Whether `doc` has a 版记 (whose page the layout decides: [`write_paged`]).
pub fn has_imprint(doc: &Document) -> bool {
    fn any(blocks: &[Block]) -> bool {
        blocks.iter().any(|b| match b {
            Block::Imprint(_) => true,
            Block::Attachment(a) => any(&a.blocks),
            _ => false,
        })
    }
    any(&doc.blocks)
}

/// [`write`], with the 版记 starting `imprint_breaks` pages after the text (the layout's
/// [`crate::layout::Pages::imprint_breaks`]: on an even page, after an unnumbered blank
/// page when needed).
pub fn write_paged(
    doc: &Document,
    style: &Style,
    imprint_breaks: Option<usize>,
) -> Result<Output, Vec<Diagnostic>> {
    let mut w = Writer::new(style, doc.orientation);
    w.imprint_breaks = imprint_breaks;
    w.blocks(&doc.blocks);
    if !w.errors.is_empty() {
        return Err(w.errors);
    }
    let document = w.finish();
    let d = &w.d;
    let styles = parts::styles_xml(d);
    let settings = parts::settings_xml(style.punctuation == crate::style::Punctuation::Squeeze);
    let fonts = fonts::font_table_xml(d);
    let theme = theme::theme_xml(d);
    let footer_odd = footer::footer_xml(d, true);
    let footer_even = footer::footer_xml(d, false);
    let landscape = w.any_landscape;
    let turned =
        landscape.then(|| [true, false].map(|odd| footer::landscape_footer_xml(d, odd, w.turned)));
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
        (theme::PART, theme.as_bytes()),
        ("word/footer1.xml", footer_odd.as_bytes()),
        ("word/footer2.xml", footer_even.as_bytes()),
    ];
    if let Some([odd, even]) = &turned {
        files.push(("word/footer3.xml", odd.as_bytes()));
        files.push(("word/footer4.xml", even.as_bytes()));
    }
    let entries: Vec<super::archive::Entry> = files
        .iter()
        .map(|(name, bytes)| super::archive::Entry {
            name,
            bytes,
            level: super::archive::DEFAULT_LEVEL,
        })
        .collect();
    let bytes = super::archive::pack(&entries)
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
        .map(|c| if is_half_width(c) { 0.5 } else { 1.0 })
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
    turned: footer::TurnedBox,
    /// Whether any section is landscape (the package then has its footers).
    any_landscape: bool,
    orientation: Orientation,
    body: Vec<Elem>,
    pending_break: bool,
    /// The last character written into the paragraph being built (see [`run`]).
    last_char: Option<char>,
    /// Left and right margin of the current table's cells (twips).
    cell_margin: u32,
    /// Exact line pitch of the current table's cell paragraphs (twips).
    cell_line: u32,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    /// Pages the 版记 starts after the text (from the layout), if known.
    imprint_breaks: Option<usize>,
    /// The last section is an unnumbered 版记 page (`w:titlePg` with no first-page footer).
    unnumbered_last: bool,
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
            title_bold: style.docx_font_set.bold_title(),
            punctuation: style.punctuation,
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
        let turned = footer::TurnedBox {
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
            last_char: None,
            cell_margin: 0,
            cell_line: 0,
            warnings: Vec::new(),
            errors: Vec::new(),
            imprint_breaks: None,
            unnumbered_last: false,
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
        self.last_char = None;
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
            let face = rpr
                .east_asia
                .clone()
                .unwrap_or_else(|| self.style.docx_font(base).to_string());
            let dropped = run(&mut out, &inl.text, &rpr, &face, &mut self.last_char);
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

    /// Runs for `text` in a paragraph whose style sets `base` as face.
    fn plain_runs(&mut self, text: &str, base: FontRole, extra: &RPr) -> String {
        let mut out = String::new();
        run(
            &mut out,
            text,
            extra,
            self.style.docx_font(base),
            &mut self.last_char,
        );
        out
    }

    fn blocks(&mut self, blocks: &[Block]) {
        let mut prev: Option<&Block> = None;
        for b in blocks {
            // the blank line the layout puts under the title, as an empty paragraph on the
            // grid, so that every office client starts the text on the same line
            if crate::model::blank_after_title(prev, b) {
                self.para(PPr::default(), String::new());
            }
            prev = Some(b);
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
            Block::Masthead(m) => self.masthead(m),
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
        run(
            &mut runs,
            &h.number,
            &none,
            self.style.docx_font(role),
            &mut self.last_char,
        );
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
                runs.push_str(&self.plain_runs(&it.marker, FontRole::Body, &none));
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
            let mut runs = self.plain_runs(&it.marker, FontRole::Body, &none);
            runs.push_str(&self.runs(&it.text, FontRole::Body, &none));
            self.para(Self::styled(ids::BODY), runs);
        }
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
        let sect = self.sect_pr();
        out.push_str(&if self.unnumbered_last {
            closing::unnumbered(&sect)
        } else {
            sect
        });
        out.push_str("</w:body></w:document>");
        out
    }
}

/// Writes `text` as runs with `rpr`; `face` is the CJK face in effect there, `after` the
/// character before `text` in its paragraph (updated). A run holding quotes, dashes or
/// ellipses names `face` as its eastAsia font with the eastAsia hint: Word then sets them in
/// the CJK face, as the PDF does. LibreOffice ignores the hint and gives such a mark the
/// script of the character before it, so where that is a Latin letter, digit or ASCII mark
/// (`1.“`, `2021—2023`) the marks get a run of their own that names `face` in every slot.
/// Only there: LibreOffice breaks lines differently at every run boundary (a run per quote
/// cost the notice ten identical lines). Returns the characters XML cannot hold.
fn run(out: &mut String, text: &str, rpr: &RPr, face: &str, after: &mut Option<char>) -> usize {
    let hinted;
    let rpr = if text.contains(fonts::is_cjk_ambiguous) {
        hinted = RPr {
            east_asia: Some(face.to_string()),
            ..rpr.clone()
        };
        &hinted
    } else {
        rpr
    };
    let mut dropped = 0;
    let mut start = 0;
    let mut prev = *after;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if fonts::is_cjk_ambiguous(c) && prev.is_some_and(is_half_width) {
            let mut last = c;
            while let Some(&(_, n)) = chars.peek().filter(|(_, n)| fonts::is_cjk_ambiguous(*n)) {
                last = n;
                chars.next();
            }
            let end = chars.peek().map_or(text.len(), |(i, _)| *i);
            dropped += one_run(out, &text[start..at], rpr);
            let cjk = RPr {
                latin: Some(face.to_string()),
                ..rpr.clone()
            };
            dropped += one_run(out, &text[at..end], &cjk);
            start = end;
            prev = Some(last);
            continue;
        }
        prev = Some(c);
    }
    dropped += one_run(out, &text[start..], rpr);
    if prev.is_some() {
        *after = prev;
    }
    dropped
}

fn one_run(out: &mut String, text: &str, rpr: &RPr) -> usize {
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
    fn marks_get_the_cjk_face_and_a_run_of_their_own_only_after_latin() {
        let plain = RPr::default();
        let mut out = String::new();
        let mut after = None;
        run(
            &mut out,
            "“第一议题”制度",
            &plain,
            "仿宋_GB2312",
            &mut after,
        );
        assert_eq!(out.matches("<w:r>").count(), 1, "{out}");
        assert!(out.contains(r#"<w:rFonts w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/>"#));
        assert_eq!(after, Some('度'));
        // a digit before: the dash is split off in the CJK face in every slot
        let mut out = String::new();
        run(&mut out, "2021——2023年", &plain, "仿宋_GB2312", &mut after);
        let runs: Vec<&str> = out.split("<w:r>").skip(1).collect();
        assert_eq!(runs.len(), 3, "{out}");
        assert!(runs[1].contains(r#"w:ascii="仿宋_GB2312""#) && runs[1].contains(">——<"));
        // the character before the text counts: a heading number `1.` and then “
        let mut out = String::new();
        let mut after = Some('.');
        run(&mut out, "“放管服”改革", &plain, "楷体_GB2312", &mut after);
        assert_eq!(out.matches("<w:r>").count(), 2, "{out}");
        assert!(out.starts_with("<w:r><w:rPr><w:rFonts w:ascii=\"楷体_GB2312\""));
        // no marks: the run is left as it was
        let mut out = String::new();
        run(&mut out, "整改2024", &plain, "仿宋_GB2312", &mut after);
        assert!(!out.contains("rFonts"), "{out}");
    }

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
}
