//! `queue.Queue` and `queue.LifoQueue`: a list and three [`Condition`]s on
//! one plain lock (`not_empty`, `not_full`, `all_tasks_done`).

use super::{CondLock, Condition, Fields};
use crate::exception::{ExcKind, PyException};
use crate::lock::Lock;
use crate::runtime::Py;
use std::collections::VecDeque;

/// Which end `get` takes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueKind {
    /// `queue.Queue`: first in, first out.
    Fifo,
    /// `queue.LifoQueue`: last in, first out.
    Lifo,
}

/// A queue's fields.
struct QueueFields<T> {
    /// `self.queue`, oldest first.
    items: VecDeque<T>,
    /// `self.maxsize` (0 or less: unbounded).
    maxsize: i64,
    /// `self.unfinished_tasks`: puts not yet matched by a `task_done`.
    unfinished: i64,
}

/// `queue.Queue` / `queue.LifoQueue` of `T`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd, QueueKind};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let q = py.queue(QueueKind::Fifo, 1);
///     q.put(py, "a", true, None)?;
///     assert_eq!(q.put_nowait(py, "b").unwrap_err().to_string(), "Full");
///     let worker = { let q = q.clone(); py.new_thread(move |py| {
///         let item = q.get(py, true, None)?;
///         assert_eq!(item, "a");
///         q.task_done(py)
///     }, None) };
///     worker.start(py)?;
///     q.join(py)?; // until the worker marked its item done
///     assert_eq!(q.get(py, true, Some(0.1)).unwrap_err().to_string(), "Empty");
///     worker.join(py, None)
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
pub struct Queue<T> {
    kind: QueueKind,
    fields: Fields<QueueFields<T>>,
    mutex: Lock,
    not_empty: Condition,
    not_full: Condition,
    all_tasks_done: Condition,
}

impl<T> Clone for Queue<T> {
    fn clone(&self) -> Self {
        Queue {
            kind: self.kind,
            fields: self.fields.clone(),
            mutex: self.mutex,
            not_empty: self.not_empty.clone(),
            not_full: self.not_full.clone(),
            all_tasks_done: self.all_tasks_done.clone(),
        }
    }
}

impl Py<'_> {
    /// `queue.Queue(maxsize)` or `queue.LifoQueue(maxsize)`.
    pub fn queue<T>(&mut self, kind: QueueKind, maxsize: i64) -> Queue<T> {
        let mutex = self.allocate_lock();
        let not_empty = self.condition(Some(CondLock::Lock(mutex)));
        let not_full = self.condition(Some(CondLock::Lock(mutex)));
        let all_tasks_done = self.condition(Some(CondLock::Lock(mutex)));
        Queue { kind, fields: Fields::new(QueueFields { items: VecDeque::new(), maxsize, unfinished: 0 }), mutex, not_empty, not_full, all_tasks_done }
    }
}

/// `queue.Empty()` / `queue.Full()`.
fn raised(name: &str) -> PyException {
    PyException::new(ExcKind::Other(name.into()))
}

/// Whether `e` is `queue.Empty`.
pub(crate) fn is_empty(e: &PyException) -> bool {
    matches!(&e.kind, ExcKind::Other(name) if name == "Empty")
}

fn negative_timeout() -> PyException {
    PyException::with_message(ExcKind::ValueError, "'timeout' must be a non-negative number")
}

impl<T> Queue<T> {
    fn qsize_now(&self) -> usize {
        self.fields.get().items.len()
    }

    fn is_full(&self) -> bool {
        let f = self.fields.get();
        f.maxsize > 0 && f.items.len() as i64 >= f.maxsize
    }

    /// `q.put(item, block, timeout)`: `Full` when it cannot (at once, or
    /// by the timeout); the item is then dropped.
    pub fn put(&self, py: &mut Py<'_>, item: T, block: bool, timeout: Option<f64>) -> Result<(), PyException> {
        py.check_signals()?;
        self.not_full.with(py, |py| {
            if self.fields.get().maxsize > 0 {
                if !block {
                    if self.is_full() {
                        return Err(raised("Full"));
                    }
                } else if let Some(t) = timeout {
                    if t < 0.0 {
                        return Err(negative_timeout());
                    }
                    let endtime = super::monotonic(py) + t;
                    while self.is_full() {
                        let remaining = endtime - super::monotonic(py);
                        if remaining <= 0.0 {
                            return Err(raised("Full"));
                        }
                        self.not_full.wait(py, Some(remaining))?;
                        py.check_signals()?;
                    }
                } else {
                    while self.is_full() {
                        self.not_full.wait(py, None)?;
                        py.check_signals()?;
                    }
                }
            }
            // `_put` is a Python method: its entry is a check point.
            py.check_signals()?;
            {
                let mut f = self.fields.get();
                f.items.push_back(item);
                f.unfinished += 1;
            }
            self.not_empty.notify(py, 1)
        })
    }

