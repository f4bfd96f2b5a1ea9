//! Caveat 4, `main-exit-kills-threads`: when the main thread's code ends,
//! `threading._shutdown` joins the non-daemon `threading.Thread`s; then the
//! process exits and every other thread (daemon threads, `_thread` threads)
//! is stopped without running its `finally` blocks (`Py_FinalizeEx` in
//! `Python/pylifecycle.c`). On a system where threads survive the exit (the
//! documentation's "system defined" case, variant `survive`), they run on.
//!
//! ```text
//! main ends → wait until no non-daemon Thread runs → exit(status):
//!     killed:  every running thread → Killed (no more steps)
//!     survive: threads run on
//! ```

use super::{HasRules, Mutation, Rules};
use stateright::Model;
use crate::state::{State, Event, Life};
use crate::variant::{ExitMode, Version};
use stateright::Property;

pub const NO_THREAD_RUNS_AFTER_EXIT: &str = "no-thread-runs-after-exit";

/// Whether the threads still running at the exit are stopped.
pub fn kills_at_exit(r: Rules) -> bool {
    r.variant.exit == ExitMode::Killed && r.mutation != Some(Mutation::ThreadsRunAfterExit)
}

/// Whether a `join()` that an exception interrupts marks the joined thread
/// stopped while it still runs, so the shutdown no longer waits for it:
/// 3.9–3.12 (`_wait_for_tstate_lock`'s bpo-45274 handler releases the
/// thread's lock, gh-90882). 3.8 never got that handler (observed: 3.8.18
/// waits); 3.13's join is new.
pub fn join_interruption_forgets_thread(v: Version) -> bool {
    (9..=12).contains(&v.minor)
}

/// Whether `threading._shutdown` checks for signals between its joins of
/// the non-daemon threads: up to 3.12 it is Python code (each join returns
/// into it); from 3.13 the joins are the C `_thread._shutdown`, which runs
/// a handler only when a signal ends a wait (EINTR) and leaves one that
/// came as the joined thread ended until all are joined (observed,
/// cpython-findings.md CP21).
pub fn shutdown_checks_between_joins(v: Version) -> bool {
    v.minor <= 12
}

/// Whether `Thread.start()` (and `_thread.start_new_thread`) raises
/// `RuntimeError: can't create new thread at interpreter shutdown` once the
/// main thread has finished its module: while the shutdown joins the
/// non-daemon threads and while the atexit functions run: 3.12 (gh-104690;
/// 3.13 allows it again, the test `test_thread_from_thread`). Observed:
/// `scenarios/wild/cpython_thread_from_thread.py` and
/// `cpython_start_new_thread_at_exit.py` on 3.12.1; 3.11, 3.13 and 3.14
/// start the thread from an atexit function (cpython-findings.md CP23, CP25).
pub fn start_refused_at_shutdown(v: Version) -> bool {
    v.minor == 12
}

/// Whether `atexit.unregister` and `atexit._clear` called while the atexit
/// functions run keep the loop from calling the functions they remove:
/// up to 3.13 the loop reads the registered functions as it goes (3.11's
/// `atexit_callfuncs` skips the NULL entries they leave); 3.14's loop runs
/// over a copy made as it began (observed, cpython-findings.md CP48).
pub fn atexit_loop_sees_removals(v: Version) -> bool {
    v.minor <= 13
}

/// Whether `threading._register_atexit` exists (3.9+; 3.8 raises
/// AttributeError at the call).
pub fn has_threading_atexit(v: Version) -> bool {
    v.minor >= 9
}

/// Whether what an atexit function raises goes to `sys.unraisablehook`,
/// SystemExit included: 3.10+ (`_PyErr_WriteUnraisableMsg("in atexit
/// callback")`, whose built-in hook prints "Exception ignored in atexit
/// callback"). 3.8, 3.9 and PyPy 3.9 print "Error in
/// atexit._run_exitfuncs" and the traceback, nothing for SystemExit, and a
/// `_run_exitfuncs()` call raises the last exception once every function
/// has run. The exit status never changes. Observed (cpython-findings.md
/// CP25, CP48).
pub fn atexit_errors_to_hook(r: Rules) -> bool {
    r.variant.version.minor >= 10 && !r.pypy
}

/// Whether an exception raised at the check right after a `join()` took
/// the joined thread's tstate lock leaves that lock held, so the thread
/// looks alive for ever and later joins (the shutdown's too) wait for ever:
/// 3.8, whose `_wait_for_tstate_lock` has no handler for it (bpo-45274;
/// observed: `cpython-InterruptMainTests_interrupt_main_subthread.py` hangs
/// on 3.8.18 when `interrupt_main()` comes while main waits in the join).
pub fn join_exception_keeps_tstate_lock(v: Version) -> bool {
    v.minor == 8
}

pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
    vec![
        Property::always(NO_THREAD_RUNS_AFTER_EXIT, |m: &M, s: &State| {
            m.rules().variant.exit == ExitMode::Survive || !matches!(s.event, Event::StepAfterExit { .. })
        }),
        Property::sometimes("witness-no-thread-runs-after-exit", |m: &M, s: &State| {
            m.rules().variant.exit == ExitMode::Killed
                && matches!(s.event, Event::ThreadsKilled { .. })
                && s.threads.iter().any(|t| t.life == Life::Killed)
        }),
    ]
}
