//! A scenario compiled for execution: flat instruction lists per code object
//! (the module code and each function), names resolved to slots.
//!
//! ```text
//! try: B except E as e: H else: O finally: F
//!   ⇒ SetupFinally F; SetupExcept H; B; PopBlock; O; Jump A;
//!     H: ExceptMatch E e ⇢H2; H; ExceptEnd; Jump A;  H2: Unwind;
//!     A: EnterFinally; F: F; EndFinally
//! ```
//! Instructions are *statements* (one model step each, an interleaving point)
//! or *control* (jumps, block bookkeeping: run in the same step as the
//! statement before them, since no other thread can observe them).
//! `lock.acquire(...)` inside an expression is hoisted into its own
//! statement that stores the result in a register, so a thread can block
//! there and a pending signal is handled after it and before the rest of the
//! statement, as in CPython's eval loop.
//!
//! Here: the instruction set and the compiled program; the compiler is
//! `compile.rs` (statements) and `compile/expressions.rs` (expressions).

use crate::scenario::*;
use std::collections::BTreeSet;
use std::sync::Arc;

mod clock;
mod compile;

pub use clock::Clock;

/// Index of an instruction in its code object.
pub type Pc = u16;
/// Index of a code object: 0 is the module, `i + 1` is `functions[i]`.
pub type CodeId = u8;

/// Index of a class of the script in `Program::classes`.
pub type ClassId = u8;
/// Index of an attribute or method name in `Program::attrs`.
pub type AttrId = u16;

/// Where a name lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VarRef {
    /// A module-level name (slot in `Program::globals`).
    Global(u16),
    /// A function local or a hidden register (slot in the frame).
    Local(u16),
}

/// A side-effect-free expression (evaluated atomically within a step).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PExpr {
    Lit(Literal),
    Var(VarRef),
    Not(Box<PExpr>),
    And(Vec<PExpr>),
    Or(Vec<PExpr>),
    Cmp(CmpOp, Box<PExpr>, Box<PExpr>),
    Bin(BinOp, Box<PExpr>, Box<PExpr>),
    /// An f-string: text, or a value with its `!r` flag and format spec.
    Format(Vec<PFPart>),
    Locked(VarRef),
    IsAlive(VarRef),
    IsMainThread,
    CurrentThreadName,
    /// `time.monotonic()` and friends: the virtual clock in seconds.
    Now,
    /// `_thread._count()`.
    ThreadCount,
    /// `threading.current_thread()` and the other [`ThreadQuery`]s.
    ThreadQuery(ThreadQuery),
    /// `len(value)`.
    Len(Box<PExpr>),
    /// `isinstance(value, classes)` for exception classes.
    IsInstance(Box<PExpr>, Arc<[InstanceOf]>),
    /// `type(value)`.
    TypeOf(Box<PExpr>),
    /// `_thread.LockType`.
    LockType,
    /// A class as a value, by its qualified name (an exception class).
    Type(crate::text::Text),
    /// `sys.unraisablehook` or `threading.excepthook` now.
    Hook(crate::scenario::Hook),
    /// A built-in function as a value.
    BuiltinRef(crate::scenario::BuiltinRef),
    /// `str(value)`, or `repr(value)` when true.
    Convert(Box<PExpr>, bool),
    /// `value[index]`.
    Index(Box<PExpr>, Box<PExpr>),
    /// `value.attr`.
    Attr(Box<PExpr>, AttrId),
    /// `signal.SIGxxx`: its number (AttributeError where it is missing).
    Signal(Sig),
    /// `signal.ITIMER_REAL` (AttributeError on Windows).
    ItimerReal,
    /// A function of the script, or a lambda, as a value.
    Func(CodeId),
    /// `signal.NSIG`.
    Nsig,
    /// `sys.getswitchinterval()`.
    SwitchInterval,
    /// `signal.SIG_IGN`, `SIG_DFL` or `default_int_handler` as a value.
    Handler(crate::state::HandlerState),
}

