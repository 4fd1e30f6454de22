//! One page's `Content.xml` (GB/T 33190 §7.7, §9, §11): a layer of text objects, one per
//! laid-out run, and path objects for the rules and missing-glyph markers.
//!
//! OFD measures in millimetres from the page's top left, y downwards; the layout gives
//! points from the bottom left. An object's coordinates are relative to the top left of
//! its `Boundary`, which also clips it, so boundaries are the glyphs' em boxes with room
//! for descenders. Glyph positions are the layout's: the first at `X`/`Y`, the others by
//! `DeltaX`, each delta taken from the absolute positions so that rounding never adds up
//! along a line.

use super::res::Font;
use super::xml::{DECL, NS, mm, push_esc, push_mm, um};
use crate::fonts::FaceId;
use crate::layout::{Frame, Item, Page, PlacedGlyph, TextRun};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Object IDs, given out in order: unique within the document (`MaxUnitID` is the last).
pub struct Ids(pub u32);

impl Ids {
    pub fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// The `Content.xml` of `page`; `area` is the document's page size (µm), which a page of
/// another size (landscape) overrides with its own `Area`.
pub fn page(
    page: &Page,
    area: (i64, i64),
    fonts: &BTreeMap<FaceId, Font>,
    ids: &mut Ids,
) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let _ = write!(s, "{DECL}<ofd:Page xmlns:ofd=\"{NS}\">");
    let size = (um(page.width), um(page.height));
    if size != area {
        let _ = write!(
            s,
            "<ofd:Area><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:Area>",
            mm(size.0),
            mm(size.1)
        );
    }
    let _ = write!(s, "<ofd:Content><ofd:Layer ID=\"{}\">", ids.next());
    // the colour element of the current colour (none for black, the readers' default)
    let mut colour = String::new();
    for it in &page.items {
        match it {
            Item::Text(t) => {
                if let Some(font) = fonts.get(&t.face) {
                    text(&mut s, t, page.height, font, &colour, ids);
                }
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                let h = page.height;
                path(
                    &mut s,
                    &[(*x1, h - y1), (*x2, h - y2)],
                    false,
                    *width,
                    &colour,
                    ids,
                );
            }
            Item::Colour(c) => {
                colour.clear();
                if *c != [0.0; 3] {
                    let [r, g, b] = c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8);
                    let _ = write!(colour, "\"{r} {g} {b}\"/>");
                }
            }
            Item::Marker { x, y, w, h } => {
                let (x0, y0) = (*x, page.height - y);
                let (x1, y1) = (x + w, page.height - y - h);
                let bx = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
                path(&mut s, &bx, true, MARKER_LINE, "", ids);
                // a cross makes the marker unmistakable for a real character
                path(&mut s, &[(x0, y0), (x1, y1)], false, MARKER_LINE, "", ids);
            }
        }
    }
    s.push_str("</ofd:Layer></ofd:Content></ofd:Page>");
    s
}

/// The missing-glyph marker's line width, pt (as in the PDF).
const MARKER_LINE: f64 = 0.8;

