//! XML text and the property elements the backend emits, each in ECMA-376 schema order.
//!
//! Word and WPS validate element order in `pPr`, `rPr`, `sectPr` and `tcPr` (LibreOffice
//! forgives it), so the order lives here, in one place, and is unit-tested.

use std::fmt::Write as _;

pub use crate::export::escape::{escape, escape_into};

/// Horizontal alignment (`w:jc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jc {
    Both,
    Left,
    Center,
    Right,
}

impl Jc {
    fn val(self) -> &'static str {
        match self {
            Jc::Both => "both",
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
        }
    }
}

/// Indents. `*_chars` are hundredths of a character (Word, WPS), the twips are what
/// LibreOffice reads; both are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ind {
    pub left: i32,
    pub left_chars: Option<i32>,
    pub right: i32,
    pub right_chars: Option<i32>,
    pub first_line: i32,
    pub first_line_chars: Option<i32>,
    pub hanging: i32,
    pub hanging_chars: Option<i32>,
}

/// Paragraph properties the backend uses.
#[derive(Debug, Clone, Default)]
pub struct PPr {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    /// Writes `<w:keepNext w:val="0"/>`: cancels the style's keep-with-next.
    pub keep_next_off: bool,
    pub page_break_before: bool,
    /// Complete `<w:framePr …/>`.
    pub frame: Option<String>,
    pub widow_control: Option<bool>,
    /// Complete `<w:pBdr>…</w:pBdr>`.
    pub borders: Option<String>,
    /// Complete `<w:tabs>…</w:tabs>`.
    pub tabs: Option<String>,
    /// `<w:overflowPunct w:val="0"/>`: no closing mark past the right edge (Word's meaning).
    pub no_hang: bool,
    pub auto_space_off: bool,
    pub snap_to_grid: Option<bool>,
    /// (line, lineRule) in twips.
    pub spacing: Option<(u32, &'static str)>,
    /// Space before the paragraph (twips), written with `spacing`.
    pub before: u32,
    pub ind: Option<Ind>,
    pub jc: Option<Jc>,
    pub outline_lvl: Option<u8>,
    /// Paragraph-mark run properties.
    pub rpr: Option<RPr>,
    /// Complete `<w:sectPr>…</w:sectPr>`: this paragraph ends a section.
    pub sect: Option<String>,
}

/// Run properties the backend uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RPr {
    /// East Asian font; `latin` for ascii/hAnsi/cs.
    pub east_asia: Option<String>,
    pub latin: Option<String>,
    pub bold: bool,
    pub color: Option<&'static str>,
    /// Character spacing in twips (`w:spacing`).
    pub spacing: Option<i32>,
    pub kern_off: bool,
    /// Size in half-points.
    pub size: Option<u32>,
    pub lang: bool,
}

impl RPr {
    pub fn is_empty(&self) -> bool {
        *self == RPr::default()
    }

