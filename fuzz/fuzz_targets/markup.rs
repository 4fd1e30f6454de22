//! See `rectdoc_fuzz::markup` (fuzz/src/lib.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rectdoc_fuzz::markup(data));
