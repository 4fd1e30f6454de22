//! The page and type parameters of GB/T 9704-2012 as one value. Backends read every number
//! from here; nothing about sizes, margins or font names is written anywhere else.
//! (Loading a user's style file comes with the `init` work; `Style::default()` is the
//! standard.)

use crate::model::FontRole;
use serde::Serialize;

pub const PT_PER_MM: f64 = 72.0 / 25.4;
pub const TWIPS_PER_PT: f64 = 20.0;

pub fn mm_to_pt(mm: f64) -> f64 {
    mm * PT_PER_MM
}

#[derive(Debug, Clone, Serialize)]
pub struct Style {
    pub page: Page,
    pub sizes: Sizes,
    /// Font names written into DOCX (the office's own fonts), per role.
    pub docx_fonts: RoleFonts,
    /// Families tried in order for PDF, per role: an office's fonts first, open faces after.
    pub pdf_fonts: FontChains,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// A4 portrait, mm.
    pub width_mm: f64,
    pub height_mm: f64,
    /// 天头 37, 订口 28; right and bottom follow from the text block (6, 5.2).
    pub top_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
    pub bottom_mm: f64,
    /// 22 lines of 28 characters (5.2.3).
    pub lines: u32,
    pub chars: u32,
    /// Line pitch in twips: 579 = 28.95 pt, the largest whole-twip pitch for which 22 lines
    /// fit in 225 mm (580 gives 21 lines in LibreOffice).
    pub line_pitch_twips: u32,
    /// Character spacing on 3号 runs in DOCX, twips (-5 = -0.25 pt): 28 × 16 pt would be
    /// 158 mm, the text block is 156 mm.
    pub char_spacing_twips: i32,
    /// Page number: dashes 7 mm under the text block (7.5), one character in.
    pub page_number_gap_mm: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    /// 2号 22 pt.
    pub title: f64,
    /// 3号 16 pt.
    pub body: f64,
    /// 4号 14 pt: page numbers, 版记.
    pub page_number: f64,
    pub imprint: f64,
    /// 4号 for table cells by default.
    pub table: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleFonts {
    pub title: String,
    pub body: String,
    pub hei: String,
    pub kai: String,
    pub song: String,
    /// Latin letters and digits in DOCX (ascii / hAnsi slots).
    pub latin: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FontChains {
    pub title: Vec<String>,
    pub body: Vec<String>,
    pub hei: Vec<String>,
    pub kai: Vec<String>,
    pub song: Vec<String>,
}

impl Default for Style {
    fn default() -> Style {
        let chain = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Style {
            page: Page {
                width_mm: 210.0,
                height_mm: 297.0,
                top_mm: 37.0,
                left_mm: 28.0,
                right_mm: 26.0,
                bottom_mm: 35.0,
                lines: 22,
                chars: 28,
                line_pitch_twips: 579,
                char_spacing_twips: -5,
                page_number_gap_mm: 7.0,
            },
            sizes: Sizes {
                title: 22.0,
                body: 16.0,
                page_number: 14.0,
                imprint: 14.0,
                table: 14.0,
            },
            docx_fonts: RoleFonts {
                title: "方正小标宋简体".into(),
                body: "仿宋_GB2312".into(),
                hei: "黑体".into(),
                kai: "楷体_GB2312".into(),
                song: "宋体".into(),
                latin: "Times New Roman".into(),
            },
            pdf_fonts: FontChains {
                title: chain(&[
                    "方正小标宋简体",
                    "FZXiaoBiaoSong-B05S",
                    "Noto Serif CJK SC Black",
                    "Noto Serif CJK SC Bold",
                    "Noto Serif CJK SC",
                    "FandolSong Bold",
                    "FandolSong",
                ]),
                body: chain(&[
                    "仿宋_GB2312",
                    "FangSong_GB2312",
                    "仿宋",
                    "FangSong",
                    "FandolFang",
                    "Noto Serif CJK SC",
                ]),
                hei: chain(&["黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"]),
                kai: chain(&[
                    "楷体_GB2312",
                    "KaiTi_GB2312",
                    "楷体",
                    "KaiTi",
                    "FandolKai",
                    "LXGW WenKai",
                    "AR PL UKai CN",
                    "Noto Serif CJK SC",
                ]),
                song: chain(&["宋体", "SimSun", "FandolSong", "Noto Serif CJK SC"]),
            },
        }
    }
}

impl Style {
    pub fn docx_font(&self, role: FontRole) -> &str {
        let f = &self.docx_fonts;
        match role {
            FontRole::Title => &f.title,
            FontRole::Body => &f.body,
            FontRole::Hei => &f.hei,
            FontRole::Kai => &f.kai,
            FontRole::Song => &f.song,
        }
    }

    pub fn pdf_chain(&self, role: FontRole) -> &[String] {
        let f = &self.pdf_fonts;
        match role {
            FontRole::Title => &f.title,
            FontRole::Body => &f.body,
            FontRole::Hei => &f.hei,
            FontRole::Kai => &f.kai,
            FontRole::Song => &f.song,
        }
    }

    /// Line pitch in points (28.95).
    pub fn line_pitch_pt(&self) -> f64 {
        self.page.line_pitch_twips as f64 / TWIPS_PER_PT
    }

    /// Width of the text block in mm (156).
    pub fn block_width_mm(&self) -> f64 {
        self.page.width_mm - self.page.left_mm - self.page.right_mm
    }

    /// Height of the text block in mm (225).
    pub fn block_height_mm(&self) -> f64 {
        self.page.height_mm - self.page.top_mm - self.page.bottom_mm
    }

    /// One grid character in points (156 mm / 28 = 15.79 pt).
    pub fn char_pitch_pt(&self) -> f64 {
        mm_to_pt(self.block_width_mm()) / self.page.chars as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_standard_text_block() {
        let s = Style::default();
        assert!((s.block_width_mm() - 156.0).abs() < 1e-9);
        assert!((s.block_height_mm() - 225.0).abs() < 1e-9);
        // 22 lines at the pitch fit in the block; one twip more would not.
        let block_twips = mm_to_pt(225.0) * TWIPS_PER_PT;
        assert!(22.0 * s.page.line_pitch_twips as f64 <= block_twips);
        assert!(22.0 * (s.page.line_pitch_twips + 1) as f64 > block_twips);
    }
}
