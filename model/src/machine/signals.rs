//! Signals on their way to a handler (caveats 1 and 3): which thread a
//! process signal lands on, the handler state it meets, and whether it wakes
//! the main thread's wait.

use super::*;

impl PyModel {
    /// The signal number a handler's `signum` receives.
    pub(super) fn signum(&self, sig: Sig) -> i64 {
        if self.variant.platform == Platform::Windows {
            match sig {
                Sig::SIGINT => 2,
                Sig::SIGTERM => 15,
                other => other.linux_number(),
            }
        } else {
            sig.linux_number()
        }
    }

    /// Whether `sig` exists in the `signal` module on this platform.
    pub(super) fn sig_exists(&self, sig: Sig) -> bool {
        self.variant.platform != Platform::Windows || matches!(sig, Sig::SIGINT | Sig::SIGTERM)
    }

    /// Threads a process-directed signal `sig` may land on, one per distinct
    /// effect: the main thread, and on POSIX the first other thread that
    /// runs. Which other thread it lands on changes nothing but the route
    /// (the flag is tripped all the same), so the others would only make the
    /// same successor again. A thread that blocks `sig` is passed over
    /// (Linux's `complete_signal` tries the main thread, then the others);
    /// when every thread blocks it, it lands on the main thread, which
    /// leaves it pending (`land`).
    pub(super) fn landing_threads(&self, s: &State, sig: Sig) -> impl Iterator<Item = Tid> {
        let runs = |i: usize| matches!(s.threads[i].life, Life::Running | Life::ShuttingDown { .. });
        let takes = |i: usize| runs(i) && self.takes(s, i as Tid, sig);
        let (main, other) = match self.variant.platform {
            Platform::Windows => (Some(MAIN), None),
            Platform::Linux if !runs(MAIN as usize) || takes(MAIN as usize) => (Some(MAIN), None),
            Platform::Linux => {
                let other = (1..s.threads.len()).find(|&i| takes(i));
                (other.is_none().then_some(MAIN), other)
            }
            Platform::Posix => {
                let main = takes(MAIN as usize).then_some(MAIN);
                let other = (1..s.threads.len()).find(|&i| takes(i));
                (main.or(other.is_none().then_some(MAIN)), other)
            }
        };
        main.into_iter().chain(other.map(|i| i as Tid))
    }

    /// Whether thread `x` takes `sig` when it comes: it does not block it,
    /// or it waits for it in `sigwait`.
    pub(super) fn takes(&self, s: &State, x: Tid, sig: Sig) -> bool {
        s.threads[x as usize].blocked & sig.bit() == 0 || self.sigwait_set(s, x).is_some_and(|set| set & sig.bit() != 0)
    }

    /// The signals thread `x` waits for in `sigwait`, if it waits there.
    pub(super) fn sigwait_set(&self, s: &State, x: Tid) -> Option<u8> {
        s.threads[x as usize].frames.last()?.wait?;
        self.sigwait_signals(s, x)
    }

    /// The signals of the `sigwait` thread `x` stands at, if it stands at one.
    pub(super) fn sigwait_signals(&self, s: &State, x: Tid) -> Option<u8> {
        let f = s.threads[x as usize].frames.last()?;
        let Op::SigWait { ref signals, .. } = self.instr(f).op else { return None };
        let v = self.eval(s, x, f, signals).ok()?;
        crate::values::signal_mask(&v, s).ok().flatten()
    }

    /// A POSIX signal reaches thread `x`: process-directed (`os.kill`,
    /// Ctrl-C, the alarm) after `landing_threads` chose `x`, or sent to `x`
    /// alone. A `sigwait` there takes it; if `x` blocks it, the kernel holds
    /// it (for the process, or for `x` alone); otherwise its C handler runs
    /// on `x`.
    pub(super) fn land(&self, s: &mut State, sig: Sig, x: Tid, to_process: bool) {
        let awaited = self.sigwait_set(s, x).unwrap_or(0);
        match imo::arrival(sig, s.threads[x as usize].blocked, awaited, to_process) {
            imo::Arrival::HeldForThread => s.threads[x as usize].kernel_pending |= sig.bit(),
            imo::Arrival::HeldForProcess => s.kernel_pending |= sig.bit(),
            imo::Arrival::Delivered => {
                let route = if x == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
                self.deliver(s, sig, route, true);
            }
        }
    }

    /// `signal.pthread_sigmask(how, signals)` by thread `t`: the set it
    /// blocked before. A held signal it no longer blocks reaches it now, as
    /// the kernel delivers on the way back from the call.
    pub(super) fn set_mask(&self, s: &mut State, t: Tid, how: SigHow, signals: u8) -> Value {
        let old = s.threads[t as usize].blocked;
        let new = how.apply(old, signals);
        s.threads[t as usize].blocked = new;
        let before = self.signal_set(s, old);
        let freed = imo::released(&mut s.kernel_pending, &mut s.threads[t as usize].kernel_pending, new);
        for sig in imo::signals_in(freed) {
            self.land(s, sig, t, false);
        }
        before
    }

    /// The signals held for thread `t`, the process's and its own.
    pub(super) fn held_for(&self, s: &State, t: Tid) -> u8 {
        s.kernel_pending | s.threads[t as usize].kernel_pending
    }

