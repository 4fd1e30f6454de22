//! One face embedded as a subset Type 0 font: the font program (subset by allsorts), the
//! CIDFont with its `/W` widths, the descriptor and the `/ToUnicode` CMap.
//!
//! We write these ourselves from what the layout already knows (glyph ids, characters)
//! and the face's own tables (ttf-parser). printpdf did it by decoding the outline of
//! every glyph used just to read its advance, twice: that and its text encoding were
//! two thirds of the time to write a PDF.

use super::shared::Shared;
use crate::fonts::FaceId;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the content streams need from an embedded face: the code of each glyph.
pub struct Embedded {
    /// The `Type0` font dictionary.
    pub font: ObjectId,
    /// Original glyph id → the two-byte code the content stream shows (Identity-H).
    codes: BTreeMap<u16, u16>,
}

impl Embedded {
    pub fn code(&self, gid: u16) -> u16 {
        // every glyph shown was given to `embed`; 0 (.notdef) otherwise
        self.codes.get(&gid).copied().unwrap_or(0)
    }
}

/// The kind of font program the subset is, which decides the descendant font's subtype
/// and where the program goes in the descriptor.
enum Program {
    /// A bare CID-keyed `CFF ` table: `/FontFile3 /CIDFontType0C`. Codes are the CIDs
    /// of the subset's charset, which a reader maps to glyphs (ISO 32000-1, 9.7.4.2): the
    /// bare table is the one wrapper under which every reader does so (some treat the
    /// codes of an sfnt-wrapped one as glyph ids).
    CidCff(Vec<u8>),
    /// A whole OpenType font with name-keyed CFF outlines (a subset of at most 255
    /// glyphs): `/FontFile3 /OpenType`.
    OpenType(Vec<u8>),
    /// TrueType outlines: `/FontFile2`, codes are glyph ids.
    TrueType(Vec<u8>),
}

/// A face's subset font program as it goes into the file: the stream (compressed), what the
/// descendant font says of it, and for a CID-keyed CFF the CID of each subset glyph.
pub(super) struct FontProgram {
    pub subtype: &'static str,
    pub file_key: &'static str,
    pub stream: Stream,
    pub cids: Option<Vec<Option<u16>>>,
}

/// The font program of the glyphs `ids` ([`glyph_order`]) of face `index` of `bytes`.
///
/// [`glyph_order`]: crate::export::subset::glyph_order
fn font_program(bytes: &[u8], index: u32, ids: &[u16]) -> Result<FontProgram, String> {
    let (program, cids) = subset(bytes, index, ids)?;
    let (subtype, file_key, mut stream) = match program {
        Program::CidCff(b) => (
            "CIDFontType0",
            "FontFile3",
            program_stream(b, "CIDFontType0C"),
        ),
        Program::OpenType(b) => ("CIDFontType0", "FontFile3", program_stream(b, "OpenType")),
        Program::TrueType(b) => {
            let mut s = Stream::new(Dictionary::new(), Vec::new());
            s.dict.set("Length1", Object::Integer(b.len() as i64));
            s.set_content(b);
            ("CIDFontType2", "FontFile2", s)
        }
    };
    super::post::pack_font_program(&mut stream);
    Ok(FontProgram {
        subtype,
        file_key,
        stream,
        cids,
    })
}

