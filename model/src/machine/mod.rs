//! The stateright model: a compiled scenario executed with CPython's
//! semantics, for one variant.
//!
//! ```text
//! actions(s):  Step(t)  alone, when t's next step no other thread, signal
//!                       or tick can tell from running it now (`alone`)
//!              Step(t)  otherwise for each thread t that can step now
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
//!
//! By concern: this module holds the state machine (`actions`,
//! `next_state`, who can step); `checkpoints` where the main thread checks
//! for signals; `control` the control between statements and unwinding;
//! `statements` what a statement does; `signals` a signal's way to its
//! handler; `eval` values and variables; `ending` how threads and the
//! process end; `alone` which steps run alone (the partial-order
//! reduction). The rules themselves live in `caveats/`, which the machine
//! calls and which do not depend on it.

mod alone;
mod atexit;
mod checkpoints;
mod classes;
mod control;
mod ending;
mod eval;
mod signals;
mod statements;

pub use crate::caveats::Mutation;
pub use crate::variant::STATUS_CONTROL_C_EXIT;
use atexit::ExitStep;
use ending::{raised_again, report, with_context};
use eval::{frame, read, unbind, write, write_stdout};

use crate::caveats::{self, HasRules, acquire_interruptible as ai, interrupts_main_only as imo, locks, main_exit_kills_threads as mek, sys_exit_is_thread_exit as seit};
use crate::program::*;
use crate::scenario::{ExcType, Number, Sig, SigHow};
use crate::state::*;
use crate::state::At;
use crate::text::Text;
use crate::variant::{Platform, Variant};
use ai::{Route, WaitKind};
use stateright::{Model, Property};
use std::sync::Arc;

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
    /// the signals still pending when a handler raises never run; PyPy 3.9
    /// has no `signal.sigtimedwait` (and words some errors its own way).
    pub pypy: bool,
    /// The interpreter imports `threading` at start-up whatever the script
    /// does (pyenv's 3.11.7 here: a `.pth` file does), so `_shutdown` runs.
    pub threading_preloaded: bool,
    /// Set by `check` while stateright searches: a flag that stops the
    /// search (`within_boundary`) and one that records reaching a state
    /// beyond what the model holds.
    pub watch: Option<Arc<Watch>>,
    /// The library's guarded data, for the steps that run alone
    /// (`alone.rs`); `None` explores every interleaving (`--no-reduction`,
    /// a broken model, a script that names the library's private parts).
    pub reduction: Option<Arc<alone::Guards>>,
    /// Keep a block of stdout printed again from the same frames once, as
    /// "two or more times" (`state::output`), so that a loop printing on
    /// every turn comes back to its state; off where a run's exact lines
    /// are wanted (a trace, a runtime run replayed).
    pub fold_output: bool,
}

impl caveats::HasRules for PyModel {
    fn rules(&self) -> caveats::Rules {
        caveats::Rules { variant: self.variant, mutation: self.mutation, pypy: self.pypy }
    }

    fn tally(&self) -> Option<&caveats::at_once::Tally<Self>> {
        self.watch.as_ref()?.tally.as_ref()
    }
}