/// The signal a call sends: known when compiled, or a value read when the
/// call runs (`values::signal_arg` says what it names).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SigRef {
    Known(Sig),
    Value(PExpr),
}

/// One piece of a compiled f-string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PFPart {
    Text(Arc<str>),
    Value { value: PExpr, repr: bool, spec: Arc<str> },
}

/// `Thread.__init__`'s arguments, compiled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThreadOp {
    /// `target=`; `None`: the object's `run`, found when the thread is made.
    pub func: Option<CodeId>,
    /// `target=` a value (a bound method, a lambda), evaluated first.
    pub target: Option<PExpr>,
    pub args: Vec<PExpr>,
    pub daemon: Option<bool>,
    pub name: Option<PExpr>,
    /// `Thread.__init__(self, *args, **kwargs)`: the tuple and the dict.
    pub forward: Option<(PExpr, PExpr)>,
}

/// A class of the script, compiled.
#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub name: String,
    /// Its base among the script's classes.
    pub base: Option<ClassId>,
    /// Whether its objects are threads (it derives from Thread).
    pub thread: bool,
    /// Its own methods: name → code.
    pub methods: Vec<(AttrId, CodeId)>,
    /// Its own class attributes.
    pub attrs: Vec<(AttrId, Literal)>,
}

/// What `signal.signal` installs, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandlerRef {
    Function(CodeId),
    Ignore,
    Default,
    DefaultInt,
    /// What a variable holds (a handler `signal.signal` returned).
    Var(VarRef),
}

