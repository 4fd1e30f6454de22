//! Splitting a plan by responsible department (`render --split-by department`, `batch`): one
//! sub-plan per department holding only the problems and measures that department answers for.

use super::model::{Group, Node, Plan, Problem};

/// Name of the sub-plan that collects what names no department at all, so that the parts
/// still add up to the whole plan.
pub const UNASSIGNED: &str = "未明确责任部门";

/// One sub-plan per responsible department, in the order the departments first appear in the
/// plan (problem by problem, a problem's own departments before its measures'), so the same
/// plan always splits the same way.
///
/// A problem belongs to every department that it or one of its measures names; it keeps the
/// measures whose own (inherited) owner names that department, so a measure handed to another
/// department appears only in that department's part. A problem named by a department none of
/// whose measures it owns keeps no measures there. Groups keep their titles and disappear when
/// nothing of theirs is left. Everything else (unit, dates, sections, document settings) is
/// copied; statistics are computed from the sub-plan by whoever needs them. Problems and
/// measures without any department go to a last part named [`UNASSIGNED`].
pub fn by_department(plan: &Plan) -> Vec<(String, Plan)> {
    let mut names: Vec<String> = Vec::new();
    let mut unassigned = false;
    for p in plan.problems() {
        for d in problem_departments(p) {
            if !names.iter().any(|n| n == d) {
                names.push(d.to_string());
            }
        }
        unassigned |= p.owner.department.is_empty() && p.measures.is_empty()
            || p.measures.iter().any(|m| m.owner.department.is_empty());
    }
    let mut parts: Vec<(String, Plan)> = names
        .into_iter()
        .map(|name| {
            let sub = filter_plan(plan, &|d: &[String]| d.contains(&name));
            (name, sub)
        })
        .collect();
    if unassigned {
        parts.push((
            UNASSIGNED.to_string(),
            filter_plan(plan, &|d: &[String]| d.is_empty()),
        ));
    }
    parts
}

/// The departments a problem names, itself first, then its measures', with repeats.
fn problem_departments(p: &Problem) -> impl Iterator<Item = &str> {
    p.owner
        .department
        .iter()
        .chain(p.measures.iter().flat_map(|m| m.owner.department.iter()))
        .map(String::as_str)
}

/// The plan with only the problems and measures whose departments satisfy `owns`.
fn filter_plan(plan: &Plan, owns: &dyn Fn(&[String]) -> bool) -> Plan {
    Plan {
        problems: filter_nodes(&plan.problems, owns),
        ..plan.clone()
    }
}

fn filter_nodes(nodes: &[Node], owns: &dyn Fn(&[String]) -> bool) -> Vec<Node> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Group(g) => {
                let items = filter_nodes(&g.items, owns);
                (!items.is_empty()).then(|| {
                    Node::Group(Group {
                        items,
                        title: g.title.clone(),
                        path: g.path.clone(),
                        extra: g.extra.clone(),
                    })
                })
            }
            Node::Problem(p) => filter_problem(p, owns).map(Node::Problem),
        })
        .collect()
}

fn filter_problem(p: &Problem, owns: &dyn Fn(&[String]) -> bool) -> Option<Problem> {
    let measures: Vec<_> = p
        .measures
        .iter()
        .filter(|m| owns(&m.owner.department))
        .cloned()
        .collect();
    // A problem without measures is owned through its own owner only.
    let own =
        owns(&p.owner.department) && (!p.owner.department.is_empty() || p.measures.is_empty());
    (own || !measures.is_empty()).then(|| Problem {
        measures,
        ..p.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Stats, load_file, load_str};
    use std::path::Path;

    fn load(problems: &str) -> Plan {
        let src = format!(
            "format: 1
unit: {{name: 测试单位党组}}
inspection: {{by: 区委, group: 第一巡察组, start: 2024-03-05, end: 2024-04-18, feedback: 2024-05-16}}
problems:
{problems}"
        );
        load_str(&src, Path::new("t.yaml"))
            .expect("test plan loads")
            .plan
    }

    fn summary(parts: &[(String, Plan)]) -> Vec<String> {
        parts
            .iter()
            .map(|(name, p)| {
                let items: Vec<String> = p
                    .problems()
                    .iter()
                    .map(|pr| {
                        let ms: Vec<&str> = pr.measures.iter().map(|m| m.text.as_str()).collect();
                        format!("{}[{}]", pr.title, ms.join(","))
                    })
                    .collect();
                format!("{name}: {}", items.join(" "))
            })
            .collect()
    }

    #[test]
    fn a_measure_s_own_department_counts() {
        let plan = load(
            "  - title: a
    owner: {department: 综合科}
    measures: [m1, {text: m2, owner: {department: 财务室}}]
  - title: b
    owner: {department: [财务室, 综合科]}
    measures: [n1]
  - title: c
    owner: {department: 大数据科}
    measures: [{text: o1, owner: {department: 综合科}}]
",
        );
        let parts = by_department(&plan);
        assert_eq!(
            summary(&parts),
            [
                "综合科: a[m1] b[n1] c[o1]",
                "财务室: a[m2] b[n1]",
                "大数据科: c[]",
            ]
        );
        // Statistics are those of the part.
        let s = Stats::compute(&parts[1].1, plan.effective_as_of("notice"));
        assert_eq!((s.problems, s.measures), (2, 2));
    }

    #[test]
    fn groups_without_the_department_disappear_and_nothing_is_lost() {
        let plan = load(
            "  - group: 一类
    items:
      - {title: a, owner: {department: 综合科}, measures: [m1]}
  - group: 二类
    items:
      - {title: b, owner: {department: 财务室}, measures: [n1]}
      - {title: c, measures: [o1]}
",
        );
        let parts = by_department(&plan);
        assert_eq!(
            summary(&parts),
            ["综合科: a[m1]", "财务室: b[n1]", "未明确责任部门: c[o1]"]
        );
        let titles = |p: &Plan| -> Vec<String> {
            p.problems
                .iter()
                .filter_map(|n| match n {
                    Node::Group(g) => Some(g.title.clone()),
                    Node::Problem(_) => None,
                })
                .collect()
        };
        assert_eq!(titles(&parts[0].1), ["一类"]);
        assert_eq!(titles(&parts[2].1), ["二类"]);
    }

    #[test]
    fn the_example_splits_into_parts_that_add_up() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let plan = load_file(&root.join("inputs/huiji-2024.yaml"))
            .expect("example loads")
            .plan;
        let parts = by_department(&plan);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["综合科", "财务室", "政务服务科", "督查监管科", "大数据科"]
        );
        // Every problem and measure of the whole is in some part, each part in plan order.
        let mut seen_problems = std::collections::BTreeSet::new();
        let mut seen_measures = std::collections::BTreeSet::new();
        for (_, p) in &parts {
            let paths: Vec<&str> = p.problems().iter().map(|x| x.path.as_str()).collect();
            let whole: Vec<&str> = plan
                .problems()
                .iter()
                .map(|x| x.path.as_str())
                .filter(|x| paths.contains(x))
                .collect();
            assert_eq!(paths, whole, "a part keeps plan order");
            for pr in p.problems() {
                seen_problems.insert(pr.path.clone());
                seen_measures.extend(pr.measures.iter().map(|m| m.path.clone()));
            }
        }
        assert_eq!(seen_problems.len(), 60);
        assert_eq!(seen_measures.len(), 157);
        // Same plan, same split.
        assert_eq!(summary(&parts), summary(&by_department(&plan)));
    }
}
