//! 版头 (GB/T 9704-2012 §7.2): 份号, 密级和保密期限 and 紧急程度 at the top left, the red
//! 发文机关标志 35 mm (上行文 80 mm) under the top of the text block, the 发文字号 (and
//! 签发人) two lines under it, the red rule 4 mm under the 发文字号, and room for the title
//! two lines under the rule (§7.3.1).
//!
//! [`geometry`] holds every figure, from the text's character counts only (no font
//! metrics), so that the DOCX writer places the same elements at the same heights.

use super::Item;
use super::flow::Slot;
use super::paginator::{Geo, baseline_in_line};
use super::shape::{Shaped, Shaper, natural_width, place, solid_xs};
use crate::chars::is_half_width;
use crate::model::{FontRole, Masthead, plain_text};
use crate::style::{Style, mm_to_pt};

/// The colour of the 发文机关标志 and the rule: DeviceRGB red (1 0 0), `FF0000` in the DOCX.
/// §5.2 asks printers for red ink at Y80% M80%; on screen and on office printers the
/// documents offices make in Word use pure red, and PDF/A-2b with its sRGB output intent
/// allows DeviceRGB (DeviceCMYK would need a CMYK intent).
pub const RED: [f64; 3] = [1.0, 0.0, 0.0];

/// Top of the text block to the top edge of the organ mark (§7.2.4), mm.
pub const ORGAN_TOP_MM: f64 = 35.0;
/// The same for 上行文 (§7.2.4 with 7.2.6's figure: 80 mm).
pub const ORGAN_TOP_UPWARD_MM: f64 = 80.0;
/// Largest character of the organ mark: 22 mm high × 15 mm wide (GB/T 9704 §7.2.4 as the
/// brief reads it; the 1999 edition: "一般应小于22mm×15mm"). Characters are square, so the
/// width decides: 初号 (42 pt = 14.8 mm) is the largest standard size under 15 mm.
pub const ORGAN_MAX_PT: f64 = 42.0;
/// Line pitch of a joint mark's stacked names, in organ-mark sizes.
pub const ORGAN_LEADING: f64 = 1.2;
/// Gap between a joint mark's names and its 文件, in organ-mark sizes.
pub const WENJIAN_GAP: f64 = 0.5;
/// The 发文字号's em box bottom to the middle of the red rule (§7.2.7), mm.
pub const RULE_GAP_MM: f64 = 4.0;
/// The red rule's thickness. §7.2.7 gives none; the 版记's thick rule (§7.4.1, 0.35 mm).
pub const RULE_MM: f64 = 0.35;

/// Where the parts of a 版头 are, in pt down from the top of the text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MastheadGeo {
    /// Type size of the organ mark.
    pub organ_size: f64,
    /// Top edge of the organ mark's em boxes.
    pub organ_top: f64,
    /// Pitch of stacked names (joint marks).
    pub organ_pitch: f64,
    /// Number of stacked name lines.
    pub organ_lines: usize,
    /// Width of the names column (the longest name), pt.
    pub names_width: f64,
    /// Bottom edge of the organ mark.
    pub organ_bottom: f64,
    /// Top of the grid line of the 发文字号.
    pub number_top: f64,
    /// The middle of the red rule.
    pub rule: f64,
    /// The height the 版头 takes: the title starts here (two lines under the rule).
    pub height: f64,
}

/// Width of `s` in ems: full-width characters one, half-width ones a half.
fn ems(s: &str) -> f64 {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if is_half_width(c) { 0.5 } else { 1.0 })
        .sum()
}

/// The 版头's figures for a block `width` pt wide with grid lines `pitch` pt high and body
/// type `body` pt.
pub fn geometry(m: &Masthead, width: f64, pitch: f64, body: f64) -> MastheadGeo {
    let mark = m.mark();
    let longest = mark
        .names
        .iter()
        .map(|n| ems(&plain_text(n)))
        .fold(0.0, f64::max)
        .max(1.0);
    let across = if mark.wenjian {
        longest + WENJIAN_GAP + ems(Masthead::WENJIAN)
    } else {
        longest
    };
    // as large as the standard allows, smaller when a long name would overflow the block
    // in whole half-points, the DOCX's unit (rounding up would overflow the line there)
    let organ_size = (ORGAN_MAX_PT.min(width / across) * 2.0).floor() / 2.0;
    let organ_top = mm_to_pt(if m.upward {
        ORGAN_TOP_UPWARD_MM
    } else {
        ORGAN_TOP_MM
    });
    let organ_lines = mark.names.len().max(1);
    let organ_pitch = organ_size * ORGAN_LEADING;
    let organ_bottom = organ_top + (organ_lines - 1) as f64 * organ_pitch + organ_size;
    // two blank lines (§7.2.5), then the 发文字号's own line, its em box centred in it
    let number_top = organ_bottom + 2.0 * pitch;
    let number_bottom = number_top + pitch / 2.0 + body / 2.0;
    let rule = number_bottom + mm_to_pt(RULE_GAP_MM);
    MastheadGeo {
        organ_size,
        organ_top,
        organ_pitch,
        organ_lines,
        names_width: longest * organ_size,
        organ_bottom,
        number_top,
        rule,
        // §7.3.1: the title two blank lines under the rule
        height: rule + 2.0 * pitch,
    }
}

