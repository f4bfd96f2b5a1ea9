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

use crate::scenario::*;
use std::collections::BTreeSet;
use std::sync::Arc;

mod compile_expr;

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
        f(self)
            || match self {
                PExpr::Not(e) => e.any(f),
                PExpr::And(es) | PExpr::Or(es) => es.iter().any(|e| e.any(f)),
                PExpr::Cmp(_, l, r) | PExpr::Bin(_, l, r) | PExpr::Index(l, r) => l.any(f) || r.any(f),
                PExpr::Len(e) | PExpr::IsInstance(e, _) | PExpr::TypeOf(e) | PExpr::Attr(e, _) | PExpr::Convert(e, _) => e.any(f),
                PExpr::Format(parts) => parts.iter().any(|p| matches!(p, PFPart::Value { value, .. } if value.any(f))),
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
        match self {
            Op::Assign { value: e, .. } | Op::SetReg { value: e, .. } | Op::JumpIf { cond: e, .. } => e.any(f),
            Op::Assert { test, msg } => test.any(f) || msg.as_ref().is_some_and(|m| m.any(f)),
            Op::Print { args, .. } => args.iter().any(|e| e.any(f)),
            Op::SysExit { code: Some(c) } => c.any(f),
            Op::NewThread { target, args, name, .. } => target.iter().chain(args).chain(name.iter()).any(|e| e.any(f)),
            Op::CallValue { callee, args, star, dstar, .. } => std::iter::once(callee).chain(args).chain(star.iter()).chain(dstar.iter()).any(|e| e.any(f)),
            Op::RLock { state, .. } => state.iter().any(|e| e.any(f)),
            Op::StartNewThread { args, .. } => args.iter().any(|e| e.any(f)),
            Op::Call { args, .. } | Op::AtexitRegister { args, .. } => {
                args.iter().any(|e| e.any(f))
            }
            Op::AtexitRegisterValue {
                callee, args, star, ..
            } => callee.any(f) || args.iter().chain(star).any(|e| e.any(f)),
            Op::AtexitUnregister { callee } => callee.any(f),
            Op::Raise { arg: Some(a), .. } | Op::RaiseValue { value: a } => a.any(f),
            Op::SleepFor { seconds } | Op::Acquire { timeout: Some(seconds), .. } | Op::Write { text: Some(seconds) } | Op::Alarm { seconds, .. } => seconds.any(f),
            Op::PthreadKill { target: KillTarget::Ident(e), sig } => e.any(f) || matches!(sig, SigRef::Value(v) if v.any(f)),
            Op::Kill { sig: SigRef::Value(v) } | Op::RaiseSignal { sig: SigRef::Value(v) } | Op::InterruptMain { sig: Some(SigRef::Value(v)) } => v.any(f),
            Op::PthreadKill { sig: SigRef::Value(v), .. } => v.any(f),
            Op::NewList { items, .. } | Op::NewTuple { items, .. } => items.iter().any(|e| e.any(f)),
            Op::NewDict { items, .. } => items.iter().any(|(k, v)| k.as_ref().is_some_and(|k| k.any(f)) || v.any(f)),
            Op::RepeatList { items, count, .. } => items.iter().any(|e| e.any(f)) || count.any(f),
            Op::Bitwise { left, right, .. } => left.any(f) || right.any(f),
            Op::NewSet { from, .. } => from.as_ref().is_some_and(|e| e.any(f)),
            Op::SetAdd { set, value } => set.any(f) || value.any(f),
            Op::ListAppend { list, value } | Op::CompAppend { list, value } | Op::ListRemove { list, value } => list.any(f) || value.any(f),
            Op::NewRange { start, stop, step, .. } => start.iter().chain(std::iter::once(stop)).chain(step.iter()).any(|e| e.any(f)),
            Op::ListPop { list, index, .. } => list.any(f) || index.as_ref().is_some_and(|i| i.any(f)),
            Op::Builtin { value, .. } | Op::SigMask { signals: value, .. } => value.any(f),
            Op::SigWait { signals, timeout, .. } => signals.any(f) || timeout.as_ref().is_some_and(|t| t.any(f)),
            Op::Enumerate { .. } => false,
            Op::SetItem { target, index, value } => target.any(f) || index.any(f) || value.any(f),
            Op::New { args, kwargs, thread, .. } => args.iter().chain(kwargs.iter()).any(|e| e.any(f)) || thread.as_ref().is_some_and(|t| t.mentions(f)),
            Op::CallMethod { object, args, .. } => object.any(f) || args.iter().any(|e| e.any(f)),
            Op::SetAttr { object, value, .. } => object.any(f) || value.any(f),
            Op::ThreadInit { object, thread } => object.any(f) || thread.mentions(f),
            _ => false,
        }
    }
}