/// Embeds the glyphs `used` (original glyph id → the text it stands for) of face `index` of
/// the font file `bytes` (a collection is read in place: no copy of its face) under the
/// subset tag `tag` (six capitals). The font program is `shared`'s when the run already
/// made it for the same glyphs of face `id` (whose file `bytes` is).
#[allow(clippy::too_many_arguments)]
pub fn embed(
    lo: &mut Document,
    tag: &str,
    postscript_name: &str,
    bytes: &[u8],
    index: u32,
    used: &BTreeMap<u16, char>,
    shared: &Shared,
    id: FaceId,
) -> Result<Embedded, String> {
    let face = ttf_parser::Face::parse(bytes, index).map_err(|e| e.to_string())?;
    let ids = crate::export::subset::glyph_order(used.keys().copied());
    let program = shared.font_program(id, &ids, || font_program(bytes, index, &ids))?;
    let cids = &program.cids;

    let upem = f32::from(face.units_per_em().max(1));
    let mut codes = BTreeMap::new();
    // (code, width, text) in code order, for /W and /ToUnicode
    let mut coded: Vec<(u16, i64, char)> = Vec::with_capacity(used.len());
    for (new, &gid) in ids.iter().enumerate() {
        let Some(&ch) = used.get(&gid) else { continue };
        let new = new as u16;
        let code = cids
            .as_ref()
            .and_then(|m| m.get(new as usize).copied().flatten())
            .unwrap_or(new);
        let adv = face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        // in f32 and truncated, as printpdf wrote /W: the same pen positions as before
        let w = (f32::from(adv) * 1000.0 / upem) as i64;
        codes.insert(gid, code);
        coded.push((code, w, ch));
    }
    coded.sort_by_key(|c| c.0);

    // the resource name stands in for a face without a PostScript name
    let base = if postscript_name.is_empty() {
        tag
    } else {
        postscript_name
    };
    let name = format!("{tag}+{base}");
    let (subtype, file_key) = (program.subtype, program.file_key);
    let file = lo.add_object(program.stream.clone());
    let descriptor = lo.add_object(descriptor(&face, &name, file_key, file));
    let to_unicode = lo.add_object(Stream::new(
        Dictionary::new(),
        to_unicode(tag, &coded).into_bytes(),
    ));

    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    cid.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    info.set("Ordering", Object::string_literal("Identity"));
    info.set("Supplement", Object::Integer(0));
    cid.set("CIDSystemInfo", Object::Dictionary(info));
    cid.set("FontDescriptor", Object::Reference(descriptor));
    cid.set("DW", Object::Integer(DEFAULT_WIDTH));
    cid.set("W", Object::Array(width_array(&coded)));
    if subtype == "CIDFontType2" {
        cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }

    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type0".to_vec()));
    font.set("BaseFont", Object::Name(name.into_bytes()));
    font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Dictionary(cid)]),
    );
    font.set("ToUnicode", Object::Reference(to_unicode));
    Ok(Embedded {
        font: lo.add_object(font),
        codes,
    })
}

/// The width readers assume for a CID not in `/W`: nearly every CJK glyph's.
const DEFAULT_WIDTH: i64 = 1000;

fn program_stream(bytes: Vec<u8>, subtype: &str) -> Stream {
    let mut d = Dictionary::new();
    d.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    Stream::new(d, bytes)
}

/// The subset font program, and for a CID-keyed CFF the CID of each subset glyph.
///
/// A CFF face is subset as its bare `CFF ` table when the result is CID-keyed (allsorts
/// makes it so above 255 glyphs), which is what we embed: building the whole OpenType
/// font around it, with a cmap we would throw away, was a third of the subsetting.
#[allow(clippy::type_complexity)]
fn subset(
    bytes: &[u8],
    index: u32,
    ids: &[u16],
) -> Result<(Program, Option<Vec<Option<u16>>>), String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::binary::write::{WriteBinary, WriteBuffer};
    use allsorts::cff::CFF;
    use allsorts::font_data::FontData;
    use allsorts::subset::SubsetProfile;
    use allsorts::tables::FontTableProvider;

    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data
        .table_provider(index as usize)
        .map_err(|e| e.to_string())?;
    if provider.has_table(allsorts::tag::CFF) {
        let table = provider
            .read_table_data(allsorts::tag::CFF)
            .map_err(|e| e.to_string())?;
        let cff = ReadScope::new(&table)
            .read::<CFF<'_>>()
            .map_err(|e| e.to_string())?;
        if cff.name_index.len() == 1 && cff.fonts.len() == 1 {
            let sub: CFF<'_> = cff.subset(ids, true).map_err(|e| e.to_string())?.into();
            if let Some(font) = sub.fonts.first().filter(|f| f.is_cid_keyed()) {
                let cids = (0..font.char_strings_index.len() as u16)
                    .map(|g| font.charset.id_for_glyph(g))
                    .collect();
                let mut out = WriteBuffer::new();
                CFF::write(&mut out, &sub).map_err(|e| e.to_string())?;
                return Ok((Program::CidCff(out.into_inner()), Some(cids)));
            }
        }
    }
    let sub = crate::export::subset::sfnt(bytes, index, ids, None, &SubsetProfile::Pdf)?;
    Ok(if sub.starts_with(b"OTTO") {
        (Program::OpenType(sub), None)
    } else {
        (Program::TrueType(sub), None)
    })
}

