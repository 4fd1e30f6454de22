//! What the PDFs of one run share: the compressed subset font program of a face for a list of
//! glyphs. The documents of a batch (one office's plans) show nearly the same characters,
//! and subsetting then deflating the same glyphs of the same face again was most of the work
//! each PDF repeated (the notice's body face alone is a 450 KB program).
//!
//! The key is the face and the exact glyph list handed to the subsetter, the whole input of
//! a deterministic computation on the face's file, which one [`FontBook`] maps once: a hit
//! gives the bytes a fresh subset would. So a `Shared` serves the faces of one book only.
//!
//! [`FontBook`]: crate::fonts::FontBook

use super::embed::FontProgram;
use crate::fonts::FaceId;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Programs kept: the faces of a few documents. A run whose documents all differ keeps at
/// most this many (up to about half a megabyte each) and gains nothing.
const KEEP: usize = 16;

type Slot = Arc<OnceLock<Result<Arc<FontProgram>, String>>>;

/// The font programs of a run, most recently used last.
#[derive(Default)]
pub struct Shared {
    programs: Mutex<VecDeque<(FaceId, Vec<u16>, Slot)>>,
}

impl Shared {
    /// The program of glyphs `ids` of face `face`, made by `make` unless the run has it
    /// already; threads asking for the same one at once wait for the first instead of
    /// repeating its work.
    pub(super) fn font_program(
        &self,
        face: FaceId,
        ids: &[u16],
        make: impl FnOnce() -> Result<FontProgram, String>,
    ) -> Result<Arc<FontProgram>, String> {
        let slot = {
            let mut list = self.programs.lock().unwrap_or_else(PoisonError::into_inner);
            let hit = list.iter().position(|(f, g, _)| *f == face && g == ids);
            let entry = match hit.and_then(|i| list.remove(i)) {
                Some(e) => e,
                None => (face, ids.to_vec(), Slot::default()),
            };
            let slot = entry.2.clone();
            list.push_back(entry);
            if list.len() > KEEP {
                list.pop_front();
            }
            slot
        };
        slot.get_or_init(|| make().map(Arc::new)).clone()
    }

    /// How many programs are kept (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.programs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream};

    fn program(n: u8) -> FontProgram {
        FontProgram {
            subtype: "CIDFontType0",
            file_key: "FontFile3",
            stream: Stream::new(Dictionary::new(), vec![n]),
            cids: None,
        }
    }

    #[test]
    fn the_same_face_and_glyphs_are_made_once_and_others_apart() {
        let shared = Shared::default();
        let made = std::cell::Cell::new(0);
        let get = |face, ids: &[u16], n| {
            shared
                .font_program(face, ids, || {
                    made.set(made.get() + 1);
                    Ok(program(n))
                })
                .expect("made")
        };
        let a = get(0, &[0, 5, 9], 1);
        let again = get(0, &[0, 5, 9], 2);
        assert!(Arc::ptr_eq(&a, &again));
        // another glyph list, another face: made apart
        let b = get(0, &[0, 5], 3);
        let c = get(1, &[0, 5, 9], 4);
        assert_eq!(made.get(), 3);
        assert_eq!(b.stream.content, [3]);
        assert_eq!(c.stream.content, [4]);
    }

    #[test]
    fn at_most_keep_programs_are_kept_the_least_recently_used_going_first() {
        let shared = Shared::default();
        let get = |ids: &[u16]| {
            shared
                .font_program(0, ids, || Ok(program(0)))
                .expect("made")
        };
        let first = get(&[0]);
        for g in 1..KEEP as u16 {
            get(&[0, g]);
        }
        // used again: now the most recent, so the next one pushes out [0, 1] instead
        assert!(Arc::ptr_eq(&first, &get(&[0])));
        get(&[0, 999]);
        assert_eq!(shared.len(), KEEP);
        assert!(Arc::ptr_eq(&first, &get(&[0])));
    }

    #[test]
    fn a_failure_is_reported_to_every_document_that_asks() {
        let shared = Shared::default();
        for _ in 0..2 {
            let e = shared.font_program(0, &[0], || Err("bad face".to_string()));
            assert_eq!(e.err().as_deref(), Some("bad face"));
        }
    }
}
