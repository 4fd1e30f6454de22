//! Pagination: the grid lines (slots) that composition made are put 22 to a page with the
//! keep rules (headings with their text, no widow/orphan control as in the DOCX,
//! the signature with the last lines of text), tables through [`table::paginate`], the 版记
//! at the foot of its page, then page numbers.

use super::pagenum::page_number;
use super::paginator::{Paginator, shift_items};
use super::shape::Shaper;
use super::table::{self, TableSlot};
use super::{Item, OutlineEntry, Page, Pages};
use crate::model::Orientation;
use crate::style::{Style, mm_to_pt};

/// One line of the grid before pagination. Item y values are relative to the line's top.
pub struct LineSlot {
    pub items: Vec<Item>,
    pub keep: bool,
    pub outline: Option<(u8, String)>,
}

pub enum Slot {
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
    /// A block of fixed height off the grid at the top of a page (the 版头): items relative
    /// to its top.
    Fixed {
        items: Vec<Item>,
        height: f64,
    },
}

/// Puts the slots on pages, then numbers them ("— N —", every page).
pub fn paginate(slots: Vec<Slot>, style: &Style, sh: &mut Shaper, first: Orientation) -> Pages {
    let mut p = Paginator::new(style, first);
    p.new_page(first);
    let eps = 1e-6;
    let mut unnumbered: Vec<usize> = Vec::new();
    let mut imprint_breaks = None;
    for idx in 0..slots.len() {
        match &slots[idx] {
            Slot::NewPage(o) => {
                if !p.at_top() || p.orientation() != *o || !p.page_empty() {
                    p.new_page(*o);
                }
            }
            Slot::Blank { forced, .. } => {
                if p.at_top() && !forced {
                    continue;
                }
                if !p.fits(p.geo().pitch) {
                    p.new_page(p.orientation());
                    if !forced {
                        continue;
                    }
                }
                p.advance(p.geo().pitch);
            }
            Slot::Line(l) => {
                let g = *p.geo();
                let chain = chain_height(&slots, idx, g.pitch);
                if !p.at_top() && !p.fits(chain) && chain <= g.height - g.pitch {
                    p.new_page(p.orientation());
                }
                let h = g.pitch;
                if !p.at_top() && !p.fits(h) {
                    p.new_page(p.orientation());
                }
                let top = p.cursor();
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
                p.advance(h);
            }
            Slot::Imprint { rows, starts } => {
                // 7.4: the 版记 is on a portrait page (after a landscape attachment, a new
                // one), at its foot, and on an even page: the back of the last sheet
                let before = p.pages.len();
                if p.orientation() != Orientation::Portrait {
                    p.new_page(Orientation::Portrait);
                }
                let g = *p.geo();
                let lines = (g.height / g.pitch + eps).floor();
                let m = rows.len() as f64;
                let first_top = g.top - (lines - m) * g.pitch;
                if p.cursor() < first_top - eps {
                    p.new_page(g.orientation);
                }
                if p.pages.len() % 2 == 1 {
                    if p.page_empty() {
                        // a blank page before the 版记's: neither is numbered (7.5)
                        unnumbered.push(p.pages.len() - 1);
                        unnumbered.push(p.pages.len());
                    }
                    p.new_page(g.orientation);
                }
                imprint_breaks = Some(p.pages.len() - before);
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
                p.fill();
            }
            Slot::Table(t) => {
                table::paginate(t, &mut p);
            }
            Slot::Fixed { items, height } => {
                if !p.at_top() || !p.page_empty() {
                    p.new_page(p.orientation());
                }
                let mut items = items.clone();
                shift_items(&mut items, p.cursor());
                p.push_items(items);
                p.advance(*height);
            }
        }
    }
    // Page numbers, "— N —", every page but a blank page before the 版记 and the 版记's.
    let n = p.pages.len();
    for i in 0..n {
        if unnumbered.contains(&i) {
            continue;
        }
        let num = (i + 1) as u32;
        let items = page_number(sh, style, orientation_of(&p.pages[i]), num);
        p.pages[i].items.extend(items);
        p.pages[i].number = Some(num);
    }
    Pages {
        pages: p.pages,
        outline: p.outline,
        warnings: Vec::new(),
        imprint_breaks,
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
                h += pitch;
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
