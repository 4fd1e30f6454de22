//! Reading parts of a font file by offset: discovery ([`scan`](super::scan)) reads only the
//! table directory and the `name` table of each file, never the whole file.

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
