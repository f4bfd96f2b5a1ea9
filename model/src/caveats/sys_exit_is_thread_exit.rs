//! Caveat 2, `sys-exit-is-thread-exit`: `sys.exit()` raises SystemExit, which
//! in a thread other than main unwinds that thread only (running its
//! `finally` blocks) and is then cleared silently (`thread_run` in
//! `Modules/_threadmodule.c`; `threading.excepthook` ignores SystemExit).
//! The process goes on; the exit code is lost. Any other uncaught exception
//! in a thread is reported on stderr and the process goes on too.
//!
//! ```text
//! uncaught(thread ≠ main, exc) = exc is SystemExit ? silent : report(exc); thread done
//! uncaught(main, exc)          = report unless SystemExit; shut down with its status
//! ```

use super::{HasRules, Mutation, Rules};
use stateright::Model;
use crate::state::{State, Event, Phase};
use stateright::Property;

pub const SYSTEMEXIT_ENDS_ONLY_THAT_THREAD: &str = "thread-systemexit-ends-only-that-thread";

/// Whether an uncaught SystemExit in a non-main thread ends the process
/// (never in CPython; only in the deliberately broken model).
pub fn systemexit_ends_process(r: Rules) -> bool {
    r.mutation == Some(Mutation::ThreadSystemExitEndsProcess)
}

pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
    vec![
        Property::always(SYSTEMEXIT_ENDS_ONLY_THAT_THREAD, |_: &M, s: &State| match s.event {
            Event::ThreadSystemExit { thread, .. } => {
                s.phase == Phase::Running
                    && s.threads.iter().enumerate().all(|(i, t)| {
                        i == thread as usize || t.life != crate::state::Life::Killed
                    })
            }
            _ => true,
        }),
        Property::sometimes("witness-thread-systemexit-ends-only-that-thread", |_: &M, s: &State| {
            matches!(s.event, Event::ThreadSystemExit { .. })
        }),
    ]
}
