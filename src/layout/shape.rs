//! From runs of text to glyphs: the face per character (with fallback), widths on the grid,
//! and the missing-glyph diagnostics with the key path of the run.

use super::linebreak::{Class, Glyph, classify};
use super::{Frame, Item, PlacedGlyph, TextRun};
use crate::diag::Diagnostic;
use crate::fonts::{FaceId, Fonts};
use crate::model::{FontRole, Inline};
use std::collections::BTreeSet;

/// A glyph ready for line breaking, with what the page needs to draw it.
#[derive(Debug, Clone)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// Face per glyph; `None`: no face has it (drawn as a marker).
    pub faces: Vec<Option<FaceId>>,
    /// Glyph id per glyph in its face (0 when no face has it).
    pub gids: Vec<u16>,
    pub size: f64,
}

/// Collects missing-glyph reports across a document (each character and key path once).
#[derive(Default)]
pub struct Missing {
    seen: BTreeSet<(char, String)>,
    pub diags: Vec<Diagnostic>,
}

pub struct Shaper<'f, 'a> {
    pub fonts: &'f mut Fonts<'a>,
    pub allow_missing: bool,
    pub missing: Missing,
}

impl Shaper<'_, '_> {
    /// Shapes `runs` at `size`. `default_role`: the face of runs without their own.
    /// `cell`: the grid pitch that full-width characters snap to (`None`: their advance).
    pub fn shape(
        &mut self,
        runs: &[Inline],
        default_role: FontRole,
        size: f64,
        cell: Option<f64>,
    ) -> Shaped {
        let mut out = Shaped {
            glyphs: Vec::new(),
            faces: Vec::new(),
            gids: Vec::new(),
            size,
        };
        for (ri, run) in runs.iter().enumerate() {
            let role = run.role.unwrap_or(default_role);
            self.push_text(&mut out, &run.text, role, ri, &run.origin.0, cell);
        }
        auto_space(&mut out.glyphs, size);
        out
    }

    /// Shapes a plain string in one role (page numbers, 版记, labels the layout writes).
    pub fn shape_str(&mut self, s: &str, role: FontRole, size: f64, cell: Option<f64>) -> Shaped {
        let mut out = Shaped {
            glyphs: Vec::new(),
            faces: Vec::new(),
            gids: Vec::new(),
            size,
        };
        self.push_text(&mut out, s, role, 0, "", cell);
        auto_space(&mut out.glyphs, size);
        out
    }

    fn push_text(
        &mut self,
        out: &mut Shaped,
        text: &str,
        role: FontRole,
        run: usize,
        origin: &str,
        cell: Option<f64>,
    ) {
        let size = out.size;
        for ch in text.chars() {
            // Format characters (joiners, bidi controls, variation selectors) are not glyphs.
            if ch.is_control() || crate::chars::is_invisible(ch) {
                continue;
            }
            // U+2028/2029 end the line: drawn as a zero-width space, breaking after it.
            let sep = crate::chars::is_line_separator(ch);
            let class = if sep { Class::Space } else { classify(ch) };
            let m = self.fonts.glyph(role, if sep { ' ' } else { ch });
            let m = m.map(|m| {
                if sep {
                    crate::fonts::GlyphMetrics { advance: 0.0, ..m }
                } else {
                    m
                }
            });
            let (face, adv) = match m {
                Some(m) => (Some(m.face), m.advance * size),
                None => {
                    self.report_missing(ch, origin);
                    let adv = if ch.is_ascii() { 0.5 * size } else { size };
                    (None, adv)
                }
            };
            // Full-width characters take one grid cell; half-width keep their advance.
            let full = !matches!(class, Class::Half | Class::Space) && adv >= 0.9 * size;
            // On the grid, half-width glyphs give up what a full-width one does (the DOCX's
            // character spacing applies to every character of a body run, Latin too).
            let width = match (full, cell) {
                (true, Some(c)) => c,
                (false, Some(c)) if class == Class::Half && size > c => adv - (size - c),
                _ => adv,
            };
            out.glyphs.push(Glyph {
                ch,
                class,
                width,
                advance: adv,
                run,
                auto_space: 0.0,
            });
            out.faces.push(face);
            out.gids.push(m.map_or(0, |m| m.gid));
        }
    }

