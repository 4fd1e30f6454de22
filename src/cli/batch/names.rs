//! `--name` patterns: parsing and filling; the result goes through
//! `output::names::sanitize` and a `Namer` like every output name.

use crate::diag::Diagnostic;

/// A parsed `--name` pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Text(String),
    Field(Field),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Field {
    Stem,
    Unit,
    Short,
    Doc,
    Department,
    Date,
}

const FIELDS: &str = "{stem}, {unit}, {short}, {doc}, {department}, {date}";

pub(super) fn parse_pattern(p: &str) -> Result<Vec<Piece>, Diagnostic> {
    let mut out = vec![];
    let mut rest = p;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(i) if rest[i..].starts_with('}') => {
                return Err(
                    Diagnostic::error(format!("`}}` without `{{` in --name `{p}`"))
                        .hint(format!("the fields are {FIELDS}")),
                );
            }
            Some(i) => {
                if i > 0 {
                    out.push(Piece::Text(rest[..i].to_string()));
                }
                let Some(end) = rest[i..].find('}') else {
                    return Err(Diagnostic::error(format!("unclosed `{{` in --name `{p}`"))
                        .hint(format!("the fields are {FIELDS}")));
                };
                let f = match &rest[i + 1..i + end] {
                    "stem" => Field::Stem,
                    "unit" => Field::Unit,
                    "short" => Field::Short,
                    "doc" => Field::Doc,
                    "department" => Field::Department,
                    "date" => Field::Date,
                    other => {
                        return Err(Diagnostic::error(format!(
                            "unknown field `{{{other}}}` in --name"
                        ))
                        .hint(format!("the fields are {FIELDS}")));
                    }
                };
                out.push(Piece::Field(f));
                rest = &rest[i + end + 1..];
            }
            None => {
                out.push(Piece::Text(rest.to_string()));
                rest = "";
            }
        }
    }
    if !out.iter().any(|p| matches!(p, Piece::Field(_))) {
        return Err(Diagnostic::error(format!(
            "--name `{p}` has no field: every file would have one name"
        ))
        .hint("include {stem} or {unit}, and {doc}"));
    }
    Ok(out)
}

/// The values of a job's fields.
pub(super) struct Fields<'a> {
    pub stem: &'a str,
    pub unit: &'a str,
    pub short: &'a str,
    pub doc: &'a str,
    pub department: &'a str,
    pub date: &'a str,
}

/// Fills the pattern; an empty field drops out with the literal text before it (or after
/// it, when it comes first), so `{unit}-{doc}-{department}` without a department is
/// `unit-doc`.
pub(super) fn fill(pattern: &[Piece], v: &Fields) -> String {
    let value = |f: Field| match f {
        Field::Stem => v.stem,
        Field::Unit => v.unit,
        Field::Short => v.short,
        Field::Doc => v.doc,
        Field::Department => v.department,
        Field::Date => v.date,
    };
    let mut parts: Vec<&str> = vec![];
    let mut drop_next_text = false;
    for (i, p) in pattern.iter().enumerate() {
        match p {
            Piece::Text(_) if drop_next_text => drop_next_text = false,
            Piece::Text(t) => parts.push(t),
            Piece::Field(f) => {
                let val = value(*f).trim();
                if !val.is_empty() {
                    parts.push(val);
                } else if i > 0 && matches!(pattern[i - 1], Piece::Text(_)) {
                    parts.pop();
                } else {
                    drop_next_text = true;
                }
            }
        }
    }
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(unit: &'a str, department: &'a str) -> Fields<'a> {
        Fields {
            stem: "plan",
            unit,
            short: "局",
            doc: "notice",
            department,
            date: "2024-09-26",
        }
    }

    #[test]
    fn empty_fields_drop_out_with_their_separator() {
        let p = parse_pattern("{unit}-{doc}-{department}-{date}").unwrap();
        assert_eq!(
            fill(&p, &fields("甲", "综合科")),
            "甲-notice-综合科-2024-09-26"
        );
        assert_eq!(fill(&p, &fields("甲", "")), "甲-notice-2024-09-26");
        let p = parse_pattern("{department}_{doc}").unwrap();
        assert_eq!(fill(&p, &fields("甲", "")), "notice");
    }

    #[test]
    fn bad_patterns_are_usage_errors() {
        assert!(parse_pattern("{unti}-{doc}").is_err());
        assert!(parse_pattern("{unit").is_err());
        assert!(parse_pattern("unit}").is_err());
        assert!(parse_pattern("fixed").is_err());
    }
}
