//! The 版头 (GB/T 9704 7.2) as WordprocessingML, at the heights the typesetter gives it
//! ([`crate::layout::masthead::geometry`]): off the grid, with exact line heights, and
//! empty exact-height paragraphs as spacers (LibreOffice drops space-before at the top of a
//! page). The organ mark is red (`w:color FF0000`, the PDF's DeviceRGB 1 0 0); the rule is
//! the red bottom border of the 发文字号's paragraph; a joint mark is a borderless table,
//! the names in the left cell and 文件 centred beside them in the right.

use super::Writer;
use super::xml::{Jc, PPr, RPr};
use crate::layout::masthead::{self, RULE_MM, WENJIAN_GAP};
use crate::model::{FontRole, Masthead, plain_text};
use crate::style::mm_to_pt;
use std::fmt::Write as _;

/// `w:color` of the red parts.
const RED: &str = "FF0000";

/// How much lower than the layout (em box centred in the line) LibreOffice sets the
/// baseline of a 3号 line of exact height off the grid: it puts the baseline the face's
/// descent above the line's bottom. Measured with LibreOffice 7.4 and FandolFang (the
/// PDF's face): 3.05 pt; the 版头's 3号 lines are moved up by it.
const EXACT_DROP: f64 = 3.05;

fn tw(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

impl Writer<'_> {
    /// An empty paragraph exactly `pt` high, off the grid (nothing when under a twip).
    fn spacer(&mut self, pt: f64) {
        let h = tw(pt);
        if h == 0 {
            return;
        }
        let ppr = PPr {
            snap_to_grid: Some(false),
            spacing: Some((h, "exact")),
            rpr: Some(RPr {
                size: Some(2),
                ..RPr::default()
            }),
            ..PPr::default()
        };
        self.para(ppr, String::new());
    }

    /// A paragraph off the grid, exactly `pt` high.
    fn exact(pt: f64, jc: Jc) -> PPr {
        PPr {
            snap_to_grid: Some(false),
            spacing: Some((tw(pt), "exact")),
            jc: Some(jc),
            ..PPr::default()
        }
    }

    pub(super) fn masthead(&mut self, m: &Masthead) {
        let style = self.style;
        let pitch = style.line_pitch_pt();
        let body = style.sizes.body;
        let width = mm_to_pt(style.block_width_mm());
        let geo = masthead::geometry(m, width, pitch, body);
        let none = RPr::default();
        let hei = self.d.fonts(&self.d.font_hei);
        // 份号, 密级, 紧急程度: one grid line each, flush left
        let mut used = 0.0;
        let lines = [
            (&m.copy_no, FontRole::Body, &none),
            (&m.secrecy, FontRole::Hei, &hei),
            (&m.urgency, FontRole::Hei, &hei),
        ];
        for (text, role, rpr) in lines {
            if let Some(t) = text {
                let runs = self.plain_runs(t, role, rpr);
                // the first line shorter: every baseline where the layout has it
                let h = if used == 0.0 {
                    pitch - EXACT_DROP
                } else {
                    pitch
                };
                self.para(Self::exact(h, Jc::Left), runs);
                used += h;
            }
        }
        // The organ mark: lines `organ_pitch` high with the em box centred in each (as
        // LibreOffice sets exact lines), so the block starts that much above the em top.
        let lo = geo.organ_pitch;
        let pad = (lo - geo.organ_size) / 2.0;
        self.spacer(geo.organ_top - pad - used);
        let red = RPr {
            color: Some(RED),
            size: Some(super::half_points(geo.organ_size)),
            spacing: Some(0),
            ..self.d.fonts(&self.d.font_title)
        };
        let mark = m.mark();
        if mark.wenjian {
            self.joint_mark(&mark, &geo, &red);
        } else {
            for name in &mark.names {
                let runs = self.runs(name, FontRole::Title, &red);
                self.para(Self::exact(lo, Jc::Center), runs);
            }
        }
        let block_bottom = geo.organ_top - pad + geo.organ_lines as f64 * lo;
        // 发文字号 (and 签发人), the red rule as its bottom border
        let number_top = geo.number_top - EXACT_DROP;
        self.spacer(number_top - block_bottom);
        let thick = mm_to_pt(RULE_MM);
        // the border's middle: the line's bottom + the space + half the rule (whole points)
        let space = (geo.rule - number_top - pitch - thick / 2.0)
            .round()
            .max(0.0);
        let sz = (thick * 8.0).round() as u32; // eighths of a point
        let jc = if m.upward { Jc::Left } else { Jc::Center };
        let mut ppr = Self::exact(pitch, jc);
        ppr.borders = Some(format!(
            r#"<w:pBdr><w:bottom w:val="single" w:sz="{sz}" w:space="{space}" w:color="{RED}"/></w:pBdr>"#
        ));
        let mut runs = String::new();
        if let Some(n) = &m.number {
            if m.upward {
                // one character in from either side by tab stops: indents would shorten
                // the rule, which is the paragraph's border
                let c = self.d.grid_char;
                let w = self.text_width() as i32;
                ppr.tabs = Some(format!(
                    r#"<w:tabs><w:tab w:val="left" w:pos="{c}"/><w:tab w:val="right" w:pos="{}"/></w:tabs>"#,
                    w - c
                ));
                runs.push_str("<w:r><w:tab/></w:r>");
                runs.push_str(&self.plain_runs(n, FontRole::Body, &none));
                if !m.signers.is_empty() {
                    runs.push_str("<w:r><w:tab/></w:r>");
                    runs.push_str(&self.plain_runs("签发人：", FontRole::Body, &none));
                    let kai = self.d.fonts(&self.d.font_kai);
                    runs.push_str(&self.plain_runs(&m.signers.join("　"), FontRole::Kai, &kai));
                }
            } else {
                runs.push_str(&self.plain_runs(n, FontRole::Body, &none));
            }
        }
        self.para(ppr, runs);
        // the title two lines under the rule
        let rule_bottom = number_top + pitch + space + thick;
        self.spacer(geo.height - rule_bottom);
    }

    /// A joint mark: a borderless table centred on the block, the names (spread to the
    /// longest's width) left, 文件 right, centred on the names.
    fn joint_mark(
        &mut self,
        mark: &crate::model::OrganMark,
        geo: &masthead::MastheadGeo,
        red: &RPr,
    ) {
        let size = geo.organ_size;
        // a point of slack: a name exactly as wide as its cell may wrap on rounding
        let names_w = tw(geo.names_width + 1.0);
        let rest_w = tw((WENJIAN_GAP + 2.0) * size);
        let mut t = String::new();
        let _ = write!(
            t,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{names_w}"/><w:gridCol w:w="{rest_w}"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="{names_w}" w:type="dxa"/></w:tcPr>"#,
            names_w + rest_w
        );
        for name in &mark.names {
            let chars = plain_text(name).chars().count().max(1) as f64;
            // spread: the spacing after each character but the last fills the width
            let extra = if chars > 1.0 {
                (geo.names_width - chars * size) / (chars - 1.0)
            } else {
                0.0
            };
            let mut rpr = red.clone();
            rpr.spacing = Some((extra * 20.0).round() as i32);
            // the spacing after every character but the last (Word and LibreOffice add it
            // after the last too, which would wrap the name)
            let text = plain_text(name);
            let cut = text.char_indices().last().map_or(0, |(i, _)| i);
            let mut runs = self.plain_runs(&text[..cut], FontRole::Title, &rpr);
            runs.push_str(&self.plain_runs(&text[cut..], FontRole::Title, red));
            t.push_str("<w:p>");
            Self::exact(geo.organ_pitch, Jc::Left).write(&mut t);
            t.push_str(&runs);
            t.push_str("</w:p>");
        }
        let _ = write!(
            t,
            r#"</w:tc><w:tc><w:tcPr><w:tcW w:w="{rest_w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p>"#
        );
        Self::exact(geo.organ_pitch, Jc::Right).write(&mut t);
        t.push_str(&self.plain_runs(Masthead::WENJIAN, FontRole::Title, red));
        t.push_str("</w:p></w:tc></w:tr></w:tbl>");
        self.body.push(super::Elem::Table(t));
    }
}
