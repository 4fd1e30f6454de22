//! The notice PDF of the example plan (target: median under 150 ms), everything a run of
//! `rectdoc render --format pdf` does after the plan is loaded: finding the fonts, reading
//! and parsing them, laying out, subsetting, writing. The same notice as OFD beside it
//! (issue 16: it may cost no more than the PDF).

use criterion::{Criterion, criterion_group, criterion_main};
use rectdoc::export::{ofd, pdf};
use rectdoc::fonts::FontBook;
use rectdoc::fonts::Fonts;
use rectdoc::layout;
use rectdoc::style::Style;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/huiji-2024.yaml");
    let loaded = rectdoc::plan::load_file(&plan).expect("example plan loads");
    let doc = rectdoc::template::Templates::builtin()
        .render_loaded("notice", &loaded)
        .expect("notice renders")
        .document;
    let style = Style::default();
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20).measurement_time(Duration::from_secs(15));
    // A fresh font book each time: discovery, reading the font files and subsetting are
    // all inside the measurement, as in one CLI run.
    g.bench_function("notice_with_font_loading", |b| {
        b.iter(|| {
            let book = FontBook::discover(&[]);
            write(black_box(&doc), &style, &book)
        })
    });
    g.bench_function("notice_ofd_with_font_loading", |b| {
        b.iter(|| {
            let book = FontBook::discover(&[]);
            write_ofd(black_box(&doc), &style, &book)
        })
    });
    // The fonts already read (a batch of documents in one process).
    let book = FontBook::discover(&[]);
    g.bench_function("notice_fonts_warm", |b| {
        b.iter(|| write(black_box(&doc), &style, &book))
    });
    g.bench_function("notice_ofd_fonts_warm", |b| {
        b.iter(|| write_ofd(black_box(&doc), &style, &book))
    });
    g.finish();
}

/// Layout and the PDF writer, as `render` runs them.
fn write(doc: &rectdoc::model::Document, style: &Style, book: &FontBook) -> usize {
    let mut fonts = Fonts::new(book, style);
    let pages = layout::layout(doc, style, &mut fonts, false).expect("notice lays out");
    pdf::write(&pages, &doc.meta, book).map_or(0, |o| o.bytes.len())
}

/// Layout and the OFD writer, as `render` runs them.
fn write_ofd(doc: &rectdoc::model::Document, style: &Style, book: &FontBook) -> usize {
    let mut fonts = Fonts::new(book, style);
    let pages = layout::layout(doc, style, &mut fonts, false).expect("notice lays out");
    ofd::write(&pages, &doc.meta, book).map_or(0, |b| b.len())
}

criterion_group!(benches, bench);
criterion_main!(benches);
