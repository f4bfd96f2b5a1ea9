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

    /// Threads a process-directed signal may land on, one per distinct
    /// effect: the main thread, and on POSIX the first other thread that
    /// runs. Which other thread it lands on changes nothing but the route
    /// (the flag is tripped all the same), so the others would only make the
    /// same successor again.
    pub(super) fn landing_threads(&self, s: &State) -> impl Iterator<Item = Tid> {
        let runs = |i: usize| matches!(s.threads[i].life, Life::Running | Life::ShuttingDown { .. });
        let posix = self.variant.platform == Platform::Posix;
        let main = (!posix || runs(MAIN as usize)).then_some(MAIN);
        let other = if posix { (1..s.threads.len()).find(|&i| runs(i)) } else { None };
        main.into_iter().chain(other.map(|i| i as Tid))
    }

    // ---- effects -----------------------------------------------------------

    /// Whether thread `t`'s next step runs `os.kill` (after the check point
    /// and the control instructions it may still have before it).
    pub(super) fn next_statement_is_kill(&self, s: &State, t: Tid) -> bool {
        if !self.program.kills {
            // Saves looking ahead (a copy of the state).
            return false;
        }
        self.next_instruction(s, t).is_some_and(|i| matches!(i.op, Op::Kill { .. }))
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
        self.deliver(s, Sig::SIGALRM, Route::OnMainThread, true);
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
        if kind == WaitKind::Acquire {
            let reaches_main = matches!(route, Route::OnMainThread | Route::SigintEvent);
            s.event = Event::SignalWhileMainAcquires { woke, reaches_main };
        }
        if woke {
            s.threads[MAIN as usize].woken = true;
        }
    }

    // ---- values ------------------------------------------------------------
}
