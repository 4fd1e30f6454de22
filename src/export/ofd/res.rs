//! The document's public resources: each face the pages use, embedded as a subset font
//! file (`Res/font_N.otf` or `.ttf`) and described in `PublicRes.xml` (GB/T 33190 §11.1).

use super::xml::{DECL, NS, esc};
use crate::diag::Diagnostic;
use crate::export::subset;
use crate::fonts::{FaceId, FontBook};
use allsorts::subset::SubsetProfile;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// An embedded face as the pages refer to it.
pub struct Font {
    /// The `ID` of its `Font` resource.
    pub id: u32,
    /// Original glyph id → glyph id in the embedded subset.
    subset_ids: BTreeMap<u16, u16>,
    /// Glyphs a reader would not find from their character through the subset's cmap
    /// (the layout chose another glyph than the cmap's): the pages give their glyph ids.
    indirect: BTreeSet<u16>,
}

impl Font {
    /// The subset's glyph id for `gid` when the character alone would not give it.
    pub fn explicit_glyph(&self, gid: u16) -> Option<u16> {
        if self.indirect.contains(&gid) {
            self.subset_ids.get(&gid).copied()
        } else {
            None
        }
    }
}

/// The fonts, `PublicRes.xml` and the font files (path in the package, bytes).
pub struct Resources {
    pub fonts: BTreeMap<FaceId, Font>,
    pub public_res: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Subsets and describes every face in `used` (face → glyph id → character). Font IDs are
/// 1, 2, … in face order. Errors name the font file.
pub fn fonts(
    used: &BTreeMap<FaceId, BTreeMap<u16, char>>,
    book: &FontBook,
) -> Result<Resources, Diagnostic> {
    let mut xml = format!("{DECL}<ofd:Res xmlns:ofd=\"{NS}\" BaseLoc=\"Res\">");
    let mut fonts = BTreeMap::new();
    let mut files = Vec::new();
    if !used.is_empty() {
        xml.push_str("<ofd:Fonts>");
    }
    for (n, (face, glyphs)) in used.iter().enumerate() {
        let info = book.face(*face);
        // a collection's face is read in place, as the PDF writer does
        let (bytes, index) = book.face_source(*face).ok_or_else(|| {
            Diagnostic::error(format!("cannot read font file {}", info.path.display()))
        })?;
        let fail = |e: String| {
            Diagnostic::error(format!(
                "cannot embed font {} (face {}): {e}",
                info.path.display(),
                info.index
            ))
        };
        let parsed = ttf_parser::Face::parse(bytes, index).map_err(|e| fail(e.to_string()))?;
        let ids = subset::glyph_order(glyphs.keys().copied());
        // A standalone font with the tables every OpenType reader expects (OS/2, name,
        // post), not the PDF's bare program. Its cmap maps the characters the pages show
        // to their glyphs, where the face's own cmap does (the rest are given by glyph id):
        // finding every other character of the face that maps to a kept glyph cost 4.4 M
        // instructions a notice and gives a reader nothing it needs.
        let chars: Vec<(u32, u16)> = glyphs
            .iter()
            .filter(|(gid, ch)| parsed.glyph_index(**ch).map(|g| g.0) == Some(**gid))
            .map(|(gid, ch)| (u32::from(*ch), *gid))
            .collect();
        let program =
            subset::sfnt(bytes, index, &ids, Some(chars), &SubsetProfile::Minimal).map_err(fail)?;
        let subset_ids = ids
            .iter()
            .enumerate()
            .map(|(new, old)| (*old, new as u16))
            .collect();
        let indirect = glyphs
            .iter()
            .filter(|(gid, ch)| parsed.glyph_index(**ch).map(|g| g.0) != Some(**gid))
            .map(|(gid, _)| *gid)
            .collect();
        let id = n as u32 + 1;
        let ext = if program.starts_with(b"OTTO") {
            "otf"
        } else {
            "ttf"
        };
        let file = format!("font_{id}.{ext}");
        let name = if info.postscript_name.is_empty() {
            info.display_name()
        } else {
            info.postscript_name.clone()
        };
        let _ = write!(xml, "<ofd:Font ID=\"{id}\" FontName=\"{}\"", esc(&name));
        if let Some(family) = info.families.first() {
            let _ = write!(xml, " FamilyName=\"{}\"", esc(family));
        }
        let _ = write!(xml, "><ofd:FontFile>{file}</ofd:FontFile></ofd:Font>");
        files.push((format!("Doc_0/Res/{file}"), program));
        fonts.insert(
            *face,
            Font {
                id,
                subset_ids,
                indirect,
            },
        );
    }
    if !used.is_empty() {
        xml.push_str("</ofd:Fonts>");
    }
    xml.push_str("</ofd:Res>");
    Ok(Resources {
        fonts,
        public_res: xml,
        files,
    })
}

#[cfg(test)]
impl Font {
    /// A font whose every glyph is found from its character.
    pub fn for_test(id: u32) -> Font {
        Font {
            id,
            subset_ids: BTreeMap::new(),
            indirect: BTreeSet::new(),
        }
    }
}
