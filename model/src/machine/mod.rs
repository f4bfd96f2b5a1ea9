//! The stateright model: a compiled scenario executed with CPython's
//! semantics, for one variant.
//!
//! ```text
//! actions(s):  Step(t)  for each thread t that can take a step now
//!              CtrlC    while presses are left and the process runs
//!              Tick     only when no thread can step: time jumps to the
//!                       earliest deadline (maximal progress)
//! Step(t):     main at a check point with a signal due → run its handler;
//!              a finished wait → complete it (lock taken / timed out);
//!              otherwise → past the check point, the control up to the
//!              next statement, the statement; then its check point (a
//!              call's end: a state of its own), or the control after it.
//! ```
//! Statements are atomic; threads interleave between statements, and the
//! main thread also at its eval-breaker check points
//! (`interrupts_main_only::checks`), inside a `print` (two writes), and
//! between a check and a wait that begins after it. Paths are acyclic:
//! every step runs a statement, passes a check point, ends a wait,
//! consumes a press or a tripped signal, or advances the clock, and loops
//! are bounded.

mod checkpoints;

use crate::caveats::{self, acquire_interruptible as ai, interrupts_main_only as imo, locks, main_exit_kills_threads as mek, sys_exit_is_thread_exit as seit};
use crate::program::*;
use crate::scenario::{ExcType, Number, Sig};
use crate::state::*;
use crate::state::At;
use crate::text::Text;
use crate::variant::{Platform, Variant};
use ai::{Route, WaitKind};
use stateright::{Model, Property};
use std::sync::Arc;

/// A deliberately broken rule, for tests that show each property catches
/// the bug it guards against. `None` in every real use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutation {
    /// Run Python signal handlers in whichever thread steps next.
    HandlerInRunningThread,
    /// Let the main thread run a statement before a pending handler.
    SkipPendingCheck,
    /// An uncaught SystemExit in a thread exits the process.
    ThreadSystemExitEndsProcess,
    /// Windows lock waits are interrupted by Ctrl-C even before 3.14.
    WindowsAcquireInterruptible,
    /// POSIX lock waits are not interrupted by signals.
    PosixAcquireUninterruptible,
    /// Threads keep running after the exit in the `killed` variant.
    ThreadsRunAfterExit,
    /// `acquire` does not check whether the lock is held.
    AcquireIgnoresHolder,
    /// Any thread may release an RLock.
    RLockReleasedByAnyone,
}

/// The model of one scenario under one variant.
#[derive(Clone)]
pub struct PyModel {
    /// The compiled scenario.
    pub program: Arc<Program>,
    /// Platform, version and exit behaviour.
    pub variant: Variant,
    /// A deliberately broken rule (tests only).
    pub mutation: Option<Mutation>,
    /// Follow PyPy where it differs from CPython (`pythread conform` uses
    /// this to explain a PyPy run): an uncaught KeyboardInterrupt in the main
    /// thread exits at once, without joining non-daemon threads; a signal
    /// that arrives while it is already pending runs its handler once more;
    /// the signals still pending when a handler raises never run.
    pub pypy: bool,
    /// The interpreter imports `threading` at start-up whatever the script
    /// does (pyenv's 3.11.7 here: a `.pth` file does), so `_shutdown` runs.
    pub threading_preloaded: bool,
    /// Set by `check` while stateright searches: a flag that stops the
    /// search (`within_boundary`) and one that records reaching a state
    /// beyond what the model holds.
    pub watch: Option<Arc<Watch>>,
}

/// What `check` and a running stateright search tell each other.
#[derive(Debug, Default)]
pub struct Watch {
    /// Stop: no state is inside the boundary any more.
    pub halt: std::sync::atomic::AtomicBool,
    /// A state with `beyond_model` was reached.
    pub beyond: std::sync::atomic::AtomicBool,
}

/// A transition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Thread `thread` takes a step; a process signal it sends lands on
    /// thread `land` (only `posix` lets this differ from main).
    Step { thread: Tid, land: Tid },
    /// The user presses Ctrl-C; the SIGINT lands on thread `land`.
    CtrlC { land: Tid },
    /// Time advances to the earliest deadline.
    Tick,
    /// The process, past Python's finalization, exits.
    Exit,
}

/// What a blocked thread waits for (see `PyModel::waiting_for`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitFor {
    /// A lock to become available.
    Lock(LockId),
    /// A thread to end (`join`).
    Thread(Tid),
    /// Only its deadline (`time.sleep`).
    Sleep,
    /// Anything else.
    Other,
}

/// The result of evaluating an expression or running a statement.
type Flow<T> = Result<T, Exc>;

fn err(class: ExcType, msg: &str) -> Exc {
    Exc::with_msg(Class::Named(class), msg)
}

impl PyModel {
    pub fn new(program: Arc<Program>, variant: Variant) -> PyModel {
        PyModel { program, variant, mutation: None, pypy: false, threading_preloaded: false, watch: None }
    }

    /// The same model following PyPy where it differs from CPython.
    pub fn as_pypy(mut self) -> PyModel {
        self.pypy = true;
        self
    }

    /// The same model with one rule deliberately broken.
    pub fn mutated(mut self, mutation: Mutation) -> PyModel {
        self.mutation = Some(mutation);
        self
    }

    fn code(&self, id: CodeId) -> &Code {
        &self.program.codes[id as usize]
    }

    /// The instruction a frame is at.
    pub fn instr(&self, f: &Frame) -> &Instr {
        &self.code(f.code).instrs[f.pc as usize]
    }

    /// A frame of `code` whose first locals are `args` (its parameters).
    fn new_frame(&self, code: CodeId, args: &[Value]) -> Frame {
        let mut locals = vec![None; self.code(code).locals.len()];
        locals.iter_mut().zip(args).for_each(|(slot, v)| *slot = Some(v.clone()));
        Frame {
            code,
            pc: 0,
            locals,
            blocks: Vec::new(),
            handling: Vec::new(),
            pending: Vec::new(),
            unwinding: None,
            wait: None,
            at: At::Go,
            handlers_running: false,
            call_dest: None,
        }
    }

