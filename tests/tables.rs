//! Table column widths measured from the text (issue 14): resolved once into the model,
//! before the writers, the same on a machine without fonts, and the same numbers in the
//! DOCX and the XLSX as in the PDF (which the ledger tests read through the model dump).

use crate::docx::unzip;
use crate::util::{Dir, example_plan, s, stderr, table_columns};
use std::path::Path;
use std::process::Command;

/// Renders the example's ledger into `out`, with the system's fonts or with none.
fn render(out: &Path, formats: &str, fonts: bool) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rectdoc"));
    cmd.args(["render", s(&example_plan()), "--doc", "ledger"])
        .args(["--format", formats, "-o", s(out)]);
    if !fonts {
        cmd.env("RECTDOC_SYSTEM_FONT_DIRS", "");
    }
    let o = cmd.output().expect("run rectdoc");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `name="…"` attribute values of every `<tag …>` in `xml`, in order.
fn attrs(xml: &str, tag: &str, name: &str) -> Vec<f64> {
    xml.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|e| e.split(&format!("{name}=\"")).nth(1))
        .map(|v| {
            v.split('"')
                .next()
                .expect("a value")
                .parse()
                .expect("a number")
        })
        .collect()
}

#[test]
fn ledger_widths_are_measured_without_fonts_and_shared_by_docx_and_xlsx() {
    let d = Dir::new();
    let (with, without) = (d.path().join("with"), d.path().join("without"));
    render(&with, "docx,xlsx,model", true);
    render(&without, "docx,model", false);
    let read = |dir: &Path, ext: &str| {
        std::fs::read(dir.join(format!("huiji-2024-ledger.{ext}"))).expect("output")
    };
    // One layout for every file: fonts play no part in the widths, and the DOCX is the
    // same file whether or not the machine has any.
    assert_eq!(read(&with, "model.txt"), read(&without, "model.txt"));
    assert_eq!(read(&with, "docx"), read(&without, "docx"));
    let widths = table_columns(&with.join("huiji-2024-ledger.model.txt"));
    assert_eq!(widths.len(), 10);
    // twips on the landscape block (225 mm), every column whole half-ems (120 twips at
    // 小四) plus the padding (144) and the slack (24) or a little more
    let total: f64 = widths.iter().sum();
    assert!((total - 225.0 / 25.4 * 1440.0).abs() < 2.0, "{total}");
    let chars = |w: f64| (w - 144.0 - 24.0) / 240.0;
    // 责任人 holds 综合科科长 on one line; 整改措施 is the widest
    assert!(chars(widths[6]) >= 5.0, "{widths:?}");
    assert!(widths.iter().all(|w| *w <= widths[3]), "{widths:?}");
    // DOCX: the grid is the model's widths (the last column takes a twip of rounding).
    let docx = unzip(&read(&with, "docx"));
    let grid = attrs(&docx["word/document.xml"], "w:gridCol", "w:w");
    assert_eq!(grid[..9], widths[..9]);
    assert!((grid[9] - widths[9]).abs() <= 1.0, "{grid:?}");
    // XLSX: the same proportions (Excel adds its 5-pixel padding to each width).
    let xlsx = unzip(&read(&with, "xlsx"));
    let sheet = &xlsx["xl/worksheets/sheet1.xml"];
    let (min, max) = (attrs(sheet, "col", "min"), attrs(sheet, "col", "max"));
    let mut cols = Vec::new();
    for (i, w) in attrs(sheet, "col", "width").into_iter().enumerate() {
        // a run of columns of one width is one <col min max>
        cols.extend(std::iter::repeat_n(w, (max[i] - min[i]) as usize + 1));
    }
    assert!(cols.len() >= 10, "{cols:?}");
    let xl: Vec<f64> = cols[..10].iter().map(|w| w - 5.0 / 7.0).collect();
    let (xt, wt): (f64, f64) = (xl.iter().sum(), total);
    for (x, w) in xl.iter().zip(&widths) {
        assert!((x / xt - w / wt).abs() < 0.005, "{xl:?} vs {widths:?}");
    }
}
