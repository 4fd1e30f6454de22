//! Integration tests: they run the real `rectdoc` binary on real inputs and read the real
//! outputs. One binary (`autotests = false`), one module per area.

mod pdf;
mod util;
