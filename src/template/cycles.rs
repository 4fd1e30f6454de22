//! Partials that include each other through `{{> NAME}}` without end.
//!
//! handlebars-rust refuses a partial that includes itself directly, but `a` → `b` → `a`
//! recurses until the stack overflows (the process aborts). `{{include}}` counts its depth;
//! `{{> }}` has no hook to count with, so its inclusions are checked before rendering: the
//! graph of `{{> NAME}}` edges between kinds, partials and inline partials (`{{#*inline}}`)
//! must have no cycle. A cycle that passes through an `{{include}}` is bounded by include's
//! depth limit and allowed. The check is conservative about inline partials' scope (an inline
//! partial counts wherever it is defined), which can only reject more, never let a loop pass.

use crate::diag::Diagnostic;
use handlebars::template::{Parameter, Template, TemplateElement, TemplateMapping};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One `{{> NAME}}` (or `{{#> NAME}}`) and where it is written.
#[derive(Debug, Clone)]
struct Edge {
    to: String,
    file: PathBuf,
    line: usize,
    col: usize,
}

/// Checks the `{{> }}` graph of `sources` (name, text, file); one error per cycle found,
/// located at the inclusion that closes it. Texts that do not compile are skipped (their
/// syntax error is reported elsewhere).
pub fn check<'a>(
    sources: impl IntoIterator<Item = (&'a str, &'a str, &'a Path)>,
) -> Vec<Diagnostic> {
    let mut graph: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
    let mut errors = vec![];
    for (name, text, file) in sources {
        let Ok(t) = Template::compile(text) else {
            continue;
        };
        walk(&t, name, file, &mut graph, &mut errors);
    }
    errors.extend(find_cycles(&graph));
    errors
}

/// Adds the edges of template `t`, written in `file`, to node `owner`; inline partial
/// definitions become nodes of their own.
fn walk(
    t: &Template,
    owner: &str,
    file: &Path,
    graph: &mut BTreeMap<String, Vec<Edge>>,
    errors: &mut Vec<Diagnostic>,
) {
    graph.entry(owner.to_string()).or_default();
    for (i, el) in t.elements.iter().enumerate() {
        let (line, col) = t
            .mapping
            .get(i)
            .map_or((1, 1), |m: &TemplateMapping| (m.0, m.1));
        match el {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                match d.name.as_name() {
                    Some(n) => add(graph, owner, n, file, line, col),
                    // A name computed at render time cannot be checked.
                    None => errors.push(
                        Diagnostic::error(
                            "`{{> }}` with a computed partial name: the name must be written out",
                        )
                        .at(file, line, col)
                        .key(owner.to_string())
                        .hint("for a computed name use {{include NAME}}, which limits its depth"),
                    ),
                }
                if let Some(inner) = &d.template {
                    walk(inner, owner, file, graph, errors);
                }
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::DecoratorExpression(d) => {
                let inline_name = match (&d.name, d.params.first()) {
                    (Parameter::Name(n), Some(Parameter::Literal(v))) if n == "inline" => {
                        v.as_str().map(String::from)
                    }
                    _ => None,
                };
                if let Some(inner) = &d.template {
                    walk(
                        inner,
                        inline_name.as_deref().unwrap_or(owner),
                        file,
                        graph,
                        errors,
                    );
                }
            }
            TemplateElement::HelperBlock(h) => {
                for inner in [&h.template, &h.inverse].into_iter().flatten() {
                    walk(inner, owner, file, graph, errors);
                }
            }
            _ => {}
        }
    }
}

fn add(
    graph: &mut BTreeMap<String, Vec<Edge>>,
    owner: &str,
    to: &str,
    file: &Path,
    line: usize,
    col: usize,
) {
    if to == "@partial-block" {
        return;
    }
    graph.entry(owner.to_string()).or_default().push(Edge {
        to: to.to_string(),
        file: file.to_path_buf(),
        line,
        col,
    });
}

/// Every cycle reachable in the graph, once each (iterative depth-first search: the graph
/// comes from user text, so no recursion on it).
fn find_cycles(graph: &BTreeMap<String, Vec<Edge>>) -> Vec<Diagnostic> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut errors = vec![];
    for start in graph.keys() {
        if done.contains(start.as_str()) {
            continue;
        }
        // (node, index of the next edge to follow); the path is the stack itself.
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            let Some(edge) = edges.get(*next) else {
                done.insert(node);
                stack.pop();
                continue;
            };
            *next += 1;
            let to = edge.to.as_str();
            if done.contains(to) || !graph.contains_key(to) {
                continue;
            }
            if let Some(at) = stack.iter().position(|(n, _)| *n == to) {
                let mut names: Vec<&str> = stack[at..].iter().map(|(n, _)| *n).collect();
                names.push(to);
                errors.push(
                    Diagnostic::error(format!(
                        "partials include each other without end: {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    ))
                    .at(edge.file.clone(), edge.line, edge.col)
                    .key(node.to_string())
                    .hint(
                        "`{{> NAME}}` cannot recurse; for a recursive partial use \
                         {{include \"NAME\"}} inside an {{#if}} that ends the recursion",
                    ),
                );
                continue;
            }
            stack.push((to, 0));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(srcs: &[(&str, &str)]) -> Vec<Diagnostic> {
        let p = PathBuf::from("t.hbs");
        check(srcs.iter().map(|(n, t)| (*n, *t, p.as_path())))
    }

    #[test]
    fn mutual_partials_are_a_cycle() {
        let e = run(&[
            ("notice", "x {{> a}}"),
            ("a", "{{> b}}"),
            ("b", "\n  {{#if x}}{{> a}}{{/if}}"),
        ]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("`a` → `b` → `a`"), "{}", e[0].message);
        let l = e[0].location.as_ref().unwrap();
        assert_eq!((l.line, l.column), (2, 12));
    }

    #[test]
    fn include_and_trees_pass() {
        assert!(
            run(&[
                ("notice", "{{> a}}{{> b}}"),
                ("a", "{{> b}}"),
                ("b", "{{include \"a\"}}")
            ])
            .is_empty()
        );
    }

    #[test]
    fn inline_partials_count() {
        let e = run(&[(
            "notice",
            "{{#*inline \"p\"}}{{> q}}{{/inline}}{{#*inline \"q\"}}{{> p}}{{/inline}}{{> p}}",
        )]);
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn computed_names_are_refused() {
        let e = run(&[("notice", "{{> (concat \"a\" \"b\")}}")]);
        assert!(e[0].message.contains("computed partial name"), "{e:?}");
    }
}
