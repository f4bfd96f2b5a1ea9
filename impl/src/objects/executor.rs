//! `concurrent.futures.ThreadPoolExecutor` and its `Future`: work items on
//! a [`Queue`], workers started as work comes (up to `max_workers`), an idle
//! [`Semaphore`], and the join of the workers at interpreter exit, with
//! 3.8's, 3.9–3.11's and 3.12+'s differences (CP44).

use super::queue::is_empty;
use super::{with_lock, Condition, Fields, Queue, QueueKind, Semaphore};
use crate::exception::{ExcKind, PyException};
use crate::lock::Lock;
use crate::runtime::Py;
use crate::thread::Thread;

/// A future's `_state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutureState {
    /// Submitted, not yet taken by a worker.
    Pending,
    /// A worker runs it.
    Running,
    /// Cancelled before a worker took it.
    Cancelled,
    /// Cancelled, and a worker has seen it.
    CancelledAndNotified,
    /// Its function returned or raised.
    Finished,
}

impl FutureState {
    fn cancelled(self) -> bool {
        matches!(self, FutureState::Cancelled | FutureState::CancelledAndNotified)
    }
}

struct FutureFields<T> {
    /// `self._state`.
    state: FutureState,
    /// `self._result`.
    result: Option<T>,
    /// `self._exception`.
    exception: Option<PyException>,
}

/// A `concurrent.futures.Future` of a `T`.
pub struct Future<T> {
    cond: Condition,
    fields: Fields<FutureFields<T>>,
}

impl<T> Clone for Future<T> {
    fn clone(&self) -> Self {
        Future { cond: self.cond.clone(), fields: self.fields.clone() }
    }
}

impl<T> std::fmt::Debug for Future<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Future state={:?}>", self.fields.get().state)
    }
}

fn named(name: &str) -> PyException {
    PyException::new(ExcKind::Other(name.into()))
}

impl<T: Clone> Future<T> {
    fn new(py: &mut Py<'_>) -> Future<T> {
        Future { cond: py.condition(None), fields: Fields::new(FutureFields { state: FutureState::Pending, result: None, exception: None }) }
    }

    /// Its `_state` now.
    pub fn state(&self) -> FutureState {
        self.fields.get().state
    }

    /// `f.cancel()`: whether it is cancelled (not if it runs or ran).
    pub fn cancel(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            let state = self.state();
            if matches!(state, FutureState::Running | FutureState::Finished) {
                return Ok(false);
            }
            if state.cancelled() {
                return Ok(true);
            }
            self.fields.get().state = FutureState::Cancelled;
            self.cond.notify_all(py)?;
            Ok(true)
        })
    }

    /// `f.cancelled()`.
    pub fn cancelled(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.cond.with(py, |_| Ok(self.state().cancelled()))
    }

    /// `f.done()`.
    pub fn done(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.cond.with(py, |_| Ok(self.state().cancelled() || self.state() == FutureState::Finished))
    }

    /// `_get_result`: the value, or the function's exception raised again.
    fn outcome(&self) -> Result<T, PyException> {
        let f = self.fields.get();
        match &f.exception {
            Some(e) => Err(e.clone()),
            None => Ok(f.result.clone().expect("a finished future has its result")),
        }
    }

    /// `f.result(timeout)`: the value, the function's exception,
    /// `CancelledError`, or `TimeoutError` when it is not done in time.
    pub fn result(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<T, PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            match self.state() {
                s if s.cancelled() => return Err(named("CancelledError")),
                FutureState::Finished => return self.outcome(),
                _ => {}
            }
            self.cond.wait(py, timeout)?;
            match self.state() {
                s if s.cancelled() => Err(named("CancelledError")),
                FutureState::Finished => self.outcome(),
                _ => Err(named("TimeoutError")),
            }
        })
    }

    /// `f.exception(timeout)`: the function's exception, if it raised.
    pub fn exception(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<Option<PyException>, PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            match self.state() {
                s if s.cancelled() => return Err(named("CancelledError")),
                FutureState::Finished => return Ok(self.fields.get().exception.clone()),
                _ => {}
            }
            self.cond.wait(py, timeout)?;
            match self.state() {
                s if s.cancelled() => Err(named("CancelledError")),
                FutureState::Finished => Ok(self.fields.get().exception.clone()),
                _ => Err(named("TimeoutError")),
            }
        })
    }

    /// `f.set_running_or_notify_cancel()`: whether a worker may run it.
    fn set_running_or_notify_cancel(&self, py: &mut Py<'_>) -> Result<bool, PyException> {
        py.check_signals()?;
        self.cond.with(py, |_| {
            let mut f = self.fields.get();
            match f.state {
                FutureState::Cancelled => {
                    f.state = FutureState::CancelledAndNotified;
                    Ok(false)
                }
                FutureState::Pending => {
                    f.state = FutureState::Running;
                    Ok(true)
                }
                _ => Err(PyException::with_message(ExcKind::RuntimeError, "Future in unexpected state")),
            }
        })
    }

    /// `f.set_result(v)` / `f.set_exception(e)`.
    fn finish(&self, py: &mut Py<'_>, outcome: Result<T, PyException>) -> Result<(), PyException> {
        py.check_signals()?;
        self.cond.with(py, |py| {
            {
                let mut f = self.fields.get();
                match outcome {
                    Ok(v) => f.result = Some(v),
                    Err(e) => f.exception = Some(e),
                }
                f.state = FutureState::Finished;
            }
            self.cond.notify_all(py)
        })
    }
}

