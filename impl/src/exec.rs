//! Runs a pythread scenario on the runtime, with one OS thread per Python
//! thread, and records what happened.
//!
//! ```text
//! each thread: call(code) runs one frame:
//!     at a statement: check_signals (the eval breaker: handlers run here,
//!                     in the main thread only), record it, execute it
//!                     through the runtime, hand the GIL over
//!     at control:     jumps and try/with bookkeeping, in the same turn
//!     an exception:   unwind the frame's blocks (except / finally / with);
//!                     one that escapes ends the call
//!     Killed:         return at once: no finally, nothing more runs
//! a signal handler is a nested call on the main thread, made by the runtime
//! ```
//! The scenario is compiled with the model's compiler (`Program`), so both
//! run the same instructions; everything they *do* — locks, waits, signals,
//! thread ends, the exit — is the runtime's, not the model's.
//!
//! Here: a run, its threads and calls, and control (jumps, blocks,
//! unwinding). One statement through the runtime is `statements.rs`;
//! exceptions across the runtime `exceptions.rs`; variables and expressions
//! `variables.rs`; objects of the script's classes `classes.rs`.

use crate::clock::{Clock, Millis};
use crate::exception::{ExcKind, PyException};
use crate::lock::{Lock, RLock};
use crate::runtime::{Bug, Handler, OnDeadlock, ProcessEnd, Py, ReportKind, Runtime, ThreadKind, MAIN};
use crate::thread::Thread;
use crate::trace::{Entry, Event, Tid};
use pythread_model::caveats::interrupts_main_only as imo;
use pythread_model::outcome::Outcome;
use pythread_model::program::{CodeId, HandlerRef, KillTarget, Op, PExpr, Program, SigRef, VarRef};
use pythread_model::{objects, values};
use pythread_model::scenario::{ExcType, RLockMethod, Sig};
use pythread_model::state::{
    At, Block, BuiltinFn, Class, Exc, ExitFunc, Frame, HandlerState, Object, Pending, Value,
};
use pythread_model::text::Text;
use pythread_model::variant::{Platform, Variant};
use std::sync::{Arc, Mutex};

mod classes;
mod exceptions;
mod statements;
mod variables;

/// How to run a scenario.
#[derive(Clone, Debug)]
pub struct Options {
    /// The clock: virtual (instant, the model's timestamps) or real.
    pub clock: Clock,
    /// When Ctrl-C is pressed (see [`crate::Builder::ctrl_c_at`]). `None`
    /// presses the scenario's `ctrl-c` pragma count at time 0 (on the
    /// virtual clock: the first moment every thread is blocked).
    pub presses: Option<Vec<Millis>>,
    /// A deliberately broken rule (mutation tests only).
    pub bug: Option<Bug>,
    /// A run still going when the virtual clock would pass this, or after
    /// `max_steps` statements, is given up: it runs forever (the model's
    /// RUNS FOREVER), and its outcome is a hang.
    pub give_up_after: Millis,
    /// See `give_up_after`.
    pub max_steps: u64,
}

impl Default for Options {
    fn default() -> Self {
        // Far beyond the corpus's longest run (a few virtual seconds).
        Options { clock: Clock::Virtual, presses: None, bug: None, give_up_after: 60_000, max_steps: 1_000_000 }
    }
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Run {
    /// What a user sees.
    pub outcome: Outcome,
    /// Every event, in order.
    pub trace: Vec<Entry>,
}

/// A lock as a value holds.
#[derive(Clone, Copy)]
enum AnyLock {
    Plain(Lock),
    Re(RLock),
}

impl AnyLock {
    /// Its index in the scenario's values (`Value::Lock` holds a `u8`): a
    /// run of a scenario on the runtime makes at most 256 locks (the
    /// refinement tests' scenarios make a few).
    fn id(self) -> u8 {
        let id = match self {
            AnyLock::Plain(l) => l.id(),
            AnyLock::Re(r) => r.id(),
        };
        u8::try_from(id).expect("a scenario run on the runtime makes at most 256 locks")
    }

    fn acquire(self, py: &mut Py<'_>, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        match self {
            AnyLock::Plain(l) => l.acquire(py, blocking, timeout),
            AnyLock::Re(r) => r.acquire(py, blocking, timeout),
        }
    }

