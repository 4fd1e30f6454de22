//! The plan loader on arbitrary bytes: YAML parsing, the typed conversion and validation
//! must return diagnostics, never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = rectdoc::plan::load_bytes(data, Path::new("fuzz.yaml"));
});
