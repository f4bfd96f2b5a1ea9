//! Where the main thread checks for signals: the eval-breaker check points of
//! each version (`interrupts_main_only::checks`), what a step does at one
//! (run a due handler, or go past it), and the control instructions between
//! check points and statements.

use super::*;

impl PyModel {
    /// After a statement ran without raising: the check at its end (a
    /// call's), else the control up to the next step boundary.
    pub(super) fn after_statement(&self, s: &mut State, t: Tid, statement: bool) {
        if self.checks_for(t) && statement {
            let th = &s.threads[t as usize];
            if let Some(f) = th.frames.last().filter(|f| f.wait.is_none() && f.at == At::Go && f.pc > 0) {
                if matches!(th.life, Life::Running | Life::ShuttingDown { .. }) && s.phase == Phase::Running {
                    let done = &self.code(f.code).instrs[f.pc as usize - 1].op;
                    let checks = self.checks_of(s, done);
                    if let Op::Acquire { kw_site: Some(site), .. } | Op::Print { kw_site: Some(site), .. } = done {
                        if self.variant.version.is_314() {
                            // Specialised now: it checks from its next run on.
                            s.kw_sites_run |= 1 << site;
                        }
                    }
                    if checks.after {
                        s.threads[t as usize].frames.last_mut().expect("frame").at = At::Check(imo::CheckKind::AfterCall);
                        return;
                    }
                }
            }
        }
        self.run_control(s, t, false);
    }

    /// Whether thread `t` has eval-breaker check points: the thread that
    /// runs handlers. (Other threads check too, but nothing is due there.)
    pub(super) fn checks_for(&self, t: Tid) -> bool {
        t == MAIN && self.mutation != Some(Mutation::HandlerInRunningThread)
    }

    /// The check points around `op` under this variant; a keyword call site
    /// of 3.14 is specialised once it has run.
    pub(super) fn checks_of(&self, s: &State, op: &Op) -> imo::Checks {
        let first_kw_run = match op {
            Op::Acquire { kw_site: Some(site), .. } | Op::Print { kw_site: Some(site), .. } => s.kw_sites_run & (1 << site) == 0,
            _ => false,
        };
        imo::checks(op, self.variant.version, first_kw_run)
    }

    /// Thread `t` goes past the check point it stands at, if any (nothing
    /// is due there: `handler_due` said so). Returns whether it did with
    /// nothing a handler could tell on the way (setting up 3.14's `with`
    /// block is such a thing), so a check right after is the same check.
    pub(super) fn pass_check(&self, s: &mut State, t: Tid) -> bool {
        let handles_here = self.checks_for(t);
        let check_due = s.check_due;
        let handles = imo::handler_thread(self.rules(), t) == t && imo::next_tripped(s).is_some();
        let Some(f) = s.threads[t as usize].frames.last_mut() else { return false };
        let handles = handles && (check_due || f.handlers_running);
        if f.wait.is_some() {
            return false;
        }
        // Whether nothing a handler could tell happens on the way past it.
        let mut quiet = true;
        match f.at {
            At::Check(_) => {}
            At::EnterWith(lock) => {
                f.blocks.push(Block::With { lock });
                f.pc += 1;
                quiet = false;
            }
            // Half a print: its check point is passed by the newline's write.
            At::MidPrint if handles_here => {
                f.handlers_running = false;
                return false;
            }
            At::Go | At::MidPrint => return false,
        }
        f.at = At::Go;
        f.handlers_running = false;
        if handles {
            // Only a broken model gets here (`Mutation::SkipPendingCheck`).
            s.event = Event::CheckPassedWithSignalPending;
        }
        quiet
    }

