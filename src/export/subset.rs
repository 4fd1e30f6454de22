//! Font subsetting shared by the PDF and OFD writers (allsorts).

use crate::fonts::FaceId;
use crate::layout::{Item, Pages};
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use std::collections::BTreeMap;

/// The glyph ids to keep, in the order the subset numbers them: `.notdef` first, then the
/// glyphs `used` in ascending order. A glyph's id in the subset is its position here.
pub fn glyph_order(used: impl Iterator<Item = u16>) -> Vec<u16> {
    std::iter::once(0).chain(used.filter(|g| *g != 0)).collect()
}

/// The glyphs `ids` ([`glyph_order`]) of the face in `bytes` as a standalone OpenType
/// (CFF outlines) or TrueType font with a Unicode cmap and the tables of `profile`.
pub fn sfnt(bytes: &[u8], ids: &[u16], profile: &SubsetProfile) -> Result<Vec<u8>, String> {
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    allsorts::subset::subset(&provider, ids, profile, CmapTarget::Unicode)
        .map_err(|e| e.to_string())
}

/// The glyphs of each face the pages show (glyph id → the character it stands for), faces
/// in id order: what each writer embeds.
pub fn used_glyphs(pages: &Pages) -> BTreeMap<FaceId, BTreeMap<u16, char>> {
    let mut used: BTreeMap<FaceId, BTreeMap<u16, char>> = BTreeMap::new();
    for it in pages.pages.iter().flat_map(|p| &p.items) {
        if let Item::Text(t) = it {
            let glyphs = used.entry(t.face).or_default();
            for g in &t.glyphs {
                glyphs.insert(g.gid, g.ch);
            }
        }
    }
    used
}
