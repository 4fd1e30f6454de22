//! Page geometry and the paginator: where the text block of a page is, and the pages under
//! construction that body text (`flow`) and tables (`table`) are set on.

use super::{Item, OutlineEntry, Page};
use crate::model::Orientation;
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
        // Landscape: the portrait page turned a quarter, the binding margin (订口) at the
        // top, the 天头 on the right.
        let (page_w, page_h, left, top, width, height) = match o {
            Orientation::Portrait => (
                p.width_mm,
                p.height_mm,
                p.left_mm,
                p.height_mm - p.top_mm,
                style.block_width_mm(),
                style.block_height_mm(),
            ),
            Orientation::Landscape => (
                p.height_mm,
                p.width_mm,
                p.bottom_mm,
                p.width_mm - p.left_mm,
                style.block_height_mm(),
                style.block_width_mm(),
            ),
        };
        Geo {
            orientation: o,
            page_w: mm_to_pt(page_w),
            page_h: mm_to_pt(page_h),
            left: mm_to_pt(left),
            top: mm_to_pt(top),
            width: mm_to_pt(width),
            height: mm_to_pt(height),
            cell,
            pitch,
        }
    }

    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.top - self.height
    }
}

pub fn shift_items(items: &mut [Item], dy: f64) {
    for it in items {
        match it {
            Item::Text(t) => t.baseline += dy,
            Item::Rule { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Marker { y, .. } => *y += dy,
            Item::Colour(_) => {}
        }
    }
}

/// Baseline of a line of type `size` below the top of its grid line: the ideographic em
/// box (0.88 / −0.12 em) centred in the line.
pub fn baseline_in_line(pitch: f64, size: f64) -> f64 {
    -(pitch / 2.0 + 0.38 * size)
}

/// Pages under construction; tables paginate through it too.
pub struct Paginator<'s> {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    geo: Geo,
    /// Height used on the current page from the top of the text block, pt.
    used: f64,
    style: &'s Style,
}

impl<'s> Paginator<'s> {
    /// No pages yet: the first [`new_page`](Self::new_page) starts one.
    pub fn new(style: &'s Style, first: Orientation) -> Paginator<'s> {
        Paginator {
            pages: Vec::new(),
            outline: Vec::new(),
            geo: Geo::new(style, first),
            used: 0.0,
            style,
        }
    }

    /// The text block of the current page.
    pub fn geo(&self) -> &Geo {
        &self.geo
    }

    pub fn orientation(&self) -> Orientation {
        self.geo.orientation
    }

    /// Nothing set on the current page yet (blank lines count as set).
    pub fn at_top(&self) -> bool {
        self.used == 0.0
    }

    /// Whether `h` more fits on the current page (to a micro-point: the grid's sums are
    /// not exact in binary).
    pub fn fits(&self, h: f64) -> bool {
        self.used + h <= self.geo.height + 1e-6
    }

    /// Fills the current page to its foot (the 版记 ends there).
    pub fn fill(&mut self) {
        self.used = self.geo.height;
    }

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

    /// Height left on the current page under what is set, pt.
    pub fn remaining(&self) -> f64 {
        self.geo.height - self.used
    }

    /// y of the top of the next line on the current page.
    pub fn cursor(&self) -> f64 {
        self.geo.top - self.used
    }

    /// Marks `h` more of the current page as used.
    pub fn advance(&mut self, h: f64) {
        self.used += h;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Frame;

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
}
