//! Template helpers: Chinese numbering, dates, status labels, percentages, money, joins,
//! counting and grouping. Each helper is a plain function (unit-tested below) wrapped for
//! handlebars by [`register`]. `docs/templates.md` documents each with an example.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::{Value, json};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五. Up to 99 999; 0 → 零.
pub fn cn(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 100_000 {
        return n.to_string();
    }
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let len = digits.len();
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = UNITS[len - 1 - i];
        if d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 10–19 read 十, 十一 …, not 一十一.
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(unit);
    }
    out
}

/// ① … ㊿ for 1..=50; beyond, （51）.
pub fn circled(n: u64) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1),
        21..=35 => char::from_u32(0x3251 + n as u32 - 21),
        36..=50 => char::from_u32(0x32B1 + n as u32 - 36),
        _ => None,
    };
    c.map(String::from).unwrap_or_else(|| format!("（{n}）"))
}

/// The number styles of the heading levels, by depth: 一、 （一） 1. （1） ①.
pub const STYLES: [&str; 5] = ["一、", "（一）", "1.", "（1）", "①"];

/// Formats `n` in a number style given by its example for 1 (`一、`, `（一）`, `1.`, `（1）`,
/// `①`, `一`, `1`). `None` for an unknown style.
pub fn number(n: u64, style: &str) -> Option<String> {
    Some(match style {
        "一、" => format!("{}、", cn(n)),
        "（一）" | "(一)" => format!("（{}）", cn(n)),
        "1." | "1．" => format!("{n}."),
        "（1）" | "(1)" => format!("（{n}）"),
        "①" => circled(n),
        "一" => cn(n),
        "1" => n.to_string(),
        _ => return None,
    })
}

/// 一是, 二是, …, 十一是 (1-based).
pub fn shi(n: u64) -> String {
    format!("{}是", cn(n))
}

/// Parses `YYYY-MM-DD` (the form dates take in the template context).
fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    let d = crate::plan::Date::parse_iso(s)?;
    Some((d.year, d.month, d.day))
}

/// 2024-09-26 → 2024年9月26日. Anything else (a deadline phrase) is returned as written.
pub fn date(s: &str) -> String {
    match ymd(s) {
        Some((y, m, d)) => format!("{y}年{m}月{d}日"),
        None => s.to_string(),
    }
}

/// 2024-09-26 → 2024年9月.
pub fn month(s: &str) -> String {
    match ymd(s) {
        Some((y, m, _)) => format!("{y}年{m}月"),
        None => s.to_string(),
    }
}

/// 2024-03-05, 2024-04-18 → 2024年3月5日至4月18日 (the year once when both share it).
pub fn date_range(a: &str, b: &str) -> String {
    match (ymd(a), ymd(b)) {
        (Some((ya, _, _)), Some((yb, mb, db))) if ya == yb => {
            format!("{}至{mb}月{db}日", date(a))
        }
        _ => format!("{}至{}", date(a), date(b)),
    }
}

/// Days from `a` to `b`, both counted (为期45天). `None` unless both are ISO dates.
pub fn days(a: &str, b: &str) -> Option<i64> {
    let (a, b) = (
        crate::plan::Date::parse_iso(a)?,
        crate::plan::Date::parse_iso(b)?,
    );
    Some(day_number(b) - day_number(a) + 1)
}

/// Days since a fixed epoch (proleptic Gregorian), for differences.
fn day_number(d: crate::plan::Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (d.year as i64 - 1, d.month as i64 + 12)
    } else {
        (d.year as i64, d.month as i64)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d.day as i64
}

/// A status label, with 长期坚持 when `ongoing`: 已完成，长期坚持.
pub fn status(label: &str, ongoing: bool) -> String {
    if ongoing {
        format!("{label}，长期坚持")
    } else {
        label.to_string()
    }
}

