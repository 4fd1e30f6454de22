//! The closing elements of a document as WordprocessingML: the 附件 note, the signature and
//! date (7.3.5), the 版记 frame (7.4) and attachments.

use super::parts::ids;
use super::xml::{Ind, PPr, RPr};
use super::{BORDER_ROOM, Elem, Writer, run, width_chars};
use crate::model::{Attachment, FontRole, Imprint, Orientation, Signature};

/// An empty paragraph on the grid: a blank line (not the tiny paragraphs that end a table or
/// carry a section break).
fn is_blank_line(e: &Elem) -> bool {
    matches!(e, Elem::P(p, runs) if runs.is_empty() && p.spacing.is_none() && p.sect.is_none())
}

impl Writer<'_> {
    fn ends_blank(&self) -> bool {
        self.body.last().is_some_and(is_blank_line)
    }

    /// One blank line before the 附件 note (7.3.4) or the signature (7.3.5), as the PDF's
    /// layout puts it, unless the text already ends on one or nothing precedes it.
    fn blank_line_before(&mut self, keep: bool) {
        if self.ends_blank() {
            if let Some(Elem::P(p, _)) = self.body.last_mut() {
                p.keep_next |= keep;
            }
        } else if !self.body.is_empty() && !self.pending_break {
            let ppr = PPr {
                keep_next: keep,
                ..PPr::default()
            };
            self.para(ppr, String::new());
        }
    }

    /// The PDF never lets the signature open a page: the last two lines of text go with it
    /// (`layout::compose`, keep_last_lines(2)). Word's words for that: keep-with-next on the
    /// last paragraph before the blank line, and widow control on it, so that when it breaks,
    /// at least two of its lines move.
    fn keep_last_text(&mut self) {
        let blanks = self
            .body
            .iter()
            .rev()
            .take_while(|e| is_blank_line(e))
            .count();
        let at = self.body.len().saturating_sub(blanks + 1);
        if let Some(Elem::P(p, runs)) = self.body.get_mut(at)
            && !runs.is_empty()
        {
            p.keep_next = true;
            p.keep_next_off = false;
            p.widow_control = Some(true);
        }
    }

    pub(super) fn attachment_note(&mut self, items: &[crate::model::Text]) {
        if !items.is_empty() {
            self.blank_line_before(false);
        }
        let none = RPr::default();
        let several = items.len() > 1;
        let c = self.d.body_char;
        for (i, item) in items.iter().enumerate() {
            let plain = crate::model::plain_text(item);
            let mut runs = String::new();
            if i == 0 && !plain.starts_with("附件") {
                run(
                    &mut runs,
                    "附件：",
                    &none,
                    &self.d.font_body,
                    &mut self.last_char,
                );
            }
            if several
                && !plain.starts_with(|ch: char| ch.is_ascii_digit())
                && !plain.starts_with("附件")
            {
                run(
                    &mut runs,
                    &format!("{}.", i + 1),
                    &none,
                    &self.d.font_body,
                    &mut self.last_char,
                );
            }
            runs.push_str(&self.runs(item, FontRole::Body, &none));
            let mut ppr = Self::styled(ids::ATTACHMENT_NOTE);
            if several {
                // Names aligned under the first name: 2 characters of indent + 附件：.
                let ind = if i == 0 {
                    Ind {
                        left: 5 * c,
                        left_chars: Some(500),
                        hanging: 3 * c,
                        hanging_chars: Some(300),
                        ..Ind::default()
                    }
                } else {
                    Ind {
                        left: 5 * c,
                        left_chars: Some(500),
                        first_line_chars: Some(0),
                        ..Ind::default()
                    }
                };
                ppr.ind = Some(ind);
            }
            self.para(ppr, runs);
        }
    }

    /// GB/T 9704 7.3.5: without a seal the issuer is right-indented two characters and the
    /// date starts two characters right of the issuer (a long date takes the two characters
    /// and pushes the issuer left); with a seal the date is right-indented four characters
    /// and the issuer centred over it.
    pub(super) fn signature(&mut self, s: &Signature) {
        let widths: Vec<f64> = s
            .issuers
            .iter()
            .map(|t| width_chars(&crate::model::plain_text(t)))
            .collect();
        let sw = widths.iter().cloned().fold(0.0, f64::max);
        let dw = width_chars(&s.date);
        let (issuer_right, date_right): (Vec<f64>, f64) = if s.seal {
            let rd = 4.0;
            let centre = rd + dw / 2.0;
            (
                widths.iter().map(|w| (centre - w / 2.0).max(0.0)).collect(),
                rd,
            )
        } else {
            let rs = (dw + 4.0 - sw).max(2.0);
            (
                widths.iter().map(|w| rs + (sw - w)).collect(),
                rs + sw - 2.0 - dw,
            )
        };
        self.keep_last_text();
        self.blank_line_before(true);
        let c = self.d.body_char as f64;
        let ind = |r: f64| Ind {
            right: (r * c).round() as i32,
            right_chars: Some((r * 100.0).round() as i32),
            ..Ind::default()
        };
        let none = RPr::default();
        for (t, r) in s.issuers.iter().zip(&issuer_right) {
            let runs = self.runs(t, FontRole::Body, &none);
            let mut ppr = Self::styled(ids::SIGNATURE);
            ppr.keep_next = true;
            ppr.ind = Some(ind(*r));
            self.para(ppr, runs);
        }
        let runs = self.plain_runs(&s.date, FontRole::Body, &none);
        let mut ppr = Self::styled(ids::DATE);
        ppr.ind = Some(ind(date_right));
        self.para(ppr, runs);
    }

    /// 版记: a frame anchored to the bottom of the text block on the last page, rules as
    /// wide as the block (thick above and below, thin between the elements).
    pub(super) fn imprint(&mut self, imp: &Imprint) {
        let mut fresh_page = self.orientation != Orientation::Portrait || self.pending_break;
        if let Some(breaks) = self.imprint_breaks {
            fresh_page = breaks > 0;
            self.even_page(breaks);
        }
        self.switch_orientation(Orientation::Portrait);
        let width = self.text_width();
        let size = self.d.imprint_size as i32;
        let ch = size * 10; // one 4号 character, twips
        let thick = |side: &str| {
            format!(r#"<w:{side} w:val="single" w:sz="8" w:space="1" w:color="000000"/>"#)
        };
        let thin = |side: &str| {
            format!(r#"<w:{side} w:val="single" w:sz="6" w:space="1" w:color="000000"/>"#)
        };
        let mut lines: Vec<(PPr, String)> = Vec::new();
        let none = RPr::default();
        if !imp.cc.is_empty() {
            let text = format!("抄送：{}。", imp.cc.join("，"));
            let runs = self.plain_runs(&text, FontRole::Body, &none);
            let ppr = PPr {
                ind: Some(Ind {
                    left: 4 * ch,
                    right: ch,
                    hanging: 3 * ch,
                    ..Ind::default()
                }),
                ..Self::styled(ids::IMPRINT)
            };
            lines.push((ppr, runs));
        }
        if imp.printed_by.is_some() || imp.printed_on.is_some() {
            let mut runs = String::new();
            run(
                &mut runs,
                imp.printed_by.as_deref().unwrap_or(""),
                &none,
                &self.d.font_body,
                &mut self.last_char,
            );
            if let Some(d) = &imp.printed_on {
                runs.push_str("<w:r><w:tab/></w:r>");
                run(
                    &mut runs,
                    &format!("{d}印发"),
                    &none,
                    &self.d.font_body,
                    &mut self.last_char,
                );
            }
            let ppr = PPr {
                tabs: Some(format!(
                    r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#,
                    width as i32 - ch
                )),
                ind: Some(Ind {
                    left: ch,
                    right: ch,
                    ..Ind::default()
                }),
                ..Self::styled(ids::IMPRINT)
            };
            lines.push((ppr, runs));
        }
        // After text on the same page: a frame placed at an absolute height so that its last
        // line sits on the last grid line of the block (Word and WPS; LibreOffice 7.4 ignores
        // frame positions and sets it inline).
        let mut grid_lines = 0u32;
        if !imp.cc.is_empty() {
            let text_w = width_chars(&format!("抄送：{}。", imp.cc.join("，"))) * ch as f64;
            let first = (width as i32 - 2 * ch).max(ch) as f64;
            let next = (width as i32 - 5 * ch).max(ch) as f64;
            grid_lines += 1 + ((text_w - first).max(0.0) / next).ceil() as u32;
        }
        if imp.printed_by.is_some() || imp.printed_on.is_some() {
            grid_lines += 1;
        }
        let g = *self.geom();
        let y = g
            .height
            .saturating_sub(g.bottom + grid_lines * self.d.line_pitch);
        let frame = format!(
            r#"<w:framePr w:w="{width}" w:wrap="around" w:vAnchor="page" w:hAnchor="margin" w:xAlign="center" w:y="{y}"/>"#
        );
        let n = lines.len();
        // On a page of its own the 版记 is pushed down by empty grid lines instead: every
        // office suite lays that out the same way (space-before at the top of a page is
        // dropped by LibreOffice).
        if fresh_page {
            let pad = self.style.page.lines.saturating_sub(grid_lines);
            for k in 0..pad {
                // The rules and their spacing (about 6 pt) take room too: the last empty
                // line gives it back.
                let ppr = if k + 1 == pad {
                    PPr {
                        snap_to_grid: Some(false),
                        spacing: Some((self.d.line_pitch.saturating_sub(BORDER_ROOM), "exact")),
                        ..PPr::default()
                    }
                } else {
                    PPr::default()
                };
                self.para(ppr, String::new());
            }
        }
        for (i, (mut ppr, runs)) in lines.into_iter().enumerate() {
            let mut b = String::from("<w:pBdr>");
            if i == 0 {
                b.push_str(&thick("top"));
            }
            b.push_str(&if i + 1 == n {
                thick("bottom")
            } else {
                thin("bottom")
            });
            b.push_str("</w:pBdr>");
            ppr.borders = Some(b);
            // Off the grid: with its rules a line is a little taller than the pitch and
            // would take two grid lines.
            ppr.snap_to_grid = Some(false);
            if !fresh_page {
                ppr.frame = Some(frame.clone());
            }
            self.para(ppr, runs);
        }
        if !fresh_page {
            // Word anchors a frame to the paragraph after it.
            self.para(Self::tiny_ppr(), String::new());
        }
    }

    /// Starts the 版记's page `breaks` pages on (the layout's count, GB/T 9704 7.4): one, a
    /// new page; two, an unnumbered blank page first, and the 版记's page unnumbered too
    /// (7.5), each a section of its own whose first page has no footer.
    fn even_page(&mut self, breaks: usize) {
        if breaks < 2 {
            if breaks == 1 && self.orientation == Orientation::Portrait {
                self.pending_break = true;
            }
            return;
        }
        // end the text's section (a landscape one ends by turning the page)
        if self.orientation == Orientation::Portrait {
            let sect = self.sect_pr();
            match self.body.last_mut() {
                Some(super::Elem::P(ppr, _)) if ppr.sect.is_none() => ppr.sect = Some(sect),
                _ => {
                    let mut p = Self::tiny_ppr();
                    p.sect = Some(sect);
                    self.body.push(super::Elem::P(Box::new(p), String::new()));
                }
            }
        } else {
            self.switch_orientation(Orientation::Portrait);
        }
        self.pending_break = false;
        // the blank page: a section of one empty paragraph
        let mut p = Self::tiny_ppr();
        p.sect = Some(unnumbered(&self.sect_pr()));
        self.body.push(super::Elem::P(Box::new(p), String::new()));
        self.unnumbered_last = true;
    }

    pub(super) fn attachment(&mut self, a: &Attachment) {
        if a.orientation != self.orientation {
            self.switch_orientation(a.orientation);
        } else if !self.body.is_empty() {
            self.pending_break = true;
        }
        let runs = self.plain_runs(&a.label, FontRole::Hei, &RPr::default());
        self.para(Self::styled(ids::ATTACHMENT_LABEL), runs);
        self.para(
            PPr {
                keep_next: true,
                ..PPr::default()
            },
            String::new(),
        );
        let runs = self.runs(&a.title, FontRole::Title, &RPr::default());
        self.para(Self::styled(ids::ATTACHMENT_TITLE), runs);
        self.blocks(&a.blocks);
    }
}

/// `sect` (a `w:sectPr`) with its first page unnumbered: `w:titlePg` and no first-page
/// footer, which Word, WPS and LibreOffice leave empty.
pub(super) fn unnumbered(sect: &str) -> String {
    sect.replacen("<w:docGrid", "<w:titlePg/><w:docGrid", 1)
}