/// The target of `signal.pthread_kill`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KillTarget {
    Main,
    /// The sending thread (`threading.get_ident()`).
    Current,
    Thread(VarRef),
    /// The thread whose ident a value is.
    Ident(PExpr),
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    // ---- statements: one step each ----
    Assign { var: VarRef, value: PExpr },
    NewLock { var: VarRef, reentrant: bool },
    /// `threading.Thread(target=func, args=…, daemon=…, name=…)`.
    /// `threading.Thread(...)`: `func` runs with `args`, or, with
    /// `target`, the value it evaluates to (a bound method, a lambda).
    NewThread { var: VarRef, func: CodeId, target: Option<PExpr>, daemon: Option<bool>, args: Vec<PExpr>, name: Option<PExpr> },
    /// `f(a, …)` of a function of the script: a frame of its own; what it
    /// returns goes to `dest` (kept when the value is used).
    Call { func: CodeId, args: Vec<PExpr>, dest: Option<VarRef> },
    /// `lock._release_save()`, `_acquire_restore(state)` (a wait) or
    /// `_is_owned()` of an RLock.
    RLock { lock: VarRef, method: RLockMethod, state: Option<PExpr>, dest: Option<VarRef> },
    /// `callee(args, *star)`: a call of a value, bound to the callee's
    /// parameters (defaults, `*args`) when it runs.
    CallValue { callee: PExpr, args: Vec<PExpr>, star: Option<PExpr>, dstar: Option<PExpr>, dest: Option<VarRef> },
    /// `lock.acquire(...)`; the result goes to `dest` when the value is used.
    Acquire { lock: VarRef, blocking: Option<bool>, timeout: Option<PExpr>, dest: Option<VarRef>, kw_site: Option<u8> },
    Release { lock: VarRef },
    /// The blocking acquire that enters `with lock:`.
    WithEnter { lock: VarRef },
    /// The release that leaves `with lock:` normally.
    WithExit,
    StartNewThread { func: CodeId, args: Vec<PExpr> },
    /// `atexit.register(func, *args)`; `threading`: `threading._register_atexit`.
    AtexitRegister { func: CodeId, args: Vec<PExpr>, threading: bool },
    /// As `AtexitRegister`, of what a value calls (a function, a bound
    /// method, a built-in), its arguments (`star`'s items last) bound to
    /// the code's parameters then.
    AtexitRegisterValue {
        callee: PExpr,
        args: Vec<PExpr>,
        star: Option<PExpr>,
        threading: bool,
    },
    /// `atexit.unregister(callee)`.
    AtexitUnregister {
        callee: PExpr,
    },
    /// `atexit._clear()`.
    AtexitClear,
    /// `atexit._run_exitfuncs()`: run again after each function it calls
    /// returns (`State::exit_run`), until none is left.
    AtexitRun,
    Start {
        thread: VarRef,
    },
    /// `t.daemon = d` / `t.setDaemon(d)`: RuntimeError once started.
    SetDaemon { thread: VarRef, daemon: bool },
    Join { thread: VarRef, timeout: Option<Number> },
    Sleep { seconds: Number },
    /// `time.sleep(value)`: the seconds are computed.
    SleepFor { seconds: PExpr },
    /// `signal.signal(sig, handler)`; the handler it replaces goes to `old`.
    SetHandler { sig: Sig, handler: HandlerRef, old: Option<VarRef> },
    /// `signal.alarm(seconds)` / `signal.setitimer(ITIMER_REAL, seconds)`.
    Alarm { seconds: PExpr, itimer: bool },
    /// `signal.pause()`.
    Pause,
    /// `signal.pthread_sigmask(how, signals)`: the old set goes to `dest`.
    SigMask { how: SigHow, signals: PExpr, dest: VarRef },
    /// `signal.sigpending()` into `dest`.
    SigPending { dest: VarRef },
    /// `signal.sigwait(signals)`: blocks until one is pending; it goes to
    /// `dest`.
    /// With a timeout, `sigtimedwait`.
    SigWait { signals: PExpr, timeout: Option<PExpr>, dest: VarRef },
    /// `sys.stderr = None` / `sys.__stderr__`.
    SetStderr { none: bool },
    /// `sys.setswitchinterval(value)`.
    SetSwitchInterval { value: PExpr },
    Kill { sig: SigRef },
    PthreadKill { target: KillTarget, sig: SigRef },
    RaiseSignal { sig: SigRef },
    InterruptMain { sig: Option<SigRef> },
    SysExit { code: Option<PExpr> },
    ThreadExit,
    OsExit { code: i64 },
    Raise { exc: ExcType, arg: Option<PExpr> },
    /// `raise value`.
    RaiseValue { value: PExpr },
    Reraise,
    Assert { test: PExpr, msg: Option<PExpr> },
    /// `sys.stdout.write(text)`; `None`: a flush (writes nothing).
    Write { text: Option<PExpr> },
    /// `print(...)`, its args joined by `sep` then `end` written (two
    /// writes); `kw_site` when it passes a keyword (a keyword call).
    /// `print(…)`; `stderr` for `file=sys.stderr`, whose text is not kept.
    Print { args: Vec<PExpr>, sep: String, end: String, kw_site: Option<u8>, stderr: bool },
    /// `var = [a, b, …]`: a new list (BUILD_LIST and the store: no call).
    NewList { var: VarRef, items: Vec<PExpr> },
    /// `{k: v, **m, …}` into `var`: each key (`None` for a mapping merged
    /// in) and its value.
    NewDict { var: VarRef, items: Vec<(Option<PExpr>, PExpr)> },
    /// `var = set()` / `set(value)`: a call of the set type.
    /// `set(from)`, or a display `{a, b}` (`display`: no call, no check).
    NewSet { var: VarRef, from: Option<PExpr>, display: bool },
    /// `set.add(value)`.
    SetAdd { set: PExpr, value: PExpr },
    /// `var = [a, b, …] * count`: a new list (BUILD_LIST, BINARY_OP: no call).
    RepeatList { var: VarRef, items: Vec<PExpr>, count: PExpr },
    /// `var = left op right` for `&`, `|` and `^` (BINARY_OP: no call): of
    /// two sets, a new set.
    Bitwise { var: VarRef, op: BinOp, left: PExpr, right: PExpr },
    /// `var = (a, b, …)`: a new tuple (BUILD_TUPLE and the store).
    NewTuple { var: VarRef, items: Vec<PExpr> },
    /// `list.append(value)`.
    ListAppend { list: PExpr, value: PExpr },
    /// `list.remove(value)`.
    ListRemove { list: PExpr, value: PExpr },
    /// `var = range(start, stop, step)` made a list of its items.
    NewRange { var: VarRef, start: Option<PExpr>, stop: PExpr, step: Option<PExpr> },
    /// A list comprehension's append (LIST_APPEND: no call, no check).
    CompAppend { list: PExpr, value: PExpr },
    /// `list.pop()` / `list.pop(index)`; the item goes to `dest` when the
    /// value is used.
    ListPop { list: PExpr, index: Option<PExpr>, dest: Option<VarRef> },
    /// `dest = threading.enumerate()`: one call, a new list.
    Enumerate { dest: VarRef },
    /// `dest = sys.version_info` (an attribute read: no call).
    VersionInfo { dest: VarRef },
    /// `dest = sum(value)` (or `sorted`, `abs`): one C call.
    Builtin { function: Builtin, value: PExpr, dest: VarRef },
    /// `value[lower:upper]` into `dest`.
    Slice { value: PExpr, lower: Option<PExpr>, upper: Option<PExpr>, dest: VarRef },
    /// `target[index] = value`.
    SetItem { target: PExpr, index: PExpr, value: PExpr },
    /// `Class(args)`: a new object in `dest`, then `init` (its `__init__`)
    /// called with it and `args`; `thread`: a subclass of Thread with no
    /// `__init__` of the script, made a thread at once.
    /// `kwargs`: the keywords of an `__init__` with `*args` or `**kwargs`,
    /// bound with `args` when it runs (else `args` are bound already).
    New { class: ClassId, init: Option<CodeId>, args: Vec<PExpr>, kwargs: Option<PExpr>, thread: Option<Box<ThreadOp>>, dest: VarRef },
    /// `value.method(args)`: the method of the object's class, found now.
    CallMethod { object: PExpr, method: AttrId, args: Vec<PExpr>, dest: Option<VarRef> },
    /// A branch beyond the model: the run stops here.
    Beyond,
    /// `sys.unraisablehook = value` or `threading.excepthook = value`.
    SetHook { hook: crate::scenario::Hook, value: PExpr },
    /// `object.attr = value`.
    SetAttr { object: PExpr, attr: AttrId, value: PExpr },
    /// `threading.Thread.__init__(object, …)`.
    ThreadInit { object: PExpr, thread: Box<ThreadOp> },
    // ---- control: run in the step of the statement before ----
    /// `pass` and `global`.
    Nop,
    /// UNPACK_SEQUENCE and the stores: `value`'s items into `targets`.
    Unpack { value: VarRef, targets: Vec<VarRef> },
    SetReg { reg: VarRef, value: PExpr },
    Jump { to: Pc },
    /// Jump when the condition's truth equals `when`.
    JumpIf { cond: PExpr, when: bool, to: Pc },
    ForInit { counter: VarRef },
    ForNext { counter: VarRef, count: u32, var: VarRef, exit: Pc },
    /// `ForNext` with the bound in a register (`range(n)` of a value).
    ForNextIn { counter: VarRef, bound: VarRef, step: Option<VarRef>, var: VarRef, exit: Pc },
    /// The head of `for var in (a, b, …)`: the next of the items (held in
    /// registers), or out of the loop.
    ForNextItem { counter: VarRef, items: Vec<VarRef>, var: VarRef, exit: Pc },
    /// The head of `for var in value` (a list, a str), the value held in
    /// `seq`: its item at `counter`, read now (a list that grows in the
    /// loop gives it more steps), or out of the loop.
    ForNextEach { counter: VarRef, seq: VarRef, var: VarRef, exit: Pc },
    SetupExcept { handler: Pc },
    SetupFinally { finally: Pc },
    PopBlock,
    /// Leaves a `try` normally into its `finally` body.
    EnterFinally,
    ExceptMatch { types: Vec<ExcType>, name: Option<VarRef>, next: Pc },
    ExceptEnd { name: Option<VarRef> },
    EndFinally,
    /// No `except` clause matched: unwind on.
    Unwind,
    /// End of the code object.
    Return,
}

