//! `word/theme/theme1.xml`: the smallest theme the Open XML SDK schemas accept.
//!
//! The schemas (and so `openxml-audit`, the SDK's rules ported to Python) require a main
//! document part to have a theme; Word writes one into every file. We add it rather than
//! validating under a permissive policy, which would turn every finding into a warning.
//! Nothing refers to it: no style or run names a theme font (`w:asciiTheme`,
//! `w:eastAsiaTheme`…) or colour, because WPS reports a theme font it cannot resolve as a
//! missing font. Should a client still fall back on the theme's fonts, they are the
//! document's own faces (Latin, the body face for text, the title face for headings), never
//! a name the document does not already carry.

use super::parts::{Dims, XML_DECL};
use super::xml::escape;

pub const PART: &str = "word/theme/theme1.xml";
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
pub const REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

pub fn theme_xml(d: &Dims) -> String {
    let latin = escape(&d.font_latin);
    let font = |ea: &str| {
        format!(
            r#"<a:latin typeface="{latin}"/><a:ea typeface="{}"/><a:cs typeface="{latin}"/>"#,
            escape(ea)
        )
    };
    let colour = |tag: &str, rgb: &str| format!(r#"<a:{tag}><a:srgbClr val="{rgb}"/></a:{tag}>"#);
    // Black text on white; the accents are never used by rectdoc's parts.
    let colours: String = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "000000"),
        ("lt2", "FFFFFF"),
        ("accent1", "000000"),
        ("accent2", "C00000"),
        ("accent3", "404040"),
        ("accent4", "808080"),
        ("accent5", "A6A6A6"),
        ("accent6", "D9D9D9"),
        ("hlink", "0000FF"),
        ("folHlink", "800080"),
    ]
    .iter()
    .map(|(t, c)| colour(t, c))
    .collect();
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let fills = solid.repeat(3);
    let line = format!(r#"<a:ln w="6350">{solid}</a:ln>"#).repeat(3);
    let effects = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3);
    format!(
        r#"{XML_DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="rectdoc"><a:themeElements><a:clrScheme name="rectdoc">{colours}</a:clrScheme><a:fontScheme name="rectdoc"><a:majorFont>{}</a:majorFont><a:minorFont>{}</a:minorFont></a:fontScheme><a:fmtScheme name="rectdoc"><a:fillStyleLst>{fills}</a:fillStyleLst><a:lnStyleLst>{line}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst><a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#,
        font(&d.font_title),
        font(&d.font_body)
    )
}

#[cfg(test)]
mod tests {
    use super::super::parts::tests::dims;
    use super::*;

    #[test]
    fn the_theme_names_only_the_documents_faces() {
        let xml = theme_xml(&dims());
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let faces: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("typeface"))
            .collect();
        assert_eq!(faces.len(), 6);
        for f in faces {
            assert!(
                ["Times New Roman", "方正小标宋简体", "仿宋_GB2312"].contains(&f),
                "{f}"
            );
        }
    }
}
