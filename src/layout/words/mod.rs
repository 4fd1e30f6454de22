//! Word boundaries for title breaking (issue 13: a title never splits a word).
//!
//! A title that has to break is segmented by jieba (`jieba-rs`, without its HMM guesser for
//! unknown words) with jieba's own dictionary (349,045 words with frequencies); numbering
//! words are kept whole over jieba's cuts (八届, 十二届, 第一, 第四轮, 第七轮, 第三批,
//! 第一巡察组). A position inside one of the plan's own names (unit, inspection body and
//! group, round, kind), given by the caller, is marked too: a name longer than a line must
//! break inside, between its words, so it is a joint of last resort, not a forbidden one.
//!
//! The dictionary is embedded (`jieba-dict.deflate`: the word and frequency columns of
//! jieba-rs 0.11.0's `src/data/dict.txt`, MIT licence, sorted by word, raw deflate,
//! 1.7 MB) and unpacked only when the first title of a run has to break; nothing else is
//! built from it (words are found by binary search). jieba-rs's own embedded dictionary
//! (its `default-dict` feature) took 300 ms to load in a release build and pulled a C
//! zstd build into ours. Each title gets a segmenter built from just the dictionary words
//! that occur in it, plus one filler entry that brings the frequency total up to the full
//! dictionary's, so that its cuts are exactly those of the full dictionary.

use jieba_rs::Jieba;
use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

static DICT: &[u8] = include_bytes!("jieba-dict.deflate");

/// The unpacked dictionary: `word freq` lines sorted by the word's bytes, after a first
/// line `total longest` (the sum of all frequencies, the longest word in characters).
struct Dict {
    lines: &'static str,
    total: usize,
    longest: usize,
}

