//! See `rectdoc_fuzz::plan_load` (fuzz/src/lib.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rectdoc_fuzz::plan_load(data));