/// A text object for the run `t`. Blanks at either end are left out: they draw nothing,
/// and some readers trim an element's text.
/// `colour`: the tail of a colour element (`"255 0 0"/>`), empty for black.
fn text(s: &mut String, t: &TextRun, page_h: f64, font: &Font, colour: &str, ids: &mut Ids) {
    let glyphs = trim_blanks(&t.glyphs);
    let (Some(first), Some(last)) = (glyphs.first(), glyphs.last()) else {
        return;
    };
    let size = um(t.size);
    // room for descenders below the baseline, and for a glyph wider than its advance
    let pad = size / 4;
    let start = um(first.x);
    let length = um(last.x + last.advance) - start;
    let id = ids.next();
    // (boundary x, y, w, h), the CTM, the first glyph's X, Y in the object
    let (bx, by, bw, bh, ctm, x, y) = match t.frame {
        // upright: the object's origin at the top of the em box above the first glyph
        Frame::Page => {
            let base = um(page_h - t.baseline);
            (start, base - size, length + pad, size + pad, None, 0, size)
        }
        // A landscape page's number on the turned sheet (GB/T 9704 §8): reads down the
        // page with the glyphs' tops to the right, turned a quarter clockwise by the CTM.
        // The sheet's point (x, y) is the page's (y, x) from the top left.
        Frame::Sheet => {
            let base = um(t.baseline);
            let ctm = format!("0 1 -1 0 {} 0", mm(pad));
            (base - pad, start, size + pad, length + pad, Some(ctm), 0, 0)
        }
    };
    let _ = write!(s, "<ofd:TextObject ID=\"{id}\" Boundary=\"");
    push_box(s, bx, by, bw, bh);
    let _ = write!(s, "\" Font=\"{}\" Size=\"{}\"", font.id, mm(size));
    if let Some(ctm) = ctm {
        let _ = write!(s, " CTM=\"{ctm}\"");
    }
    s.push('>');
    if !colour.is_empty() {
        let _ = write!(s, "<ofd:FillColor Value={colour}");
    }
    for (i, g) in glyphs.iter().enumerate() {
        if let Some(sub) = font.explicit_glyph(g.gid) {
            let _ = write!(
                s,
                "<ofd:CGTransform CodePosition=\"{i}\" CodeCount=\"1\" GlyphCount=\"1\">\
                 <ofd:Glyphs>{sub}</ofd:Glyphs></ofd:CGTransform>"
            );
        }
    }
    let _ = write!(s, "<ofd:TextCode X=\"{}\" Y=\"{}\"", mm(x), mm(y));
    if glyphs.len() > 1 {
        s.push_str(" DeltaX=\"");
        deltas(s, glyphs);
        s.push('"');
    }
    s.push('>');
    let text: String = glyphs.iter().map(|g| g.ch).collect();
    push_esc(s, &text);
    s.push_str("</ofd:TextCode></ofd:TextObject>");
}

fn trim_blanks(glyphs: &[PlacedGlyph]) -> &[PlacedGlyph] {
    let blank = |g: &PlacedGlyph| g.ch.is_whitespace();
    let from = glyphs
        .iter()
        .position(|g| !blank(g))
        .unwrap_or(glyphs.len());
    let to = glyphs
        .iter()
        .rposition(|g| !blank(g))
        .map_or(from, |i| i + 1);
    &glyphs[from..to]
}

/// The distances between consecutive glyphs, in hundredths of a millimetre (the nearest to
/// each glyph's own position, so that the error stays under 5 µm for every glyph); a
/// repeated distance as `g N d` (GB/T 33190 §11.3), as a grid line's are.
fn deltas(s: &mut String, glyphs: &[PlacedGlyph]) {
    let start = um(glyphs[0].x);
    let mut pen = start;
    let mut steps: Vec<i64> = Vec::with_capacity(glyphs.len());
    for g in &glyphs[1..] {
        let target = um(g.x);
        let d = ((target - pen) as f64 / 10.0).round() as i64 * 10;
        pen += d;
        steps.push(d);
    }
    let mut first = true;
    for run in steps.chunk_by(|a, b| a == b) {
        if !first {
            s.push(' ');
        }
        first = false;
        if run.len() >= 3 {
            let _ = write!(s, "g {} ", run.len());
            push_mm(s, run[0]);
        } else {
            for (i, d) in run.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                push_mm(s, *d);
            }
        }
    }
}

/// A stroked path through `pts` (points from the page's top left), closed or not, `width`
/// pt wide.
fn path(s: &mut String, pts: &[(f64, f64)], closed: bool, width: f64, colour: &str, ids: &mut Ids) {
    let pts: Vec<(i64, i64)> = pts.iter().map(|(x, y)| (um(*x), um(*y))).collect();
    let w = um(width);
    // the boundary holds the whole stroke: half the width on every side
    let min_x = pts.iter().map(|p| p.0).min().unwrap_or(0) - w;
    let min_y = pts.iter().map(|p| p.1).min().unwrap_or(0) - w;
    let max_x = pts.iter().map(|p| p.0).max().unwrap_or(0) + w;
    let max_y = pts.iter().map(|p| p.1).max().unwrap_or(0) + w;
    let _ = write!(s, "<ofd:PathObject ID=\"{}\" Boundary=\"", ids.next());
    push_box(s, min_x, min_y, max_x - min_x, max_y - min_y);
    let _ = write!(s, "\" LineWidth=\"{}\">", mm(w));
    if !colour.is_empty() {
        let _ = write!(s, "<ofd:StrokeColor Value={colour}");
    }
    s.push_str("<ofd:AbbreviatedData>");
    for (i, (x, y)) in pts.iter().enumerate() {
        s.push_str(if i == 0 { "M " } else { " L " });
        push_mm(s, x - min_x);
        s.push(' ');
        push_mm(s, y - min_y);
    }
    if closed {
        s.push_str(" C");
    }
    s.push_str("</ofd:AbbreviatedData></ofd:PathObject>");
}

