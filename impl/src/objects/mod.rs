//! The waits people use: threading's `Condition`, `Event`, `Semaphore`,
//! `BoundedSemaphore` and `Timer`, queue's `Queue` and `LifoQueue`, and
//! concurrent.futures' `ThreadPoolExecutor` and `Future`, built on the
//! runtime's [`Lock`](crate::Lock) and [`Thread`](crate::Thread) as CPython
//! builds them in Python.
//!
//! Each is a transliteration of the trimmed copy the model runs
//! (`model/src/frontend/library/{threading,queue,futures}.py`, CPython
//! 3.12/3.13's code): every wait is a waiter lock's `acquire` inside
//! [`Condition::wait`], so caveat 3 reaches them through the lock, per
//! variant, by construction.
//!
//! ## Check points
//! A KeyboardInterrupt (or any raising handler) lands in the main thread at
//! each Python method's entry (`RESUME`), at each loop's back edge, at the
//! end of a lock's C methods (after a wait, before the caller goes on), and
//! in a blocked lock acquire where the platform lets a signal end it. The model
//! runs the library at bytecode granularity, so it has these check points
//! and more: every run of these objects is a run of the model
//! (`tests/objects_state_machine.rs` compares them operation by
//! operation). As in CPython, an interrupt can leave state behind: one at
//! the entry of a `with` block's `__exit__` leaves the condition's lock
//! held; one at `_release_save`'s entry in `Condition.wait` leaves the
//! waiter in the list. The runtime hands the GIL over only where a thread
//! waits, so a signal sent by another thread lands in a wait; a handler
//! already due (`interrupt_main`, a signal of the main thread's own) lands
//! at the next check point.
//!
//! ## Limitations
//! - An object's state lives beside the runtime's, guarded by the GIL (every
//!   method takes `&mut Py`); objects are handles (`Clone` shares).
//! - `ThreadPoolExecutor.map`, done callbacks, `wait`/`as_completed`, and
//!   `SimpleQueue` are not here; `Barrier` neither (no script of the wild
//!   corpus uses it).
//! - Each `Condition.wait` makes a lock, as CPython's does, and the runtime
//!   never reuses lock indices: a runtime makes at most 65,536 locks.

mod condition;
mod event;
mod executor;
mod queue;
mod semaphore;
mod timer;

pub use condition::{CondLock, Condition};
pub use event::Event;
pub use executor::{Future, FutureState, ThreadPoolExecutor};
pub use queue::{Queue, QueueKind};
pub use semaphore::Semaphore;
pub use timer::Timer;

use std::sync::{Arc, Mutex, MutexGuard};

/// An object's own fields, read and written only with the GIL held (so the
/// mutex is never contended, and loom need not see it).
pub(crate) struct Fields<T>(Arc<Mutex<T>>);

impl<T> Clone for Fields<T> {
    fn clone(&self) -> Self {
        Fields(self.0.clone())
    }
}

impl<T> Fields<T> {
    pub(crate) fn new(value: T) -> Fields<T> {
        Fields(Arc::new(Mutex::new(value)))
    }

    pub(crate) fn get(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A C call's result, then the check point at the call's end (CPython
/// checks after a C call, so a signal that came during a wait has its
/// handler run before the caller goes on).
pub(crate) fn after_call<'rt, T>(
    py: &mut crate::Py<'rt>,
    call: impl FnOnce(&mut crate::Py<'rt>) -> Result<T, crate::PyException>,
) -> Result<T, crate::PyException> {
    let v = call(py)?;
    py.check_signals()?;
    Ok(v)
}

/// `with lock: body` for a plain lock (its C `__enter__`/`__exit__`: no
/// check point of their own; the lock is given back on an exception too,
/// and the release's call checks at its end).
pub(crate) fn with_lock<'rt, R>(
    py: &mut crate::Py<'rt>,
    lock: crate::Lock,
    body: impl FnOnce(&mut crate::Py<'rt>) -> Result<R, crate::PyException>,
) -> Result<R, crate::PyException> {
    lock.acquire(py, true, -1.0)?;
    py.try_finally(body, |py| after_call(py, |py| lock.release(py)))
}

/// `time.monotonic()` in seconds, from the runtime's clock.
pub(crate) fn monotonic(py: &mut crate::Py<'_>) -> f64 {
    py.now() as f64 / 1000.0
}
