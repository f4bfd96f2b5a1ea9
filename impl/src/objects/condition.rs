//! `threading.Condition`: a lock and a list of waiter locks. `wait` puts a
//! locked waiter lock in the list, gives the condition's lock up and
//! acquires the waiter, which `notify` releases: the wait is a lock
//! acquire, interrupted where caveat 3 says.

use super::{after_call, Fields};
use crate::exception::{ExcKind, PyException};
use crate::lock::{Lock, RLock};
use crate::runtime::Py;
use std::cell::Cell;
use std::collections::VecDeque;

/// The lock under a [`Condition`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondLock {
    /// `Condition(threading.Lock())`: its `_release_save`,
    /// `_acquire_restore` and `_is_owned` are Python methods (each a check
    /// point), and taking it back after a wait is an ordinary acquire.
    Lock(Lock),
    /// `Condition()` or `Condition(threading.RLock())`: the RLock's C
    /// methods, and taking it back is a wait no signal ends (CP39).
    RLock(RLock),
}

/// `threading.Condition`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let cond = py.condition(None);
///     let ready = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
///     let (c, r) = (cond.clone(), ready.clone());
///     let t = py.new_thread(move |py| c.with(py, |py| {
///         r.store(true, std::sync::atomic::Ordering::SeqCst);
///         c.notify(py, 1)
///     }), None);
///     let seen = cond.with(py, |py| {
///         t.start(py)?;
///         cond.wait_for(py, |_| Ok(ready.load(std::sync::atomic::Ordering::SeqCst)), Some(5.0))
///     })?;
///     assert!(seen);
///     assert_eq!(cond.notify(py, 1).unwrap_err().to_string(), "RuntimeError: cannot notify on un-acquired lock");
///     t.join(py, None)
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone)]
pub struct Condition {
    lock: CondLock,
    /// `self._waiters`: the locked waiter locks, oldest first.
    waiters: Fields<VecDeque<Lock>>,
}

impl Py<'_> {
    /// `threading.Condition(lock)`; `None` makes an RLock.
    pub fn condition(&mut self, lock: Option<CondLock>) -> Condition {
        let lock = lock.unwrap_or_else(|| CondLock::RLock(self.rlock()));
        Condition { lock, waiters: Fields::new(VecDeque::new()) }
    }
}

impl Condition {
    /// The lock it was made with.
    pub fn lock(&self) -> CondLock {
        self.lock
    }

    /// How many threads wait in it (`len(cond._waiters)`).
    pub fn waiters(&self) -> usize {
        self.waiters.get().len()
    }

