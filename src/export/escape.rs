//! XML text escaping, one definition for every writer that writes XML (the DOCX parts, the
//! OFD package, the PDF's XMP metadata).

/// Whether XML 1.0 can hold `c` (section 2.2 `Char`). Rust strings hold no surrogates.
pub fn xml_char_ok(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `s` escaped for element content and attribute values (`"` included). Characters
/// XML cannot hold are dropped (the template stage has already warned about them; this is
/// the last line of defence against an invalid part). Returns how many were dropped.
pub fn escape_into(out: &mut String, s: &str) -> usize {
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if xml_char_ok(c) => out.push(c),
            _ => dropped += 1,
        }
    }
    dropped
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        let mut s = String::new();
        let dropped = escape_into(&mut s, "a<b&c\"d]]>\u{1}\u{FFFE}😀");
        assert_eq!(dropped, 2);
        assert_eq!(s, "a&lt;b&amp;c&quot;d]]&gt;😀");
    }
}
