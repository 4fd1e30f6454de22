//! Fonts for the PDF typesetter: discovery in the system font folders and `--font-dir`,
//! the fallback chain of faces per role, metrics and glyph coverage (ttf-parser).

use std::path::PathBuf;

/// Every face found, read lazily and at most once.
pub struct FontBook {}

impl FontBook {
    /// Finds faces in the system font folders and in `extra_dirs` (searched first).
    pub fn discover(extra_dirs: &[PathBuf]) -> FontBook {
        let _ = extra_dirs;
        FontBook {}
    }
}