    /// `cond.acquire(blocking, timeout)`: the lock's own.
    pub fn acquire(&self, py: &mut Py<'_>, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        match self.lock {
            CondLock::Lock(l) => l.acquire(py, blocking, timeout),
            CondLock::RLock(r) => r.acquire(py, blocking, timeout),
        }
    }

    /// `cond.release()`: the lock's own.
    pub fn release(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        match self.lock {
            CondLock::Lock(l) => l.release(py),
            CondLock::RLock(r) => r.release(py),
        }
    }

    /// `with cond: body`. `__enter__` and `__exit__` are Python methods,
    /// each a check point: an interrupt at `__exit__`'s entry leaves the
    /// lock held, as in CPython.
    pub fn with<'rt, R>(&self, py: &mut Py<'rt>, body: impl FnOnce(&mut Py<'rt>) -> Result<R, PyException>) -> Result<R, PyException> {
        py.check_signals()?;
        after_call(py, |py| self.acquire(py, true, -1.0))?;
        py.try_finally(body, |py| {
            py.check_signals()?;
            after_call(py, |py| self.release(py))
        })
    }

    /// `self._is_owned()`: for a plain lock, whether a non-blocking acquire
    /// fails (so another thread's hold counts as this one's, as in CPython).
    fn is_owned(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        match self.lock {
            CondLock::RLock(r) => after_call(py, |py| Ok(r.is_owned(py))),
            CondLock::Lock(l) => {
                py.check_signals()?;
                if after_call(py, |py| l.acquire(py, false, -1.0))? {
                    after_call(py, |py| l.release(py))?;
                    Ok(false)
                } else {
                    Ok(true)
                }
            }
        }
    }

    /// `self._release_save()`: the RLock's depth, or `None` for a lock.
    fn release_save(&self, py: &mut Py<'_>) -> Result<Option<u32>, PyException> {
        match self.lock {
            CondLock::RLock(r) => after_call(py, |py| r.release_save(py)),
            CondLock::Lock(l) => {
                py.check_signals()?;
                after_call(py, |py| l.release(py))?;
                Ok(None)
            }
        }
    }

    /// `self._acquire_restore(saved)`.
    fn acquire_restore(&self, py: &mut Py<'_>, saved: Option<u32>) -> Result<(), PyException> {
        match self.lock {
            CondLock::RLock(r) => after_call(py, |py| r.acquire_restore(py, saved.unwrap_or(1))),
            CondLock::Lock(l) => {
                py.check_signals()?;
                after_call(py, |py| l.acquire(py, true, -1.0)).map(|_| ())
            }
        }
    }

    /// `cond.wait(timeout)`: `Ok(true)` when notified, `Ok(false)` at the
    /// timeout; the lock is held again either way. An exception out of the
    /// waiter's acquire (a raising handler) takes the lock back and leaves
    /// the waiter out of the list first.
    pub fn wait(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<bool, PyException> {
        py.check_signals()?;
        if !self.is_owned(py)? {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot wait on un-acquired lock"));
        }
        let waiter = py.allocate_lock();
        py.check_signals()?;
        after_call(py, |py| waiter.acquire(py, true, -1.0))?;
        self.waiters.get().push_back(waiter);
        let saved = self.release_save(py)?;
        let gotit = Cell::new(false);
        py.try_finally(
            |py| {
                let got = match timeout {
                    None => waiter.acquire(py, true, -1.0)?,
                    Some(t) if t > 0.0 => waiter.acquire(py, true, t)?,
                    Some(_) => waiter.acquire(py, false, -1.0)?,
                };
                // The call's check comes before `gotit` is stored.
                py.check_signals()?;
                gotit.set(got);
                Ok(got)
            },
            |py| {
                self.acquire_restore(py, saved)?;
                if !gotit.get() {
                    let mut waiters = self.waiters.get();
                    if let Some(i) = waiters.iter().position(|&w| w == waiter) {
                        waiters.remove(i);
                    }
                }
                Ok(())
            },
        )
    }

    /// `cond.wait_for(predicate, timeout)`: waits until `predicate` holds
    /// (checked with the lock held) or the time is up; its last value.
    pub fn wait_for<'rt>(
        &self,
        py: &mut Py<'rt>,
        mut predicate: impl FnMut(&mut Py<'rt>) -> Result<bool, PyException>,
        timeout: Option<f64>,
    ) -> Result<bool, PyException> {
        py.check_signals()?;
        let mut endtime: Option<f64> = None;
        let mut waittime = timeout;
        let mut result = predicate(py)?;
        while !result {
            if let Some(w) = waittime {
                match endtime {
                    None => endtime = Some(super::monotonic(py) + w),
                    Some(end) => {
                        let left = end - super::monotonic(py);
                        waittime = Some(left);
                        if left <= 0.0 {
                            break;
                        }
                    }
                }
            }
            self.wait(py, waittime)?;
            result = predicate(py)?;
            py.check_signals()?;
        }
        Ok(result)
    }

    /// `cond.notify(n)`: wakes up to `n` waiters, oldest first.
    pub fn notify(&self, py: &mut Py<'_>, n: usize) -> Result<(), PyException> {
        py.check_signals()?;
        if !self.is_owned(py)? {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot notify on un-acquired lock"));
        }
        let mut n = n;
        while n > 0 {
            let Some(waiter) = self.waiters.get().front().copied() else { break };
            // gh-92530: an earlier notify released it and was interrupted
            // before taking it out of the list.
            match after_call(py, |py| waiter.release(py)) {
                Ok(()) => n -= 1,
                Err(e) if e.kind == ExcKind::RuntimeError => {}
                Err(e) => return Err(e),
            }
            let mut waiters = self.waiters.get();
            if let Some(i) = waiters.iter().position(|&w| w == waiter) {
                waiters.remove(i);
            }
            drop(waiters);
            py.check_signals()?;
        }
        Ok(())
    }

    /// `cond.notify_all()`.
    pub fn notify_all(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        let n = self.waiters();
        self.notify(py, n)
    }
}
