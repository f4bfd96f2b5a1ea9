//! Caveat 1, `interrupts-main-only`: signals may arrive on any thread, but the
//! Python-level handler runs only in the main thread, at its next eval-breaker
//! check (`trip_signal` / `_PyErr_CheckSignalsTstate` in
//! `Modules/signalmodule.c`). So KeyboardInterrupt from Ctrl-C is raised only
//! in the main thread, and only where that version checks: the end of a
//! call (still inside the `try` around it), a Python callee's entry, a loop's
//! back edge, and per version more or fewer places (`checks`; the table with
//! sources is `research/eval-breaker.md`, the generated one `specs/interrupts-main-only.md`).
//!
//! ```text
//! deliver(sig, route):   handler = SIG_IGN  → dropped
//!                        handler = SIG_DFL  → process terminated (not for interrupt_main)
//!                        Python handler     → tripped[sig] = 1; maybe wake main (acquire_interruptible)
//! main at a check point (checks(op, version), back edges, handler entry ≤3.10,
//!   with entry 3.14, module end 3.13.15+/3.14, threading._shutdown, a woken wait):
//!   tripped ≠ ∅ → run the lowest-numbered handler there
//! between check points: no handler runs, whatever is tripped
//! ```

use super::{HasRules, Mutation, Rules};
use stateright::Model;
use crate::program::{Op, PExpr};
use crate::scenario::Sig;
use crate::state::{Event, State, MAIN};
use crate::variant::Version;
use stateright::Property;

pub const HANDLED_ONLY_IN_MAIN: &str = "interrupt-handled-only-in-main";
pub const PENDING_AT_CHECK_POINT: &str = "pending-signal-handled-at-next-check-point";

/// The witness that a handler runs at a check point of `kind`.
pub fn witness_at(kind: CheckKind) -> String {
    format!("witness-handler-at-{}", kind.name())
}

/// Signals in the order CPython scans them (by signal number).
pub const SCAN_ORDER: [Sig; 5] = [Sig::SIGINT, Sig::SIGUSR1, Sig::SIGUSR2, Sig::SIGALRM, Sig::SIGTERM];

/// A C function that takes an int (`signal.alarm`) given a value of type
/// `type_name`: `TypeError` with this text (observed for a float under
/// 3.8–3.14 and PyPy 3.9).
pub fn int_argument_message(v: Version, pypy: bool, type_name: &str) -> String {
    if pypy {
        format!("expected integer, got {type_name} object")
    } else if v.minor <= 9 && type_name == "float" {
        "integer argument expected, got float".into()
    } else if v.minor <= 9 {
        format!("an integer is required (got type {type_name})")
    } else {
        format!("'{type_name}' object cannot be interpreted as an integer")
    }
}

/// `signal.signal(sig, h)` with an `h` that is no handler: `TypeError`
/// with this text (observed under 3.8, 3.12, 3.14 and PyPy 3.9).
/// What `signal.signal(sig, value)` makes of a handler held in a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerValue {
    /// A SIG_* constant, a handler `signal.signal` returned, or a function
    /// of the script (or a lambda) that takes `(signum, frame)`.
    Installs(crate::state::HandlerState),
    /// Not callable: TypeError (`bad_handler_message`).
    NotCallable,
    /// A bound method, or a function whose parameters do not take exactly
    /// `(signum, frame)` (CPython's TypeError comes when the signal does):
    /// beyond the model.
    Beyond,
}

/// The handler a value installs. A function is the handler itself:
/// `signal.signal` gives it back as the same function (`HandlerState::value`).
pub fn handler_value(program: &crate::program::Program, v: &crate::state::Value) -> HandlerValue {
    use crate::state::{HandlerState, Value};
    match v {
        Value::Handler(h) => HandlerValue::Installs(*h),
        Value::Func(c) => {
            // Called from C with two arguments (`call_from_c`: no defaults).
            let code = &program.codes[*c as usize];
            let fixed = code.params - usize::from(code.vararg);
            if fixed == 2 || (code.vararg && fixed <= 2) {
                HandlerValue::Installs(HandlerState::Function(*c))
            } else {
                HandlerValue::Beyond
            }
        }
        Value::Method(..) => HandlerValue::Beyond,
        _ => HandlerValue::NotCallable,
    }
}