impl Op {
    /// Whether the instruction is a statement (a step and an interleaving
    /// point) rather than control.
    pub fn is_statement(&self) -> bool {
        !matches!(
            self,
            Op::Nop
                | Op::Unpack { .. }
                | Op::SetReg { .. }
                | Op::Jump { .. }
                | Op::JumpIf { .. }
                | Op::ForInit { .. }
                | Op::ForNext { .. }
                | Op::ForNextIn { .. }
                | Op::ForNextItem { .. }
                | Op::ForNextEach { .. }
                | Op::SetupExcept { .. }
                | Op::SetupFinally { .. }
                | Op::PopBlock
                | Op::EnterFinally
                | Op::ExceptMatch { .. }
                | Op::ExceptEnd { .. }
                | Op::EndFinally
                | Op::Unwind
                | Op::Return
        )
    }
}

impl Op {
    /// Whether a step starts here: a statement, or control that reads what
    /// other threads can change (a module-level name, `t.is_alive()`,
    /// `lock.locked()`), such as the test of `if t.is_alive():`. CPython can
    /// switch threads (and run handlers) at the call in such a test, so it
    /// must not be evaluated together with the statement before it.
    pub fn starts_step(&self) -> bool {
        match self {
            Op::SetReg { value, .. } => value.reads_shared(),
            Op::JumpIf { cond, .. } => cond.reads_shared(),
            other => other.is_statement(),
        }
    }
}

