//! Full-width punctuation where YAML needs ASCII, as a Chinese input method types it: a key
//! followed by `：` (`detail：…`) or lines indented with `　` (U+3000). The YAML parser reads
//! such lines as text and fails a line later ("simple key expect ':'"), or silently folds them
//! into the value above; these checks name the character on its own line instead.

use super::yaml::{Pos, YamlError};

const FULL_COLON: char = '：';
const FULL_SPACE: char = '\u{3000}';

/// A key as the plan format spells them: lowercase ASCII, digits and `_`.
fn key_len(s: &str) -> usize {
    let n = s
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        .count();
    if s.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        n
    } else {
        0
    }
}

/// The findings, in file order: one per line at most for each kind.
pub fn scan(src: &str) -> Vec<YamlError> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == FULL_SPACE)
            .collect();
        let mut rest = &line[indent.len()..];
        // A list item's dash, followed by either kind of space.
        let mut dash = false;
        if let Some(r) = rest.strip_prefix('-')
            && (r.starts_with(' ') || r.starts_with(FULL_SPACE))
        {
            dash = true;
            rest = r.trim_start_matches([' ', FULL_SPACE]);
        }
        let k = key_len(rest);
        let after_key = rest[k..].trim_start_matches(' ');
        let keyed = k > 0 && (after_key.starts_with(':') || after_key.starts_with(FULL_COLON));
        if indent.contains(FULL_SPACE) && (keyed || dash) {
            let col = indent.chars().position(|c| c == FULL_SPACE).unwrap_or(0) + 1;
            out.push(YamlError {
                pos: Pos { line: i + 1, col },
                path: String::new(),
                message: "全角空格 `　` used as indentation; YAML needs ASCII spaces".into(),
                hint: Some(
                    "indent with ordinary spaces (switch the input method to half-width)".into(),
                ),
            });
        }
        // Inside a flow map: `{department：综合科}`, `, person：李某`.
        for (at, _) in line.match_indices(['{', ',']) {
            let rest = line[at + 1..].trim_start_matches(' ');
            let k = key_len(rest);
            if k > 0 && rest[k..].trim_start_matches(' ').starts_with(FULL_COLON) {
                let colon = line.len() - rest.len() + rest.find(FULL_COLON).unwrap_or(0);
                out.push(colon_error(
                    i + 1,
                    line[..colon].chars().count() + 1,
                    &rest[..k],
                ));
            }
        }
        if k > 0 && after_key.starts_with(FULL_COLON) {
            let before = &line[..line.len() - after_key.len()];
            out.push(colon_error(i + 1, before.chars().count() + 1, &rest[..k]));
        }
    }
    out.sort_by_key(|e| (e.pos.line, e.pos.col));
    out
}

fn colon_error(line: usize, col: usize, key: &str) -> YamlError {
    YamlError {
        pos: Pos { line, col },
        path: String::new(),
        message: format!("全角冒号 `：` after the key `{key}`; YAML needs `:`"),
        hint: Some(format!("write `{key}: …` with an ASCII colon and a space")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(src: &str) -> Vec<String> {
        scan(src)
            .iter()
            .map(|e| format!("{}:{} {}", e.pos.line, e.pos.col, e.message))
            .collect()
    }

    #[test]
    fn full_width_colons_after_keys() {
        assert_eq!(
            brief("problems:\n  - title: 甲\n    detail：乙\n  - title：丙\n"),
            [
                "3:11 全角冒号 `：` after the key `detail`; YAML needs `:`",
                "4:10 全角冒号 `：` after the key `title`; YAML needs `:`",
            ]
        );
    }

    #[test]
    fn full_width_colons_in_flow_maps() {
        assert_eq!(
            brief("    owner: {leader: 局长, department：综合科}\n"),
            ["1:35 全角冒号 `：` after the key `department`; YAML needs `:`"]
        );
    }

    #[test]
    fn full_width_indentation() {
        assert_eq!(
            brief("unit:\n　name: 甲\n  agency: 乙\n"),
            ["2:1 全角空格 `　` used as indentation; YAML needs ASCII spaces"]
        );
        assert_eq!(
            brief("m:\n  - a\n 　- b\n"),
            ["3:2 全角空格 `　` used as indentation; YAML needs ASCII spaces"]
        );
    }

    #[test]
    fn text_is_left_alone() {
        // Paragraph indentation inside a block scalar, a colon in the middle of a text, a
        // Chinese word before a full-width colon.
        let src =
            "text: |\n  　　局党组高度重视：立行立改。\n  联系电话：0371\nnote: 见附件：清单\n";
        assert!(scan(src).is_empty(), "{:?}", scan(src));
    }
}
