//! Writing a notice-sized DOCX (target: under 20 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use rectdoc::export::docx;
use rectdoc::model::*;
use rectdoc::style::Style;
use std::hint::black_box;

fn t(s: &str) -> Text {
    vec![Inline::plain(s)]
}

/// About the size of the example notice: 60 problems, each a heading, a detail paragraph and
/// a measure list, ~25 pages.
fn notice() -> Document {
    let mut blocks = vec![
        Block::Title {
            lines: vec![t("中共惠州市审计局党组关于巡察整改进展情况的通报")],
        },
        Block::Subtitle {
            text: t("（社会公开稿）"),
        },
        Block::BlankLine,
    ];
    for g in 0..6 {
        blocks.push(Block::Heading(Heading {
            level: 2,
            number: format!("（{}）", g + 1),
            text: t("关于政治建设方面的问题"),
            run_in: vec![],
        }));
        for i in 0..10 {
            blocks.push(Block::Paragraph(Paragraph {
                text: t(&format!(
                    "（{}）理论学习不深入，学习制度执行不严格，学用结合不够紧密，以学促干成效不明显。",
                    g * 10 + i + 1
                )),
                align: Align::Justify,
                indent: 2,
            }));
            blocks.push(Block::MeasureList(MeasureList {
                lead: t("整改情况："),
                items: (0..3)
                    .map(|k| MeasureItem {
                        marker: ["一是", "二是", "三是"][k].into(),
                        text: t("制定年度理论学习计划，建立学习台账，定期通报学习情况，推动学习成果转化；"),
                    })
                    .collect(),
                inline: true,
            }));
        }
    }
    blocks.push(Block::Signature(Signature {
        issuers: vec![t("中共惠州市审计局党组")],
        date: "2024年9月26日".into(),
        seal: false,
    }));
    Document {
        kind: "notice".into(),
        meta: Metadata {
            title: "通报".into(),
            ..Metadata::default()
        },
        orientation: Orientation::Portrait,
        blocks,
    }
}

fn bench(c: &mut Criterion) {
    let doc = notice();
    let style = Style::default();
    c.bench_function("docx_notice", |b| {
        b.iter(|| docx::write(black_box(&doc), &style).map(|o| o.bytes.len()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
