//! What makes rectdoc's PDF a PDF/A-2b file (ISO 19005-2, level B) beyond what it already
//! is: an XMP metadata stream saying so, with the same title, author, subject, keywords,
//! tools and dates as the document information dictionary, and an sRGB output intent
//! carrying its ICC profile. Everything else the level asks for the writer does anyway:
//! every font embedded (subset, with ToUnicode), a `/ID`, no encryption, no transparency,
//! only DeviceGray colour (allowed with any output intent).
//!
//! The ICC profile is `sRGB.icc` of Debian's `icc-profiles-free` (zlib licence: free to
//! redistribute, acknowledged in the README): 6.9 KB, ICC version 2.

use super::Info;
use crate::export::escape::escape as esc;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::fmt::Write;

/// sRGB IEC61966-2.1, from Debian's `icc-profiles-free` (see the module comment).
const SRGB_ICC: &[u8] = include_bytes!("sRGB.icc");

/// Adds the XMP metadata and the output intent to the catalog `catalog`.
pub fn add(lo: &mut Document, catalog: ObjectId, info: &Info) {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Metadata".to_vec()));
    d.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed, so that tools that do not decode streams can still read it.
    let metadata = lo.add_object(Stream::new(d, xmp(info).into_bytes()).with_compression(false));

    let mut d = Dictionary::new();
    d.set("N", Object::Integer(3));
    d.set("Alternate", Object::Name(b"DeviceRGB".to_vec()));
    let profile = lo.add_object(Stream::new(d, SRGB_ICC.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    intent.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", Object::Reference(profile));
    let intent = lo.add_object(intent);

    if let Ok(Object::Dictionary(cat)) = lo.get_object_mut(catalog) {
        cat.set("Metadata", Object::Reference(metadata));
        cat.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent)]),
        );
    }
}

/// The XMP packet: PDF/A identification, then the document information as Dublin Core,
/// XMP basic and Adobe PDF properties (ISO 19005-2 6.6.2.3: each entry of the information
/// dictionary has its equivalent here).
fn xmp(info: &Info) -> String {
    let mut s = String::with_capacity(2048);
    s.push_str(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\"\n \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
         <pdfaid:part>2</pdfaid:part>\n\
         <pdfaid:conformance>B</pdfaid:conformance>\n",
    );
    if !info.title.is_empty() {
        let _ = writeln!(
            s,
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
            esc(&info.title)
        );
    }
    if !info.author.is_empty() {
        let _ = writeln!(
            s,
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            esc(&info.author)
        );
    }
    if !info.subject.is_empty() {
        let _ = writeln!(
            s,
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            esc(&info.subject)
        );
    }
    if !info.keywords.is_empty() {
        let _ = writeln!(s, "<pdf:Keywords>{}</pdf:Keywords>", esc(&info.keywords));
    }
    let _ = writeln!(s, "<pdf:Producer>{}</pdf:Producer>", esc(&info.producer));
    let _ = writeln!(
        s,
        "<xmp:CreatorTool>{}</xmp:CreatorTool>",
        esc(&info.creator)
    );
    let (y, m, d) = info.date;
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00+00:00");
    let _ = writeln!(s, "<xmp:CreateDate>{date}</xmp:CreateDate>");
    let _ = writeln!(s, "<xmp:ModifyDate>{date}</xmp:ModifyDate>");
    s.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    // Room for an editor to update the packet in place, as the XMP specification advises.
    for _ in 0..20 {
        s.push_str(&" ".repeat(99));
        s.push('\n');
    }
    s.push_str("<?xpacket end=\"w\"?>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> Info {
        Info {
            title: "关于<整改>的通报".into(),
            author: "某局 & 党组".into(),
            subject: String::new(),
            keywords: "巡察,整改".into(),
            creator: "rectdoc".into(),
            producer: "rectdoc 0.1.0".into(),
            date: (2024, 9, 26),
        }
    }

    #[test]
    fn the_packet_identifies_pdfa_2b_and_repeats_the_info() {
        let x = xmp(&info());
        let doc = roxmltree::Document::parse(&x).expect("well-formed XML");
        let text = |name: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| {
                    n.text().or_else(|| {
                        n.descendants()
                            .find_map(|d| d.text().filter(|t| !t.trim().is_empty()))
                    })
                })
                .map(str::to_string)
        };
        assert_eq!(text("part").as_deref(), Some("2"));
        assert_eq!(text("conformance").as_deref(), Some("B"));
        assert_eq!(text("title").as_deref(), Some("关于<整改>的通报"));
        assert_eq!(text("creator").as_deref(), Some("某局 & 党组"));
        assert_eq!(text("description"), None, "no empty subject");
        assert_eq!(
            text("CreateDate").as_deref(),
            Some("2024-09-26T00:00:00+00:00")
        );
        assert!(x.starts_with("<?xpacket begin=\"\u{FEFF}\""));
        assert!(x.ends_with("<?xpacket end=\"w\"?>"));
    }

    #[test]
    fn the_profile_is_an_srgb_display_profile() {
        assert_eq!(&SRGB_ICC[36..40], b"acsp");
        assert_eq!(&SRGB_ICC[12..16], b"mntr");
        assert_eq!(&SRGB_ICC[16..20], b"RGB ");
        let size = u32::from_be_bytes([SRGB_ICC[0], SRGB_ICC[1], SRGB_ICC[2], SRGB_ICC[3]]);
        assert_eq!(size as usize, SRGB_ICC.len());
    }
}
