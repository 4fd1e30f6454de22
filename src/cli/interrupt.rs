//! SIGINT, SIGTERM and SIGHUP: a run stops cleanly instead of dying with files half
//! written. The first signal sets [`interrupted`] (a batch starts no new document and writes
//! its manifest); a second one, or the first one during `render`'s writes, removes the
//! temporary files in progress and exits at once. Temporary files that a SIGKILL leaves are
//! removed by the next run into the folder (`output::remove_stale_temps`).

use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code of a run stopped by a signal (128 + 2, as shells report SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Stop at the first signal (render: nothing is worth finishing).
static AT_ONCE: AtomicBool = AtomicBool::new(false);
/// Whether a signal came.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Installs the handler. `at_once`: the first signal already abandons the files in progress.
pub fn install(at_once: bool) {
    AT_ONCE.store(at_once, Ordering::SeqCst);
    if let Err(e) = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) || AT_ONCE.load(Ordering::SeqCst) {
            crate::output::abandon_temps();
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        eprintln_tr!(
            "interrupted: finishing the files in progress (interrupt again to abandon them)"
        );
    }) {
        eprintln_tr!(
            "warning: cannot handle interrupts ({e}); an interrupted run may leave temporary files"
        );
    }
}
