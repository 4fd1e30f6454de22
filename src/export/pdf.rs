//! PDF backend: writes the pages laid out by [`layout`](crate::layout) with printpdf, then a
//! lopdf post-pass ([`post`]) for what printpdf does not do right: a nested outline, a
//! deterministic `/ID`, no stray PDF/X claim.
//!
//! Fonts are embedded as subsets (printpdf's `text_layout` feature) under fixed resource
//! names (`RDAAAA`, `RDAAAB`, … in face order), so the same input gives the same bytes.

mod post;

use super::{Env, Output};
use crate::diag::Diagnostic;
use crate::fonts::{FaceId, FontBook, Fonts};
use crate::layout::{self, Frame, Item, Pages};
use crate::model::Document;
use crate::style::PT_PER_MM;
use printpdf::{
    Codepoint, Color, FontId, Greyscale, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
};
use std::collections::{BTreeMap, BTreeSet};

pub fn write(doc: &Document, env: &Env) -> Result<Output, Vec<Diagnostic>> {
    let mut fonts = Fonts::new(env.fonts, env.style);
    let pages = layout::layout(doc, env.style, &mut fonts, env.allow_missing_glyphs)?;
    let bytes = write_pages(doc, &pages, env.fonts)?;
    Ok(Output {
        bytes,
        warnings: pages.warnings.clone(),
        pages: Some(pages.pages.len()),
    })
}

/// The resource name of the n-th embedded face: six capitals (the subset tag is its first
/// six characters, and PDF readers recognise a subset by `ABCDEF+`).
fn font_tag(n: usize) -> String {
    let mut s = String::from("RD");
    let mut v = n;
    let mut tail = [b'A'; 4];
    for t in tail.iter_mut().rev() {
        *t = b'A' + (v % 26) as u8;
        v /= 26;
    }
    s.push_str(std::str::from_utf8(&tail).unwrap_or("AAAA"));
    s
}

fn write_pages(doc: &Document, pages: &Pages, book: &FontBook) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    // Faces used, in a fixed order.
    let used: BTreeSet<FaceId> = pages
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            Item::Text(t) => Some(t.face),
            _ => None,
        })
        .collect();
    let mut ids: BTreeMap<FaceId, FontId> = BTreeMap::new();
    for (n, face) in used.iter().enumerate() {
        let info = book.face(*face);
        let bytes = book.bytes(*face).ok_or_else(|| {
            vec![Diagnostic::error(format!(
                "cannot read font file {}",
                info.path.display()
            ))]
        })?;
        let mut warns = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warns).ok_or_else(|| {
            vec![Diagnostic::error(format!(
                "cannot parse font {} (face {})",
                info.path.display(),
                info.index
            ))]
        })?;
        let id = FontId(font_tag(n));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        ids.insert(*face, id);
    }

    let black = Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    });
    let mut out_pages = Vec::with_capacity(pages.pages.len());
    for page in &pages.pages {
        let mut ops = Vec::new();
        ops.push(Op::SetFillColor { col: black.clone() });
        ops.push(Op::SetOutlineColor { col: black.clone() });
        let mut in_text = false;
        // Tc persists across BT/ET within a page's content stream.
        let mut char_spacing = 0.0f64;
        for it in &page.items {
            match it {
                Item::Text(t) if !t.glyphs.is_empty() => {
                    let Some(id) = ids.get(&t.face) else { continue };
                    if !in_text {
                        ops.push(Op::StartTextSection);
                        in_text = true;
                    }
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(t.size as f32),
                    });
                    ops.push(Op::SetTextMatrix {
                        matrix: text_matrix(t, page.height),
                    });
                    let (spacing, items) = text_items(t);
                    if spacing != char_spacing {
                        ops.push(Op::SetCharacterSpacing {
                            multiplier: spacing as f32,
                        });
                        char_spacing = spacing;
                    }
                    ops.push(Op::ShowText { items });
                }
                Item::Text(_) => {}
                Item::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(*width as f32),
                    });
                    ops.push(Op::DrawLine {
                        line: polyline(&[(*x1, *y1), (*x2, *y2)], false),
                    });
                }
                Item::Marker { x, y, w, h } => {
                    if in_text {
                        ops.push(Op::EndTextSection);
                        in_text = false;
                    }
                    ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                    ops.push(Op::DrawLine {
                        line: polyline(&[(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)], true),
                    });
                    // a cross makes the marker unmistakable for a real character
                    ops.push(Op::DrawLine {
                        line: polyline(&[(*x, *y), (x + w, y + h)], false),
                    });
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        out_pages.push(PdfPage::new(
            Mm((page.width / PT_PER_MM) as f32),
            Mm((page.height / PT_PER_MM) as f32),
            ops,
        ));
    }
    pdf.with_pages(out_pages);

    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.subject.clone();
    info.keywords = doc.meta.keywords.clone();
    info.creator = "rectdoc".into();
    info.producer = format!("rectdoc {}", env!("CARGO_PKG_VERSION"));
    let ts = doc.meta.date.as_deref().and_then(unix_of_date).unwrap_or(0);
    if let Ok(d) = printpdf::OffsetDateTime::from_unix_timestamp(ts) {
        info.creation_date = d;
        info.modification_date = d;
        info.metadata_date = d;
    }

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&opts, &mut warnings);
    post::finish(lo, &pages.outline)
        .map_err(|e| vec![Diagnostic::error(format!("writing the PDF: {e}"))])
}

