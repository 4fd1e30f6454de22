//! One face of a TTC/OTC collection as a standalone sfnt, read table by table.
//!
//! A collection shares tables between faces, but both the layout (ttf-parser) and the PDF
//! writer (which subsets it) need only the face in use: reading just its tables skips the
//! other faces' data.

/// Random access to a font file.
pub trait ReadAt {
    /// Appends `len` bytes from `offset` of the file to `out`.
    fn append(&mut self, offset: u64, len: usize, out: &mut Vec<u8>) -> Option<()>;

    /// Reads `len` bytes at `offset`.
    fn read_at(&mut self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let mut buf = Vec::with_capacity(len);
        self.append(offset, len, &mut buf)?;
        Some(buf)
    }
}

impl ReadAt for std::fs::File {
    fn append(&mut self, offset: u64, len: usize, out: &mut Vec<u8>) -> Option<()> {
        use std::io::{Read, Seek, SeekFrom};
        self.seek(SeekFrom::Start(offset)).ok()?;
        // into the spare capacity: no zeroing, no second copy (a Noto CJK CFF is 24 MB)
        let n = self.take(len as u64).read_to_end(out).ok()?;
        (n == len).then_some(())
    }
}

impl ReadAt for &[u8] {
    fn append(&mut self, offset: u64, len: usize, out: &mut Vec<u8>) -> Option<()> {
        let start = usize::try_from(offset).ok()?;
        out.extend_from_slice(self.get(start..start.checked_add(len)?)?);
        Some(())
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Whether the file starts a collection (`ttcf`).
pub fn is_collection(src: &mut impl ReadAt) -> bool {
    src.read_at(0, 4).is_some_and(|t| t == b"ttcf")
}

/// Face `index` of a collection as a standalone sfnt: its own header and table directory,
/// each table copied once, 4-byte aligned, in directory order (tags stay sorted, as the
/// format requires). `None` when the file is not a collection or is malformed.
pub fn extract_face(src: &mut impl ReadAt, index: u32) -> Option<Vec<u8>> {
    let head = src.read_at(0, 12)?;
    if &head[0..4] != b"ttcf" || index >= be32(&head, 8)? {
        return None;
    }
    let off = be32(&src.read_at(12 + 4 * index as u64, 4)?, 0)? as u64;
    let header = src.read_at(off, 12)?;
    let num_tables = be16(&header, 4)? as usize;
    let dir = src.read_at(off + 12, num_tables * 16)?;
    let mut records = Vec::with_capacity(num_tables);
    let mut total = 12 + num_tables * 16;
    for i in 0..num_tables {
        let rec = &dir[i * 16..i * 16 + 16];
        let len = be32(rec, 12)? as usize;
        records.push((rec, be32(rec, 8)? as u64, len));
        total = total.checked_add(len.checked_add(3)? & !3)?;
    }
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&header);
    let mut at = 12 + num_tables * 16;
    for (rec, _, len) in &records {
        out.extend_from_slice(&rec[0..8]); // tag, checksum
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(*len as u32).to_be_bytes());
        at += (len + 3) & !3;
    }
    for (_, table_off, len) in &records {
        src.append(*table_off, *len, &mut out)?;
        out.resize((out.len() + 3) & !3, 0);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc";

    #[test]
    fn an_extracted_face_is_the_face_in_the_collection() {
        // Noto CJK is what the tests rely on (HELPERS.md); nothing to check without it.
        let Ok(file) = std::fs::read(Path::new(NOTO)) else {
            eprintln!("{NOTO} not installed: skipped");
            return;
        };
        let n = ttf_parser::fonts_in_collection(&file).expect("a collection");
        for index in [0, n - 1] {
            let face = extract_face(&mut file.as_slice(), index).expect("extracted");
            assert!(face.len() < file.len());
            let a = ttf_parser::Face::parse(&file, index).expect("face in the collection");
            let b = ttf_parser::Face::parse(&face, 0).expect("extracted face parses");
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            assert_eq!(a.units_per_em(), b.units_per_em());
            for ch in "中共郑州市惠济区关于整改的通报A1〔〕—".chars() {
                let g = a.glyph_index(ch);
                assert!(g.is_some(), "{ch}");
                assert_eq!(g, b.glyph_index(ch), "{ch}");
                let g = g.expect("glyph");
                assert_eq!(a.glyph_hor_advance(g), b.glyph_hor_advance(g), "{ch}");
            }
            // The file-backed reader gives the same bytes as the in-memory one.
            let mut f = std::fs::File::open(NOTO).expect("open");
            assert_eq!(
                extract_face(&mut f, index).as_deref(),
                Some(face.as_slice())
            );
        }
    }

    #[test]
    fn a_single_font_or_a_bad_index_is_not_extracted() {
        let mut otf: &[u8] = b"OTTO\0\x01\0\0\0\0\0\0";
        assert!(!is_collection(&mut otf));
        assert_eq!(extract_face(&mut otf, 0), None);
        let mut ttc: &[u8] = b"ttcf\0\x01\0\0\0\0\0\x01\0\0\0\x10";
        assert!(is_collection(&mut ttc));
        assert_eq!(extract_face(&mut ttc, 1), None);
        // a face offset pointing past the end
        assert_eq!(extract_face(&mut ttc, 0), None);
    }
}