    /// `sigwait` takes the lowest-numbered held signal of `set` (Linux's
    /// `next_signal`), thread `t`'s own first.
    pub(super) fn take_held(&self, s: &mut State, t: Tid, set: u8) -> Option<Sig> {
        imo::take_held(&mut s.kernel_pending, &mut s.threads[t as usize].kernel_pending, set)
    }

    /// A set of `signal.Signals`, in number order (as CPython builds it).
    pub(super) fn signal_set(&self, s: &mut State, bits: u8) -> Value {
        Value::Set(s.new_list(imo::signals_in(bits).map(Value::Signal).collect()))
    }

    // ---- effects -----------------------------------------------------------

    /// The signal thread `t`'s next step sends to the process with
    /// `os.kill`, if it runs one (after the check point and the control
    /// instructions it may still have before it).
    pub(super) fn next_statement_kills(&self, s: &State, t: Tid) -> Option<Sig> {
        if !self.program.kills {
            // Saves looking ahead (a copy of the state).
            return None;
        }
        let (instr, ahead) = self.next_step(s, t)?;
        let Op::Kill { ref sig } = instr.op else { return None };
        let s = ahead.as_ref().unwrap_or(s);
        let f = s.threads[t as usize].frames.last()?;
        match self.sending(s, t, f, sig, imo::Sender::Kill) {
            Ok(imo::Sending::Send(sig)) => Some(sig),
            _ => None,
        }
    }

    /// What a call that sends `sig` (a `SigRef`) does, in thread `t`'s
    /// frame `f`: the value is read now (CP40).
    pub(super) fn sending(&self, s: &State, t: Tid, f: &Frame, sig: &SigRef, sender: imo::Sender) -> Flow<imo::Sending> {
        match sig {
            SigRef::Known(sig) if !self.sig_exists(*sig) => Err(self.no_attribute(sig.name())),
            SigRef::Known(sig) => Ok(imo::Sending::Send(*sig)),
            SigRef::Value(e) => {
                let v = self.eval(s, t, f, e)?;
                Ok(imo::sending(sender, &v, self.variant.platform == Platform::Windows, self.pypy))
            }
        }
    }

    /// A call that sends no signal: it returns (the null signal), raises,
    /// or is beyond the model.
    pub(super) fn not_sent(&self, s: &mut State, t: Tid, sending: imo::Sending) -> Flow<()> {
        match sending {
            imo::Sending::Error(class, msg) => Err(err(class, msg)),
            imo::Sending::Beyond => {
                s.beyond_model = true;
                Ok(())
            }
            _ => {
                self.advance(s, t);
                Ok(())
            }
        }
    }

    /// Caveat 1: a signal with the given route reaches the process.
    /// `os_signal` is false for `interrupt_main`, which only trips the flag
    /// and never runs the OS default action.
    pub(super) fn deliver(&self, s: &mut State, sig: Sig, route: Route, os_signal: bool) {
        match s.handler(sig) {
            HandlerState::Ignore => {}
            HandlerState::Default => {
                if os_signal {
                    let status = match self.variant.platform {
                        Platform::Windows if sig == Sig::SIGINT => STATUS_CONTROL_C_EXIT,
                        Platform::Windows => 3,
                        _ => 128 + sig.linux_number(),
                    };
                    self.exit_process(s, status);
                }
            }
            HandlerState::DefaultInt | HandlerState::Function(_) => {
                if self.pypy && s.is_tripped(sig) {
                    s.queued[sig as usize] = s.queued[sig as usize].saturating_add(1).min(4);
                }
                s.tripped |= 1 << sig as u8;
                s.check_due = true;
                self.maybe_wake_main(s, route);
            }
        }
    }

    /// The real-time alarm is up: the kernel sends SIGALRM to the process,
    /// and Linux gives it to the main thread (`complete_signal` tries the
    /// thread group leader first).
    pub(super) fn alarm_rings(&self, s: &mut State) {
        let land = self.landing_threads(s, Sig::SIGALRM).next().unwrap_or(MAIN);
        self.land(s, Sig::SIGALRM, land, true);
    }

    /// Caveat 3: whether the signal ends the main thread's blocking call.
    pub(super) fn maybe_wake_main(&self, s: &mut State, route: Route) {
        let main = &s.threads[MAIN as usize];
        let wait = match (main.life, main.frames.last()) {
            (Life::Running | Life::ShuttingDown { .. }, Some(f)) if f.wait.is_some() => Some(self.wait_kind(f)),
            (Life::ShuttingDown { .. }, None) => Some(WaitKind::Shutdown),
            _ => None,
        };
        let Some(kind) = wait else { return };
        let woke = ai::wakes(self.rules(), kind, route);
        // `t.join()` waits on the thread's lock (3.13+: its handle's event,
        // woken by the same rule).
        if matches!(kind, WaitKind::Acquire | WaitKind::Join) {
            let reaches_main = matches!(route, Route::OnMainThread | Route::SigintEvent);
            s.event = Event::SignalWhileMainAcquires { woke, reaches_main };
        }
        if woke {
            s.threads[MAIN as usize].woken = true;
        }
    }

    // ---- values ------------------------------------------------------------
}