/// A submitted function.
type Task<T> = Box<dyn FnOnce(&mut Py<'_>) -> Result<T, PyException> + Send>;

/// `_WorkItem`: a future and its function.
struct WorkItem<T> {
    future: Future<T>,
    task: Task<T>,
}

impl<T: Clone> WorkItem<T> {
    /// `_WorkItem.run`: a function's exception, SystemExit and
    /// KeyboardInterrupt included (`except BaseException`), goes to the
    /// future.
    fn run(self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        if !self.future.set_running_or_notify_cancel(py)? {
            return Ok(());
        }
        match (self.task)(py) {
            Err(e) if e.is_killed() => Err(e),
            outcome => self.future.finish(py, outcome),
        }
    }
}

struct ExecutorFields {
    /// `self._threads`, in the order they started.
    threads: Vec<Thread>,
    /// `self._shutdown`.
    shutdown: bool,
    /// The module's `_shutdown` (this executor's own, as in the model).
    global_shutdown: bool,
}

/// `concurrent.futures.ThreadPoolExecutor(max_workers)` running functions
/// that give a `T`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let pool = py.thread_pool_executor::<i64>(2)?;
///     let f = pool.submit(py, |py| { py.sleep(1.0)?; Ok(6 * 7) })?;
///     assert_eq!(f.result(py, Some(0.5)).unwrap_err().to_string(), "TimeoutError");
///     assert_eq!(f.result(py, None)?, 42);
///     let g = pool.submit(py, |py| Err(py.exit(Some(3))))?;
///     assert_eq!(g.result(py, None).unwrap_err().to_string(), "SystemExit: 3"); // raised again
///     pool.shutdown(py, true, None)
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
pub struct ThreadPoolExecutor<T> {
    max_workers: usize,
    work_queue: Queue<Option<WorkItem<T>>>,
    idle_semaphore: Semaphore,
    shutdown_lock: Lock,
    global_shutdown_lock: Lock,
    fields: Fields<ExecutorFields>,
    /// 3.9+: `threading._register_atexit`, workers not daemon, `cancel_futures`.
    v39: bool,
    /// 3.12+: the `get_nowait` worker loop.
    v312: bool,
}

impl<T> Clone for ThreadPoolExecutor<T> {
    fn clone(&self) -> Self {
        ThreadPoolExecutor {
            max_workers: self.max_workers,
            work_queue: self.work_queue.clone(),
            idle_semaphore: self.idle_semaphore.clone(),
            shutdown_lock: self.shutdown_lock,
            global_shutdown_lock: self.global_shutdown_lock,
            fields: self.fields.clone(),
            v39: self.v39,
            v312: self.v312,
        }
    }
}

impl Py<'_> {
    /// `ThreadPoolExecutor(max_workers)`: registers the join of its workers
    /// at exit (`threading._register_atexit` from 3.9, `atexit.register` on
    /// 3.8, where the workers are daemon threads).
    pub fn thread_pool_executor<T: Clone + Send + 'static>(&mut self, max_workers: i64) -> Result<ThreadPoolExecutor<T>, PyException> {
        self.check_signals()?;
        if max_workers <= 0 {
            return Err(PyException::with_message(ExcKind::ValueError, "max_workers must be greater than 0"));
        }
        let minor = self.variant().version.minor;
        let pool = ThreadPoolExecutor {
            max_workers: max_workers as usize,
            work_queue: self.queue(QueueKind::Fifo, 0),
            idle_semaphore: self.semaphore(0)?,
            shutdown_lock: self.allocate_lock(),
            global_shutdown_lock: self.allocate_lock(),
            fields: Fields::new(ExecutorFields { threads: Vec::new(), shutdown: false, global_shutdown: false }),
            v39: minor >= 9,
            v312: minor >= 12,
        };
        let at_exit = pool.clone();
        if pool.v39 {
            self.register_threading_atexit(move |py| at_exit.python_exit(py))?;
        } else {
            self.register_atexit(move |py| at_exit.python_exit(py));
        }
        Ok(pool)
    }
}

