//! Font subsetting shared by the PDF and OFD writers (allsorts).

use crate::fonts::FaceId;
use crate::layout::{Item, Pages};
use allsorts::binary::read::ReadScope;
use allsorts::error::ParseError;
use allsorts::font::{Encoding, read_cmap_subtable};
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, SfntVersion};
use allsorts::tag;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The glyph ids to keep, in the order the subset numbers them: `.notdef` first, then the
/// glyphs `used` in ascending order. A glyph's id in the subset is its position here.
pub fn glyph_order(used: impl Iterator<Item = u16>) -> Vec<u16> {
    std::iter::once(0).chain(used.filter(|g| *g != 0)).collect()
}

/// The glyphs `ids` ([`glyph_order`]) of face `index` of the font file `bytes` (a collection
/// is read in place) as a standalone OpenType (CFF outlines) or TrueType font with a Unicode
/// cmap and the tables of `profile`. The cmap holds `chars` (character, original glyph id)
/// when given, else every mapping of the face to a kept glyph.
pub fn sfnt(
    bytes: &[u8],
    index: u32,
    ids: &[u16],
    chars: Option<Vec<(u32, u16)>>,
    profile: &SubsetProfile,
) -> Result<Vec<u8>, String> {
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data
        .table_provider(index as usize)
        .map_err(|e| e.to_string())?;
    let pairs = chars.or_else(|| kept_mappings(&provider, ids));
    let subset = match pairs.and_then(format12) {
        Some(cmap) => {
            let kept = KeptCmap {
                inner: &provider,
                cmap,
            };
            allsorts::subset::subset(&kept, ids, profile, CmapTarget::Unicode)
        }
        None => allsorts::subset::subset(&provider, ids, profile, CmapTarget::Unicode),
    };
    subset.map_err(|e| e.to_string())
}

/// The face's tables with its cmap cut down to the mappings wanted in the subset. allsorts
/// builds the subset's cmap by testing every mapping of the face against the list of kept
/// glyphs (a linear search: 30,000 mappings × 950 glyphs for the notice's body face, 13 M
/// instructions per document); given only the kept mappings it builds the same table.
struct KeptCmap<'a, P> {
    inner: &'a P,
    cmap: Vec<u8>,
}

impl<P: FontTableProvider> FontTableProvider for KeptCmap<'_, P> {
    fn table_data(&self, t: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        if t == tag::CMAP {
            Ok(Some(Cow::Borrowed(&self.cmap)))
        } else {
            self.inner.table_data(t)
        }
    }

    fn has_table(&self, t: u32) -> bool {
        self.inner.has_table(t)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        self.inner.table_tags()
    }
}

impl<P: SfntVersion> SfntVersion for KeptCmap<'_, P> {
    fn sfnt_version(&self) -> u32 {
        self.inner.sfnt_version()
    }
}

/// The mappings of the cmap subtable allsorts would read whose glyph is in `ids`. `None`
/// (use the face's own cmap) when that subtable is not Unicode.
fn kept_mappings(provider: &impl FontTableProvider, ids: &[u16]) -> Option<Vec<(u32, u16)>> {
    let data = provider.read_table_data(tag::CMAP).ok()?;
    let cmap = ReadScope::new(&data).read::<Cmap<'_>>().ok()?;
    let (encoding, sub) = read_cmap_subtable(&cmap).ok()??;
    if encoding != Encoding::Unicode {
        return None;
    }
    let mut kept = vec![false; usize::from(u16::MAX) + 1];
    for g in ids {
        kept[usize::from(*g)] = true;
    }
    let mut pairs: Vec<(u32, u16)> = Vec::with_capacity(ids.len() * 2);
    sub.mappings_fn(|ch, gid| {
        if gid != 0 && kept[usize::from(gid)] {
            pairs.push((ch, gid));
        }
    })
    .ok()?;
    Some(pairs)
}

/// A cmap with one Unicode subtable (format 12) holding `pairs`. `None` (use the face's own
/// cmap) when a character is mapped twice, where allsorts' result could differ.
fn format12(mut pairs: Vec<(u32, u16)>) -> Option<Vec<u8>> {
    pairs.sort_unstable_by_key(|p| p.0);
    if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let n = u32::try_from(pairs.len()).ok()?;
    let mut out = Vec::with_capacity(28 + 12 * pairs.len());
    for v in [0u16, 1, 3, 10] {
        out.extend_from_slice(&v.to_be_bytes()); // version, tables, platform, encoding
    }
    out.extend_from_slice(&12u32.to_be_bytes()); // offset of the subtable
    out.extend_from_slice(&12u16.to_be_bytes()); // format
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(16 + 12 * n).to_be_bytes()); // length
    out.extend_from_slice(&0u32.to_be_bytes()); // language
    out.extend_from_slice(&n.to_be_bytes());
    for (ch, gid) in pairs {
        for v in [ch, ch, u32::from(gid)] {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    Some(out)
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
