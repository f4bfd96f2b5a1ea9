//! `_thread.allocate_lock()` / `threading.Lock` and `threading.RLock`.
//!
//! A blocked `acquire` in the main thread is where caveat 3
//! (`acquire-interruptible`) bites: on POSIX a signal that reaches the main
//! thread ends the wait, the handler runs, and a raising handler's exception
//! comes out of `acquire` **without the lock**; a non-raising handler lets
//! the wait go on. On Windows before 3.14 the wait is not interrupted: the
//! lock (or `False` at the timeout) comes first and the handler runs at the
//! next eval-breaker check.

use crate::exception::{ExcKind, PyException};
use crate::runtime::Py;
use crate::trace::LockId;
use pythread_model::caveats::locks;

/// A plain lock: any thread may release it.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let lock = py.allocate_lock();
///     assert!(lock.acquire(py, true, -1.0)?);
///     assert!(!lock.acquire(py, false, -1.0)?); // held: a non-blocking try fails
///     assert!(!lock.acquire(py, true, 0.5)?);   // times out after 0.5 s (virtual)
///     lock.release(py)?;
///     assert!(!lock.locked(py));
///     assert_eq!(lock.release(py).unwrap_err().to_string(), "RuntimeError: release unlocked lock");
///     Ok(())
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lock {
    id: LockId,
}

/// A reentrant lock: its owner may take it again; only the owner may release it.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let r = py.rlock();
///     assert!(r.acquire(py, true, -1.0)?);
///     assert!(r.acquire(py, true, -1.0)?); // re-entry never blocks
///     r.release(py)?;
///     r.release(py)?;
///     assert_eq!(r.release(py).unwrap_err().to_string(), "RuntimeError: cannot release un-acquired lock");
///     Ok(())
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RLock {
    id: LockId,
}

impl Py<'_> {
    /// `_thread.allocate_lock()` / `threading.Lock()`.
    pub fn allocate_lock(&mut self) -> Lock {
        Lock { id: self.new_lock(false) }
    }

    /// `threading.RLock()`.
    pub fn rlock(&mut self) -> RLock {
        RLock { id: self.new_lock(true) }
    }
}

impl Lock {
    /// The lock's index (creation order).
    pub fn id(self) -> LockId {
        self.id
    }

    /// `lock.acquire(blocking, timeout)`; `timeout = -1.0` waits for ever.
    /// Errors are Python's: a timeout with `blocking=False`, a negative
    /// timeout, one above `TIMEOUT_MAX`, NaN; and whatever a signal
    /// handler raised while the main thread waited.
    #[inline]
    pub fn acquire(self, py: &mut Py<'_>, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        py.acquire_lock(self.id, blocking, timeout)
    }

    /// `lock.release()`: `RuntimeError` when it is not held.
    #[inline]
    pub fn release(self, py: &mut Py<'_>) -> Result<(), PyException> {
        if py.give_back(self.id) {
            Ok(())
        } else {
            Err(PyException::with_message(ExcKind::RuntimeError, "release unlocked lock"))
        }
    }

    /// `lock.locked()`.
    pub fn locked(self, py: &mut Py<'_>) -> bool {
        py.lock_slot(self.id).count > 0
    }
}

impl RLock {
    /// The lock's index (creation order).
    pub fn id(self) -> LockId {
        self.id
    }

    /// `rlock.acquire(blocking, timeout)`, as [`Lock::acquire`]; the owner
    /// re-enters at once.
    #[inline]
    pub fn acquire(self, py: &mut Py<'_>, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        py.acquire_lock(self.id, blocking, timeout)
    }

    /// `rlock.release()`: `RuntimeError` unless this thread owns it.
    #[inline]
    pub fn release(self, py: &mut Py<'_>) -> Result<(), PyException> {
        if py.give_back(self.id) {
            Ok(())
        } else {
            Err(PyException::with_message(ExcKind::RuntimeError, "cannot release un-acquired lock"))
        }
    }

    /// `rlock._is_owned()`: whether this thread holds it.
    pub fn is_owned(self, py: &mut Py<'_>) -> bool {
        let slot = py.lock_slot(self.id);
        slot.owner == Some(py.thread_id()) && slot.count > 0
    }

    /// `rlock._release_save()` (CP39): releases this thread's hold however
    /// deep and gives the count; `Ok(None)` where CPython would release
    /// another thread's hold (3.8–3.13), which is not modelled.
    pub fn release_save(self, py: &mut Py<'_>) -> Result<Option<u32>, PyException> {
        let slot = py.lock_slot(self.id);
        match locks::release_save(py.variant().version, slot.count, slot.owner, py.thread_id()) {
            locks::ReleaseSave::Refused => Err(PyException::with_message(ExcKind::RuntimeError, "cannot release un-acquired lock")),
            locks::ReleaseSave::OthersHold => Ok(None),
            locks::ReleaseSave::Released(count) => {
                // Down to one level, then a release as any.
                py.set_lock_count(self.id, 1);
                py.give_back(self.id);
                Ok(Some(count))
            }
        }
    }

    /// `rlock._acquire_restore((count, owner))`: a plain blocking acquire
    /// that no signal ends, then held `count` deep.
    pub fn acquire_restore(self, py: &mut Py<'_>, count: u32) -> Result<(), PyException> {
        py.acquire_restore(self.id, count)
    }

    /// `rlock.locked()`, which exists from 3.14 (`AttributeError` before).
    pub fn locked(self, py: &mut Py<'_>) -> Result<bool, PyException> {
        if !py.variant().version.is_314() {
            return Err(PyException::with_message(ExcKind::AttributeError, "'_thread.RLock' object has no attribute 'locked'"));
        }
        Ok(py.lock_slot(self.id).count > 0)
    }
}