    fn release(self, py: &mut Py<'_>) -> Result<(), PyException> {
        match self {
            AnyLock::Plain(l) => l.release(py),
            AnyLock::Re(r) => r.release(py),
        }
    }
}

/// What the threads share, touched only while holding the GIL.
struct State {
    /// Module-level names; `None` is unbound.
    globals: Vec<Option<Value>>,
    /// Lines printed.
    stdout: Vec<String>,
    /// Exception class names reported on stderr.
    stderr: Vec<String>,
    /// Locks by id.
    locks: Vec<AnyLock>,
    /// Lists by id (`Value::List`), with what each holds now.
    lists: Vec<Vec<Value>>,
    /// Objects of the script's classes by id (`Value::Obj`).
    objects: Vec<Object>,
    /// Thread names given by `name=` or set by `t.name = …`, or `Thread-N`
    /// of a subclass's `run`, by thread id.
    names: Vec<Option<String>>,
    /// `threading.Thread` handles and the function each runs, by thread id.
    threads: Vec<Option<(Thread, CodeId)>>,
    /// Per thread, per active call (outermost first): the exception its
    /// frame is handling, for the `__context__` of exceptions raised in
    /// handler calls above it.
    contexts: Vec<Vec<Option<Exc>>>,
    /// 3.14: keyword call sites that have run once (specialised: they check
    /// for signals at their end from then on).
    kw_sites_run: u64,
    /// The last line of `stdout` has no newline yet.
    stdout_open: bool,
    /// The handlers installed, as values (`old = signal.signal(…)` gets
    /// them back; the runtime keeps them as closures).
    handlers: [HandlerState; 5],
    /// `sys.stderr` is None (`sys.stderr = None`).
    stderr_none: bool,
    /// The `threading.Thread`s made while it was (their `_stderr` is None).
    no_stderr: std::collections::BTreeSet<Tid>,
    /// `sys.setswitchinterval`'s value in microseconds (what
    /// `sys.getswitchinterval()` gives back; the runtime's switches do not
    /// follow it).
    switch_interval: u64,
    /// `sys.unraisablehook` and `threading.excepthook` as the script set
    /// them.
    hooks: pythread_model::state::Hooks,
}

impl State {
    /// Keeps the handle of `threading.Thread` `id` and the code it runs,
    /// and whether `sys.stderr` was None when it was made.
    fn keep_thread(&mut self, id: Tid, t: Thread, func: CodeId) {
        if self.threads.len() <= id as usize {
            self.threads.resize(id as usize + 1, None);
        }
        self.threads[id as usize] = Some((t, func));
        if self.stderr_none {
            self.no_stderr.insert(id);
        }
    }
}

struct Exec {
    program: Arc<Program>,
    variant: Variant,
    state: Mutex<State>,
    /// Statements left before the run is given up (`Options::max_steps`).
    steps_left: std::sync::atomic::AtomicU64,
}

/// Where a frame's next turn starts (`Exec::turn`).
struct Turn {
    /// It stands at a check point (a call's end, the function's entry, an
    /// except or finally entered by an exception ≤ 3.10).
    at_check: bool,
    /// The control up to the next statement has run.
    advanced: bool,
    /// The statement it stands at checks before it runs.
    check_first: bool,
}

/// How a call ended other than by returning.
enum Stop {
    /// An exception escaped the frame.
    Raise(Exc),
    /// The thread was stopped by the process exit.
    Killed,
}

type Flow<T> = Result<T, Stop>;

fn err(class: ExcType, msg: &str) -> Exc {
    Exc::with_msg(Class::Named(class), msg)
}

