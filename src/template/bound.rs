//! Bounds on what a template may produce: the size of the rendered markup and the time it
//! takes. Nested loops over the plan multiply (four `{{#each @root.all_problems}}` over 60
//! problems wrote 7.6 GB), so the output is written into a buffer that refuses to grow past
//! the limit, and the render stops at a deadline (checked on every write and every
//! `{{include}}`).

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Default largest rendered markup: a 60-problem notice is about 100 KB, a 2,000-row ledger
/// about 2 MB.
pub const DEFAULT_MAX_MARKUP_MB: usize = 16;
/// Default longest render of one document; the example notice takes milliseconds.
pub const DEFAULT_MAX_SECONDS: u64 = 20;

/// The bounds of one render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest rendered markup, in MB (2^20 bytes).
    pub markup_mb: usize,
    /// Longest render of one document, in seconds.
    pub seconds: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            markup_mb: DEFAULT_MAX_MARKUP_MB,
            seconds: DEFAULT_MAX_SECONDS,
        }
    }
}

impl Limits {
    pub fn markup_bytes(&self) -> usize {
        self.markup_mb.saturating_mul(1 << 20)
    }
}

/// Which bound a render hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Size,
    Time,
}

thread_local! {
    /// The deadline of the render running on this thread (helpers check it too).
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Whether the render on this thread is past its deadline.
pub fn past_deadline() -> bool {
    DEADLINE.with(|d| d.get().is_some_and(|t| Instant::now() >= t))
}

/// A `Write` into memory that fails once `limit` bytes are exceeded or the deadline passed.
pub struct Sink {
    pub bytes: Vec<u8>,
    limit: usize,
    writes: u32,
    pub exceeded: Option<Exceeded>,
}

impl Sink {
    fn new(limit: usize) -> Sink {
        Sink {
            bytes: Vec::new(),
            limit,
            writes: 0,
            exceeded: None,
        }
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.limit {
            self.exceeded = Some(Exceeded::Size);
            return Err(std::io::Error::other("the rendered markup is too large"));
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(64) && past_deadline() {
            self.exceeded = Some(Exceeded::Time);
            return Err(std::io::Error::other("the template takes too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `render` into a bounded sink with the deadline set for this thread; `Err` says which
/// bound was hit (the render's own error, if any, is then a consequence of it).
pub fn run<E>(
    limit_bytes: usize,
    seconds: u64,
    render: impl FnOnce(&mut Sink) -> Result<(), E>,
) -> Result<Result<String, E>, Exceeded> {
    let mut sink = Sink::new(limit_bytes);
    let deadline = Instant::now().checked_add(Duration::from_secs(seconds));
    let before = DEADLINE.with(|d| d.replace(deadline));
    let r = render(&mut sink);
    DEADLINE.with(|d| d.set(before));
    if let Some(x) = sink.exceeded {
        return Err(x);
    }
    if past_deadline_of(deadline) {
        return Err(Exceeded::Time);
    }
    Ok(r.map(|()| String::from_utf8_lossy(&sink.bytes).into_owned()))
}

fn past_deadline_of(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|t| Instant::now() >= t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_sink_refuses_to_grow_past_its_limit() {
        let r = run(10, 60, |s: &mut Sink| {
            s.write_all(b"12345")?;
            s.write_all(b"678901")
        });
        assert!(matches!(r, Err(Exceeded::Size)));
        let r: Result<Result<String, std::io::Error>, _> = run(10, 60, |s| s.write_all(b"abc"));
        assert_eq!(r.unwrap().unwrap(), "abc");
    }
}