    /// The signal number a handler's `signum` receives.
    fn signum(&self, sig: Sig) -> i64 {
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
    fn sig_exists(&self, sig: Sig) -> bool {
        self.variant.platform != Platform::Windows || matches!(sig, Sig::SIGINT | Sig::SIGTERM)
    }

    fn no_attribute(&self, name: &str) -> Exc {
        err(ExcType::AttributeError, &format!("module 'signal' has no attribute '{name}'"))
    }

    // ---- enabling conditions ---------------------------------------------

    /// What the thread's top frame is waiting for, if it is blocked.
    fn wait_kind(&self, f: &Frame) -> WaitKind {
        match self.instr(f).op {
            Op::Sleep { .. } | Op::SleepFor { .. } => WaitKind::Sleep,
            Op::Join { .. } => WaitKind::Join,
            _ => WaitKind::Acquire,
        }
    }

    /// Whether a blocked frame's wait is over (lock free, thread done,
    /// deadline reached).
    fn wait_over(&self, s: &State, t: Tid, f: &Frame, w: Wait) -> bool {
        if w.deadline == Some(0) {
            return true;
        }
        match &self.instr(f).op {
            Op::Acquire { .. } | Op::WithEnter { .. } => {
                self.awaited_lock(s, f).is_none_or(|l| locks::available(self, &s.locks[l as usize], t))
            }
            Op::Join { thread, .. } => match read(s, f, *thread) {
                Some(Value::Thread(x)) => !s.threads[x as usize].looks_alive(),
                _ => true,
            },
            _ => false,
        }
    }

    /// The lock a frame at `lock.acquire()` or `with lock:` takes: a wait
    /// does not record it, so it is the one the variable names now.
    fn awaited_lock(&self, s: &State, f: &Frame) -> Option<LockId> {
        match self.instr(f).op {
            Op::Acquire { lock, .. } | Op::WithEnter { lock } => match read(s, f, lock) {
                Some(Value::Lock(l)) => Some(l),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the main thread's shutdown can finish: no non-daemon
    /// `threading.Thread` still runs.
    fn shutdown_ready(&self, s: &State) -> bool {
        s.shutdown_interrupted
            || s.threads.iter().skip(1).all(|th| th.daemon || !th.looks_alive())
    }

    /// Whether thread `t` can take a step now.
    pub fn can_step(&self, s: &State, t: Tid) -> bool {
        if s.beyond_model {
            return false;
        }
        let th = &s.threads[t as usize];
        match s.phase {
            Phase::Running => {}
            // Only the process exit or a press is left.
            Phase::SignalsOff { .. } => return false,
            Phase::Exited { .. } => {
                if th.life != Life::Running {
                    return false;
                }
            }
        }
        let pending = t == MAIN && imo::next_tripped(s).is_some();
        match th.life {
            Life::Running | Life::ShuttingDown { .. } if !th.frames.is_empty() => {
                let f = th.frames.last().expect("non-empty");
                match f.wait {
                    None => true,
                    Some(_) if th.woken && pending => true,
                    Some(w) => self.wait_over(s, t, f, w),
                }
            }
            // threading._shutdown: joins the non-daemon threads one by one.
            Life::ShuttingDown { .. } => {
                self.handler_due(s, t).is_some()
                    || self.shutdown_ready(s)
                    || s.shutdown_target.is_none_or(|x| !s.threads[x as usize].looks_alive())
            }
            _ => false,
        }
    }

    /// The earliest deadline of a blocked thread, if any.
    fn next_deadline(&self, s: &State) -> Option<Millis> {
        s.threads
            .iter()
            .filter(|th| matches!(th.life, Life::Running | Life::ShuttingDown { .. }))
            .filter_map(|th| th.frames.last().and_then(|f| f.wait).and_then(|w| w.deadline))
            .filter(|d| *d > 0)
            .min()
    }

    /// Threads a process-directed signal may land on, one per distinct
    /// effect: the main thread, and on POSIX the first other thread that
    /// runs. Which other thread it lands on changes nothing but the route
    /// (the flag is tripped all the same), so the others would only make the
    /// same successor again.
    fn landing_threads(&self, s: &State) -> impl Iterator<Item = Tid> {
        let runs = |i: usize| matches!(s.threads[i].life, Life::Running | Life::ShuttingDown { .. });
        let posix = self.variant.platform == Platform::Posix;
        let main = (!posix || runs(MAIN as usize)).then_some(MAIN);
        let other = if posix { (1..s.threads.len()).find(|&i| runs(i)) } else { None };
        main.into_iter().chain(other.map(|i| i as Tid))
    }

    // ---- effects -----------------------------------------------------------

    fn step(&self, s: &mut State, t: Tid, land: Tid) {
        if let Phase::Exited { .. } = s.phase {
            s.event = Event::StepAfterExit { thread: t };
        }
        // Caveat 1: the thread that runs handlers (the main thread) handles
        // a tripped signal at its next eval-breaker check point, or at once
        // when its blocking call was interrupted.
        if let Some((sig, at)) = self.handler_due(s, t) {
            self.run_handler(s, t, sig, at);
            return;
        }
        let th = &mut s.threads[t as usize];
        th.woken = false;
        if let Life::ShuttingDown { status } = th.life {
            if th.frames.is_empty() {
                if self.shutdown_ready(s) {
                    self.finalize(s, status);
                } else if s.shutdown_target.is_some() {
                    // The join of the thread it waited for returned.
                    s.shutdown_target = None;
                } else {
                    // _shutdown joins the threads in the order of a set:
                    // any order. `land` names the next one.
                    s.shutdown_target = Some(land);
                    s.shutdown_joining = true;
                }
                return;
            }
        }
        // Past the check point it stands at (nothing was due there).
        let just_checked = self.pass_check(s, t);
        // A thread just started is still before its first statement.
        self.resume_control(s, t, just_checked);
        if !self.can_run_statement(s, t) {
            return;
        }
        let f = s.threads[t as usize].frames.last().expect("a running thread has a frame");
        if matches!(f.at, At::Check(_) | At::EnterWith(_)) {
            // The control after the check led to another one.
            return;
        }
        if let Some(w) = f.wait {
            if self.wait_over(s, t, f, w) {
                self.complete_wait(s, t);
                self.after_statement(s, t, true);
            }
            return;
        }
        if just_checked && self.window_before_wait(s, t, f) {
            // The check is passed and the wait not yet begun: a signal that
            // arrives now does not interrupt the wait (eval-breaker.md §5).
            return;
        }
        // A bare `raise` re-raises the handled exception as it is;
        // anything else raised now is new and gets its `__context__`.
        let op = &self.instr(f).op;
        let reraise = matches!(op, Op::Reraise);
        let main_woken = s.threads[MAIN as usize].woken;
        let r = if op.is_statement() {
            self.exec(s, t, land)
        } else {
            // A test that reads shared state, in a step of its own.
            let fi = s.threads[t as usize].frames.len() - 1;
            self.control(s, t, fi, op)
        };
        match r {
            // Another thread's signal woke the main thread: the main thread
            // may handle it before this thread goes on (its next control
            // ends the thread, say, and so the main thread's join).
            Ok(()) if t != MAIN && !main_woken && s.threads[MAIN as usize].woken => {}
            Ok(()) => self.after_statement(s, t, op.is_statement()),
            Err(e) => {
                let e = if reraise { e } else { with_context(s, t, e) };
                self.raise(s, t, e);
                self.run_control(s, t, false);
            }
        }
    }

    /// A blocked frame's wait is over: finish its instruction.
    fn complete_wait(&self, s: &mut State, t: Tid) {
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
            _ => self.advance(s, t),
        }
    }

    /// `with lock:` took the lock: the block is set up, except that 3.14
    /// first checks for signals outside it (gh-148874).
    fn enter_with(&self, s: &mut State, t: Tid, l: LockId) {
        let outside = self.checks_for(t) && imo::with_entry_check(self.variant.version) == imo::WithEntry::Outside;
        let fr = s.threads[t as usize].frames.last_mut().expect("frame");
        if outside {
            fr.at = At::EnterWith(l);
        } else {
            fr.blocks.push(Block::With { lock: l });
            fr.pc += 1;
        }
    }

    fn advance(&self, s: &mut State, t: Tid) {
        s.threads[t as usize].frames.last_mut().expect("frame").pc += 1;
    }

    fn store_and_advance(&self, s: &mut State, t: Tid, dest: Option<VarRef>, v: Value) {
        if let Some(d) = dest {
            let f = s.threads[t as usize].frames.len() - 1;
            write(s, t, f, d, v);
        }
        self.advance(s, t);
    }

    /// Takes the lock if `t` can; returns whether it did.
    fn try_take(&self, s: &mut State, t: Tid, l: LockId) -> bool {
        let lk = &s.locks[l as usize];
        if !locks::available(self, lk, t) {
            return false;
        }
        let lk = &mut s.locks[l as usize];
        lk.owner = Some(t);
        lk.count += 1;
        s.threads[t as usize].holds |= 1 << l;
        true
    }

    /// Whether thread `t`'s next step runs `os.kill` (after the check point
    /// and the control instructions it may still have before it).
    fn next_statement_is_kill(&self, s: &State, t: Tid) -> bool {
        if !self.program.kills {
            // Saves looking ahead (a copy of the state).
            return false;
        }
        self.next_instruction(s, t).is_some_and(|i| matches!(i.op, Op::Kill { .. }))
    }

    /// The instruction thread `t`'s next step would execute, when that step
    /// runs one (it is not blocked and has no handler to run first): the one
    /// at its pc, or the first one after the check point it stands at and
    /// the control instructions that follow.
    pub fn next_instruction(&self, s: &State, t: Tid) -> Option<Instr> {
        let f = s.threads[t as usize].frames.last()?;
        if f.wait.is_some() {
            return None;
        }
        if matches!(f.at, At::Go | At::MidPrint) && self.instr(f).op.starts_step() {
            return Some(self.instr(f).clone());
        }
        let mut ahead = s.clone();
        let just_checked = self.pass_check(&mut ahead, t);
        self.resume_control(&mut ahead, t, just_checked);
        let f = ahead.threads[t as usize].frames.last()?;
        let runs = f.wait.is_none() && matches!(f.at, At::Go | At::MidPrint) && self.instr(f).op.starts_step();
        (runs && !(just_checked && self.window_before_wait(&ahead, t, f))).then(|| self.instr(f).clone())
    }

    /// Whether thread `t` still runs code after `run_control` (its first
    /// control instructions may have ended it).
    fn can_run_statement(&self, s: &State, t: Tid) -> bool {
        let th = &s.threads[t as usize];
        matches!(th.life, Life::Running | Life::ShuttingDown { .. }) && !th.frames.is_empty()
    }

    fn control(&self, s: &mut State, t: Tid, fi: usize, op: &Op) -> Flow<()> {
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
                if self.eval(s, t, f, cond)?.truthy() == when {
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

    fn frame_mut<'s>(&self, s: &'s mut State, t: Tid, fi: usize) -> &'s mut Frame {
        &mut s.threads[t as usize].frames[fi]
    }

    /// The top frame ends, normally or with an uncaught exception.
    /// `module_end`: raised by the check right after the module's code.
    fn frame_return(&self, s: &mut State, t: Tid, result: Result<(), Exc>, module_end: bool) {
        let th = &mut s.threads[t as usize];
        let done = th.frames.pop().expect("a frame returns");
        if let Some(dest) = done.call_dest {
            // A direct call returns into its caller, which stands at the
            // `Call`: its value is stored and the caller goes on, or its
            // exception is raised there.
            match result {
                Ok(()) => {
                    let value = self.code(done.code).ret.and_then(|r| done.locals[r as usize].clone()).unwrap_or(Value::None);
                    self.store_and_advance(s, t, dest, value);
                }
                Err(e) => self.raise(s, t, e),
            }
            return;
        }
        let th = &mut s.threads[t as usize];
        if !th.frames.is_empty() {
            // A signal handler returned into the code it interrupted: that
            // code goes on (a wait in progress resumes, PEP 475), or the
            // handler's exception is raised where the code was.
            if let Err(e) = result {
                // CPython's loop stops and sets `is_tripped` again: the
                // signals it did not get to run at the next check. PyPy
                // never runs them (observed, specs/cpython-findings.md).
                if self.pypy {
                    s.tripped = 0;
                } else if s.tripped != 0 {
                    s.check_due = true;
                }
                self.raise(s, t, e);
            }
            return;
        }
        match th.life {
            Life::ShuttingDown { status } => {
                // A handler run during threading._shutdown raised: reported,
                // then the shutdown stops waiting.
                if let Err(e) = result {
                    report(s, &e, false);
                    self.shutdown_interrupted(s, status);
                }
            }
            _ => self.thread_ends(s, t, result, module_end),
        }
    }

    /// Caveats 2 and 4: a thread's code ended.
    fn thread_ends(&self, s: &mut State, t: Tid, result: Result<(), Exc>, module_end: bool) {
        if t == MAIN {
            let status = match &result {
                Ok(()) => 0,
                Err(e) if e.class.is(ExcType::SystemExit) => exit_code(s, e, self.variant),
                Err(e) if e.class.is(ExcType::KeyboardInterrupt) => {
                    report(s, e, true);
                    let ctrl_c = if self.variant.platform == Platform::Windows { STATUS_CONTROL_C_EXIT } else { 130 };
                    let status = match imo::module_end_interrupt_status(self.variant.version) {
                        Some(status) if module_end => status,
                        _ => ctrl_c,
                    };
                    if self.pypy {
                        // PyPy: no join of the non-daemon threads.
                        s.threads[MAIN as usize].life = Life::ShuttingDown { status };
                        self.finalize(s, status);
                        return;
                    }
                    status
                }
                Err(e) => {
                    report(s, e, true);
                    1
                }
            };
            s.threads[MAIN as usize].life = Life::ShuttingDown { status };
            return;
        }
        s.threads[t as usize].life = Life::Done;
        if let Err(e) = result {
            if e.class.is(ExcType::SystemExit) {
                let code = exit_code(s, &e, self.variant);
                if seit::systemexit_ends_process(self) {
                    self.exit_process(s, code);
                }
                s.event = Event::ThreadSystemExit { thread: t, code };
            } else {
                let chain = matches!(s.threads[t as usize].origin, Origin::Threading { .. });
                report(s, &e, chain);
            }
        }
    }

    /// An exception ended `threading._shutdown`'s wait: the process exits,
    /// but signals still pending are handled first (CPython runs Python code
    /// on its way out, and the eval breaker with it).
    fn shutdown_interrupted(&self, s: &mut State, status: i64) {
        s.shutdown_interrupted = true;
        if imo::next_tripped(s).is_none() {
            self.finalize(s, status);
        }
    }

    /// Caveat 4: the main thread's shutdown is over; the process exits.
    fn finalize(&self, s: &mut State, status: i64) {
        s.threads[MAIN as usize].life = Life::Done;
        s.threads[MAIN as usize].frames.clear();
        s.phase = if imo::press_after_finalization_kills(self, s, status) {
            Phase::SignalsOff { status }
        } else {
            Phase::Exited { status }
        };
        if mek::kills_at_exit(self) {
            let mut count = 0;
            // The main thread is Done by now.
            s.threads.update(
                |th| th.life == Life::Running,
                |th| {
                    th.life = Life::Killed;
                    count += 1;
                },
            );
            if count > 0 {
                s.event = Event::ThreadsKilled { count };
            }
        }
    }

    /// The process ends at once (os._exit, a fatal signal): every thread stops.
    fn exit_process(&self, s: &mut State, status: i64) {
        // After the exit (`survive`), the status the shell saw stays.
        if s.phase == Phase::Running {
            s.phase = Phase::Exited { status };
        }
        s.threads.update(|th| matches!(th.life, Life::Running | Life::ShuttingDown { .. }), |th| th.life = Life::Killed);
    }

    /// Raises `exc` in thread `t` at its current instruction and unwinds.
    fn raise(&self, s: &mut State, t: Tid, exc: Exc) {
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
            if let Some(Value::Thread(x)) = joined {
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
    fn interrupted_wait(&self, s: &mut State, t: Tid) {
        if !mek::join_interruption_forgets_thread(self.variant.version) {
            return;
        }
        let f = s.threads[t as usize].frames.last().expect("frame");
        if let Op::Join { thread, .. } = self.instr(f).op {
            if let Some(Value::Thread(x)) = read(s, f, thread) {
                if s.threads[x as usize].life == Life::Running {
                    s.threads[x as usize].forgotten = true;
                }
            }
        }
    }

    // ---- statements ----------------------------------------------------------

    fn exec(&self, s: &mut State, t: Tid, land: Tid) -> Flow<()> {
        let fi = s.threads[t as usize].frames.len() - 1;
        // The instruction is the program's, not the state's: nothing is
        // copied to run it, and the frame is read where it is.
        let op = &self.instr(&s.threads[t as usize].frames[fi]).op;
        match *op {
            Op::Assign { var, ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                write(s, t, fi, var, v);
            }
            Op::NewLock { .. } if s.locks.len() >= MAX_LOCKS => s.beyond_model = true,
            Op::NewThread { .. } | Op::StartNewThread { .. } if s.threads.len() >= MAX_THREADS => s.beyond_model = true,
            Op::NewLock { var, reentrant } => {
                s.locks.push(Lock { reentrant, owner: None, count: 0 });
                write(s, t, fi, var, Value::Lock((s.locks.len() - 1) as LockId));
            }
            Op::Call { .. } if s.threads[t as usize].frames.len() >= MAX_FRAMES => s.beyond_model = true,
            Op::Call { func, ref args, dest } => {
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                let mut callee = self.new_frame(func, &values);
                callee.call_dest = Some(dest);
                s.threads[t as usize].frames.push(callee);
                return Ok(());
            }
            Op::NewThread { var, func, daemon, ref args } => {
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                s.thread_counter += 1;
                let daemon = daemon.unwrap_or(s.threads[t as usize].daemon);
                s.threads.push(Thread {
                    life: Life::NotStarted,
                    func,
                    frames: Vec::new(),
                    daemon,
                    origin: Origin::Threading { number: s.thread_counter },
                    woken: false,
                    forgotten: false,
                    join_stuck: false,
                    holds: 0,
                    args: values,
                });
                write(s, t, fi, var, Value::Thread((s.threads.len() - 1) as Tid));
            }
            Op::Acquire { lock, blocking, timeout, dest, .. } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                let wait = self.acquire_args(blocking, timeout)?;
                if self.try_take(s, t, l) {
                    self.store_and_advance(s, t, dest, Value::Bool(true));
                    return Ok(());
                }
                match wait {
                    None => self.store_and_advance(s, t, dest, Value::Bool(false)),
                    Some(deadline) => self.block(s, t, deadline, l),
                }
                return Ok(());
            }
            Op::WithEnter { lock } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                if self.try_take(s, t, l) {
                    self.enter_with(s, t, l);
                } else {
                    self.block(s, t, None, l);
                }
                return Ok(());
            }
            Op::WithExit => {
                if let Some(Block::With { lock }) = self.frame_mut(s, t, fi).blocks.pop() {
                    // Advance first: an error from the release is raised
                    // after the with statement.
                    self.advance(s, t);
                    return self.release(s, t, lock);
                }
            }
            Op::Release { lock } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                self.advance(s, t);
                return self.release(s, t, l);
            }
            Op::StartNewThread { func } => {
                s.thread_counter += 1;
                let frame = self.new_frame(func, &[]);
                s.threads.push(Thread {
                    life: Life::Running,
                    func,
                    frames: vec![frame],
                    daemon: true,
                    origin: Origin::Raw { number: s.thread_counter },
                    woken: false,
                    forgotten: false,
                    join_stuck: false,
                    holds: 0,
                    args: Vec::new(),
                });
                // The new thread's first instructions run in its own first
                // step, not in this one: its code may fail or read shared
                // names, and the starter goes on meanwhile.
                self.advance(s, t);
                return Ok(());
            }
            Op::Start { thread } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if s.threads[x as usize].life != Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "threads can only be started once"));
                }
                if mek::start_refused_at_shutdown(self.variant.version) && matches!(s.threads[MAIN as usize].life, Life::ShuttingDown { .. }) {
                    return Err(err(ExcType::RuntimeError, "can't create new thread at interpreter shutdown"));
                }
                let th = &s.threads[x as usize];
                let frame = self.new_frame(th.func, &th.args);
                let th = &mut s.threads[x as usize];
                th.life = Life::Running;
                th.frames.push(frame);
                self.advance(s, t);
                return Ok(());
            }
            Op::SetDaemon { thread, daemon } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if s.threads[x as usize].life != Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "cannot set daemon status of active thread"));
                }
                s.threads[x as usize].daemon = daemon;
            }
            Op::Join { thread, timeout } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if x == t {
                    return Err(err(ExcType::RuntimeError, "cannot join current thread"));
                }
                if s.threads[x as usize].life == Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "cannot join thread before it is started"));
                }
                // join(timeout) waits with lock.acquire(True, max(timeout, 0)).
                if let Some(n) = timeout {
                    seconds_in_range(n.as_f64().max(0.0))?;
                }
                let done = !s.threads[x as usize].looks_alive();
                let deadline = match timeout {
                    None => None,
                    Some(n) => Some(n.to_millis().unwrap_or(0).max(0) as Millis),
                };
                if done || deadline == Some(0) {
                    self.advance(s, t);
                } else {
                    self.block(s, t, deadline, u8::MAX);
                }
                return Ok(());
            }
            Op::Sleep { .. } | Op::SleepFor { .. } => {
                let seconds = match op {
                    Op::SleepFor { seconds } => crate::values::seconds(&self.eval(s, t, frame(s, t, fi), seconds)?)?,
                    Op::Sleep { seconds } => *seconds,
                    _ => unreachable!("a sleep"),
                };
                seconds_in_range(seconds.as_f64())?;
                let ms = seconds.to_millis().unwrap_or(i64::MAX);
                if ms < 0 {
                    return Err(err(ExcType::ValueError, "sleep length must be non-negative"));
                }
                if ms == 0 {
                    self.advance(s, t);
                } else {
                    self.block(s, t, Some(ms as Millis), u8::MAX);
                }
                return Ok(());
            }
            Op::SetHandler { sig, handler } => {
                if !self.sig_exists(sig) {
                    return Err(self.no_attribute(sig.name()));
                }
                if t != MAIN {
                    return Err(err(ExcType::ValueError, imo::signal_outside_main_message(self.variant.version)));
                }
                s.handlers[sig as usize] = match handler {
                    HandlerRef::Function(c) => HandlerState::Function(c),
                    HandlerRef::Ignore => HandlerState::Ignore,
                    HandlerRef::Default => HandlerState::Default,
                    HandlerRef::DefaultInt => HandlerState::DefaultInt,
                };
            }
            Op::Kill { sig } => {
                if !self.sig_exists(sig) {
                    return Err(self.no_attribute(sig.name()));
                }
                self.advance(s, t);
                if self.variant.platform == Platform::Windows {
                    // os.kill with a signal that is not a CTRL_*_EVENT calls
                    // TerminateProcess with the signal as exit code.
                    self.exit_process(s, self.signum(sig));
                } else {
                    let route = if land == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
                    self.deliver(s, sig, route, true);
                }
                return Ok(());
            }
            Op::PthreadKill { target, sig } => {
                if self.variant.platform == Platform::Windows {
                    return Err(self.no_attribute("pthread_kill"));
                }
                let x = match target {
                    KillTarget::Main => MAIN,
                    KillTarget::Thread(v) => {
                        let x = self.thread_of(s, frame(s, t, fi), v)?;
                        if s.threads[x as usize].life == Life::NotStarted {
                            return Err(Exc::with_msg(Class::Named(ExcType::TypeError), "'NoneType' object cannot be interpreted as an integer"));
                        }
                        x
                    }
                };
                self.advance(s, t);
                // A thread that has ended no longer receives signals.
                if matches!(s.threads[x as usize].life, Life::Running | Life::ShuttingDown { .. }) {
                    let route = if x == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
                    self.deliver(s, sig, route, true);
                }
                return Ok(());
            }
            Op::RaiseSignal { sig } => {
                if !self.sig_exists(sig) {
                    return Err(self.no_attribute(sig.name()));
                }
                self.advance(s, t);
                let route = match self.variant.platform {
                    Platform::Windows if sig == Sig::SIGINT => Route::SigintEvent,
                    Platform::Windows => Route::FlagOnly,
                    _ if t == MAIN => Route::OnMainThread,
                    _ => Route::OnOtherThread,
                };
                self.deliver(s, sig, route, true);
                return Ok(());
            }
            Op::InterruptMain { sig } => {
                if let Some(named) = sig.filter(|s| !self.sig_exists(*s)) {
                    return Err(self.no_attribute(named.name()));
                }
                if sig.is_some() && self.variant.version.minor < 10 {
                    // The `signum` parameter came in 3.10.
                    return Err(Exc::with_msg(Class::Named(ExcType::TypeError), "interrupt_main() takes no arguments (1 given)"));
                }
                let sig = sig.unwrap_or(Sig::SIGINT);
                self.advance(s, t);
                self.deliver(s, sig, Route::FlagOnly, false);
                return Ok(());
            }
            Op::SysExit { ref code } => {
                let arg = match code {
                    Some(c) => Some(self.eval(s, t, frame(s, t, fi), c)?),
                    None => None,
                };
                return Err(Exc { class: Class::Named(ExcType::SystemExit), arg, context: None });
            }
            Op::ThreadExit => return Err(Exc::new(ExcType::SystemExit)),
            Op::OsExit { code } => {
                let status = if self.variant.platform == Platform::Windows { code } else { code & 0xff };
                self.exit_process(s, status);
                return Ok(());
            }
            Op::Raise { ref exc, ref arg } => {
                let arg = match arg {
                    Some(a) => Some(self.eval(s, t, frame(s, t, fi), a)?),
                    None => None,
                };
                return Err(Exc { class: Class::Named(exc.clone()), arg, context: None });
            }
            Op::Reraise => {
                return Err(match frame(s, t, fi).handling.last() {
                    Some(e) => e.clone(),
                    None => err(ExcType::RuntimeError, "No active exception to reraise"),
                });
            }
            Op::Assert { ref test, ref msg } => {
                if !self.eval(s, t, frame(s, t, fi), test)?.truthy() {
                    let arg = match msg {
                        Some(m) => Some(self.eval(s, t, frame(s, t, fi), m)?),
                        None => None,
                    };
                    return Err(Exc { class: Class::Named(ExcType::AssertionError), arg, context: None });
                }
            }
            Op::Print { ref args, .. } => {
                if frame(s, t, fi).at == At::MidPrint {
                    // The second write: the newline.
                    write_stdout(s, "\n");
                    self.frame_mut(s, t, fi).at = At::Go;
                } else {
                    let mut parts = Vec::new();
                    for a in args {
                        parts.push(py_str(&self.eval(s, t, frame(s, t, fi), a)?));
                    }
                    let text = parts.join(" ");
                    write_stdout(s, &text);
                    // With another thread able to run now, its output can
                    // come between the two writes (each releases the GIL).
                    // A thread that cannot step now cannot before the
                    // second write: time does not pass while this one can
                    // step, and a signal wakes only the main thread.
                    // The main thread checks for signals between them too.
                    let check = self.checks_for(t) && (s.presses_left > 0 || self.program.sends_signals);
                    if check || (0..s.threads.len() as Tid).any(|i| i != t && s.threads[i as usize].life == Life::Running && self.can_step(s, i)) {
                        self.frame_mut(s, t, fi).at = At::MidPrint;
                        return Ok(());
                    }
                    write_stdout(s, "\n");
                }
            }
            ref other => unreachable!("control instruction {other:?} executed as a statement"),
        }
        self.advance(s, t);
        Ok(())
    }

    /// Blocks thread `t` at its current instruction until `deadline`
    /// (milliseconds from now: deadlines are kept relative, see `Tick`).
    fn block(&self, s: &mut State, t: Tid, deadline: Option<Millis>, lock: LockId) {
        s.threads[t as usize].frames.last_mut().expect("frame").wait = Some(Wait { deadline });
        // A signal already tripped does not end the wait (no EINTR comes),
        // except where the wait looks first (acquire_interruptible).
        if imo::handler_thread(self, t) == t && imo::next_tripped(s).is_some() {
            let f = s.threads[t as usize].frames.last().expect("frame");
            if ai::sees_pending_at_entry(self.variant, self.wait_kind(f), s.is_tripped(Sig::SIGINT)) {
                s.threads[t as usize].woken = true;
            }
        }
        if lock != u8::MAX {
            s.event = Event::Contended { thread: t };
        }
    }

    /// `acquire`'s argument checks (SEMANTICS.md §3): `Ok(None)` for a
    /// non-blocking try, `Ok(Some(timeout))` for a wait (`None` = forever).
    fn acquire_args(&self, blocking: Option<bool>, timeout: Option<Number>) -> Flow<Option<Option<Millis>>> {
        let blocking = blocking.unwrap_or(true);
        let t = timeout.map(Number::as_f64).unwrap_or(-1.0);
        // The timeout is converted first (`_PyTime_FromSecondsObject`).
        seconds_in_range(t)?;
        if !blocking && t != -1.0 {
            return Err(err(ExcType::ValueError, "can't specify a timeout for a non-blocking call"));
        }
        if t < 0.0 && t != -1.0 {
            let msg = if self.variant.version.minor >= 13 {
                "timeout value must be a non-negative number"
            } else {
                "timeout value must be positive"
            };
            return Err(err(ExcType::ValueError, msg));
        }
        // PY_TIMEOUT_MAX on Windows is 0xFFFFFFFE ms; elsewhere it is beyond
        // what the conversion above lets through.
        if self.variant.platform == Platform::Windows && t * 1e6 >= 4_294_967_294_000.0 {
            return Err(err(ExcType::OverflowError, "timeout value is too large"));
        }
        if !blocking || t == 0.0 {
            return Ok(None);
        }
        if t == -1.0 {
            return Ok(Some(None));
        }
        let ms = (t * 1000.0).round().max(1.0) as Millis;
        Ok(Some(Some(ms)))
    }

    /// Releases lock `l` held (or not) by thread `t`.
    fn release(&self, s: &mut State, t: Tid, l: LockId) -> Flow<()> {
        let lk = &s.locks[l as usize];
        if lk.reentrant {
            let owner = lk.owner;
            if !locks::may_release_rlock(self, lk, t) {
                return Err(err(ExcType::RuntimeError, "cannot release un-acquired lock"));
            }
            let lk = &mut s.locks[l as usize];
            lk.count -= 1;
            if lk.count == 0 {
                lk.owner = None;
                s.threads.update(|th| th.holds & (1 << l) != 0, |th| th.holds &= !(1 << l));
            }
            s.event = Event::RLockReleased { by: t, owner };
        } else {
            if lk.count == 0 {
                return Err(err(ExcType::RuntimeError, "release unlocked lock"));
            }
            let lk = &mut s.locks[l as usize];
            lk.count -= 1;
            if lk.count == 0 {
                lk.owner = None;
                s.threads.update(|th| th.holds & (1 << l) != 0, |th| th.holds &= !(1 << l));
            }
        }
        Ok(())
    }

    /// Caveat 1: a signal with the given route reaches the process.
    /// `os_signal` is false for `interrupt_main`, which only trips the flag
    /// and never runs the OS default action.
    fn deliver(&self, s: &mut State, sig: Sig, route: Route, os_signal: bool) {
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

    /// Caveat 3: whether the signal ends the main thread's blocking call.
    fn maybe_wake_main(&self, s: &mut State, route: Route) {
        let main = &s.threads[MAIN as usize];
        let wait = match (main.life, main.frames.last()) {
            (Life::Running | Life::ShuttingDown { .. }, Some(f)) if f.wait.is_some() => Some(self.wait_kind(f)),
            (Life::ShuttingDown { .. }, None) => Some(WaitKind::Shutdown),
            _ => None,
        };
        let Some(kind) = wait else { return };
        let woke = ai::wakes(self, kind, route);
        if kind == WaitKind::Acquire {
            let reaches_main = matches!(route, Route::OnMainThread | Route::SigintEvent);
            s.event = Event::SignalWhileMainAcquires { woke, reaches_main };
        }
        if woke {
            s.threads[MAIN as usize].woken = true;
        }
    }

    // ---- values ------------------------------------------------------------

    fn lock_of(&self, s: &State, f: &Frame, v: VarRef) -> Flow<LockId> {
        match self.load(s, f, v)? {
            Value::Lock(l) => Ok(l),
            _ => Err(err(ExcType::AttributeError, "object has no attribute 'acquire'")),
        }
    }

    fn thread_of(&self, s: &State, f: &Frame, v: VarRef) -> Flow<Tid> {
        match self.load(s, f, v)? {
            Value::Thread(x) => Ok(x),
            _ => Err(err(ExcType::AttributeError, "object has no attribute 'start'")),
        }
    }

    fn load(&self, s: &State, f: &Frame, v: VarRef) -> Flow<Value> {
        match read(s, f, v) {
            Some(x) => Ok(x),
            None => Err(match v {
                VarRef::Global(g) => Exc::with_msg(
                    Class::Named(ExcType::NameError),
                    &format!("name '{}' is not defined", self.program.globals[g as usize]),
                ),
                VarRef::Local(l) => Exc::with_msg(
                    Class::Named(ExcType::UnboundLocalError),
                    &format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        self.code(f.code).locals[l as usize]
                    ),
                ),
            }),
        }
    }

    /// The values of a call's arguments, left to right.
    fn eval_all(&self, s: &State, t: Tid, f: &Frame, args: &[PExpr]) -> Flow<Vec<Value>> {
        args.iter().map(|a| self.eval(s, t, f, a)).collect()
    }

    fn eval(&self, s: &State, t: Tid, f: &Frame, e: &PExpr) -> Flow<Value> {
        Ok(match e {
            PExpr::Lit(l) => Value::from_literal(l),
            PExpr::Var(v) => self.load(s, f, *v)?,
            PExpr::Not(o) => Value::Bool(!self.eval(s, t, f, o)?.truthy()),
            PExpr::And(os) | PExpr::Or(os) => {
                let is_and = matches!(e, PExpr::And(_));
                let mut last = Value::None;
                for o in os {
                    last = self.eval(s, t, f, o)?;
                    if last.truthy() != is_and {
                        break;
                    }
                }
                last
            }
            PExpr::Cmp(op, l, r) => {
                let (a, b) = (self.eval(s, t, f, l)?, self.eval(s, t, f, r)?);
                Value::Bool(crate::values::compare(*op, &a, &b)?)
            }
            PExpr::Bin(op, l, r) => {
                let (a, b) = (self.eval(s, t, f, l)?, self.eval(s, t, f, r)?);
                crate::values::binop(*op, &a, &b)?
            }
            PExpr::Format(parts) => crate::values::format_fields(parts, |e| self.eval(s, t, f, e), |e| e)?,
            PExpr::Locked(v) => {
                let l = self.lock_of(s, f, *v)?;
                let lk = &s.locks[l as usize];
                if lk.reentrant && !self.variant.version.is_314() {
                    return Err(err(ExcType::AttributeError, "'_thread.RLock' object has no attribute 'locked'"));
                }
                Value::Bool(lk.count > 0)
            }
            PExpr::IsAlive(v) => {
                let x = self.thread_of(s, f, *v)?;
                Value::Bool(s.threads[x as usize].looks_alive())
            }
            PExpr::IsMainThread => Value::Bool(t == MAIN),
            PExpr::CurrentThreadName => Value::Str(Text::new(&self.thread_name(s, t))),
        })
    }

    /// `threading.current_thread().name`.
    /// Whether thread `t`'s next statement is an `assert` that fails (its
    /// test is false) in state `s`; hazard analysis asks this.
    pub fn assertion_fails(&self, s: &State, t: Tid) -> bool {
        let Some(f) = s.threads[t as usize].frames.last() else { return false };
        if f.wait.is_some() {
            return false;
        }
        match &self.instr(f).op {
            Op::Assert { test, .. } => self.eval(s, t, f, test).is_ok_and(|v| !v.truthy()),
            _ => false,
        }
    }

    /// A variable's value as frame `f` sees it (`None`: unbound).
    pub fn read_var(&self, s: &State, f: &Frame, v: VarRef) -> Option<Value> {
        read(s, f, v)
    }

    /// What thread `t` is blocked on, and until when; `None` when it is not
    /// blocked in a statement.
    pub fn waiting_for(&self, s: &State, t: Tid) -> Option<(WaitFor, Option<Millis>)> {
        let f = s.threads[t as usize].frames.last()?;
        let w = f.wait?;
        let what = match &self.instr(f).op {
            Op::Acquire { .. } | Op::WithEnter { .. } => self.awaited_lock(s, f).map_or(WaitFor::Other, WaitFor::Lock),
            Op::Join { thread, .. } => match read(s, f, *thread) {
                Some(Value::Thread(x)) => WaitFor::Thread(x),
                _ => WaitFor::Other,
            },
            Op::Sleep { .. } | Op::SleepFor { .. } => WaitFor::Sleep,
            _ => WaitFor::Other,
        };
        Some((what, w.deadline.map(|d| s.now + d)))
    }

    pub fn thread_name(&self, s: &State, t: Tid) -> String {
        let th = &s.threads[t as usize];
        match th.origin {
            Origin::Main => "MainThread".into(),
            Origin::Threading { number } => {
                if self.variant.version.minor >= 10 {
                    format!("Thread-{number} ({})", self.code(th.func).name)
                } else {
                    format!("Thread-{number}")
                }
            }
            Origin::Raw { number } => format!("Dummy-{number}"),
        }
    }
}