impl PExpr {
    /// Whether it is a call (`lock.locked()`, `t.is_alive()`,
    /// `threading.current_thread()`): CPython checks at its end.
    pub fn is_call(&self) -> bool {
        matches!(self, PExpr::Locked(_) | PExpr::IsAlive(_) | PExpr::IsMainThread | PExpr::CurrentThreadName | PExpr::Now | PExpr::ThreadCount | PExpr::ThreadQuery(_) | PExpr::Convert(..) | PExpr::SwitchInterval)
    }

    /// Whether evaluating it reads state other threads can change.
    pub fn reads_shared(&self) -> bool {
        match self {
            // A list's items are shared, whichever name holds it.
            PExpr::Var(VarRef::Global(_)) | PExpr::Locked(_) | PExpr::IsAlive(_) | PExpr::Len(_) | PExpr::Index(..) | PExpr::Convert(..) => true,
            // An object's attributes are shared, whichever name holds it.
            PExpr::Attr(..) => true,
            PExpr::Lit(_) | PExpr::Var(VarRef::Local(_)) | PExpr::IsMainThread | PExpr::CurrentThreadName | PExpr::Signal(_) | PExpr::ItimerReal | PExpr::Func(_) | PExpr::Nsig | PExpr::Handler(_) | PExpr::LockType | PExpr::Type(_) | PExpr::BuiltinRef(_) => false,
            // Any thread can set a hook.
            PExpr::Hook(_) => true,
            // The clock moves on while other threads run.
            PExpr::Now | PExpr::ThreadCount | PExpr::ThreadQuery(ThreadQuery::ActiveCount) | PExpr::SwitchInterval => true,
            PExpr::ThreadQuery(_) => false,
            PExpr::Not(e) | PExpr::IsInstance(e, _) | PExpr::TypeOf(e) => e.reads_shared(),
            PExpr::And(es) | PExpr::Or(es) => es.iter().any(PExpr::reads_shared),
            PExpr::Cmp(_, l, r) | PExpr::Bin(_, l, r) => l.reads_shared() || r.reads_shared(),
            PExpr::Format(parts) => parts.iter().any(|p| matches!(p, PFPart::Value { value, .. } if value.reads_shared())),
        }
    }

    /// Whether it or a part of it satisfies `f`.
    pub fn any(&self, f: &dyn Fn(&PExpr) -> bool) -> bool {
        f(self) || self.any_child(&mut |e| e.any(f))
    }