/// Runs `program` under `variant` and returns its outcome and trace.
///
/// ```
/// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
/// use pythread_impl::exec::{run, Options};
/// use pythread_model::{frontend::parse, program::Program, variant::Variant};
/// use std::sync::Arc;
///
/// let script = "import threading\n\
///               def work():\n    print('worker')\n\
///               t = threading.Thread(target=work)\nt.start()\nt.join()\nprint('main')\n";
/// let program = Arc::new(Program::compile(&parse(script, "demo.py").unwrap()));
/// let r = run(program, Variant::DEFAULT, &Options::default());
/// assert_eq!(r.outcome.stdout, ["worker", "main"]);
/// assert_eq!(r.outcome.exit, Some(0));
/// ```
pub fn run(program: Arc<Program>, variant: Variant, options: &Options) -> Run {
    let mut globals = vec![None; program.globals.len()];
    globals[0] = Some(Value::Str(Text::new("__main__")));
    let exec = Arc::new(Exec {
        program: program.clone(),
        variant,
        state: Mutex::new(State {
            globals,
            stdout: Vec::new(),
            stderr: Vec::new(),
            locks: Vec::new(),
            lists: Vec::new(),
            objects: Vec::new(),
            names: Vec::new(),
            threads: Vec::new(),
            contexts: Vec::new(),
            kw_sites_run: 0,
            stdout_open: false,
            handlers: [HandlerState::DefaultInt, HandlerState::Default, HandlerState::Default, HandlerState::Default, HandlerState::Default],
            stderr_none: false,
            no_stderr: Default::default(),
            switch_interval: values::DEFAULT_SWITCH_INTERVAL_US,
            hooks: Default::default(),
        }),
        steps_left: std::sync::atomic::AtomicU64::new(options.max_steps),
    });
    let reporter = exec.clone();
    let mut builder = Runtime::builder(variant).clock(options.clock).on_report(move |tid, kind, e| {
        let exc = reporter.to_exc(e);
        let mut st = reporter.st();
        // `sys.stderr = None`: written nowhere, unless a thread's own
        // `_stderr` (kept when it was made) is still a stream (CP34).
        let own_stream = kind == ReportKind::Excepthook && !st.no_stderr.contains(&tid);
        if !pythread_model::state::report_reaches_stderr(st.stderr_none, own_stream) {
            return;
        }
        match kind {
            ReportKind::Traceback | ReportKind::Excepthook => {
                st.stderr.extend(exc.chain_names().into_iter().map(String::from));
            }
            ReportKind::Unraisable => st.stderr.push(exc.class.name().to_string()),
        }
    });
    let presses = options.presses.clone().unwrap_or_else(|| vec![0; program.scenario.ctrl_c.min(16) as usize]);
    for at in presses {
        builder = builder.ctrl_c_at(at);
    }
    // A run that can never finish is an outcome (a hang), on either clock.
    let rt = builder
        .on_deadlock(OnDeadlock::Abandon)
        .bug(options.bug)
        .threading_shutdown(program.imports_threading)
        .give_up_after(options.give_up_after)
        .build();
    let main = exec.clone();
    let end = rt.run_main(move |py| main.thread_code(py, 0, &[]));
    rt.wait_for_threads();
    let st = exec.st();
    let (exit, hang) = match end {
        ProcessEnd::Exited(status) => (Some(status), false),
        ProcessEnd::Hung => (None, true),
    };
    Run {
        outcome: Outcome { stdout: st.stdout.clone(), repeated: Vec::new(), stderr: st.stderr.clone(), exit, hang, forever: false },
        trace: rt.trace(),
    }
}

/// The runtime's lists: read under the GIL, as everything the threads share.
impl values::Heap for Exec {
    fn items(&self, id: pythread_model::state::ListId) -> Vec<Value> {
        self.st().lists.get(id as usize).cloned().unwrap_or_default()
    }
}

impl Exec {
    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ---- threads and calls ----------------------------------------------------------

    /// A thread's whole code (`func`), as the runtime runs it.
    fn thread_code(self: &Arc<Self>, py: &mut Py<'_>, func: CodeId, args: &[Value]) -> Result<(), PyException> {
        let mut f = self.new_frame(func, args);
        match self.call(py, &mut f, false) {
            // The check right after the module's code (3.13.15+, 3.14).
            Ok(()) if py.thread_id() == MAIN && func == 0 && imo::checks_after_module(self.variant.version) => {
                py.check_signals().map_err(|mut e| {
                    if e.kind == ExcKind::KeyboardInterrupt {
                        e.code = imo::module_end_interrupt_status(self.variant.version);
                    }
                    e
                })
            }
            Ok(()) => Ok(()),
            Err(Stop::Killed) => Err(PyException::killed()),
            Err(Stop::Raise(e)) if py.thread_id() != MAIN && !e.class.is(ExcType::SystemExit) => self.uncaught(py, func, e),
            Err(Stop::Raise(e)) => Err(self.to_py(e)),
        }
    }

