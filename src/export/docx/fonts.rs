//! The font table (`word/fontTable.xml`) and the characters whose face Word decides by a hint.
//!
//! A font table entry is what Word and WPS fall back on when the named face is missing: Word
//! tries each name of `w:altName` (a comma-separated list, ISO/IEC 29500-1 §17.8.3.1), then
//! matches on PANOSE, charset, family and pitch. So an office without 仿宋_GB2312 gets 仿宋
//! (FangSong), without 楷体_GB2312 楷体 (KaiTi), without 方正小标宋简体 another heavy Song
//! face or 宋体, and never a sans face of another script. LibreOffice reads only the charset of
//! an entry (writerfilter's FontTable.cxx ignores altName, panose1, family and sig): its
//! substitutes come from fontconfig (docs/pdf.md).

use super::parts::{Dims, NS_W, XML_DECL};
use super::xml::escape;
use std::fmt::Write as _;

/// What Word writes about one face.
struct Face {
    name: &'static str,
    /// Tried in order when `name` is missing (comma-separated).
    alt: &'static str,
    panose: &'static str,
    /// Windows charset: 86 = GB2312, 00 = ANSI.
    charset: &'static str,
    family: &'static str,
    pitch: &'static str,
    /// usb0–usb3, csb0, csb1 (the OS/2 table's Unicode and code page ranges).
    sig: [&'static str; 6],
}

/// The values are the faces' own, as Word and WPS write them into `fontTable.xml` and RTF
/// `\panose` (public documents saved by Word 2010+ and WPS, found with the code search):
/// the GB2312-era faces 仿宋_GB2312 and 楷体_GB2312 carry PANOSE 02010609030101010101 and
/// cover GB2312 only (csb0 00040000); Windows' own 仿宋/楷体/黑体 (SimFang, KaiTi, SimHei)
/// 02010609060101010101, 宋体 (SimSun) 02010600030101010101, all with charset 86 (GB2312).
/// 方正小标宋简体's own PANOSE is 03000509000000000000, Founder's placeholder in all its
/// faces (family kind 3 = "Latin hand written"): written as it is, PANOSE matching could
/// pick a script face, so its entry carries 宋体's PANOSE and family roman instead, and its
/// alternates name the heavy Song faces an office may have before 宋体.
const FACES: &[Face] = &[
    Face {
        name: "Times New Roman",
        alt: "",
        panose: "02020603050405020304",
        charset: "00",
        family: "roman",
        pitch: "variable",
        sig: [
            "E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000",
        ],
    },
    Face {
        name: "仿宋_GB2312",
        alt: "仿宋,FangSong",
        panose: "02010609030101010101",
        charset: "86",
        family: "modern",
        pitch: "fixed",
        sig: [
            "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000",
        ],
    },
    Face {
        name: "楷体_GB2312",
        alt: "楷体,KaiTi",
        panose: "02010609030101010101",
        charset: "86",
        family: "modern",
        pitch: "fixed",
        sig: [
            "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000",
        ],
    },
    Face {
        name: "方正小标宋简体",
        alt: "方正小标宋_GBK,FZXiaoBiaoSong-B05S,华文中宋,STZhongsong,宋体,SimSun",
        panose: "02010600030101010101",
        charset: "86",
        family: "roman",
        pitch: "variable",
        sig: [
            "00000001", "080E0000", "00000000", "00000000", "00040000", "00000000",
        ],
    },
    Face {
        name: "仿宋",
        alt: "FangSong",
        panose: "02010609060101010101",
        charset: "86",
        family: "modern",
        pitch: "fixed",
        sig: [
            "800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000",
        ],
    },
    Face {
        name: "楷体",
        alt: "KaiTi",
        panose: "02010609060101010101",
        charset: "86",
        family: "modern",
        pitch: "fixed",
        sig: [
            "800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000",
        ],
    },
    Face {
        name: "黑体",
        alt: "SimHei",
        panose: "02010609060101010101",
        charset: "86",
        family: "modern",
        pitch: "fixed",
        sig: [
            "800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000",
        ],
    },
    Face {
        name: "宋体",
        alt: "SimSun",
        panose: "02010600030101010101",
        charset: "86",
        family: "auto",
        pitch: "variable",
        sig: [
            "00000003", "288F0000", "00000016", "00000000", "00040001", "00000000",
        ],
    },
];

/// `word/fontTable.xml`: every face the styles name, Latin first.
pub fn font_table_xml(d: &Dims) -> String {
    let mut s = format!(r#"{XML_DECL}<w:fonts xmlns:w="{NS_W}">"#);
    let mut names: Vec<&str> = vec![&d.font_latin];
    for f in [
        &d.font_body,
        &d.font_title,
        &d.font_hei,
        &d.font_kai,
        &d.font_song,
    ] {
        if !names.contains(&f.as_str()) {
            names.push(f);
        }
    }
    for (i, n) in names.iter().enumerate() {
        let _ = write!(s, r#"<w:font w:name="{}">"#, escape(n));
        // CT_Font order: altName, panose1, charset, family, notTrueType, pitch, sig.
        match FACES.iter().find(|f| f.name == *n) {
            Some(f) => {
                if !f.alt.is_empty() {
                    let _ = write!(s, r#"<w:altName w:val="{}"/>"#, escape(f.alt));
                }
                let [u0, u1, u2, u3, c0, c1] = f.sig;
                let _ = write!(
                    s,
                    r#"<w:panose1 w:val="{}"/><w:charset w:val="{}"/><w:family w:val="{}"/><w:pitch w:val="{}"/><w:sig w:usb0="{u0}" w:usb1="{u1}" w:usb2="{u2}" w:usb3="{u3}" w:csb0="{c0}" w:csb1="{c1}"/>"#,
                    f.panose, f.charset, f.family, f.pitch
                );
            }
            // A face of the style file's own choosing: what we know is its role. The Latin
            // face is a serif; the others are CJK (charset GB2312, so that Word substitutes a
            // Chinese face), fixed-pitch as the Windows CJK faces are.
            None if i == 0 => s.push_str(
                r#"<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>"#,
            ),
            None => s.push_str(
                r#"<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>"#,
            ),
        }
        s.push_str("</w:font>");
    }
    s.push_str("</w:fonts>");
    s
}

/// Characters that Word sets in the Latin face unless the run says `w:hint="eastAsia"`
/// (ISO/IEC 29500-1 §17.3.2.26: the General Punctuation block and the Latin-1 marks shared
/// with GB2312), and that LibreOffice, which ignores the hint, gives the script of the
/// character before them (after a digit: the Latin face): quotes “”‘’, the dash of ——, the
/// ellipsis of ……, the middle dot. rectdoc's PDF sets them in the CJK face (`fonts::is_latin`
/// is ASCII only), so the DOCX names the CJK face for them in every slot.
pub fn is_cjk_ambiguous(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '―' | '‖' | '※' | '′' | '″'
    )
}

#[cfg(test)]
mod tests {
    use super::super::parts::tests::dims;
    use super::*;

    #[test]
    fn every_face_says_what_word_falls_back_on() {
        let xml = font_table_xml(&dims());
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let fonts: Vec<_> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "font")
            .collect();
        assert_eq!(fonts.len(), 6);
        let child = |name: &str, el: &str| {
            let f = fonts
                .iter()
                .find(|f| f.attribute((NS_W, "name")) == Some(name))
                .expect("the face is in the table");
            f.children()
                .find(|c| c.tag_name().name() == el)
                .and_then(|c| c.attribute((NS_W, "val")))
                .map(String::from)
        };
        assert_eq!(
            child("仿宋_GB2312", "altName").as_deref(),
            Some("仿宋,FangSong")
        );
        assert_eq!(
            child("楷体_GB2312", "altName").as_deref(),
            Some("楷体,KaiTi")
        );
        let title_alt = child("方正小标宋简体", "altName").expect("alternates");
        assert!(title_alt.ends_with("宋体,SimSun"), "{title_alt}");
        assert!(!title_alt.contains('黑'), "never a sans for the title");
        for f in [
            "仿宋_GB2312",
            "楷体_GB2312",
            "方正小标宋简体",
            "黑体",
            "宋体",
        ] {
            assert_eq!(child(f, "charset").as_deref(), Some("86"), "{f}");
            assert_eq!(child(f, "panose1").map(|p| p.len()), Some(20), "{f}");
        }
        assert_eq!(child("方正小标宋简体", "family").as_deref(), Some("roman"));
        assert_eq!(child("Times New Roman", "charset").as_deref(), Some("00"));
        // CT_Font's element order
        for f in &fonts {
            let names: Vec<&str> = f
                .children()
                .filter(|c| c.is_element())
                .map(|c| c.tag_name().name())
                .collect();
            let order = ["altName", "panose1", "charset", "family", "pitch", "sig"];
            let idx: Vec<usize> = names
                .iter()
                .map(|n| order.iter().position(|o| o == n).expect("known"))
                .collect();
            assert!(idx.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        }
    }

    #[test]
    fn an_unknown_face_still_gets_a_chinese_charset() {
        let mut d = dims();
        d.font_kai = "华文楷体".into();
        let xml = font_table_xml(&d);
        assert!(xml.contains(r#"<w:font w:name="华文楷体"><w:charset w:val="86"/>"#));
    }

    #[test]
    fn quotes_dashes_and_ellipses_are_ambiguous_but_cjk_and_ascii_are_not() {
        for c in "“”‘’—…·".chars() {
            assert!(is_cjk_ambiguous(c), "{c}");
        }
        for c in "中，。a1\"'-".chars() {
            assert!(!is_cjk_ambiguous(c), "{c}");
        }
    }
}
