//! The fixed parts of the package: styles, settings, fonts, footers, relationships,
//! content types and document properties. Everything in ECMA-376 schema order; all
//! sizes and names come from [`Dims`] (derived from the [`Style`](crate::style::Style)).

use super::xml::{Ind, Jc, PPr, RPr, escape};
use crate::model::Metadata;
use std::fmt::Write as _;

pub const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub const RID_FOOTER_ODD: &str = "rIdFooterOdd";
pub const RID_FOOTER_EVEN: &str = "rIdFooterEven";
pub const RID_FOOTER_ODD_LANDSCAPE: &str = "rIdFooterOddLandscape";
pub const RID_FOOTER_EVEN_LANDSCAPE: &str = "rIdFooterEvenLandscape";

/// Sizes (twips, half-points) and font names the parts need.
#[derive(Debug, Clone)]
pub struct Dims {
    pub line_pitch: u32,
    /// Character spacing on 3号 runs (twips).
    pub body_spacing: i32,
    /// One 3号 grid character as Word/LibreOffice place it: size + spacing (twips).
    pub body_char: i32,
    /// One character of the text block grid (156 mm / 28), twips.
    pub grid_char: i32,
    pub title_size: u32,
    pub body_size: u32,
    pub page_number_size: u32,
    pub imprint_size: u32,
    pub table_size: u32,
    pub font_title: String,
    pub font_body: String,
    pub font_hei: String,
    pub font_kai: String,
    pub font_song: String,
    pub font_latin: String,
    /// The title in bold: 宋体 standing in for 小标宋 (`docx_fonts: windows`).
    pub title_bold: bool,
    /// How lines end on a closing mark: written so that Word sets what the PDF sets.
    pub punctuation: crate::style::Punctuation,
}

impl Dims {
    pub fn fonts(&self, east_asia: &str) -> RPr {
        RPr {
            east_asia: Some(east_asia.to_string()),
            latin: Some(self.font_latin.clone()),
            ..RPr::default()
        }
    }
}

/// One paragraph style of `styles.xml`; built with [`ParaStyle::new`] and the setters, in
/// the order Word writes the elements.
struct ParaStyle<'a> {
    id: &'a str,
    name: String,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    /// Shown in the style gallery (every style but the footer).
    quick: bool,
    ppr: Option<PPr>,
    rpr: Option<RPr>,
}

