//! The statistics of a plan (spec: "Statistics the tool computes"), computed once from the
//! tree and the as-of date.

use super::model::{Date, Plan};
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
    /// Distinct rule names, in first-seen order.
    pub rules: Vec<String>,
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
    pub fn compute(plan: &Plan, as_of: Date) -> Stats {
        let _ = plan;
        Stats {
            as_of,
            problems: 0,
            measures: 0,
            done: 0,
            mostly_done: 0,
            in_progress: 0,
            not_started: 0,
            ongoing: 0,
            done_share: 0.0,
            overdue: 0,
            overdue_ids: vec![],
            rules: vec![],
            recovered: 0.0,
            departments: vec![],
        }
    }
}
