//! Character classes, one definition for the typesetter, the DOCX writer and file names: the
//! 禁则 marks of GB/T 15834, which characters are set half-width, and the characters that
//! are not glyphs (Unicode format controls and line separators).

/// No-start marks of the layout spec (plus their half-width and quote relatives): never at
/// the start of a line.
pub fn is_no_start(c: char) -> bool {
    // a match, not `str::contains`: asked for every character laid out (4 % of a notice)
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '…'
            | '—'
            | '”'
            | '’'
            | '·'
            | '〉'
            | '｝'
            | '］'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
            | '％'
            | '‰'
    )
}

/// No-end marks of the layout spec: never at the end of a line.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '“'
            | '‘'
            | '〈'
            | '｛'
            | '［'
            | '('
            | '['
            | '{'
    )
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
    fn half_width_covers_latin_accents_and_half_width_kana() {
        for c in ['a', '9', '-', 'é', 'α', 'ｶ', 'ﾟ'] {
            assert!(is_half_width(c), "{c}");
        }
        for c in ['中', '，', '（', '—', '…', 'Ａ', 'ア'] {
            assert!(!is_half_width(c), "{c}");
        }
    }

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