impl<'a> ParaStyle<'a> {
    fn new(id: &'a str, name: impl Into<String>, based_on: Option<&'a str>) -> ParaStyle<'a> {
        ParaStyle {
            id,
            name: name.into(),
            based_on,
            next: None,
            quick: true,
            ppr: None,
            rpr: None,
        }
    }

    fn next(self, next: &'a str) -> Self {
        ParaStyle {
            next: Some(next),
            ..self
        }
    }

    fn ppr(self, ppr: PPr) -> Self {
        ParaStyle {
            ppr: Some(ppr),
            ..self
        }
    }

    fn rpr(self, rpr: RPr) -> Self {
        ParaStyle {
            rpr: Some(rpr),
            ..self
        }
    }

    fn write(&self, out: &mut String) {
        let id = self.id;
        let _ = write!(out, r#"<w:style w:type="paragraph" w:styleId="{id}""#);
        if id == ids::NORMAL {
            out.push_str(r#" w:default="1""#);
        }
        let _ = write!(out, r#"><w:name w:val="{}"/>"#, self.name);
        if let Some(b) = self.based_on {
            let _ = write!(out, r#"<w:basedOn w:val="{b}"/>"#);
        }
        if let Some(n) = self.next {
            let _ = write!(out, r#"<w:next w:val="{n}"/>"#);
        }
        if self.quick {
            out.push_str("<w:qFormat/>");
        }
        if let Some(p) = &self.ppr {
            p.write(out);
        }
        if let Some(r) = &self.rpr {
            r.write(out);
        }
        out.push_str("</w:style>");
    }
}

/// Indent of `n` characters at the body pitch (firstLineChars for Word/WPS, twips for LO).
pub fn first_line_chars(d: &Dims, n: i32) -> Ind {
    Ind {
        first_line: n * d.body_char,
        first_line_chars: Some(n * 100),
        ..Ind::default()
    }
}

/// Paragraph style ids the body uses.
pub mod ids {
    pub const NORMAL: &str = "Normal";
    pub const BODY: &str = "Body";
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const RECIPIENTS: &str = "Recipients";
    pub const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
    pub const ATTACHMENT_NOTE: &str = "AttachmentNote";
    pub const SIGNATURE: &str = "Signature";
    pub const DATE: &str = "Date";
    pub const NOTE: &str = "Note";
    pub const ATTACHMENT_LABEL: &str = "AttachmentLabel";
    pub const ATTACHMENT_TITLE: &str = "AttachmentTitle";
    pub const IMPRINT: &str = "Imprint";
    pub const TABLE_TEXT: &str = "TableText";
    pub const TABLE_HEADER: &str = "TableHeader";
    pub const TABLE_CATEGORY: &str = "TableCategory";
    pub const FOOTER: &str = "Footer";
    pub const TABLE_GRID: &str = "TableGrid";
}

pub fn styles_xml(d: &Dims) -> String {
    let mut s = String::with_capacity(8000);
    s.push_str(XML_DECL);
    let _ = write!(s, r#"<w:styles xmlns:w="{NS_W}">"#);
    // Document defaults: the body face and size, so that text outside any style is 公文 text.
    s.push_str("<w:docDefaults><w:rPrDefault>");
    RPr {
        kern_off: true,
        size: Some(d.body_size),
        lang: true,
        ..d.fonts(&d.font_body)
    }
    .write(&mut s);
    s.push_str("</w:rPrDefault><w:pPrDefault>");
    PPr {
        spacing: Some((d.line_pitch, "exact")),
        ..PPr::default()
    }
    .write(&mut s);
    s.push_str("</w:pPrDefault></w:docDefaults>");

    let exact = Some((d.line_pitch, "exact"));
    let centred = PPr {
        jc: Some(Jc::Center),
        ..PPr::default()
    };
    let align = |jc: Jc| PPr {
        jc: Some(jc),
        ..PPr::default()
    };
    // Tables and footers: off the grid (single spacing), no character squeeze.
    let off_grid = PPr {
        snap_to_grid: Some(false),
        spacing: Some((240, "auto")),
        ..PPr::default()
    };
    let mut styles = vec![
        // Normal: 3号仿宋 on the grid line, justified, no auto spaces (they break the 28-char
        // grid), no widow control (it would leave pages with 21 lines).
        ParaStyle::new(ids::NORMAL, "Normal", None)
            .ppr(PPr {
                widow_control: Some(false),
                // Hanging (the default, as Word, WPS and LibreOffice hang for zh-CN) is left
                // unwritten: LibreOffice 7.4 imports w:overflowPunct inverted, and absent, all
                // three hang. Squeeze says "no hanging" in Word's meaning (docs/pdf.md).
                no_hang: d.punctuation == crate::style::Punctuation::Squeeze,
                // Word's default space between Chinese and Latin/digits, which LibreOffice
                // applies whatever the DOCX says and the PDF applies too (a quarter em).
                auto_space_off: false,
                spacing: exact,
                jc: Some(Jc::Both),
                ..PPr::default()
            })
            .rpr(RPr {
                spacing: Some(d.body_spacing),
                size: Some(d.body_size),
                ..d.fonts(&d.font_body)
            }),
        ParaStyle::new(ids::BODY, "Body", Some(ids::NORMAL))
            .next(ids::BODY)
            .ppr(PPr {
                ind: Some(first_line_chars(d, 2)),
                ..PPr::default()
            }),
        ParaStyle::new(ids::TITLE, "Title", Some(ids::NORMAL))
            .next(ids::NORMAL)
            .ppr(centred.clone())
            .rpr(RPr {
                spacing: Some(0),
                size: Some(d.title_size),
                bold: d.title_bold,
                ..d.fonts(&d.font_title)
            }),
        ParaStyle::new(ids::SUBTITLE, "Subtitle", Some(ids::NORMAL))
            .next(ids::NORMAL)
            .ppr(centred.clone()),
        ParaStyle::new(ids::RECIPIENTS, "Recipients", Some(ids::NORMAL)).next(ids::BODY),
    ];
    let heading_fonts = [&d.font_hei, &d.font_kai, &d.font_body, &d.font_body];
    for (i, id) in ids::HEADINGS.iter().enumerate() {
        styles.push(
            ParaStyle::new(id, format!("heading {}", i + 1), Some(ids::BODY))
                .next(ids::BODY)
                .ppr(PPr {
                    keep_next: true,
                    outline_lvl: Some(i as u8),
                    ..PPr::default()
                })
                .rpr(d.fonts(heading_fonts[i])),
        );
    }
    styles.extend([
        ParaStyle::new(ids::ATTACHMENT_NOTE, "Attachment Note", Some(ids::BODY)),
        ParaStyle::new(ids::SIGNATURE, "Signature", Some(ids::NORMAL))
            .next(ids::DATE)
            .ppr(align(Jc::Right)),
        ParaStyle::new(ids::DATE, "Date", Some(ids::NORMAL)).ppr(align(Jc::Right)),
        ParaStyle::new(ids::NOTE, "Note", Some(ids::BODY)),
        ParaStyle::new(ids::ATTACHMENT_LABEL, "Attachment Label", Some(ids::NORMAL))
            .ppr(PPr {
                keep_next: true,
                jc: Some(Jc::Left),
                ..PPr::default()
            })
            .rpr(d.fonts(&d.font_hei)),
        ParaStyle::new(ids::ATTACHMENT_TITLE, "Attachment Title", Some(ids::TITLE))
            .next(ids::NORMAL)
            .ppr(PPr {
                keep_next: true,
                ..PPr::default()
            }),
        ParaStyle::new(ids::IMPRINT, "Imprint", Some(ids::NORMAL))
            .ppr(align(Jc::Left))
            .rpr(RPr {
                spacing: Some(0),
                size: Some(d.imprint_size),
                ..RPr::default()
            }),
        ParaStyle::new(ids::TABLE_TEXT, "Table Text", Some(ids::NORMAL))
            .ppr(off_grid.clone())
            .rpr(RPr {
                spacing: Some(0),
                size: Some(d.table_size),
                ..RPr::default()
            }),
        ParaStyle::new(ids::TABLE_HEADER, "Table Header", Some(ids::TABLE_TEXT))
            .ppr(centred)
            .rpr(d.fonts(&d.font_hei)),
        ParaStyle::new(ids::TABLE_CATEGORY, "Table Category", Some(ids::TABLE_TEXT))
            .ppr(align(Jc::Left))
            .rpr(d.fonts(&d.font_hei)),
        ParaStyle {
            quick: false,
            ..ParaStyle::new(ids::FOOTER, "footer", Some(ids::NORMAL))
                .ppr(off_grid)
                .rpr(RPr {
                    east_asia: Some(d.font_song.clone()),
                    latin: Some(d.font_song.clone()),
                    spacing: Some(0),
                    size: Some(d.page_number_size),
                    ..RPr::default()
                })
        },
    ]);
    for st in &styles {
        st.write(&mut s);
    }
    // A table style with thin single rules on every edge, so a table pasted in stays ruled.
    let _ = write!(
        s,
        r#"<w:style w:type="table" w:styleId="{}"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>{}</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        ids::TABLE_GRID,
        thin_borders()
    );
    s.push_str("</w:styles>");
    s
}

/// Thin (0.5 pt) single rules on all sides and inside, in CT_TblBorders order.
pub fn thin_borders() -> String {
    ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|side| format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#))
        .collect()
}

/// `compress`: let Word squeeze punctuation (the `punctuation: squeeze` style); otherwise no
/// compression, as the PDF sets it.
pub fn settings_xml(compress: bool) -> String {
    let control = if compress {
        "compressPunctuation"
    } else {
        "doNotCompress"
    };
    // CT_Settings order: zoom, defaultTabStop, evenAndOddHeaders, characterSpacingControl,
    // compat, themeFontLang, decimalSymbol, listSeparator.
    format!(
        r#"{XML_DECL}<w:settings xmlns:w="{NS_W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="{control}"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#
    )
}

pub fn content_types_xml(landscape: bool) -> String {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let extra = if landscape {
        format!(
            r#"<Override PartName="/word/footer3.xml" ContentType="{WML}.footer+xml"/><Override PartName="/word/footer4.xml" ContentType="{WML}.footer+xml"/>"#
        )
    } else {
        String::new()
    };
    format!(
        r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/><Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="{WML}.fontTable+xml"/><Override PartName="/{}" ContentType="{}"/><Override PartName="/word/footer1.xml" ContentType="{WML}.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="{WML}.footer+xml"/>{extra}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#,
        super::theme::PART,
        super::theme::CONTENT_TYPE
    )
}

pub fn root_rels_xml() -> String {
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#
    )
}

pub fn document_rels_xml(landscape: bool) -> String {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let extra = if landscape {
        format!(
            r#"<Relationship Id="{RID_FOOTER_ODD_LANDSCAPE}" Type="{R}/footer" Target="footer3.xml"/><Relationship Id="{RID_FOOTER_EVEN_LANDSCAPE}" Type="{R}/footer" Target="footer4.xml"/>"#
        )
    } else {
        String::new()
    };
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="{R}/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="{R}/settings" Target="settings.xml"/><Relationship Id="rIdFontTable" Type="{R}/fontTable" Target="fontTable.xml"/><Relationship Id="rIdTheme" Type="{}" Target="theme/theme1.xml"/><Relationship Id="{RID_FOOTER_ODD}" Type="{R}/footer" Target="footer1.xml"/><Relationship Id="{RID_FOOTER_EVEN}" Type="{R}/footer" Target="footer2.xml"/>{extra}</Relationships>"#,
        super::theme::REL_TYPE
    )
}

pub fn core_xml(meta: &Metadata) -> String {
    let mut s = format!(
        r#"{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    );
    let _ = write!(s, "<dc:title>{}</dc:title>", escape(&meta.title));
    let _ = write!(s, "<dc:subject>{}</dc:subject>", escape(&meta.subject));
    let _ = write!(s, "<dc:creator>{}</dc:creator>", escape(&meta.author));
    let _ = write!(
        s,
        "<cp:keywords>{}</cp:keywords>",
        escape(&meta.keywords.join("; "))
    );
    let _ = write!(
        s,
        "<cp:lastModifiedBy>{}</cp:lastModifiedBy>",
        escape(&meta.author)
    );
    // A W3CDTF timestamp from the plan's date, never the clock.
    if let Some(d) = meta.date.map(|d| format!("{}T00:00:00Z", d.iso())) {
        let _ = write!(
            s,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{d}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{d}</dcterms:modified>"#
        );
    }
    s.push_str("</cp:coreProperties>");
    s
}

pub fn app_xml() -> String {
    format!(
        r#"{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>rectdoc</Application><DocSecurity>0</DocSecurity></Properties>"#
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::xml::tests::{in_schema_order, order};
    use super::*;

    pub(in crate::export::docx) fn dims() -> Dims {
        Dims {
            line_pitch: 579,
            body_spacing: -5,
            body_char: 315,
            grid_char: 316,
            title_size: 44,
            body_size: 32,
            page_number_size: 28,
            imprint_size: 28,
            table_size: 28,
            font_title: "方正小标宋简体".into(),
            font_body: "仿宋_GB2312".into(),
            font_hei: "黑体".into(),
            font_kai: "楷体_GB2312".into(),
            font_song: "宋体".into(),
            font_latin: "Times New Roman".into(),
            title_bold: false,
            punctuation: crate::style::Punctuation::Hang,
        }
    }

    #[test]
    fn styles_are_well_formed_and_ordered() {
        let xml = styles_xml(&dims());
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let mut seen = 0;
        for st in doc.descendants().filter(|n| n.tag_name().name() == "style") {
            seen += 1;
            let names: Vec<String> = st
                .children()
                .filter(|n| n.is_element())
                .map(|n| n.tag_name().name().to_string())
                .collect();
            assert!(in_schema_order(&names, &order("style")), "{names:?}");
            for part in ["pPr", "rPr"] {
                if let Some(p) = st.children().find(|n| n.tag_name().name() == part) {
                    let names: Vec<String> = p
                        .children()
                        .filter(|n| n.is_element())
                        .map(|n| n.tag_name().name().to_string())
                        .collect();
                    assert!(in_schema_order(&names, &order(part)), "{part} {names:?}");
                }
            }
        }
        assert!(seen >= 18);
        assert!(xml.contains(r#"w:firstLineChars="200""#));
        assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    }

    #[test]
    fn settings_in_schema_order() {
        let xml = settings_xml(false);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let names: Vec<&str> = doc
            .root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(
            names,
            [
                "zoom",
                "defaultTabStop",
                "evenAndOddHeaders",
                "characterSpacingControl",
                "compat",
                "themeFontLang",
                "decimalSymbol",
                "listSeparator"
            ]
        );
    }

    #[test]
    fn core_properties_escape_and_date_from_the_plan() {
        let meta = Metadata {
            title: "A & <B>".into(),
            author: "审计局".into(),
            subject: "s".into(),
            keywords: vec!["巡察".into(), "整改".into()],
            date: None,
        };
        let xml = core_xml(&meta);
        roxmltree::Document::parse(&xml).expect("well-formed");
        assert!(xml.contains("<dc:title>A &amp; &lt;B&gt;</dc:title>"));
        assert!(!xml.contains("dcterms:created"));
        let meta = Metadata {
            date: crate::date::Date::parse_iso("2024-09-26"),
            ..meta
        };
        assert!(core_xml(&meta).contains("2024-09-26T00:00:00Z"));
    }
}
