//! Title breaking (7.3.1): a title too long for one line is broken at word boundaries into
//! balanced lines (a trapezoid or diamond), never leaving one or two characters alone.

use super::linebreak::{Class, Punctuation, break_lines, is_no_end, is_no_start};
use super::shape::Shaped;
use super::words::Joint;

/// Cost of breaking a title before `chars[i]`, a word boundary ([`super::words`]), from 0
/// (a clear joint) to 0.6 (between two words of one phrase).
///
/// 公文 titles are built from a few parts, "发文机关 + 关于 + 事由 + 的 + 文种"
/// (中共××局党组 / 关于 / ××巡察整改进展情况 / 的通报), and published titles that break
/// do so at those joints, which a handful of words mark:
/// - punctuation and spaces: after 、，；：, a space and closing marks, before opening
///   marks (0; inside brackets or quotes 0.4 more, added by [`balance_title`]); before a
///   short bracket right after a word, 处室 / （馆） (0.5);
/// - 关于: before it and after it (0.1); either edge of one of the plan's names (0.1);
/// - the end of an organ's name: after 党组 / 党委 / 委员会 / 政府 / 办公室 / 领导小组 (0.2), after
///   a single organ suffix (局 厅 署 院 处 办 部 所 站 中心) unless the name goes on
///   (局长, 部门, 办公…) (0.3), after a place suffix (省 市 区 县 州 镇 乡) unless it is
///   part of an organ (区委, 市政府, 县直…) (0.3), after a leading 中共 (0.3);
/// - the 文种 at the end: before 的 + 通报/通知/报告/意见/决定/方案… (0.2), before 情况 (0.3);
/// - the matter: before 巡察 / 巡视 / 整改 / 落实 (0.3);
/// - before the word that ends an organ's name, 管理局 / 委员会 / 领导小组… (1.5, the
///   name's parts are words of their own: 人民政府 / 办公室); between a term and its
///   body or a body and its number, 八届 / 市委, 市委 / 第一巡察组, after a place that is
///   a word alone (对县 / 教育局), and before 领域 (0.9);
/// - conjunctions 和 与 及 暨 并: before (0.3) or after (0.4); 的 on either side (0.5);
/// - any other word boundary: 0.6, or 1 inside one of the plan's names (a name longer
///   than a line breaks where it must, at the joints above where it can).
fn title_break_cost(chars: &[char], i: usize, names: &[String], joints: &[Joint]) -> f64 {
    let in_name = joints[i] == Joint::InName;
    let at = |k: usize| chars.get(k).copied().unwrap_or(' ');
    let a = at(i - 1);
    let b = at(i);
    let next = at(i + 1);
    let prev = if i >= 2 { at(i - 2) } else { ' ' };
    let pair_before = [prev, a];
    // The words looked for are at most three characters long, so a window either side of
    // the break is enough (the whole tail and head made this quadratic in the title).
    let tail: String = chars[i..(i + 4).min(chars.len())].iter().collect();
    // 处室 | （馆）, 村 | （社区）: a short bracket right after a word qualifies it and goes
    // with it (a long one, 省 | （自治区、直辖市）, may start a line)
    if b == '（'
        && ('\u{4e00}'..='\u{9fff}').contains(&a)
        && chars[i + 1..(i + 6).min(chars.len())].contains(&'）')
    {
        return 0.5;
    }
    if "、，；：".contains(a) || a.is_whitespace() || is_no_start(a) || is_no_end(b) {
        return 0.0;
    }
    // 八届 | 市委第四轮, 市委 | 第一巡察组: a term and its body, a body and its number;
    // 扶贫 | 领域: the field goes with its noun
    // 对县 | 教育局: a place standing alone goes with the organ after it
    let lone = i >= 2 && joints[i - 1] != Joint::InWord;
    if (a == '届' && next == '委')
        || (a == '委' && b == '第')
        || tail.starts_with("领域")
        || (lone && "省市区县州镇乡".contains(a))
    {
        return 0.9;
    }
    if (b == '关' && next == '于')
        || pair_before == ['关', '于']
        || (!in_name && super::words::at_name_edge(chars, i, names))
    {
        return 0.1;
    }
    let head: String = chars[i.saturating_sub(4)..i].iter().collect();
    if [
        "党组",
        "党委",
        "委员会",
        "政府",
        "办公室",
        "工委",
        "领导小组",
    ]
    .iter()
    .any(|w| head.ends_with(w))
    {
        return 0.2;
    }
    if b == '的'
        && [
            "通报", "通知", "报告", "意见", "决定", "方案", "批复", "请示", "函", "纪要",
        ]
        .iter()
        .any(|w| tail[b.len_utf8()..].starts_with(w))
    {
        return 0.2;
    }
    if "局厅署院处办部所站".contains(a) && !"长门内务员公室机级属直".contains(b)
    {
        return 0.3;
    }
    if head.ends_with("中心") || (i == 2 && head == "中共") {
        return 0.3;
    }
    if "省市区县州镇乡".contains(a) && !"委政直级属长人纪域内".contains(b) && i >= 3
    {
        return 0.3;
    }
    // before the word that ends an organ's name (政务信息 / 管理局): the name goes on
    if [
        "管理局",
        "委员会",
        "办公室",
        "服务中心",
        "事务局",
        "管理处",
        "领导小组",
    ]
    .iter()
    .any(|w| tail.starts_with(w))
    {
        return 1.5;
    }
    if ["情况", "巡察", "巡视", "整改", "落实"]
        .iter()
        .any(|w| tail.starts_with(w))
        || "和与及暨并".contains(b)
    {
        return 0.3;
    }
    if "和与及暨并".contains(a) {
        return 0.4;
    }
    if a == '的' || b == '的' {
        return 0.5;
    }
    // Inside one of the plan's names only at the joints above, unless nothing else fits.
    if in_name { 1.0 } else { 0.6 }
}