    /// Whether one of the expression's direct parts satisfies `f`.
    pub fn any_child(&self, f: &mut dyn FnMut(&PExpr) -> bool) -> bool {
        match self {
            PExpr::Not(e) => f(e),
            PExpr::And(es) | PExpr::Or(es) => es.iter().any(f),
            PExpr::Cmp(_, l, r) | PExpr::Bin(_, l, r) | PExpr::Index(l, r) => f(l) || f(r),
            PExpr::Len(e) | PExpr::IsInstance(e, _) | PExpr::TypeOf(e) | PExpr::Attr(e, _) | PExpr::Convert(e, _) => f(e),
            PExpr::Format(parts) => parts.iter().any(|p| matches!(p, PFPart::Value { value, .. } if f(value))),
            _ => false,
        }
    }
}

impl Op {
    /// Whether running this control instruction changes something a signal
    /// handler could tell (the block stack, the frame, a module-level name):
    /// a check point before it and one after it are then different places.
    pub fn observable_by_handler(&self) -> bool {
        match self {
            Op::Nop | Op::Jump { .. } | Op::JumpIf { .. } => false,
            Op::SetReg { reg, .. } => matches!(reg, VarRef::Global(_)),
            Op::ForInit { counter } => matches!(counter, VarRef::Global(_)),
            Op::ForNext { counter, var, .. }
            | Op::ForNextIn { counter, var, .. }
            | Op::ForNextItem { counter, var, .. }
            | Op::ForNextEach { counter, var, .. } => {
                matches!(counter, VarRef::Global(_)) || matches!(var, VarRef::Global(_))
            }
            _ => true,
        }
    }
}

impl Op {
    /// Whether an expression of the instruction (or a part of one)
    /// satisfies `f`.
    pub fn mentions(&self, f: &dyn Fn(&PExpr) -> bool) -> bool {
        self.any_expr(&mut |e| e.any(f))
    }

    /// Whether one of the instruction's expressions (a whole one, not a
    /// part) satisfies `f`.
    pub fn any_expr(&self, f: &mut dyn FnMut(&PExpr) -> bool) -> bool {
        match self {
            Op::Assign { value: e, .. } | Op::SetReg { value: e, .. } | Op::JumpIf { cond: e, .. } => f(e),
            Op::Assert { test, msg } => f(test) || msg.as_ref().is_some_and(|m| f(m)),
            Op::Print { args, .. } => args.iter().any(|e| f(e)),
            Op::SysExit { code: Some(c) } => f(c),
            Op::NewThread { target, args, name, .. } => target.iter().chain(args).chain(name.iter()).any(|e| f(e)),
            Op::CallValue { callee, args, star, dstar, .. } => std::iter::once(callee).chain(args).chain(star.iter()).chain(dstar.iter()).any(|e| f(e)),
            Op::RLock { state, .. } => state.iter().any(|e| f(e)),
            Op::StartNewThread { args, .. } => args.iter().any(|e| f(e)),
            Op::Call { args, .. } | Op::AtexitRegister { args, .. } => {
                args.iter().any(|e| f(e))
            }
            Op::AtexitRegisterValue {
                callee, args, star, ..
            } => f(callee) || args.iter().chain(star).any(|e| f(e)),
            Op::AtexitUnregister { callee } => f(callee),
            Op::Raise { arg: Some(a), .. } | Op::RaiseValue { value: a } => f(a),
            Op::SleepFor { seconds } | Op::Acquire { timeout: Some(seconds), .. } | Op::Write { text: Some(seconds) } | Op::Alarm { seconds, .. } => f(seconds),
            Op::PthreadKill { target: KillTarget::Ident(e), sig } => f(e) || matches!(sig, SigRef::Value(v) if f(v)),
            Op::Kill { sig: SigRef::Value(v) } | Op::RaiseSignal { sig: SigRef::Value(v) } | Op::InterruptMain { sig: Some(SigRef::Value(v)) } => f(v),
            Op::PthreadKill { sig: SigRef::Value(v), .. } => f(v),
            Op::NewList { items, .. } | Op::NewTuple { items, .. } => items.iter().any(|e| f(e)),
            Op::NewDict { items, .. } => items.iter().any(|(k, v)| k.as_ref().is_some_and(|k| f(k)) || f(v)),
            Op::RepeatList { items, count, .. } => items.iter().any(|e| f(e)) || f(count),
            Op::Bitwise { left, right, .. } => f(left) || f(right),
            Op::NewSet { from, .. } => from.as_ref().is_some_and(|e| f(e)),
            Op::SetAdd { set, value } => f(set) || f(value),
            Op::ListAppend { list, value } | Op::CompAppend { list, value } | Op::ListRemove { list, value } => f(list) || f(value),
            Op::NewRange { start, stop, step, .. } => start.iter().chain(std::iter::once(stop)).chain(step.iter()).any(|e| f(e)),
            Op::ListPop { list, index, .. } => f(list) || index.as_ref().is_some_and(|i| f(i)),
            Op::Builtin { value, .. } | Op::SigMask { signals: value, .. } => f(value),
            Op::SigWait { signals, timeout, .. } => f(signals) || timeout.as_ref().is_some_and(|t| f(t)),
            Op::Enumerate { .. } => false,
            Op::SetSwitchInterval { value } | Op::SetHook { value, .. } => f(value),
            Op::Slice { value, lower, upper, .. } => f(value) || lower.iter().chain(upper).any(|e| f(e)),
            Op::SetItem { target, index, value } => f(target) || f(index) || f(value),
            Op::New { args, kwargs, thread, .. } => args.iter().chain(kwargs.iter()).any(|e| f(e)) || thread.as_ref().is_some_and(|t| t.any_expr(f)),
            Op::CallMethod { object, args, .. } => f(object) || args.iter().any(|e| f(e)),
            Op::SetAttr { object, value, .. } => f(object) || f(value),
            Op::ThreadInit { object, thread } => f(object) || thread.any_expr(f),
            _ => false,
        }
    }
}