/// CPython's conversion of a number of seconds to its internal time
/// (`_PyTime_FromSecondsObject`, int64 nanoseconds): NaN and anything beyond
/// ±2**63 ns fail before any other check of the argument.
fn seconds_in_range(t: f64) -> Flow<()> {
    if t.is_nan() {
        return Err(err(ExcType::ValueError, "Invalid value NaN (not a number)"));
    }
    if t.abs() * 1e9 >= 9.223_372_036_854_776e18 {
        return Err(err(ExcType::OverflowError, "timestamp out of range for platform time_t"));
    }
    Ok(())
}

/// Windows' exit code for a process ended by Ctrl-C (0xC000013A).
pub const STATUS_CONTROL_C_EXIT: i64 = 0xC000_013A;

/// The exit status SystemExit's argument gives.
fn exit_code(s: &mut State, e: &Exc, v: Variant) -> i64 {
    let mask = |n: i64| if v.platform == Platform::Windows { n } else { n & 0xff };
    match &e.arg {
        None | Some(Value::None) => 0,
        Some(Value::Int(n)) => mask(*n),
        Some(Value::Bool(b)) => i64::from(*b),
        Some(other) => {
            // sys.exit("message") prints the message and exits with 1.
            let _ = (s, other);
            1
        }
    }
}

