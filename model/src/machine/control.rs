//! The control between statements: where a thread goes next (jumps,
//! loops, blocks entered and left), how an exception unwinds its frames to a
//! handler, and a wait completed or interrupted.

use super::*;

impl PyModel {
    /// A blocked frame's wait is over: finish its instruction.
    pub(super) fn complete_wait(&self, s: &mut State, t: Tid) {
        let f = s.threads[t as usize].frames.last_mut().expect("frame");
        f.wait = None;
        let f = s.threads[t as usize].frames.last().expect("frame");
        let l = self.awaited_lock(s, f);
        match self.instr(f).op {
            Op::Acquire { dest, .. } => {
                let got = l.is_some_and(|l| self.try_take(s, t, l));
                self.store_and_advance(s, t, dest, Value::Bool(got));
            }
            Op::WithEnter { .. } => {
                if let Some(l) = l {
                    if self.try_take(s, t, l) {
                        self.enter_with(s, t, l);
                    }
                }
            }
            Op::RLock { ref state, dest, .. } => {
                // `_acquire_restore`: the lock taken, held as deep as saved.
                let count = state.as_ref().and_then(|e| self.eval(s, t, f, e).ok()).and_then(|v| crate::values::restore_count(&v, t, s));
                if let (Some(l), Some(count)) = (l, count) {
                    if self.try_take(s, t, l) {
                        s.locks[l as usize].count = count;
                    }
                }
                self.store_and_advance(s, t, dest, Value::None);
            }
            Op::SigWait { dest, ref timeout, .. } => {
                let set = self.sigwait_signals(s, t).unwrap_or(0);
                match self.take_held(s, t, set) {
                    Some(sig) => self.store_and_advance(s, t, Some(dest), crate::values::taken_signal(sig, timeout.is_some())),
                    // sigtimedwait's time is up.
                    None if timeout.is_some() => self.store_and_advance(s, t, Some(dest), Value::None),
                    None => self.advance(s, t),
                }
            }
            _ => self.advance(s, t),
        }
    }

    /// `with lock:` took the lock: the block is set up, except that 3.14
    /// first checks for signals outside it (gh-148874).
    pub(super) fn enter_with(&self, s: &mut State, t: Tid, l: LockId) {
        let outside = self.checks_for(t) && imo::with_entry_check(self.variant.version) == imo::WithEntry::Outside;
        let fr = s.threads[t as usize].frames.last_mut().expect("frame");
        if outside {
            fr.at = At::EnterWith(l);
        } else {
            fr.blocks.push(Block::With { lock: l });
            fr.pc += 1;
        }
    }

    pub(super) fn advance(&self, s: &mut State, t: Tid) {
        s.threads[t as usize].frames.last_mut().expect("frame").pc += 1;
    }

    pub(super) fn store_and_advance(&self, s: &mut State, t: Tid, dest: Option<VarRef>, v: Value) {
        if let Some(d) = dest {
            let f = s.threads[t as usize].frames.len() - 1;
            write(s, t, f, d, v);
        }
        self.advance(s, t);
    }

    /// The instruction thread `t`'s next step would execute, when that step
    /// runs one (it is not blocked and has no handler to run first): the one
    /// at its pc, or the first one after the check point it stands at and
    /// the control instructions that follow.
    pub fn next_instruction(&self, s: &State, t: Tid) -> Option<Instr> {
        self.next_step(s, t).map(|(instr, _)| instr)
    }

    /// As `next_instruction`, with the state the instruction would run in
    /// when the control before it changes it (`None`: `s` itself).
    pub(super) fn next_step(&self, s: &State, t: Tid) -> Option<(Instr, Option<State>)> {
        let f = s.threads[t as usize].frames.last()?;
        if f.wait.is_some() {
            return None;
        }
        if matches!(f.at, At::Go | At::MidPrint) && self.instr(f).op.starts_step() {
            return Some((self.instr(f).clone(), None));
        }
        let mut ahead = s.clone();
        let just_checked = self.pass_check(&mut ahead, t);
        self.resume_control(&mut ahead, t, just_checked);
        let f = ahead.threads[t as usize].frames.last()?;
        let runs = f.wait.is_none() && matches!(f.at, At::Go | At::MidPrint) && self.instr(f).op.starts_step();
        let instr = (runs && !(just_checked && self.window_before_wait(&ahead, t, f))).then(|| self.instr(f).clone())?;
        Some((instr, Some(ahead)))
    }

