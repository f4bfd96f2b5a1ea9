//! `threading.Semaphore` and `BoundedSemaphore`: a counter and a
//! [`Condition`] on a plain lock.

use super::{CondLock, Condition, Fields};
use crate::exception::{ExcKind, PyException};
use crate::runtime::Py;

/// `threading.Semaphore` or, with a bound, `threading.BoundedSemaphore`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let sem = py.bounded_semaphore(1)?;
///     assert!(sem.acquire(py, true, None)?);
///     assert!(!sem.acquire(py, true, Some(0.25))?); // times out
///     assert_eq!(py.now(), 250);
///     sem.release(py, 1)?;
///     assert_eq!(sem.release(py, 1).unwrap_err().to_string(), "ValueError: Semaphore released too many times");
///     Ok(())
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone)]
pub struct Semaphore {
    cond: Condition,
    /// `self._value`.
    value: Fields<u64>,
    /// `BoundedSemaphore`'s `self._initial_value`.
    bound: Option<u64>,
}

impl Py<'_> {
    /// `threading.Semaphore(value)`.
    pub fn semaphore(&mut self, value: i64) -> Result<Semaphore, PyException> {
        self.new_semaphore(value, false)
    }

    /// `threading.BoundedSemaphore(value)`.
    pub fn bounded_semaphore(&mut self, value: i64) -> Result<Semaphore, PyException> {
        self.new_semaphore(value, true)
    }

    fn new_semaphore(&mut self, value: i64, bounded: bool) -> Result<Semaphore, PyException> {
        self.check_signals()?;
        let Ok(value) = u64::try_from(value) else {
            return Err(PyException::with_message(ExcKind::ValueError, "semaphore initial value must be >= 0"));
        };
        let lock = self.allocate_lock();
        let cond = self.condition(Some(CondLock::Lock(lock)));
        Ok(Semaphore { cond, value: Fields::new(value), bound: bounded.then_some(value) })
    }
}

impl Semaphore {
    /// `sem.acquire(blocking, timeout)`: whether it took one.
    pub fn acquire(&self, py: &mut Py<'_>, blocking: bool, timeout: Option<f64>) -> Result<bool, PyException> {
        py.check_signals()?;
        if !blocking && timeout.is_some() {
            return Err(PyException::with_message(ExcKind::ValueError, "can't specify timeout for non-blocking acquire"));
        }
        let mut timeout = timeout;
        let mut endtime: Option<f64> = None;
        self.cond.with(py, |py| {
            while *self.value.get() == 0 {
                if !blocking {
                    return Ok(false);
                }
                if let Some(t) = timeout {
                    match endtime {
                        None => endtime = Some(super::monotonic(py) + t),
                        Some(end) => {
                            let left = end - super::monotonic(py);
                            timeout = Some(left);
                            if left <= 0.0 {
                                return Ok(false);
                            }
                        }
                    }
                }
                self.cond.wait(py, timeout)?;
                py.check_signals()?;
            }
            *self.value.get() -= 1;
            Ok(true)
        })
    }

    /// `sem.release(n)`: `ValueError` for `n < 1`, and for a bounded one
    /// released above its initial value.
    pub fn release(&self, py: &mut Py<'_>, n: i64) -> Result<(), PyException> {
        py.check_signals()?;
        if n < 1 {
            return Err(PyException::with_message(ExcKind::ValueError, "n must be one or more"));
        }
        let n = n as u64;
        self.cond.with(py, |py| {
            let value = *self.value.get();
            if self.bound.is_some_and(|b| value + n > b) {
                return Err(PyException::with_message(ExcKind::ValueError, "Semaphore released too many times"));
            }
            *self.value.get() = value + n;
            self.cond.notify(py, n as usize)
        })
    }

    /// `sem._value`.
    pub fn value(&self) -> u64 {
        *self.value.get()
    }
}
