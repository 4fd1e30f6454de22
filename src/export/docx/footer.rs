//! The footers: "— N —" in 4号宋体 under the text block (7.5), odd pages right and even
//! pages left, and on landscape sections the portrait footer turned with the sheet (8): a
//! vertical text box in the left margin (wps:wsp with a VML fallback).

use super::parts::{Dims, NS_R, NS_W, XML_DECL, ids};
use super::xml::{Ind, Jc, PPr, RPr};
use std::fmt::Write as _;

/// The page-number paragraph: "— N —" in 4号宋体, odd pages right-aligned, even pages left,
/// one grid character in from the text block edge.
fn page_number_paragraph(d: &Dims, odd: bool) -> String {
    let ind = if odd {
        Ind {
            right: d.grid_char,
            right_chars: None,
            ..Ind::default()
        }
    } else {
        Ind {
            left: d.grid_char,
            ..Ind::default()
        }
    };
    let ppr = PPr {
        style: Some(ids::FOOTER),
        ind: Some(ind),
        jc: Some(if odd { Jc::Right } else { Jc::Left }),
        ..PPr::default()
    };
    let rpr = RPr {
        east_asia: Some(d.font_song.clone()),
        latin: Some(d.font_song.clone()),
        size: Some(d.page_number_size),
        ..RPr::default()
    };
    let mut r = String::new();
    rpr.write(&mut r);
    let mut s = String::from("<w:p>");
    ppr.write(&mut s);
    let _ = write!(
        s,
        r#"<w:r>{r}<w:t xml:space="preserve">— </w:t></w:r><w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{r}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{r}<w:t>1</w:t></w:r><w:r>{r}<w:fldChar w:fldCharType="end"/></w:r><w:r>{r}<w:t xml:space="preserve"> —</w:t></w:r></w:p>"#
    );
    s
}

/// The page-number footer of a portrait section.
pub fn footer_xml(d: &Dims, odd: bool) -> String {
    format!(
        r#"{XML_DECL}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}">{}</w:ftr>"#,
        page_number_paragraph(d, odd)
    )
}

/// Where a landscape section's page number goes: a text box, in twips from the page's top
/// left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnedBox {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

const EMU_PER_TWIP: u64 = 635;

/// The page-number footer of a landscape section. A landscape page is the portrait sheet
/// turned (GB/T 9704 §8), so its number stays where the portrait footer is on the sheet: in
/// the page's left margin, reading downwards, glyphs' tops to the right. A footer cannot be
/// turned, so the footer holds only an anchor (a 1 pt paragraph) and the number is a text
/// box at `b` with vertical text (`vert="vert"`: a quarter turn clockwise), holding the
/// portrait footer's own paragraph (same indent and alignment along the turned line). The
/// VML fallback is for readers without DrawingML shapes (Word 2007).
pub fn landscape_footer_xml(d: &Dims, odd: bool, b: TurnedBox) -> String {
    let para = page_number_paragraph(d, odd);
    let anchor = PPr {
        style: Some(ids::FOOTER),
        spacing: Some((20, "exact")),
        rpr: Some(RPr {
            size: Some(2),
            ..RPr::default()
        }),
        ..PPr::default()
    };
    let id = if odd { 1 } else { 2 };
    let emu = |t: u32| t as u64 * EMU_PER_TWIP;
    let pt = |t: u32| t as f64 / 20.0;
    let (x, y, cx, cy) = (emu(b.x), emu(b.y), emu(b.width), emu(b.height));
    let mut s = format!(
        r#"{XML_DECL}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:p>"#
    );
    anchor.write(&mut s);
    let _ = write!(
        s,
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{id}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="{id}" name="页码 {id}"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>{para}</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:rect style="position:absolute;margin-left:{}pt;margin-top:{}pt;width:{}pt;height:{}pt;z-index:{id};mso-position-horizontal-relative:page;mso-position-vertical-relative:page;v-text-anchor:middle" filled="f" stroked="f"><v:textbox style="layout-flow:vertical" inset="0,0,0,0"><w:txbxContent>{para}</w:txbxContent></v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p></w:ftr>"#,
        pt(b.x),
        pt(b.y),
        pt(b.width),
        pt(b.height)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::super::parts::tests::dims;
    use super::*;

    #[test]
    fn footers_alternate() {
        let odd = footer_xml(&dims(), true);
        let even = footer_xml(&dims(), false);
        roxmltree::Document::parse(&odd).expect("well-formed");
        assert!(odd.contains(r#"<w:jc w:val="right"/>"#) && odd.contains(r#"w:right="316""#));
        assert!(even.contains(r#"<w:jc w:val="left"/>"#) && even.contains(r#"w:left="316""#));
        assert!(
            odd.contains(" PAGE ") && odd.contains("— ") && odd.contains(r#"w:eastAsia="宋体""#)
        );
    }

    #[test]
    fn landscape_footers_hold_a_vertical_text_box_with_the_page_field() {
        let b = TurnedBox {
            x: 1307,
            y: 1587,
            width: 560,
            height: 8844,
        };
        for (odd, id, jc) in [(true, "1", "right"), (false, "2", "left")] {
            let x = landscape_footer_xml(&dims(), odd, b);
            let doc = roxmltree::Document::parse(&x).expect("well-formed");
            let el = |name: &str| {
                doc.descendants()
                    .find(|n| n.tag_name().name() == name)
                    .unwrap_or_else(|| panic!("{name}"))
            };
            let names = |n: roxmltree::Node| -> Vec<String> {
                n.children()
                    .filter(|c| c.is_element())
                    .map(|c| c.tag_name().name().to_string())
                    .collect()
            };
            // schema order of wp:anchor and wps:wsp (bodyPr last)
            assert_eq!(
                names(el("anchor")),
                [
                    "simplePos",
                    "positionH",
                    "positionV",
                    "extent",
                    "effectExtent",
                    "wrapNone",
                    "docPr",
                    "cNvGraphicFramePr",
                    "graphic"
                ]
            );
            assert_eq!(names(el("wsp")), ["cNvSpPr", "spPr", "txbx", "bodyPr"]);
            assert_eq!(el("bodyPr").attribute("vert"), Some("vert"));
            assert_eq!(el("docPr").attribute("id"), Some(id));
            let offsets: Vec<&str> = doc
                .descendants()
                .filter(|n| n.tag_name().name() == "posOffset")
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(offsets, ["829945", "1007745"]);
            assert_eq!(el("extent").attribute("cx"), Some("355600"));
            assert_eq!(el("extent").attribute("cy"), Some("5615940"));
            // the box holds the portrait footer's paragraph, in the choice and the fallback
            assert_eq!(x.matches(" PAGE ").count(), 2);
            assert_eq!(x.matches(&format!(r#"<w:jc w:val="{jc}"/>"#)).count(), 2);
            assert!(x.contains("layout-flow:vertical"));
        }
    }
}
