//! The typed, validated plan: what every later stage reads. Nothing here knows about YAML;
//! `plan::load` builds it and guarantees the invariants documented on each field.

use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::date::{Date, days_in_month};

/// Free data passed to templates untouched (`extra:`), already converted from YAML.
pub type Extra = serde_json::Map<String, serde_json::Value>;

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Always 1 (checked on load).
    pub format: u32,
    /// For a document file: the first issuer (or organ) as the name, for batch names.
    pub unit: Unit,
    /// `None` only for a document file (`document` set).
    pub inspection: Option<Inspection>,
    pub as_of: Option<Date>,
    pub leadership: Option<Leadership>,
    pub contact: Option<Contact>,
    /// Named narrative sections (`work`, `next`, …) in file order.
    pub sections: BTreeMap<String, Vec<Block>>,
    pub problems: Vec<Node>,
    /// Per-document settings by document kind (`notice`, `plan`, `ledger`, custom kinds).
    pub documents: BTreeMap<String, DocumentSettings>,
    pub extra: Extra,
    /// A document file (top-level `document:`): the document; `None` for a plan.
    pub document: Option<super::generic::GenericDocument>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub name: String,
    /// Defaults to `name` when absent.
    pub short: String,
    pub agency: Option<String>,
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub by: String,
    pub group: String,
    pub kind: Option<String>,
    pub round: Option<String>,
    pub start: Date,
    pub end: Date,
    pub feedback: Date,
    /// Defaults to `unit.name` when absent.
    pub target: String,
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct Leadership {
    pub name: Option<String>,
    pub leader: Option<String>,
    pub deputies: Vec<String>,
    pub office: Option<String>,
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub office: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub extra: Extra,
}

/// A narrative block: at least one of heading, paragraphs, items (checked on load).
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub heading: Option<String>,
    /// `text` and `paragraphs` of the YAML, in order (`text` first).
    pub paragraphs: Vec<String>,
    pub items: Vec<Block>,
    /// Key path of this block in the plan, e.g. `sections.work[0].items[1]`.
    pub path: String,
    pub extra: Extra,
}

// Problems outnumber groups and are read far more than moved; boxing would only add a
// dereference for every reader.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Node {
    Group(Group),
    Problem(Problem),
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub title: String,
    pub items: Vec<Node>,
    pub path: String,
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The plan's id, or a stable automatic one (`P1`, `P2`, … in tree order) when absent.
    pub id: String,
    pub title: String,
    pub detail: Option<String>,
    /// Given, or derived from the measures (spec: Statuses).
    pub status: Status,
    /// True when `status` was derived from the measures rather than given.
    pub status_derived: bool,
    pub ongoing: bool,
    pub deadline: Option<Deadline>,
    pub completed: Option<Date>,
    pub owner: Owner,
    /// Each measure with owner / deadline / status inherited from the problem where missing.
    pub measures: Vec<Measure>,
    pub result: Option<String>,
    pub evidence: Vec<String>,
    pub rules: Vec<String>,
    /// Yuan.
    pub recovered: Option<f64>,
    pub note: Option<String>,
    pub path: String,
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub text: String,
    pub status: Option<Status>,
    pub deadline: Option<Deadline>,
    pub completed: Option<Date>,
    pub owner: Owner,
    pub evidence: Vec<String>,
    pub path: String,
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Owner {
    pub leader: Option<String>,
    pub department: Vec<String>,
    pub person: Option<String>,
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    #[serde(rename = "已完成")]
    Done,
    #[serde(rename = "基本完成")]
    MostlyDone,
    #[serde(rename = "推进中")]
    InProgress,
    #[serde(rename = "未启动")]
    NotStarted,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::MostlyDone,
        Status::InProgress,
        Status::NotStarted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::MostlyDone => "基本完成",
            Status::InProgress => "推进中",
            Status::NotStarted => "未启动",
        }
    }

    /// 基本完成 counts as done for the done share and for 超期 (spec).
    pub fn is_done(self) -> bool {
        matches!(self, Status::Done | Status::MostlyDone)
    }
}

/// A deadline as written, with the day it falls due (spec: `deadline` phrases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// As it is printed: `2024-08-31` is printed `2024年8月31日`; phrases as written.
    pub text: String,
    pub due: Option<Date>,
    pub kind: DeadlineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    Date,
    /// 立行立改: due on the feedback date.
    Immediate,
    /// 长期坚持: never due.
    LongTerm,
    /// 2024年底前 and the like.
    Phrase,
    /// Any other phrase: printed as written, never due (validate warns).
    Other,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentSettings {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub public: bool,
    pub number: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub printed_by: Option<String>,
    pub printed_on: Option<Date>,
    pub numbering: Numbering,
    pub show_status: bool,
    pub status_label: Option<String>,
    pub headings: BTreeMap<String, String>,
    pub compiled_by: Option<String>,
    /// 发文机关标志 (GB/T 9704 7.2.4), one per issuing organ: with it the document is
    /// issued as a 文件 with a 版头.
    pub organ: Vec<String>,
    /// 签发人 (上行文, 7.2.6).
    pub signer: Vec<String>,
    /// 份号: six digits (shorter numbers are padded with zeros).
    pub copy_no: Option<String>,
    /// 密级和保密期限 (机密★1年).
    pub secrecy: Option<String>,
    /// 紧急程度 (特急, 加急).
    pub urgency: Option<String>,
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    #[default]
    Continuous,
    PerGroup,
}

impl Plan {
    /// The date statuses are true on for document `kind` (spec: `as_of`, "default: the
    /// document date"): `as_of`, else that document's date, else the first dated document of
    /// notice, ledger, plan, else the feedback date.
    pub fn effective_as_of(&self, kind: &str) -> Date {
        self.as_of
            .or_else(|| self.documents.get(kind)?.date)
            .or_else(|| {
                ["notice", "ledger", "plan"]
                    .iter()
                    .find_map(|k| self.documents.get(*k)?.date)
            })
            .or_else(|| self.document.as_ref()?.settings.date)
            // A document file without a date has no statuses to date: any day does.
            .unwrap_or_else(|| {
                self.inspection.as_ref().map_or(
                    Date {
                        year: 1900,
                        month: 1,
                        day: 1,
                    },
                    |i| i.feedback,
                )
            })
    }

    /// The date of document `kind`: a document file's own date, else `documents.KIND.date`.
    pub fn document_date(&self, kind: &str) -> Option<Date> {
        match &self.document {
            Some(d) => d.settings.date,
            None => self.documents.get(kind)?.date,
        }
    }

    /// Every problem of the tree in document order.
    pub fn problems(&self) -> Vec<&Problem> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Problem>) {
            for n in nodes {
                match n {
                    Node::Group(g) => walk(&g.items, out),
                    Node::Problem(p) => out.push(p),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.problems, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2024-02-30").is_none());
        assert!(Date::parse_iso("2024-13-01").is_none());
        assert!(Date::parse_iso("2024-1-01").is_none());
        assert!(Date::parse_iso("+024-01-01").is_none());
        assert_eq!(
            Date::parse_iso("2024-09-26").unwrap().chinese(),
            "2024年9月26日"
        );
    }
}