impl ThreadOp {
    fn any_expr(&self, f: &mut dyn FnMut(&PExpr) -> bool) -> bool {
        self.args.iter().any(|e| f(e)) || self.name.as_ref().is_some_and(|n| f(n)) || self.forward.as_ref().is_some_and(|(a, k)| f(a) || f(k))
    }
}

/// An instruction and the script statement it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    pub op: Op,
    /// Where the statement is in the script.
    pub loc: Loc,
    /// The statement's first line, as the renderer writes it (for traces).
    pub text: Arc<str>,
}

/// One code object.
#[derive(Clone, Debug)]
pub struct Code {
    /// `<module>` or the function's name.
    pub name: String,
    /// Parameter count (locals 0..params).
    pub params: usize,
    /// The last parameter is `*args`: it holds the extra positional
    /// arguments, as a tuple.
    pub vararg: bool,
    /// The last parameter is `**kwargs` (after `*args` when both are
    /// there): it holds the keyword arguments no other takes, as a dict.
    pub kwvar: bool,
    /// The defaults of the last parameters before `*args`.
    pub defaults: Vec<Literal>,
    /// The local that holds what a `return` returns (a function with a
    /// `return value` only).
    pub ret: Option<u16>,
    /// Names of the locals; hidden registers are named `$N`.
    pub locals: Vec<String>,
    pub instrs: Vec<Instr>,
}

impl Code {
    /// The locals a call from C (a handler, an atexit function) with
    /// positional `args` that fit starts with: those the named parameters
    /// take, then `*args`'s tuple of the rest (`make(false, …)`) and an
    /// empty `**kwargs` dict (`make(true, …)`) where the code has them.
    pub fn pack_args<T: Clone>(&self, args: &[T], mut make: impl FnMut(bool, Vec<T>) -> T) -> Vec<T> {
        let fixed = self.params - usize::from(self.vararg) - usize::from(self.kwvar);
        let (named, rest) = args.split_at(fixed.min(args.len()));
        let mut out = named.to_vec();
        if self.vararg {
            out.push(make(false, rest.to_vec()));
        }
        if self.kwvar {
            out.push(make(true, Vec::new()));
        }
        out
    }