fn descriptor(face: &ttf_parser::Face, name: &str, file_key: &str, file: ObjectId) -> Dictionary {
    let upem = f32::from(face.units_per_em().max(1));
    let scale = |v: i16| (f32::from(v) * 1000.0 / upem).round() as i64;
    let hhea = face.tables().hhea;
    let ascent = scale(hhea.ascender);
    let bbox = face.global_bounding_box();
    // hhea's caret slope (rise, run) at bytes 18 and 20: an italic leans right
    let (rise, run) = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"hhea"))
        .and_then(|t| {
            let rise = i16::from_be_bytes([*t.get(18)?, *t.get(19)?]);
            let run = i16::from_be_bytes([*t.get(20)?, *t.get(21)?]);
            Some((rise, run))
        })
        .unwrap_or((1, 0));
    let italic = if rise == 0 {
        0
    } else {
        (-f32::from(run).atan2(f32::from(rise)).to_degrees()).round() as i64
    };
    // Table 123: nonsymbolic (32), italic (64)
    let flags = 32 | if italic != 0 { 64 } else { 0 };
    // No table has the stem width; producers estimate it from the weight class.
    let weight = face.tables().os2.map_or(0, |o| o.weight().to_number());
    let stem_v = if weight == 0 {
        80
    } else {
        50 + (f32::from(weight) / 65.0).powi(2).round() as i64
    };
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    d.set("FontName", Object::Name(name.as_bytes().to_vec()));
    d.set("Ascent", Object::Integer(ascent));
    d.set("Descent", Object::Integer(scale(hhea.descender)));
    // the ascent, as printpdf wrote it (readers use it only to substitute a face)
    d.set("CapHeight", Object::Integer(ascent));
    d.set("ItalicAngle", Object::Integer(italic));
    d.set("Flags", Object::Integer(flags));
    d.set("StemV", Object::Integer(stem_v));
    d.set(
        "FontBBox",
        Object::Array(
            [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
                .into_iter()
                .map(|v| Object::Integer(scale(v)))
                .collect(),
        ),
    );
    d.set(file_key, Object::Reference(file));
    d
}

