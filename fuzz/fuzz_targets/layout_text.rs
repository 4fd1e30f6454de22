//! Layout of arbitrary text: a title, a paragraph and a table cell with the text, laid out
//! on GB/T 9704 pages with the installed fonts (missing glyphs drawn as markers).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn book() -> &'static rectdoc::fonts::FontBook {
    static B: OnceLock<rectdoc::fonts::FontBook> = OnceLock::new();
    B.get_or_init(|| rectdoc::fonts::FontBook::discover(&[]))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Long inputs only slow the search down; the line breaker is linear (tested elsewhere).
    if text.len() > 4096 {
        return;
    }
    let t = rectdoc::template::xml_escape(text);
    let markup = format!(
        "<document><title>{t}</title><p>{t}</p><table columns=\"1\"><row><cell>{t}</cell></row></table></document>"
    );
    let Ok(doc) = rectdoc::template::markup::parse(&markup, "notice") else {
        return;
    };
    let style = rectdoc::style::Style::default();
    let mut fonts = rectdoc::fonts::Fonts::new(book(), &style);
    let _ = rectdoc::layout::layout(&doc, &style, &mut fonts, true);
});