    /// Whether thread `t` still runs code after `run_control` (its first
    /// control instructions may have ended it).
    pub(super) fn can_run_statement(&self, s: &State, t: Tid) -> bool {
        let th = &s.threads[t as usize];
        matches!(th.life, Life::Running | Life::ShuttingDown { .. }) && !th.frames.is_empty()
    }

    pub(super) fn control(&self, s: &mut State, t: Tid, fi: usize, op: &Op) -> Flow<()> {
        let f = &s.threads[t as usize].frames[fi];
        let mut pc = f.pc + 1;
        match *op {
            Op::Nop => {}
            Op::SetReg { reg, ref value } => {
                let v = self.eval(s, t, f, value)?;
                write(s, t, fi, reg, v);
            }
            Op::Jump { to } => pc = to,
            Op::JumpIf { ref cond, when, to } => {
                if crate::values::truthy(&self.eval(s, t, f, cond)?, s) == when {
                    pc = to;
                }
            }
            Op::ForInit { counter } => write(s, t, fi, counter, Value::Int(0)),
            Op::ForNext { counter, var, exit, count } => {
                let c = match read(s, f, counter) {
                    Some(Value::Int(c)) => c,
                    _ => 0,
                };
                if c >= i64::from(count) {
                    pc = exit;
                } else {
                    write(s, t, fi, var, Value::Int(c));
                    write(s, t, fi, counter, Value::Int(c + 1));
                }
            }
            Op::ForNextItem { counter, ref items, var, exit } => {
                let c = match read(s, f, counter) {
                    Some(Value::Int(c)) => c as usize,
                    _ => 0,
                };
                match items.get(c) {
                    None => pc = exit,
                    Some(&item) => {
                        let value = read(s, f, item).unwrap_or(Value::None);
                        write(s, t, fi, var, value);
                        write(s, t, fi, counter, Value::Int(c as i64 + 1));
                    }
                }
            }
            Op::Unpack { value, ref targets } => {
                let v = read(s, f, value).unwrap_or(Value::None);
                let items = crate::values::unpack(&v, targets.len(), s, self.variant.version.is_314())?;
                for (target, item) in targets.iter().zip(items) {
                    write(s, t, fi, *target, item);
                }
            }
            Op::ForNextEach { counter, seq, var, exit } => {
                let c = match read(s, f, counter) {
                    Some(Value::Int(c)) => c as usize,
                    _ => 0,
                };
                let seq = read(s, f, seq).unwrap_or(Value::None);
                match crate::values::iter_next(&seq, c, s)? {
                    None => pc = exit,
                    Some(value) => {
                        write(s, t, fi, var, value);
                        write(s, t, fi, counter, Value::Int(c as i64 + 1));
                    }
                }
            }
            Op::ForNextIn { counter, bound, step, var, exit } => {
                let none = || Value::None;
                let step = step.map(|r| read(s, f, r).unwrap_or_else(none));
                let next = crate::values::range_next(
                    &read(s, f, counter).unwrap_or_else(none),
                    &read(s, f, bound).unwrap_or_else(none),
                    step.as_ref(),
                )?;
                match next {
                    None => pc = exit,
                    Some((value, following)) => {
                        write(s, t, fi, var, Value::Int(value));
                        write(s, t, fi, counter, Value::Int(following));
                    }
                }
            }
            Op::SetupExcept { handler } => self.frame_mut(s, t, fi).blocks.push(Block::Except { handler }),
            Op::SetupFinally { finally } => self.frame_mut(s, t, fi).blocks.push(Block::Finally { finally }),
            Op::PopBlock => {
                self.frame_mut(s, t, fi).blocks.pop();
            }
            Op::EnterFinally => {
                let fr = self.frame_mut(s, t, fi);
                fr.blocks.pop();
                fr.pending.push(Pending::Normal);
            }
            Op::ExceptMatch { ref types, name, next } => {
                let exc = f.unwinding.clone().expect("an except clause runs while unwinding");
                if types.is_empty() || types.iter().any(|ty| exc.class.is_subclass_of(ty)) {
                    let fr = self.frame_mut(s, t, fi);
                    fr.unwinding = None;
                    fr.blocks.push(Block::Handler);
                    fr.handling.push(exc.clone());
                    if let Some(n) = name {
                        write(s, t, fi, n, Value::Exc(Arc::new(exc)));
                    }
                } else {
                    pc = next;
                }
            }
            Op::ExceptEnd { name } => {
                let fr = self.frame_mut(s, t, fi);
                fr.blocks.pop();
                fr.handling.pop();
                if let Some(n) = name {
                    unbind(s, t, fi, n);
                }
            }
            Op::EndFinally => {
                let fr = self.frame_mut(s, t, fi);
                if let Some(Pending::Raise(e)) = fr.pending.pop() {
                    return Err(e);
                }
            }
            Op::Unwind => {
                let fr = self.frame_mut(s, t, fi);
                let e = fr.unwinding.take().expect("unwinding");
                return Err(e);
            }
            Op::Return => {
                self.frame_return(s, t, Ok(()), false);
                return Ok(());
            }
            _ => unreachable!("statement {op:?} in control"),
        }
        self.frame_mut(s, t, fi).pc = pc;
        Ok(())
    }

