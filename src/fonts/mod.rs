//! Fonts for the PDF typesetter: discovery in the system font folders and `--font-dir`,
//! the fallback chain of faces per role, metrics and glyph coverage (ttf-parser).
//!
//! Discovery reads only the table directory and the `name` table of each file (a few KB,
//! by seeking), never the whole file: the Noto CJK collections are 20–27 MB each; and it
//! reads even that only for files not in the index of the user's cache folder ([`index`]).
//! A font file is memory-mapped on first use, at most once per process, so its pages are
//! shared with the system's cache instead of copied; layout and the writers parse a face
//! straight from the mapping, a collection's face in place ([`FontBook::face_source`]).

pub(crate) mod classify;
pub mod index;
mod scan;
mod sfnt;

use crate::model::FontRole;
use crate::style::Style;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A face found on disk: one font file, or one face of a TTC/OTC collection.
#[derive(Debug, Clone)]
pub struct FaceInfo {
    pub path: PathBuf,
    /// Face index inside a collection (0 for a single-face file).
    pub index: u32,
    /// Family names (name IDs 1 and 16) in every language the font gives.
    pub families: Vec<String>,
    /// Full names (name ID 4) and the PostScript name (6).
    pub full_names: Vec<String>,
    /// English subfamily (name ID 2 or 17), e.g. `Regular`, `Bold`.
    pub subfamily: String,
    pub postscript_name: String,
}

impl FaceInfo {
    /// A readable name for messages: the first family name and the subfamily.
    pub fn display_name(&self) -> String {
        if let Some(n) = self.full_names.first() {
            return n.clone();
        }
        format!(
            "{} {}",
            self.families.first().map(String::as_str).unwrap_or("?"),
            self.subfamily
        )
    }

    fn is_regular(&self) -> bool {
        matches!(
            self.subfamily.to_ascii_lowercase().as_str(),
            "regular" | "r" | "book" | "normal" | "roman"
        )
    }
}

/// Identifies a face in a [`FontBook`].
pub type FaceId = usize;

/// Every face found, mapped lazily and at most once.
pub struct FontBook {
    faces: Vec<FaceInfo>,
    /// The file of each face (index into `files`).
    file_of: Vec<usize>,
    /// Each font file's mapping, made on first use.
    files: Vec<OnceLock<Option<memmap2::Mmap>>>,
    /// Normalised family names, then full and PostScript names, of each face, for [`find`].
    ///
    /// [`find`]: FontBook::find
    keys: Vec<(Vec<String>, Vec<String>)>,
}

/// Replaces the system font folders: a `:`-separated list, empty for none (tests use it to
/// hide the machine's fonts; a packager may point it at bundled ones).
pub const SYSTEM_FONT_DIRS_ENV: &str = "RECTDOC_SYSTEM_FONT_DIRS";

/// The system font folders, in search order after `--font-dir`.
pub fn system_font_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os(SYSTEM_FONT_DIRS_ENV) {
        return std::env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
    }
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
    }
    dirs
}

impl FontBook {
    /// Finds faces in `extra_dirs` (searched first) and in the system font folders.
    pub fn discover(extra_dirs: &[PathBuf]) -> FontBook {
        let mut dirs: Vec<PathBuf> = extra_dirs.to_vec();
        dirs.extend(system_font_dirs());
        FontBook::from_dirs(&dirs)
    }

    /// Finds faces in exactly these folders, in order (tests use this to control what exists).
    pub fn from_dirs(dirs: &[PathBuf]) -> FontBook {
        FontBook::from_dirs_indexed(dirs, &mut index::Index::load())
    }

