//! Loading and validating the 60-problem example (target: under 5 ms), and its statistics.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn plan_load(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/huiji-2024.yaml");
    let src = std::fs::read_to_string(&path).expect("example plan");
    c.bench_function("load_str huiji-2024 (60 problems)", |b| {
        b.iter(|| rectdoc::plan::load_str(black_box(&src), &path).is_ok())
    });
    c.bench_function("load_file huiji-2024 (60 problems)", |b| {
        b.iter(|| rectdoc::plan::load_file(black_box(&path)).is_ok())
    });
    let loaded = rectdoc::plan::load_str(&src, &path).expect("example loads");
    let as_of = loaded.plan.effective_as_of("notice");
    c.bench_function("Stats::compute huiji-2024", |b| {
        b.iter(|| rectdoc::plan::Stats::compute(black_box(&loaded.plan), as_of).problems)
    });
}

criterion_group!(benches, plan_load);
criterion_main!(benches);
