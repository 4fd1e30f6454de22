//! The last pass over the document: a nested outline (`/PageMode /UseOutlines`), a `/ID`
//! derived from the content, every stream compressed.

use crate::export::hash::fnv128;
use crate::layout::OutlineEntry;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

const ID_PLACEHOLDER: &[u8; 32] = b"rectdoc-id-placeholder-00000000!";

pub fn finish(mut lo: Document, outline: &[OutlineEntry]) -> Result<Vec<u8>, String> {
    if !outline.is_empty() {
        add_outline(&mut lo, outline)?;
    }
    let ph = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer.set("ID", Object::Array(vec![ph.clone(), ph]));
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| e.to_string())?;
    // The /ID is a hash of the file itself: same input, same bytes; different input,
    // different id.
    let h = fnv128(&out);
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    let hex = hex.as_bytes();
    let mut i = 0;
    while let Some(at) = find(&out[i..], ID_PLACEHOLDER) {
        let at = i + at;
        out[at..at + 32].copy_from_slice(&hex[..32]);
        i = at + 32;
    }
    Ok(out)
}

/// Where `needle` first occurs in `hay`: candidates found by their first byte, which is
/// quick to scan for (comparing 32 bytes at every position of a 600 KB file was 5 % of a
/// batch's instructions).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(p) = hay[from..].iter().position(|b| *b == first) {
        let at = from + p;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Flate-compresses every stream not yet filtered, with one compressor per level reset
/// between streams: setting one up costs as much as deflating 40 KB, and a document has a
/// stream per page.
///
/// Font programs (CFF charstrings, which deflate poorly) at level 2, everything else at the
/// default. On the example notice and ledger, level 2 takes the font streams' deflate from
/// 216 M to 152 M instructions for 2.9 KB more per file; below 2, zlib-rs switches to a
/// quicker algorithm that gives up 90 KB. Content streams stay at 6: at 2 they grow by a
/// fifth.
fn compress(lo: &mut Document) {
    let mut fonts = Deflater::new(2);
    let mut other = Deflater::new(6);
    for obj in lo.objects.values_mut() {
        let Object::Stream(s) = obj else { continue };
        if !s.allows_compression || s.dict.get(b"Filter").is_ok() {
            continue;
        }
        let deflater = if is_font_program(&s.dict) {
            &mut fonts
        } else {
            &mut other
        };
        pack(s, deflater);
    }
}

/// A font program compressed as [`compress`] would, ahead of it (a run shares it between
/// documents): `compress` leaves it alone afterwards.
pub(super) fn pack_font_program(s: &mut Stream) {
    pack(s, &mut Deflater::new(2));
    s.allows_compression = false;
}

/// Flate-compresses one stream where that pays.
fn pack(s: &mut Stream, deflater: &mut Deflater) {
    // A stream that fails to compress (cannot happen) stays as it is.
    let Some(mut packed) = deflater.deflate(&s.content) else {
        return;
    };
    // A stream must not end with CR: lopdf writes LF before `endstream`, and readers
    // take CR LF for the end-of-line marker, one byte short of `/Length` (PDF/A
    // validators reject the file). The zlib stream ends with the low byte of the sum
    // of the data's bytes (Adler-32), so one more non-zero byte of data changes it: a
    // newline, a blank after text, ignored after a font program's tables (which are
    // found by their offsets). (A zero byte would leave that sum, and the CR, as it is.)
    let mut padded = None;
    for _ in 0..4 {
        if packed.last() != Some(&b'\r') {
            break;
        }
        let data: &mut Vec<u8> = padded.get_or_insert_with(|| s.content.clone());
        data.push(b'\n');
        let Some(again) = deflater.deflate(data) else {
            break;
        };
        packed = again;
    }
    // as lopdf: only where it pays for the `/Filter /FlateDecode` entry
    if packed.len() + 19 < s.content.len() {
        if let Some(data) = padded.filter(|_| s.dict.has(b"Length1")) {
            s.dict.set("Length1", Object::Integer(data.len() as i64));
        }
        s.dict.set("Filter", "FlateDecode");
        s.set_content(packed);
    }
}

/// `/FontFile3` (subtype `CIDFontType0C` or `OpenType`) or `/FontFile2` (`/Length1`).
fn is_font_program(d: &Dictionary) -> bool {
    d.has(b"Length1")
        || matches!(
            d.get(b"Subtype").and_then(Object::as_name),
            Ok(b"CIDFontType0C" | b"OpenType")
        )
}

struct Deflater(flate2::Compress);

impl Deflater {
    fn new(level: u32) -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::new(level), true))
    }

    /// `data` as a zlib stream.
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        let c = &mut self.0;
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let done = c.total_in() as usize;
            let status = c
                .compress_vec(&data[done..], &mut out, flate2::FlushCompress::Finish)
                .ok()?;
            if status == flate2::Status::StreamEnd {
                return Some(out);
            }
            out.reserve(out.capacity().max(64));
        }
    }
}

fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

struct Node {
    id: ObjectId,
    entry: usize,
    children: Vec<usize>,
}

fn add_outline(lo: &mut Document, outline: &[OutlineEntry]) -> Result<(), String> {
    let pages = lo.get_pages();
    let root_id = lo.new_object_id();
    // level 1 under the root, level 2 under the last level 1
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    for (i, e) in outline.iter().enumerate() {
        let id = lo.new_object_id();
        nodes.push(Node {
            id,
            entry: i,
            children: Vec::new(),
        });
        let n = nodes.len() - 1;
        let parent = if e.level >= 2 {
            top.last().copied()
        } else {
            None
        };
        match parent {
            Some(p) => nodes[p].children.push(n),
            None => top.push(n),
        }
    }
    let write_level = |lo: &mut Document, list: &[usize], parent: ObjectId, nodes: &[Node]| {
        for (k, &n) in list.iter().enumerate() {
            let node = &nodes[n];
            let e = &outline[node.entry];
            let Some(page_id) = pages.get(&(e.page as u32 + 1)).copied() else {
                continue;
            };
            let mut d = Dictionary::new();
            d.set("Title", text_string(&e.title));
            d.set("Parent", Object::Reference(parent));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_id),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(e.y as f32),
                    Object::Null,
                ]),
            );
            if k > 0 {
                d.set("Prev", Object::Reference(nodes[list[k - 1]].id));
            }
            if k + 1 < list.len() {
                d.set("Next", Object::Reference(nodes[list[k + 1]].id));
            }
            if let (Some(f), Some(l)) = (node.children.first(), node.children.last()) {
                d.set("First", Object::Reference(nodes[*f].id));
                d.set("Last", Object::Reference(nodes[*l].id));
                // negative: closed; level-1 entries open
                d.set("Count", Object::Integer(node.children.len() as i64));
            }
            lo.objects.insert(node.id, Object::Dictionary(d));
        }
    };
    write_level(lo, &top, root_id, &nodes);
    for &t in &top {
        let (pid, kids) = (nodes[t].id, nodes[t].children.clone());
        write_level(lo, &kids, pid, &nodes);
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(f), Some(l)) = (top.first(), top.last()) {
        root.set("First", Object::Reference(nodes[*f].id));
        root.set("Last", Object::Reference(nodes[*l].id));
    }
    root.set("Count", Object::Integer(nodes.len() as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));
    let cat = lo.catalog_mut().map_err(|e| e.to_string())?;
    cat.set("Outlines", Object::Reference(root_id));
    cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn no_compressed_stream_ends_with_a_carriage_return() {
        // a stream whose zlib form would end with CR (its checksum's last byte)
        let mut d = Deflater::new(6);
        let content = (0..10_000)
            .map(|i| format!("{i} 0 0 1 79.37 687.5 Tm\n").repeat(4).into_bytes())
            .find(|c| d.deflate(c).and_then(|p| p.last().copied()) == Some(b'\r'))
            .expect("one of them ends with CR");
        // as a content stream, and as a font program (with its length in /Length1)
        let mut program = Dictionary::new();
        program.set("Length1", Object::Integer(content.len() as i64));
        for dict in [Dictionary::new(), program] {
            let mut lo = Document::with_version("1.3");
            let id = lo.add_object(lopdf::Stream::new(dict, content.clone()));
            compress(&mut lo);
            let s = lo
                .get_object(id)
                .and_then(Object::as_stream)
                .expect("stream");
            assert_ne!(s.content.last(), Some(&b'\r'));
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&s.content[..])
                .read_to_end(&mut back)
                .expect("inflates");
            // the same bytes, a newline more
            assert_eq!(back[..content.len()], content[..]);
            assert!(back[content.len()..].iter().all(|b| *b == b'\n'));
            if let Ok(n) = s.dict.get(b"Length1").and_then(Object::as_i64) {
                assert_eq!(n as usize, back.len());
            }
        }
    }

    #[test]
    fn find_gives_the_first_occurrence() {
        assert_eq!(find(b"xxabcabc", b"abc"), Some(2));
        assert_eq!(find(b"aab", b"ab"), Some(1));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"", b"a"), None);
    }

    #[test]
    fn a_reused_deflater_gives_streams_that_inflate_back() {
        let mut d = Deflater::new(6);
        // incompressible (bigger than the first output buffer), then text, then nothing
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        let text = b"1 0 0 1 79.37008 687.50287 Tm\n".repeat(500);
        for data in [&noise[..], &text[..], b""] {
            let packed = d.deflate(data).expect("deflated");
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .expect("inflates");
            assert_eq!(back, data);
        }
    }
}