pub fn bad_handler_message(pypy: bool) -> &'static str {
    if pypy {
        "'handler' must be a callable or SIG_DFL or SIG_IGN"
    } else {
        "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object"
    }
}

/// `signal.signal()` outside the main thread: `ValueError` with this text
/// (3.8 does not name the interpreter; PyPy names its own switch; observed,
/// `specs/cpython-findings.md`).
/// A call that sends a signal given as a value (CP40): they check the
/// number differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// `os.kill(os.getpid(), n)`
    Kill,
    /// `signal.pthread_kill(ident, n)`
    PthreadKill,
    /// `signal.raise_signal(n)`
    RaiseSignal,
    /// `_thread.interrupt_main(n)` (3.10+)
    InterruptMain,
}

/// What a call does with the signal value it is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sending {
    /// Sends this signal.
    Send(Sig),
    /// Sends nothing (0 to kill, pthread_kill, raise_signal: the null
    /// signal, which only checks the target).
    Nothing,
    /// Raises this: `OSError: [Errno 22] Invalid argument` from the OS, or
    /// `ValueError: signal number out of range` from interrupt_main.
    Error(crate::scenario::ExcType, &'static str),
    /// A signal number the model does not know, a value of another type,
    /// or Windows's numbering: beyond the model.
    Beyond,
}

/// What `sender` does with signal value `v` (observed under 3.8, 3.11,
/// 3.14 and PyPy, CP40): a `Signals` member or its number is sent; 0 is
/// the null signal (interrupt_main: out of range); -1, `NSIG` and beyond
/// are EINVAL from the OS (interrupt_main: ValueError; PyPy's
/// pthread_kill sends nothing and says nothing).
pub fn sending(sender: Sender, v: &crate::state::Value, windows: bool, pypy: bool) -> Sending {
    use crate::scenario::ExcType;
    use crate::state::Value;
    let n = match v {
        Value::Signal(s) => return Sending::Send(*s),
        _ if windows => return Sending::Beyond,
        Value::Int(n) => *n,
        Value::Bool(b) => i64::from(*b),
        _ => return Sending::Beyond,
    };
    let out_of_range = !(1..NSIG).contains(&n);
    match sender {
        _ if !(i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&n) => Sending::Beyond,
        Sender::InterruptMain if out_of_range => Sending::Error(ExcType::ValueError, "signal number out of range"),
        _ if n == 0 => Sending::Nothing,
        Sender::PthreadKill if out_of_range && pypy => Sending::Nothing,
        _ if out_of_range => Sending::Error(ExcType::OSError, "[Errno 22] Invalid argument"),
        _ => Sig::ALL.into_iter().find(|s| s.linux_number() == n).map_or(Sending::Beyond, Sending::Send),
    }
}

/// `signal.NSIG` on Linux: one more than the highest signal number.
pub const NSIG: i64 = 65;

/// `signal.NSIG` on Windows.
pub const NSIG_WINDOWS: i64 = 23;

pub fn signal_outside_main_message(v: Version, pypy: bool) -> &'static str {
    if pypy {
        // PyPy 3.9's `signal.signal` (observed, pypy3 7.3).
        "signal only works in main thread or with __pypy__.thread.enable_signals()"
    } else if v.minor <= 8 {
        "signal only works in main thread"
    } else {
        "signal only works in main thread of the main interpreter"
    }
}

/// Whether a Ctrl-C press can still come after `Py_FinalizeEx` turned
/// signal handling off (`_PySignal_Fini` puts every signal with a Python
/// handler back at `SIG_DFL`), and would then kill the process with status
/// 130 and no traceback. Observed under CPython 3.8, 3.11 and 3.14 on Linux;
/// PyPy 3.9 exits normally (`specs/cpython-findings.md`, CP24). On Windows
/// the console's default handler ends the process (STATUS_CONTROL_C_EXIT;
/// inferred from the C runtime's `signal`, not run). An exit that already
/// has that status looks the same.
pub fn press_after_finalization_kills(r: Rules, s: &State, status: i64) -> bool {
    s.presses_left > 0
        && !r.pypy
        && s.handler(Sig::SIGINT) != crate::state::HandlerState::Ignore
        && status != killed_by_ctrl_c_status(r.variant.platform)
}

