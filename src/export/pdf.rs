//! PDF backend: writes the pages laid out by [`layout`](crate::layout) as a lopdf
//! document: content streams ([`content`]), fonts embedded as subsets ([`embed`]), then
//! [`post`] adds the outline and `/ID` and compresses.
//!
//! Fonts are embedded under fixed resource names (`RDAAAA`, `RDAAAB`, … in face order), so
//! the same input gives the same bytes.

mod content;
mod embed;
mod pdfa;
mod post;
mod shared;

pub use shared::Shared;

use super::Output;
use crate::diag::Diagnostic;
use crate::fonts::{FaceId, FontBook};
use crate::layout::Pages;
use crate::model::Metadata;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeMap;

/// The PDF of laid-out `pages`, with `meta` in the document information dictionary; the
/// faces the pages name are read from `book` and embedded as subsets.
pub fn write(pages: &Pages, meta: &Metadata, book: &FontBook) -> Result<Output, Vec<Diagnostic>> {
    write_shared(pages, meta, book, &Shared::default())
}

/// [`write`], with the font programs the run's earlier PDFs made in `shared` (which holds
/// faces of `book` only): the same bytes, less work.
pub fn write_shared(
    pages: &Pages,
    meta: &Metadata,
    book: &FontBook,
    shared: &Shared,
) -> Result<Output, Vec<Diagnostic>> {
    let bytes = write_pages(meta, pages, book, shared)?;
    Ok(Output {
        bytes,
        warnings: Vec::new(),
        pages: Some(pages.pages.len()),
    })
}

/// The resource name of the n-th embedded face: six capitals (the subset tag is its first
/// six characters, and PDF readers recognise a subset by `ABCDEF+`).
fn font_tag(n: usize) -> String {
    let mut s = String::from("RD");
    let mut v = n;
    let mut tail = [b'A'; 4];
    for t in tail.iter_mut().rev() {
        *t = b'A' + (v % 26) as u8;
        v /= 26;
    }
    s.push_str(std::str::from_utf8(&tail).unwrap_or("AAAA"));
    s
}

fn write_pages(
    meta: &Metadata,
    pages: &Pages,
    book: &FontBook,
    shared: &Shared,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut lo = lopdf::Document::with_version("1.3");
    // a classic xref table: cross-reference streams are PDF 1.5
    lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let used = super::subset::used_glyphs(pages);
    let mut faces: BTreeMap<FaceId, content::Face> = BTreeMap::new();
    let mut font_resources = Dictionary::new();
    for (n, (face, glyphs)) in used.iter().enumerate() {
        let info = book.face(*face);
        let (bytes, index) = book.face_source(*face).ok_or_else(|| {
            vec![Diagnostic::error(format!(
                "cannot read font file {}",
                info.path.display()
            ))]
        })?;
        let tag = font_tag(n);
        let name = &info.postscript_name;
        let embedded = embed::embed(&mut lo, &tag, name, bytes, index, glyphs, shared, *face)
            .map_err(|e| {
                vec![Diagnostic::error(format!(
                    "cannot embed font {} (face {}): {e}",
                    info.path.display(),
                    info.index
                ))]
            })?;
        font_resources.set(tag.as_bytes().to_vec(), Object::Reference(embedded.font));
        faces.insert(*face, content::Face { tag, embedded });
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_resources));
    let resources = lo.add_object(resources);

    let pages_id = lo.new_object_id();
    let mut kids: Vec<Object> = Vec::with_capacity(pages.pages.len());
    let mut reals = content::Reals::default();
    for page in &pages.pages {
        let stream = content::page(page, &faces, &mut reals);
        let contents = lo.add_object(Stream::new(Dictionary::new(), stream));
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Page".to_vec()));
        d.set("Parent", Object::Reference(pages_id));
        d.set(
            "MediaBox",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Real(page.width as f32),
                Object::Real(page.height as f32),
            ]),
        );
        d.set("Resources", Object::Reference(resources));
        d.set("Contents", Object::Reference(contents));
        kids.push(Object::Reference(lo.add_object(d)));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Count", Object::Integer(kids.len() as i64));
    tree.set("Kids", Object::Array(kids));
    lo.objects.insert(pages_id, Object::Dictionary(tree));

    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    catalog.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
    let catalog = lo.add_object(catalog);
    lo.trailer.set("Root", Object::Reference(catalog));
    let meta = Info::new(meta);
    pdfa::add(&mut lo, catalog, &meta);
    let info = info(&mut lo, &meta);
    lo.trailer.set("Info", Object::Reference(info));

    post::finish(lo, &pages.outline)
        .map_err(|e| vec![Diagnostic::error(format!("writing the PDF: {e}"))])
}

/// The document's properties as the information dictionary and the XMP metadata
/// ([`pdfa`]) both give them.
struct Info {
    title: String,
    author: String,
    subject: String,
    keywords: String,
    creator: String,
    producer: String,
    /// Creation and modification date: the model's date, never the clock.
    date: (i32, u32, u32),
}

impl Info {
    fn new(m: &Metadata) -> Info {
        Info {
            title: m.title.clone(),
            author: m.author.clone(),
            subject: m.subject.clone(),
            keywords: m.keywords.join(","),
            creator: "rectdoc".to_string(),
            producer: format!("rectdoc {}", env!("CARGO_PKG_VERSION")),
            date: m.date.map_or((1970, 1, 1), |d| (d.year, d.month, d.day)),
        }
    }
}

/// The document information dictionary. Empty properties are left out: PDF/A wants each
/// entry repeated in the XMP metadata, which has no use for empty ones.
fn info(lo: &mut lopdf::Document, m: &Info) -> ObjectId {
    let (y, mo, d) = m.date;
    let date = format!("D:{y:04}{mo:02}{d:02}000000+00'00'");
    let mut info = Dictionary::new();
    for (key, value) in [
        ("Title", &m.title),
        ("Author", &m.author),
        ("Subject", &m.subject),
        ("Keywords", &m.keywords),
        ("Creator", &m.creator),
        ("Producer", &m.producer),
    ] {
        if !value.is_empty() {
            info.set(key, text_string(value));
        }
    }
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    lo.add_object(info)
}

/// A text string: UTF-16BE with a byte order mark, or empty.
fn text_string(s: &str) -> Object {
    if s.is_empty() {
        return Object::string_literal("");
    }
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_tags() {
        assert_eq!(font_tag(0), "RDAAAA");
        assert_eq!(font_tag(27), "RDAABB");
    }
}
