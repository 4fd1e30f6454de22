//! Page content streams, written straight to bytes: the layout already placed every glyph,
//! so a page is a few operators per line (`Tf`, `Tm`, `Tc`, `TJ`) and per rule.
//!
//! Numbers are written as `f32` in their shortest form, as lopdf writes a real, so the
//! streams are byte for byte those printpdf wrote. (zmij formats faster, but where two
//! shortest forms are equally near it rounds to even and `Display` up: 3806.40625.)
//! Formatting was a quarter of writing the ledger's pages, and most numbers recur (the
//! margins, the rules' ends, sizes, `Tc`), so each document keeps what it formatted
//! ([`Reals`]).

use super::embed::Embedded;
use crate::fonts::FaceId;
use crate::layout::{Frame, Item, Page, TextRun};
use std::collections::BTreeMap;
use std::io::Write;

/// An embedded face as the content streams name it.
pub struct Face {
    /// The resource name (`RDAAAA`).
    pub tag: String,
    pub embedded: Embedded,
}

/// The content stream of one page; `reals` is shared by the pages of a document.
pub fn page(page: &Page, faces: &BTreeMap<FaceId, Face>, reals: &mut Reals) -> Vec<u8> {
    let mut s = Stream {
        buf: Vec::new(),
        reals,
    };
    s.op("0 g");
    s.op("0 G");
    let mut in_text = false;
    // Tc persists across BT/ET within a page's content stream.
    let mut char_spacing = 0.0f64;
    for it in &page.items {
        match it {
            Item::Text(t) if !t.glyphs.is_empty() => {
                let Some(face) = faces.get(&t.face) else {
                    continue;
                };
                if !in_text {
                    s.op("BT");
                    in_text = true;
                }
                s.start();
                s.buf.push(b'/');
                s.buf.extend_from_slice(face.tag.as_bytes());
                s.real(b" ", t.size as f32);
                s.buf.extend_from_slice(b" Tf\n");
                for (i, v) in text_matrix(t, page.height).into_iter().enumerate() {
                    s.real(if i == 0 { b"" } else { b" " }, v);
                }
                s.buf.extend_from_slice(b" Tm");
                let (spacing, glyphs) = text_items(t);
                if spacing != char_spacing {
                    s.real(b"\n", spacing as f32);
                    s.buf.extend_from_slice(b" Tc");
                    char_spacing = spacing;
                }
                s.start();
                s.buf.push(b'[');
                for (gid, kern) in glyphs {
                    s.hex(face.embedded.code(gid));
                    if kern != 0.0 {
                        s.real(b" ", kern);
                    }
                }
                s.buf.extend_from_slice(b"] TJ");
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
                    s.op("ET");
                    in_text = false;
                }
                s.line_width(*width);
                s.path(&[(*x1, *y1), (*x2, *y2)], false);
            }
            // DeviceRGB, which the sRGB output intent of PDF/A-2b covers (allowed in a text
            // object too)
            Item::Colour(c) => {
                for (i, v) in c.iter().enumerate() {
                    s.real(if i == 0 { b"\n" } else { b" " }, *v as f32);
                }
                s.buf.extend_from_slice(b" rg");
                for (i, v) in c.iter().enumerate() {
                    s.real(if i == 0 { b"\n" } else { b" " }, *v as f32);
                }
                s.buf.extend_from_slice(b" RG");
            }
            Item::Marker { x, y, w, h } => {
                if in_text {
                    s.op("ET");
                    in_text = false;
                }
                s.line_width(0.8);
                s.path(&[(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)], true);
                // a cross makes the marker unmistakable for a real character
                s.path(&[(*x, *y), (x + w, y + h)], false);
            }
        }
    }
    if in_text {
        s.op("ET");
    }
    s.buf
}

/// Numbers as `Display` writes them, recently formatted ones from a direct-mapped table:
/// whatever it holds, the bytes are those `Display` gives for the value.
pub struct Reals {
    slots: Vec<Slot>,
}

#[derive(Clone, Copy)]
struct Slot {
    bits: u32,
    len: u8,
    text: [u8; 15],
}

impl Default for Reals {
    fn default() -> Reals {
        // `len` 0 marks an empty slot (no number is written as nothing)
        let empty = Slot {
            bits: 0,
            len: 0,
            text: [0; 15],
        };
        Reals {
            slots: vec![empty; 1 << 12],
        }
    }
}

impl Reals {
    fn write(&mut self, out: &mut Vec<u8>, v: f32) {
        let bits = v.to_bits();
        let i = (bits.wrapping_mul(0x9E37_79B9) >> 20) as usize;
        let slot = &mut self.slots[i];
        if slot.len > 0 && slot.bits == bits {
            out.extend_from_slice(&slot.text[..slot.len as usize]);
            return;
        }
        let start = out.len();
        let _ = write!(out, "{v}");
        let text = &out[start..];
        if text.len() <= slot.text.len() {
            slot.bits = bits;
            slot.len = text.len() as u8;
            slot.text[..text.len()].copy_from_slice(text);
        }
    }
}

/// Operators separated by newlines.
struct Stream<'a> {
    buf: Vec<u8>,
    reals: &'a mut Reals,
}

