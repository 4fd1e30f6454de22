//! The markup parser (what templates render into) on arbitrary text, for every built-in kind.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for kind in ["notice", "plan", "ledger"] {
            let _ = rectdoc::template::markup::parse(s, kind);
        }
    }
});