/// Breaks a title into balanced lines at word boundaries (7.3.1: a trapezoid or diamond,
/// never one or two characters alone, 禁则 respected). `names`: the plan's names, never
/// split unless longer than a line ([`super::words`]).
///
/// No break falls inside a word while a split at word boundaries fits; only a title
/// that has none (a long run of one word) is broken inside words, at the boundaries of
/// the rest where it can. Every split is scored: the squared deviation of each line from
/// the mean width (in characters), plus 40 × the break cost of [`title_break_cost`] (1
/// inside a word), plus 40 for each line beyond the fewest that fit (a line more only
/// to avoid the costliest breaks: a title of 25 characters took three lines for a
/// better balance with 12). The best split is found exhaustively by dynamic programming
/// for the fewest lines and one more.
pub fn balance_title(s: &Shaped, width: f64, names: &[String]) -> Vec<(usize, usize)> {
    const BREAK_WEIGHT: f64 = 40.0;
    let gs = &s.glyphs;
    let n = gs.len();
    if n == 0 {
        return vec![(0, 0)];
    }
    // sum[i]: the widths of the first i glyphs; a line a..b is as wide as its glyphs but the
    // last, plus the last one's advance.
    let mut sum = Vec::with_capacity(n + 1);
    sum.push(0.0);
    for g in gs {
        sum.push(sum[sum.len() - 1] + g.width);
    }
    let w_of = |a: usize, b: usize| -> f64 { sum[b - 1] - sum[a] + gs[b - 1].advance };
    if w_of(0, n) <= width + 1e-6 {
        return vec![(0, n)];
    }
    let chars: Vec<char> = gs.iter().map(|g| g.ch).collect();
    let text: String = chars.iter().collect();
    // The segmenter runs (and its dictionary loads) only here, for a title that breaks.
    let joints = super::words::joints(&text, names);
    // Brackets and quotes open before each position: a break inside them costs more.
    let mut open = vec![0i32; n + 1];
    for i in 1..=n {
        let c = chars[i - 1];
        open[i] = open[i - 1] + i32::from("（(“‘《〈[【".contains(c))
            - i32::from("）)”’》〉]】".contains(c));
    }
    // Per break position (before glyph i): allowed by 禁则 and Latin runs, and its cost.
    let mut cost = vec![f64::INFINITY; n + 1];
    cost[n] = 0.0;
    let mut split_word = vec![f64::INFINITY; n + 1];
    for i in 1..n {
        let (a, b) = (chars[i - 1], chars[i]);
        let allowed = !(is_no_start(b)
            || is_no_end(a)
            || (gs[i - 1].class == Class::Half && gs[i].class == Class::Half));
        match joints[i] {
            _ if !allowed => {}
            Joint::InWord => split_word[i] = BREAK_WEIGHT,
            _ => {
                let inside = if open[i] > 0 { 0.4 } else { 0.0 };
                cost[i] = BREAK_WEIGHT * (title_break_cost(&chars, i, names, &joints) + inside)
            }
        }
    }
    // The lines that may end at i start at first[i].. i−3 (or i−1 for a title of two
    // characters): as wide as the block at most, never one or two characters alone.
    let first: Vec<usize> = (0..=n)
        .map(|i| {
            let mut k = i;
            while k > 0 && i > 0 && w_of(k - 1, i) <= width + 1e-6 {
                k -= 1;
            }
            k
        })
        .collect();
    let split = Split {
        n,
        first: &first,
        short: if n > 2 { 2 } else { 0 },
        w_of: &w_of,
        em: s.size.max(1.0),
    };
    if let Some(lines) = split.best(&cost) {
        return lines;
    }
    // No split at word boundaries fits: words are split too, where they must.
    for i in 1..n {
        if split_word[i].is_finite() {
            cost[i] = split_word[i];
        }
    }
    if let Some(lines) = split.best(&cost) {
        return lines;
    }
    // Not even that (a long Latin run): broken as body text is, cutting the run, rather
    // than running off the page.
    break_lines(gs, width, 0.0, false, Punctuation::Squeeze)
        .iter()
        .map(|l| (l.start, l.end))
        .collect()
}

