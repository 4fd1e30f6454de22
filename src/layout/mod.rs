//! Stage 3: the typesetter. Puts a [`Document`](crate::model::Document) on GB/T 9704 pages:
//! the 22 × 28 grid, CJK line breaking with 禁则, justification, titles, signature, 版记,
//! page numbers, tables.
//!
//! The result ([`Pages`]) is absolute geometry in points (PDF coordinates, origin at the
//! bottom left): glyphs with their face, size and position, and rules. The PDF backend only
//! writes it out.

mod columns;
mod compose;
mod dump;
mod flow;
pub(crate) mod linebreak;
pub mod masthead;
mod pagenum;
mod paginator;
mod shape;
mod table;
mod title;
mod title_lines;
mod words;

pub use title_lines::with_title_lines;

use crate::diag::Diagnostic;
use crate::fonts::{FaceId, Fonts};
use crate::model::{Document, FontRole};
use crate::style::Style;
use compose::Composer;
use paginator::Geo;
use shape::Shaper;

pub use columns::resolve as resolve_columns;
pub use dump::dump_lines;

/// A glyph placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub ch: char,
    /// Glyph id in its face (0 for a marker): the writer emits ids, never looks them up.
    pub gid: u16,
    /// Left edge of the glyph's advance box, pt.
    pub x: f64,
    /// The glyph's natural advance at its size, pt (the PDF writer needs it for kerning).
    pub advance: f64,
}

/// Glyphs of one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: FaceId,
    pub size: f64,
    pub baseline: f64,
    pub glyphs: Vec<PlacedGlyph>,
    /// Which coordinates `baseline` and the glyphs' `x` are in.
    pub frame: Frame,
}

/// The coordinates of a text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Frame {
    /// The page's own: glyphs upright, advancing along +x.
    #[default]
    Page,
    /// The portrait sheet a landscape page is in the bound document (GB/T 9704 §8: the
    /// table's head at the sheet's left edge, the sheet's bottom edge at the page's left).
    /// The sheet point (x, y) is the page point (y, page height − x): the run reads from the
    /// page's top to its bottom with the glyphs' tops towards the page's right.
    Sheet,
}

impl Frame {
    /// The page point of the frame point (x, y) on a page `page_h` high.
    pub fn to_page(self, x: f64, y: f64, page_h: f64) -> (f64, f64) {
        match self {
            Frame::Page => (x, y),
            Frame::Sheet => (y, page_h - x),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    /// A straight rule from (x1, y1) to (x2, y2), `width` pt thick.
    Rule {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        width: f64,
    },
    /// The colour (DeviceRGB, 0–1) of the items that follow on the page, until the next
    /// `Colour`; pages start black. The 版头's red mark and rule are set between two.
    Colour([f64; 3]),
    /// The visible marker for a character no font has (`--allow-missing-glyphs`): a box.
    Marker {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    /// The printed page number, if any.
    pub number: Option<u32>,
}

/// A bookmark: heading level (1 or 2), its text, page index and the y of its line.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f64,
}

#[derive(Debug, Clone)]
pub struct Pages {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub warnings: Vec<Diagnostic>,
    /// How many pages the 版记 started after the text before it (0: on the same page, 1:
    /// on the next, 2: after a blank page), so that it is on an even page (GB/T 9704 7.4);
    /// the DOCX writer starts the same pages. `None`: no 版记.
    pub imprint_breaks: Option<usize>,
}

/// Lays out `doc`: the one entry point of the stage. Blocks are composed into grid lines
/// ([`compose`]), put on pages ([`flow`]) and numbered ([`pagenum`]). Errors: characters no
/// face has (unless `allow_missing_glyphs`), no face for a role at all.
pub fn layout(
    doc: &Document,
    style: &Style,
    fonts: &mut Fonts,
    allow_missing_glyphs: bool,
) -> Result<Pages, Vec<Diagnostic>> {
    let errs: Vec<Diagnostic> = FontRole::ALL
        .into_iter()
        .filter(|r| fonts.primary(*r).is_none())
        .map(|r| crate::fonts::classify::missing_role(r, style))
        .collect();
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
        words: doc.words.clone(),
    };
    c.blocks(&doc.blocks);
    let missing = std::mem::take(&mut c.sh.missing.diags);
    if missing.iter().any(|d| d.is_error()) {
        return Err(missing.into_iter().filter(|d| d.is_error()).collect());
    }
    let mut pages = flow::paginate(c.slots, style, &mut c.sh, doc.orientation);
    pages.warnings.extend(missing);
    Ok(pages)
}