/// The text matrix putting the run's first glyph at its place. A run in the sheet's frame
/// (a landscape page's number, [`Frame::Sheet`]) is turned a quarter clockwise: text space's
/// +x (the advance) is the page's −y, its +y (the glyphs' up) the page's +x.
fn text_matrix(t: &layout::TextRun, page_h: f64) -> TextMatrix {
    let x0 = t.glyphs.first().map_or(0.0, |g| g.x);
    let (e, f) = t.frame.to_page(x0, t.baseline, page_h);
    match t.frame {
        Frame::Page => TextMatrix::Translate(Pt(e as f32), Pt(f as f32)),
        Frame::Sheet => TextMatrix::Raw([0.0, -1.0, 1.0, 0.0, e as f32, f as f32]),
    }
}

/// The character spacing (`Tc`, pt) and TJ array of a run. Nearly every gap of a grid line
/// is the same (the 0.21 pt a 16 pt glyph gives up to its 15.79 pt cell, plus the line's
/// justification), so that gap becomes `Tc` and only the glyphs that differ get a kern:
/// one kern per glyph was a third of the content streams.
///
/// Glyphs go in as ids the layout already has, with their character for the ToUnicode map:
/// as text, printpdf would look every character up again in the face's cmap by a linear
/// scan, which was a quarter of the time to write the notice.
fn text_items(t: &layout::TextRun) -> (f64, Vec<TextItem>) {
    // gap after glyph i, from the end of its natural advance to the next glyph
    let gaps: Vec<f64> = t
        .glyphs
        .windows(2)
        .map(|w| w[1].x - (w[0].x + w[0].advance))
        .collect();
    let spacing = most_common(&gaps);
    let mut glyphs = Vec::with_capacity(t.glyphs.len());
    // The pen as a reader will move it, so that rounding never accumulates along a line.
    let mut pen = t.glyphs.first().map_or(0.0, |g| g.x);
    for (i, g) in t.glyphs.iter().enumerate() {
        pen += g.advance + spacing;
        let mut kern = 0.0;
        if let Some(next) = t.glyphs.get(i + 1) {
            let delta = next.x - pen;
            // 0.005 pt is far below what a reader or printer resolves
            if delta.abs() > 0.005 {
                kern = round3(-delta * 1000.0 / t.size);
                pen -= kern * t.size / 1000.0;
            }
        }
        glyphs.push(Codepoint::with_cid(g.gid, kern as f32, g.ch.to_string()));
    }
    (spacing, vec![TextItem::GlyphIds(glyphs)])
}