impl ThreadOp {
    fn mentions(&self, f: &dyn Fn(&PExpr) -> bool) -> bool {
        self.args.iter().any(|e| e.any(f)) || self.name.as_ref().is_some_and(|n| n.any(f)) || self.forward.as_ref().is_some_and(|(a, k)| a.any(f) || k.any(f))
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
    /// Whether the code reads the clock (`time.monotonic()`).
    pub reads_clock: bool,
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
    /// Compiles a scenario that the front end accepted (or a builder made).
    pub fn compile(s: &Scenario) -> Program {
        let mut globals: Vec<String> = vec!["__name__".to_string()];
        let mut codes = Vec::new();
        // Methods are code objects named `Class.method`, after the functions.
        let mut func_ids: Vec<String> = s.functions.iter().map(|f| f.name.clone()).collect();
        for c in &s.classes {
            func_ids.extend(c.methods.iter().map(|m| format!("{}.{}", c.name, m.name)));
        }
        // Lambdas are code objects `<lambda>#k`, after the methods.
        let lambdas = lambdas_of(s);
        func_ids.extend((0..lambdas.len()).map(|k| format!("<lambda>#{k}")));
        let mut attrs: Vec<String> = Vec::new();
        let env = Env { funcs: &func_ids, scenario: s, lambdas: &lambdas };
        // Module code: every name is global.
        let mut c = Compiler::new(env, &mut globals, &mut attrs, BTreeSet::new(), Vec::new());
        c.block(&s.main);
        c.text = Arc::from("(end of the main module)");
        c.emit(Op::Return, Loc::NONE);
        codes.push(c.finish("<module>", 0));
        let methods = s.classes.iter().flat_map(|c| c.methods.iter().map(move |m| (Some(c), m)));
        let lambda_fns: Vec<Function> = lambdas.iter().map(|(e, loc)| lambda_function(e, *loc)).collect();
        for (class, f) in s.functions.iter().map(|f| (None, f)).chain(methods).chain(lambda_fns.iter().map(|f| (None, f))) {
            let mut declared = BTreeSet::new();
            walk_block(&f.body, &mut |st| {
                if let StmtKind::Global { names } = &st.kind {
                    declared.extend(names.iter().cloned());
                }
            });
            let mut locals: Vec<String> = f.params.iter().map(|p| p.trim_start_matches('*').to_string()).collect();
            walk_block(&f.body, &mut |st| {
                for n in bound_names(&st.kind) {
                    if !declared.contains(&n) && !locals.contains(&n) {
                        locals.push(n);
                    }
                }
            });
            // A function with no locals still gets a frame of its own.
            let mut c = Compiler::new(env, &mut globals, &mut attrs, declared, locals);
            c.is_function = true;
            c.block(&f.body);
            c.text = Arc::from(format!("(end of {})", f.name).as_str());
            c.emit(Op::Return, f.loc);
            let name = match class {
                Some(k) => format!("{}.{}", k.name, f.name),
                None => f.name.clone(),
            };
            let mut code = c.finish(&name, f.params.len());
            code.vararg = f.params.iter().any(|p| p.starts_with('*') && !p.starts_with("**"));
            code.kwvar = f.params.last().is_some_and(|p| p.starts_with("**"));
            code.defaults = f.defaults.clone();
            codes.push(code);
        }
        let empty_run = codes.len() as CodeId;
        codes.push(Code {
            name: "run".to_string(),
            params: 1,
            vararg: false,
            kwvar: false,
            defaults: Vec::new(),
            ret: None,
            locals: vec!["self".to_string()],
            instrs: vec![Instr { op: Op::Return, loc: Loc::NONE, text: Arc::from("(end of Thread.run)") }],
        });
        let mut intern = |name: &str| -> AttrId {
            match attrs.iter().position(|a| a == name) {
                Some(i) => i as AttrId,
                None => {
                    attrs.push(name.to_string());
                    (attrs.len() - 1) as AttrId
                }
            }
        };
        let classes = s
            .classes
            .iter()
            .map(|c| ClassInfo {
                name: c.name.clone(),
                base: match &c.base {
                    ClassBase::Class(b) => s.classes.iter().position(|k| &k.name == b).map(|i| i as ClassId),
                    _ => None,
                },
                thread: s.is_thread_class(&c.name),
                methods: c
                    .methods
                    .iter()
                    .map(|m| {
                        let code = func_ids.iter().position(|f| *f == format!("{}.{}", c.name, m.name)).map_or(0, |i| (i + 1) as CodeId);
                        (intern(&m.name), code)
                    })
                    .collect(),
                attrs: c.attrs.iter().map(|(n, v)| (intern(n), v.clone())).collect(),
            })
            .collect();
        let kills = codes.iter().flat_map(|c| &c.instrs).any(|i| matches!(i.op, Op::Kill { .. }));
        // Keyword call sites, numbered for `State::kw_sites_run` (beyond 64
        // they share the last bit).
        let mut next = 0u8;
        for i in codes.iter_mut().flat_map(|c| &mut c.instrs) {
            if let Op::Acquire { kw_site: Some(site), .. } | Op::Print { kw_site: Some(site), .. } = &mut i.op {
                *site = next;
                next = (next + 1).min(63);
            }
        }
        let imports_threading = s.imports.iter().any(|i| i.module == Module::Threading);
        let wakes_main = codes
            .iter()
            .flat_map(|c| &c.instrs)
            .any(|i| matches!(i.op, Op::Kill { .. } | Op::PthreadKill { target: KillTarget::Main | KillTarget::Current, .. } | Op::RaiseSignal { .. }));
        let sends_signals = wakes_main || codes.iter().flat_map(|c| &c.instrs).any(|i| matches!(i.op, Op::PthreadKill { .. } | Op::InterruptMain { .. }));
        let reads_clock = codes.iter().flat_map(|c| &c.instrs).any(|i| i.op.mentions(&|e| matches!(e, PExpr::Now)));
        Program { scenario: s.clone(), codes, globals, kills, imports_threading, wakes_main, sends_signals, reads_clock, classes, attrs, empty_run }
    }

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

/// Names a statement binds (assignment targets, loop variables, `as`).
fn bound_names(kind: &StmtKind) -> Vec<String> {
    match kind {
        StmtKind::Assign { target, .. }
        | StmtKind::AugAssign { target, .. }
        | StmtKind::NewLock { target, .. }
        | StmtKind::NewThread { target, .. } => {
            // An attribute (`self.lock`) binds no name.
            if target.contains('.') {
                vec![]
            } else {
                vec![target.clone()]
            }
        }
        StmtKind::ForEach { unpack, .. } if !unpack.is_empty() => unpack.clone(),
        StmtKind::For { var, .. } | StmtKind::ForRange { var, .. } | StmtKind::ForIn { var, .. } | StmtKind::ForEach { var, .. } => vec![var.clone()],
        StmtKind::Try { handlers, .. } => handlers.iter().filter_map(|h| h.name.clone()).collect(),
        StmtKind::SetHandler { old: Some(old), .. } => vec![old.clone()],
        _ => vec![],
    }
}

/// What encloses the statement being compiled, innermost last: what a
/// `break` or `continue` must undo on its way out (CPython ≥ 3.9 compiles it
/// the same way: pop the blocks, run a `finally` body inline, leave a `with`).
#[derive(Clone)]
enum Ctl {
    /// A loop: `continue` jumps to `head`; `break` jumps are patched to its end.
    Loop { head: Pc, breaks: Vec<usize> },
    /// A `try` body with `except` clauses.
    Except,
    /// An `except` clause's body.
    Handler { name: Option<VarRef> },
    /// A `try` body, its `except` clauses or its `else`, with this `finally`.
    Finally { body: Block },
    /// A `with lock:` body.
    With,
    /// A `with object:` body: the object in `mgr`, the `except` block of
    /// its `__exit__` on the block stack.
    WithObject { mgr: VarRef },
}

/// What every code object's compiler reads: the code ids of functions and
/// methods, and the scenario (for its classes).
#[derive(Clone, Copy)]
struct Env<'a> {
    funcs: &'a [String],
    scenario: &'a Scenario,
    /// The scenario's lambdas (`<lambda>#k` is the k-th), each with the
    /// place of the statement it is in.
    lambdas: &'a [(Expr, Loc)],
}

/// Every distinct lambda of a scenario, in order of appearance, with the
/// place of the statement that holds it (its code's instructions show it).
fn lambdas_of(s: &Scenario) -> Vec<(Expr, Loc)> {
    let mut found: Vec<(Expr, Loc)> = Vec::new();
    let blocks = s.functions.iter().map(|f| &f.body).chain(s.classes.iter().flat_map(|c| c.methods.iter().map(|m| &m.body))).chain([&s.main]);
    for b in blocks {
        walk_block(b, &mut |st| {
            for e in st.kind.exprs() {
                crate::scenario::walk_exprs_of(e, &mut |x| {
                    if matches!(x, Expr::Lambda { .. }) && !found.iter().any(|(f, _)| f == x) {
                        found.push((x.clone(), st.loc));
                    }
                });
            }
        });
    }
    found
}

/// The function a lambda is: `def <lambda>(params): return body`.
fn lambda_function(e: &Expr, loc: Loc) -> Function {
    let Expr::Lambda { params, body } = e else { unreachable!("lambdas_of finds lambdas only") };
    // Its statement shows where the lambda is written.
    let body = body.iter().map(|st| Stmt { kind: st.kind.clone(), loc }).collect();
    Function { name: "<lambda>".into(), params: params.clone(), defaults: Vec::new(), body, loc }
}

struct Compiler<'a> {
    funcs: &'a [String],
    lambdas: &'a [(Expr, Loc)],
    scenario: &'a Scenario,
    /// Attribute and method names, interned.
    attrs: &'a mut Vec<String>,

