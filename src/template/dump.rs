//! A stable, readable text dump of a document model: one line per block or item, runs as
//! text with their key paths (`@problems[0].items[2].title`) at the end of the line. Used for
//! golden tests and for looking at what a template produced (`rectdoc render --format model`).

use crate::model::*;
use std::fmt::Write;

/// The dump of a document.
pub fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let _ = writeln!(
        out,
        "document kind={} orientation={}",
        doc.kind,
        orient(doc.orientation)
    );
    let _ = writeln!(
        out,
        "meta title={:?} author={:?} subject={:?} date={} keywords=[{}]",
        m.title,
        m.author,
        m.subject,
        m.date.map_or("-".to_string(), |d| d.iso()),
        m.keywords.join(", ")
    );
    blocks(&doc.blocks, 0, &mut out);
    out
}

fn orient(o: Orientation) -> &'static str {
    match o {
        Orientation::Portrait => "portrait",
        Orientation::Landscape => "landscape",
    }
}

fn align(a: Align) -> &'static str {
    match a {
        Align::Justify => "justify",
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// Runs as one line: `**bold**`, `{hei:text}` for a face, then the distinct origins.
fn runs(t: &[Inline]) -> String {
    let mut s = String::new();
    let mut origins: Vec<&str> = vec![];
    for r in t {
        let text = r.text.replace('\\', "\\\\").replace('\n', "\\n");
        let text = if r.bold { format!("**{text}**") } else { text };
        match r.role {
            Some(role) => {
                let name = serde_json::to_value(role)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                let _ = write!(s, "{{{name}:{text}}}");
            }
            None => s.push_str(&text),
        }
        if !r.origin.is_empty() && !origins.contains(&r.origin.0.as_str()) {
            origins.push(&r.origin.0);
        }
    }
    for o in origins {
        let _ = write!(s, " @{o}");
    }
    s
}

fn blocks(bs: &[Block], depth: usize, out: &mut String) {
    let ind = "  ".repeat(depth);
    for b in bs {
        match b {
            Block::Title { lines } => {
                let _ = writeln!(out, "{ind}title");
                for l in lines {
                    let _ = writeln!(out, "{ind}  | {}", runs(l));
                }
            }
            Block::Subtitle { text } => {
                let _ = writeln!(out, "{ind}subtitle | {}", runs(text));
            }
            Block::Recipients { text } => {
                let _ = writeln!(out, "{ind}recipients | {}", runs(text));
            }
            Block::Heading(h) => {
                let _ = write!(
                    out,
                    "{ind}heading {} {} | {}",
                    h.level,
                    h.number,
                    runs(&h.text)
                );
                if !h.run_in.is_empty() {
                    let _ = write!(out, " ‖ {}", runs(&h.run_in));
                }
                out.push('\n');
            }
            Block::Paragraph(p) => {
                let _ = writeln!(
                    out,
                    "{ind}p {} indent={} | {}",
                    align(p.align),
                    p.indent,
                    runs(&p.text)
                );
            }
            Block::MeasureList(m) => {
                let _ = writeln!(
                    out,
                    "{ind}measures {} | {}",
                    if m.inline { "inline" } else { "paragraphs" },
                    runs(&m.lead)
                );
                for i in &m.items {
                    let _ = writeln!(out, "{ind}  {} | {}", i.marker, runs(&i.text));
                }
            }
            Block::Table(t) => {
                let cols: Vec<String> = t.columns.iter().map(|c| c.to_string()).collect();
                let _ = writeln!(
                    out,
                    "{ind}table columns=[{}] font-size={}",
                    cols.join(","),
                    t.font_size
                );
                for r in &t.rows {
                    let kind = serde_json::to_value(r.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default();
                    let _ = writeln!(out, "{ind}  row {kind}");
                    for c in &r.cells {
                        let vm = serde_json::to_value(c.vmerge)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default();
                        let paras: Vec<String> = c.paragraphs.iter().map(|p| runs(p)).collect();
                        let _ = writeln!(
                            out,
                            "{ind}    cell span={} vmerge={vm} align={}{} | {}",
                            c.span,
                            align(c.align),
                            if c.flagged { " flagged" } else { "" },
                            paras.join(" ¶ ")
                        );
                    }
                }
            }
            Block::AttachmentNote { items } => {
                let _ = writeln!(out, "{ind}attachment-note");
                for i in items {
                    let _ = writeln!(out, "{ind}  | {}", runs(i));
                }
            }
            Block::Signature(s) => {
                let _ = writeln!(out, "{ind}signature seal={} date={}", s.seal, s.date);
                for i in &s.issuers {
                    let _ = writeln!(out, "{ind}  issuer | {}", runs(i));
                }
            }
            Block::Note { text } => {
                let _ = writeln!(out, "{ind}note | {}", runs(text));
            }
            Block::Imprint(i) => {
                let _ = writeln!(
                    out,
                    "{ind}imprint cc=[{}] printed-by={} printed-on={}",
                    i.cc.join(", "),
                    i.printed_by.as_deref().unwrap_or("-"),
                    i.printed_on.as_deref().unwrap_or("-")
                );
            }
            Block::Masthead(m) => {
                let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                let _ = writeln!(
                    out,
                    "{ind}masthead copy-no={} secrecy={} urgency={} number={} signers=[{}] upward={}",
                    opt(&m.copy_no),
                    opt(&m.secrecy),
                    opt(&m.urgency),
                    opt(&m.number),
                    m.signers.join(", "),
                    m.upward
                );
                for o in &m.organs {
                    let _ = writeln!(out, "{ind}  organ | {}", runs(o));
                }
            }
            Block::PageBreak => {
                let _ = writeln!(out, "{ind}pagebreak");
            }
            Block::BlankLine => {
                let _ = writeln!(out, "{ind}blank");
            }
            Block::Attachment(a) => {
                let _ = writeln!(
                    out,
                    "{ind}attachment label={} orientation={} | {}",
                    a.label,
                    orient(a.orientation),
                    runs(&a.title)
                );
                blocks(&a.blocks, depth + 1, out);
            }
        }
    }
}
