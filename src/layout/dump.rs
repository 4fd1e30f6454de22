//! A stable text dump of laid-out pages, for golden snapshots (`check --golden`), beside the
//! model dump of [`template::dump`](crate::template::dump).

use super::{Frame, Item, Pages};
use std::fmt::Write;

/// A stable text dump of laid-out pages: per page, each line's baseline and left edge (pt,
/// two decimals) and its text; rules as their end points. For golden snapshots of the
/// layout: a change of line breaks or positions shows up as a changed line.
pub fn dump_lines(pages: &Pages) -> String {
    let mut out = String::new();
    for (i, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} {:.2}x{:.2} number={}",
            i + 1,
            page.width,
            page.height,
            page.number.map_or("-".to_string(), |n| n.to_string())
        );
        // Runs grouped by baseline (to 0.01 pt), top of the page first, left to right.
        let mut lines: Vec<(i64, f64, String)> = vec![];
        for it in &page.items {
            match it {
                // A landscape page's number, in the portrait sheet's coordinates.
                Item::Text(t) if t.frame == Frame::Sheet => {
                    let text: String = t.glyphs.iter().map(|g| g.ch).collect();
                    let x = t.glyphs.first().map_or(0.0, |g| g.x);
                    let _ = writeln!(out, "  sheet {:.2} {x:.2} | {text}", t.baseline);
                }
                Item::Text(t) if !t.glyphs.is_empty() => {
                    let y = (t.baseline * 100.0).round() as i64;
                    let x = t.glyphs[0].x;
                    let text: String = t.glyphs.iter().map(|g| g.ch).collect();
                    match lines.iter_mut().find(|l| l.0 == y) {
                        Some(l) if x < l.1 => {
                            l.1 = x;
                            l.2 = text + &l.2;
                        }
                        Some(l) => l.2.push_str(&text),
                        None => lines.push((y, x, text)),
                    }
                }
                Item::Rule { x1, y1, x2, y2, .. } => {
                    let _ = writeln!(out, "  rule {x1:.2},{y1:.2} {x2:.2},{y2:.2}");
                }
                Item::Marker { x, y, .. } => {
                    let _ = writeln!(out, "  marker {x:.2},{y:.2}");
                }
                Item::Text(_) | Item::Colour(_) => {}
            }
        }
        lines.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
        for (y, x, text) in lines {
            let _ = writeln!(out, "  {:.2} {x:.2} | {text}", y as f64 / 100.0);
        }
    }
    out
}
