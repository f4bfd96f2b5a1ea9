//! Waiting: when a thread may go on, the virtual clock's jumps when every
//! thread is blocked (a due press, the next deadline, a hang), and the wait
//! itself, with PEP 475's retry after a handler.

use super::*;

impl<'rt> Py<'rt> {
    /// On the real clock: the Ctrl-C presses and the alarm that are due.
    pub(super) fn fire_due_events(&mut self) {
        // Neither to come (the usual case): no need to read the clock.
        if self.s().clock.kind.is_virtual() || (self.s().presses.is_empty() && self.s().alarm.is_none()) {
            return;
        }
        let now = self.now();
        if self.s().alarm.is_some_and(|a| a <= now) {
            let inner = self.inner;
            alarm_rings(inner, self.s());
            self.notify();
        }
        let mut fired = false;
        while self.s().presses.first().is_some_and(|&p| p <= now) {
            self.s().presses.remove(0);
            let inner = self.inner;
            ctrl_c_locked(inner, self.s());
            fired = true;
        }
        if fired {
            self.notify();
        }
    }

    // ---- waiting -------------------------------------------------------------

    /// Whether `on` is satisfied for thread `t`.
    pub(super) fn ready(s: &Shared, t: Tid, on: WaitOn) -> bool {
        match on {
            WaitOn::Lock(l) | WaitOn::Restore(l) => {
                let lk = &s.locks[l as usize];
                lk.count == 0 || (lk.reentrant && lk.owner == Some(t))
            }
            WaitOn::Join(x) => !s.threads[x as usize].looks_alive(),
            WaitOn::Sleep | WaitOn::Pause => false,
            WaitOn::SigWait(set) | WaitOn::SigTimedWait(set) => Self::held_for(s, t) & set != 0,
            WaitOn::Shutdown => s.threads.iter().skip(1).all(|th| th.daemon || !th.looks_alive()),
        }
    }

    /// Whether thread `t` could go on now (it is not blocked, or its wait is over).
    pub(super) fn runnable(s: &Shared, t: Tid) -> bool {
        let th = &s.threads[t as usize];
        if th.life != Life::Running {
            return false;
        }
        match th.wait {
            None => true,
            Some(w) => th.interrupted || w.deadline.is_some_and(|d| d <= s.clock.now()) || Self::ready(s, t, w.on),
        }
    }

    /// When every live thread is blocked: on the virtual clock, press a due
    /// Ctrl-C or jump to the earliest deadline; with no deadline left, the
    /// run hangs (or, after the exit in `survive`, the remaining threads
    /// just never run again). Returns whether anything changed.
    pub(super) fn settle(&mut self) -> bool {
        let inner = self.inner;
        let s = self.s();
        let live = (0..s.threads.len() as Tid).filter(|&t| s.threads[t as usize].life == Life::Running);
        if live.clone().any(|t| Self::runnable(s, t)) || s.phase == Phase::Hung {
            return false;
        }
        let deadline = live.filter_map(|t| s.threads[t as usize].wait.and_then(|w| w.deadline)).min();
        if s.clock.kind.is_virtual() {
            if let Some(&p) = s.presses.first().filter(|&&p| deadline.is_none_or(|d| p <= d)) {
                s.presses.remove(0);
                if p > s.clock.virtual_now {
                    s.clock.virtual_now = p;
                    record(s, MAIN, Event::TimeAdvanced { to: p });
                }
                ctrl_c_locked(inner, s);
                return true;
            }
            // The alarm rings first when it is due before every deadline.
            if let Some(a) = s.alarm.filter(|&a| deadline.is_none_or(|d| a <= d)) {
                if !s.horizon.is_some_and(|h| a > h) {
                    if a > s.clock.virtual_now {
                        s.clock.virtual_now = a;
                        record(s, MAIN, Event::TimeAdvanced { to: a });
                    }
                    alarm_rings(inner, s);
                    return true;
                }
            }
            if let Some(d) = deadline {
                if s.horizon.is_some_and(|h| d > h) && s.phase == Phase::Running {
                    s.phase = Phase::Hung;
                    record(s, MAIN, Event::GaveUp);
                    return true;
                }
                s.clock.virtual_now = d;
                record(s, MAIN, Event::TimeAdvanced { to: d });
                return true;
            }
        } else if deadline.is_some() || !s.presses.is_empty() || s.alarm.is_some() {
            return false;
        }
        match s.phase {
            // After the exit (survive): nobody can go on; they stay stopped.
            Phase::Exited(_) => {
                for t in 0..s.threads.len() {
                    if s.threads[t].life == Life::Running {
                        s.threads[t].life = Life::Killed;
                        record(s, t as Tid, Event::Killed);
                    }
                }
                true
            }
            Phase::Running if inner.on_deadlock == OnDeadlock::Abandon => {
                s.phase = Phase::Hung;
                record(s, MAIN, Event::Hung);
                true
            }
            _ => false,
        }
    }