/// The most frequent value (to 0.0001 pt), rounded; 0 for none. Ties go to the smaller.
fn most_common(values: &[f64]) -> f64 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *counts.entry((v * 10_000.0).round() as i64).or_default() += 1;
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| *k)
        .unwrap_or(0);
    best as f64 / 10_000.0
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn polyline(pts: &[(f64, f64)], closed: bool) -> Line {
    Line {
        points: pts
            .iter()
            .map(|(x, y)| LinePoint {
                p: Point {
                    x: Pt(*x as f32),
                    y: Pt(*y as f32),
                },
                bezier: false,
            })
            .collect(),
        is_closed: closed,
    }
}

/// `YYYY-MM-DD` → seconds since 1970 (midnight UTC).
fn unix_of_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from civil (Howard Hinnant)
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = if y2 >= 0 { y2 } else { y2 - 399 } / 400;
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_tags() {
        assert_eq!(unix_of_date("1970-01-01"), Some(0));
        assert_eq!(unix_of_date("2024-09-26"), Some(1_727_308_800));
        assert_eq!(unix_of_date("2024-13-01"), None);
        assert_eq!(font_tag(0), "RDAAAA");
        assert_eq!(font_tag(27), "RDAABB");
    }

    fn run(xs: &[f64], advance: f64) -> layout::TextRun {
        layout::TextRun {
            face: 0,
            size: 16.0,
            baseline: 0.0,
            frame: Frame::Page,
            glyphs: xs
                .iter()
                .map(|&x| layout::PlacedGlyph {
                    ch: '国',
                    gid: 7,
                    x,
                    advance,
                })
                .collect(),
        }
    }

    fn kerns(items: &[TextItem]) -> Vec<f32> {
        items
            .iter()
            .flat_map(|i| match i {
                TextItem::GlyphIds(g) => g.iter().map(|c| c.offset).collect(),
                _ => Vec::new(),
            })
            .filter(|o| *o != 0.0)
            .collect()
    }

    #[test]
    fn a_grid_line_is_one_tc_and_no_kerns() {
        // 28 glyphs of 16 pt on 15.79 pt cells: the common gap is Tc, nothing else.
        let cell = 442.2 / 28.0;
        let xs: Vec<f64> = (0..28).map(|i| i as f64 * cell).collect();
        let (tc, items) = text_items(&run(&xs, 16.0));
        assert!((tc - (cell - 16.0)).abs() < 1e-4, "{tc}");
        assert!(kerns(&items).is_empty(), "{items:?}");
        let TextItem::GlyphIds(g) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(g.len(), 28);
        assert!(
            g.iter()
                .all(|c| c.gid == 7 && c.cid.as_deref() == Some("国"))
        );
    }

    #[test]
    fn a_sheet_run_is_turned_a_quarter_clockwise() {
        let mut r = run(&[100.0, 114.0], 14.0);
        r.baseline = 70.0;
        assert_eq!(
            text_matrix(&r, 595.0).as_array(),
            TextMatrix::Translate(Pt(100.0), Pt(70.0)).as_array()
        );
        r.frame = Frame::Sheet;
        // advance down the page, glyphs' up to the right; origin (baseline, H − x)
        assert_eq!(
            text_matrix(&r, 595.0).as_array(),
            [0.0, -1.0, 1.0, 0.0, 70.0, 495.0]
        );
    }

    #[test]
    fn only_the_glyphs_off_the_common_gap_get_a_kern() {
        // one wider gap after the third glyph
        let xs = [0.0, 16.0, 32.0, 56.0, 72.0];
        let (tc, items) = text_items(&run(&xs, 16.0));
        assert!(tc.abs() < 1e-9);
        assert_eq!(kerns(&items), [-500.0]);
    }
}
