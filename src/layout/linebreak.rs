//! CJK line breaking with 禁则 and justification on the grid.
//!
//! Input: glyphs with their width on the line (a full-width character takes one grid cell,
//! a half-width one its real advance). Output: lines with an x position per glyph.
//! Break opportunities sit between ideographs and after spaces; never inside a half-width
//! run (digits, Latin, e-mail addresses, 〔2024〕9号), never before a no-start mark or after
//! a no-end mark. Lines are filled at natural width. Squeezing happens only when 禁则 needs
//! it (closing marks that would otherwise start the next line are pulled in by squeezing the
//! line's closing marks, each by at most its blank half, never the first or last glyph) or
//! when a single unit is wider than the line; otherwise the unit goes down and the line is
//! spread. Nothing runs into the margin and no two glyph boxes overlap. Full lines end
//! exactly at the right edge; the last line of a paragraph is flush left.

/// How a glyph behaves at a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Ideographs, kana, full-width letters: a break is allowed on both sides.
    Ideo,
    /// Opening marks （《「『【〔“‘: never at the end of a line.
    Open,
    /// Closing and pausing marks ，。、；：？！）》」』】〕”’…—: never at the start of a line;
    /// the full-width ones squeezable from the right.
    Close,
    /// Part of a half-width run (digits, Latin letters, ASCII punctuation): not broken inside.
    Half,
    /// A space: a break is allowed after it.
    Space,
}

pub use crate::chars::{is_half_width, is_no_end, is_no_start};
pub use crate::style::Punctuation;

/// The marks that may hang past the right edge under [`Punctuation::Hang`]: the pausing
/// marks the office suites hang for zh-CN (LibreOffice's locale data `HangingCharacters`
/// 、。，．, read from its installed liblocaledata; Word's 允许标点溢出边界 hangs the same
/// pausing marks). Closing brackets and quotes never hang: their 禁则 pushes a character down.
pub fn is_hangable(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．')
}

pub fn classify(c: char) -> Class {
    if c == ' ' || c == '\u{3000}' {
        return Class::Space;
    }
    if c.is_ascii() {
        return Class::Half;
    }
    if is_no_end(c) {
        return Class::Open;
    }
    if is_no_start(c) {
        return Class::Close;
    }
    if is_half_width(c) {
        // Latin-1, Greek, symbols, half-width kana: part of a run.
        return Class::Half;
    }
    Class::Ideo
}

/// A glyph to set. `width` is its width on the line; `advance` the drawn advance (its
/// ink box as text extraction sees it), which may exceed `width` by the grid's squeeze.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub class: Class,
    pub width: f64,
    pub advance: f64,
    /// Index of the run this glyph came from (for fonts and key paths).
    pub run: usize,
    /// The Chinese–Latin space after the glyph, included in `width`; at a line end it is
    /// dropped, as the office suites drop it.
    pub auto_space: f64,
}

impl Glyph {
    /// How much the glyph may be squeezed: a full-width closing or pausing mark gives up the
    /// blank right half of its cell. Opening marks are never squeezed: pulling one left would
    /// run its box into the glyph before it (`》（` drawn on top of each other), and one
    /// squeezable side per pair of adjacent marks already keeps their inks half a cell apart.
    fn squeezable(&self) -> f64 {
        match self.class {
            Class::Close if !matches!(self.ch, '—' | '…' | '·') && !self.ch.is_ascii() => {
                self.width * 0.5
            }
            _ => 0.0,
        }
    }
}

/// One line: glyphs `start..end` with their x positions relative to the line start.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub xs: Vec<f64>,
    /// Last line of the paragraph (flush left).
    pub last: bool,
}

/// Whether a line may break between `a` and `b`.
fn may_break(a: &Glyph, b: &Glyph) -> bool {
    if is_no_start(b.ch) || is_no_end(a.ch) {
        return false;
    }
    match (a.class, b.class) {
        (_, Class::Space) => false,
        (Class::Space, _) => true,
        (Class::Half, Class::Half) => false,
        // 〔2024〕9号: the number after the year bracket belongs to it.
        (Class::Close, Class::Half) if a.ch == '〕' => false,
        (Class::Half, Class::Ideo) if a.ch.is_ascii_digit() && b.ch == '号' => false,
        _ => true,
    }
}

