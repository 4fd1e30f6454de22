//! A spanned YAML node tree built from saphyr-parser's event stream.
//!
//! Why our own tree: the typed conversion needs the position of every key and value (for
//! located errors and the source map), scalars as the raw text the person wrote (`050053`
//! keeps its leading zero; any scalar is accepted in a text field), and hard limits that make
//! hostile input fail cleanly: the tree is built without recursion, nesting is capped, and
//! alias expansion has a node budget (an alias bomb is an error, not an OOM).

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use std::collections::HashMap;

/// Deepest nesting of maps and lists accepted. Later passes recurse over the tree, so this
/// also bounds their stack use.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that aliases (`*name`) may add to the tree in total.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Most bytes of text (scalars and keys) that aliases may add to the tree in total: a few
/// aliases of one huge scalar are few nodes but many copies of the text.
pub const MAX_ALIAS_BYTES: usize = 16 * 1024 * 1024;

/// A position in the source: line and column both count from 1; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
pub struct YNode {
    pub pos: Pos,
    pub kind: YKind,
}

#[derive(Debug, Clone)]
pub enum YKind {
    Scalar(Scalar),
    Seq(Vec<YNode>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone)]
pub struct Scalar {
    /// The scalar's text as parsed (quotes and escapes resolved, nothing else).
    pub text: String,
    /// Unquoted and untagged: only such scalars can mean null, a number or a boolean.
    pub plain: bool,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: YNode,
}

/// A YAML-level error: a syntax error, a limit hit, a duplicate key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    /// Key path of the node being read when it happened (`problems[0].status`); empty at
    /// the top.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl YNode {
    /// Removes `c` from every scalar of the tree.
    pub fn remove_char(&mut self, c: char) {
        match &mut self.kind {
            YKind::Scalar(s) => s.text.retain(|x| x != c),
            YKind::Seq(items) => items.iter_mut().for_each(|n| n.remove_char(c)),
            YKind::Map(entries) => entries.iter_mut().for_each(|e| e.value.remove_char(c)),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, YKind::Scalar(s) if s.plain && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            YKind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&YNode> {
        self.as_map()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// How a value is described in "found …" messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            YKind::Seq(_) => "a list".into(),
            YKind::Map(_) => "a map".into(),
            YKind::Scalar(_) if self.is_null() => "nothing".into(),
            YKind::Scalar(s) => {
                let mut t: String = s.text.chars().take(40).collect();
                if s.text.chars().count() > 40 {
                    t.push('…');
                }
                if s.plain && t.parse::<f64>().is_ok() {
                    format!("the number {t}")
                } else {
                    format!("`{t}`")
                }
            }
        }
    }

    /// Number of nodes in this subtree (itself included; map keys are not counted) and the
    /// bytes of its text (scalars and keys).
    fn size(&self) -> (usize, usize) {
        match &self.kind {
            YKind::Scalar(s) => (1, s.text.len()),
            YKind::Seq(v) => v.iter().map(YNode::size).fold((1, 0), add_sizes),
            YKind::Map(m) => m
                .iter()
                .map(|e| {
                    let (n, b) = e.value.size();
                    (n, b + e.key.len())
                })
                .fold((1, 0), add_sizes),
        }
    }
}

fn add_sizes(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0.saturating_add(b.0), a.1.saturating_add(b.1))
}

fn pos_of(m: &saphyr_parser::Marker) -> Pos {
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<YNode>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Pos)>,
        seen: HashMap<String, Pos>,
    },
}

/// Parses one YAML document. `Ok(None)` for a stream without a document (an empty file).
/// Non-fatal findings (duplicate keys) come back in the vector next to the tree; a fatal one
/// (syntax error, limit) is the `Err`.
pub fn parse(src: &str) -> Result<(Option<YNode>, Vec<YamlError>), YamlError> {
    let mut parser = Parser::new_from_str(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (YNode, (usize, usize))> = HashMap::new();
    let mut alias_nodes = 0usize;
    let mut alias_bytes = 0usize;
    let mut root: Option<YNode> = None;
    let mut docs = 0usize;
    let mut soft = Vec::new();

    while let Some(ev) = parser.next_event() {
        let (ev, span) = ev.map_err(|e: ScanError| syntax_error(&e, src, path_of(&stack, true)))?;
        let pos = pos_of(&span.start);
        // A finished node and the anchor it was declared with (0: none).
        let done: Option<(YNode, usize)> = match ev {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => None,
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    return Err(YamlError {
                        pos,
                        path: String::new(),
                        message: "a second YAML document (`---`); a plan file holds one".into(),
                        hint: Some("put each plan in its own file".into()),
                    });
                }
                None
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                Some((
                    YNode {
                        pos,
                        kind: YKind::Scalar(Scalar {
                            text: text.into_owned(),
                            plain,
                        }),
                    },
                    anchor,
                ))
            }
            Event::Alias(id) => {
                let Some((node, size)) = anchors.get(&id) else {
                    return Err(YamlError {
                        pos,
                        path: path_of(&stack, true),
                        message: "alias to an unknown anchor".into(),
                        hint: Some("define the anchor (`&name`) before its alias (`*name`)".into()),
                    });
                };
                alias_nodes = alias_nodes.saturating_add(size.0);
                alias_bytes = alias_bytes.saturating_add(size.1);
                if alias_bytes > MAX_ALIAS_BYTES {
                    return Err(YamlError {
                        pos,
                        path: path_of(&stack, true),
                        message: format!(
                            "aliases expand to more than {} MB of text",
                            MAX_ALIAS_BYTES / (1024 * 1024)
                        ),
                        hint: Some(
                            "write the repeated text once, or use fewer aliases of long text"
                                .into(),
                        ),
                    });
                }
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(YamlError {
                        pos,
                        path: path_of(&stack, true),
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                        ),
                        hint: Some(
                            "write the repeated data out, or use fewer nested aliases".into(),
                        ),
                    });
                }
                let mut n = node.clone();
                n.pos = pos;
                Some((n, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        pos,
                        path: path_of(&stack, true),
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        hint: None,
                    });
                }
                stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        pos,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        seen: HashMap::new(),
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq { pos, anchor, items }) => Some((
                    YNode {
                        pos,
                        kind: YKind::Seq(items),
                    },
                    anchor,
                )),
                Some(Frame::Map {
                    pos,
                    anchor,
                    entries,
                    ..
                }) => Some((
                    YNode {
                        pos,
                        kind: YKind::Map(entries),
                    },
                    anchor,
                )),
                None => None,
            },
        };
        let Some((node, anchor)) = done else { continue };
        if anchor != 0 {
            let size = node.size();
            anchors.insert(anchor, (node.clone(), size));
        }
        let parent_path = path_of(&stack, false);
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => match node.kind {
                    YKind::Scalar(s) => *key = Some((s.text, node.pos)),
                    _ => {
                        return Err(YamlError {
                            pos: node.pos,
                            path: parent_path,
                            message: format!("a map key must be text, found {}", node.describe()),
                            hint: None,
                        });
                    }
                },
                Some((k, key_pos)) => {
                    if let Some(first) = seen.get(&k) {
                        soft.push(YamlError {
                            pos: key_pos,
                            path: join(&parent_path, &k),
                            message: format!("duplicate key `{k}` (first at line {})", first.line),
                            hint: Some("remove one of them or merge them".into()),
                        });
                    } else {
                        seen.insert(k.clone(), key_pos);
                        entries.push(Entry {
                            key: k,
                            key_pos,
                            value: node,
                        });
                    }
                }
            },
        }
    }
    Ok((root, soft))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The key path of the node under construction: each open map adds its pending key, each