    /// A non-main thread's code ended with exception `e`, not SystemExit:
    /// its hook takes it, as the model's `uncaught` says. `Err` is what the
    /// runtime then reports.
    fn uncaught(self: &Arc<Self>, py: &mut Py<'_>, func: CodeId, e: Exc) -> Result<(), PyException> {
        let tid = py.thread_id();
        let threading = matches!(py.thread_kind(tid), ThreadKind::Threading(_));
        let hook = if threading { pythread_model::scenario::Hook::Except } else { pythread_model::scenario::Hook::Unraisable };
        let call = {
            let st = self.st();
            objects::hook_call(&self.program, &st.objects, st.hooks.get(hook))
        };
        let args = || {
            let value = if threading {
                objects::excepthook_args(e.clone(), objects::thread_value(&self.st().objects, tid))
            } else {
                let name = objects::call_name(&self.program, func);
                objects::thread_unraisable_args(e.clone(), Value::Func(func), name, &values::thread_ident(tid, true), self.variant.version.minor, false)
            };
            Value::HookArgs(Arc::new(value))
        };
        self.give_to_hook(py, call, args, e.clone())
    }

    /// Exception `e` given to a hook (`call`) with the arguments `args`
    /// makes: the built-in hook's report is left to the caller (`Err`), a
    /// list's `append` keeps them, a function of the script is called here.
    fn give_to_hook(
        self: &Arc<Self>,
        py: &mut Py<'_>,
        call: objects::HookCall,
        args: impl FnOnce() -> Value,
        e: Exc,
    ) -> Result<(), PyException> {
        match call {
            objects::HookCall::Report => Err(self.to_py(e)),
            objects::HookCall::Append(l) => {
                let a = args();
                self.st().lists[l as usize].push(a);
                Ok(())
            }
            objects::HookCall::NotCallable(err) => Err(self.to_py(err)),
            objects::HookCall::Call(c) => {
                let a = args();
                let bound = match self.bind(c.code, c.with(vec![a]), &[]) {
                    Ok(b) => b,
                    Err(Stop::Raise(err)) => return Err(self.to_py(err)),
                    Err(Stop::Killed) => return Err(PyException::killed()),
                };
                let mut f = self.new_frame(c.code, &bound);
                match self.call(py, &mut f, true) {
                    Ok(()) => Ok(()),
                    Err(Stop::Killed) => Err(PyException::killed()),
                    // The hook's own exception is reported without its
                    // context; a SystemExit there is quiet.
                    Err(Stop::Raise(e2)) if e2.class.is(ExcType::SystemExit) => Ok(()),
                    Err(Stop::Raise(e2)) => Err(self.to_py(Exc { context: None, ..e2 })),
                }
            }
        }
    }

    /// An atexit function, called by the runtime's atexit loop (or, with
    /// `threading`, by `threading._shutdown`): code of the script called
    /// from C, or a built-in (`sys.exit`). 3.10+ give what it raises to
    /// `sys.unraisablehook` here; an `Err` left is for the loop to report.
    fn exit_call(
        self: &Arc<Self>,
        py: &mut Py<'_>,
        exit: ExitFunc,
        threading: bool,
    ) -> Result<(), PyException> {
        let result = match (exit.code, &exit.func) {
            (Some(code), _) => self.call_from_c(py, code, &exit.args),
            (None, Value::Builtin(BuiltinFn::Ref(b))) if !threading => {
                match values::call_builtin(*b, &exit.args, &[]) {
                    Some(Ok(_)) => Ok(()),
                    Some(Err(e)) => Err(self.to_py(e)),
                    None => Err(self.to_py(err(
                        ExcType::RuntimeError,
                        "not modelled: this call of a built-in function",
                    ))),
                }
            }
            _ => Err(self.to_py(err(
                ExcType::RuntimeError,
                "not modelled: a built-in function registered by threading._register_atexit",
            ))),
        };
        let rules = pythread_model::caveats::Rules::cpython(self.variant);
        match result {
            Err(e)
                if !threading
                    && !e.is_killed()
                    && pythread_model::caveats::main_exit_kills_threads::atexit_errors_to_hook(
                        rules,
                    ) =>
            {
                let e = self.to_exc(&e);
                let call = {
                    let st = self.st();
                    objects::hook_call(
                        &self.program,
                        &st.objects,
                        st.hooks.get(pythread_model::scenario::Hook::Unraisable),
                    )
                };
                let args = || {
                    Value::HookArgs(Arc::new(objects::atexit_unraisable_args(
                        &self.program,
                        e.clone(),
                        exit.func.clone(),
                        self.variant.version.minor,
                    )))
                };
                self.give_to_hook(py, call, args, e.clone())
            }
            other => other,
        }
    }