/// The search for the best split of one title, given the cost of a break at each position.
struct Split<'a> {
    n: usize,
    first: &'a [usize],
    short: usize,
    w_of: &'a dyn Fn(usize, usize) -> f64,
    em: f64,
}

impl Split<'_> {
    fn starts(&self, i: usize) -> std::ops::Range<usize> {
        self.first[i]..i.saturating_sub(self.short)
    }

    /// The best split into the fewest lines and into one more (dynamic programming over
    /// line ends; ties go to the earliest start), or `None` when no split fits.
    fn best(&self, cost: &[f64]) -> Option<Vec<(usize, usize)>> {
        const LINE_PENALTY: f64 = 40.0;
        let n = self.n;
        // The fewest lines that fit, by one pass over the positions.
        let mut fewest = vec![usize::MAX; n + 1];
        fewest[0] = 0;
        for i in 1..=n {
            if cost[i].is_infinite() {
                continue;
            }
            fewest[i] = self
                .starts(i)
                .filter(|&k| fewest[k] != usize::MAX)
                .map(|k| fewest[k] + 1)
                .min()
                .unwrap_or(usize::MAX);
        }
        if fewest[n] == usize::MAX {
            return None;
        }
        let mut best: Option<(f64, Vec<(usize, usize)>)> = None;
        for lines in [fewest[n], fewest[n] + 1] {
            if lines > n {
                break;
            }
            let target = (self.w_of)(0, n) / lines as f64;
            let inf = f64::INFINITY;
            let mut dp = vec![vec![inf; n + 1]; lines + 1];
            let mut back = vec![vec![0usize; n + 1]; lines + 1];
            dp[0][0] = 0.0;
            for j in 1..=lines {
                for i in 1..=n {
                    if cost[i].is_infinite() {
                        continue;
                    }
                    for k in self.starts(i) {
                        if dp[j - 1][k] == inf {
                            continue;
                        }
                        let dev = ((self.w_of)(k, i) - target) / self.em;
                        let c = dp[j - 1][k] + dev * dev + cost[i];
                        if c < dp[j][i] {
                            dp[j][i] = c;
                            back[j][i] = k;
                        }
                    }
                }
            }
            if dp[lines][n] == inf {
                continue;
            }
            let total = dp[lines][n] + LINE_PENALTY * (lines - fewest[n]) as f64;
            if best.as_ref().is_none_or(|(b, _)| total < *b) {
                let mut out = Vec::new();
                let mut i = n;
                for j in (1..=lines).rev() {
                    let k = back[j][i];
                    out.push((k, i));
                    i = k;
                }
                out.reverse();
                best = Some((total, out));
            }
        }
        best.map(|(_, b)| b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::linebreak::{Glyph, classify};
    use crate::style::mm_to_pt;

    /// A title at 2号 on the 156 mm block, every character one em wide.
    fn title(s: &str) -> Vec<String> {
        title_named(s, &[])
    }

    /// The same, with the plan's `names`.
    fn title_named(s: &str, names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let size = 22.0;
        let glyphs: Vec<Glyph> = s
            .chars()
            .map(|ch| Glyph {
                ch,
                class: classify(ch),
                width: size,
                advance: size,
                run: 0,
                auto_space: 0.0,
            })
            .collect();
        let shaped = Shaped {
            faces: vec![Some(0); glyphs.len()],
            gids: vec![1; glyphs.len()],
            glyphs,
            size,
        };
        let chars: Vec<char> = s.chars().collect();
        balance_title(&shaped, mm_to_pt(156.0), &names)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn example_title_breaks_between_organ_and_party_group_not_inside_a_word() {
        // 37 characters, 20 fit a line: 管/理 (the old break) splits 管理局.
        let t = title("中共郑州市惠济区行政审批和政务信息管理局党组关于区委巡察整改进展情况的通报");
        assert_eq!(
            t,
            [
                "中共郑州市惠济区行政审批和政务信息管理局",
                "党组关于区委巡察整改进展情况的通报"
            ]
        );
    }

    #[test]
    fn ledger_title_keeps_the_organ_name_whole() {
        // 34 characters: 17/17 would split 政务信息/管理局; the boundary after 管理局 wins.
        let t = title("中共郑州市惠济区行政审批和政务信息管理局党组区委巡察反馈问题整改台账");
        assert_eq!(
            t,
            [
                "中共郑州市惠济区行政审批和政务信息管理局",
                "党组区委巡察反馈问题整改台账"
            ]
        );
        // The unit's name (23 characters, longer than a line) breaks at its organ joint.
        let t = title_named(
            "中共郑州市惠济区行政审批和政务信息管理局党组区委巡察反馈问题整改台账",
            &["中共郑州市惠济区行政审批和政务信息管理局党组", "区委"],
        );
        assert_eq!(
            t,
            [
                "中共郑州市惠济区行政审批和政务信息管理局",
                "党组区委巡察反馈问题整改台账"
            ]
        );
    }

    #[test]
    fn numbering_words_and_the_inspection_group_are_never_split() {
        // issue 13: 区委第|一巡察组 and 八届市委第|四轮 were chosen before
        let t = title("中共鄂州市数据局党组关于八届市委第四轮巡察反馈意见整改进展情况的通报");
        assert!(
            t.iter().all(|l| !l.ends_with('第') && !l.ends_with('八')),
            "{t:?}"
        );
        let t = title_named(
            "中共郑州市惠济区行政审批和政务信息管理局党组关于落实区委第一巡察组巡察反馈意见的整改落实方案",
            &[
                "中共郑州市惠济区行政审批和政务信息管理局党组",
                "区委第一巡察组",
                "区委",
            ],
        );
        let joined = t.join("|");
        assert!(joined.contains("区委第一巡察组"), "{t:?}");
        assert!(!joined.contains("政务信息|管理局"), "{t:?}");
    }

    #[test]
    fn title_breaks_at_guanyu_and_balances() {
        let t = title("中共惠阳区审计局党组关于巡察整改进展情况的通报");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("关于") || t[1].starts_with("关于"), "{t:?}");
        let (a, b) = (t[0].chars().count() as i32, t[1].chars().count() as i32);
        assert!((a - b).abs() <= 3, "{t:?}");
    }

    #[test]
    fn title_never_leaves_a_lone_character() {
        // 21 characters: one more than a line holds.
        let t = title("关于进一步加强巡察整改和成果运用工作的实施意见");
        assert!(t.iter().all(|l| l.chars().count() >= 3), "{t:?}");
        assert!(t.len() == 2, "{t:?}");
    }

    #[test]
    fn title_breaks_at_punctuation_or_conjunction() {
        let t = title("关于巡察反馈意见、审计发现问题和信访举报线索整改情况的通报");
        assert!(
            t[0].ends_with('、') || t[0].ends_with('和') || t[1].starts_with('和'),
            "{t:?}"
        );
    }

    #[test]
    fn a_title_without_break_opportunities_is_cut_to_the_block() {
        // Latin letters never break inside a run: 400 of them have no split at a boundary.
        // The balancer used to try every line count with widths summed again (seconds), and
        // then set the run on one line off the page.
        let t = title(&"x".repeat(400));
        assert_eq!(t.concat(), "x".repeat(400));
        assert!(t.len() >= 20 && t.iter().all(|l| l.len() <= 20), "{t:?}");
    }

    #[test]
    fn a_long_title_is_balanced_over_many_lines() {
        let t = title(&"关于巡察整改的通报".repeat(40));
        assert!(t.len() >= 18, "{}", t.len());
        assert_eq!(t.concat(), "关于巡察整改的通报".repeat(40));
        assert!(
            t.iter()
                .all(|l| l.chars().count() >= 3 && l.chars().count() <= 20)
        );
    }
}