impl Stream<'_> {
    /// Starts an operator.
    fn start(&mut self) {
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    fn op(&mut self, op: &str) {
        self.start();
        self.buf.extend_from_slice(op.as_bytes());
    }

    /// `sep` and a number as lopdf writes an `f32` (`Display`: no exponent, no `.0`).
    fn real(&mut self, sep: &[u8], v: f32) {
        self.buf.extend_from_slice(sep);
        self.reals.write(&mut self.buf, v);
    }

    fn line_width(&mut self, w: f64) {
        self.real(if self.buf.is_empty() { b"" } else { b"\n" }, w as f32);
        self.buf.extend_from_slice(b" w");
    }

    fn path(&mut self, pts: &[(f64, f64)], closed: bool) {
        for (i, (x, y)) in pts.iter().enumerate() {
            self.real(if self.buf.is_empty() { b"" } else { b"\n" }, *x as f32);
            self.real(b" ", *y as f32);
            self.buf
                .extend_from_slice(if i == 0 { b" m" } else { b" l" });
        }
        if closed {
            self.op("h");
        }
        self.op("S");
    }

    /// A two-byte code as a hex string.
    fn hex(&mut self, code: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let [hi, lo] = code.to_be_bytes();
        self.buf.extend_from_slice(&[
            b'<',
            HEX[(hi >> 4) as usize],
            HEX[(hi & 15) as usize],
            HEX[(lo >> 4) as usize],
            HEX[(lo & 15) as usize],
            b'>',
        ]);
    }
}

/// The character spacing (`Tc`, pt) and the glyphs of a run, each with the kern (TJ
/// number, thousandths of an em) after it. Nearly every gap of a grid line is the same
/// (the 0.21 pt a 16 pt glyph gives up to its 15.79 pt cell, plus the line's
/// justification), so that gap becomes `Tc` and only the glyphs that differ get a kern:
/// one kern per glyph was a third of the content streams.
/// The text matrix putting the run's first glyph at its place. A run on the turned sheet (a
/// landscape page's number, [`Frame::Sheet`]) is turned a quarter clockwise: its advance
/// runs down the page, its glyphs' up to the page's right.
fn text_matrix(t: &TextRun, page_h: f64) -> [f32; 6] {
    let x0 = t.glyphs.first().map_or(0.0, |g| g.x);
    let (e, f) = t.frame.to_page(x0, t.baseline, page_h);
    let (e, f) = (e as f32, f as f32);
    match t.frame {
        Frame::Page => [1.0, 0.0, 0.0, 1.0, e, f],
        Frame::Sheet => [0.0, -1.0, 1.0, 0.0, e, f],
    }
}

fn text_items(t: &TextRun) -> (f64, Vec<(u16, f32)>) {
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
        glyphs.push((g.gid, kern as f32));
    }
    (spacing, glyphs)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::PlacedGlyph;

    fn run(xs: &[f64], advance: f64) -> TextRun {
        TextRun {
            face: 0,
            size: 16.0,
            baseline: 0.0,
            frame: Frame::Page,
            glyphs: xs
                .iter()
                .map(|&x| PlacedGlyph {
                    ch: '国',
                    gid: 7,
                    x,
                    advance,
                })
                .collect(),
        }
    }

    fn kerns(glyphs: &[(u16, f32)]) -> Vec<f32> {
        glyphs.iter().map(|g| g.1).filter(|k| *k != 0.0).collect()
    }

    #[test]
    fn a_sheet_run_is_turned_a_quarter_clockwise() {
        let mut r = run(&[100.0, 114.0], 14.0);
        r.baseline = 70.0;
        assert_eq!(text_matrix(&r, 595.0), [1.0, 0.0, 0.0, 1.0, 100.0, 70.0]);
        r.frame = Frame::Sheet;
        // advance down the page, glyphs' up to the right; origin (baseline, H − x)
        assert_eq!(text_matrix(&r, 595.0), [0.0, -1.0, 1.0, 0.0, 70.0, 495.0]);
    }

    #[test]
    fn a_grid_line_is_one_tc_and_no_kerns() {
        // 28 glyphs of 16 pt on 15.79 pt cells: the common gap is Tc, nothing else.
        let cell = 442.2 / 28.0;
        let xs: Vec<f64> = (0..28).map(|i| i as f64 * cell).collect();
        let (tc, glyphs) = text_items(&run(&xs, 16.0));
        assert!((tc - (cell - 16.0)).abs() < 1e-4, "{tc}");
        assert!(kerns(&glyphs).is_empty(), "{glyphs:?}");
        assert_eq!(glyphs.len(), 28);
        assert!(glyphs.iter().all(|g| g.0 == 7));
    }

    #[test]
    fn only_the_glyphs_off_the_common_gap_get_a_kern() {
        // one wider gap after the third glyph
        let xs = [0.0, 16.0, 32.0, 56.0, 72.0];
        let (tc, glyphs) = text_items(&run(&xs, 16.0));
        assert!(tc.abs() < 1e-9);
        assert_eq!(kerns(&glyphs), [-500.0]);
    }

    #[test]
    fn reals_are_written_as_display_writes_them_cached_or_not() {
        let mut reals = Reals::default();
        let mut x: u32 = 12345;
        let mut values = Vec::new();
        for _ in 0..50_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            values.push(f32::from_bits(x));
            values.push((x % 600_000) as f32 / 1000.0);
            values.push(-((x % 300) as f32) / 7.0);
        }
        // twice: formatted, then (mostly) from the table, with collisions in between
        for _ in 0..2 {
            for v in values.iter().filter(|v| v.is_finite()) {
                let mut out = Vec::new();
                reals.write(&mut out, *v);
                assert_eq!(String::from_utf8_lossy(&out), v.to_string());
            }
        }
    }

    #[test]
    fn operators_are_written_as_lopdf_writes_them() {
        let mut reals = Reals::default();
        let mut s = Stream {
            buf: Vec::new(),
            reals: &mut reals,
        };
        s.op("BT");
        s.hex(0x11ff);
        s.line_width(0.708_661_44);
        s.path(&[(99.2126, 400.1055), (133.077_84, 400.1055)], false);
        assert_eq!(
            String::from_utf8_lossy(&s.buf),
            "BT<11FF>\n0.70866144 w\n99.2126 400.1055 m\n133.07784 400.1055 l\nS"
        );
    }
}
