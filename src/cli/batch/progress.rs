//! The progress of a batch: a bar on a terminal, one line per file otherwise (logs, CI).

use std::io::IsTerminal;

/// Columns the bar's line may take: an 80-column terminal, less one so that the cursor
/// never wraps.
const LINE_COLUMNS: usize = 79;
/// Columns of the bar's line before the file name: `{bar:20} {pos}/{len} ~{eta} ` with up to
/// five-digit counts and a four-character time.
const FIXED_COLUMNS: usize = 20 + 1 + 11 + 1 + 5 + 1;

/// A progress bar on a terminal; a plain line per file otherwise (logs, CI).
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: u64,
    done: std::cell::Cell<u64>,
}

impl Progress {
    pub fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(total);
            if let Ok(s) =
                indicatif::ProgressStyle::with_template("{bar:20} {pos}/{len} ~{eta} {msg}")
            {
                b.set_style(s);
            }
            b
        });
        Progress {
            bar,
            total,
            done: std::cell::Cell::new(0),
        }
    }

    pub fn file(&self, path: &str) {
        self.done.set(self.done.get() + 1);
        match &self.bar {
            Some(b) => {
                b.set_message(shorten_middle(path, LINE_COLUMNS - FIXED_COLUMNS));
                b.inc(1);
            }
            None => eprintln!("[{}/{}] {path}", self.done.get(), self.total),
        }
    }

    /// Prints diagnostics without tearing the bar.
    pub fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Terminal columns of a character: two for East Asian wide and full-width ones.
fn columns(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// `name` in at most `max` columns: the middle replaced by `…`, keeping the start (the plan)
/// and the end (document, department, extension).
pub(super) fn shorten_middle(name: &str, max: usize) -> String {
    let width: usize = name.chars().map(columns).sum();
    if width <= max {
        return name.to_string();
    }
    let budget = max.saturating_sub(1);
    let (mut head, mut tail) = (budget.div_ceil(2), budget / 2);
    let mut start = String::new();
    for c in name.chars() {
        if columns(c) > head {
            break;
        }
        head -= columns(c);
        start.push(c);
    }
    // Columns the start left unused go to the end.
    tail += head;
    let mut end: Vec<char> = vec![];
    for c in name.chars().rev() {
        if columns(c) > tail {
            break;
        }
        tail -= columns(c);
        end.push(c);
    }
    end.reverse();
    format!("{start}…{}", end.into_iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_in_the_middle_to_fit_80_columns() {
        let name = format!("{}-notice-综合科.pdf", "惠阳区会计核算中心".repeat(6));
        let s = shorten_middle(&name, LINE_COLUMNS - FIXED_COLUMNS);
        let w: usize = s.chars().map(columns).sum();
        assert!(FIXED_COLUMNS + w <= 79, "{s}: {w}");
        assert!(
            s.starts_with("惠阳区") && s.ends_with("-notice-综合科.pdf"),
            "{s}"
        );
        assert!(s.contains('…'));
        assert_eq!(shorten_middle("a-notice.pdf", 40), "a-notice.pdf");
    }
}