    /// A signal handler call, on the main thread, made by the runtime.
    fn handler_code(self: &Arc<Self>, py: &mut Py<'_>, code: CodeId, signum: i32) -> Result<(), PyException> {
        self.call_from_c(py, code, &[Value::Int(i64::from(signum)), Value::None])
    }

    /// A function the runtime calls (a signal handler, an atexit function):
    /// called from C, its entry checks (a second signal).
    fn call_from_c(self: &Arc<Self>, py: &mut Py<'_>, code: CodeId, args: &[Value]) -> Result<(), PyException> {
        // `*args` takes the arguments beyond the others, as a tuple.
        let args = self.program.codes[code as usize].pack_args(args, |dict, items| self.collection(dict, items));
        let mut f = self.new_frame(code, &args);
        match self.call(py, &mut f, true) {
            Ok(()) => Ok(()),
            Err(Stop::Killed) => Err(PyException::killed()),
            Err(Stop::Raise(e)) => Err(self.to_py(e)),
        }
    }

    fn new_frame(&self, code: CodeId, args: &[Value]) -> Frame {
        let c = &self.program.codes[code as usize];
        let mut locals = vec![None; c.locals.len()];
        for (slot, a) in locals.iter_mut().zip(args.iter().take(c.params)) {
            *slot = Some(a.clone());
        }
        Frame {
            code,
            pc: 0,
            locals,
            blocks: Vec::new(),
            handling: Vec::new(),
            pending: Vec::new(),
            unwinding: None,
            wait: None,
            at: Default::default(),
            handlers_running: false,
            call_dest: None,
        }
    }

    fn set_context(&self, tid: Tid, value: Option<Exc>) {
        let mut st = self.st();
        if let Some(top) = st.contexts[tid as usize].last_mut() {
            *top = value;
        }
    }

    /// Runs frame `f` to its end on the calling thread.
    fn call(self: &Arc<Self>, py: &mut Py<'_>, f: &mut Frame, entry_check: bool) -> Flow<()> {
        let tid = py.thread_id();
        {
            let mut st = self.st();
            if st.contexts.len() <= tid as usize {
                st.contexts.resize(tid as usize + 1, Vec::new());
            }
            st.contexts[tid as usize].push(None);
        }
        let result = self.frame_loop(py, tid, f, entry_check);
        self.st().contexts[tid as usize].pop();
        result
    }