/// Reports an uncaught exception on stderr (traceback, excepthook or
/// unraisable hook): the outcome keeps its class name.
///
/// A traceback (the main thread's, `threading.excepthook`'s) shows the
/// whole `__context__` chain; the unraisable hook (`_thread` threads,
/// `threading._shutdown`) shows the one exception.
fn report(s: &mut State, e: &Exc, chain: bool) {
    if chain {
        for name in e.chain_names() {
            s.stderr.push(Text::new(name));
        }
        return;
    }
    s.stderr.push(Text::new(e.class.name()));
}

/// A new exception raised in thread `t` gets the exception being handled
/// there as its `__context__`: the innermost `except` body's, else the one
/// a `finally` body was entered with (handler frames see the frames below).
fn with_context(s: &State, t: Tid, mut e: Exc) -> Exc {
    for f in s.threads[t as usize].frames.iter().rev() {
        // The exception an `except` is being matched against is handled
        // already (3.8–3.10 check at the handler's entry, before matching).
        let handled = f.unwinding.as_ref().or(f.handling.last()).or_else(|| {
            f.pending.iter().rev().find_map(|p| match p {
                Pending::Raise(x) => Some(x),
                Pending::Normal => None,
            })
        });
        if let Some(h) = handled {
            e.context = Some(Arc::new(h.clone()));
            return e;
        }
    }
    e
}

