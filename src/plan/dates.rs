//! Dates as clerks write them. A date field or a deadline accepts, besides the ISO form,
//! `2024年9月30日`, `2024.9.30`, `2024/9/30`, `2024-9-30` (full-width digits too); a deadline
//! also `…前` phrases, with or without the year (`9月30日前`: the year comes from the plan's
//! dates, and the loader warns naming the year it chose).

use super::model::{Date, days_in_month};

/// What a written date or deadline phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A whole date (`2024年9月30日`, `2024.9.30`); `None` when it does not exist.
    Day(Option<Date>),
    /// A `…前` phrase (2024年底前, 2024年6月底前, 2024年6月15日前): the day it falls due, `None`
    /// when that day does not exist.
    Before(Option<Date>),
    /// A phrase without its year (`9月30日前`, `9月底前`, `9月30日`): month and day (0 for 底),
    /// and whether it ends in 前.
    NoYear { month: u32, day: u32, before: bool },
}

/// ASCII digits for full-width ones (a Chinese input method types ２０２４).
fn ascii_digits(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '／' => '/',
            '－' => '-',
            c => c,
        })
        .collect()
}

fn num<T: std::str::FromStr>(s: &str, max_len: usize) -> Option<T> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())?
}

/// `2024年9月30日`, `2024.9.30`, `2024/9/30`, `2024-9-30`, `2024-09-30` → a day (`None` inside
/// when the day does not exist); anything else → `None`.
pub fn parse_day(t: &str) -> Option<Option<Date>> {
    let t = ascii_digits(t.trim());
    let (y, m, d) = if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        (y, m, d)
    } else {
        let sep = ['.', '/', '-'].into_iter().find(|c| t.contains(*c))?;
        let mut parts = t.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let year: i32 = num(y, 4)?;
    if y.len() != 4 {
        return None;
    }
    Some(Date::new(year, num(m, 2)?, num(d, 2)?))
}

/// A deadline's text → what it means; `None` for any other phrase (printed as written, never
/// due). 立行立改 and 长期坚持 are the caller's.
pub fn parse_deadline(t: &str) -> Option<Written> {
    let t = ascii_digits(t.trim());
    if let Some(d) = parse_day(&t) {
        return Some(Written::Day(d));
    }
    let (rest, before) = match t.strip_suffix('前') {
        Some(r) => (r, true),
        None => (t.as_str(), false),
    };
    if let Some((y, rest)) = rest.split_once('年') {
        if !before {
            return None;
        }
        let year: i32 = num(y, 4)?;
        if y.len() != 4 {
            return None;
        }
        if rest == "底" {
            return Some(Written::Before(Date::new(year, 12, 31)));
        }
        let (month, day) = month_day(rest)?;
        return Some(Written::Before(resolve(year, month, day)));
    }
    let (month, day) = month_day(rest)?;
    // `9月底` without 前 is no phrase a clerk writes; `9月30日` is.
    if day == 0 && !before {
        return None;
    }
    Some(Written::NoYear { month, day, before })
}

/// `6月底` → (6, 0); `6月15日` → (6, 15).
fn month_day(t: &str) -> Option<(u32, u32)> {
    let (m, rest) = t.split_once('月')?;
    let month: u32 = num(m, 2)?;
    if rest == "底" {
        return Some((month, 0));
    }
    Some((month, num(rest.strip_suffix('日')?, 2)?))
}

/// The day of `year`/`month`/`day` (day 0: the month's last), if it exists.
pub fn resolve(year: i32, month: u32, day: u32) -> Option<Date> {
    if day == 0 {
        let last = days_in_month(year, month);
        return if last == 0 {
            None
        } else {
            Date::new(year, month, last)
        };
    }
    Date::new(year, month, day)
}

/// The year for a deadline written without one: the first year, from the feedback date's,
/// in which the day falls on or after the feedback (a deadline is set after the feedback).
pub fn year_for(month: u32, day: u32, feedback: Date) -> i32 {
    let y = feedback.year;
    match resolve(y, month, day) {
        Some(d) if d < feedback => y + 1,
        _ => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<Date> {
        Date::new(y, m, dd)
    }

    #[test]
    fn days_in_every_written_form() {
        for t in [
            "2024年9月30日",
            "2024.9.30",
            "2024/9/30",
            "2024-9-30",
            "2024-09-30",
            "２０２４年９月３０日",
            " 2024年09月30日 ",
        ] {
            assert_eq!(parse_day(t), Some(d(2024, 9, 30)), "{t}");
        }
        assert_eq!(parse_day("2024年2月30日"), Some(None));
        assert_eq!(parse_day("2024.13.1"), Some(None));
        for t in [
            "24.9.30",
            "2024.9",
            "2024年9月",
            "9月30日",
            "2024.9.30.1",
            "尽快",
        ] {
            assert_eq!(parse_day(t), None, "{t}");
        }
    }

    #[test]
    fn deadline_phrases() {
        use Written::*;
        assert_eq!(parse_deadline("2024年9月30日"), Some(Day(d(2024, 9, 30))));
        assert_eq!(
            parse_deadline("2024年9月30日前"),
            Some(Before(d(2024, 9, 30)))
        );
        assert_eq!(parse_deadline("2024年底前"), Some(Before(d(2024, 12, 31))));
        assert_eq!(
            parse_deadline("2024年2月底前"),
            Some(Before(d(2024, 2, 29)))
        );
        assert_eq!(parse_deadline("2024年2月30日前"), Some(Before(None)));
        assert_eq!(
            parse_deadline("9月30日前"),
            Some(NoYear {
                month: 9,
                day: 30,
                before: true
            })
        );
        assert_eq!(
            parse_deadline("9月底前"),
            Some(NoYear {
                month: 9,
                day: 0,
                before: true
            })
        );
        for t in ["尽快", "9月底", "2024年底", "年底前", "下半年"] {
            assert_eq!(parse_deadline(t), None, "{t}");
        }
    }

    #[test]
    fn a_missing_year_is_the_first_on_or_after_the_feedback() {
        let fb = Date::new(2024, 5, 16).unwrap();
        assert_eq!(year_for(9, 30, fb), 2024);
        assert_eq!(year_for(5, 16, fb), 2024);
        assert_eq!(year_for(3, 31, fb), 2025);
        assert_eq!(year_for(2, 0, fb), 2025);
    }
}