    pub fn write(&self, out: &mut String) {
        if self.is_empty() {
            return;
        }
        out.push_str("<w:rPr>");
        if self.east_asia.is_some() || self.latin.is_some() {
            out.push_str("<w:rFonts");
            if let Some(l) = &self.latin {
                let l = escape(l);
                let _ = write!(out, r#" w:ascii="{l}" w:hAnsi="{l}""#);
            }
            if let Some(e) = &self.east_asia {
                let _ = write!(out, r#" w:eastAsia="{}""#, escape(e));
            }
            if let Some(l) = &self.latin {
                let _ = write!(out, r#" w:cs="{}""#, escape(l));
            }
            if self.east_asia.is_some() {
                out.push_str(r#" w:hint="eastAsia""#);
            }
            out.push_str("/>");
        }
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = self.color {
            let _ = write!(out, r#"<w:color w:val="{c}"/>"#);
        }
        if let Some(s) = self.spacing {
            let _ = write!(out, r#"<w:spacing w:val="{s}"/>"#);
        }
        if self.kern_off {
            out.push_str(r#"<w:kern w:val="0"/>"#);
        }
        if let Some(sz) = self.size {
            let _ = write!(out, r#"<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>"#);
        }
        if self.lang {
            out.push_str(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#);
        }
        out.push_str("</w:rPr>");
    }
}

impl PPr {
    pub fn write(&self, out: &mut String) {
        let mut s = String::new();
        if let Some(st) = self.style {
            let _ = write!(s, r#"<w:pStyle w:val="{st}"/>"#);
        }
        if self.keep_next {
            s.push_str("<w:keepNext/>");
        } else if self.keep_next_off {
            s.push_str(r#"<w:keepNext w:val="0"/>"#);
        }
        if self.page_break_before {
            s.push_str("<w:pageBreakBefore/>");
        }
        if let Some(f) = &self.frame {
            s.push_str(f);
        }
        if let Some(w) = self.widow_control {
            s.push_str(if w {
                "<w:widowControl/>"
            } else {
                r#"<w:widowControl w:val="0"/>"#
            });
        }
        if let Some(b) = &self.borders {
            s.push_str(b);
        }
        if let Some(t) = &self.tabs {
            s.push_str(t);
        }
        if self.no_hang {
            s.push_str(r#"<w:overflowPunct w:val="0"/>"#);
        }
        if self.auto_space_off {
            s.push_str(r#"<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>"#);
        }
        if let Some(g) = self.snap_to_grid {
            s.push_str(if g {
                "<w:snapToGrid/>"
            } else {
                r#"<w:snapToGrid w:val="0"/>"#
            });
        }
        if let Some((line, rule)) = self.spacing {
            let _ = write!(
                s,
                r#"<w:spacing w:before="{}" w:after="0" w:line="{line}" w:lineRule="{rule}"/>"#,
                self.before
            );
        }
        if let Some(i) = self.ind {
            s.push_str("<w:ind");
            let _ = write!(s, r#" w:left="{}""#, i.left);
            if let Some(c) = i.left_chars {
                let _ = write!(s, r#" w:leftChars="{c}""#);
            }
            let _ = write!(s, r#" w:right="{}""#, i.right);
            if let Some(c) = i.right_chars {
                let _ = write!(s, r#" w:rightChars="{c}""#);
            }
            if i.hanging > 0 || i.hanging_chars.is_some() {
                let _ = write!(s, r#" w:hanging="{}""#, i.hanging);
                if let Some(c) = i.hanging_chars {
                    let _ = write!(s, r#" w:hangingChars="{c}""#);
                }
            } else {
                let _ = write!(s, r#" w:firstLine="{}""#, i.first_line);
                if let Some(c) = i.first_line_chars {
                    let _ = write!(s, r#" w:firstLineChars="{c}""#);
                }
            }
            s.push_str("/>");
        }
        if let Some(j) = self.jc {
            let _ = write!(s, r#"<w:jc w:val="{}"/>"#, j.val());
        }
        if let Some(l) = self.outline_lvl {
            let _ = write!(s, r#"<w:outlineLvl w:val="{l}"/>"#);
        }
        if let Some(r) = &self.rpr {
            r.write(&mut s);
        }
        if let Some(sect) = &self.sect {
            s.push_str(sect);
        }
        if !s.is_empty() {
            out.push_str("<w:pPr>");
            out.push_str(&s);
            out.push_str("</w:pPr>");
        }
    }
}

/// Page geometry of one section, in twips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectGeom {
    pub width: u32,
    pub height: u32,
    pub landscape: bool,
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
    pub left: u32,
    pub header: u32,
    pub footer: u32,
    pub line_pitch: u32,
}

/// `w:sectPr` with both footers (odd = default, even), in schema order: references, type,
/// pgSz, pgMar, cols, docGrid.
pub fn sect_pr(g: &SectGeom, odd_footer: &str, even_footer: &str) -> String {
    let mut s = String::with_capacity(400);
    let _ = write!(
        s,
        r#"<w:sectPr><w:footerReference w:type="default" r:id="{odd_footer}"/><w:footerReference w:type="even" r:id="{even_footer}"/><w:type w:val="nextPage"/><w:pgSz w:w="{}" w:h="{}""#,
        g.width, g.height
    );
    if g.landscape {
        s.push_str(r#" w:orient="landscape""#);
    }
    let _ = write!(
        s,
        r#"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="{}" w:footer="{}" w:gutter="0"/><w:cols w:space="425"/>"#,
        g.top, g.right, g.bottom, g.left, g.header, g.footer
    );
    // The 22-line grid is the portrait page's. A landscape (table) section has none: its
    // paragraphs have exact spacing anyway, and LibreOffice shrinks a grid section's body to
    // whole grid lines, centred (156 mm holds 15.27 lines: 4 pt lost at top and bottom),
    // which Word's docGrid does not mean (docs/pdf.md).
    if !g.landscape {
        let _ = write!(
            s,
            r#"<w:docGrid w:type="lines" w:linePitch="{}"/>"#,
            g.line_pitch
        );
    }
    s.push_str("</w:sectPr>");
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The local names of the direct children of the first `<w:{parent}>` in `xml`, in order.
    pub fn child_names(xml: &str, parent: &str) -> Vec<String> {
        let wrapped = format!(r#"<root xmlns:w="urn:w" xmlns:r="urn:r">{xml}</root>"#);
        let doc = roxmltree::Document::parse(&wrapped).expect("well-formed");
        let p = doc
            .descendants()
            .find(|n| n.tag_name().name() == parent)
            .expect("parent present");
        p.children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name().to_string())
            .collect()
    }

    /// True when `names` follow the order of `schema` (each name must occur in `schema`).
    /// The schema order of `element`'s children (tests/fixtures/ooxml-order.txt).
    pub fn order(element: &str) -> Vec<&'static str> {
        include_str!("../../../tests/fixtures/ooxml-order.txt")
            .lines()
            .find_map(|l| l.strip_prefix(element)?.strip_prefix(": "))
            .unwrap_or_else(|| panic!("no order for {element}"))
            .split(' ')
            .collect()
    }

    pub fn in_schema_order(names: &[String], schema: &[&str]) -> bool {
        let idx: Vec<usize> = names
            .iter()
            .map(|n| schema.iter().position(|s| s == n).unwrap_or(usize::MAX))
            .collect();
        idx.iter().all(|&i| i != usize::MAX) && idx.windows(2).all(|w| w[0] <= w[1])
    }

    fn full_rpr() -> RPr {
        RPr {
            east_asia: Some("仿宋_GB2312".into()),
            latin: Some("Times New Roman".into()),
            bold: true,
            color: Some("000000"),
            spacing: Some(-5),
            kern_off: true,
            size: Some(32),
            lang: true,
        }
    }

    #[test]
    fn ppr_children_in_schema_order() {
        let g = SectGeom {
            width: 11906,
            height: 16838,
            landscape: false,
            top: 2098,
            right: 1474,
            bottom: 1984,
            left: 1587,
            header: 851,
            footer: 1400,
            line_pitch: 579,
        };
        let p = PPr {
            style: Some("Body"),
            keep_next: true,
            keep_next_off: false,
            page_break_before: true,
            frame: Some(r#"<w:framePr w:w="100"/>"#.into()),
            widow_control: Some(false),
            borders: Some("<w:pBdr/>".into()),
            tabs: Some("<w:tabs/>".into()),
            no_hang: true,
            auto_space_off: true,
            snap_to_grid: Some(false),
            spacing: Some((579, "exact")),
            before: 0,
            ind: Some(Ind {
                first_line: 630,
                first_line_chars: Some(200),
                ..Ind::default()
            }),
            jc: Some(Jc::Both),
            outline_lvl: Some(0),
            rpr: Some(full_rpr()),
            sect: Some(sect_pr(&g, "rIdFooterOdd", "rIdFooterEven")),
        };
        let mut s = String::new();
        p.write(&mut s);
        let names = child_names(&s, "pPr");
        assert_eq!(names.len(), 17, "{names:?}");
        assert!(in_schema_order(&names, &order("pPr")), "{names:?}");
        assert!(s.contains(r#"w:firstLineChars="200""#));
    }

    #[test]
    fn rpr_children_in_schema_order() {
        let mut s = String::new();
        full_rpr().write(&mut s);
        let names = child_names(&s, "rPr");
        assert_eq!(names.len(), 9, "{names:?}");
        assert!(in_schema_order(&names, &order("rPr")), "{names:?}");
    }

    #[test]
    fn sectpr_children_in_schema_order() {
        let g = SectGeom {
            width: 16838,
            height: 11906,
            landscape: true,
            top: 1587,
            right: 2098,
            bottom: 1474,
            left: 1984,
            header: 851,
            footer: 1400,
            line_pitch: 579,
        };
        let s = sect_pr(&g, "a", "b");
        let names = child_names(&s, "sectPr");
        assert!(in_schema_order(&names, &order("sectPr")), "{names:?}");
        assert_eq!(names.iter().filter(|n| *n == "footerReference").count(), 2);
        assert!(s.contains(r#"w:orient="landscape""#));
    }
}