    /// One frame, step by step as the model steps it. A turn: the check the
    /// frame stands at (a call's end, the function's entry, an except or
    /// finally entered by an exception ≤ 3.10), the control instructions up
    /// to the next statement (checking at loop back edges), the check
    /// before it where the version has one, the statement (or a test that
    /// reads shared state); then the GIL goes round. Where the eval breaker
    /// checks is `interrupts_main_only::checks`; handlers run only in the
    /// main thread, so only it checks.
    fn frame_loop(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, entry_check: bool) -> Flow<()> {
        // The bug runs handlers in whichever thread checks: workers check
        // before every statement then.
        let everywhere = py.bug() == Some(Bug::HandlerInCurrentThread) && tid != MAIN;
        // The check the frame stands at: the function's entry (RESUME).
        let mut turn = Turn { at_check: entry_check && tid == MAIN, advanced: false, check_first: false };
        loop {
            let r = match self.turn(py, tid, f, &mut turn, everywhere) {
                // The bug: a stopped thread unwinds, running its `finally`.
                Err(Stop::Killed) if py.bug() == Some(Bug::FinallyForKilled) && tid != MAIN => {
                    Err(Stop::Raise(Exc::new(ExcType::SystemExit)))
                }
                other => other,
            };
            match r {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(Stop::Killed) => return Err(Stop::Killed),
                Err(Stop::Raise(e)) => {
                    turn.advanced = false;
                    if let Some(escaped) = self.unwind(py, f, e) {
                        return Err(Stop::Raise(escaped));
                    }
                    if tid == MAIN && imo::checks_at_handler_entry(self.variant.version) {
                        // 3.8–3.10 check at the except or finally it landed in.
                        turn.at_check = true;
                    } else {
                        if self.advance(py, tid, f, &mut turn.check_first)? {
                            return Ok(());
                        }
                        turn.advanced = true;
                    }
                }
            }
            // Another thread may run between two steps.
            if py.yield_gil().is_err() {
                if py.bug() != Some(Bug::FinallyForKilled) || tid == MAIN {
                    return Err(Stop::Killed);
                }
                // The bug: a stopped thread unwinds, running its `finally`.
                if let Some(escaped) = self.unwind(py, f, Exc::new(ExcType::SystemExit)) {
                    return Err(Stop::Raise(escaped));
                }
                turn.advanced = false;
            }
        }
    }

    /// One turn, as one step of the model: the check the frame stands at,
    /// the control up to the next statement, the statement; then, unless a
    /// check follows it (taken next turn, after the GIL went round), the
    /// control after it. `Ok(true)`: the frame returned.
    fn turn(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, turn: &mut Turn, everywhere: bool) -> Flow<bool> {
        if std::mem::take(&mut turn.at_check) {
            self.checked(py, tid, f)?;
            if let At::EnterWith(lock) = f.at {
                f.at = At::Go;
                f.blocks.push(Block::With { lock });
                f.pc += 1;
            }
        }
        if !std::mem::take(&mut turn.advanced) && self.advance(py, tid, f, &mut turn.check_first)? {
            return Ok(true);
        }
        let program = self.program.clone();
        let instr = &program.codes[f.code as usize].instrs[f.pc as usize];
        self.set_context(tid, Self::handled(f));
        let record = || Event::Statement { line: instr.loc.line, text: instr.text.to_string() };
        let check_first = std::mem::take(&mut turn.check_first) || everywhere;
        if self.step(py, tid, f, &instr.op, check_first, record)? {
            turn.at_check = true;
            return Ok(false);
        }
        if self.advance(py, tid, f, &mut turn.check_first)? {
            return Ok(true);
        }
        turn.advanced = true;
        Ok(false)
    }

