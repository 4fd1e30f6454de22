//! Messages in the reader's language. Every message is raised in English where it is found
//! (typed, as the code reads best); the CLI's printing layer passes what it prints through
//! [`tr`], which looks the English text up in one catalogue (`catalogue.txt`, compiled in)
//! and gives the Chinese form when the language is Chinese. A unit test extracts every
//! message pattern from the sources and fails when one has no entry, or an entry is stale
//! (see `docs/messages.md`).

mod catalogue;
#[cfg(test)]
mod scan;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

/// The language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Zh,
}

static LANG: OnceLock<Lang> = OnceLock::new();

impl Lang {
    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// that is set and not empty (the POSIX order) decides; Chinese when it starts with
    /// `zh`, English otherwise.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| var(v))
            .find(|v| !v.is_empty());
        match chosen {
            Some(v) if v.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// Sets the language of this run (`--lang`, else the environment); the first call wins.
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run: as [`set`], else from the environment.
pub fn lang() -> Lang {
    *LANG.get_or_init(|| Lang::from_env(|v| std::env::var(v).ok()))
}

/// `text` in the language of this run.
pub fn tr(text: &str) -> String {
    translate(text, lang())
}

/// `text` in `lang`: unchanged in English or when the catalogue has no pattern for it.
pub fn translate(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Zh => catalogue::get()
            .zh(text)
            .unwrap_or_else(|| text.to_string()),
    }
}

/// `1 plan`, `3 plans`: a count with its noun in English, for the printing layer. Both
/// forms are catalogue patterns (`{} plan`, `{} plans`), so the Chinese has its measure
/// word (`3 个整改方案`).
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `d` with its message and hint in the language of this run (location and key path as
/// they are).
pub fn localized(d: &crate::diag::Diagnostic) -> crate::diag::Diagnostic {
    let mut d = d.clone();
    if lang() != Lang::En {
        d.message = tr(&d.message);
        d.hint = d.hint.as_deref().map(tr);
    }
    d
}

/// Every line of `text` in the language of this run (for a report built line by line).
pub fn tr_lines(text: &str) -> String {
    if lang() == Lang::En {
        return text.to_string();
    }
    text.split('\n').map(tr).collect::<Vec<_>>().join("\n")
}