/// [`may_break`] under `punct`: in table cells ([`Punctuation::Push`]) no break either
/// between a CJK mark and a number after it (。2024): measured in LibreOffice's cells (it
/// breaks there in body text; docs/pdf.md).
pub(super) fn may_break_in(a: &Glyph, b: &Glyph, punct: Punctuation) -> bool {
    may_break(a, b)
        && !(punct == Punctuation::Push
            && b.ch.is_ascii_digit()
            && matches!(a.ch, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}'))
}

/// Where a long half-width run may be cut when it cannot fit on a line by itself
/// (a URL): after one of these.
fn is_soft_cut(c: char) -> bool {
    matches!(c, '/' | '.' | '-' | '?' | '&' | '=' | '_' | '#' | '@' | ':')
}

/// Breaks `glyphs` into lines of `width`, the first line starting at `indent`, and sets the
/// x position of every glyph. `justify`: spread full lines to the right edge. `punct`: how a
/// closing mark that does not fit is handled (hung past the edge, or squeezed in).
pub fn break_lines(
    glyphs: &[Glyph],
    width: f64,
    indent: f64,
    justify: bool,
    punct: Punctuation,
) -> Vec<Line> {
    let n = glyphs.len();
    if n == 0 {
        return vec![Line {
            start: 0,
            end: 0,
            xs: Vec::new(),
            last: true,
        }];
    }
    // Units: maximal spans between break opportunities.
    let mut units: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for i in 1..n {
        if may_break_in(&glyphs[i - 1], &glyphs[i], punct) {
            units.push((s, i));
            s = i;
        }
    }
    units.push((s, n));

    let eps = 1e-6;
    let m = Sums::new(glyphs);
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0usize; // first glyph of the current line
    let mut u = 0usize;
    while u < units.len() {
        let line_indent = if lines.is_empty() { indent } else { 0.0 };
        let avail = width - line_indent;
        // Take as many whole units as fit, with squeezing.
        let mut end = start;
        let mut k = u;
        while k < units.len() {
            let cand_end = units[k].1;
            if m.cells(start, cand_end) <= avail + eps {
                end = cand_end;
                k += 1;
                // U+2028/2029 (a zero-width space glyph) ends the line.
                if crate::chars::is_line_separator(glyphs[cand_end - 1].ch) {
                    break;
                }
                continue;
            }
            if punct != Punctuation::Squeeze {
                // As the office suites do: one pausing mark may hang past the edge when
                // everything before it fits; otherwise the unit (with the character the
                // mark clings to) goes down and this line is spread. No squeezing.
                let e = m.body_end[cand_end];
                if punct == Punctuation::Hang
                    && e > start + 1
                    && is_hangable(glyphs[e - 1].ch)
                    && hung_fits(&m, start, e, avail)
                {
                    end = cand_end;
                    k += 1;
                }
                break;
            }
            // Squeezing is for 禁则 only: a unit whose text fits but whose trailing closing
            // marks would overflow (and could not start the next line) comes in squeezed.
            // Anything else goes down to the next line, and this one is spread.
            let core = m.no_start_from[cand_end].max(units[k].0);
            if core < cand_end
                && core > start
                && m.cells(start, core) <= avail + eps
                && m.cells(start, cand_end) - m.room(start, cand_end) <= avail + eps
            {
                end = cand_end;
                k += 1;
            }
            break;
        }
        if end == start {
            // Not even one unit fits: cut inside it (a URL or a run of punctuation).
            let (us, ue) = units[u];
            let us = us.max(start);
            let mut cut = us;
            let mut w = 0.0;
            for (i, g) in glyphs.iter().enumerate().take(ue).skip(us) {
                // the line's last glyph counts with its drawn advance
                if w + g.advance > avail + eps && i > us {
                    break;
                }
                w += g.width;
                cut = i + 1;
            }
            // prefer a soft cut in the last third of the line
            let mut best = cut;
            for i in (us + 1..cut).rev() {
                if is_soft_cut(glyphs[i - 1].ch) {
                    let before: f64 = glyphs[us..i].iter().map(|g| g.width).sum();
                    if before > avail * 0.66 {
                        best = i;
                    }
                    break;
                }
            }
            let cut = best.max(us + 1);
            lines.push((start, cut));
            start = cut;
            if cut >= ue {
                u += 1;
            } else {
                units[u].0 = cut;
            }
            continue;
        }
        lines.push((start, end));
        start = end;
        u = k;
    }

    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, (s, e))| {
            let last = i + 1 == count;
            let forced = e > s && crate::chars::is_line_separator(glyphs[e - 1].ch);
            let line_indent = if i == 0 { indent } else { 0.0 };
            let avail = width - line_indent;
            let be = m.body_end[e].max(s);
            let hung = punct == Punctuation::Hang
                && be > s + 1
                && m.cells(s, e) > avail + eps
                && is_hangable(glyphs[be - 1].ch)
                && hung_fits(&m, s, be, avail);
            let xs = if hung {
                // The line before the mark fills the measure; the mark (and any spaces after
                // it) sits past the right edge.
                let mut xs = position(&glyphs[s..be - 1], avail, true);
                let mut x = avail;
                for g in &glyphs[be - 1..e] {
                    xs.push(x);
                    x += g.width;
                }
                xs
            } else {
                position(&glyphs[s..e], avail, justify && !last && !forced)
            };
            let xs = xs.into_iter().map(|x| x + line_indent).collect();
            Line {
                start: s,
                end: e,
                xs,
                last,
            }
        })
        .collect()
}

