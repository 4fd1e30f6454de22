//! The markup templates render: a small XML vocabulary (`docs/templates.md`), parsed here
//! into the document model. Errors carry a byte offset into the markup; the caller maps it
//! back to the template line.
//!
//! Whitespace: between blocks it is ignored; inside text, a run of whitespace that contains a
//! line break is dropped (template line breaks and indentation are layout, not text), other
//! spaces are kept.

use crate::model::*;
use roxmltree::{Node, NodeType};

/// A markup error: what, and where in the markup (byte offset).
#[derive(Debug, Clone)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
}

type R<T> = Result<T, MarkupError>;

fn err<T>(node: Node, message: impl Into<String>) -> R<T> {
    Err(MarkupError {
        offset: node.range().start,
        message: message.into(),
    })
}

/// Parses markup into a document of `kind`.
pub fn parse(markup: &str, kind: &str) -> R<Document> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let xml = roxmltree::Document::parse_with_options(markup, opts).map_err(|e| {
        let p = e.pos();
        MarkupError {
            offset: offset_of(markup, p.row as usize, p.col as usize),
            message: format!("the markup is not well-formed XML: {e}"),
        }
    })?;
    let root = xml.root_element();
    if root.tag_name().name() != "document" {
        return err(
            root,
            format!(
                "the markup must have one root element <document>, found <{}>",
                root.tag_name().name()
            ),
        );
    }
    check_attrs(root, &["orientation", "at"])?;
    let mut doc = Document {
        kind: kind.to_string(),
        meta: Metadata::default(),
        orientation: orientation(root)?,
        blocks: vec![],
        words: vec![],
    };
    check_block_children(root)?;
    for child in elements(root) {
        if child.tag_name().name() == "meta" {
            doc.meta = meta(child)?;
        } else {
            doc.blocks.push(block(child, &origin_of(root))?);
        }
    }
    Ok(doc)
}

/// Byte offset of a 1-based (row, column in characters) position.
pub fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == row {
            return offset
                + line
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

/// Element children; text between blocks must be whitespace.
fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn check_block_children(node: Node) -> R<()> {
    for c in node.children() {
        if c.is_text() && !c.text().unwrap_or("").trim().is_empty() {
            return err(
                c,
                format!(
                    "text directly inside <{}>: put it in a <p>",
                    node.tag_name().name()
                ),
            );
        }
    }
    Ok(())
}

fn check_attrs(node: Node, allowed: &[&str]) -> R<()> {
    for a in node.attributes() {
        if !allowed.contains(&a.name()) {
            return err(
                node,
                format!(
                    "<{}> has no attribute `{}` (it takes: {})",
                    node.tag_name().name(),
                    a.name(),
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ),
            );
        }
    }
    Ok(())
}

fn origin_of(node: Node) -> Origin {
    node.ancestors()
        .find_map(|n| n.attribute("at"))
        .map(Origin::new)
        .unwrap_or_default()
}

fn bool_attr(node: Node, name: &str) -> R<bool> {
    match node.attribute(name).map(str::trim) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(v) => err(node, format!("`{name}` must be true or false, not {v:?}")),
    }
}

fn orientation(node: Node) -> R<Orientation> {
    match node.attribute("orientation").map(str::trim) {
        None | Some("") | Some("portrait") => Ok(Orientation::Portrait),
        Some("landscape") => Ok(Orientation::Landscape),
        Some(v) => err(
            node,
            format!("`orientation` must be portrait or landscape, not {v:?}"),
        ),
    }
}

fn align(node: Node, default: Align) -> R<Align> {
    match node.attribute("align").map(str::trim) {
        None | Some("") => Ok(default),
        Some("justify") => Ok(Align::Justify),
        Some("left") => Ok(Align::Left),
        Some("center") => Ok(Align::Center),
        Some("right") => Ok(Align::Right),
        Some(v) => err(
            node,
            format!("`align` must be justify, left, center or right, not {v:?}"),
        ),
    }
}

fn num_attr<T: std::str::FromStr>(node: Node, name: &str, default: T) -> R<T> {
    match node.attribute(name).map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse()
            .or_else(|_| err(node, format!("`{name}` must be a number, not {v:?}"))),
    }
}