    fn report_missing(&mut self, ch: char, origin: &str) {
        if !self.missing.seen.insert((ch, origin.to_string())) {
            return;
        }
        let msg = format!(
            "character {ch} (U+{:04X}) is in no installed font",
            ch as u32
        );
        let mut d = if self.allow_missing {
            Diagnostic::warning(format!("{msg}; drawn as a box"))
        } else {
            Diagnostic::error(msg).hint(
                "install a font that has it (e.g. Noto Serif CJK SC), add one with --font-dir, \
                 or pass --allow-missing-glyphs to draw a visible box",
            )
        };
        if !origin.is_empty() {
            d = d.key(origin);
        }
        self.missing.diags.push(d);
    }
}

/// The space Word and LibreOffice put where Chinese meets a Latin letter or a digit with no
/// space between (Word's `w:autoSpaceDE`/`autoSpaceDN`, on by default; LibreOffice always):
/// a quarter em, measured in Word's own PDFs (docs/pdf.md). Added to the left glyph's width.
pub const AUTO_SPACE_EM: f64 = 0.2125;

pub(super) fn auto_space(gs: &mut [Glyph], size: f64) {
    let cjk = |g: &Glyph| g.class == Class::Ideo;
    let latin = |g: &Glyph| g.ch.is_ascii_alphanumeric();
    for i in 1..gs.len() {
        let (a, b) = (&gs[i - 1], &gs[i]);
        if (cjk(a) && latin(b)) || (latin(a) && cjk(b)) {
            gs[i - 1].width += AUTO_SPACE_EM * size;
            gs[i - 1].auto_space = AUTO_SPACE_EM * size;
        }
    }
}

/// Turns glyphs `start..end` of `s` at x positions `xs` (relative to `x0`) into page items
/// on `baseline`, one run per face.
pub fn place(
    s: &Shaped,
    start: usize,
    end: usize,
    xs: &[f64],
    x0: f64,
    baseline: f64,
    items: &mut Vec<Item>,
) {
    let mut cur: Option<TextRun> = None;
    for (k, i) in (start..end).enumerate() {
        let g = &s.glyphs[i];
        if g.class == Class::Space {
            continue;
        }
        let x = x0 + xs[k];
        match s.faces[i] {
            Some(face) => {
                let same = cur.as_ref().is_some_and(|r| r.face == face);
                if !same {
                    if let Some(r) = cur.take() {
                        items.push(Item::Text(r));
                    }
                    cur = Some(TextRun {
                        face,
                        size: s.size,
                        baseline,
                        glyphs: Vec::new(),
                        frame: Frame::Page,
                    });
                }
                if let Some(r) = cur.as_mut() {
                    r.glyphs.push(PlacedGlyph {
                        ch: g.ch,
                        gid: s.gids[i],
                        x,
                        advance: g.advance,
                    });
                }
            }
            None => {
                let w = g.width.min(g.advance) * 0.9;
                items.push(Item::Marker {
                    x: x + w * 0.05,
                    y: baseline - 0.1 * s.size,
                    w,
                    h: 0.85 * s.size,
                });
            }
        }
    }
    if let Some(r) = cur {
        items.push(Item::Text(r));
    }
}

/// Width of glyphs `start..end` placed at `xs` (from the first glyph's left to the last
/// glyph's advance end).
pub fn extent(s: &Shaped, start: usize, end: usize, xs: &[f64]) -> f64 {
    if end <= start {
        return 0.0;
    }
    let last = end - 1;
    xs[last - start] + s.glyphs[last].advance - xs[0]
}

/// Natural width of a whole shaped string (sum of widths).
pub fn natural_width(s: &Shaped) -> f64 {
    s.glyphs.iter().map(|g| g.width).sum()
}

/// x positions of a shaped string set solid (no breaking).
pub fn solid_xs(s: &Shaped) -> Vec<f64> {
    let mut x = 0.0;
    s.glyphs
        .iter()
        .map(|g| {
            let at = x;
            x += g.width;
            at
        })
        .collect()
}
