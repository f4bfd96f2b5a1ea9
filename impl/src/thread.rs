//! `threading.Thread`: made, started, joined. (`_thread.start_new_thread` is
//! [`Py::start_new_thread`].)

use crate::clock::Millis;
use crate::exception::{ExcKind, PyException};
use crate::runtime::{Life, Py};
use crate::trace::{Tid, WaitOn};
use std::sync::{Arc, Mutex};

/// The index of a `Thread` made when every index was taken: `start` raises
/// RuntimeError("can't start new thread").
pub const NO_SLOT: Tid = Tid::MAX;

/// A thread's code.
pub type Target = Box<dyn FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static>;

/// A `threading.Thread`. Clones are handles to the same thread.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let end = rt.run_main(|py| {
///     let t = py.new_thread(|py| py.sleep(1.0), None);
///     t.start(py)?;
///     assert!(t.is_alive(py));
///     t.join(py, Some(0.25))?; // times out: the thread sleeps for 1 s
///     assert!(t.is_alive(py));
///     t.join(py, None)?;
///     assert!(!t.is_alive(py));
///     assert_eq!(t.start(py).unwrap_err().to_string(), "RuntimeError: threads can only be started once");
///     Ok(())
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// ```
#[derive(Clone)]
pub struct Thread {
    tid: Tid,
    /// The code, until `start` takes it.
    target: Arc<Mutex<Option<Target>>>,
}

impl Thread {
    pub(crate) fn new(tid: Tid, target: Target) -> Thread {
        Thread { tid, target: Arc::new(Mutex::new(Some(target))) }
    }

    /// The thread's index (0 is the main thread, then creation order).
    pub fn id(&self) -> Tid {
        self.tid
    }

    /// `t.start()`: `RuntimeError` the second time.
    pub fn start(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.checkpoint()?;
        if self.tid == NO_SLOT {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't start new thread"));
        }
        let target = if py.thread_life(self.tid) == Life::NotStarted {
            self.target.lock().unwrap_or_else(|e| e.into_inner()).take()
        } else {
            None
        };
        let Some(target) = target else {
            return Err(PyException::with_message(ExcKind::RuntimeError, "threads can only be started once"));
        };
        if py.start_refused() {
            // The target is not run: put it back, as CPython's thread stays unstarted.
            *self.target.lock().unwrap_or_else(|e| e.into_inner()) = Some(target);
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't create new thread at interpreter shutdown"));
        }
        py.set_running(self.tid);
        py.spawn(self.tid, target);
        Ok(())
    }

    /// `t.join(timeout)`. In the main thread, a signal may end the wait
    /// (POSIX, or Windows Ctrl-C from 3.14); if its handler raises, the
    /// exception comes out, and on CPython ≤ 3.12 the thread then looks
    /// stopped though it still runs (gh-90882).
    pub fn join(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<(), PyException> {
        py.checkpoint()?;
        if self.tid == NO_SLOT {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot join thread before it is started"));
        }
        if self.tid == py.thread_id() {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot join current thread"));
        }
        if py.thread_life(self.tid) == Life::NotStarted {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot join thread before it is started"));
        }
        // join(timeout) waits with lock.acquire(True, max(timeout, 0)).
        if let Some(t) = timeout {
            crate::runtime::check_seconds(t.max(0.0))?;
        }
        let deadline: Option<Millis> = timeout.map(|t| ((t * 1000.0).round().max(0.0)) as Millis);
        if !py.looks_alive(self.tid) || deadline == Some(0) {
            return Ok(());
        }
        let deadline = deadline.map(|d| py.now() + d);
        match py.wait(WaitOn::Join(self.tid), deadline) {
            Ok(_) => Ok(()),
            Err(e) => {
                if !e.is_killed() && pythread_model::caveats::main_exit_kills_threads::join_interruption_forgets_thread(py.variant().version) {
                    py.forget(self.tid);
                }
                Err(e)
            }
        }
    }

    /// `t.daemon = daemon`: only before `start()` (CPython raises
    /// RuntimeError for a thread that has started).
    pub fn set_daemon(&self, py: &mut Py<'_>, daemon: bool) -> Result<(), PyException> {
        if self.tid == NO_SLOT {
            return Ok(());
        }
        py.set_daemon(self.tid, daemon)
    }

    /// `t.daemon`.
    pub fn is_daemon(&self, py: &mut Py<'_>) -> bool {
        py.is_daemon(self.tid)
    }

    /// Whether `start()` ran (`t.ident` is set).
    pub fn is_started(&self, py: &mut Py<'_>) -> bool {
        self.tid != NO_SLOT && py.thread_life(self.tid) != crate::runtime::Life::NotStarted
    }

    /// `t.is_alive()`.
    pub fn is_alive(&self, py: &mut Py<'_>) -> bool {
        self.tid != NO_SLOT && py.looks_alive(self.tid)
    }
}