/// open list the index of the item being read. `pending_top`: include the innermost frame's
/// pending child too.
fn path_of(stack: &[Frame], pending_top: bool) -> String {
    let mut p = String::new();
    let last = stack.len().saturating_sub(1);
    for (i, f) in stack.iter().enumerate() {
        if i == last && !pending_top {
            break;
        }
        match f {
            Frame::Seq { items, .. } => p.push_str(&format!("[{}]", items.len())),
            Frame::Map {
                key: Some((k, _)), ..
            } => p = join(&p, k),
            Frame::Map { key: None, .. } => {}
        }
    }
    p
}

fn syntax_error(e: &ScanError, src: &str, path: String) -> YamlError {
    let info = e.info();
    let mut pos = pos_of(e.marker());
    if info.contains("tab") {
        // saphyr points at the start of the token; the person needs the tab itself.
        if let Some(p) = first_tab_from(src, pos.line) {
            pos = p;
        }
    }
    let hint = if info.contains("tab") {
        Some("indent with spaces; YAML does not allow tabs for indentation".to_string())
    } else if info.contains("unknown anchor") {
        Some("define the anchor (`&name`) before its alias (`*name`)".to_string())
    } else if info.contains("indent") || info.contains("mapping values are not allowed") {
        Some("check the indentation of this line against the lines above".to_string())
    } else {
        None
    };
    YamlError {
        pos,
        path,
        message: format!("YAML syntax error: {info}"),
        hint,
    }
}

fn first_tab_from(src: &str, line: usize) -> Option<Pos> {
    src.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(i, l)| {
            let col = l.chars().position(|c| c == '\t')?;
            Some(Pos {
                line: i + 1,
                col: col + 1,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_raw_scalar_text_and_positions() {
        let (n, soft) = parse("a: 050053\nb:\n  - 'x'\n  - 1.50\n").unwrap();
        let n = n.unwrap();
        assert!(soft.is_empty());
        let a = n.get("a").unwrap();
        assert_eq!(a.pos, Pos { line: 1, col: 4 });
        match &a.kind {
            YKind::Scalar(s) => assert_eq!((s.text.as_str(), s.plain), ("050053", true)),
            _ => panic!(),
        }
        let YKind::Seq(items) = &n.get("b").unwrap().kind else {
            panic!()
        };
        assert_eq!(items[1].pos, Pos { line: 4, col: 5 });
        assert!(matches!(&items[0].kind, YKind::Scalar(s) if !s.plain));
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            src.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&src).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e:?}");
    }

    #[test]
    fn aliases_of_long_text_are_an_error() {
        // Few nodes, but each alias copies a megabyte: the 7.8 GB plan, scaled down.
        let mut src = format!("extra:\n  a: &a \"{}\"\n  b: [", "x".repeat(1 << 20));
        src.push_str(&vec!["*a"; 40].join(", "));
        src.push_str("]\n");
        let e = parse(&src).unwrap_err();
        assert_eq!(e.message, "aliases expand to more than 16 MB of text");
        assert_eq!(e.pos.line, 3);
        assert_eq!(e.path, "extra.b[16]");
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let src: String = (0..300)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        let e = parse(&src).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 128 levels");
        assert_eq!(
            e.pos,
            Pos {
                line: 129,
                col: 257
            }
        );
        // saphyr-parser has its own limit for flow collections.
        let e = parse(&"[".repeat(10_000)).unwrap_err();
        assert!(e.message.contains("recursion limit"), "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let (_, soft) = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(soft[0].message, "duplicate key `a` (first at line 1)");
        assert_eq!(soft[0].pos, Pos { line: 3, col: 1 });
    }
}
