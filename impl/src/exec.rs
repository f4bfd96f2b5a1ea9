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
        outcome: Outcome { stdout: st.stdout.clone(), stderr: st.stderr.clone(), exit, hang, forever: false },
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

    // ---- exceptions across the runtime -----------------------------------------

    /// A runtime exception as the model's: our own raised exceptions come
    /// back as they were (payload); the runtime's new ones are converted.
    fn to_exc(&self, e: &PyException) -> Exc {
        if let Some(x) = e.payload.as_ref().and_then(|p| p.downcast_ref::<Exc>()) {
            return x.clone();
        }
        let class = match &e.kind {
            ExcKind::KeyboardInterrupt => Class::Named(ExcType::KeyboardInterrupt),
            ExcKind::SystemExit => Class::Named(ExcType::SystemExit),
            ExcKind::ValueError => Class::Named(ExcType::ValueError),
            ExcKind::RuntimeError => Class::Named(ExcType::RuntimeError),
            ExcKind::OverflowError => Class::Named(ExcType::OverflowError),
            ExcKind::AttributeError => Class::Named(ExcType::AttributeError),
            ExcKind::TypeError => Class::Named(ExcType::TypeError),
            ExcKind::Other(name) => {
                Class::Named(ExcType::builtin_from_name(name).unwrap_or_else(|| ExcType::user(name.clone(), ExcType::Exception)))
            }
            ExcKind::Killed => unreachable!("Killed is not an exception"),
        };
        let arg = e.message.as_ref().map(|m| Value::Str(Text::new(m))).or(e.code.map(Value::Int));
        Exc { class, arg, context: None }
    }

    /// The model's exception as a runtime exception (carried as the payload).
    fn to_py(&self, e: Exc) -> PyException {
        let kind = match &e.class {
            Class::Named(ExcType::KeyboardInterrupt) => ExcKind::KeyboardInterrupt,
            Class::Named(ExcType::SystemExit) => ExcKind::SystemExit,
            Class::Named(ExcType::ValueError) => ExcKind::ValueError,
            Class::Named(ExcType::RuntimeError) => ExcKind::RuntimeError,
            Class::Named(ExcType::OverflowError) => ExcKind::OverflowError,
            Class::Named(ExcType::AttributeError) => ExcKind::AttributeError,
            Class::Named(ExcType::TypeError) => ExcKind::TypeError,
            other => ExcKind::Other(other.name().to_string()),
        };
        // SystemExit's argument as an exit code: None → 0, an int, a bool;
        // anything else (a message) is printed and gives 1.
        let code = match &e.arg {
            _ if kind != ExcKind::SystemExit => None,
            None | Some(Value::None) => None,
            Some(Value::Int(n)) => Some(*n),
            Some(Value::Bool(b)) => Some(i64::from(*b)),
            Some(_) => Some(1),
        };
        PyException { kind, message: None, code, payload: Some(Arc::new(e)) }
    }

    /// A runtime error as a `Stop`; `fresh` runtime exceptions get the
    /// `__context__` of what `tid` is handling.
    fn stop(&self, tid: Tid, f: &Frame, e: PyException) -> Stop {
        if e.is_killed() {
            return Stop::Killed;
        }
        let fresh = e.payload.is_none();
        let exc = self.to_exc(&e);
        Stop::Raise(if fresh { self.with_context(tid, f, exc) } else { exc })
    }

    /// The exception being handled where `f` is (its innermost `except`
    /// body's, else the one a `finally` body was entered with).
    fn handled(f: &Frame) -> Option<Exc> {
        f.unwinding.clone().or_else(|| f.handling.last().cloned()).or_else(|| {
            f.pending.iter().rev().find_map(|p| match p {
                Pending::Raise(x) => Some(x.clone()),
                Pending::Normal => None,
            })
        })
    }

    /// A statement's own exception with its `__context__` (a callee's
    /// already has its own).
    pub(super) fn in_context(&self, tid: Tid, f: &Frame, e: Stop) -> Stop {
        match e {
            Stop::Raise(x) => Stop::Raise(self.with_context(tid, f, x)),
            other => other,
        }
    }

    /// A runtime error as a statement's stop: the process exit stops the
    /// thread, anything else is raised as the model's exception.
    pub(super) fn rt(&self, e: PyException) -> Stop {
        if e.is_killed() {
            Stop::Killed
        } else {
            Stop::Raise(self.to_exc(&e))
        }
    }

    /// A new exception gets the handled one as its `__context__`, looking at
    /// this frame, then the frames below it (a handler call's interrupted code).
    fn with_context(&self, tid: Tid, f: &Frame, mut e: Exc) -> Exc {
        if let Some(h) = self.handled_by_thread(tid, f) {
            e.context = Some(Arc::new(h));
        }
        e
    }

    /// The exception thread `tid` is handling, `f` its running frame: this
    /// frame's, else the calls' below it (a bare `raise` in a function
    /// called from an `except` body re-raises that body's exception).
    fn handled_by_thread(&self, tid: Tid, f: &Frame) -> Option<Exc> {
        Self::handled(f).or_else(|| {
            let st = self.st();
            let calls = st.contexts.get(tid as usize)?;
            // The last entry is this call's own; look below it.
            calls.iter().rev().skip(1).find_map(|c| c.clone())
        })
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

    /// Executes one statement through the runtime.
    fn statement(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, op: &Op) -> Flow<()> {
        let rt = |e| self.rt(e);
        match op {
            Op::Assign { var, value } => {
                let v = self.eval(py, tid, f, value)?;
                self.write(f, *var, v);
            }
            Op::RepeatList { var, items, count } => {
                let values = self.eval_all(py, tid, f, items)?;
                let n = self.eval(py, tid, f, count)?;
                match values::repeat(&values, &n).map_err(Stop::Raise)? {
                    Some(items) => {
                        let id = self.new_list(items);
                        self.write(f, *var, Value::List(id));
                    }
                    None => return Err(Stop::Raise(err(ExcType::RuntimeError, "a list longer than the model keeps"))),
                }
            }
            Op::Bitwise { var, op, left, right } => {
                let (a, b) = (self.eval(py, tid, f, left)?, self.eval(py, tid, f, right)?);
                let v = match values::set_binop(*op, &a, &b, &**self) {
                    Some(items) => Value::Set(self.new_list(items)),
                    None => values::binop(*op, &a, &b, &**self).map_err(Stop::Raise)?,
                };
                self.write(f, *var, v);
            }
            Op::NewList { var, items } => {
                let values = self.eval_all(py, tid, f, items)?;
                let id = self.new_list(values);
                self.write(f, *var, Value::List(id));
            }
            Op::NewDict { var, items } => {
                let mut entries = Vec::new();
                for (k, v) in items {
                    let k = k.as_ref().map(|k| self.eval(py, tid, f, k)).transpose()?;
                    entries.push((k, self.eval(py, tid, f, v)?));
                }
                let items = values::dict_items(&entries, &**self).map_err(Stop::Raise)?;
                let id = self.new_list(items);
                self.write(f, *var, Value::Dict(id));
            }
            Op::NewTuple { var, items } => {
                let values = self.eval_all(py, tid, f, items)?;
                let id = self.new_list(values);
                self.write(f, *var, Value::Tuple(id));
            }
            Op::NewRange { var, start, stop, step } => {
                let start = start.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let stop = self.eval(py, tid, f, stop)?;
                let step = step.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                // Past the model's bound the runtime still makes the list.
                let items = values::range_items(start.as_ref(), &stop, step.as_ref()).map_err(Stop::Raise)?.unwrap_or_default();
                let id = self.new_list(items);
                self.write(f, *var, Value::List(id));
            }
            Op::ListAppend { list, value } | Op::CompAppend { list, value } => {
                let l = self.list_of(py, tid, f, list, "append")?;
                let v = self.eval(py, tid, f, value)?;
                self.st().lists[l as usize].push(v);
            }
            Op::NewSet { var, from, .. } => {
                let from = match from {
                    Some(e) => Some(self.eval(py, tid, f, e)?),
                    None => None,
                };
                let items = values::set_items(from.as_ref(), &**self).map_err(Stop::Raise)?;
                let id = self.new_list(items);
                self.write(f, *var, Value::Set(id));
            }
            Op::SetAdd { set, value } => {
                let l = match self.eval(py, tid, f, set)? {
                    Value::Set(l) => l,
                    other => return Err(Stop::Raise(err(ExcType::AttributeError, &format!("'{}' object has no attribute 'add'", values::type_name(&other))))),
                };
                let v = self.eval(py, tid, f, value)?;
                // The items are copied first: comparing reads the lists under the lock.
                let items = self.st().lists[l as usize].clone();
                if !values::set_holds(&items, &v, &**self) {
                    self.st().lists[l as usize].push(v);
                }
            }
            Op::ListRemove { list, value } => {
                let l = self.list_of(py, tid, f, list, "remove")?;
                let v = self.eval(py, tid, f, value)?;
                // The items are copied first: comparing reads the lists under the lock.
                let items = self.st().lists[l as usize].clone();
                let at = values::remove_position(&items, &v, &**self).map_err(Stop::Raise)?;
                self.st().lists[l as usize].remove(at);
            }
            Op::VersionInfo { dest } => {
                let id = self.new_list(values::version_info(self.variant.version));
                self.write(f, *dest, Value::Tuple(id));
            }
            Op::Enumerate { dest } => {
                let items: Vec<Value> = py.enumerate().into_iter().map(Value::Thread).collect();
                let id = self.new_list(items);
                self.write(f, *dest, Value::List(id));
            }
            Op::Builtin { function, value, dest } => {
                let v = self.eval(py, tid, f, value)?;
                let result = values::builtin(*function, &v, &**self).map_err(Stop::Raise)?;
                let result = self.made(result);
                self.write(f, *dest, result);
            }
            Op::Slice { value, lower, upper, dest } => {
                let v = self.eval(py, tid, f, value)?;
                let lower = lower.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let upper = upper.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let result = values::slice(&v, lower.as_ref(), upper.as_ref(), &**self).map_err(Stop::Raise)?;
                let result = self.made(result);
                self.write(f, *dest, result);
            }
            Op::ListPop { list, index, dest } => {
                let l = self.list_of(py, tid, f, list, "pop")?;
                let i = match index {
                    Some(i) => Some(self.eval(py, tid, f, i)?),
                    None => None,
                };
                let mut st = self.st();
                let at = values::pop_position(st.lists[l as usize].len(), i.as_ref()).map_err(Stop::Raise)?;
                let item = st.lists[l as usize].remove(at);
                drop(st);
                if let Some(d) = dest {
                    self.write(f, *d, item);
                }
            }
            Op::SetItem { target, index, value } => {
                let v = self.eval(py, tid, f, value)?;
                let container = self.eval(py, tid, f, target)?;
                let i = self.eval(py, tid, f, index)?;
                let l = match container {
                    Value::List(l) | Value::Dict(l) => l,
                    _ => 0,
                };
                let items = values::Heap::items(&**self, l);
                let at = values::item_at(&container, &items, &i, &**self).map_err(Stop::Raise)?;
                let mut st = self.st();
                match at {
                    values::ItemAt::Replace(at) => st.lists[l as usize][at] = v,
                    values::ItemAt::Push => st.lists[l as usize].extend([i, v]),
                }
            }
            Op::NewLock { var, reentrant } => {
                let (id, l) = if *reentrant {
                    let r = py.rlock();
                    (AnyLock::Re(r).id(), AnyLock::Re(r))
                } else {
                    let l = py.allocate_lock();
                    (AnyLock::Plain(l).id(), AnyLock::Plain(l))
                };
                let mut st = self.st();
                debug_assert_eq!(st.locks.len(), id as usize);
                st.locks.push(l);
                drop(st);
                self.write(f, *var, Value::Lock(id));
            }
            Op::Call { func, args, dest } => {
                let values = self.eval_all(py, tid, f, args).map_err(|e| self.in_context(tid, f, e))?;
                let mut callee = self.new_frame(*func, &values);
                // The callee's entry check was the one before this statement
                // (`interrupts_main_only::checks`), as in the model.
                self.call(py, &mut callee, false)?;
                let code = &self.program.codes[*func as usize];
                let value = code.ret.and_then(|r| callee.locals[r as usize].clone()).unwrap_or(Value::None);
                if let Some(d) = dest {
                    self.write(f, *d, value);
                }
            }
            Op::CallValue { callee, args, star, dstar, dest } => {
                let with_context = |e| self.in_context(tid, f, e);
                let callee = self.eval(py, tid, f, callee).map_err(with_context)?;
                let mut values = self.eval_all(py, tid, f, args).map_err(with_context)?;
                if let Some(star) = star {
                    let rest = self.eval(py, tid, f, star).map_err(with_context)?;
                    values.extend(values::star_items(&rest, &**self).map_err(|e| with_context(Stop::Raise(e)))?);
                }
                let dstar = dstar.as_ref().map(|d| self.eval(py, tid, f, d)).transpose().map_err(with_context)?;
                if let Value::Builtin(pythread_model::state::BuiltinFn::Append(l)) = callee {
                    // `lst.append(x)` called through the value.
                    let item = values::append_arg(values, dstar.as_ref(), &**self).map_err(|e| with_context(Stop::Raise(e)))?;
                    self.st().lists[l as usize].push(item);
                    if let Some(d) = dest {
                        self.write(f, *d, Value::None);
                    }
                } else if let Value::Builtin(pythread_model::state::BuiltinFn::Ref(b)) = callee {
                    let keywords = match &dstar {
                        Some(d) => values::keyword_items(b.name(), d, &**self).map_err(|e| with_context(Stop::Raise(e)))?,
                        None => Vec::new(),
                    };
                    let value = match values::call_builtin(b, &values, &keywords) {
                        Some(result) => result.map_err(|e| with_context(Stop::Raise(e)))?,
                        None => return Err(Stop::Raise(err(ExcType::RuntimeError, &format!("this call of {} is not modelled", b.name())))),
                    };
                    if let Some(d) = dest {
                        self.write(f, *d, value);
                    }
                } else {
                    let callee = objects::callee(&self.program, &self.st().objects, &callee).map_err(|e| with_context(Stop::Raise(e)))?;
                    let keywords = match dstar {
                        Some(d) => values::keyword_items(objects::call_name(&self.program, callee.code), &d, &**self).map_err(|e| with_context(Stop::Raise(e)))?,
                        None => Vec::new(),
                    };
                    let all = self.bind(callee.code, callee.with(values), &keywords).map_err(with_context)?;
                    let mut frame = self.new_frame(callee.code, &all);
                    self.call(py, &mut frame, false)?;
                    let code = &self.program.codes[callee.code as usize];
                    let value = code.ret.and_then(|r| frame.locals[r as usize].clone()).unwrap_or(Value::None);
                    if let Some(d) = dest {
                        self.write(f, *d, value);
                    }
                }
            }
            Op::New { .. } | Op::CallMethod { .. } | Op::SetAttr { .. } | Op::ThreadInit { .. } => self.object_op(py, tid, f, op)?,
            Op::NewThread { var, func, target, daemon, args, name } => {
                let target = target.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let values = self.eval_all(py, tid, f, args)?;
                let (func, values) = match target {
                    Some(target) => self.thread_target(&target, values, &[])?,
                    None => (*func, values),
                };
                let name = name.as_ref().map(|n| self.eval(py, tid, f, n)).transpose()?.map(|v| values::to_str(&v, &**self));
                let exec = self.clone();
                let t = py.new_thread_numbered(move |py| exec.thread_code(py, func, &values), *daemon, name.is_none());
                let id = t.id();
                if let Some(name) = name {
                    self.set_name(id, name);
                }
                self.st().keep_thread(id, t, func);
                self.write(f, *var, Value::Thread(id));
            }
            Op::RLock { lock, method, state, dest } => {
                let v = self.load(f, *lock)?;
                let r = match v {
                    Value::Lock(l) => match self.st().locks[l as usize] {
                        AnyLock::Re(r) => Some(r),
                        AnyLock::Plain(_) => None,
                    },
                    _ => None,
                };
                let Some(r) = r else {
                    return Err(Stop::Raise(objects::no_attribute(&self.program, &self.st().objects, &v, method.name())));
                };
                let not_modelled = |what: &str| Stop::Raise(err(ExcType::RuntimeError, &format!("{what} is not modelled")));
                let value = match method {
                    RLockMethod::IsOwned => Value::Bool(r.is_owned(py)),
                    RLockMethod::ReleaseSave => match r.release_save(py).map_err(|e| self.stop(tid, f, e))? {
                        Some(count) => Value::Tuple(self.new_list(vec![Value::Int(i64::from(count)), values::thread_ident(tid, true)])),
                        None => return Err(not_modelled("_release_save() of another thread's RLock")),
                    },
                    RLockMethod::AcquireRestore => {
                        let saved = match state {
                            Some(e) => self.eval(py, tid, f, e)?,
                            None => Value::None,
                        };
                        let Some(count) = values::restore_count(&saved, tid, &**self) else {
                            return Err(not_modelled("an _acquire_restore() state other than this thread's (count, owner)"));
                        };
                        r.acquire_restore(py, count).map_err(|e| self.stop(tid, f, e))?;
                        Value::None
                    }
                };
                if let Some(d) = dest {
                    self.write(f, *d, value);
                }
            }
            Op::Acquire { lock, blocking, timeout, dest, .. } => {
                let l = self.lock_of(f, *lock)?;
                let t = match timeout {
                    Some(e) => values::seconds(&self.eval(py, tid, f, e)?).map_err(Stop::Raise)?.as_f64(),
                    None => -1.0,
                };
                let b = blocking.unwrap_or(true);
                let got = l.acquire(py, b, t).map_err(|e| self.stop(tid, f, e))?;
                if let Some(d) = dest {
                    self.write(f, *d, Value::Bool(got));
                }
            }
            Op::WithEnter { lock } => {
                let l = self.lock_of(f, *lock)?;
                l.acquire(py, true, -1.0).map_err(|e| self.stop(tid, f, e))?;
                if tid == MAIN && imo::with_entry_check(self.variant.version) == imo::WithEntry::Outside {
                    // 3.14 checks before the block is set up (gh-148874): a
                    // raising handler leaves the lock held. The check is
                    // the next turn's; passing it sets up the block.
                    f.at = At::EnterWith(l.id());
                    return Ok(());
                }
                f.blocks.push(Block::With { lock: l.id() });
            }
            Op::WithExit => {
                if let Some(Block::With { lock }) = f.blocks.pop() {
                    // Advance first: an error from the release is raised
                    // after the with statement.
                    f.pc += 1;
                    return self.release(py, lock).map_err(rt);
                }
            }
            Op::Release { lock } => {
                let l = self.lock_of(f, *lock)?;
                f.pc += 1;
                return l.release(py).map_err(rt);
            }
            Op::StartNewThread { func, args } => {
                let values = self.eval_all(py, tid, f, args)?;
                let exec = self.clone();
                let func = *func;
                py.start_new_thread(move |py| exec.thread_code(py, func, &values)).map_err(rt)?;
            }
            Op::AtexitRegister { .. } | Op::AtexitRegisterValue { .. } => {
                let threading = matches!(op, Op::AtexitRegister { threading: true, .. } | Op::AtexitRegisterValue { threading: true, .. });
                if threading {
                    py.threading_atexit_allowed().map_err(rt)?;
                }
                let exit = match op {
                    Op::AtexitRegister { func, args, .. } => ExitFunc { func: Value::Func(*func), code: Some(*func), args: self.eval_all(py, tid, f, args)? },
                    Op::AtexitRegisterValue { callee, args, star, .. } => {
                        let v = self.eval(py, tid, f, callee)?;
                        let mut args = self.eval_all(py, tid, f, args)?;
                        if let Some(star) = star {
                            let rest = self.eval(py, tid, f, star)?;
                            let items = values::star_items(&rest, &**self).map_err(Stop::Raise)?;
                            args.extend(items);
                        }
                        let st = self.st();
                        match pythread_model::objects::exit_func(&self.program, &st.objects, &v, args) {
                            Some(e) => e,
                            None => return Err(Stop::Raise(err(ExcType::RuntimeError, "not modelled: registering a value whose call does not fit its arguments"))),
                        }
                    }
                    _ => unreachable!("a registration"),
                };
                let key = exit.func.clone();
                let exec = self.clone();
                let call = move |py: &mut Py<'_>| exec.exit_call(py, exit, threading);
                if threading {
                    py.register_threading_atexit(call).map_err(rt)?;
                } else {
                    py.register_atexit_value(Some(key), call);
                }
            }
            Op::AtexitUnregister { callee } => {
                let v = self.eval(py, tid, f, callee)?;
                py.unregister_atexit(|k| values::equal(k, &v, &**self));
            }
            Op::AtexitClear => py.clear_atexit(),
            Op::AtexitRun => match py.run_exitfuncs() {
                Some(result) => result.map_err(rt)?,
                None => return Err(Stop::Raise(err(ExcType::RuntimeError, "not modelled: atexit._run_exitfuncs() while the atexit functions run"))),
            },
            Op::Start { thread } => {
                let t = self.thread_of(f, *thread)?;
                t.start(py).map_err(rt)?;
            }
            Op::SetDaemon { thread, daemon } => {
                let t = self.thread_of(f, *thread)?;
                t.set_daemon(py, *daemon).map_err(rt)?;
            }
            Op::Join { thread, timeout } => {
                // `threading.current_thread().join()`: Thread.join's own
                // check, before any thread handle is needed (the runtime has
                // none for the main thread).
                if self.read(f, *thread).and_then(|v| self.thread_id_in(&v)) == Some(tid) {
                    return Err(Stop::Raise(err(ExcType::RuntimeError, "cannot join current thread")));
                }
                let t = self.thread_of(f, *thread)?;
                let timeout = timeout.map(|n| n.to_millis().unwrap_or(0).max(0) as f64 / 1000.0);
                t.join(py, timeout).map_err(|e| self.stop(tid, f, e))?;
            }
            Op::Sleep { .. } | Op::SleepFor { .. } => {
                let seconds = match op {
                    Op::SleepFor { seconds } => values::seconds(&self.eval(py, tid, f, seconds)?).map_err(Stop::Raise)?,
                    Op::Sleep { seconds } => *seconds,
                    _ => unreachable!("a sleep"),
                };
                let ms = seconds.to_millis().unwrap_or(i64::MAX);
                let secs = if ms < 0 { -1.0 } else { ms as f64 / 1000.0 };
                py.sleep(secs).map_err(|e| self.stop(tid, f, e))?;
            }
            Op::SetHandler { sig, handler, old } => {
                let new = match handler {
                    HandlerRef::Function(code) => HandlerState::Function(*code),
                    HandlerRef::Ignore => HandlerState::Ignore,
                    HandlerRef::Default => HandlerState::Default,
                    HandlerRef::DefaultInt => HandlerState::DefaultInt,
                    HandlerRef::Var(v) => match imo::handler_value(&self.program, &self.load(f, *v)?) {
                        imo::HandlerValue::Installs(h) => h,
                        imo::HandlerValue::Beyond => return Err(Stop::Raise(err(ExcType::RuntimeError, "a handler that is a bound method or a function not taking (signum, frame) is not modelled"))),
                        // The checks before the handler's (`signal.signal`'s order).
                        _ if self.variant.platform == Platform::Windows && !matches!(sig, pythread_model::scenario::Sig::SIGINT | pythread_model::scenario::Sig::SIGTERM) => {
                            py.signal_number(*sig).map_err(rt)?;
                            unreachable!("signal_number fails for a signal Windows lacks")
                        }
                        _ if tid != MAIN => {
                            let msg = imo::signal_outside_main_message(self.variant.version, false);
                            return Err(self.stop(tid, f, PyException::with_message(ExcKind::ValueError, msg)));
                        }
                        _ => return Err(Stop::Raise(err(ExcType::TypeError, imo::bad_handler_message(false)))),
                    },
                };
                let h = match new {
                    HandlerState::Function(code) => {
                        let exec = self.clone();
                        Handler::Python(Arc::new(move |py: &mut Py<'_>, signum| exec.handler_code(py, code, signum)))
                    }
                    HandlerState::Ignore => Handler::Ignore,
                    HandlerState::Default => Handler::Default,
                    HandlerState::DefaultInt => Handler::DefaultInt,
                };
                py.signal(*sig, h).map_err(rt)?;
                let previous = std::mem::replace(&mut self.st().handlers[*sig as usize], new);
                if let Some(o) = old {
                    self.write(f, *o, previous.value());
                }
            }
            Op::Alarm { seconds, itimer } => {
                if self.variant.platform == Platform::Windows {
                    py.alarm(None, *itimer).map_err(rt)?;
                }
                let v = self.eval(py, tid, f, seconds)?;
                match values::alarm_delay(&v, *itimer, self.variant.version, false).map_err(Stop::Raise)? {
                    Ok(delay) => py.alarm(delay, *itimer).map_err(rt)?,
                    Err(()) => return Err(Stop::Raise(err(ExcType::RuntimeError, "a negative setitimer delay is not modelled"))),
                }
            }
            Op::SetStderr { none } => self.st().stderr_none = *none,
            Op::SetSwitchInterval { value } => {
                let v = self.eval(py, tid, f, value)?;
                let us = values::switch_interval_us(&v).map_err(Stop::Raise)?;
                self.st().switch_interval = us;
            }
            Op::Pause => {
                if tid != MAIN && self.variant.platform != Platform::Windows {
                    return Err(Stop::Raise(err(ExcType::RuntimeError, "signal.pause() outside the main thread is not modelled")));
                }
                py.pause().map_err(|e| self.stop(tid, f, e))?;
            }
            Op::SigMask { how, signals, dest } => {
                if self.variant.platform == Platform::Windows {
                    py.pthread_sigmask(*how, 0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let old = py.pthread_sigmask(*how, mask).map_err(|e| self.stop(tid, f, e))?;
                let set = self.signal_set(old);
                self.write(f, *dest, set);
            }
            Op::SigPending { dest } => {
                let held = py.sigpending().map_err(rt)?;
                let set = self.signal_set(held);
                self.write(f, *dest, set);
            }
            Op::SigWait { signals, timeout: None, dest } => {
                if self.variant.platform == Platform::Windows {
                    py.sigwait(0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let sig = py.sigwait(mask).map_err(|e| self.stop(tid, f, e))?;
                self.write(f, *dest, values::taken_signal(sig, false));
            }
            Op::SigWait { signals, timeout: Some(timeout), dest } => {
                if self.variant.platform == Platform::Windows {
                    py.sigtimedwait(0, 0.0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let ms = values::sigtimedwait_timeout(&self.eval(py, tid, f, timeout)?).map_err(Stop::Raise)?;
                let got = py.sigtimedwait(mask, ms as f64 / 1000.0).map_err(|e| self.stop(tid, f, e))?;
                self.write(f, *dest, got.map_or(Value::None, |sig| values::taken_signal(sig, true)));
            }
            Op::Kill { sig } => {
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::Kill)? {
                    py.kill(sig).map_err(rt)?;
                }
            }
            Op::PthreadKill { target, sig } => {
                // `signal.pthread_kill` itself is missing on Windows: that
                // error comes before the target is looked at.
                let to = match target {
                    _ if self.variant.platform == Platform::Windows => MAIN,
                    KillTarget::Main => MAIN,
                    KillTarget::Current => tid,
                    KillTarget::Thread(v) => self.thread_of(f, *v)?.id(),
                    KillTarget::Ident(e) => match self.eval(py, tid, f, e)? {
                        Value::None => return Err(Stop::Raise(err(ExcType::TypeError, "'NoneType' object cannot be interpreted as an integer"))),
                        v => match values::thread_of_ident(&v) {
                            Some(x) => x,
                            None => return Err(Stop::Raise(err(ExcType::RuntimeError, "an ident of no thread is not modelled"))),
                        },
                    },
                };
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::PthreadKill)? {
                    py.pthread_kill(to, sig).map_err(rt)?;
                }
            }
            Op::RaiseSignal { sig } => {
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::RaiseSignal)? {
                    py.raise_signal(sig).map_err(rt)?;
                }
            }
            Op::InterruptMain { sig } => {
                let sending = match sig {
                    Some(s) => Some(self.sending(py, tid, f, s, imo::Sender::InterruptMain)?),
                    None => None,
                };
                let signum = match sending {
                    None => None,
                    // Before 3.10 any argument is a TypeError (`interrupt_main` says so).
                    Some(_) if self.variant.version.minor < 10 => Some(0),
                    Some(imo::Sending::Send(s)) => Some(py.signal_number(s).map_err(rt)?),
                    Some(other) => {
                        self.not_sent(other)?;
                        return Ok(());
                    }
                };
                py.interrupt_main(signum).map_err(rt)?;
            }
            Op::SysExit { code } => {
                let arg = match code {
                    Some(c) => Some(self.eval(py, tid, f, c)?),
                    None => None,
                };
                return Err(Stop::Raise(Exc { class: Class::Named(ExcType::SystemExit), arg, context: None }));
            }
            Op::ThreadExit => return Err(Stop::Raise(Exc::new(ExcType::SystemExit))),
            Op::OsExit { code } => {
                py.os_exit(*code);
                return Err(Stop::Killed);
            }
            Op::Raise { exc, arg } => {
                let arg = match arg {
                    Some(a) => Some(self.eval(py, tid, f, a)?),
                    None => None,
                };
                return Err(Stop::Raise(Exc { class: Class::Named(exc.clone()), arg, context: None }));
            }
            Op::RaiseValue { value } => {
                return Err(Stop::Raise(match self.eval(py, tid, f, value)? {
                    // Not chained to itself (`raise e` in `except … as e`).
                    Value::Exc(e) => match self.handled_by_thread(tid, f) {
                        Some(h) if h == *e => h,
                        Some(h) => Exc { context: Some(Arc::new(h)), ..(*e).clone() },
                        None => (*e).clone(),
                    },
                    _ => self.with_context(tid, f, err(ExcType::TypeError, "exceptions must derive from BaseException")),
                }));
            }
            Op::Reraise => {
                return Err(Stop::Raise(match self.handled_by_thread(tid, f) {
                    Some(e) => e,
                    None => err(ExcType::RuntimeError, "No active exception to reraise"),
                }));
            }
            Op::Assert { test, msg } => {
                if !values::truthy(&self.eval(py, tid, f, test)?, &**self) {
                    let arg = match msg {
                        Some(m) => Some(self.eval(py, tid, f, m)?),
                        None => None,
                    };
                    return Err(Stop::Raise(Exc { class: Class::Named(ExcType::AssertionError), arg, context: None }));
                }
            }
            Op::Write { text } => {
                if let Some(text) = text {
                    let v = self.eval(py, tid, f, text)?;
                    self.write_stdout(py, &values::write_arg(&v).map_err(Stop::Raise)?);
                }
            }
            Op::Print { args, sep, end, stderr, .. } => {
                let mut parts = Vec::new();
                for a in args {
                    parts.push(values::to_str(&self.eval(py, tid, f, a)?, &**self));
                }
                // Two writes, and print() checks for signals before each
                // (the first check is the statement's, before it). What
                // goes to stderr is not kept.
                if !*stderr {
                    self.write_stdout(py, &parts.join(sep));
                }
                if tid == MAIN {
                    self.checked(py, tid, f)?;
                }
                if !*stderr {
                    self.write_stdout(py, end);
                }
            }
            Op::SetHook { hook, value } => {
                let v = self.eval(py, tid, f, value)?;
                self.st().hooks.set(*hook, v);
            }
            Op::Beyond => return Err(Stop::Raise(err(ExcType::RuntimeError, "a branch left out of the model (it imports a module outside the language) is not modelled"))),
            other => unreachable!("control instruction {other:?} run as a statement"),
        }
        f.pc += 1;
        Ok(())
    }

    /// A mask of the signals `pthread_sigmask` or `sigwait` is given.
    fn signal_mask(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, signals: &PExpr) -> Flow<u8> {
        let v = self.eval(py, tid, f, signals)?;
        match values::signal_mask(&v, &**self).map_err(Stop::Raise)? {
            Some(mask) => Ok(mask),
            None => Err(Stop::Raise(err(ExcType::RuntimeError, "a signal other than SIGINT, SIGTERM, SIGUSR1, SIGUSR2 or SIGALRM is not modelled"))),
        }
    }

    /// Whether `v` is a re-entrant lock (a lock's kind is in the state, not
    /// in the value): `isinstance` and `type` ask.
    fn is_rlock(&self, v: &Value) -> bool {
        matches!(v, Value::Lock(l) if matches!(self.st().locks[*l as usize], AnyLock::Re(_)))
    }

        /// A set of `signal.Signals` from a mask, in number order.
    fn signal_set(&self, mask: u8) -> Value {
        Value::Set(self.new_list(imo::signals_in(mask).map(Value::Signal).collect()))
    }

    /// A new list (or tuple) holding `items`, by its id.
    fn new_list(&self, items: Vec<Value>) -> pythread_model::state::ListId {
        let mut st = self.st();
        st.lists.push(items);
        (st.lists.len() - 1) as pythread_model::state::ListId
    }

    /// One write to stdout (as the model's `write_stdout`): text up to a
    /// newline goes on the open line; a new line is shown when it starts.
    fn write_stdout(&self, py: &mut Py<'_>, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            let mut st = self.st();
            if i > 0 {
                if !st.stdout_open {
                    st.stdout.push(String::new());
                    drop(st);
                    py.record(Event::Printed { text: String::new() });
                    st = self.st();
                }
                st.stdout_open = false;
            }
            if piece.is_empty() {
                continue;
            }
            if st.stdout_open {
                if let Some(last) = st.stdout.last_mut() {
                    last.push_str(piece);
                }
            } else {
                st.stdout.push(piece.to_string());
                st.stdout_open = true;
                drop(st);
                py.record(Event::Printed { text: piece.to_string() });
            }
        }
    }

    // ---- values --------------------------------------------------------------------

    fn read(&self, f: &Frame, v: VarRef) -> Option<Value> {
        match v {
            VarRef::Global(g) => self.st().globals.get(g as usize).cloned().flatten(),
            VarRef::Local(l) => f.locals.get(l as usize).cloned().flatten(),
        }
    }

    fn write(&self, f: &mut Frame, v: VarRef, value: Value) {
        match v {
            VarRef::Global(g) => {
                let mut st = self.st();
                let g = g as usize;
                if st.globals.len() <= g {
                    st.globals.resize(g + 1, None);
                }
                st.globals[g] = Some(value);
            }
            VarRef::Local(l) => f.locals[l as usize] = Some(value),
        }
    }

    fn unbind(&self, f: &mut Frame, v: VarRef) {
        match v {
            VarRef::Global(g) => {
                if let Some(slot) = self.st().globals.get_mut(g as usize) {
                    *slot = None;
                }
            }
            VarRef::Local(l) => f.locals[l as usize] = None,
        }
    }

    fn load(&self, f: &Frame, v: VarRef) -> Flow<Value> {
        self.read(f, v).ok_or_else(|| {
            Stop::Raise(match v {
                VarRef::Global(g) => Exc::with_msg(Class::Named(ExcType::NameError), &format!("name '{}' is not defined", self.program.globals[g as usize])),
                VarRef::Local(l) => Exc::with_msg(
                    Class::Named(ExcType::UnboundLocalError),
                    &format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        self.program.codes[f.code as usize].locals[l as usize]
                    ),
                ),
            })
        })
    }

    /// What a call that sends `sig` does, as the model's `sending` (CP40).
    fn sending(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, sig: &SigRef, sender: imo::Sender) -> Flow<imo::Sending> {
        match sig {
            // `signal.SIGxxx` missing on this platform: AttributeError first.
            SigRef::Known(s) => py.signal_number(*s).map(|_| imo::Sending::Send(*s)).map_err(|e| self.rt(e)),
            SigRef::Value(e) => {
                let v = self.eval(py, tid, f, e)?;
                Ok(imo::sending(sender, &v, self.variant.platform == Platform::Windows, false))
            }
        }
    }

    /// The signal a call sends, or `None` when it sends none (the null
    /// signal); its error, or "not modelled" beyond the model.
    fn sent(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, sig: &SigRef, sender: imo::Sender) -> Flow<Option<Sig>> {
        match self.sending(py, tid, f, sig, sender)? {
            imo::Sending::Send(s) => Ok(Some(s)),
            other => self.not_sent(other).map(|()| None),
        }
    }

    fn not_sent(&self, sending: imo::Sending) -> Flow<()> {
        match sending {
            imo::Sending::Error(class, msg) => Err(Stop::Raise(err(class, msg))),
            imo::Sending::Beyond => Err(Stop::Raise(err(ExcType::RuntimeError, "a signal other than SIGINT, SIGTERM, SIGUSR1, SIGUSR2 or SIGALRM is not modelled"))),
            _ => Ok(()),
        }
    }

    fn lock_of(&self, f: &Frame, v: VarRef) -> Flow<AnyLock> {
        let value = self.load(f, v)?;
        let st = self.st();
        match objects::lock_in(&self.program, &st.objects, &value) {
            Some(l) => Ok(st.locks[l as usize]),
            None => Err(Stop::Raise(err(ExcType::AttributeError, "object has no attribute 'acquire'"))),
        }
    }

    /// The list `e` evaluates to, for its method `method`.
    fn list_of(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, e: &PExpr, method: &str) -> Flow<pythread_model::state::ListId> {
        match self.eval(py, tid, f, e)? {
            Value::List(l) => Ok(l),
            other => Err(Stop::Raise(err(ExcType::AttributeError, &format!("'{}' object has no attribute '{method}'", values::type_name(&other))))),
        }
    }

    fn thread_of(&self, f: &Frame, v: VarRef) -> Flow<Thread> {
        let value = self.load(f, v)?;
        self.thread_in(&value)
    }

    /// The values of a call's arguments, left to right.
    fn eval_all(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, args: &[PExpr]) -> Flow<Vec<Value>> {
        args.iter().map(|a| self.eval(py, tid, f, a)).collect()
    }

    fn eval(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, e: &PExpr) -> Flow<Value> {
        Ok(match e {
            PExpr::Lit(l) => Value::from_literal(l),
            PExpr::Var(v) => self.load(f, *v)?,
            PExpr::Signal(sig) => {
                py.signal_number(*sig).map_err(|e| Stop::Raise(self.to_exc(&e)))?;
                Value::Signal(*sig)
            }
            PExpr::ItimerReal if self.variant.platform == Platform::Windows => {
                return Err(Stop::Raise(err(ExcType::AttributeError, "module 'signal' has no attribute 'ITIMER_REAL'")));
            }
            PExpr::ItimerReal => Value::Int(0),
            PExpr::Func(code) => Value::Func(*code),
            PExpr::Handler(h) => Value::Handler(*h),
            PExpr::SwitchInterval => values::switch_interval_seconds(self.st().switch_interval),
            PExpr::TypeOf(v) => {
                let v = self.eval(py, tid, f, v)?;
                let rlock = self.is_rlock(&v);
                pythread_model::objects::type_of(&self.program, &self.st().objects, &v, rlock)
            }
            PExpr::LockType => Value::Type(Text::new("_thread.lock")),
            PExpr::Type(name) => Value::Type(name.clone()),
            PExpr::Hook(h) => self.st().hooks.get(*h).clone(),
            PExpr::BuiltinRef(b) => Value::Builtin(pythread_model::state::BuiltinFn::Ref(*b)),
            PExpr::Nsig => Value::Int(if self.variant.platform == Platform::Windows { imo::NSIG_WINDOWS } else { imo::NSIG }),
            PExpr::Not(o) => Value::Bool(!values::truthy(&self.eval(py, tid, f, o)?, self)),
            PExpr::And(os) | PExpr::Or(os) => {
                let is_and = matches!(e, PExpr::And(_));
                let mut last = Value::None;
                for o in os {
                    last = self.eval(py, tid, f, o)?;
                    if values::truthy(&last, self) != is_and {
                        break;
                    }
                }
                last
            }
            PExpr::Cmp(op, l, r) => {
                let (a, b) = (self.eval(py, tid, f, l)?, self.eval(py, tid, f, r)?);
                Value::Bool(values::compare(*op, &a, &b, self).map_err(Stop::Raise)?)
            }
            PExpr::Bin(op, l, r) => {
                let (a, b) = (self.eval(py, tid, f, l)?, self.eval(py, tid, f, r)?);
                values::binop(*op, &a, &b, self).map_err(Stop::Raise)?
            }
            PExpr::Format(parts) => values::format_fields(parts, |e| self.eval(py, tid, f, e), Stop::Raise, self)?,
            PExpr::Len(v) => values::len(&self.eval(py, tid, f, v)?, self).map_err(Stop::Raise)?,
            PExpr::IsInstance(v, types) => {
                let v = self.eval(py, tid, f, v)?;
                values::is_instance(&v, types, self.is_rlock(&v))
            }
            PExpr::Convert(v, repr) => {
                let v = self.eval(py, tid, f, v)?;
                let text = match self.thread_id_in(&v) {
                    Some(x) => {
                        let class = pythread_model::objects::type_name(&self.program, &self.st().objects, &v);
                        let life = py.thread_life(x);
                        let started = life != crate::runtime::Life::NotStarted;
                        let stopped = matches!(life, crate::runtime::Life::Done | crate::runtime::Life::Killed);
                        values::thread_repr(&class, &self.thread_name(py, x), started, stopped, py.is_daemon(x), x)
                    }
                    None => values::convert(&v, *repr, self),
                };
                Value::Str(Text::new(&text))
            }
            PExpr::Index(v, i) => {
                let (v, i) = (self.eval(py, tid, f, v)?, self.eval(py, tid, f, i)?);
                values::index(&v, &i, self).map_err(Stop::Raise)?
            }
            PExpr::Locked(v) => match self.lock_of(f, *v)? {
                AnyLock::Plain(l) => Value::Bool(l.locked(py)),
                AnyLock::Re(r) => Value::Bool(r.locked(py).map_err(|e| Stop::Raise(self.to_exc(&e)))?),
            },
            PExpr::IsAlive(v) => Value::Bool(self.thread_of(f, *v)?.is_alive(py)),
            PExpr::Attr(v, a) => {
                let v = self.eval(py, tid, f, v)?;
                self.attr(py, &v, *a)?
            }
            PExpr::IsMainThread => Value::Bool(tid == MAIN),
            PExpr::Now => values::clock_seconds(py.now()),
            PExpr::ThreadCount => Value::Int(py.running_threads() as i64),
            PExpr::ThreadQuery(q) => match q {
                pythread_model::scenario::ThreadQuery::Current => Value::Thread(tid),
                pythread_model::scenario::ThreadQuery::Main => Value::Thread(MAIN),
                pythread_model::scenario::ThreadQuery::Ident | pythread_model::scenario::ThreadQuery::LowIdent => values::thread_ident(tid, true),
                pythread_model::scenario::ThreadQuery::ActiveCount => Value::Int(py.enumerate().len() as i64),
            },
            PExpr::CurrentThreadName => Value::Str(Text::new(&self.thread_name(py, tid))),
        })
    }

    /// `threading.current_thread().name`.
    fn thread_name(&self, py: &mut Py<'_>, tid: Tid) -> String {
        if let Some(Some(name)) = self.st().names.get(tid as usize) {
            return name.clone();
        }
        match py.thread_kind(tid) {
            ThreadKind::Main => "MainThread".into(),
            ThreadKind::Threading(n) => {
                let func = self.st().threads[tid as usize].as_ref().map_or(0, |t| t.1);
                let target = (func != self.program.empty_run).then(|| self.program.codes[func as usize].name.as_str());
                self.variant.version.thread_name(n, target)
            }
            ThreadKind::Raw(n) => format!("Dummy-{n}"),
        }
    }
}