    /// `q.get(block, timeout)`: `Empty` when nothing comes (at once, or by
    /// the timeout).
    pub fn get(&self, py: &mut Py<'_>, block: bool, timeout: Option<f64>) -> Result<T, PyException> {
        py.check_signals()?;
        self.not_empty.with(py, |py| {
            if !block {
                if self.qsize_now() == 0 {
                    return Err(raised("Empty"));
                }
            } else if let Some(t) = timeout {
                if t < 0.0 {
                    return Err(negative_timeout());
                }
                let endtime = super::monotonic(py) + t;
                while self.qsize_now() == 0 {
                    let remaining = endtime - super::monotonic(py);
                    if remaining <= 0.0 {
                        return Err(raised("Empty"));
                    }
                    self.not_empty.wait(py, Some(remaining))?;
                    py.check_signals()?;
                }
            } else {
                while self.qsize_now() == 0 {
                    self.not_empty.wait(py, None)?;
                    py.check_signals()?;
                }
            }
            // `_get` is a Python method: its entry is a check point.
            py.check_signals()?;
            let item = {
                let mut f = self.fields.get();
                match self.kind {
                    QueueKind::Fifo => f.items.pop_front(),
                    QueueKind::Lifo => f.items.pop_back(),
                }
            }
            .expect("the queue holds an item");
            // An interrupt in the notify loses the item taken, as in CPython.
            self.not_full.notify(py, 1)?;
            Ok(item)
        })
    }

    /// `q.put_nowait(item)`.
    pub fn put_nowait(&self, py: &mut Py<'_>, item: T) -> Result<(), PyException> {
        py.check_signals()?;
        self.put(py, item, false, None)
    }

    /// `q.get_nowait()`.
    pub fn get_nowait(&self, py: &mut Py<'_>) -> Result<T, PyException> {
        py.check_signals()?;
        self.get(py, false, None)
    }

    /// `q.task_done()`: `ValueError` when called more often than `put`.
    pub fn task_done(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        self.all_tasks_done.with(py, |py| {
            let unfinished = self.fields.get().unfinished - 1;
            if unfinished <= 0 {
                if unfinished < 0 {
                    return Err(PyException::with_message(ExcKind::ValueError, "task_done() called too many times"));
                }
                self.all_tasks_done.notify_all(py)?;
            }
            self.fields.get().unfinished = unfinished;
            Ok(())
        })
    }

    /// `q.join()`: until every item put was marked done.
    pub fn join(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        self.all_tasks_done.with(py, |py| {
            while self.fields.get().unfinished != 0 {
                self.all_tasks_done.wait(py, None)?;
                py.check_signals()?;
            }
            Ok(())
        })
    }

    /// `q.qsize()`.
    pub fn qsize(&self, py: &mut Py<'_>) -> Result<usize, PyException> {
        py.check_signals()?;
        self.with_mutex(py, |q| q.qsize_now())
    }

    /// `q.empty()`.
    pub fn empty(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.with_mutex(py, |q| q.qsize_now() == 0)
    }

    /// `q.full()`.
    pub fn full(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.with_mutex(py, Queue::is_full)
    }

    /// `q.unfinished_tasks`.
    pub fn unfinished_tasks(&self) -> i64 {
        self.fields.get().unfinished
    }

    /// `with self.mutex: return f(self)`, `f` a Python method (`_qsize`)
    /// whose entry checks with the lock held.
    fn with_mutex<R>(&self, py: &mut Py<'_>, f: impl FnOnce(&Self) -> R) -> Result<R, PyException> {
        super::with_lock(py, self.mutex, |py| {
            py.check_signals()?;
            Ok(f(self))
        })
    }
}