    /// [`from_dirs`](FontBook::from_dirs) with the names of known files from `index`,
    /// which is updated and saved.
    pub fn from_dirs_indexed(dirs: &[PathBuf], index: &mut index::Index) -> FontBook {
        let mut book = FontBook {
            faces: Vec::new(),
            file_of: Vec::new(),
            files: Vec::new(),
            keys: Vec::new(),
        };
        let mut seen: std::collections::HashSet<PathBuf> = Default::default();
        for dir in dirs {
            let mut paths = Vec::new();
            collect_font_files(dir, &mut paths, 0);
            // Directory order is arbitrary; sorted paths keep resolution deterministic.
            paths.sort();
            let mut here: std::collections::HashSet<PathBuf> = Default::default();
            for path in paths {
                here.insert(path.clone());
                if seen.contains(&path) {
                    continue;
                }
                let faces = index.faces(&path);
                if !faces.is_empty() {
                    book.files.push(OnceLock::new());
                }
                for f in faces {
                    let full = f.full_names.iter().chain([&f.postscript_name]);
                    book.keys.push((
                        f.families.iter().map(|n| norm(n)).collect(),
                        full.map(|n| norm(n)).collect(),
                    ));
                    book.faces.push(f);
                    book.file_of.push(book.files.len() - 1);
                }
                seen.insert(path);
            }
            index.forget_missing(dir, &here);
        }
        index.save();
        book
    }

    pub fn faces(&self) -> &[FaceInfo] {
        &self.faces
    }

    pub fn face(&self, id: FaceId) -> &FaceInfo {
        &self.faces[id]
    }

    /// The whole font file of face `id`, mapped on first use, and the face's index in it:
    /// what a parser of collections (ttf-parser) reads the face from, without a copy.
    /// `None` if the file cannot be opened or mapped.
    pub fn face_source(&self, id: FaceId) -> Option<(&[u8], u32)> {
        let face = &self.faces[id];
        let map = self.files[self.file_of[id]]
            .get_or_init(|| {
                let file = std::fs::File::open(&face.path).ok()?;
                // SAFETY: the mapping is read-only and private to this process. Font files
                // are not rewritten while a render runs; if one were truncated meanwhile,
                // reading a lost page would fault, as with any mapped library.
                unsafe { memmap2::Mmap::map(&file) }.ok()
            })
            .as_ref()?;
        Some((&map[..], face.index))
    }

    /// The face a chain entry names: a family name (any language) preferring its regular
    /// face, or an exact full / PostScript name. Case and spaces are ignored.
    pub fn find(&self, name: &str) -> Option<FaceId> {
        let key = norm(name);
        let mut family_hit: Option<FaceId> = None;
        for (i, (families, full)) in self.keys.iter().enumerate() {
            if full.contains(&key) {
                return Some(i);
            }
            if families.contains(&key) {
                match family_hit {
                    None => family_hit = Some(i),
                    Some(prev) if !self.faces[prev].is_regular() && self.faces[i].is_regular() => {
                        family_hit = Some(i)
                    }
                    _ => {}
                }
            }
        }
        family_hit
    }

    /// Resolves every role's chain from the style against the faces found.
    pub fn resolve(&self, style: &Style) -> Resolution {
        let mut roles = Vec::new();
        for role in FontRole::ALL {
            let entries = style
                .pdf_chain(role)
                .iter()
                .map(|name| (name.clone(), self.find(name)))
                .collect();
            roles.push(RoleChain { role, entries });
        }
        let latin = style
            .pdf_fonts
            .latin
            .iter()
            .filter_map(|name| self.find(name))
            .collect();
        Resolution { roles, latin }
    }
}

/// A role's chain: each family name with the face it resolved to, if any.
#[derive(Debug, Clone)]
pub struct RoleChain {
    pub role: FontRole,
    pub entries: Vec<(String, Option<FaceId>)>,
}