    /// One step: the check before it when one is due, then the instruction.
    /// Returns whether a check follows it (a call's end), which the next
    /// turn makes, after the GIL went round.
    fn step(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, op: &Op, check_first: bool, record: impl FnOnce() -> Event) -> Flow<bool> {
        use std::sync::atomic::Ordering::Relaxed;
        if self.steps_left.fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1)).is_err() {
            // A loop with no wait in it (`while True: pass`) never lets the
            // clock reach the horizon.
            py.give_up();
        }
        if check_first {
            self.checked(py, tid, f)?;
        }
        py.record(record());
        if !op.is_statement() {
            // A test that reads shared state: a step of its own.
            return match self.control(py, tid, f, op) {
                Err(Stop::Raise(e)) => Err(Stop::Raise(self.with_context(tid, f, e))),
                other => other.map(|()| false),
            };
        }
        let site = match op {
            Op::Acquire { kw_site: Some(site), .. } | Op::Print { kw_site: Some(site), .. } => Some(*site),
            _ => None,
        };
        let first_kw_run = site.is_some_and(|site| self.st().kw_sites_run & (1 << site) == 0);
        // A call's exception comes out of its callee with its context set
        // there (its arguments' errors get theirs in `statement`).
        let reraise = matches!(op, Op::Reraise | Op::RaiseValue { .. } | Op::Call { .. } | Op::CallValue { .. } | Op::CallMethod { .. } | Op::New { init: Some(_), .. });
        let r = match self.statement(py, tid, f, op) {
            Err(Stop::Raise(e)) if !reraise => Err(Stop::Raise(self.with_context(tid, f, e))),
            other => other,
        };
        if let Some(site) = site.filter(|_| self.variant.version.is_314()) {
            // Specialised now: it checks from its next run on.
            self.st().kw_sites_run |= 1 << site;
        }
        r?;
        let enter_with = matches!(f.at, At::EnterWith(_));
        Ok(enter_with || (tid == MAIN && imo::checks(op, self.variant.version, first_kw_run).after))
    }

    /// The eval breaker: runs pending handlers (in the main thread); one
    /// that raises raises here.
    fn checked(&self, py: &mut Py<'_>, tid: Tid, f: &Frame) -> Flow<()> {
        // A handler that raises chains to what this frame handles here.
        self.set_context(tid, Self::handled(f));
        py.check_signals().map_err(|e| self.stop(tid, f, e))
    }

    /// Runs control instructions up to the next step boundary, checking at
    /// loop back edges; `check_next` says whether the statement reached
    /// checks before it runs. `Ok(true)` when the frame returned.
    fn advance(&self, py: &mut Py<'_>, tid: Tid, f: &mut Frame, check_next: &mut bool) -> Flow<bool> {
        let mut back_edges = 0;
        loop {
            let op = &self.program.codes[f.code as usize].instrs[f.pc as usize].op;
            if op.starts_step() {
                *check_next = tid == MAIN && imo::checks(op, self.variant.version, false).before;
                return Ok(false);
            }
            if let Op::Return = op {
                return Ok(true);
            }
            let back_edge = matches!(op, Op::Jump { to } if *to <= f.pc);
            if back_edge {
                // A loop with no statement in it: the second back edge ends
                // the turn, as in the model (`control_from`), so the GIL
                // goes round.
                if back_edges > 0 {
                    *check_next = false;
                    return Ok(false);
                }
                back_edges += 1;
            }
            let r = if back_edge && tid == MAIN { self.checked(py, tid, f) } else { Ok(()) };
            match r.and_then(|()| self.control(py, tid, f, op)) {
                Ok(()) => {}
                Err(Stop::Killed) => return Err(Stop::Killed),
                Err(Stop::Raise(e)) => {
                    // An evaluation's error is new; the end of a `finally`
                    // or of unmatched `except` clauses re-raises.
                    let evaluates = matches!(op, Op::SetReg { .. } | Op::JumpIf { .. });
                    let e = if evaluates { self.with_context(tid, f, e) } else { e };
                    if let Some(escaped) = self.unwind(py, f, e) {
                        return Err(Stop::Raise(escaped));
                    }
                    if tid == MAIN && imo::checks_at_handler_entry(self.variant.version) {
                        // 3.8–3.10: the except or finally checks as it starts.
                        self.checked(py, tid, f)?;
                    }
                }
            }
        }
    }

    /// Unwinds `f`'s blocks for `exc`: `None` when a handler or `finally`
    /// takes it, else the exception that escapes the frame.
    fn unwind(&self, py: &mut Py<'_>, f: &mut Frame, exc: Exc) -> Option<Exc> {
        // A `with` block about to be set up (3.14) is not: its lock stays.
        f.at = At::Go;
        loop {
            match f.blocks.pop() {
                Some(Block::Except { handler }) => {
                    f.unwinding = Some(exc);
                    f.pc = handler;
                    return None;
                }
                Some(Block::Finally { finally }) => {
                    f.pending.push(Pending::Raise(exc));
                    f.pc = finally;
                    return None;
                }
                Some(Block::Handler) => {
                    f.handling.pop();
                }
                Some(Block::With { lock }) => {
                    // Leaving `with` releases the lock, also on the way out.
                    let _ = self.release(py, lock);
                }
                None => return Some(exc),
            }
        }
    }

    fn release(&self, py: &mut Py<'_>, lock: u8) -> Result<(), PyException> {
        let l = self.st().locks[lock as usize];
        l.release(py)
    }

    fn control(&self, py: &mut Py<'_>, tid: Tid, f: &mut Frame, op: &Op) -> Flow<()> {
        let mut pc = f.pc + 1;
        match op {
            Op::Nop => {}
            Op::SetReg { reg, value } => {
                let v = self.eval(py, tid, f, value)?;
                self.write(f, *reg, v);
            }
            Op::Jump { to } => pc = *to,
            Op::JumpIf { cond, when, to } => {
                if values::truthy(&self.eval(py, tid, f, cond)?, self) == *when {
                    pc = *to;
                }
            }
            Op::ForInit { counter } => self.write(f, *counter, Value::Int(0)),
            Op::ForNext { counter, var, exit, count } => {
                let c = match self.read(f, *counter) {
                    Some(Value::Int(c)) => c,
                    _ => 0,
                };
                if c >= i64::from(*count) {
                    pc = *exit;
                } else {
                    self.write(f, *var, Value::Int(c));
                    self.write(f, *counter, Value::Int(c + 1));
                }
            }
            Op::ForNextItem { counter, items, var, exit } => {
                let c = match self.read(f, *counter) {
                    Some(Value::Int(c)) => c as usize,
                    _ => 0,
                };
                match items.get(c) {
                    None => pc = *exit,
                    Some(&item) => {
                        let value = self.read(f, item).unwrap_or(Value::None);
                        self.write(f, *var, value);
                        self.write(f, *counter, Value::Int(c as i64 + 1));
                    }
                }
            }
            Op::Unpack { value, targets } => {
                let v = self.read(f, *value).unwrap_or(Value::None);
                let items = values::unpack(&v, targets.len(), self, self.variant.version.is_314()).map_err(Stop::Raise)?;
                for (target, item) in targets.iter().zip(items) {
                    self.write(f, *target, item);
                }
            }
            Op::ForNextEach { counter, seq, var, exit } => {
                let c = match self.read(f, *counter) {
                    Some(Value::Int(c)) => c as usize,
                    _ => 0,
                };
                let seq = self.read(f, *seq).unwrap_or(Value::None);
                match values::iter_next(&seq, c, self).map_err(Stop::Raise)? {
                    None => pc = *exit,
                    Some(value) => {
                        self.write(f, *var, value);
                        self.write(f, *counter, Value::Int(c as i64 + 1));
                    }
                }
            }
            Op::ForNextIn { counter, bound, step, var, exit } => {
                let step = step.map(|r| self.read(f, r).unwrap_or(Value::None));
                let next = values::range_next(
                    &self.read(f, *counter).unwrap_or(Value::None),
                    &self.read(f, *bound).unwrap_or(Value::None),
                    step.as_ref(),
                )
                .map_err(Stop::Raise)?;
                match next {
                    None => pc = *exit,
                    Some((value, following)) => {
                        self.write(f, *var, Value::Int(value));
                        self.write(f, *counter, Value::Int(following));
                    }
                }
            }
            Op::SetupExcept { handler } => f.blocks.push(Block::Except { handler: *handler }),
            Op::SetupFinally { finally } => f.blocks.push(Block::Finally { finally: *finally }),
            Op::PopBlock => {
                f.blocks.pop();
            }
            Op::EnterFinally => {
                f.blocks.pop();
                f.pending.push(Pending::Normal);
            }
            Op::ExceptMatch { types, name, next } => {
                let exc = f.unwinding.clone().expect("an except clause runs while unwinding");
                if types.is_empty() || types.iter().any(|ty| exc.class.is_subclass_of(ty)) {
                    f.unwinding = None;
                    f.blocks.push(Block::Handler);
                    f.handling.push(exc.clone());
                    if let Some(n) = name {
                        self.write(f, *n, Value::Exc(Arc::new(exc)));
                    }
                } else {
                    pc = *next;
                }
            }
            Op::ExceptEnd { name } => {
                f.blocks.pop();
                f.handling.pop();
                if let Some(n) = name {
                    self.unbind(f, *n);
                }
            }
            Op::EndFinally => {
                if let Some(Pending::Raise(e)) = f.pending.pop() {
                    f.pc = pc;
                    return Err(Stop::Raise(e));
                }
            }
            Op::Unwind => {
                let e = f.unwinding.take().expect("unwinding");
                return Err(Stop::Raise(e));
            }
            other => unreachable!("statement {other:?} run as control"),
        }
        f.pc = pc;
        Ok(())
    }

}
