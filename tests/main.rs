//! Integration tests: they run the real `rectdoc` binary on real inputs and read the real
//! outputs. One binary (`autotests = false`), one module per area.

mod batch;
mod batch_bytes;
mod check;
mod docs;
mod document;
mod docx;
mod docx_closing;
mod docx_fonts;
mod docx_notice;
mod filing;
mod fuzz_corpus;
mod harden;
mod i18n;
mod init;
mod ledger;
mod masthead;
mod ofd;
mod office;
mod onelayout;
mod onelayout_fixtures;
mod ooxml_audit;
mod pagenum;
mod pdf;
mod plan;
mod plan_schema;
mod render;
mod tables;
mod titles;
mod util;