impl RoleChain {
    /// The faces found, in chain order, without duplicates.
    pub fn faces(&self) -> Vec<FaceId> {
        let mut out: Vec<FaceId> = Vec::new();
        for (_, f) in &self.entries {
            if let Some(f) = f
                && !out.contains(f)
            {
                out.push(*f);
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Resolution {
    pub roles: Vec<RoleChain>,
    /// The Latin faces found (style `fonts.latin.pdf`), tried first for [`is_latin`] text.
    pub latin: Vec<FaceId>,
}

/// Characters the DOCX sets in its Latin font (the ascii slot: Word picks it for the ASCII
/// range; quotes “”‘’, —— and …… stay in the CJK face on both sides).
pub fn is_latin(ch: char) -> bool {
    ch.is_ascii_graphic() || ch == ' '
}

impl Resolution {
    pub fn chain(&self, role: FontRole) -> &RoleChain {
        // ALL covers every variant, so the lookup always succeeds.
        self.roles
            .iter()
            .find(|c| c.role == role)
            .unwrap_or(&self.roles[0])
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) {
    if depth > 8 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        let is_dir = ft.is_dir() || (ft.is_symlink() && p.is_dir());
        if is_dir {
            collect_font_files(&p, out, depth + 1);
        } else if let Some(ext) = p.extension().and_then(|e| e.to_str())
            && matches!(
                ext.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        {
            out.push(p);
        }
    }
}

/// Metrics of a character in a face, in font units scaled to 1 em = 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphMetrics {
    pub face: FaceId,
    pub gid: u16,
    /// Advance width in em.
    pub advance: f64,
}

/// Parsed faces for one rendering: coverage and metrics per character and role, with the
/// per-character fallback along the role's chain (then the other roles' faces).
pub struct Fonts<'a> {
    book: &'a FontBook,
    resolution: Resolution,
    parsed: HashMap<FaceId, Option<ttf_parser::Face<'a>>>,
    cache: HashMap<(FontRole, char), Option<GlyphMetrics>>,
}

impl<'a> Fonts<'a> {
    pub fn new(book: &'a FontBook, style: &Style) -> Fonts<'a> {
        Fonts {
            book,
            resolution: book.resolve(style),
            parsed: HashMap::new(),
            cache: HashMap::new(),
        }
    }

    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    fn parsed(&mut self, id: FaceId) -> Option<&ttf_parser::Face<'a>> {
        let book = self.book;
        self.parsed
            .entry(id)
            .or_insert_with(|| {
                let (file, index) = book.face_source(id)?;
                ttf_parser::Face::parse(file, index).ok()
            })
            .as_ref()
    }

    /// The first face of the role's chain (the face its text is "in").
    pub fn primary(&self, role: FontRole) -> Option<FaceId> {
        self.resolution.chain(role).faces().first().copied()
    }

    /// The face and metrics that draw `ch` in `role`; `None` when no face has it.
    pub fn glyph(&mut self, role: FontRole, ch: char) -> Option<GlyphMetrics> {
        if let Some(g) = self.cache.get(&(role, ch)) {
            return *g;
        }
        // Page numbers (宋体) keep their digits in 宋体: the DOCX's footer names it for the
        // Latin slots too.
        let mut order = if is_latin(ch) && role != FontRole::Song {
            self.resolution.latin.clone()
        } else {
            Vec::new()
        };
        for f in self.resolution.chain(role).faces() {
            if !order.contains(&f) {
                order.push(f);
            }
        }
        for r in FontRole::ALL {
            for f in self.resolution.chain(r).faces() {
                if !order.contains(&f) {
                    order.push(f);
                }
            }
        }
        let mut found = None;
        for id in order {
            if let Some(face) = self.parsed(id)
                && let Some(gid) = face.glyph_index(ch)
                && gid.0 != 0
            {
                let upem = face.units_per_em().max(1) as f64;
                let adv = face.glyph_hor_advance(gid).unwrap_or(0) as f64 / upem;
                found = Some(GlyphMetrics {
                    face: id,
                    gid: gid.0,
                    advance: adv,
                });
                break;
            }
        }
        self.cache.insert((role, ch), found);
        found
    }

    /// Vertical extent of a glyph (ymin, ymax) in em, for placing dashes and rules.
    pub fn glyph_extent(&mut self, g: GlyphMetrics) -> Option<(f64, f64)> {
        let face = self.parsed(g.face)?;
        let upem = face.units_per_em().max(1) as f64;
        let r = face.glyph_bounding_box(ttf_parser::GlyphId(g.gid))?;
        Some((r.y_min as f64 / upem, r.y_max as f64 / upem))
    }
}