/// Rounds to `digits` decimals and drops trailing zeros: 96.666 → "96.7", 95.0 → "95".
pub fn decimal(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A share 0..=1 as a percentage: 0.96667 → 96.7%.
pub fn percent(share: f64, digits: usize) -> String {
    format!("{}%", decimal(share * 100.0, digits))
}

/// Yuan as 万元: 13200 → 1.32万元.
pub fn wan(yuan: f64, digits: usize) -> String {
    format!("{}万元", decimal(yuan / 10_000.0, digits))
}

/// Replaces the closing punctuation of `text` with `mark`: ("整改不到位。", "；") → "整改不到位；".
/// With `mark` 。, text that already ends a sentence with ！ or ？ is left alone; `mark` "" only
/// strips.
pub fn punct(text: &str, mark: &str) -> String {
    let t = text.trim_end();
    if mark == "。" && (t.ends_with('！') || t.ends_with('？') || t.ends_with('…')) {
        return t.to_string();
    }
    let stripped = t.trim_end_matches(['。', '；', '，', '、', '：', ',', ';', '.', ':']);
    format!("{stripped}{mark}")
}

/// The text of a JSON value as a template prints it (strings bare, numbers plain).
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Follows a dotted path (`owner.department`) into a value.
fn field<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() || path == "this" {
        return Some(v);
    }
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Joins the items of a list (each item's `key` field when given) with `sep`, skipping empty
/// ones.
pub fn join(list: &Value, sep: &str, key: Option<&str>) -> String {
    let items: Vec<String> = match list {
        Value::Array(a) => a
            .iter()
            .map(|v| text_of(key.and_then(|k| field(v, k)).unwrap_or(v)))
            .filter(|s| !s.is_empty())
            .collect(),
        Value::Null => vec![],
        v => vec![text_of(v)],
    };
    items.join(sep)
}

/// Counts the items of a list; with `key`, only those whose `key` equals `value` (or, for a
/// list-valued field, contains it).
pub fn count(list: &Value, key: Option<&str>, value: Option<&Value>) -> usize {
    let Value::Array(a) = list else {
        return match list {
            Value::Object(o) => o.len(),
            _ => 0,
        };
    };
    match (key, value) {
        (Some(k), Some(want)) => a
            .iter()
            .filter(|v| match field(v, k) {
                Some(Value::Array(xs)) => xs.contains(want),
                Some(x) => x == want,
                None => false,
            })
            .count(),
        _ => a.len(),
    }
}

/// Groups the items of a list by the value of a field, in first-seen order: `[{key, items,
/// count}]`. An item whose field is a list (several departments) joins each of its groups;
/// an item without the field is left out.
pub fn group_by(list: &Value, key: &str) -> Value {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    if let Value::Array(a) = list {
        for item in a {
            let keys: Vec<String> = match field(item, key) {
                Some(Value::Array(xs)) => xs.iter().map(text_of).collect(),
                Some(Value::Null) | None => vec![],
                Some(x) => vec![text_of(x)],
            };
            for k in keys {
                match groups.iter_mut().find(|(g, _)| *g == k) {
                    Some((_, items)) => items.push(item.clone()),
                    None => groups.push((k, vec![item.clone()])),
                }
            }
        }
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(k, items)| json!({"key": k, "count": items.len(), "items": items}))
            .collect(),
    )
}

/// 超期: a deadline (`{text, due, kind}` or null) whose due date (ISO) is before `as_of` (ISO)
/// while the status is not done (已完成 and 基本完成 count as done, as in the statistics).
pub fn overdue(deadline: &Value, status: &str, as_of: &str) -> bool {
    let done = matches!(status, "已完成" | "基本完成");
    let due = deadline.get("due").and_then(Value::as_str);
    !done && due.is_some_and(|d| crate::plan::Date::parse_iso(d).is_some() && d < as_of)
}

/// Whether any item of a list has a truthy `key` field (`any items "is_group"`).
pub fn any(list: &Value, key: &str) -> bool {
    match list {
        Value::Array(a) => a.iter().any(|v| field(v, key).is_some_and(truthy)),
        _ => false,
    }
}

// ---- handlebars glue ----

fn arg<'a>(h: &'a Helper, i: usize) -> Option<&'a Value> {
    h.param(i)
        .map(|p| p.value())
        .filter(|v| !v.is_null() || i == 0)
}

/// Parameter `i`, which must be given and (strict mode) must exist in the context.
fn need<'a>(h: &'a Helper, i: usize, what: &str) -> Result<&'a Value, RenderError> {
    if let Some(p) = h.param(i).filter(|p| p.is_value_missing()) {
        return Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into());
    }
    h.param(i).map(|p| p.value()).ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "helper `{}` needs {what} (parameter {})",
            h.name(),
            i + 1
        ))
        .into()
    })
}