    /// Blocks this thread until `on` is satisfied (`Ok(true)`) or the
    /// deadline passes (`Ok(false)`). In the main thread a signal that ends
    /// the wait (caveat 3) runs the handlers at once: if one raises, the wait
    /// is abandoned with that exception; otherwise it goes on to the same
    /// deadline (PEP 475).
    pub(crate) fn wait(&mut self, on: WaitOn, deadline: Option<Millis>) -> Result<bool, PyException> {
        self.checkpoint()?;
        let me = self.me;
        self.record(Event::Blocked { on, deadline });
        // A signal already tripped ends no wait (no EINTR comes), except
        // where the wait looks first (`sees_pending_at_entry`).
        if me == MAIN {
            let variant = self.inner.variant;
            let s = self.s();
            if s.tripped != 0 && sees_pending_at_entry(variant, on.kind(), s.tripped & (1 << Sig::SIGINT as u8) != 0) {
                s.threads[MAIN as usize].interrupted = true;
            }
        }
        loop {
            self.s().threads[me as usize].wait = Some(Wait { on, deadline });
            loop {
                if self.stopped() {
                    self.s().threads[me as usize].wait = None;
                    return Err(PyException::killed());
                }
                let s = self.s();
                // A wait whose own end came with the signal returns first,
                // as the model's does: the handler runs at the check after it.
                let timed_out = deadline.is_some_and(|d| d <= s.clock.now());
                if Self::ready(s, me, on) || timed_out {
                    let ready = Self::ready(s, me, on);
                    s.threads[me as usize].wait = None;
                    s.threads[me as usize].interrupted = false;
                    self.record(Event::WaitEnded { ready });
                    return Ok(ready);
                }
                if s.threads[me as usize].interrupted {
                    s.threads[me as usize].wait = None;
                    break;
                }
                if self.settle() {
                    self.notify();
                    continue;
                }
                self.sleep_on_condvar(deadline);
                self.fire_due_events();
            }
            // Interrupted (EINTR): Py_MakePendingCalls, then retry; pause()
            // returns once the handlers have run.
            self.check_signals()?;
            if on == WaitOn::Pause {
                self.record(Event::WaitEnded { ready: true });
                return Ok(true);
            }
            if self.inner.bug == Some(Bug::AcquireNotRetried) && matches!(on, WaitOn::Lock(_)) {
                return Ok(false);
            }
        }
    }

    /// Sleeps until notified (or, on the real clock, until the deadline or
    /// the next Ctrl-C press is due).
    pub(super) fn sleep_on_condvar(&mut self, deadline: Option<Millis>) {
        let mut guard = self.guard.take().expect("the GIL is held");
        // Counted under the GIL, so a notifier holding it knows whether
        // anyone sleeps (`notify`).
        guard.sleepers += 1;
        #[cfg(not(pythread_loom))]
        if !guard.clock.kind.is_virtual() {
            let wake_at = [deadline, guard.presses.first().copied(), guard.alarm].into_iter().flatten().min();
            let mut guard = match wake_at {
                Some(at) => {
                    let now = guard.clock.now();
                    let dur = std::time::Duration::from_millis(at.saturating_sub(now).max(1));
                    self.inner.changed.wait_timeout(guard, dur).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.inner.changed.wait(guard).unwrap_or_else(|e| e.into_inner()),
            };
            guard.sleepers -= 1;
            self.guard = Some(guard);
            return;
        }
        let _ = deadline;
        let mut guard = self.inner.changed.wait(guard).unwrap_or_else(|e| e.into_inner());
        guard.sleepers -= 1;
        self.guard = Some(guard);
    }

    // ---- threads -----------------------------------------------------------

    /// `time.sleep(seconds)`: in the main thread a signal may end it early
    /// (POSIX; Windows Ctrl-C): a raising handler's exception comes out, a
    /// non-raising one lets the sleep go on to its end.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // On the virtual clock a sleep takes no real time.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     py.sleep(3600.0)?;
    ///     assert_eq!(py.now(), 3_600_000);
    ///     assert_eq!(py.sleep(-1.0).unwrap_err().to_string(), "ValueError: sleep length must be non-negative");
    ///     Ok(())
    /// });
    /// ```
    pub fn sleep(&mut self, seconds: f64) -> Result<(), PyException> {
        check_seconds(seconds)?;
        if seconds < 0.0 {
            return Err(PyException::with_message(ExcKind::ValueError, "sleep length must be non-negative"));
        }
        if seconds == 0.0 {
            return self.checkpoint();
        }
        let deadline = self.now() + seconds_to_millis(seconds);
        self.wait(WaitOn::Sleep, Some(deadline)).map(|_| ())
    }

    // ---- signals -------------------------------------------------------------
}