/// One write to stdout: text up to a newline goes on the open line.
fn write_stdout(s: &mut State, text: &str) {
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            if !s.stdout_open {
                s.stdout.push(Text::new(""));
            }
            s.stdout_open = false;
        }
        if piece.is_empty() {
            continue;
        }
        if s.stdout_open {
            let last = s.stdout.len() - 1;
            let joined = format!("{}{piece}", s.stdout[last].text());
            s.stdout[last] = Text::new(&joined);
        } else {
            s.stdout.push(Text::new(piece));
            s.stdout_open = true;
        }
    }
}

/// Frame `fi` of thread `t`.
fn frame(s: &State, t: Tid, fi: usize) -> &Frame {
    &s.threads[t as usize].frames[fi]
}

fn read(s: &State, f: &Frame, v: VarRef) -> Option<Value> {
    match v {
        VarRef::Global(g) => s.globals.get(g as usize).cloned().flatten(),
        VarRef::Local(l) => f.locals.get(l as usize).cloned().flatten(),
    }
}

fn write(s: &mut State, t: Tid, fi: usize, v: VarRef, value: Value) {
    match v {
        VarRef::Global(g) => {
            let g = g as usize;
            if s.globals.len() <= g {
                s.globals.resize(g + 1, None);
            }
            s.globals[g] = Some(value);
        }
        VarRef::Local(l) => s.threads[t as usize].frames[fi].locals[l as usize] = Some(value),
    }
}