fn need_u64(h: &Helper, i: usize, what: &str) -> Result<u64, RenderError> {
    let v = need(h, i, what)?;
    let n = match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "helper `{}` needs a whole number ≥ 0, got {v}",
            h.name()
        ))
        .into()
    })
}

fn need_f64(h: &Helper, i: usize, what: &str) -> Result<f64, RenderError> {
    let v = need(h, i, what)?;
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Null => Some(0.0),
        _ => None,
    };
    // "NaN" and "inf" parse as numbers but print as `NaN%`.
    n.filter(|x| x.is_finite()).ok_or_else(|| {
        RenderErrorReason::Other(format!("helper `{}` needs a number, got {v}", h.name())).into()
    })
}

fn hash_usize(h: &Helper, name: &str, default: usize) -> usize {
    h.hash_get(name)
        .and_then(|v| v.value().as_u64())
        .map(|n| n.min(6) as usize)
        .unwrap_or(default)
}

type Body = fn(&Helper) -> Result<Value, RenderError>;

/// A helper that computes a JSON value from its parameters (usable in subexpressions).
struct Computed(Body);

impl HelperDef for Computed {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        (self.0)(h).map(ScopedJson::Derived)
    }
}

fn s(x: impl Into<String>) -> Result<Value, RenderError> {
    Ok(Value::String(x.into()))
}