impl Dict {
    /// The frequency of `word`, by binary search over the sorted lines (no index is
    /// built: unpacking is the only work done for the whole dictionary).
    fn freq(&self, word: &str) -> Option<usize> {
        let text = self.lines.as_bytes();
        let line_at = |pos: usize| -> (usize, usize) {
            let start = text[..pos]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |i| i + 1);
            let end = text[pos..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(text.len(), |i| pos + i);
            (start, end)
        };
        let (mut lo, mut hi) = (0, text.len());
        while lo < hi {
            let (start, end) = line_at((lo + hi) / 2);
            let line = &self.lines[start..end];
            let (w, f) = line.split_once(' ')?;
            match w.as_bytes().cmp(word.as_bytes()) {
                std::cmp::Ordering::Equal => return f.parse().ok(),
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        None
    }
}

fn dict() -> &'static Dict {
    static D: OnceLock<Dict> = OnceLock::new();
    D.get_or_init(|| {
        let mut text = String::new();
        // Embedded at build time, so unpacking cannot fail on a user's input; the unit test
        // `dictionary_unpacks` reads it.
        flate2::read::DeflateDecoder::new(DICT)
            .read_to_string(&mut text)
            .expect("the embedded jieba dictionary unpacks");
        let text: &'static str = Box::leak(text.into_boxed_str());
        let (head, lines) = text.split_once('\n').unwrap_or(("", ""));
        let mut head = head.split(' ').map(|n| n.parse::<usize>().unwrap_or(0));
        Dict {
            lines,
            total: head.next().unwrap_or(0),
            longest: head.next().unwrap_or(1).max(1),
        }
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The starts of jieba's words in `chars` (character indices, 0 included).
fn jieba_starts(chars: &[char]) -> Vec<usize> {
    let d = dict();
    let n = chars.len();
    let mut seen: HashSet<String> = HashSet::new();
    let mut lines = String::new();
    let mut sub = 0;
    for a in 0..n {
        let mut w = String::new();
        for &c in &chars[a..(a + d.longest).min(n)] {
            w.push(c);
            if !seen.contains(&w)
                && let Some(f) = d.freq(&w)
            {
                sub += f;
                lines.push_str(&format!("{w} {f}\n"));
                seen.insert(w.clone());
            }
        }
    }
    // The filler: two private-use characters, which no title has in practice (and if one
    // did, it would only be kept whole).
    if d.total > sub {
        lines.push_str(&format!("\u{e000}\u{e001} {}\n", d.total - sub));
    }
    let Ok(j) = Jieba::with_dict(&mut lines.as_bytes()) else {
        // Cannot happen with the lines built above; every position is then a boundary.
        return (0..n).collect();
    };
    let text: String = chars.iter().collect();
    j.cut(&text, false).iter().map(|t| t.start).collect()
}

/// Set phrases of 公文 that jieba cuts in two but a line must not: 违规经商|办企业,
/// 党风廉政|建设, 提升行政|效能, 在线|监管 (found in the title corpus of tests/titles.rs;
/// the list grows with it).
const PHRASES: &[&str] = &[
    "经商办企业",
    "党风廉政建设",
    "行政效能",
    "八项规定",
    "三重一大",
    "一岗双责",
    "第一议题",
    "过紧日子",
    "主体责任",
    "民主生活会",
    "在线监管",
    "巡视工作领导小组",
    "巡察工作领导小组",
];

const NUMERALS: &str = "一二三四五六七八九十百零〇两0123456789０１２３４５６７８９";

/// Numbering words as spans of `chars`: 八届, 十二届, 第一, 第四轮, 第三批, 第一巡察组.
fn numbering_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let num = |k: usize| chars.get(k).is_some_and(|c| NUMERALS.contains(*c));
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !num(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while num(j) {
            j += 1;
        }
        let ordinal = i > 0 && chars[i - 1] == '第';
        let start = if ordinal { i - 1 } else { i };
        let rest: String = chars[j..(j + 3).min(chars.len())].iter().collect();
        let suffix = ["巡察组", "巡视组", "届", "轮", "批", "次", "期", "组"]
            .into_iter()
            .find(|s| rest.starts_with(s))
            .map(|s| s.chars().count());
        match suffix {
            // 八届, 十二届 (a bare number only with 届: 三个 or 2024年 are not names)
            Some(1) if !ordinal && chars[j] == '届' => out.push((start, j + 1)),
            Some(k) if ordinal => out.push((start, j + k)),
            None if ordinal => out.push((start, j)),
            _ => {}
        }
        i = j;
    }
    out
}

/// What lies at a break position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joint {
    /// Between two words.
    Free,
    /// Between two words of one of the plan's names.
    InName,
    /// Inside a word.
    InWord,
}

/// For each position `i` in `0..=n` of `text` (a break before its `i`-th character): what
/// lies there. `names`: the plan's names. Positions between two characters that are not
/// both Han are never inside a word here (the line breaker's own rules keep Latin runs and
/// numbers together).
pub fn joints(text: &str, names: &[String]) -> Vec<Joint> {
    let inside = inside_word(text);
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out: Vec<Joint> = inside
        .iter()
        .map(|&w| if w { Joint::InWord } else { Joint::Free })
        .collect();
    for name in names {
        let w: Vec<char> = name.chars().collect();
        if w.len() < 2 || w.len() > n {
            continue;
        }
        for a in 0..=n - w.len() {
            if chars[a..a + w.len()] == w[..] {
                for j in out.iter_mut().take(a + w.len()).skip(a + 1) {
                    if *j == Joint::Free {
                        *j = Joint::InName;
                    }
                }
            }
        }
    }
    out
}

/// For each position `i` in `0..=n` of `text`: whether it lies inside a word (jieba's or a
/// numbering word).
fn inside_word(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut inside = vec![false; n + 1];
    if !chars.iter().any(|&c| is_han(c)) {
        return inside;
    }
    let mut start = vec![false; n + 1];
    for s in jieba_starts(&chars) {
        start[s] = true;
    }
    start[n] = true;
    for i in 1..n {
        inside[i] = !start[i] && is_han(chars[i - 1]) && is_han(chars[i]);
    }
    let mut keep = |a: usize, b: usize| {
        for p in inside.iter_mut().take(b).skip(a + 1) {
            *p = true;
        }
    };
    for (a, b) in numbering_spans(&chars) {
        keep(a, b);
    }
    for p in PHRASES {
        let w: Vec<char> = p.chars().collect();
        for a in 0..=n.saturating_sub(w.len()) {
            if chars.get(a..a + w.len()) == Some(&w[..]) {
                keep(a, a + w.len());
            }
        }
    }
    inside
}

/// Whether a plan name starts or ends at position `i` of `chars`.
pub fn at_name_edge(chars: &[char], i: usize, names: &[String]) -> bool {
    names.iter().any(|name| {
        let w: Vec<char> = name.chars().collect();
        let l = w.len();
        l >= 2 && ((i >= l && chars[i - l..i] == w[..]) || chars.get(i..i + l) == Some(&w[..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str, names: &[&str]) -> String {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let joints = joints(text, &names);
        let mut out = String::new();
        for (i, c) in text.chars().enumerate() {
            match joints[i] {
                _ if i == 0 => {}
                Joint::Free => out.push('/'),
                Joint::InName => out.push('.'),
                Joint::InWord => {}
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn dictionary_unpacks() {
        let d = dict();
        assert_eq!(d.lines.lines().count(), 349_045);
        assert_eq!((d.total, d.longest), (60_101_964, 16));
        // sorted, as the binary search needs
        let words: Vec<&str> = d
            .lines
            .lines()
            .filter_map(|l| l.split(' ').next())
            .collect();
        assert!(words.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert!(d.freq("整改").is_some() && d.freq("巡察").is_some());
        assert_eq!(d.freq(words[0]).map(|_| ()), Some(()));
        assert_eq!(d.freq(words[words.len() - 1]).map(|_| ()), Some(()));
        assert_eq!(d.freq("巡察整改进展"), None);
    }

    #[test]
    fn the_segmenter_cuts_as_jieba_with_the_full_dictionary() {
        // jieba-rs 0.11.0 with its own dictionary, HMM off, cuts these titles so (run
        // with `Jieba::new().cut(t, false)` when this was written).
        assert_eq!(
            cuts(
                "中共鄂州市数据局党组关于八届市委第四轮巡察反馈意见整改进展情况的通报",
                &[]
            ),
            "中共/鄂州市/数据/局/党组/关于/八届/市委/第四轮/巡察/反馈/意见/整改/进展/情况/的/通报"
        );
        assert_eq!(
            cuts(
                "中共长治市屯留区委关于十二届省委第七轮巡视整改进展情况的通报",
                &[]
            ),
            "中共/长治市/屯留/区委/关于/十二届/省委/第七轮/巡视/整改/进展/情况/的/通报"
        );
    }

    #[test]
    fn numbering_words_and_plan_names_stay_whole() {
        // jieba alone: 区委/第一/巡察/组
        assert_eq!(
            cuts("关于区委第一巡察组巡察反馈意见", &[]),
            "关于/区委/第一巡察组/巡察/反馈/意见"
        );
        assert_eq!(
            cuts(
                "中共郑州市惠济区行政审批和政务信息管理局党组关于区委巡察",
                &["中共郑州市惠济区行政审批和政务信息管理局党组"]
            ),
            "中共.郑州市.惠济.区.行政.审批.和.政务信息.管理局.党组/关于/区委/巡察"
        );
        assert_eq!(cuts("2024年第三批", &[]), "2/0/2/4/年/第三批");
    }

    #[test]
    fn text_without_han_is_never_inside_a_word() {
        assert!(inside_word(&"x".repeat(50)).iter().all(|b| !b));
    }
}