/// The status a shell sees when Ctrl-C's default action ends the process.
pub fn killed_by_ctrl_c_status(p: crate::variant::Platform) -> i64 {
    match p {
        crate::variant::Platform::Windows => crate::variant::STATUS_CONTROL_C_EXIT,
        _ => 128 + Sig::SIGINT.linux_number(),
    }
}

/// The signals of a mask (bit `Sig as usize`), in `SCAN_ORDER`: by number,
/// as the kernel hands held signals out and CPython lists a mask.
pub fn signals_in(mask: u8) -> impl Iterator<Item = Sig> {
    SCAN_ORDER.into_iter().filter(move |g| mask & g.bit() != 0)
}

/// What becomes of a POSIX signal that reaches a thread (CP38).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Its C handler runs on the thread (`deliver`).
    Delivered,
    /// The kernel holds it for that thread: sent to it alone while it
    /// blocked it, or awaited by its `sigwait`, which takes it.
    HeldForThread,
    /// The kernel holds it for the process: every thread blocks it.
    HeldForProcess,
}

/// Where `sig` goes on a thread that blocks `blocked` and waits in
/// `sigwait` for `awaited` (0 when it does not); `to_process` for a
/// process-directed signal (`os.kill`, Ctrl-C, the alarm).
pub fn arrival(sig: Sig, blocked: u8, awaited: u8, to_process: bool) -> Arrival {
    if awaited & sig.bit() != 0 || (blocked & sig.bit() != 0 && !to_process) {
        Arrival::HeldForThread
    } else if blocked & sig.bit() != 0 {
        Arrival::HeldForProcess
    } else {
        Arrival::Delivered
    }
}

/// `sigwait(set)` takes the lowest-numbered held signal of `set` (Linux's
/// `next_signal`), from the thread's own (`own`) first, else the process's.
pub fn take_held(process: &mut u8, own: &mut u8, set: u8) -> Option<Sig> {
    let sig = signals_in((*process | *own) & set).next()?;
    if *own & sig.bit() != 0 {
        *own &= !sig.bit();
    } else {
        *process &= !sig.bit();
    }
    Some(sig)
}

/// A thread's mask became `blocked`: the held signals it no longer blocks
/// leave the kernel's hold, to reach that thread on its way back from
/// `pthread_sigmask`. Returns them.
pub fn released(process: &mut u8, own: &mut u8, blocked: u8) -> u8 {
    let freed = (*process | *own) & !blocked;
    *process &= !freed;
    *own &= !freed;
    freed
}

/// The tripped signal whose handler runs next, if any.
pub fn next_tripped(s: &State) -> Option<Sig> {
    SCAN_ORDER.into_iter().find(|&sig| s.is_tripped(sig))
}

/// The thread that runs Python-level handlers: the main thread, or (in the
/// deliberately broken model) whichever thread is stepping.
pub fn handler_thread(r: Rules, stepping: u8) -> u8 {
    if r.mutation == Some(Mutation::HandlerInRunningThread) {
        stepping
    } else {
        MAIN
    }
}

// ---- where the main thread checks: the eval breaker, per version ----------

pub use crate::check_kind::CheckKind;

/// Where the eval breaker checks around one instruction of the main thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checks {
    /// A check before the instruction's effect, inside the blocks set up
    /// before it.
    pub before: bool,
    /// A check right after its effect, before the control that follows
    /// (so still inside its `try`, `with` or `finally`) and before a call's
    /// result is stored by the statement after it.
    pub after: bool,
}