    /// The enclosing loops and blocks, innermost last.
    ctl: Vec<Ctl>,
    /// The jumps of `return` statements, to the code's end.
    returns: Vec<usize>,
    /// The register a `return value` writes.
    ret: Option<u16>,
    globals: &'a mut Vec<String>,
    declared_global: BTreeSet<String>,
    locals: Vec<String>,
    is_function: bool,
    instrs: Vec<Instr>,
    next_reg: usize,
    /// The statement being compiled, for its instructions' `text`.
    text: Arc<str>,
    /// Comprehension variables in scope, each in a register.
    scoped: Vec<(String, VarRef)>,
}

impl<'a> Compiler<'a> {
    fn new(env: Env<'a>, globals: &'a mut Vec<String>, attrs: &'a mut Vec<String>, declared: BTreeSet<String>, locals: Vec<String>) -> Self {
        let is_function = !locals.is_empty() || !declared.is_empty();
        Compiler { funcs: env.funcs, lambdas: env.lambdas, scenario: env.scenario, attrs, ctl: Vec::new(), returns: Vec::new(), ret: None, globals, declared_global: declared, locals, is_function, instrs: Vec::new(), next_reg: 0, text: Arc::from(""), scoped: Vec::new() }
    }

    fn finish(mut self, name: &str, params: usize) -> Code {
        // `return` jumps to the code's final `Return`.
        let end = (self.instrs.len() - 1) as Pc;
        for j in std::mem::take(&mut self.returns) {
            self.patch(j, end);
        }
        Code { name: name.to_string(), params, vararg: false, kwvar: false, defaults: Vec::new(), ret: self.ret, locals: self.locals, instrs: self.instrs }
    }

