//! Caveat 3, `acquire-interruptible`: whether a signal interrupts a blocked
//! `lock.acquire()` depends on the platform. On POSIX the semaphore wait
//! fails with EINTR in the thread the signal landed on; in the main thread
//! the handler then runs at once and, if it raises, `acquire` raises without
//! taking the lock (`acquire_timed` in `Modules/_threadmodule.c`). On Windows
//! before 3.14 lock waits are uninterruptible (`Python/thread_nt.h`); from
//! 3.14 the main thread's waits also wait on the SIGINT event
//! (`Python/parking_lot.c`), so Ctrl-C interrupts them. `time.sleep` in the
//! main thread waits on the SIGINT event on Windows in every version.
//!
//! ```text
//! wakes(wait, route) = posix:   route lands on the main thread
//!                      windows: route sets the SIGINT event ∧ (wait = sleep ∨ version ≥ 3.14)
//! ```

use crate::state::State;
use super::{HasRules, Mutation, Rules};
use stateright::Model;
use crate::state::Event;
use crate::variant::{Platform, Variant};
use stateright::Property;

pub const INTERRUPTED: &str = "blocked-acquire-interrupted";
pub const NOT_INTERRUPTED: &str = "blocked-acquire-not-interrupted";

/// What the main thread is blocked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitKind {
    /// `lock.acquire()` or entering `with lock:`.
    Acquire,
    /// `t.join()`.
    Join,
    /// `time.sleep()`.
    Sleep,
    /// `threading._shutdown` joining the non-daemon threads.
    Shutdown,
    /// `signal.pause()` (POSIX only): any signal that lands on the main
    /// thread ends it, once its handler has run.
    Pause,
    /// `signal.sigwait(signals)` (POSIX only): only one of its signals ends
    /// it; glibc's `sigwait` retries after EINTR, so a handled signal (a
    /// Ctrl-C) waits until it returns (CP38).
    SigWait,
    /// `signal.sigtimedwait(signals, timeout)` (POSIX only): the kernel
    /// returns EINTR for a handled signal, so its handler runs at once and
    /// the wait goes on until its deadline (CP43).
    SigTimedWait,
    /// An RLock's `_acquire_restore` (`Condition.wait` on an RLock, after
    /// the wait): a plain `PyThread_acquire_lock` (3.14: `_PyMutex_LockTimed`
    /// without `_PY_LOCK_HANDLE_SIGNALS`), which no signal ends on any
    /// platform or version (CP39).
    Restore,
}

/// How a signal reached the process, as far as waking the main thread goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// A POSIX signal that landed on the main thread (EINTR there).
    OnMainThread,
    /// A POSIX signal that landed on another thread: main is not woken.
    OnOtherThread,
    /// Windows: Ctrl-C or `raise_signal(SIGINT)`: the SIGINT event is set.
    SigintEvent,
    /// `_thread.interrupt_main()`, or a Windows signal without the event:
    /// only the tripped flag is set.
    FlagOnly,
}

/// Whether a signal arriving by `route` ends the main thread's wait now.
pub fn wakes(r: Rules, wait: WaitKind, route: Route) -> bool {
    let v = r.variant;
    let correct = match route {
        _ if wait == WaitKind::Restore => false,
        Route::OnMainThread => v.platform != Platform::Windows && wait != WaitKind::SigWait,
        Route::OnOtherThread | Route::FlagOnly => false,
        Route::SigintEvent => wait == WaitKind::Sleep || v.version.is_314(),
    };
    match r.mutation {
        Some(Mutation::WindowsAcquireInterruptible) if wait == WaitKind::Acquire && route == Route::SigintEvent => true,
        Some(Mutation::PosixAcquireUninterruptible) if wait == WaitKind::Acquire && route == Route::OnMainThread => false,
        _ => correct,
    }
}

/// Whether a wait the main thread starts while a signal is already tripped
/// returns at once to run its handler. On POSIX it does not: the C-level
/// handler has run, so no EINTR comes, and the wait lasts until it ends by
/// itself (`research/eval-breaker.md` §5). On Windows `time.sleep` checks
/// before it waits from 3.11, and 3.14's lock waits find the manual-reset
/// SIGINT event still set (W4).
pub fn sees_pending_at_entry(v: Variant, wait: WaitKind, sigint_tripped: bool) -> bool {
    v.platform == Platform::Windows
        && match wait {
            WaitKind::Sleep => v.version.minor >= 11 || (sigint_tripped && v.version.is_314()),
            WaitKind::Acquire | WaitKind::Join | WaitKind::Shutdown => sigint_tripped && v.version.is_314(),
            // No pause() or sigwait() on Windows.
            WaitKind::Pause | WaitKind::SigWait | WaitKind::SigTimedWait | WaitKind::Restore => false,
        }
}

/// Whether the variant interrupts a main-thread lock wait for a signal that
/// lands on (or, on Windows, is sent to) the main thread.
pub fn platform_interrupts_acquire(r: Rules) -> bool {
    r.variant.platform != Platform::Windows || r.variant.version.is_314()
}

pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
    vec![
        Property::always(INTERRUPTED, |m: &M, s: &State| {
            !platform_interrupts_acquire(m.rules())
                || !matches!(s.event, Event::SignalWhileMainAcquires { woke: false, reaches_main: true, .. })
        }),
        Property::sometimes("witness-blocked-acquire-interrupted", |m: &M, s: &State| {
            platform_interrupts_acquire(m.rules()) && matches!(s.event, Event::SignalWhileMainAcquires { woke: true, .. })
        }),
        Property::always(NOT_INTERRUPTED, |m: &M, s: &State| {
            platform_interrupts_acquire(m.rules()) || !matches!(s.event, Event::SignalWhileMainAcquires { woke: true, .. })
        }),
        Property::sometimes("witness-blocked-acquire-not-interrupted", |m: &M, s: &State| {
            !platform_interrupts_acquire(m.rules()) && matches!(s.event, Event::SignalWhileMainAcquires { woke: false, .. })
        }),
    ]
}