/// What `check` and a running stateright search tell each other.
#[derive(Debug, Default)]
pub struct Watch {
    /// Stop: no state is inside the boundary any more.
    pub halt: std::sync::atomic::AtomicBool,
    /// A state with `beyond_model` was reached.
    pub beyond: std::sync::atomic::AtomicBool,
    /// Set when the search checks every property as one
    /// (`caveats::at_once`): the witnesses it reached.
    pub tally: Option<caveats::at_once::Tally<PyModel>>,
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
        let reduction = alone::Guards::of(&program).map(Arc::new);
        PyModel { program, variant, mutation: None, pypy: false, threading_preloaded: false, watch: None, reduction, fold_output: true }
    }

    /// Whether `s` keeps the clock: always when the program uses an
    /// instant beyond the frame that read it, else while such a frame runs.
    fn keeps_time(&self, s: &State) -> bool {
        match &self.program.clock {
            Clock::Never => false,
            Clock::Absolute => true,
            Clock::Relative(reading) => s.threads.iter().any(|th| th.frames.iter().any(|f| reading[f.code as usize])),
        }
    }

    /// The same model keeping every line printed as printed: a replay of
    /// one run, where nothing repeats for ever, shows its lines.
    pub fn with_exact_output(mut self) -> PyModel {
        self.fold_output = false;
        self
    }

    /// The same model with an unsound reduction, in which any step of a
    /// thread other than main runs alone (tests show their checks catch it).
    #[doc(hidden)]
    pub fn with_unsound_reduction(mut self) -> PyModel {
        self.reduction = alone::Guards::of(&self.program).map(|mut g| {
            g.any_step = true;
            Arc::new(g)
        });
        self
    }

    /// The same model exploring every interleaving (no step runs alone).
    pub fn without_reduction(mut self) -> PyModel {
        self.reduction = None;
        self
    }

    /// The steps that interleave: every thread that can step (with the
    /// thread a signal it sends lands on), Ctrl-C, time passing, the exit.
    fn interleaved_actions(&self, s: &State, actions: &mut Vec<Action>) {
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
                let sends_process_signal = self.next_statement_kills(s, t);
                let choosing_join = t == MAIN
                    && s.threads[0].frames.is_empty()
                    && matches!(s.threads[0].life, Life::ShuttingDown { .. })
                    && s.shutdown_target.is_none()
                    && !s.exiting
                    && s.threading_atexit.is_empty()
                    && !self.shutdown_ready(s)
                    && self.handler_due(s, t).is_none();
                if choosing_join {
                    for x in 1..s.threads.len() as Tid {
                        let th = &s.threads[x as usize];
                        if !th.daemon && th.looks_alive() {
                            actions.push(Action::Step { thread: MAIN, land: x });
                        }
                    }
                } else if let Some(sig) = sends_process_signal {
                    for land in self.landing_threads(s, sig) {
                        actions.push(Action::Step { thread: t, land });
                    }
                } else {
                    actions.push(Action::Step { thread: t, land: MAIN });
                }
            }
        }
        if running && !s.beyond_model && s.presses_left > 0 {
            for land in self.landing_threads(s, Sig::SIGINT) {
                actions.push(Action::CtrlC { land });
            }
        }
        if !any && !s.beyond_model && self.next_deadline(s).is_some() {
            actions.push(Action::Tick);
        }
    }

    /// Every step from `s` with the state it leads to (`actions` and
    /// `next_state` at once); `None` when no step is enabled.
    pub fn successors(&self, s: &State) -> Option<Vec<(Action, State)>> {
        let mut actions = Vec::new();
        self.interleaved_actions(s, &mut actions);
        if actions.is_empty() {
            return None;
        }
        Some(actions.into_iter().filter_map(|a| self.next_state(s, a.clone()).map(|n| (a, n))).collect())
    }

    /// One step as the rules make it, without the steps that run alone
    /// after it (`next_state` takes those too).
    pub(crate) fn take(&self, last: &State, action: Action) -> Option<State> {
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
                if let Some(a) = s.alarm {
                    s.alarm = a.checked_sub(delta).filter(|left| *left > 0);
                    if s.alarm.is_none() {
                        self.alarm_rings(&mut s);
                    }
                }
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
                    self.land(&mut s, Sig::SIGINT, land, true);
                }
            }
            Action::Step { thread, land } => self.step(&mut s, thread, land),
        }
        s.keeps_time = self.keeps_time(&s);
        Some(s)
    }

    /// The same model following PyPy where it differs from CPython.
    pub fn as_pypy(mut self) -> PyModel {
        self.pypy = true;
        self
    }

    /// The same model with one rule deliberately broken.
    pub fn mutated(mut self, mutation: Mutation) -> PyModel {
        // The reduction's argument rests on the rules as they are.
        self.reduction = None;
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

    /// A function the interpreter calls from C in thread `t` (a signal
    /// handler, an atexit function): its frame goes on top, and its entry
    /// (RESUME) checks for signals where that thread checks.
    fn call_from_c(&self, s: &mut State, t: Tid, code: CodeId, args: &[Value]) {
        // `*args` takes the arguments beyond the others, as a tuple.
        let c = self.code(code);
        if (c.vararg || c.kwvar) && crate::state::reach::lists_full(s) {
            s.beyond_model = true;
        }
        let args = c.pack_args(args, |dict, items| {
            let l = s.new_list(items);
            if dict {
                Value::Dict(l)
            } else {
                Value::Tuple(l)
            }
        });
        self.call_bound_from_c(s, t, code, &args);
    }

    /// `call_from_c` of arguments bound already (one per local parameter).
    fn call_bound_from_c(&self, s: &mut State, t: Tid, code: CodeId, args: &[Value]) {
        let mut frame = self.new_frame(code, args);
        if self.checks_for(t) {
            frame.at = At::Check(imo::CheckKind::FunctionEntry);
        }
        s.threads[t as usize].frames.push(frame);
    }

    /// Whether the main thread has finished its module: `threading._shutdown`
    /// (and then the atexit functions) runs.
    fn shutting_down(s: &State) -> bool {
        matches!(s.threads[MAIN as usize].life, Life::ShuttingDown { .. })
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
            Op::Pause => WaitKind::Pause,
            Op::SigWait { timeout: None, .. } => WaitKind::SigWait,
            Op::SigWait { .. } => WaitKind::SigTimedWait,
            Op::RLock { .. } => WaitKind::Restore,
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
            Op::Acquire { .. } | Op::WithEnter { .. } | Op::RLock { .. } => {
                self.awaited_lock(s, f).is_none_or(|l| locks::available(self.rules(), &s.locks[l as usize], t))
            }
            Op::Join { thread, .. } => match read(s, f, *thread).and_then(|v| s.thread_in(&v)) {
                Some(x) => !s.threads[x as usize].looks_alive(),
                None => true,
            },
            Op::SigWait { .. } => self.sigwait_set(s, t).is_some_and(|set| self.held_for(s, t) & set != 0),
            _ => false,
        }
    }

    /// The lock a frame at `lock.acquire()` or `with lock:` takes: a wait
    /// does not record it, so it is the one the variable names now.
    fn awaited_lock(&self, s: &State, f: &Frame) -> Option<LockId> {
        match self.instr(f).op {
            Op::Acquire { lock, .. } | Op::WithEnter { lock } | Op::RLock { lock, .. } => {
                read(s, f, lock).and_then(|v| crate::objects::lock_in(&self.program, &s.objects, &v))
            }
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
                    || s.exiting
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
            .chain(s.alarm)
            .filter(|d| *d > 0)
            .min()
    }

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
                let early_left = !s.threading_atexit.is_empty() && !s.shutdown_interrupted;
                if s.exiting || (self.shutdown_ready(s) && !early_left) {
                    self.shutdown_over(s, status);
                } else if self.threading_atexit_next(s) {
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
        let reraise = matches!(op, Op::Reraise | Op::RaiseValue { .. });
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

    /// What thread `t` is blocked on, and until when; `None` when it is not
    /// blocked in a statement.
    pub fn waiting_for(&self, s: &State, t: Tid) -> Option<(WaitFor, Option<Millis>)> {
        let f = s.threads[t as usize].frames.last()?;
        let w = f.wait?;
        let what = match &self.instr(f).op {
            Op::Acquire { .. } | Op::WithEnter { .. } => self.awaited_lock(s, f).map_or(WaitFor::Other, WaitFor::Lock),
            Op::Join { thread, .. } => match read(s, f, *thread).and_then(|v| s.thread_in(&v)) {
                Some(x) => WaitFor::Thread(x),
                None => WaitFor::Other,
            },
            Op::Sleep { .. } | Op::SleepFor { .. } => WaitFor::Sleep,
            _ => WaitFor::Other,
        };
        Some((what, w.deadline.map(|d| s.now + d)))
    }

    pub fn thread_name(&self, s: &State, t: Tid) -> String {
        let th = &s.threads[t as usize];
        if let Some(name) = &th.name {
            return name.to_string();
        }
        match th.origin {
            Origin::Main => "MainThread".into(),
            // A thread with no target is plain `Thread-N`.
            Origin::Threading { number } => {
                let target = (th.func != self.program.empty_run).then(|| self.code(th.func).name.as_str());
                self.variant.version.thread_name(number, target)
            }
            Origin::Raw { number } => format!("Dummy-{number}"),
        }
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
                frames: vec![self.new_frame(0, &[])].into(),
                daemon: false,
                origin: Origin::Main,
                woken: false,
                forgotten: false,
                join_stuck: false,
                holds: 0,
                args: Vec::new(),
                name: None,
                no_stderr: false,
                blocked: 0,
                kernel_pending: 0,
                in_hook: false,
            })
            .collect(),
            locks: Vec::new().into(),
            lists: Vec::new().into(),
            objects: Vec::new().into(),
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
            alarm: None,
            thread_counter: 0,
            stdout: Vec::new().into(),
            stdout_open: false,
            stdout_contexts: Vec::new().into(),
            kw_sites_run: 0,
            stderr: Vec::new().into(),
            phase: Phase::Running,
            shutdown_interrupted: false,
            shutdown_target: None,
            shutdown_joining: false,
            atexit: CowVec::default(),
            threading_atexit: CowVec::default(),
            exiting: false,
            exit_run: None,
            keeps_time: false,
            stderr_none: false,
            kernel_pending: 0,
            switch_interval: crate::values::DEFAULT_SWITCH_INTERVAL_US,
            hooks: Default::default(),
            queued: [0; 5],
            event: Event::None,
            beyond_model: false,
        };
        self.run_control(&mut s, MAIN, false);
        s.keeps_time = self.keeps_time(&s);
        vec![self.settle(s)]
    }

    fn actions(&self, s: &State, actions: &mut Vec<Action>) {
        self.interleaved_actions(s, actions);
    }

    /// The step, then every step that runs alone after it (`settle`).
    fn next_state(&self, last: &State, action: Action) -> Option<State> {
        self.take(last, action).map(|s| self.settle(s))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        if self.tally().is_some() {
            vec![caveats::at_once::property()]
        } else {
            caveats::properties()
        }
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
