//! `threading.Timer`: a thread that waits on an [`Event`] for its interval
//! and then calls its function, unless cancelled.

use super::Event;
use crate::exception::PyException;
use crate::runtime::Py;
use crate::thread::Thread;

/// `threading.Timer(interval, function)`.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::{Runtime, Clock, ProcessEnd};
/// use pythread_model::variant::Variant;
/// use std::sync::{Arc, atomic::{AtomicBool, Ordering}};
///
/// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
/// let fired = Arc::new(AtomicBool::new(false));
/// let f = fired.clone();
/// let end = rt.run_main(|py| {
///     let t = py.timer(1.0, move |_| { f.store(true, Ordering::SeqCst); Ok(()) });
///     t.start(py)?;
///     py.sleep(0.5)?;
///     t.cancel(py)?; // before the second: the function never runs
///     t.join(py, None)
/// });
/// assert_eq!(end, ProcessEnd::Exited(0));
/// assert!(!fired.load(Ordering::SeqCst));
/// ```
#[derive(Clone)]
pub struct Timer {
    thread: Thread,
    /// `self.finished`: set by `cancel`, and by the thread when it is done.
    finished: Event,
}

impl Py<'_> {
    /// `threading.Timer(interval, function)`, not yet started.
    pub fn timer<F>(&mut self, interval: f64, function: F) -> Timer
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        let finished = self.event();
        let done = finished.clone();
        // `Timer.run`.
        let thread = self.new_thread(
            move |py| {
                py.check_signals()?;
                done.wait(py, Some(interval))?;
                if !done.is_set(py)? {
                    function(py)?;
                }
                done.set(py)
            },
            None,
        );
        Timer { thread, finished }
    }
}

impl Timer {
    /// `timer.start()`.
    pub fn start(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        self.thread.start(py)
    }

    /// `timer.cancel()`: the function is not called if the wait is not over.
    pub fn cancel(&self, py: &mut Py<'_>) -> Result<(), PyException> {
        py.check_signals()?;
        self.finished.set(py)
    }

    /// `timer.join(timeout)`.
    pub fn join(&self, py: &mut Py<'_>, timeout: Option<f64>) -> Result<(), PyException> {
        self.thread.join(py, timeout)
    }

    /// The timer's thread (`daemon`, `is_alive`).
    pub fn thread(&self) -> &Thread {
        &self.thread
    }
}