fn unbind(s: &mut State, t: Tid, fi: usize, v: VarRef) {
    match v {
        VarRef::Global(g) => {
            if let Some(slot) = s.globals.get_mut(g as usize) {
                *slot = None;
            }
        }
        VarRef::Local(l) => s.threads[t as usize].frames[fi].locals[l as usize] = None,
    }
}

impl Model for PyModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let mut globals = vec![None; self.program.globals.len()];
        globals[0] = Some(Value::Str(Text::new("__main__")));
        let mut s = State {
            now: 0,
            threads: std::iter::once(Thread {
                life: Life::Running,
                func: 0,
                frames: vec![self.new_frame(0, &[])],
                daemon: false,
                origin: Origin::Main,
                woken: false,
                forgotten: false,
                join_stuck: false,
                holds: 0,
                args: Vec::new(),
            })
            .collect(),
            locks: Vec::new().into(),
            globals: globals.into(),
            handlers: [
                HandlerState::DefaultInt, // SIGINT: Python installs default_int_handler
                HandlerState::Default,
                HandlerState::Default,
                HandlerState::Default,
                HandlerState::Default,
            ],
            tripped: 0,
            check_due: false,
            presses_left: self.program.scenario.ctrl_c.min(16) as u8,
            thread_counter: 0,
            stdout: Vec::new().into(),
            stdout_open: false,
            kw_sites_run: 0,
            stderr: Vec::new().into(),
            phase: Phase::Running,
            shutdown_interrupted: false,
            shutdown_target: None,
            shutdown_joining: false,
            queued: [0; 5],
            event: Event::None,
            beyond_model: false,
        };
        self.run_control(&mut s, MAIN, false);
        vec![s]
    }

    fn actions(&self, s: &State, actions: &mut Vec<Action>) {
        let running = match s.phase {
            Phase::Running => true,
            Phase::SignalsOff { .. } => {
                actions.push(Action::Exit);
                if s.presses_left > 0 {
                    actions.push(Action::CtrlC { land: MAIN });
                }
                return;
            }
            Phase::Exited { .. } => false,
        };
        let mut any = false;
        for t in 0..s.threads.len() as Tid {
            if self.can_step(s, t) {
                any = true;
                let sends_process_signal = self.next_statement_is_kill(s, t);
                let choosing_join = t == MAIN
                    && s.threads[0].frames.is_empty()
                    && matches!(s.threads[0].life, Life::ShuttingDown { .. })
                    && s.shutdown_target.is_none()
                    && !self.shutdown_ready(s)
                    && self.handler_due(s, t).is_none();
                if choosing_join {
                    for x in 1..s.threads.len() as Tid {
                        let th = &s.threads[x as usize];
                        if !th.daemon && th.looks_alive() {
                            actions.push(Action::Step { thread: MAIN, land: x });
                        }
                    }
                } else if sends_process_signal {
                    for land in self.landing_threads(s) {
                        actions.push(Action::Step { thread: t, land });
                    }
                } else {
                    actions.push(Action::Step { thread: t, land: MAIN });
                }
            }
        }
        if running && !s.beyond_model && s.presses_left > 0 {
            for land in self.landing_threads(s) {
                actions.push(Action::CtrlC { land });
            }
        }
        if !any && !s.beyond_model && self.next_deadline(s).is_some() {
            actions.push(Action::Tick);
        }
    }

    fn next_state(&self, last: &State, action: Action) -> Option<State> {
        let mut s = last.clone();
        s.event = Event::None;
        match action {
            Action::Tick => {
                let delta = self.next_deadline(&s)?;
                s.now += delta;
                // Deadlines stay relative to the current instant and the
                // clock is not part of a state's identity: a polling loop
                // (`while not stop: time.sleep(0.1)`) comes back to the same
                // state, so its state space is finite.
                s.threads.update(
                    |th| th.frames.iter().any(|f| f.wait.is_some_and(|w| w.deadline.is_some())),
                    |th| {
                        for f in &mut th.frames {
                            if let Some(Wait { deadline: Some(d) }) = &mut f.wait {
                                *d = d.saturating_sub(delta);
                            }
                        }
                    },
                );
            }
            Action::Exit => {
                let Phase::SignalsOff { status } = s.phase else { return None };
                s.phase = Phase::Exited { status };
            }
            Action::CtrlC { .. } if matches!(s.phase, Phase::SignalsOff { .. }) => {
                // SIGINT at SIG_DFL: the OS ends the process.
                s.presses_left -= 1;
                s.phase = Phase::Exited { status: imo::killed_by_ctrl_c_status(self.variant.platform) };
            }
            Action::CtrlC { land } => {
                s.presses_left -= 1;
                if self.variant.platform == Platform::Windows {
                    self.deliver(&mut s, Sig::SIGINT, Route::SigintEvent, true);
                } else {
                    let route = if land == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
                    self.deliver(&mut s, Sig::SIGINT, route, true);
                }
            }
            Action::Step { thread, land } => self.step(&mut s, thread, land),
        }
        Some(s)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        caveats::properties()
    }

    fn within_boundary(&self, s: &State) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        match &self.watch {
            None => true,
            Some(w) => {
                if s.beyond_model {
                    w.beyond.store(true, Relaxed);
                }
                !w.halt.load(Relaxed)
            }
        }
    }

    fn format_action(&self, action: &Action) -> String {
        match action {
            Action::Step { thread: MAIN, land } if *land != MAIN => format!("step thread 0 (joins or lands a signal on thread {land})"),
            Action::Step { thread, land } if *land != MAIN => format!("step thread {thread} (signal lands on thread {land})"),
            Action::Step { thread, .. } => format!("step thread {thread}"),
            Action::CtrlC { land } if *land != MAIN => format!("Ctrl-C (lands on thread {land})"),
            Action::CtrlC { .. } => "Ctrl-C".into(),
            Action::Tick => "time passes".into(),
            Action::Exit => "exit".into(),
        }
    }
}
