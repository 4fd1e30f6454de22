//! The statistics of a plan (spec: "Statistics the tool computes"), computed once from the
//! tree and the as-of date.

use super::model::{Date, Deadline, DeadlineKind, Plan, Problem, Status};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The date statuses are true on: `as_of`, else the document date.
    pub as_of: Date,
    pub problems: usize,
    pub measures: usize,
    /// Problems per status, by canonical label.
    pub done: usize,
    pub mostly_done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    /// Done problems that are also 长期坚持 (`ongoing`).
    pub ongoing: usize,
    /// (已完成 + 基本完成) / problems, 0..=1; 0 when there are no problems.
    pub done_share: f64,
    /// Problems past their due date and not done on `as_of` (超期), and their ids.
    pub overdue: usize,
    pub overdue_ids: Vec<String>,
    /// Problems whose deadline is a phrase that names no day (`尽快`): 超期 cannot be told
    /// for them, so `stats` lists them.
    pub no_due_ids: Vec<String>,
    /// Distinct rule names, in first-seen order.
    pub rules: Vec<String>,
    /// `rules.len()`: 建立完善制度N项.
    pub rule_count: usize,
    /// Money recovered or returned, yuan.
    pub recovered: f64,
    /// Per responsible department (a problem counts once for each department it names,
    /// including its measures' departments), in first-seen order.
    pub departments: Vec<DepartmentStats>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentStats {
    pub name: String,
    pub problems: usize,
    pub measures: usize,
    pub done: usize,
    pub overdue: usize,
}

impl Stats {
    /// Counts per the spec. A problem is past due (超期) when its due date is before `as_of`
    /// and it is not done (已完成 or 基本完成). Its due date is its own deadline's; without one,
    /// the latest due date of its measures.
    pub fn compute(plan: &Plan, as_of: Date) -> Stats {
        let problems = plan.problems();
        let mut st = Stats {
            as_of,
            problems: problems.len(),
            measures: 0,
            done: 0,
            mostly_done: 0,
            in_progress: 0,
            not_started: 0,
            ongoing: 0,
            done_share: 0.0,
            overdue: 0,
            overdue_ids: vec![],
            no_due_ids: vec![],
            rules: vec![],
            rule_count: 0,
            recovered: 0.0,
            departments: vec![],
        };
        let mut seen_rules = std::collections::HashSet::new();
        let mut dept_index: std::collections::HashMap<&str, usize> = Default::default();
        for p in &problems {
            st.measures += p.measures.len();
            match p.status {
                Status::Done => st.done += 1,
                Status::MostlyDone => st.mostly_done += 1,
                Status::InProgress => st.in_progress += 1,
                Status::NotStarted => st.not_started += 1,
            }
            if p.ongoing && p.status.is_done() {
                st.ongoing += 1;
            }
            let overdue = is_overdue(p, as_of);
            if overdue {
                st.overdue += 1;
                st.overdue_ids.push(p.id.clone());
            }
            if has_no_due_date(p) {
                st.no_due_ids.push(p.id.clone());
            }
            for r in &p.rules {
                if seen_rules.insert(r.as_str()) {
                    st.rules.push(r.clone());
                }
            }
            st.recovered += p.recovered.unwrap_or(0.0);

            // Departments the problem names, itself and its measures, each once.
            let mut names: Vec<&str> = Vec::new();
            for d in p
                .owner
                .department
                .iter()
                .chain(p.measures.iter().flat_map(|m| m.owner.department.iter()))
            {
                if !names.contains(&d.as_str()) {
                    names.push(d);
                }
            }
            for name in names {
                let i = *dept_index.entry(name).or_insert_with(|| {
                    st.departments.push(DepartmentStats {
                        name: name.to_string(),
                        problems: 0,
                        measures: 0,
                        done: 0,
                        overdue: 0,
                    });
                    st.departments.len() - 1
                });
                let ds = &mut st.departments[i];
                ds.problems += 1;
                ds.measures += p
                    .measures
                    .iter()
                    .filter(|m| m.owner.department.iter().any(|d| d == name))
                    .count();
                if p.status.is_done() {
                    ds.done += 1;
                }
                if overdue {
                    ds.overdue += 1;
                }
            }
        }
        st.rule_count = st.rules.len();
        if st.problems > 0 {
            st.done_share = (st.done + st.mostly_done) as f64 / st.problems as f64;
        }
        st
    }
}

/// The day a problem falls due: its deadline's, else the latest of its measures'.
pub fn due_date(p: &Problem) -> Option<Date> {
    match &p.deadline {
        Some(d) => d.due,
        None => p
            .measures
            .iter()
            .filter_map(|m| m.deadline.as_ref()?.due)
            .max(),
    }
}

/// A deadline was written but names no day to fall due on (an unknown phrase).
pub fn has_no_due_date(p: &Problem) -> bool {
    let unknown = |d: &Option<Deadline>| d.as_ref().is_some_and(|d| d.kind == DeadlineKind::Other);
    due_date(p).is_none()
        && (unknown(&p.deadline) || p.measures.iter().any(|m| unknown(&m.deadline)))
}

/// 超期: due before `as_of` and not done.
pub fn is_overdue(p: &Problem, as_of: Date) -> bool {
    !p.status.is_done() && due_date(p).is_some_and(|d| d < as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load_file;
    use std::path::Path;

    #[test]
    fn example_statistics() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = load_file(&root.join("inputs/huiji-2024.yaml")).expect("example loads");
        let as_of = loaded.plan.effective_as_of("notice");
        assert_eq!(as_of.iso(), "2024-09-26");
        let s = Stats::compute(&loaded.plan, as_of);
        assert_eq!(s.problems, 60);
        assert_eq!(s.measures, 157);
        assert_eq!(s.done, 60);
        assert_eq!(s.ongoing, 2);
        assert_eq!(s.rule_count, 10);
        assert_eq!(s.recovered, 13200.0);
        assert_eq!(s.overdue, 0);
        assert_eq!(s.done_share, 1.0);
    }
}