    fn var(&mut self, name: &str) -> VarRef {
        // A comprehension's variable, innermost first.
        if let Some((_, v)) = self.scoped.iter().rev().find(|(n, _)| n == name) {
            return *v;
        }
        if self.is_function && !self.declared_global.contains(name) {
            if let Some(i) = self.locals.iter().position(|l| l == name) {
                return VarRef::Local(i as u16);
            }
        }
        match self.globals.iter().position(|g| g == name) {
            Some(i) => VarRef::Global(i as u16),
            None => {
                self.globals.push(name.to_string());
                VarRef::Global((self.globals.len() - 1) as u16)
            }
        }
    }

    /// A call site with keyword arguments gets a site number
    /// (`Program::compile` numbers them across code objects).
    fn kw_site(&self, keywords: bool) -> Option<u8> {
        keywords.then_some(0)
    }

    fn reg(&mut self) -> VarRef {
        self.locals.push(format!("${}", self.next_reg));
        self.next_reg += 1;
        VarRef::Local((self.locals.len() - 1) as u16)
    }

    fn func(&self, name: &str) -> CodeId {
        // The front end guarantees the function exists; a builder-made
        // scenario naming an unknown function gets code 0 (the module), which
        // a test would notice at once.
        self.funcs.iter().position(|f| f == name).map_or(0, |i| (i + 1) as CodeId)
    }

    fn emit(&mut self, op: Op, loc: Loc) -> usize {
        self.instrs.push(Instr { op, loc, text: self.text.clone() });
        self.instrs.len() - 1
    }

    fn here(&self) -> Pc {
        self.instrs.len() as Pc
    }

    fn patch(&mut self, at: usize, to: Pc) {
        match &mut self.instrs[at].op {
            Op::Jump { to: t } | Op::JumpIf { to: t, .. } => *t = to,
            Op::ForNext { exit, .. } | Op::ForNextIn { exit, .. } | Op::ForNextItem { exit, .. } | Op::ForNextEach { exit, .. } => *exit = to,
            Op::SetupExcept { handler } => *handler = to,
            Op::SetupFinally { finally } => *finally = to,
            Op::ExceptMatch { next, .. } => *next = to,
            _ => unreachable!("patching a non-jump"),
        }
    }

    fn block(&mut self, b: &Block) {
        for st in b {
            self.stmt(st);
        }
    }

    fn stmt(&mut self, st: &Stmt) {
        let saved = std::mem::replace(&mut self.text, Arc::from(crate::render::stmt_head(&st.kind)));
        self.stmt_kind(st);
        self.text = saved;
    }

