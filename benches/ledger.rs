//! A 2,000-row ledger (500 problems of 4 measures, in 10 groups, rendered by the built-in
//! ledger template) to PDF (target: under 1 s) and to XLSX (under 300 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use rectdoc::export::{pdf, xlsx};
use rectdoc::fonts::{FontBook, Fonts};
use rectdoc::layout;
use rectdoc::model::Document;
use rectdoc::style::Style;
use rectdoc::template::Templates;
use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

fn plan_yaml() -> String {
    let mut y = String::from(
        "format: 1
unit: {name: 中共某某区行政审批和政务信息管理局党组, short: 局党组}
inspection: {by: 区委, group: 区委第一巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}
as_of: 2024-09-26
documents: {ledger: {date: 2024-09-26}}
problems:
",
    );
    for g in 0..10 {
        let _ = writeln!(y, "  - group: 第{}方面的问题", g + 1);
        y.push_str("    items:\n");
        for p in 0..50 {
            let _ = write!(
                y,
                "      - title: 理论学习不深入，学习制度执行不严格，学用结合不够紧密（{g}-{p}）
        detail: 2023年以来党组理论学习中心组集体学习次数未达到规定要求，部分学习流于形式。
        owner: {{leader: 分管副局长, department: 综合科, person: 综合科科长}}
        deadline: 2024-08-31
        status: 推进中
        measures:
"
            );
            for m in 0..4 {
                let _ = writeln!(
                    y,
                    "          - 制定年度理论学习计划，建立学习台账，定期通报学习情况，推动学习成果转化为工作实效，第{}条。",
                    m + 1
                );
            }
        }
    }
    y
}

fn ledger() -> Document {
    let plan = rectdoc::plan::load_str(&plan_yaml(), Path::new("bench.yaml"))
        .expect("bench plan loads")
        .plan;
    Templates::builtin()
        .render("ledger", &plan)
        .expect("ledger renders")
        .document
}

fn bench(c: &mut Criterion) {
    let doc = ledger();
    let style = Style::default();
    let fonts = FontBook::discover(&[]);
    let mut g = c.benchmark_group("ledger_2000_rows");
    g.sample_size(10);
    g.bench_function("pdf", |b| {
        b.iter(|| {
            let mut f = Fonts::new(&fonts, &style);
            let pages = layout::layout(black_box(&doc), &style, &mut f, false).expect("lays out");
            pdf::write(&pages, &doc.meta, &fonts).map(|o| o.bytes.len())
        })
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| xlsx::write(black_box(&doc), &style).map(|o| o.bytes.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