    /// Whether the main thread, just past a check point, is about to start
    /// a wait that a signal arriving now would find already begun — the
    /// window `research/eval-breaker.md` §5 describes. It gets a state of
    /// its own only when a signal can still come.
    pub(super) fn window_before_wait(&self, s: &State, t: Tid, f: &Frame) -> bool {
        if t != MAIN || !(s.presses_left > 0 || self.program.wakes_main) {
            return false;
        }
        // The lock an acquire or `with` takes, as `wait_over` reads it.
        let lock_busy = || self.awaited_lock(s, f).is_some_and(|l| !locks::available(self.rules(), &s.locks[l as usize], t));
        match &self.instr(f).op {
            Op::Sleep { seconds } => seconds.as_f64() > 0.0,
            Op::SleepFor { seconds } => self.eval(s, t, f, seconds).ok().and_then(|v| crate::values::seconds(&v).ok()).is_some_and(|n| n.as_f64() > 0.0),
            Op::Acquire { blocking, .. } => blocking.unwrap_or(true) && lock_busy(),
            Op::WithEnter { .. } => lock_busy(),
            Op::Join { thread, .. } => read(s, f, *thread).and_then(|v| s.thread_in(&v)).is_some_and(|x| s.threads[x as usize].looks_alive()),
            _ => false,
        }
    }

    /// The signal whose handler thread `t`'s next step runs, and the check
    /// point it runs at, if any: the main thread handles a tripped signal at
    /// its next eval-breaker check point, or at once when its blocking call
    /// was interrupted.
    pub fn handler_due(&self, s: &State, t: Tid) -> Option<(Sig, imo::CheckKind)> {
        if imo::handler_thread(self.rules(), t) != t {
            return None;
        }
        let sig = imo::next_tripped(s)?;
        let th = &s.threads[t as usize];
        let skip = self.mutation == Some(Mutation::SkipPendingCheck);
        if let Some(f) = th.frames.last() {
            if let Some(w) = f.wait {
                // A wait whose own end came with the signal returns first
                // (its lock taken, its thread joined); the handler then runs
                // at the check at its end.
                return (th.woken && !self.wait_over(s, t, f, w)).then_some((sig, imo::CheckKind::Wait));
            }
            let kind = match f.at {
                At::Check(kind) => kind,
                At::EnterWith(_) => imo::CheckKind::WithEntry,
                At::MidPrint if self.checks_for(t) => imo::CheckKind::Print,
                // The broken model: whichever thread steps runs it.
                _ if t != MAIN => return Some((sig, imo::CheckKind::AfterCall)),
                _ => return None,
            };
            // A check runs handlers when a signal tripped since the last
            // one began (`is_tripped`), or goes on with the ones it runs.
            return (!skip && (s.check_due || f.handlers_running)).then_some((sig, kind));
        }
        if !matches!(th.life, Life::ShuttingDown { .. }) || !(self.program.imports_threading || self.threading_preloaded) {
            // No `threading`: finalization runs no Python code that checks.
            return None;
        }
        // threading._shutdown checks for signals when a join returns
        // (Python code runs then), so a pending handler runs before the
        // process exits. It is blocked only while a join waits for a live
        // thread.
        let joining = s.shutdown_target.is_some_and(|x| s.threads[x as usize].looks_alive());
        let blocked = !self.shutdown_ready(s) && joining;
        let due = if mek::shutdown_checks_between_joins(self.variant.version) {
            !blocked || th.woken
        } else {
            // 3.13+: `threading._shutdown` checks as it starts, then the
            // joins are C (`_thread._shutdown`): a signal that ends a join's
            // wait runs there; between joins nothing checks, so one whose
            // thread ended first waits until every join is done.
            (blocked && th.woken) || self.shutdown_ready(s) || !s.shutdown_joining
        };
        due.then_some((sig, imo::CheckKind::Shutdown))
    }

