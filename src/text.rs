//! Characters that are not glyphs: Unicode format controls and line separators, as the
//! layout and file names treat them (one definition for both).

/// A Unicode format character drawn as nothing (the Default_Ignorable_Code_Point set, less
/// the ordinary control characters that the plan's text rules handle): zero-width joiners
/// and spaces, bidi controls, variation selectors, word joiner, BOM, tags. Text layout skips
/// them; file names drop them (a U+202E would show `fdp.exe` as `exe.pdf`).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                  // soft hyphen
        | '\u{034F}'                // combining grapheme joiner
        | '\u{061C}'                // Arabic letter mark
        | '\u{115F}' | '\u{1160}'   // Hangul fillers
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'   // Mongolian variation selectors, vowel separator
        | '\u{200B}'..='\u{200F}'   // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}'   // word joiner, invisible operators, bidi isolates
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'   // variation selectors
        | '\u{FEFF}'                // BOM / zero-width no-break space
        | '\u{FFA0}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
    )
}

/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: a line break in the text (Unicode
/// UAX #14 class BK), never a glyph.
pub fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_s_characters_are_not_glyphs() {
        for c in ['\u{200D}', '\u{202E}', '\u{FE00}', '\u{2066}', '\u{FEFF}'] {
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(is_line_separator('\u{2028}') && is_line_separator('\u{2029}'));
        for c in ['a', '一', '　', '\u{3000}', '。'] {
            assert!(!is_invisible(c) && !is_line_separator(c), "{c:?}");
        }
    }
}
