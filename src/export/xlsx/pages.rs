//! Printed pages of a table sheet. Excel breaks pages where it likes, and a merged cell cut by
//! a break prints its text on one page only: the next page shows an empty 问题类别 or 具体问题
//! column. So the sheet gets its own page breaks: rows merged together stay on one page, and a
//! merge taller than a page is split at the breaks and its text repeated in every part.
//!
//! Manual breaks are honoured only at a fixed print scale (fit-to-page ignores them), so the
//! scale that fits the table's width is computed here too.

/// A4 landscape with Excel's default margins (0.7 in left and right, 0.75 in top and bottom),
/// in points: the printable width and height.
const PRINT_WIDTH_PT: f64 = 841.89 - 2.0 * 0.7 * 72.0;
const PRINT_HEIGHT_PT: f64 = 595.28 - 2.0 * 0.75 * 72.0;
/// Row heights print a little differently in Excel, WPS and LibreOffice: keep a margin.
const SAFETY: f64 = 0.95;
/// Column widths differ more: LibreOffice (with Carlito for Calibri) printed the example
/// ledger's columns wider than Excel's 7w + 5 pixels, pushing the last column onto pages of
/// its own at 95 % of the computed scale; at 90 % every column fits.
const WIDTH_SAFETY: f64 = 0.90;

/// The print scale (percent, 10..=100) at which columns `widths` (in Excel characters) fit
/// the printable width. Excel draws a column of w characters as 7w + 5 pixels (Calibri 11).
pub fn scale(widths: &[f64]) -> u16 {
    let px: f64 = widths.iter().map(|w| (w * 7.0 + 0.5).floor() + 5.0).sum();
    let pt = px * 0.75;
    let s = (PRINT_WIDTH_PT / pt * 100.0 * WIDTH_SAFETY).floor();
    s.clamp(10.0, 100.0) as u16
}

/// Rows of sheet height that fit on one printed page at `scale` percent.
pub fn capacity(scale: u16) -> f64 {
    PRINT_HEIGHT_PT * 100.0 / f64::from(scale) * SAFETY
}

/// Where pages break (each number is the first row of a new page), given every row's height
/// from row 0, the rows repeated at the top of every page (header rows), and the row ranges
/// that must stay on one page (first, last inclusive). A range taller than a page starts a
/// page and is then broken row by row.
pub fn breaks(
    heights: &[f64],
    repeat: Option<(u32, u32)>,
    together: &[(u32, u32)],
    cap: f64,
) -> Vec<u32> {
    let repeat_h: f64 = repeat.map_or(0.0, |(a, b)| {
        (a..=b)
            .map(|r| heights.get(r as usize).copied().unwrap_or(0.0))
            .sum()
    });
    // The block each row belongs to: the end of the together-range starting there.
    let h = |a: u32, b: u32| -> f64 {
        (a..=b)
            .map(|r| heights.get(r as usize).copied().unwrap_or(0.0))
            .sum()
    };
    let mut block_end: Vec<u32> = (0..heights.len() as u32).collect();
    // A range taller than a page is cut anyway (a 问题类别 merged over many problems): it
    // does not hold its rows together, the ranges inside it do.
    for &(a, b) in together.iter().filter(|&&(a, b)| repeat_h + h(a, b) <= cap) {
        if let Some(e) = block_end.get_mut(a as usize) {
            *e = (*e).max(b);
        }
    }
    let mut out = Vec::new();
    let mut used = 0.0;
    let mut page_start = 0u32;
    let mut r = 0u32;
    while (r as usize) < heights.len() {
        // Merge overlapping ranges: a block ends where no range starting inside it goes on.
        let mut end = block_end[r as usize];
        let mut k = r;
        while k <= end && (k as usize) < heights.len() {
            end = end.max(block_end[k as usize]);
            k += 1;
        }
        let block = h(r, end);
        if used + block > cap && r > page_start {
            out.push(r);
            page_start = r;
            used = repeat_h;
        }
        if used + block <= cap || r == end {
            used += block;
            r = end + 1;
            continue;
        }
        // Taller than a page: row by row, breaking where the page is full.
        for row in r..=end {
            let rh = h(row, row);
            if used + rh > cap && row > page_start {
                out.push(row);
                page_start = row;
                used = repeat_h;
            }
            used += rh;
        }
        r = end + 1;
    }
    out
}

/// A merge of rows `first..=last` cut at `breaks`: the parts, each on one page.
pub fn split(first: u32, last: u32, breaks: &[u32]) -> Vec<(u32, u32)> {
    let mut parts = Vec::new();
    let mut a = first;
    for &b in breaks.iter().filter(|&&b| b > first && b <= last) {
        parts.push((a, b - 1));
        a = b;
    }
    parts.push((a, last));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_rows_move_to_the_next_page_whole() {
        // Rows 0-1 header, then rows of 10; capacity 45: header 10 + 3 rows fit.
        let heights = [5.0, 5.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0];
        // Rows 4-6 are one problem: they cannot start on page one (10+20+30 > 45); page two
        // holds the repeated header, rows 4-6, and row 7 does not fit after them.
        let b = breaks(&heights, Some((0, 1)), &[(4, 6)], 45.0);
        assert_eq!(b, [4, 7]);
        assert_eq!(split(4, 6, &b), [(4, 6)]);
    }

    #[test]
    fn a_category_row_goes_with_the_rows_after_it() {
        // Row 3 is a category: with rows 4-5 it does not fit after rows 0-2.
        let heights = [10.0; 6];
        assert_eq!(breaks(&heights, None, &[(4, 5), (3, 4)], 45.0), [3]);
    }

    #[test]
    fn a_category_column_merged_over_many_problems_is_cut_between_problems() {
        // Rows 1-8 share a 问题类别 cell (taller than a page); problems are rows 1-3, 4-6, 7-8.
        let heights = [10.0; 9];
        let together = [(1, 8), (1, 3), (4, 6), (7, 8)];
        let b = breaks(&heights, None, &together, 45.0);
        assert_eq!(b, [4, 7]);
        assert_eq!(split(1, 8, &b), [(1, 3), (4, 6), (7, 8)]);
    }

    #[test]
    fn a_merge_taller_than_a_page_is_split_and_repeated() {
        let heights = [10.0; 10];
        let b = breaks(&heights, None, &[(2, 9)], 35.0);
        assert_eq!(b, [3, 6, 9]);
        assert_eq!(split(2, 9, &b), [(2, 2), (3, 5), (6, 8), (9, 9)]);
    }

    #[test]
    fn the_scale_fits_the_width() {
        // 150 characters over 10 columns: 1,100 px = 825 pt, printable 741 pt.
        let s = scale(&[15.0; 10]);
        assert_eq!(s, 80);
        assert!(capacity(s) > PRINT_HEIGHT_PT);
    }
}
