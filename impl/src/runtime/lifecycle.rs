//! Threads from start to end and the process exit: thread slots and OS
//! threads, a thread's end, the main thread's shutdown (the joins, the
//! atexit functions), `sys.exit`, `_thread.exit` and `os._exit`.

use super::*;

impl<'rt> Py<'rt> {
    /// A new thread slot; `None` when every thread index is taken (slots
    /// are never reused, so a runtime makes at most `NO_SLOT` threads).
    pub(super) fn new_slot(&mut self, kind: ThreadKind, daemon: bool, life: Life) -> Option<Tid> {
        let s = self.s();
        if s.threads.len() >= crate::thread::NO_SLOT as usize {
            return None;
        }
        s.threads.push(ThreadSlot { life, kind, daemon, wait: None, interrupted: false, forgotten: false, holds: 0, told_killed: false, blocked: 0, kernel_pending: 0 });
        Some((s.threads.len() - 1) as Tid)
    }

    /// Starts the OS thread for slot `tid`, running `f`.
    pub(crate) fn spawn<F>(&mut self, tid: Tid, f: F)
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        let inner = self.inner.clone();
        // pthread_create: the new thread blocks what its starter blocks.
        let me = self.me;
        let s = self.s();
        s.threads[tid as usize].blocked = s.threads[me as usize].blocked;
        self.record(Event::ThreadStarted { thread: tid });
        let handle = thread::spawn(move || {
            let mut py = Py::enter(&inner, tid);
            let result = match py.checkpoint() {
                Ok(()) => f(&mut py),
                Err(e) => Err(e),
            };
            py.thread_ends(result);
        });
        lock(&self.inner.os_threads).push(handle);
    }

    /// `_thread.start_new_thread(f, ())`: a daemon thread that starts at once.
    /// An uncaught SystemExit ends it silently (caveat 2); any other uncaught
    /// exception goes to the unraisable hook and the process goes on.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 2: sys.exit() in a thread ends only that thread.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(move |py| {
    ///         lock.release(py)?;
    ///         Err(py.exit(Some(5)))
    ///     })?;
    ///     lock.acquire(py, true, -1.0)?; // the thread ran, then exited
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn start_new_thread<F>(&mut self, f: F) -> Result<Tid, PyException>
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.checkpoint()?;
        if self.start_refused() {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't create new thread at interpreter shutdown"));
        }
        self.s().thread_counter += 1;
        let n = self.s().thread_counter;
        let Some(tid) = self.new_slot(ThreadKind::Raw(n), true, Life::Running) else {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't start new thread"));
        };
        self.spawn(tid, f);
        Ok(tid)
    }

    /// `threading.Thread(target=f, daemon=…)`, not yet started; `daemon:
    /// None` inherits the creating thread's flag.
    pub fn new_thread<F>(&mut self, f: F, daemon: Option<bool>) -> crate::thread::Thread
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.new_thread_numbered(f, daemon, true)
    }

    /// `new_thread`; `numbered: false` for a thread given a `name=`, which
    /// threading.py does not count (`_newname` is not called).
    pub fn new_thread_numbered<F>(&mut self, f: F, daemon: Option<bool>, numbered: bool) -> crate::thread::Thread
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        let me = self.me as usize;
        let daemon = daemon.unwrap_or(self.s().threads[me].daemon);
        self.s().thread_counter += u32::from(numbered);
        let n = self.s().thread_counter;
        // Out of slots: a thread that fails to start, as CPython's does
        // when the OS refuses one.
        let tid = self.new_slot(ThreadKind::Threading(n), daemon, Life::NotStarted).unwrap_or(crate::thread::NO_SLOT);
        crate::thread::Thread::new(tid, Box::new(f))
    }

    /// How thread `t` was made (its name comes from this).
    pub fn thread_kind(&mut self, t: Tid) -> ThreadKind {
        self.s().threads[t as usize].kind
    }

    pub(crate) fn thread_life(&mut self, t: Tid) -> Life {
        self.s().threads[t as usize].life
    }

    /// A thread's daemon flag.
    pub(crate) fn is_daemon(&mut self, t: Tid) -> bool {
        self.s().threads.get(t as usize).is_some_and(|th| th.daemon)
    }

    /// Sets a thread's daemon flag before it starts.
    pub(crate) fn set_daemon(&mut self, t: Tid, daemon: bool) -> Result<(), PyException> {
        if self.s().threads[t as usize].life != Life::NotStarted {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot set daemon status of active thread"));
        }
        self.s().threads[t as usize].daemon = daemon;
        Ok(())
    }

    /// Whether a thread start is refused now (3.12 during the shutdown).
    pub(crate) fn start_refused(&mut self) -> bool {
        mek::start_refused_at_shutdown(self.variant().version) && self.s().finalizing
    }

    pub(crate) fn set_running(&mut self, t: Tid) {
        self.s().threads[t as usize].life = Life::Running;
    }

    /// `_thread._count()`: the threads running besides the main thread.
    pub(crate) fn running_threads(&mut self) -> usize {
        self.s().threads.iter().skip(1).filter(|th| th.life == Life::Running).count()
    }

    /// What `threading.enumerate()` lists: the main thread, then the
    /// `threading.Thread`s that look alive, in the order they were made
    /// (as the model's `State::enumerate`).
    pub(crate) fn enumerate(&mut self) -> Vec<Tid> {
        let s = self.s();
        let alive = |(i, th): (usize, &_)| {
            let th: &super::ThreadSlot = th;
            (i != 0 && matches!(th.kind, ThreadKind::Threading(_)) && th.looks_alive()).then_some(i as Tid)
        };
        std::iter::once(0).chain(s.threads.iter().enumerate().filter_map(alive)).collect()
    }

    pub(crate) fn looks_alive(&mut self, t: Tid) -> bool {
        self.s().threads[t as usize].looks_alive()
    }

    pub(crate) fn forget(&mut self, t: Tid) {
        let th = &mut self.s().threads[t as usize];
        if th.life == Life::Running {
            th.forgotten = true;
        }
    }

    /// A non-main thread's code ended.
    pub(super) fn thread_ends(&mut self, result: Result<(), PyException>) {
        let me = self.me;
        if let Err(e) = &result {
            if e.is_killed() {
                // Stopped: nothing of it runs any more (no report, no finally).
                self.guard = None;
                return;
            }
        }
        let kind = self.s().threads[me as usize].kind;
        self.s().threads[me as usize].life = Life::Done;
        let uncaught = result.as_ref().err().map(|e| e.kind.name().to_string());
        if let Err(e) = &result {
            // Caveat 2 (`sys-exit-is-thread-exit`): SystemExit ends only this
            // thread, silently, whichever way the thread was started.
            if !e.is_system_exit() {
                let how = if matches!(kind, ThreadKind::Raw(_)) { ReportKind::Unraisable } else { ReportKind::Excepthook };
                (self.inner.report)(me, how, e);
            }
        }
        self.record(Event::ThreadEnded { uncaught });
        self.settle();
        self.guard = None;
        self.notify();
    }

    /// The main thread's code ended with `result`: set the status, wait for
    /// the non-daemon threads (handling signals meanwhile), exit.
    pub(super) fn main_ends(&mut self, result: Result<(), PyException>) -> ProcessEnd {
        let windows = self.inner.variant.platform == Platform::Windows;
        let status = match &result {
            Ok(()) => 0,
            Err(e) if e.is_killed() => return self.finish(),
            Err(e) if e.is_system_exit() => exit_status(self.inner.variant, e.code),
            Err(e) => {
                (self.inner.report)(MAIN, ReportKind::Traceback, e);
                match e.kind {
                    // The check right after the module (3.13) reports it
                    // with status 1 (`interrupts_main_only::module_end_interrupt_status`).
                    ExcKind::KeyboardInterrupt if e.code.is_some() => e.code.unwrap_or(1),
                    ExcKind::KeyboardInterrupt if windows => STATUS_CONTROL_C_EXIT,
                    ExcKind::KeyboardInterrupt => 130,
                    _ => 1,
                }
            }
        };
        let uncaught = result.as_ref().err().map(|e| e.kind.name().to_string());
        self.record(Event::ThreadEnded { uncaught });
        self.record(Event::ShutdownBegins { status });
        self.s().finalizing = true;
        // threading._shutdown: join the non-daemon threads. It runs Python
        // code, so pending handlers run there; an exception they raise is
        // reported and the shutdown stops waiting.
        // _shutdown is Python code: pending handlers run as it starts, and
        // again after its joins.
        // Only a script that imported `threading` gets `_shutdown` (and
        // its checks): finalization runs no other Python code here.
        let threading = self.inner.threading_shutdown;
        let check = |py: &mut Self| if threading { py.check_signals() } else { Ok(()) };
        let mut ended = check(self)
            .and_then(|_| self.call_threading_atexits())
            .and_then(|_| self.wait(WaitOn::Shutdown, None))
            .and_then(|_| check(self));
        while let Err(e) = ended {
            if e.is_killed() {
                return self.finish();
            }
            (self.inner.report)(MAIN, ReportKind::Unraisable, &e);
            // It waits no more, but signals still pending are handled on the
            // way out (CPython runs Python code then).
            ended = check(self);
        }
        // The atexit functions, last registered first; what one raises is
        // reported and the next one runs.
        self.s().exiting = true;
        if self.s().exit_pending.is_some() {
            // `_run_exitfuncs()` of another thread is under way: the model
            // does not follow this either.
            return self.finish();
        }
        if let Err(e) = self.exit_loop() {
            debug_assert!(e.is_killed());
            return self.finish();
        }
        self.finalize(status);
        self.finish()
    }

    /// The atexit functions' loop (CPython's `atexit_callfuncs`): the
    /// functions registered when it begins, last first (one that
    /// `unregister` removes meanwhile is not called), each one's exception
    /// reported (SystemExit only where it goes to `sys.unraisablehook`);
    /// then every function is forgotten. `Ok` holds the last exception (3.8,
    /// 3.9: what `_run_exitfuncs()` raises); `Err` only when killed.
    fn exit_loop(&mut self) -> Result<Option<PyException>, PyException> {
        let to_hook = mek::atexit_errors_to_hook(pythread_model::caveats::Rules::cpython(self.inner.variant));
        let s = self.s();
        s.exit_pending = Some(std::mem::take(&mut s.atexit));
        let mut last = None;
        loop {
            let Some(entry) = self.s().exit_pending.as_mut().and_then(Vec::pop) else {
                break;
            };
            match (entry.call)(self) {
                Ok(()) => {}
                Err(e) if e.is_killed() => {
                    self.s().exit_pending = None;
                    return Err(e);
                }
                Err(e) => {
                    if !e.is_system_exit() || to_hook {
                        (self.inner.report)(MAIN, ReportKind::Unraisable, &e);
                    }
                    if !to_hook {
                        last = Some(e);
                    }
                }
            }
        }
        let s = self.s();
        s.exit_pending = None;
        s.atexit.clear();
        Ok(last)
    }

    /// `atexit._run_exitfuncs()`: the atexit loop, now, in this thread; the
    /// last exception a function raised is raised (3.8, 3.9). One called
    /// while a loop runs is not modelled (`None`).
    pub fn run_exitfuncs(&mut self) -> Option<Result<(), PyException>> {
        if self.s().exit_pending.is_some() {
            return None;
        }
        Some(match self.exit_loop() {
            Ok(None) => Ok(()),
            Ok(Some(e)) | Err(e) => Err(e),
        })
    }

    /// `atexit.unregister(f)`: the functions registered whose value
    /// `matches`, forgotten; up to 3.13 a loop under way does not call them
    /// either (`main_exit_kills_threads::atexit_loop_sees_removals`).
    pub fn unregister_atexit(&mut self, matches: impl Fn(&pythread_model::state::Value) -> bool) {
        let keep = |e: &ExitEntry| !e.key.as_ref().is_some_and(&matches);
        let sees = mek::atexit_loop_sees_removals(self.inner.variant.version);
        let s = self.s();
        s.atexit.retain(keep);
        if let Some(pending) = s.exit_pending.as_mut().filter(|_| sees) {
            pending.retain(keep);
        }
    }

    /// `atexit._clear()`: every registered function forgotten; up to 3.13 a
    /// loop under way calls no more of them.
    pub fn clear_atexit(&mut self) {
        let sees = mek::atexit_loop_sees_removals(self.inner.variant.version);
        let s = self.s();
        s.atexit.clear();
        if let Some(pending) = s.exit_pending.as_mut().filter(|_| sees) {
            pending.clear();
        }
    }

    /// `threading._shutdown` begins: the functions `threading._register_atexit`
    /// registered, last first; an exception ends the shutdown's wait.
    pub(super) fn call_threading_atexits(&mut self) -> Result<(), PyException> {
        while let Some(f) = self.s().threading_atexit.pop() {
            f(self)?;
        }
        Ok(())
    }

    /// `atexit.register(f)`: `f` is called after `threading._shutdown`
    /// joined the threads, last registered first. One registered while they
    /// run is never called.
    pub fn register_atexit<F>(&mut self, f: F)
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.register_atexit_value(None, f);
    }

    /// `register_atexit` of the value `key` (what `unregister_atexit`
    /// compares).
    pub fn register_atexit_value<F>(&mut self, key: Option<pythread_model::state::Value>, f: F)
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        if !self.s().exiting {
            self.s().atexit.push(ExitEntry {
                key,
                call: Box::new(f),
            });
        }
    }

    /// Whether `threading._register_atexit` may be called now: AttributeError
    /// on 3.8 (it does not exist), RuntimeError once the shutdown began.
    pub fn threading_atexit_allowed(&mut self) -> Result<(), PyException> {
        if !mek::has_threading_atexit(self.inner.variant.version) {
            return Err(PyException::with_message(ExcKind::AttributeError, "module 'threading' has no attribute '_register_atexit'"));
        }
        if self.s().finalizing {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't register atexit after shutdown"));
        }
        Ok(())
    }

    /// `threading._register_atexit(f)` (3.9+): `f` is called as
    /// `threading._shutdown` begins, before it joins any thread.
    pub fn register_threading_atexit<F>(&mut self, f: F) -> Result<(), PyException>
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.threading_atexit_allowed()?;
        self.s().threading_atexit.push(Box::new(f));
        Ok(())
    }

    /// Caveat 4 (`main-exit-kills-threads`): the shutdown is over; the
    /// process exits. In `killed`, every other thread stops where it is.
    pub(super) fn finalize(&mut self, status: i64) {
        let killed = self.inner.variant.exit == ExitMode::Killed;
        let s = self.s();
        s.threads[MAIN as usize].life = Life::Done;
        s.phase = Phase::Exited(status);
        record(s, MAIN, Event::Exited { status });
        if killed {
            for t in 1..s.threads.len() {
                if s.threads[t].life == Life::Running {
                    s.threads[t].life = Life::Killed;
                    record(s, t as Tid, Event::Killed);
                }
            }
        } else {
            self.settle();
        }
        self.notify();
    }

    pub(super) fn finish(&mut self) -> ProcessEnd {
        let phase = self.s().phase;
        self.guard = None;
        self.notify();
        match phase {
            Phase::Exited(status) => ProcessEnd::Exited(status),
            Phase::Hung => ProcessEnd::Hung,
            Phase::Running => unreachable!("the main thread stopped while the process runs"),
        }
    }

    /// `os._exit(n)`: the process exits at once, from any thread: no
    /// `finally`, no atexit, no joins. Always `Err(Killed)`: the calling
    /// thread stops too.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     py.start_new_thread(|py| Err(py.os_exit(3)))?;
    ///     py.sleep(1.0)?; // stopped here: the process has exited
    ///     unreachable!()
    /// });
    /// rt.wait_for_threads();
    /// assert_eq!(end, ProcessEnd::Exited(3));
    /// ```
    pub fn os_exit(&mut self, n: i64) -> PyException {
        let status = if self.inner.variant.platform == Platform::Windows { n } else { n & 0xff };
        let me = self.me;
        exit_process(self.s(), me, status);
        self.notify();
        PyException::killed()
    }

    /// `sys.exit(code)` / `_thread.exit()`: raises SystemExit. In a thread it
    /// ends only that thread (caveat 2); in the main thread, the program.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// assert_eq!(rt.run_main(|py| Err(py.exit(Some(4)))), ProcessEnd::Exited(4));
    /// ```
    pub fn exit(&mut self, code: Option<i64>) -> PyException {
        PyException::system_exit(code)
    }
}