    pub(super) fn frame_mut<'s>(&self, s: &'s mut State, t: Tid, fi: usize) -> &'s mut Frame {
        &mut s.threads[t as usize].frames[fi]
    }

    /// Raises `exc` in thread `t` at its current instruction and unwinds.
    pub(super) fn raise(&self, s: &mut State, t: Tid, exc: Exc) {
        // Raised at the check right after the module's code (by
        // default_int_handler, or a handler whose frame has returned).
        let th = &s.threads[t as usize];
        let module_end = th.frames.len() == 1 && th.frames[0].at == At::Check(imo::CheckKind::ModuleEnd);
        loop {
            let th = &mut s.threads[t as usize];
            let Some(f) = th.frames.last_mut() else {
                // Raised in threading._shutdown itself (a Ctrl-C while it
                // joins): reported, and the process exits.
                if let Life::ShuttingDown { status } = th.life {
                    report(s, &exc, false);
                    self.shutdown_interrupted(s, status);
                }
                return;
            };
            // 3.8: raised at the check right after a join took the joined
            // thread's tstate lock, before `_wait_for_tstate_lock` released it.
            let after_join = f.at == At::Check(imo::CheckKind::AfterCall)
                && f.pc > 0
                && mek::join_exception_keeps_tstate_lock(self.variant.version);
            let joined = match self.code(f.code).instrs[f.pc.saturating_sub(1) as usize].op {
                Op::Join { thread, .. } if after_join => read(s, &s.threads[t as usize].frames[s.threads[t as usize].frames.len() - 1], thread),
                _ => None,
            };
            if let Some(x) = joined.and_then(|v| s.thread_in(&v)) {
                let joined = &mut s.threads[x as usize];
                if joined.life == Life::Done {
                    joined.join_stuck = true;
                }
            }
            let th = &mut s.threads[t as usize];
            let Some(f) = th.frames.last_mut() else { return };
            // A check point it stood at (or a `with` block it was about to
            // set up) is left behind.
            f.at = At::Go;
            f.handlers_running = false;
            if f.wait.take().is_some() {
                self.interrupted_wait(s, t);
            }
            // 3.8–3.10 check when the unwinding lands in a handler.
            let entry_check = (self.checks_for(t) && imo::checks_at_handler_entry(self.variant.version))
                .then_some(At::Check(imo::CheckKind::HandlerEntry))
                .unwrap_or_default();
            let th = &mut s.threads[t as usize];
            let f = th.frames.last_mut().expect("frame");
            match f.blocks.pop() {
                Some(Block::Except { handler }) => {
                    f.unwinding = Some(exc);
                    f.pc = handler;
                    f.at = entry_check;
                    return;
                }
                Some(Block::Finally { finally }) => {
                    f.pending.push(Pending::Raise(exc));
                    f.pc = finally;
                    f.at = entry_check;
                    return;
                }
                Some(Block::Handler) => {
                    f.handling.pop();
                }
                Some(Block::With { lock }) => {
                    // Leaving `with` releases the lock, also on the way out.
                    let _ = self.release(s, t, lock);
                }
                None => {
                    self.frame_return(s, t, Err(exc), module_end);
                    return;
                }
            }
        }
    }

    /// An exception ends thread `t`'s wait. CPython ≤ 3.12: an interrupted
    /// `Thread.join` marks the joined thread stopped though it still runs
    /// (gh-90882; fixed in 3.13's new join).
    pub(super) fn interrupted_wait(&self, s: &mut State, t: Tid) {
        if !mek::join_interruption_forgets_thread(self.variant.version) {
            return;
        }
        let f = s.threads[t as usize].frames.last().expect("frame");
        if let Op::Join { thread, .. } = self.instr(f).op {
            if let Some(x) = read(s, f, thread).and_then(|v| s.thread_in(&v)) {
                if s.threads[x as usize].life == Life::Running {
                    s.threads[x as usize].forgotten = true;
                }
            }
        }
    }

    // ---- statements ----------------------------------------------------------
}