fn push_box(s: &mut String, x: i64, y: i64, w: i64, h: i64) {
    for (i, v) in [x, y, w, h].into_iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        push_mm(s, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(ch: char, x: f64) -> PlacedGlyph {
        PlacedGlyph {
            ch,
            gid: 7,
            x,
            advance: 16.0,
        }
    }

    #[test]
    fn a_grid_line_is_one_repeated_delta_within_5_um_of_every_glyph() {
        let cell = 442.2 / 28.0; // pt
        let glyphs: Vec<PlacedGlyph> = (0..28)
            .map(|i| glyph('国', 79.37 + i as f64 * cell))
            .collect();
        let mut s = String::new();
        deltas(&mut s, &glyphs);
        // every glyph where the reader's pen puts it
        let mut pen = um(glyphs[0].x) as f64;
        let mut n = 1;
        let toks: Vec<&str> = s.split(' ').collect();
        let mut i = 0;
        while i < toks.len() {
            let (count, d) = if toks[i] == "g" {
                let r = (toks[i + 1].parse::<usize>().unwrap(), toks[i + 2]);
                i += 3;
                r
            } else {
                i += 1;
                (1, toks[i - 1])
            };
            for _ in 0..count {
                pen += d.parse::<f64>().unwrap() * 1000.0;
                let want = um(glyphs[n].x) as f64;
                assert!(
                    (pen - want).abs() <= 5.0,
                    "glyph {n}: {pen} vs {want} in {s}"
                );
                n += 1;
            }
        }
        assert_eq!(n, 28);
        assert!(s.starts_with("g "), "{s}");
        // 28 distances in 13 numbers (5.57 mm, every seventh 5.58)
        assert!(s.len() < 70, "{s}");
    }

    #[test]
    fn blanks_at_either_end_are_dropped_and_inner_ones_kept() {
        let g = [
            glyph(' ', 0.0),
            glyph('—', 4.0),
            glyph(' ', 18.0),
            glyph('1', 22.0),
            glyph(' ', 30.0),
        ];
        let t: String = trim_blanks(&g).iter().map(|g| g.ch).collect();
        assert_eq!(t, "— 1");
        assert!(trim_blanks(&[glyph(' ', 0.0)]).is_empty());
    }

    #[test]
    fn a_turned_run_reads_down_the_page_from_its_origin() {
        let mut fonts = BTreeMap::new();
        fonts.insert(0, Font::for_test(3));
        let run = TextRun {
            face: 0,
            size: 14.0,
            // sheet coordinates: the number's baseline is 28 mm from the sheet's bottom,
            // which is the page's left edge
            baseline: 79.37,
            frame: Frame::Sheet,
            glyphs: vec![glyph('1', 100.0), glyph('2', 107.0)],
        };
        let page = Page {
            width: 841.8898,
            height: 595.2756,
            items: vec![Item::Text(run)],
            number: Some(2),
        };
        let xml = super::page(&page, (210_000, 297_000), &fonts, &mut Ids(0));
        assert!(
            xml.contains("<ofd:PhysicalBox>0 0 297 210</ofd:PhysicalBox>"),
            "{xml}"
        );
        // origin at (28 mm, 35.278 mm): the boundary's corner plus the CTM's shift
        assert!(
            xml.contains("Boundary=\"26.766 35.278 6.173 9.348\""),
            "{xml}"
        );
        assert!(xml.contains("CTM=\"0 1 -1 0 1.234 0\""), "{xml}");
        assert!(
            xml.contains("<ofd:TextCode X=\"0\" Y=\"0\" DeltaX=\"2.47\">12</ofd:TextCode>"),
            "{xml}"
        );
    }
}