fn opt_attr(node: Node, name: &str) -> Option<String> {
    node.attribute(name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn meta(node: Node) -> R<Metadata> {
    check_attrs(node, &["title", "author", "subject", "date"])?;
    let mut m = Metadata {
        title: node.attribute("title").unwrap_or("").trim().to_string(),
        author: node.attribute("author").unwrap_or("").trim().to_string(),
        subject: node.attribute("subject").unwrap_or("").trim().to_string(),
        keywords: vec![],
        date: match opt_attr(node, "date") {
            None => None,
            Some(d) => match Date::parse_iso(&d) {
                Some(d) => Some(d),
                None => return err(node, format!("`date` must be a date YYYY-MM-DD, not {d:?}")),
            },
        },
    };
    check_block_children(node)?;
    for k in elements(node) {
        if k.tag_name().name() != "keyword" {
            return err(
                k,
                format!("<meta> holds only <keyword>, not <{}>", k.tag_name().name()),
            );
        }
        let text = plain_text(&inline(k, &Origin::default())?);
        if !text.is_empty() {
            m.keywords.push(text);
        }
    }
    Ok(m)
}

fn block(node: Node, parent: &Origin) -> R<Block> {
    let name = node.tag_name().name();
    let own = node
        .attribute("at")
        .map(Origin::new)
        .unwrap_or_else(|| parent.clone());
    Ok(match name {
        "title" => {
            check_attrs(node, &["at"])?;
            let lines: Vec<Node> = elements(node)
                .filter(|c| c.tag_name().name() == "line")
                .collect();
            if lines.is_empty() {
                Block::Title {
                    lines: vec![inline(node, &own)?],
                }
            } else {
                check_only(node, "line")?;
                Block::Title {
                    lines: lines
                        .into_iter()
                        .map(|l| inline(l, &origin_in(l, &own)))
                        .collect::<R<_>>()?,
                }
            }
        }
        "subtitle" => {
            check_attrs(node, &["at"])?;
            Block::Subtitle {
                text: inline(node, &own)?,
            }
        }
        "recipients" => {
            check_attrs(node, &["at"])?;
            Block::Recipients {
                text: inline(node, &own)?,
            }
        }
        "heading" => {
            check_attrs(node, &["level", "number", "at"])?;
            let level: u8 = num_attr(node, "level", 1)?;
            if !(1..=4).contains(&level) {
                return err(node, format!("heading `level` must be 1 to 4, not {level}"));
            }
            let run_in = match elements(node).find(|c| c.tag_name().name() == "runin") {
                Some(r) => {
                    check_attrs(r, &["at"])?;
                    inline(r, &origin_in(r, &own))?
                }
                None => vec![],
            };
            Block::Heading(Heading {
                level,
                number: node.attribute("number").unwrap_or("").trim().to_string(),
                text: inline_except(node, &own, "runin")?,
                run_in,
            })
        }
        "p" => {
            check_attrs(node, &["align", "indent", "at"])?;
            let a = align(node, Align::Justify)?;
            let default_indent = if a == Align::Justify { 2 } else { 0 };
            Block::Paragraph(Paragraph {
                text: inline(node, &own)?,
                align: a,
                indent: num_attr(node, "indent", default_indent)?,
            })
        }
        "measures" => {
            check_attrs(node, &["inline", "at"])?;
            check_block_children(node)?;
            let mut lead = vec![];
            let mut items = vec![];
            for c in elements(node) {
                match c.tag_name().name() {
                    "lead" => {
                        check_attrs(c, &["at"])?;
                        lead = inline(c, &origin_in(c, &own))?;
                    }
                    "item" => {
                        check_attrs(c, &["marker", "at"])?;
                        items.push(MeasureItem {
                            marker: c.attribute("marker").unwrap_or("").trim().to_string(),
                            text: inline(c, &origin_in(c, &own))?,
                        });
                    }
                    other => {
                        return err(
                            c,
                            format!("<measures> holds <lead> and <item>, not <{other}>"),
                        );
                    }
                }
            }
            Block::MeasureList(MeasureList {
                lead,
                items,
                inline: bool_attr(node, "inline")?,
            })
        }
        "table" => table(node, &own)?,
        "attachment-note" => {
            check_attrs(node, &["at"])?;
            check_only(node, "item")?;
            Block::AttachmentNote {
                items: elements(node)
                    .map(|c| inline(c, &origin_in(c, &own)))
                    .collect::<R<_>>()?,
            }
        }
        "signature" => {
            check_attrs(node, &["date", "seal", "at"])?;
            check_only(node, "issuer")?;
            Block::Signature(Signature {
                issuers: elements(node)
                    .map(|c| inline(c, &origin_in(c, &own)))
                    .collect::<R<_>>()?,
                date: node.attribute("date").unwrap_or("").trim().to_string(),
                seal: bool_attr(node, "seal")?,
            })
        }
        "note" => {
            check_attrs(node, &["at"])?;
            Block::Note {
                text: inline(node, &own)?,
            }
        }
        "imprint" => {
            check_attrs(node, &["printed-by", "printed-on", "at"])?;
            check_only(node, "cc")?;
            Block::Imprint(Imprint {
                cc: elements(node)
                    .map(|c| inline(c, &own).map(|t| plain_text(&t)))
                    .filter(|t| !matches!(t, Ok(s) if s.is_empty()))
                    .collect::<R<_>>()?,
                printed_by: opt_attr(node, "printed-by"),
                printed_on: opt_attr(node, "printed-on"),
            })
        }
        "masthead" => masthead(node, &own)?,
        "pagebreak" => {
            check_attrs(node, &[])?;
            Block::PageBreak
        }
        "blank" => {
            check_attrs(node, &[])?;
            Block::BlankLine
        }
        "attachment" => {
            check_attrs(node, &["label", "orientation", "at"])?;
            let title = match elements(node).find(|c| c.tag_name().name() == "title") {
                Some(t) => inline(t, &origin_in(t, &own))?,
                None => vec![],
            };
            check_block_children(node)?;
            let body = elements(node)
                .filter(|c| c.tag_name().name() != "title")
                .map(|c| block(c, &own))
                .collect::<R<Vec<_>>>()?;
            Block::Attachment(Attachment {
                label: node.attribute("label").unwrap_or("附件").trim().to_string(),
                title,
                orientation: orientation(node)?,
                blocks: body,
            })
        }
        "meta" => return err(node, "<meta> belongs directly under <document>"),
        other => {
            return err(
                node,
                format!(
                    "unknown element <{other}> (blocks are: title, subtitle, recipients, heading, p, measures, table, attachment-note, signature, note, imprint, masthead, pagebreak, blank, attachment)"
                ),
            );
        }
    })
}

/// `<masthead>`: the 版头 (GB/T 9704 7.2). Empty attributes are absent elements; one
/// `<organ>` per issuing organ; `signer` names are separated by 、 or ，.
fn masthead(node: Node, own: &Origin) -> R<Block> {
    check_attrs(
        node,
        &[
            "at", "copy-no", "secrecy", "urgency", "number", "signer", "upward",
        ],
    )?;
    check_only(node, "organ")?;
    let organs: Vec<Text> = elements(node)
        .map(|c| {
            check_attrs(c, &["at"])?;
            inline(c, &origin_in(c, own))
        })
        .collect::<R<_>>()?;
    if organs.iter().all(|t| plain_text(t).trim().is_empty()) {
        return err(
            node,
            "<masthead> needs an <organ> (the 发文机关标志) with text",
        );
    }
    let signers = opt_attr(node, "signer")
        .map(|s| {
            s.split(['、', '，', ','])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    Ok(Block::Masthead(Masthead {
        copy_no: opt_attr(node, "copy-no"),
        secrecy: opt_attr(node, "secrecy"),
        urgency: opt_attr(node, "urgency"),
        organs,
        number: opt_attr(node, "number"),
        signers,
        upward: bool_attr(node, "upward")?,
    }))
}

fn origin_in(node: Node, parent: &Origin) -> Origin {
    node.attribute("at")
        .map(Origin::new)
        .unwrap_or_else(|| parent.clone())
}

fn check_only(node: Node, child: &str) -> R<()> {
    check_block_children(node)?;
    for c in elements(node) {
        if c.tag_name().name() != child {
            return err(
                c,
                format!(
                    "<{}> holds only <{child}>, not <{}>",
                    node.tag_name().name(),
                    c.tag_name().name()
                ),
            );
        }
    }
    Ok(())
}

fn table(node: Node, own: &Origin) -> R<Block> {
    check_attrs(node, &["columns", "font-size", "at"])?;
    // No `columns`, or `auto`: widths measured from the text (layout::resolve_columns).
    let columns: Vec<f32> = match node.attribute("columns") {
        None => vec![],
        Some(s) if s.trim() == "auto" => vec![],
        Some(s) => s
            .split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(|x| x.parse::<f32>().ok().filter(|w| w.is_finite() && *w > 0.0))
            .collect::<Option<_>>()
            .map_or_else(
                || {
                    err(
                        node,
                        format!(
                            "`columns` must be positive numbers separated by commas, not {s:?}"
                        ),
                    )
                },
                Ok,
            )?,
    };
    let font_size: f32 = num_attr(node, "font-size", 12.0)?;
    check_only(node, "row")?;
    let mut rows = vec![];
    for r in elements(node) {
        check_attrs(r, &["kind", "at"])?;
        let kind = match r.attribute("kind").map(str::trim) {
            None | Some("") | Some("body") => RowKind::Body,
            Some("header") => RowKind::Header,
            Some("category") => RowKind::Category,
            Some("total") => RowKind::Total,
            Some(v) => {
                return err(
                    r,
                    format!("row `kind` must be header, category, body or total, not {v:?}"),
                );
            }
        };
        check_only(r, "cell")?;
        if elements(r).next().is_none() {
            return err(r, "a <row> without a <cell>: every row needs one");
        }
        let row_origin = origin_in(r, own);
        let mut cells = vec![];
        let mut cell_nodes = vec![];
        for c in elements(r) {
            check_attrs(c, &["span", "vmerge", "align", "flagged", "at"])?;
            let co = origin_in(c, &row_origin);
            let paras: Vec<Node> = elements(c).filter(|p| p.tag_name().name() == "p").collect();
            let paragraphs = if paras.is_empty() {
                vec![inline(c, &co)?]
            } else {
                check_only(c, "p")?;
                paras
                    .into_iter()
                    .map(|p| inline(p, &origin_in(p, &co)))
                    .collect::<R<_>>()?
            };
            let vmerge = match c.attribute("vmerge").map(str::trim) {
                None | Some("") | Some("none") => VMerge::None,
                Some("restart") => VMerge::Restart,
                Some("continue") => VMerge::Continue,
                Some(v) => {
                    return err(
                        c,
                        format!("`vmerge` must be restart or continue, not {v:?}"),
                    );
                }
            };
            let span: u16 = num_attr(c, "span", 1)?;
            cells.push(Cell {
                paragraphs,
                span: span.max(1),
                vmerge,
                align: align(c, Align::Left)?,
                flagged: bool_attr(c, "flagged")?,
            });
            cell_nodes.push(c);
        }
        let row = Row { kind, cells };
        // The writers set rows by `span_of`; a row wider than `columns` is the template's
        // error, located here rather than found by a writer without a line.
        if !columns.is_empty() {
            let ncols = columns.len();
            let mut col = 0;
            for (i, c) in cell_nodes.iter().enumerate() {
                col += row.span_of(i, col, ncols);
                if col > ncols {
                    return err(
                        *c,
                        format!(
                            "this row's cells span {col} columns, the table has {ncols} (`columns`)"
                        ),
                    );
                }
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return err(
            node,
            "a <table> without a <row>: a table needs at least one (a header row, say)",
        );
    }
    Ok(Block::Table(Table {
        columns,
        font_size,
        rows,
    }))
}

fn inline(node: Node, origin: &Origin) -> R<Text> {
    inline_except(node, origin, "")
}

/// The runs of `node`'s content (text, <b>, <span>), skipping child elements named `skip`.
fn inline_except(node: Node, origin: &Origin, skip: &str) -> R<Text> {
    let mut runs: Text = vec![];
    collect(node, origin, None, false, skip, &mut runs)?;
    // Trim the whole text's ends; drop empty runs; merge neighbours that look the same.
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    let mut out: Text = vec![];
    for r in runs.into_iter().filter(|r| !r.text.is_empty()) {
        match out.last_mut() {
            Some(p) if p.role == r.role && p.bold == r.bold && p.origin == r.origin => {
                p.text.push_str(&r.text)
            }
            _ => out.push(r),
        }
    }
    Ok(out)
}

fn collect(
    node: Node,
    origin: &Origin,
    role: Option<FontRole>,
    bold: bool,
    skip: &str,
    out: &mut Text,
) -> R<()> {
    for c in node.children() {
        match c.node_type() {
            NodeType::Text => out.push(Inline {
                text: drop_controls(squeeze(c.text().unwrap_or(""))),
                role,
                bold,
                origin: origin.clone(),
            }),
            NodeType::Element => {
                let name = c.tag_name().name();
                if name == skip {
                    continue;
                }
                let o = origin_in(c, origin);
                match name {
                    "b" => {
                        check_attrs(c, &["at"])?;
                        collect(c, &o, role, true, skip, out)?
                    }
                    "span" => {
                        check_attrs(c, &["role", "bold", "at"])?;
                        let r = match c.attribute("role").map(str::trim) {
                            None | Some("") => role,
                            Some(v) if FontRole::from_key(v).is_some() => FontRole::from_key(v),
                            Some(v) => {
                                return err(
                                    c,
                                    format!(
                                        "`role` must be title, body, hei, kai or song, not {v:?}"
                                    ),
                                );
                            }
                        };
                        collect(c, &o, r, bold || bool_attr(c, "bold")?, skip, out)?
                    }
                    other => {
                        return err(
                            c,
                            format!(
                                "<{other}> cannot stand inside text (text holds <b> and <span>)"
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Drops control characters other than tab and line feed (U+007F, C1 controls): no writer
/// can show them, and dropping them here keeps the DOCX and the PDF alike.
fn drop_controls(mut s: String) -> String {
    if s.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        s.retain(|c| !c.is_control() || c == '\t' || c == '\n');
    }
    s
}

/// Drops runs of whitespace that contain a line break (template layout).
fn squeeze(s: &str) -> String {
    if !s.contains(['\n', '\r']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut ws = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            ws.push(c);
        } else {
            if !ws.contains(['\n', '\r']) {
                out.push_str(&ws);
            }
            ws.clear();
            out.push(c);
        }
    }
    if !ws.contains(['\n', '\r']) {
        out.push_str(&ws);
    }
    out
}

#[cfg(test)]
mod tests;
