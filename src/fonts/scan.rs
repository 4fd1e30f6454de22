//! Reads the names of the faces in a font file without reading the file: the sfnt header,
//! the table directory and the `name` table, by seeking.

use super::FaceInfo;
use super::sfnt::ReadAt;
use std::fs::File;
use std::path::Path;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

/// The faces of one file; empty when it is not a readable TrueType/OpenType file.
pub fn scan_file(path: &Path) -> Vec<FaceInfo> {
    let Ok(mut f) = File::open(path) else {
        return Vec::new();
    };
    let Some(head) = f.read_at(0, 12) else {
        return Vec::new();
    };
    let offsets: Vec<u32> = if &head[0..4] == b"ttcf" {
        let n = be32(&head, 8).unwrap_or(0).min(256) as usize;
        match f.read_at(12, n * 4) {
            Some(b) => (0..n).filter_map(|i| be32(&b, i * 4)).collect(),
            None => return Vec::new(),
        }
    } else {
        vec![0]
    };
    let mut out = Vec::new();
    for (index, off) in offsets.iter().enumerate() {
        if let Some(face) = scan_face(&mut f, *off as u64, path, index as u32) {
            out.push(face);
        }
    }
    out
}

fn scan_face(f: &mut File, offset: u64, path: &Path, index: u32) -> Option<FaceInfo> {
    let hdr = f.read_at(offset, 12)?;
    let tag = &hdr[0..4];
    if tag != [0, 1, 0, 0] && tag != b"OTTO" && tag != b"true" {
        return None;
    }
    let num_tables = be16(&hdr, 4)? as usize;
    let dir = f.read_at(offset + 12, num_tables * 16)?;
    let mut name_rec = None;
    let mut has_cmap = false;
    for i in 0..num_tables {
        let t = &dir[i * 16..i * 16 + 4];
        if t == b"name" {
            name_rec = Some((be32(&dir, i * 16 + 8)?, be32(&dir, i * 16 + 12)?));
        }
        if t == b"cmap" {
            has_cmap = true;
        }
    }
    // A face without a character map cannot serve text (e.g. bitmap-only or broken files).
    if !has_cmap {
        return None;
    }
    let (noff, nlen) = name_rec?;
    let data = f.read_at(noff as u64, (nlen as usize).min(1 << 20))?;
    let table = ttf_parser::name::Table::parse(&data)?;
    let mut info = FaceInfo {
        path: path.to_path_buf(),
        index,
        families: Vec::new(),
        full_names: Vec::new(),
        subfamily: String::new(),
        postscript_name: String::new(),
    };
    let mut typo_sub = String::new();
    for name in table.names {
        let Some(s) = name_string(&name) else {
            continue;
        };
        if s.is_empty() {
            continue;
        }
        let english = name.language_id == 0x0409 || name.language_id == 0;
        match name.name_id {
            1 | 16 => push_unique(&mut info.families, s),
            4 => push_unique(&mut info.full_names, s),
            6 => info.postscript_name = s,
            2 if english && info.subfamily.is_empty() => info.subfamily = s,
            17 if english && typo_sub.is_empty() => typo_sub = s,
            _ => {}
        }
    }
    if !typo_sub.is_empty() {
        info.subfamily = typo_sub;
    }
    if info.families.is_empty() {
        return None;
    }
    Some(info)
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Decodes a name record: Unicode/Windows UTF-16 via ttf-parser, Mac Roman as Latin-1.
fn name_string(name: &ttf_parser::name::Name) -> Option<String> {
    if let Some(s) = name.to_string() {
        return Some(s);
    }
    if name.platform_id == ttf_parser::PlatformId::Macintosh && name.encoding_id == 0 {
        return Some(name.name.iter().map(|&b| b as char).collect());
    }
    None
}
