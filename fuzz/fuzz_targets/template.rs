//! The template engine with a fixed plan (the repository's example): arbitrary text as a
//! user's `notice.hbs`, rendered to markup and parsed into the model.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Fixed {
    loaded: rectdoc::plan::Loaded,
    dir: PathBuf,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/../inputs/huiji-2024.yaml");
        let loaded = rectdoc::plan::load_file(std::path::Path::new(plan))
            .unwrap_or_else(|e| panic!("the fixed plan does not load: {e:?}"));
        let dir = std::env::temp_dir().join(format!("rectdoc-fuzz-template-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        Fixed { loaded, dir }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixed();
    // Templates are read from a folder (the only way a user gives one).
    if std::fs::write(f.dir.join("notice.hbs"), text).is_err() {
        return;
    }
    if let Ok(t) = rectdoc::template::Templates::with_dir(&f.dir) {
        let _ = t.render_loaded("notice", &f.loaded);
    }
});
