//! The OPC package: a zip with fixed entry order and timestamps, so that the same document
//! gives the same bytes.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `parts` (name, content) in the order given. Errors are I/O errors of an in-memory
/// buffer, reported as text.
pub fn pack(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let parts: Vec<(&str, &[u8], Option<i64>)> =
        parts.iter().map(|(n, b)| (*n, *b, None)).collect();
    pack_levels(&parts)
}

/// As [`pack`], each part deflated at its own level (`None`: the default). The OFD's font
/// files, which deflate poorly, go at a quick level, as in the PDF.
pub fn pack_levels(parts: &[(&str, &[u8], Option<i64>)]) -> Result<Vec<u8>, String> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // DateTime::default() is 1980-01-01 00:00: the zip format's epoch, not the clock.
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes, level) in parts {
        zip.start_file(*name, opts.compression_level(*level))
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
