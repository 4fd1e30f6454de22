//! rectdoc turns a rectification plan (整改方案 data, YAML) into official documents laid out
//! to GB/T 9704-2012: progress notices, plans and ledgers, as DOCX and PDF.
//!
//! # The pipeline
//!
//! One direction, one module per stage, each with a small public surface:
//!
//! 1. [`plan`]: YAML → a typed, validated [`plan::Plan`] (errors located by file, line,
//!    column and key path) and its statistics.
//! 2. [`template`]: handlebars templates render the plan into a small XML markup, which is
//!    parsed into the [`model`] (a [`model::Document`]). Templates never see fonts or pages.
//! 3. [`layout`]: our own typesetter puts the document on GB/T 9704 pages (fonts from
//!    [`fonts`], CJK line breaking, 22 × 28 grid).
//! 4. [`export`]: backends. DOCX hands the model to Word/WPS (which lay it out themselves);
//!    PDF writes the laid-out pages. A backend never reads YAML.
//!
//! [`pipeline`] runs stages 2–4 for one plan in memory (shared by `render`, `batch` and
//! `check`). [`style`] holds every page and type parameter; [`diag`] the located diagnostics that every
//! stage reports and only the CLI prints.

pub mod chars;
pub mod cli;
pub mod date;
pub mod diag;
pub mod export;
pub mod fonts;
pub mod i18n;
pub mod layout;
pub mod model;
pub(crate) mod output;
pub(crate) mod pipeline;
pub mod plan;
pub(crate) mod source;
pub mod style;
pub mod template;