impl<T: Clone + Send + 'static> ThreadPoolExecutor<T> {
    /// `_python_exit`: tells every worker to stop and joins them.
    fn python_exit(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        with_lock(py, self.global_shutdown_lock, |_| {
            self.fields.get().global_shutdown = true;
            Ok(())
        })?;
        let threads = self.threads();
        for _ in &threads {
            self.work_queue.put(py, None, true, None)?;
        }
        for t in &threads {
            t.join(py, None)?;
        }
        Ok(())
    }

    /// The workers started so far.
    pub fn threads(&self) -> Vec<Thread> {
        self.fields.get().threads.clone()
    }

    /// `pool.submit(fn)`: its future; `RuntimeError` after a shutdown.
    pub fn submit<F>(&self, py: &mut Py<'_>, task: F) -> Result<Future<T>, PyException>
    where
        F: FnOnce(&mut Py<'_>) -> Result<T, PyException> + Send + 'static,
    {
        py.check_signals()?;
        with_lock(py, self.shutdown_lock, |py| {
            with_lock(py, self.global_shutdown_lock, |py| {
                let (shutdown, global) = {
                    let f = self.fields.get();
                    (f.shutdown, f.global_shutdown)
                };
                if shutdown {
                    return Err(PyException::with_message(ExcKind::RuntimeError, "cannot schedule new futures after shutdown"));
                }
                if global {
                    return Err(PyException::with_message(ExcKind::RuntimeError, "cannot schedule new futures after interpreter shutdown"));
                }
                let future = Future::new(py);
                self.work_queue.put(py, Some(WorkItem { future: future.clone(), task: Box::new(task) }), true, None)?;
                self.adjust_thread_count(py)?;
                Ok(future)
            })
        })
    }

    /// `_adjust_thread_count`: a new worker unless one is idle or the pool
    /// is full.
    fn adjust_thread_count(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        if self.idle_semaphore.acquire(py, true, Some(0.0))? {
            return Ok(());
        }
        if self.fields.get().threads.len() < self.max_workers {
            let me = self.clone();
            // Named threads: threading's counter does not move.
            let t = py.new_thread_numbered(move |py| me.worker(py), None, false);
            if !self.v39 {
                t.set_daemon(py, true)?;
            }
            t.start(py)?;
            self.fields.get().threads.push(t);
        }
        Ok(())
    }

    /// `_worker`: runs work items until a `None` after a shutdown.
    fn worker(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        loop {
            let item = if self.v312 {
                match self.work_queue.get_nowait(py) {
                    Ok(item) => item,
                    Err(e) if is_empty(&e) => {
                        self.idle_semaphore.release(py, 1)?;
                        self.work_queue.get(py, true, None)?
                    }
                    Err(e) => return Err(e),
                }
            } else {
                self.work_queue.get(py, true, None)?
            };
            if let Some(work) = item {
                work.run(py)?;
                if !self.v312 {
                    self.idle_semaphore.release(py, 1)?;
                }
                py.check_signals()?;
                continue;
            }
            let stop = {
                let f = self.fields.get();
                f.global_shutdown || f.shutdown
            };
            if stop {
                self.fields.get().shutdown = true;
                return self.work_queue.put(py, None, true, None);
            }
            py.check_signals()?;
        }
    }

    /// `pool.shutdown(wait, cancel_futures)`: no new work; with
    /// `cancel_futures` (3.9+; `TypeError` on 3.8) the queued work is
    /// cancelled; with `wait`, joins the workers.
    pub fn shutdown(&self, py: &mut Py<'_>, wait: bool, cancel_futures: Option<bool>) -> Result<(), PyException> {
        py.check_signals()?;
        if cancel_futures.is_some() && !self.v39 {
            return Err(PyException::with_message(ExcKind::TypeError, "shutdown() got an unexpected keyword argument 'cancel_futures'"));
        }
        with_lock(py, self.shutdown_lock, |py| {
            self.fields.get().shutdown = true;
            if cancel_futures == Some(true) {
                loop {
                    match self.work_queue.get_nowait(py) {
                        Ok(Some(work)) => {
                            work.future.cancel(py)?;
                        }
                        Ok(None) => {}
                        Err(e) if is_empty(&e) => break,
                        Err(e) => return Err(e),
                    }
                    py.check_signals()?;
                }
            }
            self.work_queue.put(py, None, true, None)
        })?;
        if wait {
            for t in self.threads() {
                t.join(py, None)?;
            }
        }
        Ok(())
    }

    /// `with ThreadPoolExecutor(...) as pool: body`: `shutdown(wait=True)`
    /// at the end, on an exception too.
    pub fn with<'rt, R>(&self, py: &mut Py<'rt>, body: impl FnOnce(&mut Py<'rt>, &Self) -> Result<R, PyException>) -> Result<R, PyException> {
        py.check_signals()?;
        py.try_finally(|py| body(py, self), |py| {
            py.check_signals()?;
            self.shutdown(py, true, None)
        })
    }
}
