//! The `docx_fonts` key: which set of font names the DOCX (and XLSX) carries before
//! `fonts.<role>.docx` overrides a name.

use super::{RoleFonts, Style};
use crate::source::reader::Reader;
use crate::source::yaml::{YKind, YNode};
use serde::Serialize;

/// The DOCX font names (`style.yaml` key `docx_fonts`): the 公文 faces an office installs, or
/// the faces every Chinese Windows has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocxFontSet {
    /// 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体 (the names GB/T 9704 offices use).
    #[default]
    Gb2312,
    /// 宋体 (bold) for the title, 仿宋, 黑体, 楷体, 宋体: all on a stock Chinese Windows.
    Windows,
}

impl DocxFontSet {
    /// The names of the set: title, body, hei, kai, song.
    pub fn names(self) -> [&'static str; 5] {
        match self {
            DocxFontSet::Gb2312 => [
                "方正小标宋简体",
                "仿宋_GB2312",
                "黑体",
                "楷体_GB2312",
                "宋体",
            ],
            DocxFontSet::Windows => ["宋体", "仿宋", "黑体", "楷体", "宋体"],
        }
    }

    /// Whether the DOCX sets the title bold: 宋体 standing in for 小标宋 needs the weight.
    pub fn bold_title(self) -> bool {
        self == DocxFontSet::Windows
    }

    /// The value `style.yaml` writes for the set.
    pub fn key(self) -> &'static str {
        match self {
            DocxFontSet::Gb2312 => "gb2312",
            DocxFontSet::Windows => "windows",
        }
    }
}

impl RoleFonts {
    /// The names of `set`, with Times New Roman for Latin.
    pub fn of(set: DocxFontSet) -> RoleFonts {
        let [title, body, hei, kai, song] = set.names().map(String::from);
        RoleFonts {
            title,
            body,
            hei,
            kai,
            song,
            latin: "Times New Roman".into(),
        }
    }
}

impl Style {
    pub(super) fn read_docx_font_set(&mut self, r: &mut Reader, node: &YNode, path: &str) {
        let set = match &node.kind {
            YKind::Scalar(s) if s.text.trim() == "gb2312" => Some(DocxFontSet::Gb2312),
            YKind::Scalar(s) if s.text.trim() == "windows" => Some(DocxFontSet::Windows),
            _ => None,
        };
        match set {
            Some(set) => {
                self.docx_font_set = set;
                let latin = std::mem::take(&mut self.docx_fonts.latin);
                self.docx_fonts = RoleFonts {
                    latin,
                    ..RoleFonts::of(set)
                };
            }
            None => {
                r.error(
                    node.pos,
                    path,
                    format!("expected `gb2312` or `windows`, found {}", node.describe()),
                )
                .hint = Some(
                    "gb2312: 仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 as offices install them; windows: 仿宋, 楷体, 宋体 and 黑体, which every Chinese Windows has".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use std::path::Path;

    fn load(src: &str) -> Result<Style, Vec<String>> {
        Style::from_yaml(src, Path::new("s.yaml"))
            .map_err(|e| e.iter().map(Diagnostic::brief).collect())
    }

    #[test]
    fn the_windows_set_names_stock_faces_and_fonts_docx_still_overrides() {
        let d = Style::default();
        assert_eq!(d.docx_font_set, DocxFontSet::Gb2312);
        assert_eq!(d.docx_fonts.body, "仿宋_GB2312");
        let s = load("docx_fonts: windows\n").expect("valid");
        assert_eq!(s.docx_font_set, DocxFontSet::Windows);
        let f = &s.docx_fonts;
        let names = [&f.title, &f.body, &f.hei, &f.kai, &f.song, &f.latin];
        assert_eq!(
            names,
            ["宋体", "仿宋", "黑体", "楷体", "宋体", "Times New Roman"]
        );
        // a role's own name wins wherever the set stands in the file
        for src in [
            "fonts: {kai: {docx: 华文楷体}}\ndocx_fonts: windows\n",
            "docx_fonts: windows\nfonts: {kai: {docx: 华文楷体}}\n",
        ] {
            let s = load(src).expect("valid");
            assert_eq!(s.docx_fonts.kai, "华文楷体", "{src}");
            assert_eq!(s.docx_fonts.body, "仿宋", "{src}");
        }
        // the written style names the set and loads back to it, overrides included
        let s = load("docx_fonts: windows\nfonts: {kai: {docx: 华文楷体}}\n").expect("valid");
        assert!(s.to_yaml().contains("\ndocx_fonts: windows\n"));
        let back = load(&s.to_yaml()).expect("valid");
        assert_eq!(back.docx_font_set, DocxFontSet::Windows);
        assert_eq!(back.docx_fonts.kai, "华文楷体");
        assert_eq!(back.docx_fonts.body, "仿宋");
    }

    #[test]
    fn a_bad_set_is_a_located_error() {
        let e = load("sizes: {body: 16}\ndocx_fonts: win10\n").unwrap_err();
        assert_eq!(
            e,
            ["2:13 expected `gb2312` or `windows`, found `win10` [docx_fonts]"]
        );
        let e = load("docx_fonts: [gb2312]\n").unwrap_err();
        assert!(e[0].contains("[docx_fonts]"), "{e:?}");
    }
}
