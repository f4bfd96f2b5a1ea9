//! Caveat 1, `interrupts-main-only`: signals may arrive on any thread, but the
//! Python-level handler runs only in the main thread, at its next eval-breaker
//! check (`trip_signal` / `_PyErr_CheckSignalsTstate` in
//! `Modules/signalmodule.c`). So KeyboardInterrupt from Ctrl-C is raised only
//! in the main thread, before its next statement.
//!
//! ```text
//! deliver(sig, route):   handler = SIG_IGN  → dropped
//!                        handler = SIG_DFL  → process terminated (not for interrupt_main)
//!                        Python handler     → tripped[sig] = 1; maybe wake main (acquire_interruptible)
//! main, before each statement: tripped ≠ ∅ → run the lowest-numbered handler first
//! ```

use crate::machine::{Mutation, PyModel};
use crate::scenario::Sig;
use crate::state::{Event, State, MAIN};
use stateright::Property;

pub const HANDLED_ONLY_IN_MAIN: &str = "interrupt-handled-only-in-main";
pub const PENDING_BEFORE_NEXT_STATEMENT: &str = "pending-signal-handled-before-next-statement";

/// Signals in the order CPython scans them (by signal number).
pub const SCAN_ORDER: [Sig; 5] = [Sig::SIGINT, Sig::SIGUSR1, Sig::SIGUSR2, Sig::SIGALRM, Sig::SIGTERM];

/// The tripped signal whose handler runs next, if any.
pub fn next_tripped(s: &State) -> Option<Sig> {
    SCAN_ORDER.into_iter().find(|&sig| s.is_tripped(sig))
}

/// The thread that runs Python-level handlers: the main thread, or (in the
/// deliberately broken model) whichever thread is stepping.
pub fn handler_thread(m: &PyModel, stepping: u8) -> u8 {
    if m.mutation == Some(Mutation::HandlerInRunningThread) {
        stepping
    } else {
        MAIN
    }
}

pub fn properties() -> Vec<Property<PyModel>> {
    vec![
        Property::always(HANDLED_ONLY_IN_MAIN, |_: &PyModel, s: &State| {
            !matches!(s.event, Event::HandlerRan { thread, .. } if thread != MAIN)
        }),
        Property::sometimes("witness-interrupt-handled-only-in-main", |_: &PyModel, s: &State| {
            matches!(s.event, Event::HandlerRan { .. })
                && s.threads.iter().skip(1).any(|t| t.life == crate::state::Life::Running)
        }),
        Property::always(PENDING_BEFORE_NEXT_STATEMENT, |_: &PyModel, s: &State| {
            s.event != Event::MainStatementWithSignalPending
        }),
        Property::sometimes("witness-pending-signal-handled-before-next-statement", |_: &PyModel, s: &State| {
            matches!(s.event, Event::HandlerRan { thread: MAIN, .. })
        }),
    ]
}
