//! Signals: the eval breaker's check, `signal.signal`, and the ways a
//! signal is sent (`os.kill`, `pthread_kill`, `raise_signal`,
//! `interrupt_main`), each with the errors CPython gives.

use super::*;

impl<'rt> Py<'rt> {
    /// The eval breaker (`PyErr_CheckSignals`): in the main thread, runs the
    /// Python handler of every tripped signal, in signal-number order; the
    /// first one that raises ends this with its exception. In other threads
    /// it does nothing (caveat 1): they never run handlers.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 1: a handler runs in the main thread, at its next check.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    /// let end = rt.run_main(|py| {
    ///     py.start_new_thread(|py| {
    ///         py.kill(Sig::SIGINT)?;
    ///         py.check_signals() // does nothing in this thread
    ///     })?;
    ///     py.sleep(1.0)?; // interrupted: the KeyboardInterrupt comes out of the sleep
    ///     unreachable!()
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(130));
    /// ```
    pub fn check_signals(&mut self) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.me != MAIN && self.inner.bug != Some(Bug::HandlerInCurrentThread) {
            return Ok(());
        }
        // `_PyErr_CheckSignalsTstate`: nothing unless a signal tripped since
        // the last check began (`is_tripped`), which it clears; then the
        // tripped signals' handlers one after the other, so a handler's own
        // checks do not run the next one inside it. One that raises ends
        // the loop and leaves the rest to the next check.
        if !std::mem::take(&mut self.s().check_due) {
            return Ok(());
        }
        let reschedule = |py: &mut Self| {
            let s = py.s();
            s.check_due |= s.tripped != 0;
        };
        while let Some(sig) = SCAN_ORDER.into_iter().find(|&g| self.s().tripped & (1 << g as u8) != 0) {
            let s = self.s();
            s.tripped &= !(1 << sig as u8);
            s.threads[MAIN as usize].interrupted = false;
            let handler = s.handlers[sig as usize].clone();
            let _ = s;
            match handler {
                Handler::DefaultInt => {
                    self.record(Event::HandlerRan { sig });
                    reschedule(self);
                    return Err(PyException::new(ExcKind::KeyboardInterrupt));
                }
                Handler::Python(f) => {
                    self.record(Event::HandlerRan { sig });
                    let signum = self.signum(sig);
                    if let Err(e) = f(self, signum) {
                        reschedule(self);
                        return Err(e);
                    }
                    self.checkpoint()?;
                }
                // Set to SIG_IGN/SIG_DFL after the signal tripped: skipped.
                Handler::Ignore | Handler::Default => {}
            }
        }
        Ok(())
    }

    /// The number a handler's `signum` receives.
    pub fn signum(&self, sig: Sig) -> i32 {
        sig.linux_number() as i32
    }

    /// Whether `sig` exists in the `signal` module on this platform.
    pub(super) fn sig_exists(&self, sig: Sig) -> bool {
        self.inner.variant.platform != Platform::Windows || matches!(sig, Sig::SIGINT | Sig::SIGTERM)
    }

    pub(super) fn no_attribute(name: &str) -> PyException {
        PyException::with_message(ExcKind::AttributeError, format!("module 'signal' has no attribute '{name}'"))
    }

    /// `signal.SIGxxx`: the signal's number, or `AttributeError` where the
    /// platform has no such signal.
    pub fn signal_number(&self, sig: Sig) -> Result<i32, PyException> {
        self.known(sig)?;
        Ok(self.signum(sig))
    }

    pub(super) fn known(&self, sig: Sig) -> Result<(), PyException> {
        if self.sig_exists(sig) {
            Ok(())
        } else {
            Err(Self::no_attribute(sig.name()))
        }
    }

    /// `signal.signal(sig, handler)`: main thread only; returns the old handler.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // A handler that does not raise lets the interrupted wait go on (PEP 475).
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     py.signal(Sig::SIGUSR1, Handler::Python(std::sync::Arc::new(|_, signum| {
    ///         assert_eq!(signum, 10);
    ///         Ok(())
    ///     })))?;
    ///     py.start_new_thread(|py| py.kill(Sig::SIGUSR1))?;
    ///     py.sleep(2.0)?; // interrupted, handled, resumed to its end
    ///     assert_eq!(py.now(), 2000);
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn signal(&mut self, sig: Sig, handler: Handler) -> Result<Handler, PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        if self.me != MAIN {
            let msg = pythread_model::caveats::interrupts_main_only::signal_outside_main_message(self.inner.variant.version, false);
            return Err(PyException::with_message(ExcKind::ValueError, msg));
        }
        Ok(std::mem::replace(&mut self.s().handlers[sig as usize], handler))
    }

    pub(super) fn deliver(&mut self, sig: Sig, route: Route, os_signal: bool) {
        let inner = self.inner;
        let me = self.me;
        deliver(inner, self.s(), me, sig, route, os_signal);
        self.notify();
    }

    /// A POSIX signal reaches thread `x` (see the free `land`).
    fn land(&mut self, sig: Sig, x: Tid, to_process: bool) {
        let inner = self.inner;
        let me = self.me;
        land(inner, self.s(), me, sig, x, to_process);
        self.notify();
    }

    /// `signal.pthread_sigmask(how, signals)`: changes the calling thread's
    /// blocked signals (masks, bit `Sig as usize`) and returns the old ones.
    /// A held signal it no longer blocks reaches it at once; the check after
    /// the call (`PyErr_CheckSignals`) runs its handler. Missing on Windows.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::{Sig, SigHow}, variant::*};
    ///
    /// // A blocked signal waits in the kernel; unblocking it runs its handler.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    /// let end = rt.run_main(|py| {
    ///     assert_eq!(py.pthread_sigmask(SigHow::Block, Sig::SIGINT.bit())?, 0);
    ///     py.kill(Sig::SIGINT)?;
    ///     assert_eq!(py.sigpending()?, Sig::SIGINT.bit());
    ///     py.check_signals()?; // nothing tripped yet
    ///     py.pthread_sigmask(SigHow::Unblock, Sig::SIGINT.bit())?;
    ///     py.check_signals()?; // KeyboardInterrupt
    ///     unreachable!()
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(130));
    /// ```
    pub fn pthread_sigmask(&mut self, how: SigHow, signals: u8) -> Result<u8, PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute("pthread_sigmask"));
        }
        let me = self.me as usize;
        let s = self.s();
        let old = s.threads[me].blocked;
        let new = how.apply(old, signals);
        s.threads[me].blocked = new;
        let freed = imo::released(&mut s.kernel_pending, &mut s.threads[me].kernel_pending, new);
        for sig in imo::signals_in(freed) {
            self.land(sig, me as Tid, false);
        }
        self.checkpoint()?;
        Ok(old)
    }

    /// `signal.sigpending()`: the signals held for this thread or the
    /// process. Missing on Windows.
    pub fn sigpending(&mut self) -> Result<u8, PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute("sigpending"));
        }
        let me = self.me;
        Ok(Self::held_for(self.s(), me))
    }

    /// `signal.sigwait(signals)`: waits until one of the signals is held for
    /// this thread or the process and takes it (the lowest-numbered, its
    /// own first). A handled signal does not end the wait: its handler runs
    /// after (CP38). Missing on Windows.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::{Sig, SigHow}, variant::*};
    ///
    /// // The worker inherits the main thread's mask; its signal goes to the
    /// // main thread's sigwait, and no handler runs.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     py.pthread_sigmask(SigHow::Block, Sig::SIGUSR1.bit())?;
    ///     py.start_new_thread(|py| py.kill(Sig::SIGUSR1))?;
    ///     assert_eq!(py.sigwait(Sig::SIGUSR1.bit())?, Sig::SIGUSR1);
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn sigwait(&mut self, signals: u8) -> Result<Sig, PyException> {
        if self.inner.variant.platform == Platform::Windows {
            self.checkpoint()?;
            return Err(Self::no_attribute("sigwait"));
        }
        self.sigwait_until(signals, None).map(|sig| sig.expect("no deadline"))
    }

    /// `signal.sigtimedwait(signals, seconds)`: as [`Py::sigwait`], giving
    /// up (None) when the time is up; 0 polls. Missing on Windows.
    pub fn sigtimedwait(&mut self, signals: u8, seconds: f64) -> Result<Option<Sig>, PyException> {
        if self.inner.variant.platform == Platform::Windows {
            self.checkpoint()?;
            return Err(Self::no_attribute("sigtimedwait"));
        }
        if seconds < 0.0 {
            return Err(PyException::with_message(ExcKind::ValueError, "timeout must be non-negative"));
        }
        // 0 polls: the deadline is now.
        let deadline = self.now() + if seconds == 0.0 { 0 } else { seconds_to_millis(seconds) };
        self.sigwait_until(signals, Some(deadline))
    }

    fn sigwait_until(&mut self, signals: u8, deadline: Option<Millis>) -> Result<Option<Sig>, PyException> {
        self.checkpoint()?;
        let me = self.me as usize;
        loop {
            let s = self.s();
            if let Some(sig) = imo::take_held(&mut s.kernel_pending, &mut s.threads[me].kernel_pending, signals) {
                self.checkpoint()?;
                return Ok(Some(sig));
            }
            if deadline.is_some_and(|d| d <= self.now()) {
                self.checkpoint()?;
                return Ok(None);
            }
            let on = if deadline.is_some() { WaitOn::SigTimedWait(signals) } else { WaitOn::SigWait(signals) };
            self.wait(on, deadline)?;
        }
    }

    /// The signals held for thread `t` (the process's and its own).
    pub(super) fn held_for(s: &Shared, t: Tid) -> u8 {
        s.kernel_pending | s.threads[t as usize].kernel_pending
    }

    /// `os.kill(os.getpid(), sig)`: a process-directed signal. Linux delivers
    /// it to the main thread; generic POSIX may pick another thread (see
    /// [`Py::kill_landing_on`]); Windows terminates the process with status
    /// `sig`.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 3: a process signal ends the main thread's blocked acquire on
    /// // Linux; on Windows 3.13 os.kill ends the process instead.
    /// for (platform, expected) in [(Platform::Linux, ProcessEnd::Exited(130)), (Platform::Windows, ProcessEnd::Exited(2))] {
    ///     let v = Variant { platform, ..Variant::DEFAULT };
    ///     let rt = Runtime::builder(v).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    ///     let end = rt.run_main(|py| {
    ///         let lock = py.allocate_lock();
    ///         lock.acquire(py, true, -1.0)?;
    ///         py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
    ///         lock.acquire(py, true, -1.0)?; // blocks until the signal
    ///         unreachable!()
    ///     });
    ///     rt.wait_for_threads();
    ///     assert_eq!(end, expected);
    /// }
    /// ```
    pub fn kill(&mut self, sig: Sig) -> Result<(), PyException> {
        self.kill_landing_on(sig, MAIN)
    }

    /// `os.kill(os.getpid(), sig)` where the kernel picked thread `land` to
    /// run the C handler (only the `posix` platform lets it differ from main).
    pub fn kill_landing_on(&mut self, sig: Sig, land: Tid) -> Result<(), PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        if self.inner.variant.platform == Platform::Windows {
            let me = self.me;
            let status = i64::from(self.signum(sig));
            exit_process(self.s(), me, status);
            self.notify();
            return Err(PyException::killed());
        }
        let hint = if self.inner.variant.platform == Platform::Posix { land } else { MAIN };
        let x = landing(self.s(), sig, hint);
        self.land(sig, x, true);
        self.checkpoint()
    }

    /// `signal.pthread_kill(ident, sig)`: a thread-directed signal. Only when
    /// it targets the main thread can it end the main thread's wait.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // A signal directed at another thread does not wake the main thread: the
    /// // timed acquire runs to its timeout, then the handler runs.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(|py| {
    ///         let me = py.thread_id();
    ///         py.pthread_kill(me, Sig::SIGINT)
    ///     })?;
    ///     assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
    ///     assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
    ///     Ok(())
    /// });
    /// ```
    pub fn pthread_kill(&mut self, target: Tid, sig: Sig) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute("pthread_kill"));
        }
        if self.s().threads.get(target as usize).is_none_or(|t| t.life == Life::NotStarted) {
            return Err(PyException::with_message(ExcKind::TypeError, "'NoneType' object cannot be interpreted as an integer"));
        }
        // A thread that has ended no longer receives signals.
        if self.s().threads[target as usize].life == Life::Running {
            self.land(sig, target, false);
        }
        self.checkpoint()
    }

    /// `signal.raise_signal(sig)`: the calling thread signals itself.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     py.signal(Sig::SIGTERM, Handler::Python(std::sync::Arc::new(|_, _| {
    ///         Err(PyException::with_message(ExcKind::RuntimeError, "terminated"))
    ///     })))?;
    ///     py.raise_signal(Sig::SIGTERM)?;
    ///     assert_eq!(py.check_signals().unwrap_err().to_string(), "RuntimeError: terminated");
    ///     Ok(())
    /// });
    /// ```
    pub fn raise_signal(&mut self, sig: Sig) -> Result<(), PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        match self.inner.variant.platform {
            Platform::Windows if sig == Sig::SIGINT => self.deliver(sig, Route::SigintEvent, true),
            Platform::Windows => self.deliver(sig, Route::FlagOnly, true),
            _ => self.land(sig, self.me, false),
        }
        self.checkpoint()
    }

    /// `signal.alarm(n)` / `signal.setitimer(ITIMER_REAL, seconds)`: SIGALRM
    /// goes to the process `delay` milliseconds from now (`None` cancels).
    /// Missing on Windows (`itimer` names which function was called).
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // The alarm interrupts a sleep on the main thread; its handler raises.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    /// let end = rt.run_main(|py| {
    ///     py.signal(Sig::SIGALRM, Handler::Python(std::sync::Arc::new(|_, _| {
    ///         Err(PyException::with_message(ExcKind::RuntimeError, "time is up"))
    ///     })))?;
    ///     py.alarm(Some(1000), false)?;
    ///     let e = py.sleep(10.0).unwrap_err();
    ///     assert_eq!((e.to_string(), py.now()), ("RuntimeError: time is up".to_string(), 1000));
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn alarm(&mut self, delay: Option<Millis>, itimer: bool) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute(if itimer { "setitimer" } else { "alarm" }));
        }
        let now = self.now();
        self.s().alarm = delay.map(|d| now + d);
        self.notify();
        self.checkpoint()
    }

    /// `signal.pause()`: the main thread waits until a signal lands on it
    /// and its handler has run (a handler's exception comes out).
    pub fn pause(&mut self) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute("pause"));
        }
        self.wait(WaitOn::Pause, None).map(|_| ())
    }

    /// `_thread.interrupt_main(signum=SIGINT)`: trips the signal's flag as if
    /// it arrived, but sends no OS signal, so a blocked main thread is not
    /// woken. A no-op when the handler is `SIG_IGN` or `SIG_DFL`.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // interrupt_main only sets the flag: a blocked acquire is not woken.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(|py| py.interrupt_main(None))?;
    ///     assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
    ///     assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
    ///     assert_eq!(py.interrupt_main(Some(0)).unwrap_err().to_string(), "ValueError: signal number out of range");
    ///     Ok(())
    /// });
    /// ```
    pub fn interrupt_main(&mut self, signum: Option<i32>) -> Result<(), PyException> {
        self.checkpoint()?;
        if signum.is_some() && self.inner.variant.version.minor < 10 {
            // The `signum` parameter came in 3.10.
            return Err(PyException::with_message(ExcKind::TypeError, "interrupt_main() takes no arguments (1 given)"));
        }
        let sig = match signum {
            None => Sig::SIGINT,
            Some(n) => match Sig::ALL.into_iter().find(|s| s.linux_number() == i64::from(n) && self.sig_exists(*s)) {
                Some(s) => s,
                None if !(1..65).contains(&n) => {
                    return Err(PyException::with_message(ExcKind::ValueError, "signal number out of range"));
                }
                // A valid signal number outside the five the runtime models.
                None => return Err(PyException::with_message(ExcKind::ValueError, format!("signal {n} is not supported by this runtime"))),
            },
        };
        self.deliver(sig, Route::FlagOnly, false);
        Ok(())
    }

    // ---- locks ---------------------------------------------------------------
}
