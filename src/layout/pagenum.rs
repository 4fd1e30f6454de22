//! Page numbers (7.5): "— N —" under the text block, odd pages right and even pages left,
//! and on landscape pages where the portrait footer is on the turned sheet (8).

use super::linebreak::Class;
use super::paginator::Geo;
use super::shape::{Shaper, extent, place, solid_xs};
use super::{Frame, Item};
use crate::model::{FontRole, Orientation};
use crate::style::{Style, mm_to_pt};

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
pub fn page_number(sh: &mut Shaper, style: &Style, o: Orientation, num: u32) -> Vec<Item> {
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
                Item::Rule { .. } | Item::Colour(_) => {}
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