/// `/W` without the widths equal to `/DW`; consecutive codes of the same width as one
/// `first last w` range.
fn width_array(coded: &[(u16, i64, char)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(u16, u16, i64)> = None;
    for &(c, w, _) in coded.iter().filter(|c| c.1 != DEFAULT_WIDTH) {
        match run {
            Some((a, b, rw)) if b + 1 == c && rw == w => run = Some((a, c, rw)),
            _ => {
                if let Some(r) = run.take() {
                    push_range(&mut out, r);
                }
                run = Some((c, c, w));
            }
        }
    }
    if let Some(r) = run {
        push_range(&mut out, r);
    }
    out
}

fn push_range(out: &mut Vec<Object>, (a, b, w): (u16, u16, i64)) {
    out.push(Object::Integer(a.into()));
    out.push(Object::Integer(b.into()));
    out.push(Object::Integer(w));
}

/// The `/ToUnicode` CMap: each code to its character, in `bfchar` blocks of at most 100
/// codes sharing a high byte.
fn to_unicode(tag: &str, coded: &[(u16, i64, char)]) -> String {
    let mut s = format!(
        "/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n\
         %!PS-Adobe-3.0 Resource-CMap\n%%DocumentNeededResources: procset CIDInit\n\
         %%IncludeResource: procset CIDInit\n\n/CIDSystemInfo 3 dict dup begin\n\
         /Registry (FontSpecific) def\n/Ordering ({tag}) def\n/Supplement 0 def\nend def\n\n\
         /CMapName /FontSpecific-{tag} def\n/CMapVersion 1 def\n/CMapType 2 def\n\
         /WMode 0 def\n\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    for group in coded.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
        for chunk in group.chunks(100) {
            let _ = writeln!(s, "{} beginbfchar", chunk.len());
            for &(code, _, ch) in chunk {
                let _ = write!(s, "<{code:04X}> <");
                let mut units = [0u16; 2];
                for u in ch.encode_utf16(&mut units) {
                    let _ = write!(s, "{u:04X}");
                }
                s.push_str(">\n");
            }
            s.push_str("endbfchar\n");
        }
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Embeds `text` of the font file at `path` (skipped, returning None, when it is not
    /// installed) and returns the document and the codes of the text's glyphs.
    fn embed_text(path: &str, text: &str) -> Option<(Document, Embedded, Vec<u16>)> {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("{path} not installed: skipped");
            return None;
        };
        let face = ttf_parser::Face::parse(&bytes, 0).expect("face");
        let gids: Vec<u16> = text
            .chars()
            .map(|c| face.glyph_index(c).expect("glyph").0)
            .collect();
        let used: BTreeMap<u16, char> = gids.iter().copied().zip(text.chars()).collect();
        let mut lo = Document::with_version("1.3");
        let shared = Shared::default();
        let e = embed(&mut lo, "RDAAAA", "Test", &bytes, 0, &used, &shared, 0).expect("embedded");
        Some((lo, e, gids))
    }

    fn descendant(lo: &Document, e: &Embedded) -> Dictionary {
        let font = lo.get_dictionary(e.font).expect("font");
        let kids = font.get(b"DescendantFonts").and_then(Object::as_array);
        kids.expect("descendants")[0]
            .as_dict()
            .expect("cid font")
            .clone()
    }

    fn font_file(lo: &Document, cid: &Dictionary, key: &[u8]) -> Stream {
        let fd = cid.get(b"FontDescriptor").and_then(Object::as_reference);
        let fd = lo
            .get_dictionary(fd.expect("descriptor ref"))
            .expect("descriptor");
        let file = fd
            .get(key)
            .and_then(Object::as_reference)
            .expect("font file");
        lo.get_object(file)
            .and_then(Object::as_stream)
            .expect("stream")
            .clone()
    }

    #[test]
    fn a_cff_face_is_a_bare_cid_keyed_cff_shown_by_its_cids() {
        let Some((lo, e, gids)) = embed_text(
            "/usr/local/share/fonts/fandol/FandolFang-Regular.otf",
            "中国A1",
        ) else {
            return;
        };
        let cid = descendant(&lo, &e);
        assert_eq!(
            cid.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"CIDFontType0"[..])
        );
        let file = font_file(&lo, &cid, b"FontFile3");
        assert_eq!(
            file.dict.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"CIDFontType0C"[..])
        );
        // the codes are the subset's CIDs: distinct, and not .notdef
        let codes: Vec<u16> = gids.iter().map(|g| e.code(*g)).collect();
        assert!(codes.iter().all(|c| *c != 0), "{codes:?}");
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
    }

    #[test]
    fn a_truetype_face_is_fontfile2_with_identity_cid_to_gid() {
        let Some((lo, e, gids)) =
            embed_text("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Hi, 1.")
        else {
            return;
        };
        let cid = descendant(&lo, &e);
        assert_eq!(
            cid.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"CIDFontType2"[..])
        );
        assert_eq!(
            cid.get(b"CIDToGIDMap").and_then(Object::as_name).ok(),
            Some(&b"Identity"[..])
        );
        let file = font_file(&lo, &cid, b"FontFile2");
        // compressed already (shared between the documents of a run), /Length1 its length
        // inflated
        assert_eq!(
            file.dict.get(b"Filter").and_then(Object::as_name).ok(),
            Some(&b"FlateDecode"[..])
        );
        let mut program = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&file.content[..]),
            &mut program,
        )
        .expect("inflates");
        assert_eq!(
            file.dict.get(b"Length1").and_then(Object::as_i64).ok(),
            Some(program.len() as i64)
        );
        // subset glyph ids: .notdef, then the glyphs used in ascending original order
        let mut sorted = gids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        for g in &gids {
            let pos = sorted.iter().position(|s| s == g).expect("used") as u16;
            assert_eq!(e.code(*g), pos + 1);
        }
        // Latin glyphs are narrower than the 1000 default: all in /W
        let w = cid.get(b"W").and_then(Object::as_array).expect("W");
        assert!(!w.is_empty());
    }

    #[test]
    fn widths_equal_to_the_default_are_left_out_and_runs_merged() {
        let coded = [
            (3, 1000, 'a'),
            (4, 500, 'b'),
            (5, 500, 'c'),
            (6, 1000, 'd'),
            (9, 500, 'e'),
            (10, 500, 'f'),
            (20, 333, 'g'),
        ];
        let w: Vec<i64> = width_array(&coded)
            .iter()
            .map(|o| o.as_i64().expect("integer"))
            .collect();
        assert_eq!(w, [4, 5, 500, 9, 10, 500, 20, 20, 333]);
    }

    #[test]
    fn to_unicode_groups_codes_by_high_byte() {
        let coded = [
            (0x0012, 1000, '中'),
            (0x0013, 1000, '国'),
            (0x0100, 1000, '𠀀'),
        ];
        let s = to_unicode("RDAAAA", &coded);
        assert!(
            s.contains("2 beginbfchar\n<0012> <4E2D>\n<0013> <56FD>\nendbfchar\n1 beginbfchar\n<0100> <D840DC00>\nendbfchar\n"),
            "{s}"
        );
        assert!(s.contains("/CMapName /FontSpecific-RDAAAA def"));
    }
}
