//! The bodies of the fuzz targets, shared with the stable corpus test
//! (`tests/fuzz_corpus.rs` includes this file), so that CI runs every seed and every input a
//! fuzzer once crashed on without nightly. Only rectdoc's public API is used.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The plan loader on arbitrary bytes: YAML parsing, the typed conversion and validation
/// return diagnostics, never panic.
pub fn plan_load(data: &[u8]) {
    let _ = rectdoc::plan::load_bytes(data, Path::new("fuzz.yaml"));
}

/// The markup parser (what templates render into) on arbitrary text, for each built-in kind.
pub fn markup(data: &[u8]) {
    if let Ok(s) = std::str::from_utf8(data) {
        for kind in ["notice", "plan", "ledger"] {
            let _ = rectdoc::template::markup::parse(s, kind);
        }
    }
}

struct Fixed {
    loaded: rectdoc::plan::Loaded,
    dir: PathBuf,
}

/// The fixed plan (the repository's example) and a folder for the template under test.
fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/huiji-2024.yaml");
        let plan = if plan.exists() {
            plan
        } else {
            // Built as the fuzz crate: the manifest folder is fuzz/.
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../inputs/huiji-2024.yaml")
        };
        let loaded = rectdoc::plan::load_file(&plan)
            .unwrap_or_else(|e| panic!("the fixed plan does not load: {e:?}"));
        let dir = std::env::temp_dir().join(format!(
            "rectdoc-fuzz-template-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        Fixed { loaded, dir }
    })
}

/// The template engine with a fixed plan: arbitrary text as a user's `notice.hbs` (read
/// from a folder, the only way a user gives one), rendered and parsed into the model under
/// small limits, so that a template that multiplies its output is cut short quickly.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixed();
    if std::fs::write(f.dir.join("notice.hbs"), text).is_err() {
        return;
    }
    if let Ok(mut t) = rectdoc::template::Templates::with_dir(&f.dir) {
        t.set_limits(rectdoc::template::bound::Limits {
            markup_mb: 1,
            seconds: 2,
        });
        let _ = t.render_loaded("notice", &f.loaded);
    }
}

fn book() -> &'static rectdoc::fonts::FontBook {
    static B: OnceLock<rectdoc::fonts::FontBook> = OnceLock::new();
    B.get_or_init(|| rectdoc::fonts::FontBook::discover(&[]))
}

/// Layout of arbitrary text: a title, a paragraph and a table cell holding it, laid out on
/// GB/T 9704 pages with the installed fonts (missing glyphs drawn as markers).
pub fn layout_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Long inputs only slow the search down; long runs are tested on their own.
    if text.len() > 4096 {
        return;
    }
    let t = rectdoc::template::xml_escape(text);
    // The whole text as the title too: the balancer is no longer superlinear (a 400-character
    // title took 20 s in a debug build, found by this target; 4,000 characters now take 1 s).
    let markup = format!(
        "<document><title>{t}</title><p>{t}</p><table columns=\"1\"><row><cell>{t}</cell></row></table></document>"
    );
    let Ok(doc) = rectdoc::template::markup::parse(&markup, "notice") else {
        return;
    };
    let style = rectdoc::style::Style::default();
    let mut fonts = rectdoc::fonts::Fonts::new(book(), &style);
    let _ = rectdoc::layout::layout(&doc, &style, &mut fonts, true);
}