/// The check points around `op` under version `v`. `first_kw_run`: a call
/// with keyword arguments runs for the first time at this call site.
///
/// ```text
/// 3.8–3.9   before and after every statement (DISPATCH checks before most
///           instructions; a raising statement skips the check after it)
/// 3.10+     after a call (CALL*), except a call that raises, and 3.14's
///           first run of a CALL_KW site; before a Python-level callee's body
///           (RESUME) and a call inside an expression
/// ```
pub fn checks(op: &Op, v: Version, first_kw_run: bool) -> Checks {
    let raises = matches!(op, Op::SysExit { .. } | Op::ThreadExit | Op::Raise { .. } | Op::RaiseValue { .. } | Op::Reraise | Op::OsExit { .. });
    if v.minor <= 9 {
        return Checks { before: true, after: !raises };
    }
    match op {
        // Python-level callees: the callee's entry checks, and its last
        // C call checks at its end.
        Op::NewThread { .. } | Op::Start { .. } | Op::Join { .. } | Op::SetHandler { .. } => Checks { before: true, after: true },
        // A call of a function of the script: the callee's entry checks
        // (RESUME); returning into the caller does not. A method call is
        // one, and so is a class whose `__init__` the script defines.
        Op::Call { .. } | Op::CallMethod { .. } | Op::CallValue { .. } | Op::New { init: Some(_), .. } => Checks { before: true, after: false },
        // `Thread.__init__` is Python code called from Python code.
        Op::ThreadInit { .. } | Op::New { thread: Some(_), .. } => Checks { before: true, after: true },
        // `object.__init__` is C: the call checks at its end.
        Op::New { .. } => Checks { before: false, after: true },
        // threading.RLock() is a Python function returning _CRLock().
        Op::NewLock { reentrant, .. } => Checks { before: *reentrant, after: true },
        // The `daemon` property's setter is Python code (its entry checks);
        // its last call, `_started.is_set()`, is Python too: no check after.
        Op::SetDaemon { .. } => Checks { before: true, after: false },
        Op::Acquire { kw_site, .. } => Checks { before: false, after: !(kw_site.is_some() && first_kw_run && v.is_314()) },
        // print() checks before each of its writes (`PyObject_Str`), so
        // before it writes anything; the one between its text and its
        // newline is `CheckKind::Print`.
        Op::Print { kw_site, .. } => Checks { before: true, after: !(kw_site.is_some() && first_kw_run && v.is_314()) },
        Op::Release { .. }
        | Op::Write { .. }
        | Op::WithExit
        | Op::StartNewThread { .. }
        | Op::Sleep { .. }
        | Op::SleepFor { .. }
        | Op::Kill { .. }
        | Op::PthreadKill { .. }
        | Op::RaiseSignal { .. }
        | Op::Alarm { .. }
        | Op::Pause
        | Op::InterruptMain { .. } => Checks { before: false, after: true },
        // C calls; pthread_sigmask also calls PyErr_CheckSignals itself, so
        // a signal it unblocks has its handler run before it returns.
        Op::SigMask { .. } | Op::SigPending { .. } | Op::SigWait { .. } => Checks { before: false, after: true },
        // An RLock's C methods (`Condition` on an RLock calls them directly).
        Op::RLock { .. } => Checks { before: false, after: true },
        Op::SetSwitchInterval { .. } => Checks { before: false, after: true },
        // `with lock:` 3.10–3.13: BEFORE_WITH has no check; 3.14's check is
        // `WithEntry`, outside the block (`with_entry_check`).
        Op::WithEnter { .. } => Checks::default(),
        // A call in the value (`x = lock.locked()`, `if t.is_alive():`)
        // checks at its end, before the result is used: modelled before
        // the statement, the evaluation having no effect of its own.
        // list.append is CALL_METHOD in 3.10 (a check at its end); from 3.11
        // it is specialised to LIST_APPEND, which has none (its first,
        // unspecialised run has one: not modelled).
        Op::ListAppend { .. } => Checks { before: false, after: v.minor <= 10 },
        // A comprehension's LIST_APPEND is no call. (≤ 3.11 a comprehension
        // is a function of its own, whose entry checks: not modelled.)
        Op::CompAppend { .. } => Checks::default(),
        // `range(…)` is a call of a C type: the call checks at its end.
        Op::NewRange { .. } => Checks { before: false, after: true },
        // list.pop and list.remove are C method calls: the call checks at its end.
        // A set display is BUILD_SET: no call.
        Op::NewSet { display: true, .. } => Checks::default(),
        Op::ListPop { .. } | Op::ListRemove { .. } | Op::NewSet { .. } | Op::SetAdd { .. } => Checks { before: false, after: true },
        // sum(), sorted(), abs(): builtin calls, which check at their end.
        Op::Builtin { .. } | Op::Enumerate { .. } => Checks { before: false, after: true },
        Op::Assign { value, .. } | Op::SetReg { value, .. } | Op::JumpIf { cond: value, .. } => {
            Checks { before: value.any(&|e| calls(e, v)), after: false }
        }
        Op::Assert { test, msg } => {
            Checks { before: test.any(&|e| calls(e, v)) || msg.as_ref().is_some_and(|m| m.any(&|e| calls(e, v))), after: false }
        }
        _ => Checks::default(),
    }
}

