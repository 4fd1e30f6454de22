//! The title breaks the typesetter chooses, handed to the writers that do not lay out (the
//! DOCX): issue 13, "the DOCX carries the typesetter's decisions". Word, WPS and LibreOffice
//! wrap a centred title wherever a line fills (第一巡察 / 组巡察); given the balanced lines
//! as explicit lines (`<w:br/>` between them) they show the PDF's lines.

use super::paginator::Geo;
use super::shape::Shaper;
use super::title::balance_title;
use crate::fonts::Fonts;
use crate::model::{Block, Document, FontRole, Inline, Orientation, Text};
use crate::style::Style;

/// `doc` with each title's lines replaced by the lines the layout sets it in (an explicit
/// line too long for the block is broken again, as the layout does), and each attachment's
/// title broken likewise. Unchanged when no face serves the title (the DOCX needs no fonts;
/// the office client then breaks it itself).
pub fn with_title_lines(doc: &Document, style: &Style, fonts: &mut Fonts) -> Document {
    let mut out = doc.clone();
    if fonts.primary(FontRole::Title).is_none() {
        return out;
    }
    let mut sh = Shaper {
        fonts,
        allow_missing: true,
        missing: Default::default(),
    };
    let mut lines_of = |t: &Text, o: Orientation| -> Vec<Text> {
        let s = sh.shape(t, FontRole::Title, style.sizes.title, None);
        let width = Geo::new(style, o).width;
        let cuts: Vec<usize> = balance_title(&s, width, &doc.words)
            .iter()
            .skip(1)
            .map(|&(a, _)| a)
            .collect();
        split_at_glyphs(t, &s.glyphs, &cuts)
    };
    for b in &mut out.blocks {
        match b {
            Block::Title { lines } => {
                *lines = lines
                    .iter()
                    .flat_map(|l| lines_of(l, doc.orientation))
                    .collect();
            }
            // An attachment's title is one text: its lines are joined with a line feed,
            // which the DOCX writes as `<w:br/>` (the layout, which balances it itself,
            // never sees this copy).
            Block::Attachment(a) if !a.title.is_empty() => {
                let mut joined: Text = Vec::new();
                for (i, line) in lines_of(&a.title, a.orientation).into_iter().enumerate() {
                    if i > 0 {
                        joined.push(Inline {
                            text: "\n".into(),
                            ..line[0].clone()
                        });
                    }
                    joined.extend(line);
                }
                a.title = joined;
            }
            _ => {}
        }
    }
    out
}

/// `runs` cut into lines before the glyphs `cuts` (indices into `glyphs`, shaped from
/// `runs`: one glyph per character but the format characters the shaper skips).
fn split_at_glyphs(
    runs: &[Inline],
    glyphs: &[super::linebreak::Glyph],
    cuts: &[usize],
) -> Vec<Text> {
    // The (run, byte offset) of each glyph.
    let mut at = Vec::with_capacity(glyphs.len());
    let mut gi = 0;
    for (ri, run) in runs.iter().enumerate() {
        for (bi, ch) in run.text.char_indices() {
            if gi < glyphs.len() && glyphs[gi].run == ri && glyphs[gi].ch == ch {
                at.push((ri, bi));
                gi += 1;
            }
        }
    }
    if at.len() != glyphs.len() {
        // Not the runs the glyphs came from: left as one line.
        return vec![runs.to_vec()];
    }
    let mut lines: Vec<Text> = vec![Vec::new()];
    let mut next_cut = cuts.iter().map(|&g| at[g]).peekable();
    for (ri, run) in runs.iter().enumerate() {
        let mut from = 0;
        while let Some(&(cr, cb)) = next_cut.peek() {
            if cr != ri {
                break;
            }
            if cb > from {
                lines.last_mut().expect("a line").push(Inline {
                    text: run.text[from..cb].to_string(),
                    ..run.clone()
                });
            }
            lines.push(Vec::new());
            from = cb;
            next_cut.next();
        }
        if from < run.text.len() {
            lines.last_mut().expect("a line").push(Inline {
                text: run.text[from..].to_string(),
                ..run.clone()
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::linebreak::{Glyph, classify};

    fn glyphs(runs: &[Inline]) -> Vec<Glyph> {
        runs.iter()
            .enumerate()
            .flat_map(|(ri, r)| {
                r.text.chars().map(move |ch| Glyph {
                    ch,
                    class: classify(ch),
                    width: 1.0,
                    advance: 1.0,
                    run: ri,
                    auto_space: 0.0,
                })
            })
            .collect()
    }

    fn texts(lines: &[Text]) -> Vec<Vec<&str>> {
        lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn runs_are_cut_at_glyphs_keeping_their_faces() {
        let runs = vec![
            Inline::plain("中共某局党组"),
            Inline {
                role: Some(FontRole::Hei),
                ..Inline::plain("关于巡察")
            },
            Inline::plain("整改的通报"),
        ];
        let g = glyphs(&runs);
        // before 关 (glyph 6: a run boundary) and before 的 (glyph 12, inside the last run)
        let lines = split_at_glyphs(&runs, &g, &[6, 12]);
        assert_eq!(
            texts(&lines),
            [
                vec!["中共某局党组"],
                vec!["关于巡察", "整改"],
                vec!["的通报"]
            ]
        );
        assert_eq!(lines[1][0].role, Some(FontRole::Hei));
        let lines = split_at_glyphs(&runs, &g, &[8]);
        assert_eq!(
            texts(&lines),
            [vec!["中共某局党组", "关于"], vec!["巡察", "整改的通报"]]
        );
    }
}