/// The 版头 as one slot at the top of a page: items relative to the slot's top, red ones
/// between [`Item::Colour`] marks.
pub fn compose(m: &Masthead, sh: &mut Shaper, style: &Style, g: &Geo) -> Slot {
    let body = style.sizes.body;
    let geo = geometry(m, g.width, g.pitch, body);
    let cell = Some(g.cell);
    let mut items = Vec::new();
    // 份号, 密级和保密期限, 紧急程度: top left, one grid line each, in this order (§7.2.3)
    let corner = [
        (&m.copy_no, FontRole::Body),
        (&m.secrecy, FontRole::Hei),
        (&m.urgency, FontRole::Hei),
    ];
    let mut line = 0.0;
    for (text, role) in corner {
        if let Some(t) = text {
            let s = sh.shape_str(t, role, body, cell);
            let base = -line * g.pitch + baseline_in_line(g.pitch, body);
            place(
                &s,
                0,
                s.glyphs.len(),
                &solid_xs(&s),
                g.left,
                base,
                &mut items,
            );
            line += 1.0;
        }
    }
    items.push(Item::Colour(RED));
    organ_mark(m, sh, g, &geo, &mut items);
    // the rule, as wide as the text block
    items.push(Item::Rule {
        x1: g.left,
        y1: -geo.rule,
        x2: g.right(),
        y2: -geo.rule,
        width: mm_to_pt(RULE_MM),
    });
    items.push(Item::Colour([0.0; 3]));
    if let Some(number) = &m.number {
        let base = -geo.number_top + baseline_in_line(g.pitch, body);
        let s = sh.shape_str(number, FontRole::Body, body, cell);
        let w = natural_width(&s);
        let x = if m.upward {
            g.left + g.cell
        } else {
            g.left + (g.width - w) / 2.0
        };
        place(&s, 0, s.glyphs.len(), &solid_xs(&s), x, base, &mut items);
        if m.upward && !m.signers.is_empty() {
            // 签发人：NAME, one character in from the right (§7.2.6): label 仿宋, names 楷体
            let label = sh.shape_str("签发人：", FontRole::Body, body, cell);
            let names = sh.shape_str(&m.signers.join("　"), FontRole::Kai, body, cell);
            let nw = natural_width(&names);
            let lw = natural_width(&label);
            let right = g.right() - g.cell;
            let xs = solid_xs(&label);
            place(
                &label,
                0,
                label.glyphs.len(),
                &xs,
                right - nw - lw,
                base,
                &mut items,
            );
            let xs = solid_xs(&names);
            place(
                &names,
                0,
                names.glyphs.len(),
                &xs,
                right - nw,
                base,
                &mut items,
            );
        }
    }
    Slot::Fixed {
        items,
        height: geo.height,
    }
}

/// The organ mark: names stacked and centred as one block; a joint mark's names spread to
/// the longest's width (分散对齐) with 文件 to their right, centred on the stack.
fn organ_mark(m: &Masthead, sh: &mut Shaper, g: &Geo, geo: &MastheadGeo, items: &mut Vec<Item>) {
    let mark = m.mark();
    let size = geo.organ_size;
    let names: Vec<Shaped> = mark
        .names
        .iter()
        .map(|n| sh.shape(n, FontRole::Title, size, None))
        .collect();
    let wenjian = mark
        .wenjian
        .then(|| sh.shape_str(Masthead::WENJIAN, FontRole::Title, size, None));
    let names_w = if names.len() > 1 {
        geo.names_width
    } else {
        names.first().map(natural_width).unwrap_or(0.0)
    };
    let total = names_w
        + wenjian
            .as_ref()
            .map_or(0.0, |w| WENJIAN_GAP * size + natural_width(w));
    let x0 = g.left + (g.width - total) / 2.0;
    // the em box's top is 0.88 em above the baseline (the ideographic box of the layout)
    let baseline = |top: f64| -(top + 0.88 * size);
    for (i, s) in names.iter().enumerate() {
        let top = geo.organ_top + i as f64 * geo.organ_pitch;
        let xs = spread(s, names_w);
        place(s, 0, s.glyphs.len(), &xs, x0, baseline(top), items);
    }
    if let Some(w) = &wenjian {
        let mid = geo.organ_top + (geo.organ_bottom - geo.organ_top) / 2.0;
        let x = x0 + names_w + WENJIAN_GAP * size;
        place(
            w,
            0,
            w.glyphs.len(),
            &solid_xs(w),
            x,
            baseline(mid - size / 2.0),
            items,
        );
    }
}