/// Whether glyphs `a..e` fit with their last glyph (a hangable mark) past the edge: the
/// glyphs before it fill at most the measure.
fn hung_fits(m: &Sums, a: usize, e: usize, avail: f64) -> bool {
    m.width[e - 1] - m.width[a] - m.auto_end[e - 1] <= avail + 1e-6
}

/// Natural width of a line: every glyph's width, the last one with its drawn advance.
fn natural(gs: &[Glyph]) -> f64 {
    match gs.split_last() {
        None => 0.0,
        Some((last, rest)) => rest.iter().map(|g| g.width).sum::<f64>() + last.advance,
    }
}

/// Squeezable amount of a line: its punctuation except the first and last glyph.
fn squeeze_room(gs: &[Glyph]) -> f64 {
    if gs.len() < 3 {
        return 0.0;
    }
    gs[1..gs.len() - 1].iter().map(|g| g.squeezable()).sum()
}

/// Prefix sums over a paragraph's glyphs, so that whether a span fits is known in constant
/// time: summing the span each time made a long run without a break point quadratic (each
/// line measured the whole rest of the run).
struct Sums {
    /// `width[i]`: the widths of glyphs `..i`.
    width: Vec<f64>,
    /// `squeeze[i]`: the squeezable amounts of glyphs `..i`.
    squeeze: Vec<f64>,
    /// `body_end[i]`: the end of glyphs `..i` without their trailing spaces.
    body_end: Vec<usize>,
    /// `no_start_from[i]`: where the run of no-start marks that ends at `i` begins (`i`
    /// when glyph `i - 1` is not one).
    no_start_from: Vec<usize>,
    /// `auto_end[i]`: the Chinese–Latin space after glyph `i - 1` (none at a line end).
    auto_end: Vec<f64>,
}

impl Sums {
    fn new(gs: &[Glyph]) -> Sums {
        let n = gs.len();
        let mut s = Sums {
            width: Vec::with_capacity(n + 1),
            squeeze: Vec::with_capacity(n + 1),
            body_end: Vec::with_capacity(n + 1),
            no_start_from: Vec::with_capacity(n + 1),
            auto_end: Vec::with_capacity(n + 1),
        };
        s.auto_end.push(0.0);
        s.auto_end.extend(gs.iter().map(|g| g.auto_space));
        let (mut w, mut q, mut body, mut ns) = (0.0, 0.0, 0, 0);
        for (i, g) in gs.iter().enumerate() {
            s.width.push(w);
            s.squeeze.push(q);
            s.body_end.push(body);
            s.no_start_from.push(ns);
            w += g.width;
            q += g.squeezable();
            if g.class != Class::Space {
                body = i + 1;
            }
            if !is_no_start(g.ch) {
                ns = i + 1;
            }
        }
        s.width.push(w);
        s.squeeze.push(q);
        s.body_end.push(body);
        s.no_start_from.push(ns);
        s
    }