    /// The line of the innermost loop whose body holds instruction `pc`:
    /// a loop runs from its head to the back edge that jumps to it.
    pub fn loop_line(&self, pc: Pc) -> Option<Loc> {
        let pc = pc as usize;
        self.instrs
            .iter()
            .enumerate()
            .filter_map(|(at, i)| match i.op {
                Op::Jump { to } if (to as usize) <= at && (to as usize) <= pc && pc <= at => Some((to as usize, at)),
                _ => None,
            })
            // The innermost: the latest head.
            .max_by_key(|&(head, _)| head)
            .map(|(head, _)| self.instrs[head].loc)
    }
}

/// A compiled scenario.
#[derive(Clone, Debug)]
pub struct Program {
    /// The scenario it was compiled from.
    pub scenario: Scenario,
    /// Code objects: 0 is the module code (the main thread).
    pub codes: Vec<Code>,
    /// Module-level names.
    pub globals: Vec<String>,
    /// Whether any code calls `os.kill` (a statement whose signal may land
    /// on more than one thread, so its step is several actions).
    pub kills: bool,
    /// Whether the script imports `threading`: only then does the
    /// interpreter's finalization call `threading._shutdown()` (Python code,
    /// so a check point for a still-pending handler, ≤ 3.13.0).
    pub imports_threading: bool,
    /// Whether any code sends a signal that can wake a blocked main thread
    /// (`os.kill`, `pthread_kill` of main, `raise_signal`): with presses of
    /// Ctrl-C, what makes the window before a wait worth a state.
    pub wakes_main: bool,
    /// Which states keep the clock (`time.monotonic()`) as part of what
    /// they are (`program/clock.rs`).
    pub clock: Clock,
    /// Whether any code sends a signal at all: with presses of Ctrl-C, what
    /// makes a check point inside the main thread's `print` worth a state.
    pub sends_signals: bool,
    /// The script's classes (other than exception classes).
    pub classes: Vec<ClassInfo>,
    /// Attribute and method names, interned (`AttrId`).
    pub attrs: Vec<String>,
    /// An empty code object: the `run` of a subclass of Thread that
    /// defines none and is given no target.
    pub empty_run: CodeId,
}

impl Program {
    /// The method `name` as objects of `class` have it (their class's own,
    /// else a base's).
    pub fn method(&self, class: ClassId, name: AttrId) -> Option<CodeId> {
        let mut at = Some(class);
        let mut hops = 0;
        while let Some(c) = at.and_then(|c| self.classes.get(c as usize)) {
            if let Some((_, code)) = c.methods.iter().find(|(m, _)| *m == name) {
                return Some(*code);
            }
            at = c.base;
            hops += 1;
            if hops > self.classes.len() {
                break;
            }
        }
        None
    }

    /// The class attribute `name` as `class` has it.
    pub fn class_attr(&self, class: ClassId, name: AttrId) -> Option<&Literal> {
        let mut at = Some(class);
        let mut hops = 0;
        while let Some(c) = at.and_then(|c| self.classes.get(c as usize)) {
            if let Some((_, v)) = c.attrs.iter().find(|(a, _)| *a == name) {
                return Some(v);
            }
            at = c.base;
            hops += 1;
            if hops > self.classes.len() {
                break;
            }
        }
        None
    }

    /// The interned id of an attribute name, if any code uses it.
    pub fn attr_id(&self, name: &str) -> Option<AttrId> {
        self.attrs.iter().position(|a| a == name).map(|i| i as AttrId)
    }

    /// The slot of a module-level name.
    pub fn global(&self, name: &str) -> Option<u16> {
        self.globals.iter().position(|g| g == name).map(|i| i as u16)
    }

    /// The code object of a function.
    pub fn function(&self, name: &str) -> Option<CodeId> {
        self.codes.iter().skip(1).position(|c| c.name == name).map(|i| (i + 1) as CodeId)
    }
}
