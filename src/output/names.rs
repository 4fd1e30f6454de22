//! Output file names from plan text: one sanitiser and one way of making names unique, used
//! by `render` (including `--split-by`) and `batch`.

use std::collections::HashSet;

/// Windows refuses these as names, with any extension, in any case.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest base name in bytes: room for `-NNN` and `.model.txt` within the usual 255.
pub const MAX_BASE_BYTES: usize = 200;

/// A base file name that plan text cannot turn into a path or an invalid name: separators
/// and characters Windows refuses become `_`, control and invisible format characters (bidi
/// overrides, zero-width joiners) go, `..` becomes `_`, leading dots and trailing dots and
/// spaces go, reserved device names get a `_`; at most [`MAX_BASE_BYTES`].
pub fn sanitize(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| {
            !c.is_control()
                && !crate::chars::is_invisible(*c)
                && !crate::chars::is_line_separator(*c)
        })
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let mut s = s
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    if s.len() > MAX_BASE_BYTES {
        let mut cut = MAX_BASE_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s = s.trim_end_matches(['.', ' ']).to_string();
    }
    if s.is_empty() {
        return "document".to_string();
    }
    let stem = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        s.insert(stem.len(), '_');
    }
    s
}

/// Gives each document a base name no other document's files share (case-insensitively, as
/// Windows and macOS compare): `-2`, `-3`, … in the order claimed.
pub struct Namer {
    taken: HashSet<String>,
}

impl Default for Namer {
    fn default() -> Namer {
        Namer::new(&[])
    }
}

impl Namer {
    /// `reserved`: file names already spoken for (`manifest.json`).
    pub fn new(reserved: &[&str]) -> Namer {
        let taken = reserved.iter().map(|s| s.to_lowercase()).collect();
        Namer { taken }
    }

    /// The first of `base`, `base-2`, `base-3`, … whose files (`NAME.EXT` for each of
    /// `extensions`) are all free; they are taken.
    pub fn claim(&mut self, base: &str, extensions: &[&str]) -> String {
        let files = |b: &str| -> Vec<String> {
            extensions
                .iter()
                .map(|e| format!("{b}.{e}").to_lowercase())
                .collect()
        };
        let mut n = 1;
        loop {
            let b = if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            };
            let fs = files(&b);
            if fs.iter().all(|f| !self.taken.contains(f)) {
                self.taken.extend(fs);
                return b;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_cannot_make_a_path_or_a_bad_name() {
        assert_eq!(sanitize("../../etc/passwd"), "____etc_passwd");
        assert_eq!(sanitize("a/b\\c:d"), "a_b_c_d");
        assert_eq!(sanitize("x\u{0}y\nz\u{7f}"), "xyz");
        assert_eq!(sanitize("CON"), "CON_");
        assert_eq!(sanitize("nul.notice"), "nul_.notice");
        assert_eq!(sanitize("com1 "), "com1_");
        assert_eq!(sanitize("name. . "), "name");
        assert_eq!(sanitize(".hidden"), "hidden");
        assert_eq!(sanitize("..."), "_");
        assert_eq!(sanitize(""), "document");
        assert_eq!(sanitize("   "), "document");
        let long = "长".repeat(100);
        let s = sanitize(&long);
        assert!(s.len() <= MAX_BASE_BYTES && s.chars().all(|c| c == '长'));
    }

    #[test]
    fn bidi_controls_and_invisible_characters_never_reach_a_name() {
        assert_eq!(sanitize("通报\u{202E}fdp.exe"), "通报fdp.exe");
        assert_eq!(sanitize("a\u{200D}b\u{FE00}c\u{2066}d\u{2028}e"), "abcde");
    }

    #[test]
    fn names_are_unique_case_insensitively_in_order() {
        let f = ["model.txt"];
        let mut n = Namer::new(&["manifest.json"]);
        assert_eq!(n.claim("a", &f), "a");
        assert_eq!(n.claim("A", &f), "A-2");
        assert_eq!(n.claim("a", &f), "a-3");
        assert_eq!(n.claim("a-2", &f), "a-2-2");
        assert_eq!(n.claim("manifest", &f), "manifest");
        assert_eq!(n.claim("manifest", &["json"]), "manifest-2");
    }
}
