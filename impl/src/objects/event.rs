//! `threading.Event`: a flag and a [`Condition`] on a plain lock.

use super::{CondLock, Condition, Fields};
use crate::exception::PyException;
use crate::runtime::Py;

/// `threading.Event`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd, ExcKind};
/// use pythread_model::variant::Variant;
///
/// // Caveat 3 on Linux: Ctrl-C ends event.wait() in the main thread.
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).ctrl_c_at(100).build();
/// let end = rt.run_main(|py| {
///     let stop = py.event();
///     assert!(!stop.wait(py, Some(0.05))?); // times out at 50 ms
///     let err = stop.wait(py, None).unwrap_err(); // nobody sets it: Ctrl-C ends it
///     assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
///     assert_eq!(py.now(), 100);
///     stop.set(py)?;
///     assert!(stop.wait(py, None)?);
///     Ok(())
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone)]
pub struct Event {
    cond: Condition,
    /// `self._flag`.
    flag: Fields<bool>,
}

impl Py<'_> {
    /// `threading.Event()`.
    pub fn event(&mut self) -> Event {
        let lock = self.allocate_lock();
        Event { cond: self.condition(Some(CondLock::Lock(lock))), flag: Fields::new(false) }
    }
}

impl Event {
    /// `event.is_set()`.
    pub fn is_set(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        Ok(*self.flag.get())
    }

    /// `event.set()`: wakes every waiter.
    pub fn set(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            *self.flag.get() = true;
            self.cond.notify_all(py)
        })
    }

    /// `event.clear()`.
    pub fn clear(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        self.cond.with(py, |_| {
            *self.flag.get() = false;
            Ok(())
        })
    }

    /// `event.wait(timeout)`: the flag when the wait ends.
    pub fn wait(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            let signaled = *self.flag.get();
            if signaled {
                return Ok(true);
            }
            self.cond.wait(py, timeout)
        })
    }

    /// The condition under it (`event._cond`).
    pub fn condition(&self) -> &Condition {
        &self.cond
    }
}
