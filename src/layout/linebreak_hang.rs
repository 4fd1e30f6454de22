//! The office suites' rule (`Punctuation::Hang`): one pausing mark past the edge, nothing
//! squeezed, 禁则 otherwise by pushing a character down.

use super::tests::texts;
use super::*;

const CELL: f64 = 10.0;

fn glyphs(s: &str) -> Vec<Glyph> {
    s.chars()
        .map(|ch| {
            let class = classify(ch);
            let width = if matches!(class, Class::Half | Class::Space) {
                CELL * 0.5
            } else {
                CELL
            };
            Glyph {
                ch,
                class,
                width,
                advance: width,
                run: 0,
                auto_space: 0.0,
            }
        })
        .collect()
}

#[test]
fn a_comma_that_does_not_fit_hangs_past_the_edge() {
    let s = "一二三四五，六七";
    let gs = glyphs(s);
    let lines = break_lines(&gs, 5.0 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines), ["一二三四五，", "六七"]);
    // the five characters fill the measure; the comma sits in the cell after it
    assert!((lines[0].xs[4] - 4.0 * CELL).abs() < 1e-9);
    assert!((lines[0].xs[5] - 5.0 * CELL).abs() < 1e-9);
}

#[test]
fn a_squeeze_style_keeps_the_comma_inside_by_squeezing() {
    let s = "一二，三四五，六七";
    let gs = glyphs(s);
    // 7 cells on a line of 6.5: the inner comma gives up its blank half
    let lines = break_lines(&gs, 6.5 * CELL, 0.0, true, Punctuation::Squeeze);
    assert_eq!(texts(s, &lines)[0], "一二，三四五，");
    let l = &lines[0];
    assert!(
        l.xs[6] + gs[6].advance <= 6.5 * CELL + 1e-9,
        "nothing past the edge"
    );
    // the same line under Hang: the last comma hangs, nothing squeezed
    let lines = break_lines(&gs, 6.5 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines)[0], "一二，三四五，");
    assert!(lines[0].xs[6] >= 6.0 * CELL - 1e-9);
}

#[test]
fn at_most_one_mark_hangs_and_a_closing_quote_never_does() {
    // 。” after 五: two marks cannot both pass; 五 goes down with them.
    let s = "一二三四五。”六";
    let lines = break_lines(&glyphs(s), 5.0 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines), ["一二三四", "五。”六"]);
    // a closing bracket does not hang: 五 goes down with it
    let s = "一二三四五）六";
    let lines = break_lines(&glyphs(s), 5.0 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines), ["一二三四", "五）六"]);
}

#[test]
fn an_opening_mark_never_hangs_and_never_ends_a_line() {
    let s = "一二三四五（六）";
    let lines = break_lines(&glyphs(s), 5.0 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines), ["一二三四五", "（六）"]);
}

#[test]
fn nothing_is_squeezed_under_hang() {
    // a line that fits only by squeezing its marks is set without them instead
    let s = "一，二，三，四）五";
    let gs = glyphs(s);
    let lines = break_lines(&gs, 7.0 * CELL, 0.0, true, Punctuation::Hang);
    for l in &lines {
        for w in l.xs.windows(2) {
            assert!(
                w[1] - w[0] >= CELL * 0.5 - 1e-9,
                "a squeezed gap: {:?}",
                l.xs
            );
        }
    }
    assert_eq!(texts(s, &lines), ["一，二，三，", "四）五"]);
}

#[test]
fn the_chinese_latin_space_is_dropped_at_a_line_end() {
    // 五 is followed by a digit: its width carries the space, which a line end drops
    let s = "一二三四五6七";
    let mut gs = glyphs(s);
    gs[4].width += 2.0;
    gs[4].auto_space = 2.0;
    let lines = break_lines(&gs, 5.0 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines), ["一二三四五", "6七"]);
    // inside a line it counts: 一二三四五6 does not fit in 5.5 cells with it
    let lines = break_lines(&gs, 5.5 * CELL, 0.0, true, Punctuation::Hang);
    assert_eq!(texts(s, &lines)[0], "一二三四五");
}