    /// Runs the handler of `sig` in thread `t` (the main thread).
    pub(super) fn run_handler(&self, s: &mut State, t: Tid, sig: Sig, at: imo::CheckKind) {
        // PyPy queues a signal that arrives while it is pending; CPython
        // has one flag per signal.
        if s.queued[sig as usize] > 0 {
            s.queued[sig as usize] -= 1;
        } else {
            s.tripped &= !(1 << sig as u8);
        }
        // The check's loop over the tripped signals: `is_tripped` is cleared
        // as it begins; the next one runs when this handler returns.
        let th = &mut s.threads[t as usize];
        let blocked = th.frames.last().is_some_and(|f| f.wait.is_some());
        if let Some(f) = th.frames.last_mut().filter(|_| !blocked) {
            if !f.handlers_running {
                s.check_due = false;
            }
            f.handlers_running = true;
        } else {
            s.check_due = false;
        }
        // An interrupted wait runs every tripped signal's handler before it
        // waits again (`Py_MakePendingCalls`); `signal.pause()` returns
        // instead, once they have run.
        s.threads[t as usize].woken = blocked && s.tripped != 0;
        if let Some(f) = s.threads[t as usize].frames.last_mut().filter(|_| blocked) {
            if matches!(self.instr(f).op, Op::Pause) {
                f.wait = Some(Wait { deadline: Some(0) });
            }
        }
        s.event = Event::HandlerRan { thread: t, sig, at };
        match s.handler(sig) {
            HandlerState::DefaultInt => {
                // The loop ends with the exception; the rest wait for the
                // next check (PyPy drops them).
                if self.pypy {
                    s.tripped = 0;
                }
                s.check_due |= s.tripped != 0;
                let e = with_context(s, t, Exc::new(ExcType::KeyboardInterrupt));
                self.raise(s, t, e)
            }
            HandlerState::Function(code) => {
                // handler(signum, frame): `frame` is None here.
                self.call_from_c(s, t, code, &[Value::Int(self.signum(sig)), Value::None]);
            }
            // Set to SIG_IGN/SIG_DFL after the signal tripped: CPython skips it.
            HandlerState::Ignore | HandlerState::Default => {}
        }
        self.run_control(s, t, false);
    }

    /// Runs control instructions until the top frame is at a step boundary:
    /// a statement, a check point of the main thread, or no frame left.
    /// `just_checked`: the thread has just gone past a check point, and a
    /// check with nothing observable between it and that one is the same
    /// check (it is not made a state of its own).
    pub(super) fn run_control(&self, s: &mut State, t: Tid, just_checked: bool) {
        self.control_from(s, t, just_checked, false);
    }

    /// `run_control` for a frame that resumes where it stands (the start of
    /// a step): the check before the instruction at its pc, if any, was
    /// placed (or passed) when it got there.
    pub(super) fn resume_control(&self, s: &mut State, t: Tid, just_checked: bool) {
        self.control_from(s, t, just_checked, true);
    }

    pub(super) fn control_from(&self, s: &mut State, t: Tid, mut just_checked: bool, mut resuming: bool) {
        let checks = self.checks_for(t);
        // Bounded: every iteration advances a pc, unwinds a block or pops a
        // frame, and a loop's second back edge ends the run (a loop of
        // control only, `while True: pass`, goes on in the next step).
        let mut back_edges = 0;
        loop {
            let th = &s.threads[t as usize];
            if !matches!(th.life, Life::Running | Life::ShuttingDown { .. }) || th.frames.is_empty() {
                return;
            }
            if s.phase != Phase::Running && th.life != Life::Running {
                return;
            }
            let fi = th.frames.len() - 1;
            let f = &th.frames[fi];
            if f.wait.is_some() || f.at != At::Go {
                return;
            }
            let op = &self.instr(f).op;
            if checks && !just_checked && !resuming {
                let check = match *op {
                    Op::Jump { to } if to <= f.pc => Some(imo::CheckKind::BackEdge),
                    Op::Return if fi == 0 && f.code == 0 && imo::checks_after_module(self.variant.version) => {
                        Some(imo::CheckKind::ModuleEnd)
                    }
                    ref op if op.starts_step() && self.checks_of(s, op).before => Some(imo::CheckKind::BeforeCall),
                    _ => None,
                };
                if let Some(kind) = check {
                    s.threads[t as usize].frames[fi].at = At::Check(kind);
                    return;
                }
            }
            if op.starts_step() {
                return;
            }
            if matches!(*op, Op::Jump { to } if to <= f.pc) {
                if back_edges > 0 {
                    return;
                }
                back_edges += 1;
            }
            // Blocks set up or left, or a module name bound: a handler
            // could tell a check after this from one before it.
            if op.observable_by_handler() {
                just_checked = false;
            }
            resuming = false;
            // An evaluation's error is new (it gets a `__context__`); the
            // end of a `finally` or of unmatched `except` clauses re-raises.
            let evaluates = matches!(op, Op::SetReg { .. } | Op::JumpIf { .. });
            if let Err(e) = self.control(s, t, fi, op) {
                let e = if evaluates { with_context(s, t, e) } else { e };
                self.raise(s, t, e);
            }
        }
    }
}