/// Registers every helper of this module on `hb`.
pub fn register(hb: &mut Handlebars) {
    let helpers: &[(&str, Body)] = &[
        ("cn", |h| s(cn(need_u64(h, 0, "a number")?))),
        ("num", |h| {
            let n = need_u64(h, 0, "a number")?;
            let style = text_of(need(h, 1, "a style such as \"（一）\"")?);
            match number(n, &style) {
                Some(x) => s(x),
                None => Err(RenderErrorReason::Other(format!(
                    "unknown number style {style:?}: use one of 一、 （一） 1. （1） ① 一 1"
                ))
                .into()),
            }
        }),
        ("shi", |h| s(shi(need_u64(h, 0, "a number (1 for 一是)")?))),
        ("circled", |h| s(circled(need_u64(h, 0, "a number")?))),
        ("inc", |h| {
            let n = need_u64(h, 0, "a number")?;
            // u64::MAX + 1 wrapped to 0 (and panicked in a debug build).
            n.checked_add(1).map(|n| json!(n)).ok_or_else(|| {
                RenderErrorReason::Other(format!("helper `inc`: {n} is the largest number")).into()
            })
        }),
        ("date", |h| s(date(&text_of(need(h, 0, "a date")?)))),
        ("month", |h| s(month(&text_of(need(h, 0, "a date")?)))),
        ("date_range", |h| {
            s(date_range(
                &text_of(need(h, 0, "a start date")?),
                &text_of(need(h, 1, "an end date")?),
            ))
        }),
        ("days", |h| {
            let (a, b) = (
                text_of(need(h, 0, "a start date")?),
                text_of(need(h, 1, "an end date")?),
            );
            days(&a, &b).map(|d| json!(d)).ok_or_else(|| {
                RenderErrorReason::Other(format!(
                    "helper `days` needs two ISO dates, got {a:?} and {b:?}"
                ))
                .into()
            })
        }),
        ("status", |h| {
            let label = text_of(need(h, 0, "a status label")?);
            let ongoing = arg(h, 1).is_some_and(|v| v.as_bool().unwrap_or(false));
            s(status(&label, ongoing))
        }),
        ("percent", |h| {
            s(percent(
                need_f64(h, 0, "a share between 0 and 1")?,
                hash_usize(h, "digits", 1),
            ))
        }),
        ("wan", |h| {
            s(wan(
                need_f64(h, 0, "an amount in yuan")?,
                hash_usize(h, "digits", 2),
            ))
        }),
        ("decimal", |h| {
            s(decimal(
                need_f64(h, 0, "a number")?,
                hash_usize(h, "digits", 2),
            ))
        }),
        ("punct", |h| {
            let mark = arg(h, 1).map(text_of).unwrap_or_else(|| "。".into());
            s(punct(&text_of(need(h, 0, "a text")?), &mark))
        }),
        ("join", |h| {
            let sep = arg(h, 1).map(text_of).unwrap_or_else(|| "、".into());
            let key = h.hash_get("key").map(|v| text_of(v.value()));
            s(join(need(h, 0, "a list")?, &sep, key.as_deref()))
        }),
        ("count", |h| {
            let key = arg(h, 1).map(text_of);
            Ok(json!(count(
                need(h, 0, "a list")?,
                key.as_deref(),
                arg(h, 2)
            )))
        }),
        ("group_by", |h| {
            let key = text_of(need(h, 1, "a field name such as \"owner.department\"")?);
            Ok(group_by(need(h, 0, "a list")?, &key))
        }),
        ("default", |h| {
            let v = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
            let empty = matches!(&v, Value::Null) || v.as_str().is_some_and(str::is_empty);
            Ok(if empty {
                arg(h, 1).cloned().unwrap_or(Value::Null)
            } else {
                v
            })
        }),
        ("concat", |h| {
            s(h.params()
                .iter()
                .map(|p| text_of(p.value()))
                .collect::<String>())
        }),
        ("overdue", |h| {
            let deadline = arg(h, 0).cloned().unwrap_or(Value::Null);
            let status = text_of(need(h, 1, "a status label")?);
            let as_of = text_of(need(h, 2, "the as-of date (stats.as_of)")?);
            Ok(json!(overdue(&deadline, &status, &as_of)))
        }),
        ("any", |h| {
            let key = text_of(need(h, 1, "a field name such as \"is_group\"")?);
            Ok(json!(any(need(h, 0, "a list")?, &key)))
        }),
        ("tally", |h| {
            // How many of the parameters are truthy (numbers parts that may be absent).
            Ok(json!(
                h.params().iter().filter(|p| truthy(p.value())).count()
            ))
        }),
    ];
    for (name, body) in helpers {
        hb.register_helper(name, Box::new(Computed(*body)));
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_needs_a_past_due_date_and_an_unfinished_status() {
        let dl = |due: &str| json!({"text": "x", "due": due, "kind": "date"});
        assert!(overdue(&dl("2024-06-30"), "推进中", "2024-07-01"));
        assert!(overdue(&dl("2024-06-30"), "未启动", "2024-07-01"));
        assert!(!overdue(&dl("2024-06-30"), "推进中", "2024-06-30"));
        assert!(!overdue(&dl("2024-06-30"), "已完成", "2024-09-26"));
        assert!(!overdue(&dl("2024-06-30"), "基本完成", "2024-09-26"));
        // 长期坚持 and unknown phrases never fall due; no deadline is never late.
        assert!(!overdue(
            &json!({"text": "长期坚持", "due": null}),
            "推进中",
            "2099-01-01"
        ));
        assert!(!overdue(&Value::Null, "推进中", "2099-01-01"));
    }

    #[test]
    fn any_tests_a_field_of_the_items() {
        let items = json!([{"is_group": false}, {"is_group": true}]);
        assert!(any(&items, "is_group"));
        assert!(!any(&json!([{"is_group": false}]), "is_group"));
        assert!(!any(&json!([]), "is_group"));
        assert!(!any(&Value::Null, "is_group"));
    }

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [
            1, 2, 9, 10, 11, 19, 20, 21, 60, 99, 100, 101, 110, 1003, 2024,
        ]
        .iter()
        .map(|&n| cn(n))
        .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "六十",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千零三",
                "二千零二十四"
            ]
        );
    }

    #[test]
    fn number_styles_by_level() {
        assert_eq!(number(1, "一、").unwrap(), "一、");
        assert_eq!(number(12, "（一）").unwrap(), "（十二）");
        assert_eq!(number(3, "1.").unwrap(), "3.");
        assert_eq!(number(60, "（1）").unwrap(), "（60）");
        assert_eq!(number(1, "①").unwrap(), "①");
        assert_eq!(number(20, "①").unwrap(), "⑳");
        assert_eq!(number(21, "①").unwrap(), "㉑");
        assert_eq!(number(50, "①").unwrap(), "㊿");
        assert_eq!(number(51, "①").unwrap(), "（51）");
        assert!(number(1, "a)").is_none());
    }

    #[test]
    fn shi_markers() {
        assert_eq!(shi(1), "一是");
        assert_eq!(shi(10), "十是");
        assert_eq!(shi(11), "十一是");
    }

    #[test]
    fn dates_without_leading_zeros() {
        assert_eq!(date("2024-09-26"), "2024年9月26日");
        assert_eq!(date("立行立改"), "立行立改");
        assert_eq!(month("2024-09-26"), "2024年9月");
        assert_eq!(
            date_range("2024-03-05", "2024-04-18"),
            "2024年3月5日至4月18日"
        );
        assert_eq!(
            date_range("2024-10-30", "2025-01-02"),
            "2024年10月30日至2025年1月2日"
        );
        assert_eq!(days("2024-03-05", "2024-04-18"), Some(45));
        assert_eq!(days("2023-12-31", "2024-01-01"), Some(2));
        assert_eq!(days("x", "2024-01-01"), None);
    }

    #[test]
    fn status_labels() {
        assert_eq!(status("已完成", true), "已完成，长期坚持");
        assert_eq!(status("推进中", false), "推进中");
    }

    #[test]
    fn percentages_and_money() {
        assert_eq!(percent(58.0 / 60.0, 1), "96.7%");
        assert_eq!(percent(1.0, 1), "100%");
        assert_eq!(percent(0.0, 1), "0%");
        assert_eq!(percent(0.5, 1), "50%");
        assert_eq!(wan(13200.0, 2), "1.32万元");
        assert_eq!(wan(10000.0, 2), "1万元");
        assert_eq!(wan(905.0, 2), "0.09万元");
        assert_eq!(decimal(2.0 / 3.0, 2), "0.67");
    }

    #[test]
    fn punctuation() {
        assert_eq!(punct("个别问题整改不到位", "。"), "个别问题整改不到位。");
        assert_eq!(punct("个别问题整改不到位。", "；"), "个别问题整改不到位；");
        assert_eq!(punct("是否到位？", "。"), "是否到位？");
        assert_eq!(punct("建立台账。", ""), "建立台账");
        assert_eq!(punct("“应进尽进”", "。"), "“应进尽进”。");
    }

    #[test]
    fn joins() {
        let v = json!(["综合科", "财务室", ""]);
        assert_eq!(join(&v, "、", None), "综合科、财务室");
        assert_eq!(join(&v, "；", None), "综合科；财务室");
        let objs = json!([{"name": "甲"}, {"name": "乙"}]);
        assert_eq!(join(&objs, "、", Some("name")), "甲、乙");
        assert_eq!(join(&Value::Null, "、", None), "");
    }

    #[test]
    fn counting_and_grouping() {
        let ps = json!([
            {"id": "Q1", "status": "已完成", "owner": {"department": ["综合科", "财务室"]}},
            {"id": "Q2", "status": "推进中", "owner": {"department": ["财务室"]}},
            {"id": "Q3", "status": "已完成", "owner": {"department": []}},
        ]);
        assert_eq!(count(&ps, None, None), 3);
        assert_eq!(count(&ps, Some("status"), Some(&json!("已完成"))), 2);
        assert_eq!(
            count(&ps, Some("owner.department"), Some(&json!("财务室"))),
            2
        );
        let g = group_by(&ps, "owner.department");
        assert_eq!(g[0]["key"], "综合科");
        assert_eq!(g[0]["count"], 1);
        assert_eq!(g[1]["key"], "财务室");
        assert_eq!(g[1]["items"][1]["id"], "Q2");
        assert_eq!(g.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn helpers_render_through_handlebars() {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        register(&mut hb);
        let data =
            json!({"n": 3, "share": 0.9667, "money": 13200, "d": "2024-09-26", "xs": ["a", "b"]});
        let t = "{{num n \"（一）\"}}{{shi (inc 10)}}{{percent share}}{{wan money}}{{date d}}{{join xs \"；\"}}{{default missing \"缺省\"}}{{tally xs missing 1}}";
        assert_eq!(
            hb.render_template(t, &data).unwrap(),
            "（三）十一是96.7%1.32万元2024年9月26日a；b缺省2"
        );
        assert!(hb.render_template("{{num n \"x\"}}", &data).is_err());
    }
}
