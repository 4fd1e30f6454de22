//! Character classes of Chinese typesetting, one definition for the typesetter and the DOCX
//! writer: the 禁则 marks of GB/T 15834 and which characters are set half-width.

/// No-start marks of the layout spec (plus their half-width and quote relatives): never at
/// the start of a line.
pub fn is_no_start(c: char) -> bool {
    "，。、；：？！）》」』】〕…—”’·〉｝］,.;:?!)]}%％‰".contains(c)
}

/// No-end marks of the layout spec: never at the end of a line.
pub fn is_no_end(c: char) -> bool {
    "（《「『【〔“‘〈｛［([{".contains(c)
}

/// Set half-width, in runs that are not broken inside: ASCII, and the Latin, Greek and
/// symbol blocks below U+2E80 (é, α, №) except the marks, the half-width forms
/// (U+FF61–U+FFDC: ｶﾀｶﾅ) and their symbols (U+FFE8–U+FFEE).
pub fn is_half_width(c: char) -> bool {
    c.is_ascii()
        || ((c as u32) < 0x2E80 && !is_no_start(c) && !is_no_end(c))
        || ('\u{FF61}'..='\u{FFDC}').contains(&c)
        || ('\u{FFE8}'..='\u{FFEE}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_covers_latin_accents_and_half_width_kana() {
        for c in ['a', '9', '-', 'é', 'α', 'ｶ', 'ﾟ'] {
            assert!(is_half_width(c), "{c}");
        }
        for c in ['中', '，', '（', '—', '…', 'Ａ', 'ア'] {
            assert!(!is_half_width(c), "{c}");
        }
    }
}