/// x of each glyph of `s` spread over `width` (the first at 0, the last ending at `width`);
/// the natural positions when it is already as wide or a single glyph.
fn spread(s: &Shaped, width: f64) -> Vec<f64> {
    let xs = solid_xs(s);
    let n = s.glyphs.len();
    let natural = natural_width(s);
    if n < 2 || natural >= width {
        return xs;
    }
    let gap = (width - natural) / (n - 1) as f64;
    xs.iter()
        .enumerate()
        .map(|(i, x)| x + gap * i as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;

    fn mh(organs: &[&str], upward: bool) -> Masthead {
        Masthead {
            organs: organs.iter().map(|o| vec![Inline::plain(*o)]).collect(),
            number: Some("惠审信党〔2024〕9号".into()),
            upward,
            ..Masthead::default()
        }
    }

    fn mm(pt: f64) -> f64 {
        pt / mm_to_pt(1.0)
    }

    fn std_geo(m: &Masthead) -> MastheadGeo {
        let s = Style::default();
        geometry(
            m,
            mm_to_pt(s.block_width_mm()),
            s.line_pitch_pt(),
            s.sizes.body,
        )
    }

    #[test]
    fn the_organ_mark_is_35_mm_down_at_the_largest_size_under_15_mm() {
        let g = std_geo(&mh(&["惠州市审计局文件"], false));
        assert!((mm(g.organ_top) - 35.0).abs() < 1e-9);
        assert_eq!(g.organ_size, 42.0);
        assert!(mm(g.organ_size) < 15.0);
        // 发文字号 two lines under the mark, the rule 4 mm under it, the title two lines on
        let pitch = Style::default().line_pitch_pt();
        assert!((g.number_top - g.organ_bottom - 2.0 * pitch).abs() < 1e-9);
        assert!((mm(g.rule - (g.number_top + pitch / 2.0 + 8.0)) - 4.0).abs() < 1e-9);
        assert!((g.height - g.rule - 2.0 * pitch).abs() < 1e-9);
        let up = std_geo(&mh(&["惠州市审计局文件"], true));
        assert!((mm(up.organ_top) - 80.0).abs() < 1e-9);
    }

    #[test]
    fn a_long_name_is_set_smaller_to_fit_the_block() {
        let long = "中华人民共和国某某省某某市某某县人民政府办公室文件";
        let g = std_geo(&mh(&[long], false));
        let chars = long.chars().count() as f64;
        // in half-points, as large as fits
        assert_eq!(g.organ_size * 2.0, (g.organ_size * 2.0).round());
        assert!(mm(g.organ_size * chars) <= 156.0);
        assert!(mm((g.organ_size + 0.5) * chars) > 156.0);
    }

    #[test]
    fn a_joint_mark_stacks_the_names_with_wenjian_beside_them() {
        let m = mh(&["中共某某县委员会", "某某县人民政府文件"], false);
        let mark = m.mark();
        assert!(mark.wenjian);
        assert_eq!(plain_text(&mark.names[1]), "某某县人民政府");
        let g = std_geo(&m);
        assert_eq!(g.organ_lines, 2);
        // 8 + 0.5 + 2 ems across at 42 pt fit the 156 mm block
        assert_eq!(g.organ_size, 42.0);
        assert!((g.names_width - 8.0 * 42.0).abs() < 1e-9);
        assert!((g.organ_bottom - g.organ_top - 42.0 * (1.0 + ORGAN_LEADING)).abs() < 1e-9);
        // a separate 文件 entry is the same mark; without 文件 the names stand alone
        assert_eq!(
            mh(&["中共某某县委员会", "某某县人民政府", "文件"], false).mark(),
            mark
        );
        assert!(!mh(&["甲单位", "乙单位"], false).mark().wenjian);
        // a single organ is set as written
        let one = mh(&["某某县人民政府文件"], false).mark();
        assert!(!one.wenjian && plain_text(&one.names[0]) == "某某县人民政府文件");
    }
}
