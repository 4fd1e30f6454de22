//! The zip container of the DOCX (OPC) and OFD packages: entries in the order given, every
//! timestamp the zip epoch (1980-01-01 00:00), so that the same document gives the same bytes.
//!
//! Written here rather than with the `zip` crate, which sets up a fresh deflate state for
//! every entry: an OFD has one entry per page, and setting a state up costs as much as
//! deflating 40 KB (the notice's OFD: 11 M instructions of `memset` in 50 set-ups). Here one
//! compressor per level is reset between entries. The bytes are those the `zip` crate wrote
//! (a unit test compares them), so archives did not change with the move.

use flate2::{Compress, Compression, FlushCompress, Status};

/// Deflate level of an entry that does not name one (zlib's default).
pub const DEFAULT_LEVEL: u32 = 6;

/// An entry: name in the archive, content, deflate level.
pub struct Entry<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub level: u32,
}

/// What the writer keeps of an entry for the central directory.
struct Written {
    offset: u32,
    crc: u32,
    packed: u32,
    size: u32,
}

/// The archive of `entries`, each deflated at its level. Errors: an entry or the archive
/// past the classic zip format's 4 GiB limits (rectdoc writes no Zip64).
pub fn pack(entries: &[Entry]) -> Result<Vec<u8>, String> {
    // Room for every entry stored as it is (deflate adds at most 5 bytes per 16 KB block to
    // data it cannot shrink), so the archive is never moved while it grows.
    let room: usize = entries
        .iter()
        .map(|e| e.bytes.len() + e.bytes.len() / 3000 + 2 * (e.name.len() + 60))
        .sum();
    let mut out = Vec::with_capacity(room + 22);
    let mut compressors: Vec<(u32, Compress)> = Vec::new();
    let mut written = Vec::with_capacity(entries.len());
    for e in entries {
        let mut w = Written {
            offset: fits(out.len(), e.name)?,
            crc: crc32fast::hash(e.bytes),
            packed: 0,
            size: fits(e.bytes.len(), e.name)?,
        };
        header(&mut out, LOCAL, e.name, &w);
        let at = match compressors.iter().position(|(l, _)| *l == e.level) {
            Some(at) => at,
            None => {
                // raw deflate (no zlib header), as zip stores it
                compressors.push((e.level, Compress::new(Compression::new(e.level), false)));
                compressors.len() - 1
            }
        };
        let start = out.len();
        deflate(&mut compressors[at].1, e.bytes, &mut out)?;
        // the compressed size, known now, into the local header (18 bytes in)
        w.packed = fits(out.len() - start, e.name)?;
        let field = w.offset as usize + 18;
        out[field..field + 4].copy_from_slice(&w.packed.to_le_bytes());
        written.push(w);
    }
    let directory = fits(out.len(), "the central directory")?;
    for (e, w) in entries.iter().zip(&written) {
        header(&mut out, CENTRAL, e.name, w);
    }
    let size = fits(out.len(), "the central directory")? - directory;
    let count = u16::try_from(entries.len()).map_err(|_| "more than 65,535 entries".to_string())?;
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0); // this disk
    u16le(&mut out, 0); // the disk where the directory starts
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, size);
    u32le(&mut out, directory);
    u16le(&mut out, 0); // comment length
    Ok(out)
}

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
/// Version needed to extract: 2.0, deflate.
const VERSION_NEEDED: u16 = 20;
/// Version made by: Unix (3) in the high byte, so that readers take the permissions below.
const VERSION_MADE_BY: u16 = 3 << 8 | 20;
/// 1980-01-01 in MS-DOS date form (day 1, month 1, year 0); the time is 00:00.
const DOS_DATE: u16 = 1 << 5 | 1;
/// A regular file, rw-r--r--, in the high half of the external attributes.
const UNIX_FILE: u32 = 0o100_644 << 16;