/// Whether `e` is a call that checks at its end: `len()` and `isinstance()`
/// do in 3.10, and are specialised to CALL_LEN and CALL_ISINSTANCE, which
/// do not, from 3.11.
fn calls(e: &PExpr, v: Version) -> bool {
    e.is_call() || (v.minor <= 10 && matches!(e, PExpr::Len(_) | PExpr::IsInstance(..)))
}

/// How `with`'s entry checks: 3.8–3.9 inside the block (the first
/// instruction after SETUP_WITH dispatches), 3.10–3.13 not at all, 3.14
/// outside it (gh-148874).
pub fn with_entry_check(v: Version) -> WithEntry {
    match v.minor {
        ..=9 => WithEntry::Inside,
        10..=13 => WithEntry::None,
        _ => WithEntry::Outside,
    }
}

/// Where `with`'s entry checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithEntry {
    /// After the block is set up: `__exit__` runs for a raising handler.
    Inside,
    /// No check.
    None,
    /// Before the block is set up: a raising handler skips `__exit__`.
    Outside,
}

/// Whether an `except` or `finally` entered by an exception checks first
/// (3.8–3.10: the unwinding ends in `goto main_loop`).
pub fn checks_at_handler_entry(v: Version) -> bool {
    v.minor <= 10
}

/// Whether a still-pending handler runs right after the module's code
/// (`pymain_check_signals`: 3.14.7+ and 3.13.15+; the model's 3.13 without a
/// patch release is the newest, 3.13.18).
pub fn checks_after_module(v: Version) -> bool {
    v.minor >= 14 || (v.minor == 13 && v.patch.is_none_or(|p| p >= 15))
}

/// The exit status of a KeyboardInterrupt raised by the check after the
/// module: 3.13 reports it through `_Py_HandleSystemExit`, which leaves the
/// flag that makes it 130 unset, so the status is 1.
pub fn module_end_interrupt_status(v: Version) -> Option<i64> {
    (v.minor == 13).then_some(1)
}

pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
    vec![
        Property::always(HANDLED_ONLY_IN_MAIN, |_: &M, s: &State| {
            !matches!(s.event, Event::HandlerRan { thread, .. } if thread != MAIN)
        }),
        Property::sometimes("witness-interrupt-handled-only-in-main", |_: &M, s: &State| {
            matches!(s.event, Event::HandlerRan { .. })
                && s.threads.iter().skip(1).any(|t| t.life == crate::state::Life::Running)
        }),
        Property::always(PENDING_AT_CHECK_POINT, |_: &M, s: &State| {
            s.event != Event::CheckPassedWithSignalPending
        }),
        Property::sometimes("witness-pending-signal-handled-at-next-check-point", |_: &M, s: &State| {
            matches!(s.event, Event::HandlerRan { thread: MAIN, .. })
        }),
        // One witness per kind of check point (`witness_at`).
        Property::sometimes("witness-handler-at-after-call", |_, s| ran_at(s, CheckKind::AfterCall)),
        Property::sometimes("witness-handler-at-before-call", |_, s| ran_at(s, CheckKind::BeforeCall)),
        Property::sometimes("witness-handler-at-back-edge", |_, s| ran_at(s, CheckKind::BackEdge)),
        Property::sometimes("witness-handler-at-handler-entry", |_, s| ran_at(s, CheckKind::HandlerEntry)),
        Property::sometimes("witness-handler-at-with-entry", |_, s| ran_at(s, CheckKind::WithEntry)),
        Property::sometimes("witness-handler-at-module-end", |_, s| ran_at(s, CheckKind::ModuleEnd)),
        Property::sometimes("witness-handler-at-shutdown", |_, s| ran_at(s, CheckKind::Shutdown)),
        Property::sometimes("witness-handler-at-function-entry", |_, s| ran_at(s, CheckKind::FunctionEntry)),
        Property::sometimes("witness-handler-at-wait", |_, s| ran_at(s, CheckKind::Wait)),
        Property::sometimes("witness-handler-at-print", |_, s| ran_at(s, CheckKind::Print)),
    ]
}

/// Whether the last step ran a handler in the main thread at a check point
/// of `kind`.
fn ran_at(s: &State, kind: CheckKind) -> bool {
    matches!(s.event, Event::HandlerRan { thread: MAIN, at, .. } if at == kind)
}