    fn stmt_kind(&mut self, st: &Stmt) {
        let loc = st.loc;
        match &st.kind {
            StmtKind::Pass | StmtKind::Global { .. } => {
                self.emit(Op::Nop, loc);
            }
            StmtKind::Beyond { .. } => {
                self.emit(Op::Beyond, loc);
            }
            StmtKind::SetHook { hook, value } => {
                let value = self.expr(value, loc);
                self.emit(Op::SetHook { hook: *hook, value }, loc);
            }
            StmtKind::Assign { target, value: Expr::List { items } } => {
                // BUILD_LIST and the store: one step, as no call is between.
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let var = self.var(target);
                self.emit(Op::NewList { var, items }, loc);
            }
            StmtKind::Assign { target, value } => {
                let value = self.expr(value, loc);
                let var = self.var(target);
                self.emit(Op::Assign { var, value }, loc);
            }
            StmtKind::SetAdd { set, value } => {
                let value = self.expr(value, loc);
                let set = self.receiver_expr(set);
                self.emit(Op::SetAdd { set, value }, loc);
            }
            StmtKind::Append { list, value } => {
                let value = self.expr(value, loc);
                let list = self.receiver_expr(list);
                self.emit(Op::ListAppend { list, value }, loc);
            }
            StmtKind::Remove { list, value } => {
                let value = self.expr(value, loc);
                let list = self.receiver_expr(list);
                self.emit(Op::ListRemove { list, value }, loc);
            }
            StmtKind::Expr { value: Expr::Pop { list, index } } => {
                let index = index.as_ref().map(|i| self.expr(i, loc));
                let list = self.receiver_expr(list);
                self.emit(Op::ListPop { list, index, dest: None }, loc);
            }
            StmtKind::SetItem { target, index, value } => {
                let value = self.expr(value, loc);
                let index = self.expr(index, loc);
                let target = self.expr(target, loc);
                self.emit(Op::SetItem { target, index, value }, loc);
            }
            StmtKind::SetAttr { object, attr, value } => {
                let value = self.expr(value, loc);
                let object = self.expr(object, loc);
                let attr = self.attr(attr);
                self.emit(Op::SetAttr { object, attr, value }, loc);
            }
            StmtKind::ThreadInit { object, spec } => {
                let object = self.expr(object, loc);
                let thread = self.thread_op(spec, loc);
                self.emit(Op::ThreadInit { object, thread }, loc);
            }
            StmtKind::ForEach { var, iterable, body, unpack } => {
                // The iterable is evaluated once, before the loop; its items
                // are read as the loop goes.
                let value = self.expr(iterable, loc);
                let seq = self.reg();
                self.emit(Op::SetReg { reg: seq, value }, loc);
                let counter = self.reg();
                let item = if unpack.is_empty() { self.var(var) } else { self.reg() };
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNextEach { counter, seq, var: item, exit: 0 }, loc);
                if !unpack.is_empty() {
                    let targets = unpack.iter().map(|n| self.var(n)).collect();
                    self.emit(Op::Unpack { value: item, targets }, loc);
                }
                self.for_body(head, body, loc);
            }
            StmtKind::AugAssign { target, op, value } => {
                let value = self.expr(value, loc);
                let var = self.var(target);
                let value = PExpr::Bin(*op, Box::new(PExpr::Var(var)), Box::new(value));
                self.emit(Op::Assign { var, value }, loc);
            }
            StmtKind::NewLock { target, ctor } => {
                let var = self.target(target);
                self.emit(Op::NewLock { var, reentrant: ctor.is_reentrant() }, loc);
                self.store_attribute(target, var, loc);
            }
            StmtKind::NewThread { target, function, daemon, args, name } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let name = name.as_ref().map(|n| self.expr(n, loc));
                let var = self.target(target);
                let func = self.func(function);
                self.emit(Op::NewThread { var, func, target: None, daemon: *daemon, args, name }, loc);
                self.store_attribute(target, var, loc);
            }
            StmtKind::StartThread { function, daemon, args } => {
                // `Thread(...)` and `.start()`: two calls, each a statement
                // here, the thread held in a register between them.
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let var = self.reg();
                let func = self.func(function);
                self.emit(Op::NewThread { var, func, target: None, daemon: *daemon, args, name: None }, loc);
                self.emit(Op::Start { thread: var }, loc);
            }
            StmtKind::AtexitRegister { function, args, threading } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(
                    Op::AtexitRegister {
                        func,
                        args,
                        threading: *threading,
                    },
                    loc,
                );
            }
            StmtKind::AtexitRegisterValue {
                callee,
                args,
                star,
                threading,
            } => {
                let callee = self.expr(callee, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let star = star.as_ref().map(|s| self.expr(s, loc));
                self.emit(
                    Op::AtexitRegisterValue {
                        callee,
                        args,
                        star,
                        threading: *threading,
                    },
                    loc,
                );
            }
            StmtKind::AtexitUnregister { callee } => {
                let callee = self.expr(callee, loc);
                self.emit(Op::AtexitUnregister { callee }, loc);
            }
            StmtKind::AtexitClear => {
                self.emit(Op::AtexitClear, loc);
            }
            StmtKind::AtexitRun => {
                self.emit(Op::AtexitRun, loc);
            }
            StmtKind::Expr {
                value: Expr::Call { function, args },
            } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(Op::Call { func, args, dest: None }, loc);
            }
            StmtKind::Expr { value: Expr::Method { value, method, args } } => {
                let object = self.expr(value, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let method = self.attr(method);
                self.emit(Op::CallMethod { object, method, args, dest: None }, loc);
            }
            StmtKind::Expr { value: Expr::ClassCall { class, method, args } } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.method_code(class, method);
                self.emit(Op::Call { func, args, dest: None }, loc);
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    let v = self.expr(v, loc);
                    let reg = match self.ret {
                        Some(r) => VarRef::Local(r),
                        None => {
                            let r = self.reg();
                            if let VarRef::Local(i) = r {
                                self.ret = Some(i);
                            }
                            r
                        }
                    };
                    self.emit(Op::SetReg { reg, value: v }, loc);
                }
                // Leave every block (a `finally` runs, a `with` releases).
                if !self.ctl.is_empty() {
                    self.unwind_to(usize::MAX, loc);
                }
                let j = self.emit(Op::Jump { to: 0 }, loc);
                self.returns.push(j);
            }
            StmtKind::Expr { value: Expr::Acquire { lock, blocking, timeout, keywords } } => {
                let lock = self.receiver(lock, loc);
                let timeout = timeout.as_ref().map(|t| self.expr(t, loc));
                self.emit(Op::Acquire { lock, blocking: *blocking, timeout, dest: None, kw_site: self.kw_site(*keywords) }, loc);
            }
            StmtKind::Expr { value } => {
                // Evaluated for effect: hoisted acquires run, the value is dropped.
                let value = self.expr(value, loc);
                let reg = self.reg();
                self.emit(Op::Assign { var: reg, value }, loc);
            }
            StmtKind::Release { lock } => {
                let lock = self.receiver(lock, loc);
                self.emit(Op::Release { lock }, loc);
            }
            StmtKind::StartNewThread { function, args } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(Op::StartNewThread { func, args }, loc);
            }
            StmtKind::Start { thread } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::Start { thread }, loc);
            }
            StmtKind::SetDaemon { thread, daemon, .. } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::SetDaemon { thread, daemon: *daemon }, loc);
            }
            StmtKind::Join { thread, timeout } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::Join { thread, timeout: *timeout }, loc);
            }
            StmtKind::Sleep { seconds } => {
                self.emit(Op::Sleep { seconds: *seconds }, loc);
            }
            StmtKind::SleepFor { seconds } => {
                let seconds = self.expr(seconds, loc);
                self.emit(Op::SleepFor { seconds }, loc);
            }
            StmtKind::SetHandler { signal, handler, old } => {
                let handler = match handler {
                    Handler::Function(f) => HandlerRef::Function(self.func(f)),
                    Handler::Ignore => HandlerRef::Ignore,
                    Handler::Default => HandlerRef::Default,
                    Handler::DefaultInt => HandlerRef::DefaultInt,
                    Handler::Name(n) => HandlerRef::Var(self.var(n)),
                };
                let old = old.as_ref().map(|o| self.var(o));
                self.emit(Op::SetHandler { sig: *signal, handler, old }, loc);
            }
            StmtKind::Alarm { seconds, itimer } => {
                let seconds = self.expr(seconds, loc);
                self.emit(Op::Alarm { seconds, itimer: *itimer }, loc);
            }
            StmtKind::Pause => {
                self.emit(Op::Pause, loc);
            }
            StmtKind::SetStderr { none } => {
                self.emit(Op::SetStderr { none: *none }, loc);
            }
            StmtKind::SetSwitchInterval { value } => {
                let value = self.expr(value, loc);
                self.emit(Op::SetSwitchInterval { value }, loc);
            }
            StmtKind::Kill { signal } => {
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::Kill { sig }, loc);
            }
            StmtKind::PthreadKill { thread, signal } => {
                let target = match thread {
                    ThreadRef::Main => KillTarget::Main,
                    ThreadRef::Current => KillTarget::Current,
                    ThreadRef::Named(n) => KillTarget::Thread(self.receiver(n, loc)),
                    ThreadRef::Ident(e) => KillTarget::Ident(self.expr(e, loc)),
                };
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::PthreadKill { target, sig }, loc);
            }
            StmtKind::RaiseSignal { signal } => {
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::RaiseSignal { sig }, loc);
            }
            StmtKind::InterruptMain { signal } => {
                let sig = signal.as_ref().map(|s| self.sig_ref(s, loc));
                self.emit(Op::InterruptMain { sig }, loc);
            }
            StmtKind::SysExit { code } => {
                let code = code.as_ref().map(|c| self.expr(c, loc));
                self.emit(Op::SysExit { code }, loc);
            }
            StmtKind::ThreadExit => {
                self.emit(Op::ThreadExit, loc);
            }
            StmtKind::Write { text, flush } => {
                let text = flush.is_none().then(|| self.expr(text, loc));
                self.emit(Op::Write { text }, loc);
            }
            StmtKind::OsExit { code } => {
                self.emit(Op::OsExit { code: *code }, loc);
            }
            StmtKind::Raise { exception: Some(r) } => {
                let arg = r.arg.as_ref().map(|a| self.expr(a, loc));
                self.emit(Op::Raise { exc: r.exc.clone(), arg }, loc);
            }
            StmtKind::Raise { exception: None } => {
                self.emit(Op::Reraise, loc);
            }
            StmtKind::RaiseValue { value } => {
                let value = self.expr(value, loc);
                self.emit(Op::RaiseValue { value }, loc);
            }
            StmtKind::Assert { test, msg } => {
                let test = self.expr(test, loc);
                let msg = msg.as_ref().map(|m| self.expr(m, loc));
                self.emit(Op::Assert { test, msg }, loc);
            }
            StmtKind::Print { args, flush, sep, end, stderr } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let kw_site = self.kw_site(*flush || sep.is_some() || end.is_some() || *stderr);
                let (sep, end) = (sep.clone().unwrap_or_else(|| " ".into()), end.clone().unwrap_or_else(|| "\n".into()));
                self.emit(Op::Print { args, sep, end, kw_site, stderr: *stderr }, loc);
            }
            StmtKind::If { test, body, orelse } => {
                let cond = self.expr(test, loc);
                let jump_else = self.emit(Op::JumpIf { cond, when: false, to: 0 }, loc);
                self.block(body);
                if orelse.is_empty() {
                    let end = self.here();
                    self.patch(jump_else, end);
                } else {
                    let jump_end = self.emit(Op::Jump { to: 0 }, loc);
                    let else_at = self.here();
                    self.patch(jump_else, else_at);
                    self.block(orelse);
                    let end = self.here();
                    self.patch(jump_end, end);
                }
            }
            StmtKind::For { var, count, body } => {
                let counter = self.reg();
                let var = self.var(var);
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNext { counter, count: *count, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::ForIn { var, items, body } => {
                let items: Vec<VarRef> = items
                    .iter()
                    .map(|item| {
                        let value = self.expr(item, loc);
                        let reg = self.reg();
                        self.emit(Op::SetReg { reg, value }, loc);
                        reg
                    })
                    .collect();
                let counter = self.reg();
                let var = self.var(var);
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNextItem { counter, items, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::ForRange { var, start, stop, step, body } => {
                // range()'s arguments are evaluated once, before the loop.
                let counter = self.reg();
                match start {
                    Some(start) => {
                        let value = self.expr(start, loc);
                        self.emit(Op::SetReg { reg: counter, value }, loc);
                    }
                    None => {
                        self.emit(Op::ForInit { counter }, loc);
                    }
                }
                let stop = self.expr(stop, loc);
                let bound = self.reg();
                self.emit(Op::SetReg { reg: bound, value: stop }, loc);
                let step = step.as_ref().map(|step| {
                    let value = self.expr(step, loc);
                    let reg = self.reg();
                    self.emit(Op::SetReg { reg, value }, loc);
                    reg
                });
                let var = self.var(var);
                let head = self.emit(Op::ForNextIn { counter, bound, step, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::While { test, body, orelse } => {
                // head: test → else; body; back edge to head; else: orelse; end.
                let head = self.here();
                let cond = self.expr(test, loc);
                let exit = self.emit(Op::JumpIf { cond, when: false, to: 0 }, loc);
                self.ctl.push(Ctl::Loop { head, breaks: Vec::new() });
                self.block(body);
                let Some(Ctl::Loop { breaks, .. }) = self.ctl.pop() else { unreachable!("loop context") };
                self.emit(Op::Jump { to: head }, loc);
                let else_at = self.here();
                self.patch(exit, else_at);
                self.block(orelse);
                let end = self.here();
                for b in breaks {
                    self.patch(b, end);
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let Some(at) = self.ctl.iter().rposition(|c| matches!(c, Ctl::Loop { .. })) else {
                    // The front end refuses a `break` outside a loop.
                    self.emit(Op::Nop, loc);
                    return;
                };
                self.unwind_to(at, loc);
                if matches!(st.kind, StmtKind::Break) {
                    let j = self.emit(Op::Jump { to: 0 }, loc);
                    if let Some(Ctl::Loop { breaks, .. }) = self.ctl.get_mut(at) {
                        breaks.push(j);
                    }
                } else if let Some(Ctl::Loop { head, .. }) = self.ctl.get(at) {
                    let head = *head;
                    self.emit(Op::Jump { to: head }, loc);
                }
            }
            StmtKind::With { lock, body } => {
                let lock = self.receiver(lock, loc);
                self.emit(Op::WithEnter { lock }, loc);
                self.ctl.push(Ctl::With);
                self.block(body);
                self.ctl.pop();
                self.emit(Op::WithExit, loc);
            }
            StmtKind::WithObject { object, enter_args, body, context, target } => self.with_object(object, context.as_deref(), target.as_deref(), enter_args, body, loc),
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let setup_finally = (!finalbody.is_empty()).then(|| self.emit(Op::SetupFinally { finally: 0 }, loc));
                if setup_finally.is_some() {
                    self.ctl.push(Ctl::Finally { body: finalbody.clone() });
                }
                let setup_except = (!handlers.is_empty()).then(|| self.emit(Op::SetupExcept { handler: 0 }, loc));
                if setup_except.is_some() {
                    self.ctl.push(Ctl::Except);
                }
                self.block(body);
                if setup_except.is_some() {
                    self.ctl.pop();
                }
                let mut to_after = Vec::new();
                if let Some(setup) = setup_except {
                    self.emit(Op::PopBlock, loc);
                    self.block(orelse);
                    to_after.push(self.emit(Op::Jump { to: 0 }, loc));
                    let first = self.here();
                    self.patch(setup, first);
                    for h in handlers {
                        let name = h.name.as_ref().map(|n| self.var(n));
                        let m = self.emit(Op::ExceptMatch { types: h.types.clone(), name, next: 0 }, h.loc);
                        self.ctl.push(Ctl::Handler { name });
                        self.block(&h.body);
                        self.ctl.pop();
                        self.emit(Op::ExceptEnd { name }, h.loc);
                        to_after.push(self.emit(Op::Jump { to: 0 }, h.loc));
                        let next = self.here();
                        self.patch(m, next);
                    }
                    self.emit(Op::Unwind, loc);
                }
                let after = self.here();
                for j in to_after {
                    self.patch(j, after);
                }
                if let Some(setup) = setup_finally {
                    self.ctl.pop();
                    self.emit(Op::EnterFinally, loc);
                    let f = self.here();
                    self.patch(setup, f);
                    self.block(finalbody);
                    self.emit(Op::EndFinally, loc);
                }
            }
        }
    }

    /// `with object: body` as CPython runs it (PEP 343): `__enter__()`,
    /// the body in a block whose exception calls `__exit__` (re-raised
    /// unless that returns true), `__exit__(None, None, None)` when the
    /// body ends or leaves by `return`/`break`/`continue` (`unwind_to`).
    /// `__exit__` is given None for the exception's type, value and
    /// traceback on every path: the model's exceptions are not values.
    fn with_object(&mut self, object: &str, context: Option<&Expr>, target: Option<&str>, enter_args: &[Expr], body: &Block, loc: Loc) {
        let value = match context {
            Some(e) => self.expr(e, loc),
            None => self.receiver_expr(object),
        };
        let mgr = self.reg();
        self.emit(Op::SetReg { reg: mgr, value }, loc);
        let enter = self.attr("__enter__");
        let args = enter_args.iter().map(|a| self.expr(a, loc)).collect();
        let dest = target.map(|t| self.var(t));
        self.emit(Op::CallMethod { object: PExpr::Var(mgr), method: enter, args, dest }, loc);
        let setup = self.emit(Op::SetupExcept { handler: 0 }, loc);
        self.ctl.push(Ctl::WithObject { mgr });
        self.block(body);
        self.ctl.pop();
        self.emit(Op::PopBlock, loc);
        self.exit_call(mgr, None, loc);
        let done = self.emit(Op::Jump { to: 0 }, loc);
        let handler = self.here();
        self.patch(setup, handler);
        let m = self.emit(Op::ExceptMatch { types: vec![ExcType::BaseException], name: None, next: 0 }, loc);
        self.ctl.push(Ctl::Handler { name: None });
        let swallowed = self.reg();
        self.exit_call(mgr, Some(swallowed), loc);
        let keep = self.emit(Op::JumpIf { cond: PExpr::Var(swallowed), when: false, to: 0 }, loc);
        self.emit(Op::ExceptEnd { name: None }, loc);
        let suppressed = self.emit(Op::Jump { to: 0 }, loc);
        let reraise = self.here();
        self.patch(keep, reraise);
        self.emit(Op::Reraise, loc);
        self.ctl.pop();
        let unwind = self.here();
        self.patch(m, unwind);
        self.emit(Op::Unwind, loc);
        let after = self.here();
        self.patch(done, after);
        self.patch(suppressed, after);
    }

    /// `mgr.__exit__(None, None, None)`, its result in `dest`.
    fn exit_call(&mut self, mgr: VarRef, dest: Option<VarRef>, loc: Loc) {
        let exit = self.attr("__exit__");
        let none = || PExpr::Lit(Literal::None);
        self.emit(Op::CallMethod { object: PExpr::Var(mgr), method: exit, args: vec![none(), none(), none()], dest }, loc);
    }

    /// A `for` loop's body after its head instruction (at `head`): the back
    /// edge, and the head's exit and the `break`s patched to the loop's end.
    fn for_body(&mut self, head: usize, body: &Block, loc: Loc) {
        self.ctl.push(Ctl::Loop { head: head as Pc, breaks: Vec::new() });
        self.block(body);
        let Some(Ctl::Loop { breaks, .. }) = self.ctl.pop() else { unreachable!("loop context") };
        self.emit(Op::Jump { to: head as Pc }, loc);
        let end = self.here();
        self.patch(head, end);
        for b in breaks {
            self.patch(b, end);
        }
    }

    /// Undoes the blocks inside `ctl[at]` (a loop), innermost first, as a
    /// `break` or `continue` leaves them: a `try` block is popped, an
    /// `except` clause ends, a `finally` body runs inline, a `with` releases.
    fn unwind_to(&mut self, at: usize, loc: Loc) {
        // `usize::MAX`: every block (a `return`).
        let from = if at == usize::MAX { 0 } else { at + 1 };
        for i in (from..self.ctl.len()).rev() {
            match self.ctl[i].clone() {
                Ctl::Loop { .. } => {}
                Ctl::Except => {
                    self.emit(Op::PopBlock, loc);
                }
                Ctl::Handler { name } => {
                    self.emit(Op::ExceptEnd { name }, loc);
                }
                Ctl::With => {
                    self.emit(Op::WithExit, loc);
                }
                Ctl::WithObject { mgr } => {
                    self.emit(Op::PopBlock, loc);
                    self.exit_call(mgr, None, loc);
                }
                Ctl::Finally { body } => {
                    self.emit(Op::PopBlock, loc);
                    // The finally body runs with only what encloses it.
                    let inner = self.ctl.split_off(i);
                    self.block(&body);
                    self.ctl.extend(inner);
                }
            }
        }
    }
}
