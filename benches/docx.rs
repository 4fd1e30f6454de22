//! The notice of the example plan as DOCX (issue 3 target: under 20 ms): the whole way from
//! YAML text (load, template, DOCX), and the DOCX writer alone on the rendered model.

use criterion::{Criterion, criterion_group, criterion_main};
use rectdoc::export::docx;
use rectdoc::style::Style;
use rectdoc::template::Templates;
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/huiji-2024.yaml");
    let src = std::fs::read_to_string(&path).expect("example plan");
    let templates = Templates::builtin();
    let style = Style::default();
    let loaded = rectdoc::plan::load_str(&src, &path).expect("example loads");
    let doc = templates
        .render_loaded("notice", &loaded)
        .expect("notice renders")
        .document;

    c.bench_function("notice: plan text to DOCX bytes", |b| {
        b.iter(|| {
            let loaded = rectdoc::plan::load_str(black_box(&src), &path).expect("loads");
            let doc = templates
                .render_loaded("notice", &loaded)
                .expect("renders")
                .document;
            docx::write(&doc, &style).expect("writes").bytes.len()
        })
    });
    c.bench_function("notice: model to DOCX bytes", |b| {
        b.iter(|| {
            docx::write(black_box(&doc), &style)
                .expect("writes")
                .bytes
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