/// A local file header or a central directory entry for `name`.
fn header(out: &mut Vec<u8>, signature: u32, name: &str, w: &Written) {
    u32le(out, signature);
    if signature == CENTRAL {
        u16le(out, VERSION_MADE_BY);
    }
    u16le(out, VERSION_NEEDED);
    // bit 11: the name is UTF-8 (ASCII names leave it clear, as the zip crate does)
    u16le(out, if name.is_ascii() { 0 } else { 1 << 11 });
    u16le(out, 8); // deflated
    u16le(out, 0); // time 00:00:00
    u16le(out, DOS_DATE);
    u32le(out, w.crc);
    u32le(out, w.packed);
    u32le(out, w.size);
    // names are rectdoc's own part names: short
    u16le(out, name.len() as u16);
    u16le(out, 0); // extra field length
    if signature == CENTRAL {
        u16le(out, 0); // comment length
        u16le(out, 0); // disk number
        u16le(out, 0); // internal attributes
        u32le(out, UNIX_FILE);
        u32le(out, w.offset);
    }
    out.extend_from_slice(name.as_bytes());
}

/// Appends `data` as raw deflate with `c`, which is reset first.
fn deflate(c: &mut Compress, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    c.reset();
    loop {
        let done = c.total_in() as usize;
        if out.capacity() == out.len() {
            out.reserve(64 * 1024);
        }
        let status = c
            .compress_vec(&data[done..], out, FlushCompress::Finish)
            .map_err(|e| e.to_string())?;
        if status == Status::StreamEnd {
            return Ok(());
        }
    }
}

fn fits(n: usize, what: &str) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| format!("{what} is larger than a zip file can hold (4 GiB)"))
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read, Write};

    /// What the `zip` crate wrote for `entries` (9.x, the tests' reader; 8.x, which rectdoc used
    /// before this writer, wrote the same DOCX and OFD bytes: checked with outputs.sh).
    fn zip_crate(entries: &[Entry]) -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for e in entries {
            let level = (e.level != DEFAULT_LEVEL).then_some(e.level as i64);
            z.start_file(e.name, opts.compression_level(level)).unwrap();
            z.write_all(e.bytes).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    fn sample() -> Vec<(String, Vec<u8>, u32)> {
        let xml = "<w:p><w:r><w:t>整改</w:t></w:r></w:p>"
            .repeat(500)
            .into_bytes();
        let noise: Vec<u8> = (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        vec![
            (
                "[Content_Types].xml".into(),
                b"<Types/>".to_vec(),
                DEFAULT_LEVEL,
            ),
            ("word/document.xml".into(), xml.clone(), DEFAULT_LEVEL),
            ("Doc_0/Res/font_1.otf".into(), noise, 2),
            ("Doc_0/Pages/Page_0/Content.xml".into(), xml, DEFAULT_LEVEL),
            ("empty.xml".into(), Vec::new(), DEFAULT_LEVEL),
        ]
    }

    fn entries(owned: &[(String, Vec<u8>, u32)]) -> Vec<Entry<'_>> {
        owned
            .iter()
            .map(|(n, b, l)| Entry {
                name: n,
                bytes: b,
                level: *l,
            })
            .collect()
    }

    #[test]
    fn archives_are_the_bytes_the_zip_crate_wrote() {
        let owned = sample();
        let entries = entries(&owned);
        assert_eq!(pack(&entries).unwrap(), zip_crate(&entries));
    }

    #[test]
    fn a_reader_gets_every_entry_back() {
        let owned = sample();
        let entries = entries(&owned);
        let bytes = pack(&entries).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(z.len(), owned.len());
        for (i, (name, content, _)) in owned.iter().enumerate() {
            let mut f = z.by_index(i).unwrap();
            assert_eq!(f.name().unwrap(), name.as_str());
            let mut back = Vec::new();
            f.read_to_end(&mut back).unwrap();
            assert_eq!(&back, content);
        }
    }
}