    /// The cells of glyphs `a..b` without trailing spaces (they hang invisibly); the last
    /// glyph's overhang past its cell is taken from the gaps when the line is set.
    fn cells(&self, a: usize, b: usize) -> f64 {
        let e = self.body_end[b].max(a);
        self.width[e] - self.width[a] - self.auto_end[e]
    }

    /// The squeezable room of glyphs `a..b` without trailing spaces: their punctuation
    /// except the first and last glyph.
    fn room(&self, a: usize, b: usize) -> f64 {
        let e = self.body_end[b].max(a);
        if e - a < 3 {
            return 0.0;
        }
        self.squeeze[e - 1] - self.squeeze[a + 1]
    }
}

fn trim_spaces(gs: &[Glyph]) -> &[Glyph] {
    let mut e = gs.len();
    while e > 0 && gs[e - 1].class == Class::Space {
        e -= 1;
    }
    &gs[..e]
}

/// x positions of a line's glyphs from its start.
fn position(gs: &[Glyph], avail: f64, justify: bool) -> Vec<f64> {
    let n = gs.len();
    let body = trim_spaces(gs);
    let nat = natural(body);
    let mut shift = vec![0.0f64; n]; // extra space after glyph i (negative: squeeze)
    // gaps at break opportunities only: glued units keep their inner spacing
    let gaps: Vec<usize> = (0..body.len().saturating_sub(1))
        .filter(|&i| may_break(&body[i], &body[i + 1]) || body[i].class == Class::Space)
        .collect();
    let spread = |shift: &mut [f64], amount: f64| {
        let list: Vec<usize> = if gaps.is_empty() {
            (0..body.len().saturating_sub(1)).collect()
        } else {
            gaps.clone()
        };
        if !list.is_empty() {
            let per = amount / list.len() as f64;
            for i in list {
                shift[i] += per;
            }
        }
    };
    let over = nat - avail;
    if over > 1e-9 {
        // The cells themselves overflow by `over` minus the last glyph's overhang (a 16 pt
        // glyph in a 15.79 pt cell): that part is taken from the closing marks; the overhang
        // (a fraction of a point) from all gaps alike.
        let overhang = body.last().map_or(0.0, |g| (g.advance - g.width).max(0.0));
        let room = squeeze_room(body);
        let squeeze = (over - overhang).max(0.0).min(room);
        if squeeze > 0.0 {
            let ratio = squeeze / room;
            for i in 1..body.len().saturating_sub(1) {
                shift[i] = -body[i].squeezable() * ratio;
            }
        }
        spread(&mut shift, -(over - squeeze));
    } else if justify && body.len() > 1 {
        spread(&mut shift, -over);
    }
    let mut xs = Vec::with_capacity(n);
    let mut x = 0.0;
    for i in 0..n {
        xs.push(x);
        x += gs[i].width + shift[i];
    }
    xs
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELL: f64 = 156.0 / 28.0; // mm per grid cell
    const W: f64 = 156.0;

    fn glyphs(s: &str) -> Vec<Glyph> {
        s.chars()
            .map(|ch| {
                let class = classify(ch);
                // full-width glyphs overhang their cell a little (16 pt in a 15.79 pt cell)
                let (width, advance) = match class {
                    Class::Half | Class::Space => (CELL * 0.5, CELL * 0.5),
                    _ => (CELL, CELL * 16.0 / 15.7929),
                };
                Glyph {
                    ch,
                    class,
                    width,
                    advance,
                    run: 0,
                    auto_space: 0.0,
                }
            })
            .collect()
    }

    /// The text of each line (shared with the hanging-punctuation tests).
    pub(super) fn texts(s: &str, lines: &[Line]) -> Vec<String> {
        let cs: Vec<char> = s.chars().collect();
        lines
            .iter()
            .map(|l| cs[l.start..l.end].iter().collect())
            .collect()
    }

    fn right_edge(gs: &[Glyph], l: &Line) -> f64 {
        let i = l.end - 1;
        l.xs[l.xs.len() - 1] + gs[i].advance
    }

    fn check_invariants(s: &str, gs: &[Glyph], lines: &[Line]) {
        // every glyph exactly once, in order
        let joined: String = texts(s, lines).concat();
        assert_eq!(joined, s);
        for l in lines {
            assert!(
                l.xs.first().copied().unwrap_or(0.0) >= -1e-9,
                "starts left of margin"
            );
            if l.end > l.start {
                assert!(
                    right_edge(gs, l) <= W + 1e-6,
                    "overflows: {}",
                    right_edge(gs, l)
                );
            }
        }
    }

    #[test]
    fn twenty_ninth_char_is_full_stop() {
        // 26 chars after the 2-char indent fill the first line; the 27th is 。
        let s = format!(
            "{}。{}",
            "按照县委巡察工作统一部署县委第一巡察组对县审计局进行",
            "了常规巡察现将整改情况通报如下"
        );
        let gs = glyphs(&s);
        assert_eq!(s.chars().position(|c| c == '。'), Some(26));
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(&s, &gs, &lines);
        let t = texts(&s, &lines);
        assert!(!t[1].starts_with('。'), "{t:?}");
        // pushed down: 行。 starts line 2, line 1 is spread to the edge
        assert!(t[1].starts_with("行。"), "{t:?}");
        assert!((right_edge(&gs, &lines[0]) - W).abs() < 1e-6);
    }

    #[test]
    fn full_stop_at_the_line_end_is_never_left_to_start_a_line() {
        // The 。 falls on the 29th cell: it is squeezed in or a character goes down with it;
        // either way the next line does not start with it and the first is justified.
        let s = "按照县委巡察工作统一部署，县委第一巡察组对县审计局进行常规巡察。现将整改情况";
        let gs = glyphs(s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(s, &gs, &lines);
        let t = texts(s, &lines);
        assert!(!t[1].starts_with('。'), "{t:?}");
        assert!((right_edge(&gs, &lines[0]) - W).abs() < 1e-6);
    }

    #[test]
    fn year_bracket_and_email_are_not_broken() {
        let s = "根据惠审信党〔2024〕9号文件要求，请将材料发送至邮箱shenjiju_zhenggai@huiyang.gov.cn或者拨打电话0752-3338888联系";
        let gs = glyphs(s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(s, &gs, &lines);
        let t = texts(s, &lines);
        let joined_lines = t.join("|");
        for word in [
            "〔2024〕9号",
            "shenjiju_zhenggai@huiyang.gov.cn",
            "0752-3338888",
        ] {
            assert!(
                t.iter().any(|l| l.contains(word)),
                "{word} broken: {joined_lines}"
            );
        }
        for l in &t[1..] {
            assert!(
                !is_no_start(l.chars().next().unwrap_or('x')),
                "{joined_lines}"
            );
        }
        for l in &t {
            assert!(
                !is_no_end(l.chars().last().unwrap_or('x')),
                "{joined_lines}"
            );
        }
        for l in &lines[..lines.len() - 1] {
            assert!((right_edge(&gs, l) - W).abs() < 1e-6);
        }
    }

    #[test]
    fn paragraph_of_only_punctuation() {
        let s = "。，、；：？！".repeat(10);
        let gs = glyphs(&s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(&s, &gs, &lines);
        // 70 marks squeezed to at most half a cell each still need two lines.
        assert!(lines.len() >= 2, "{}", lines.len());
    }

    #[test]
    fn sixty_char_url_is_cut_not_overflowing() {
        let url = "https://www.huiyang.gov.cn/zwgk/tzgg/2024/content_post_5566778.html";
        assert!(url.len() >= 60);
        let s = format!("详见{url}。");
        let gs = glyphs(&s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(&s, &gs, &lines);
        let t = texts(&s, &lines);
        assert!(t.len() >= 2, "{t:?}");
        assert!(!t.last().unwrap().starts_with('。'), "{t:?}");
    }

    #[test]
    fn long_runs_without_a_break_point_are_cut_line_by_line() {
        // 200,000 glyphs in one unit: quadratic breaking took minutes here (issue 15).
        for c in ['x', '，', '一'] {
            let s: String = std::iter::repeat_n(c, 200_000).collect();
            let gs = glyphs(&s);
            let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
            check_invariants(&s, &gs, &lines);
            assert!(lines.len() >= 200_000 / 56, "{c}: {}", lines.len());
        }
    }

    #[test]
    fn a_line_separator_ends_the_line_without_spreading_it() {
        let s = "第一行\u{2028}第二行\u{2029}三";
        let mut gs = glyphs(s);
        for g in gs
            .iter_mut()
            .filter(|g| crate::chars::is_line_separator(g.ch))
        {
            (g.class, g.width, g.advance) = (Class::Space, 0.0, 0.0);
        }
        let lines = break_lines(&gs, W, 0.0, true, Punctuation::Squeeze);
        assert_eq!(texts(s, &lines), ["第一行\u{2028}", "第二行\u{2029}", "三"]);
        assert_eq!(lines[0].xs[1], CELL, "not spread");
    }

    #[test]
    fn last_line_is_flush_left_and_indent_applies() {
        let s = "现将整改情况通报如下。";
        let gs = glyphs(s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        assert_eq!(lines.len(), 1);
        assert!((lines[0].xs[0] - 2.0 * CELL).abs() < 1e-9);
        assert!((lines[0].xs[1] - 3.0 * CELL).abs() < 1e-9);
    }

    #[test]
    fn no_line_ends_with_opening_mark() {
        // （ falls on the 28th cell: it must go down with what it opens
        let s = format!(
            "{}（一）{}",
            "按照县委巡察工作统一部署县委第一巡察组对县审计", "进行了常规巡察现将整改情况通报如下"
        );
        let gs = glyphs(&s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(&s, &gs, &lines);
        let t = texts(&s, &lines);
        assert!(!t[0].ends_with('（'), "{t:?}");
    }

    /// Boxes of consecutive glyphs never overlap beyond a closing mark's blank half.
    fn check_no_overlap(gs: &[Glyph], lines: &[Line]) {
        for l in lines {
            for k in 1..l.xs.len() {
                let prev = &gs[l.start + k - 1];
                let ink_end = l.xs[k - 1] + prev.width - prev.squeezable();
                // (less the last glyph's overhang, spread over the gaps)
                assert!(
                    l.xs[k] >= ink_end - 0.02,
                    "{}{} overlap: {} < {}",
                    prev.ch,
                    gs[l.start + k].ch,
                    l.xs[k],
                    ink_end
                );
            }
        }
    }

    #[test]
    fn closing_then_opening_marks_do_not_overlap_when_squeezed() {
        // The 。 after 见 falls on the 29th cell: the line's closing marks are squeezed to
        // pull it in, and 》（ keep their inks apart (only 》 gives up its blank half).
        let s = format!(
            "{}{}",
            "按照《条例》（试行），巡察组对我局进行了巡察并提意见。", "现将整改情况通报如下"
        );
        let gs = glyphs(&s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(&s, &gs, &lines);
        check_no_overlap(&gs, &lines);
        let t = texts(&s, &lines);
        assert!(t[0].ends_with("意见。"), "{t:?}");
        assert!((right_edge(&gs, &lines[0]) - W).abs() < 1e-6);
    }

    #[test]
    fn ideographs_are_pushed_down_not_squeezed_in() {
        // Four commas could make room for two more characters; the grid keeps 28 a line:
        // the line breaks at its natural fill and is spread, its commas full width.
        let s = "按照县委，巡察工作，统一部署，县委第一巡察组对县审计局进行了常规巡察现将整改情况通报如下";
        let gs = glyphs(s);
        let lines = break_lines(&gs, W, 2.0 * CELL, true, Punctuation::Squeeze);
        check_invariants(s, &gs, &lines);
        check_no_overlap(&gs, &lines);
        assert_eq!(lines[0].end - lines[0].start, 26, "{:?}", texts(s, &lines));
        for k in 1..lines[0].xs.len() {
            assert!(lines[0].xs[k] - lines[0].xs[k - 1] >= CELL - 0.02);
        }
        assert!((right_edge(&gs, &lines[0]) - W).abs() < 1e-6);
    }
}

#[cfg(test)]
#[path = "linebreak_hang.rs"]
mod hang_tests;
