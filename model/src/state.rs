//! The model's state: threads with their frames, locks, signals, the clock,
//! output and the process phase.

use crate::program::{CodeId, Pc, VarRef};
use crate::check_kind::CheckKind;
use crate::scenario::{ExcType, Literal, Sig};
use crate::text::Text;
use std::fmt::Write;
use std::hash::Hash;
use std::sync::Arc;

/// Index of a thread in `State::threads`; 0 is the main thread.
pub type Tid = u8;
/// Index of a lock in `State::locks`.
pub type LockId = u8;
/// Virtual time in milliseconds.
pub type Millis = u64;

/// The main thread's index.
pub const MAIN: Tid = 0;

/// The most threads (main included) a state holds: thread indices are `u8`.
pub const MAX_THREADS: usize = 255;
/// Frames on one thread's stack beyond which a run is beyond the model
/// (a recursion CPython would end with RecursionError at 1,000).
pub const MAX_FRAMES: usize = 32;

/// The most locks a state holds: `Thread::holds` has a bit per lock.
pub const MAX_LOCKS: usize = 32;

/// Index of a list in `State::lists`.
pub type ListId = u16;

/// The most lists a run makes: the model frees none (CPython frees a list
/// no name refers to), so a loop that makes a list each time round would
/// never come back to a state it was in; past this the run is beyond the
/// model.
pub const MAX_LISTS: usize = 64;

/// Index of an object of a class of the script in `State::objects`.
pub type ObjId = u16;

/// The most objects a run makes (as for lists, none is freed).
pub const MAX_OBJECTS: usize = 64;

/// An object of a class of the script.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Object {
    /// Its class (`Program::classes`).
    pub class: crate::program::ClassId,
    /// Its own attributes, in the order they were first set.
    pub attrs: Vec<(crate::program::AttrId, Value)>,
    /// The thread it is, once `Thread.__init__` ran (a subclass of Thread).
    pub thread: Option<Tid>,
}

/// The hooks the interpreter calls with an exception no code caught.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hooks {
    /// `sys.unraisablehook`.
    pub unraisable: Value,
    /// `threading.excepthook`.
    pub except: Value,
}

impl Default for Hooks {
    fn default() -> Hooks {
        Hooks { unraisable: Value::Builtin(BuiltinFn::UnraisableHook), except: Value::Builtin(BuiltinFn::ExceptHook) }
    }
}

impl Hooks {
    pub fn get(&self, h: crate::scenario::Hook) -> &Value {
        match h {
            crate::scenario::Hook::Unraisable => &self.unraisable,
            crate::scenario::Hook::Except => &self.except,
        }
    }

    pub fn set(&mut self, h: crate::scenario::Hook, v: Value) {
        match h {
            crate::scenario::Hook::Unraisable => self.unraisable = v,
            crate::scenario::Hook::Except => self.except = v,
        }
    }
}

/// A built-in function held as a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BuiltinFn {
    /// The default `sys.unraisablehook`, which writes the report.
    UnraisableHook,
    /// The default `threading.excepthook`, which writes the report.
    ExceptHook,
    /// `lst.append` of this list.
    Append(ListId),
    /// `id`, `int` or `sys.exit`.
    Ref(crate::scenario::BuiltinRef),
}

/// The argument of a hook call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HookArgs {
    /// `exc_type`, `exc_value` and `exc_traceback` are this exception's.
    pub exc: Arc<Exc>,
    /// `sys.unraisablehook`'s `err_msg` and `object`; `None` for
    /// `threading.excepthook`'s arguments.
    pub unraisable: Option<(Text, Value)>,
    /// `threading.excepthook`'s `thread`.
    pub thread: Option<Value>,
}

/// Exception classes the model raises: the scenario's own and the built-in
/// ones, the runtime's included (`TypeError`, `NameError`, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// A class a script can name.
    Named(ExcType),
}

impl Class {
    /// The name a traceback and `repr` show: a library class's own name
    /// (`Empty` for `queue.Empty`; tracebacks add the module, which
    /// differs between CPython's `_queue` and PyPy's `queue`).
    pub fn name(&self) -> &str {
        match self {
            Class::Named(e) => e.name().rsplit('.').next().unwrap_or_default(),
        }
    }

    /// Whether an `except target` clause catches this class.
    pub fn is_subclass_of(&self, target: &ExcType) -> bool {
        match self {
            Class::Named(e) => e.is_subclass_of(target),
        }
    }

    pub fn is(&self, e: ExcType) -> bool {
        *self == Class::Named(e)
    }
}

/// An exception object.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Exc {
    /// Its class.
    pub class: Class,
    /// Its single argument, if any (`str(e)` shows it).
    pub arg: Option<Value>,
    /// `__context__`: the exception being handled when this one was raised
    /// (a traceback prints it first, "During handling of the above
    /// exception, another exception occurred").
    pub context: Option<Arc<Exc>>,
}

impl Exc {
    /// The class names a traceback shows, oldest context first.
    pub fn chain_names(&self) -> Vec<&str> {
        let mut names = match &self.context {
            Some(c) => c.chain_names(),
            None => Vec::new(),
        };
        names.push(self.class.name());
        names
    }

    pub fn new(class: ExcType) -> Exc {
        Exc { class: Class::Named(class), arg: None, context: None }
    }

    pub fn with_msg(class: Class, msg: &str) -> Exc {
        Exc { class, arg: Some(Value::Str(Text::new(msg))), context: None }
    }
}

/// Whether an uncaught exception's report reaches stderr (CP34): after
/// `sys.stderr = None` it is written nowhere, unless it goes to a stream of
/// its own (`own_stream`: a `threading.Thread`'s excepthook writes to the
/// `_stderr` the thread kept when it was made). The model and the runtime
/// both ask this.
pub fn report_reaches_stderr(stderr_none: bool, own_stream: bool) -> bool {
    !stderr_none || own_stream
}

/// A Python value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// A float, by its bits.
    Float(u64),
    Str(Text),
    Lock(LockId),
    Thread(Tid),
    Exc(Arc<Exc>),
    /// A list, by its index in the state's lists: names and other lists
    /// that hold it share it, as in Python.
    List(ListId),
    /// A tuple: items in the state's lists as a list's, never changed
    /// (no method of the language changes one).
    Tuple(ListId),
    /// An object of a class of the script, by its index in the state's
    /// objects (shared by reference, as a list).
    Obj(ObjId),
    /// A signal handler as `signal.signal` returns the one it replaces.
    Handler(HandlerState),
    /// A set: its items in the state's lists as a list's, each once, in the
    /// order they were added (CPython's order is by hash: see CP36).
    Set(ListId),
    /// A member of `signal.Signals` (`signal.SIGUSR1`, what `sigwait`
    /// returns): an IntEnum, equal to its number and an int in arithmetic.
    Signal(Sig),
    /// A function of the script or a lambda, by its code.
    Func(CodeId),
    /// A method bound to an object of a class of the script (`obj.method`
    /// not called): calling it passes the object first.
    Method(ObjId, CodeId),
    /// What `signal.sigtimedwait` gives for a signal it took: a
    /// `signal.struct_siginfo`, of which the model keeps the number.
    SigInfo(Sig),
    /// A built-in function the model knows as a value (a default hook, a
    /// list's bound `append`).
    Builtin(BuiltinFn),
    /// What a hook is called with: `UnraisableHookArgs` or
    /// `ExceptHookArgs`.
    HookArgs(Arc<HookArgs>),
    /// The traceback of this exception (`e.__traceback__`, a hook's
    /// `exc_traceback`): the model keeps no frames, only whose it is.
    Traceback(Arc<Exc>),
    /// A dict: its keys and values alternating (k0, v0, k1, v1, …) in the
    /// state's lists, in insertion order, shared by reference as a list.
    Dict(ListId),
    /// A class as a value (`type(x)`, `_thread.LockType`), by its
    /// qualified name (`_thread.lock`, `__main__.Worker`): two are the
    /// same class when their names are.
    Type(Text),
}

impl Value {
    pub fn from_literal(l: &Literal) -> Value {
        match l {
            Literal::None => Value::None,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(f.get().to_bits()),
            Literal::Str(s) => Value::Str(Text::new(s)),
        }
    }

    /// Python's truth value.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => f64::from_bits(*f) != 0.0,
            Value::Str(s) => !s.text().is_empty(),
            // A list's truth is its length: `values::truthy` reads it.
            Value::Lock(_) | Value::Thread(_) | Value::Exc(_) | Value::List(_) | Value::Tuple(_) | Value::Obj(_) | Value::Set(_) | Value::Dict(_) => true,
            // SIG_DFL is 0, SIG_IGN 1 (an IntEnum); a function is true.
            Value::Handler(h) => *h != HandlerState::Default,
            Value::Signal(_) | Value::Func(_) | Value::Method(..) | Value::SigInfo(_) | Value::Type(_) | Value::Builtin(_) | Value::HookArgs(_) | Value::Traceback(_) => true,
        }
    }

    /// The value as a float, if it is a number (bool, int, float, a
    /// `Signals` member).
    pub fn number_value(&self) -> Option<f64> {
        self.number()
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Int(i) => Some(*i as f64),
            Value::Signal(s) => Some(s.linux_number() as f64),
            Value::Float(f) => Some(f64::from_bits(*f)),
            _ => None,
        }
    }

    /// Python's `==`.
    pub fn py_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::None, Value::None) => true,
            (Value::Exc(a), Value::Exc(b)) => Arc::ptr_eq(a, b) || a == b,
            (a, b) => match (a.number(), b.number()) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            },
        }
    }

    /// Python's `is`, for the values the subset has: singletons and small
    /// ints are shared; equal strings and floats are taken to be the same
    /// constant (CPython shares equal constants of one code object).
    pub fn py_is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b && (-5..=256).contains(a),
            (Value::Bool(a), Value::Bool(b)) => a == b,
            _ => self == other,
        }
    }
}

/// `str(value)` for the values a script can print.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => py_float(f64::from_bits(*f)),
        Value::Str(s) => s.to_string(),
        Value::Lock(l) => format!("<lock {l}>"),
        Value::Thread(t) => format!("<Thread {t}>"),
        Value::List(l) => format!("<list {l}>"),
        Value::Tuple(l) => format!("<tuple {l}>"),
        Value::Set(l) => format!("<set {l}>"),
        Value::Dict(l) => format!("<dict {l}>"),
        Value::Builtin(BuiltinFn::UnraisableHook) => "<built-in function unraisablehook>".into(),
        Value::Builtin(BuiltinFn::ExceptHook) => "<built-in function _excepthook>".into(),
        // CPython shows the list's address.
        Value::Builtin(BuiltinFn::Append(l)) => format!("<built-in method append of list object {l}>"),
        Value::Builtin(BuiltinFn::Ref(crate::scenario::BuiltinRef::Int)) => "<class 'int'>".into(),
        Value::Builtin(BuiltinFn::Ref(crate::scenario::BuiltinRef::Id)) => "<built-in function id>".into(),
        Value::Builtin(BuiltinFn::Ref(crate::scenario::BuiltinRef::SysExit)) => "<built-in function exit>".into(),
        Value::HookArgs(a) if a.thread.is_some() => "ExceptHookArgs(...)".into(),
        Value::HookArgs(_) => "UnraisableHookArgs(...)".into(),
        Value::Traceback(_) => "<traceback object>".into(),
        Value::Obj(o) => format!("<object {o}>"),
        // CPython shows the address: no run can be compared on it.
        Value::Func(c) => format!("<function {c}>"),
        Value::Method(o, c) => format!("<bound method {c} of <object {o}>>"),
        Value::Handler(h) => h.describe(),
        // `str()` of an IntEnum is its number from 3.11 (and `format()` is
        // in every version); 3.8–3.10 and PyPy 3.9 give `Signals.SIGUSR1`
        // (not modelled: CP33).
        Value::Signal(s) => s.linux_number().to_string(),
        // The sender's pid and uid differ from run to run: left out.
        Value::SigInfo(s) => format!("signal.struct_siginfo(si_signo={}, ...)", s.linux_number()),
        Value::Type(name) => format!("<class '{name}'>"),
        Value::Exc(e) => match &e.arg {
            None => String::new(),
            // KeyError's `__str__` shows its one argument's repr.
            Some(a) if e.class.is_subclass_of(&crate::scenario::ExcType::KeyError) => crate::values::py_repr(a),
            Some(a) => py_str(a),
        },
    }
}

/// `repr(float)`: the shortest round-trip digits, fixed notation for
/// exponents from -4 to 15, otherwise `d.ddde+XX`.
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let sci = format!("{:e}", f); // e.g. "-1.25e-7"
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an int");
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let int_len = (exp + 1) as usize;
            if digits.len() <= int_len {
                out.push_str(&digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    out
}

/// One block of a frame's block stack (CPython's try-block stack).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Block {
    /// Inside `try:` with `except` clauses starting at `handler`.
    Except { handler: Pc },
    /// Inside `try:` (or its except clauses) with a `finally` at `finally`.
    Finally { finally: Pc },
    /// Inside `with lock:`: leaving releases the lock.
    With { lock: LockId },
    /// Inside an `except` clause's body.
    Handler,
}

/// How a `finally` body was entered, so its end knows how to go on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pending {
    /// Normally: go on after the try statement.
    Normal,
    /// By an exception: re-raise it after the finally body.
    Raise(Exc),
}

/// A wait in progress at the frame's current instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Wait {
    /// When the wait times out; `None` waits forever.
    pub deadline: Option<Millis>,
}

/// Where a frame stands within the instruction at its `pc`, beyond "about
/// to run it": the main thread's eval-breaker check points, and a `print`
/// between its two writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum At {
    /// About to run the instruction at `pc`; no check first.
    #[default]
    Go,
    /// At an eval-breaker check point of the main thread: its next step runs
    /// a tripped signal's handler before anything else (`interrupts_main_only::checks`).
    Check(CheckKind),
    /// 3.14: `with lock:` took the lock and checks before its block is set
    /// up (gh-148874); passing the check sets up the block.
    EnterWith(LockId),
    /// A `print` wrote its text and not yet its newline (two writes; another
    /// thread may run and print between them).
    MidPrint,
}

/// One activation of a code object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The code running.
    pub code: CodeId,
    /// The next instruction (or the one blocked in).
    pub pc: Pc,
    /// Locals and hidden registers; `None` is unbound.
    pub locals: Vec<Option<Value>>,
    /// The try/with block stack, innermost last.
    pub blocks: Vec<Block>,
    /// Exceptions being handled by enclosing `except` bodies, innermost last.
    pub handling: Vec<Exc>,
    /// How each enclosing `finally` body was entered, innermost last.
    pub pending: Vec<Pending>,
    /// The exception being matched against `except` clauses right now.
    pub unwinding: Option<Exc>,
    /// Set while blocked in the instruction at `pc`.
    pub wait: Option<Wait>,
    /// Where within the instruction at `pc` it stands.
    pub at: At,
    /// The check it stands at is running the tripped signals' handlers one
    /// after the other (CPython's loop in `_PyErr_CheckSignalsTstate`): when
    /// one returns, the next tripped signal's runs, checked or not.
    pub handlers_running: bool,
    /// A frame of a direct call (`f(x)`): `Some(dest)`, where the caller
    /// keeps the value it returns (`None`: the value is dropped). `None`
    /// for a thread's first frame and a signal handler's.
    pub call_dest: Option<Option<VarRef>>,
}

/// How a thread came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The main thread.
    Main,
    /// A `threading.Thread` (its name number, `Thread-N`).
    Threading { number: u8 },
    /// A `_thread.start_new_thread` thread (`Dummy-N` to `threading`).
    Raw { number: u8 },
}

/// Where a thread is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Life {
    /// A `threading.Thread` not yet started.
    NotStarted,
    /// Running its code (possibly blocked).
    Running,
    /// The main thread's code ended; it waits in `threading._shutdown` for
    /// the non-daemon threads, then the process exits with `status`.
    ShuttingDown { status: i64 },
    /// Its code ended (normally or by an uncaught exception).
    Done,
    /// Stopped by the process exit without running its remaining code.
    Killed,
}

/// One thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    /// Where it is in its life.
    pub life: Life,
    /// The function it runs (0 for the main thread's module code).
    pub func: CodeId,
    /// Call stack: its code, plus signal handler frames on the main thread.
    pub frames: Vec<Frame>,
    /// Whether the process exit does not wait for it.
    pub daemon: bool,
    /// How it was made (for its name and its uncaught-exception report).
    pub origin: Origin,
    /// Main thread only: a signal interrupted its blocking call (EINTR or
    /// the Windows SIGINT event), so it must run the handler now.
    pub woken: bool,
    /// A `threading.Thread` that CPython ≤ 3.12 marked stopped while it still
    /// runs: a `join()` of it was interrupted by an exception (gh-90882,
    /// `_wait_for_tstate_lock` releases the thread's tstate lock). It then
    /// looks dead (`is_alive()` False, `join()` returns at once) and the
    /// shutdown does not wait for it.
    pub forgotten: bool,
    /// CPython 3.8: a `join()` of it was interrupted right after it took the
    /// thread's tstate lock, which then stays held (bpo-45274, fixed in 3.9):
    /// the thread looks alive for ever, and every later join of it, the
    /// shutdown's included, waits for ever.
    pub join_stuck: bool,
    /// Locks this thread took and has not released: one bit per lock.
    /// `lock-held-by-at-most-one-thread` checks these against each other.
    pub holds: u32,
    /// The arguments its target is called with (`Thread(args=…)`), as
    /// they were when the thread was made.
    pub args: Vec<Value>,
    /// Its name when not `Thread-N (target)`: given by `name=` or set by
    /// `t.name = …`, or `Thread-N` for a subclass's `run`.
    pub name: Option<Text>,
    /// A `threading.Thread` made while `sys.stderr` was None: its
    /// `_stderr`, where the excepthook writes when `sys.stderr` is None, is
    /// None too.
    pub no_stderr: bool,
    /// Signals this thread blocks (`pthread_sigmask`; bit `Sig as usize`),
    /// inherited from the thread that started it.
    pub blocked: u8,
    /// Signals sent to this thread alone (`pthread_kill`, `raise_signal`)
    /// while it blocked them: the kernel holds them for it.
    pub kernel_pending: u8,
    /// Its code ended with an exception that it now passes to a hook of
    /// the script's (`threading.excepthook`, `sys.unraisablehook`): when
    /// the hook returns, the thread ends.
    pub in_hook: bool,
}

impl Thread {
    /// A `threading.Thread` made and not yet started (`no_stderr`: while
    /// `sys.stderr` was None).
    pub fn not_started(func: CodeId, daemon: bool, number: u8, args: Vec<Value>, name: Option<Text>, no_stderr: bool) -> Thread {
        Thread {
            life: Life::NotStarted,
            func,
            frames: Vec::new(),
            daemon,
            origin: Origin::Threading { number },
            woken: false,
            forgotten: false,
            join_stuck: false,
            holds: 0,
            args,
            name,
            no_stderr,
            blocked: 0,
            kernel_pending: 0,
            in_hook: false,
        }
    }
}

/// A frame hashes its small fields as one word (a step hashes the thread it
/// changed, and each write costs a multiply). Every field is named, so a new
/// one cannot be left out. Code ids (`u8`) and program counters (`u16`)
/// get their full width; lengths are masked to their field, and the
/// elements written after the word still tell longer vectors apart.
impl Hash for Frame {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let Frame { code, pc, locals, blocks, handling, pending, unwinding, wait, at, handlers_running, call_dest } = self;
        if call_dest.is_some() {
            call_dest.hash(h);
        }
        let wait_tag = match wait {
            None => 0,
            Some(Wait { deadline: None }) => 1,
            Some(Wait { deadline: Some(_) }) => 2,
        };
        h.write_u64(
            u64::from(*code)
                | u64::from(*pc) << 8
                | (blocks.len() as u64 & 0xffff) << 24
                | (handling.len() as u64 & 0xff) << 40
                | (pending.len() as u64 & 0xff) << 48
                | u64::from(unwinding.is_some()) << 56
                | wait_tag << 57,
        );
        if let Some(Wait { deadline: Some(d) }) = wait {
            h.write_u64(*d);
        }
        if *at != At::Go || *handlers_running {
            at.hash(h);
            handlers_running.hash(h);
        }
        // The number of locals is the code's: `code` fixes it.
        for v in locals {
            hash_slot(v, h);
        }
        for b in blocks {
            h.write_u32(match *b {
                Block::Except { handler } => u32::from(handler) << 2,
                Block::Finally { finally } => u32::from(finally) << 2 | 1,
                Block::With { lock } => u32::from(lock) << 2 | 2,
                Block::Handler => 3,
            });
        }
        // Their lengths and whether one unwinds are in the word above.
        for e in handling {
            e.hash(h);
        }
        for p in pending {
            p.hash(h);
        }
        if let Some(e) = unwinding {
            e.hash(h);
        }
    }
}

/// A variable slot in as few writes as its value allows.
fn hash_slot<H: std::hash::Hasher>(v: &Option<Value>, h: &mut H) {
    match v {
        None => h.write_u64(0),
        Some(Value::None) => h.write_u64(1),
        Some(Value::Bool(b)) => h.write_u64(2 | u64::from(*b) << 8),
        Some(Value::Lock(l)) => h.write_u64(3 | u64::from(*l) << 8),
        Some(Value::Thread(t)) => h.write_u64(4 | u64::from(*t) << 8),
        Some(Value::Int(i)) => {
            h.write_u64(5);
            h.write_i64(*i);
        }
        Some(other) => {
            h.write_u64(6);
            other.hash(h);
        }
    }
}

/// A thread hashes its small fields as one word; see `Frame`'s `Hash`.
impl Hash for Thread {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash_numbered(h, true);
    }
}

impl Thread {
    /// The hash of this thread with its name number taken as 0, as
    /// symmetry reduction sorts threads by (`symmetry::key`), without
    /// copying it.
    pub fn hash_without_number(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash_numbered(&mut h, false);
        std::hash::Hasher::finish(&h)
    }

    /// `Hash`, with the name number in it or taken as 0.
    fn hash_numbered<H: std::hash::Hasher>(&self, h: &mut H, numbered: bool) {
        let Thread { life, func, frames, daemon, origin, woken, forgotten, join_stuck, holds, args, name, no_stderr, blocked, kernel_pending, in_hook } = self;
        for a in args {
            a.hash(h);
        }
        if let Some(n) = name {
            n.hash(h);
        }
        let (life_tag, status) = match *life {
            Life::NotStarted => (0, None),
            Life::Running => (1, None),
            Life::ShuttingDown { status } => (2, Some(status)),
            Life::Done => (3, None),
            Life::Killed => (4, None),
        };
        let (origin_tag, number) = match *origin {
            Origin::Main => (0, 0),
            Origin::Threading { number } => (1, number),
            Origin::Raw { number } => (2, number),
        };
        let number = if numbered { number } else { 0 };
        h.write_u64(
            life_tag
                | u64::from(*func) << 3
                | u64::from(*daemon) << 11
                | u64::from(*woken) << 12
                | u64::from(*forgotten) << 13
                | origin_tag << 14
                | u64::from(number) << 16
                | (frames.len() as u64 & 0xff) << 24
                | u64::from(*holds) << 32,
        );
        // The word is full; rare, so written only when set.
        if *join_stuck {
            h.write_u8(1);
        }
        if *no_stderr {
            h.write_u8(2);
        }
        if *in_hook {
            h.write_u8(3);
        }
        if *blocked != 0 || *kernel_pending != 0 {
            h.write_u16(u16::from(*blocked) << 8 | u16::from(*kernel_pending));
        }
        if let Some(status) = status {
            h.write_i64(status);
        }
        for f in frames {
            f.hash(h);
        }
    }
}

impl State {
    /// What `threading.enumerate()` lists: the main thread, then the
    /// `threading.Thread`s that look alive, in the order they were made
    /// (threading's `_active` is in the order they started: the same
    /// unless a script starts its threads out of order).
    pub fn enumerate(&self) -> Vec<Tid> {
        let alive = |(i, th): (usize, &Thread)| (i != 0 && matches!(th.origin, Origin::Threading { .. }) && th.looks_alive()).then_some(i as Tid);
        std::iter::once(0).chain(self.threads.iter().enumerate().filter_map(alive)).collect()
    }
}

impl Thread {
    /// Whether `threading` thinks it runs (`is_alive()`, what `join` and the
    /// shutdown wait for).
    pub fn looks_alive(&self) -> bool {
        (self.life == Life::Running && !self.forgotten) || self.join_stuck
    }
}

/// One lock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lock {
    /// Whether it is an RLock (owned, counted).
    pub reentrant: bool,
    /// The thread that took it (any thread may release a plain Lock).
    pub owner: Option<Tid>,
    /// RLock recursion depth; 1 for a held plain Lock; 0 when free.
    pub count: u32,
}

/// What the Python-level handler of a signal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HandlerState {
    /// `SIG_DFL`: the OS default (terminate the process).
    Default,
    /// `SIG_IGN`: the OS discards the signal.
    Ignore,
    /// `signal.default_int_handler`: raises KeyboardInterrupt.
    DefaultInt,
    /// A function of the script.
    Function(CodeId),
}

impl HandlerState {
    /// Whether a Python-level handler is installed (the C handler trips it).
    pub fn is_python(self) -> bool {
        matches!(self, HandlerState::DefaultInt | HandlerState::Function(_))
    }

    /// How `repr()` shows it (a function's address left out).
    /// The value `signal.signal` gives back for it: a Python function is
    /// itself (`old is handler` holds); the others are `Handlers` members or
    /// `default_int_handler`.
    pub fn value(self) -> Value {
        match self {
            HandlerState::Function(c) => Value::Func(c),
            other => Value::Handler(other),
        }
    }

    pub fn describe(self) -> String {
        match self {
            HandlerState::Default => "<Handlers.SIG_DFL: 0>".into(),
            HandlerState::Ignore => "<Handlers.SIG_IGN: 1>".into(),
            HandlerState::DefaultInt => "<built-in function default_int_handler>".into(),
            HandlerState::Function(c) => format!("<function {c}>"),
        }
    }
}

/// The process as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Threads run.
    Running,
    /// `Py_FinalizeEx` is past `_PySignal_Fini`: output is flushed, no
    /// Python code runs again, and SIGINT is back at `SIG_DFL`. The process
    /// exits with `status` next, unless a Ctrl-C press kills it first.
    SignalsOff { status: i64 },
    /// The process has exited with this status (a shell's view: 130 for an
    /// uncaught KeyboardInterrupt, 128+n when killed by signal n).
    Exited { status: i64 },
}

/// What the last step did, as far as the properties need to know. The
/// properties read it instead of a history, so states stay mergeable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Event {
    /// Nothing of note (also the initial state).
    #[default]
    None,
    /// A Python-level signal handler started (or default_int_handler raised)
    /// in this thread.
    HandlerRan { thread: Tid, sig: Sig, at: CheckKind },
    /// The main thread went past an eval-breaker check point while a signal
    /// with a Python handler was tripped.
    CheckPassedWithSignalPending,
    /// A thread's code ended by an uncaught SystemExit whose code would
    /// have been exit status `code` in the main thread.
    ThreadSystemExit { thread: Tid, code: i64 },
    /// A signal with a Python handler arrived while the main thread was
    /// blocked in a lock's acquire (`lock.acquire()`, `with lock:`, the
    /// waits built on them, `t.join()`): `reaches_main` when it landed on the main
    /// thread (POSIX) or set the SIGINT event (Windows); `woke` when the
    /// wait was interrupted.
    SignalWhileMainAcquires { woke: bool, reaches_main: bool },
    /// A thread took a step while the process had already exited.
    StepAfterExit { thread: Tid },
    /// An RLock was released by `by`; `owner` held it before.
    RLockReleased { by: Tid, owner: Option<Tid> },
    /// A thread blocked on a lock another thread holds.
    Contended { thread: Tid },
    /// The process exit stopped threads that had not finished.
    ThreadsKilled { count: u8 },
}

/// A part of a state shared copy-on-write between a state and its
/// successors, keeping its hash once computed: most steps change one thread
/// and leave the locks, the globals and the output as they are, so a
/// successor copies only what its step changes, and hashing it rehashes only
/// that. Reads go through `Deref`; the first write copies (`DerefMut`) and
/// drops the cached hash.
#[derive(Debug, Default)]
pub struct Shared<T>(Arc<Hashed<T>>);

/// A value and its hash, computed on first use.
#[derive(Debug, Default)]
struct Hashed<T> {
    value: T,
    hash: HashCache,
}

impl<T: Clone> Clone for Hashed<T> {
    fn clone(&self) -> Self {
        // A clone is made to be changed: its hash is computed afresh.
        Hashed { value: self.value.clone(), hash: HashCache::default() }
    }
}

impl<T: PartialEq> PartialEq for Hashed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Hashed<T> {}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.0.hash.get_or(|| part_hash(&self.0.value)));
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.value
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        let c = Arc::make_mut(&mut self.0);
        c.hash = HashCache::default();
        &mut c.value
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Arc::new(Hashed { value, hash: HashCache::default() }))
    }
}

/// A vector of a state, shared copy-on-write (locks, globals, output).
/// An empty one holds nothing to share: most of a state's vectors (lists,
/// objects, stderr, the exit functions) stay empty through a search, and a
/// shared one cost an atomic count up and down in every state copied
/// (cloning and dropping states were a seventh of a search).
pub struct CowVec<T>(Option<Shared<Vec<T>>>);

impl<T> Default for CowVec<T> {
    fn default() -> Self {
        CowVec(None)
    }
}

/// The hash of every empty `CowVec` (a non-empty one hashes its items).
const EMPTY_HASH: u64 = 0x656d_7074_7976_6563;

impl<T> Clone for CowVec<T> {
    fn clone(&self) -> Self {
        CowVec(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for CowVec<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for CowVec<T> {}

impl<T: Hash> Hash for CowVec<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match &self.0 {
            Some(shared) if !shared.is_empty() => shared.hash(h),
            _ => h.write_u64(EMPTY_HASH),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for CowVec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> std::ops::Deref for CowVec<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        match &self.0 {
            Some(shared) => shared,
            None => const { &Vec::new() },
        }
    }
}

impl<T: Clone> std::ops::DerefMut for CowVec<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Shared::default)
    }
}

impl<T> From<Vec<T>> for CowVec<T> {
    fn from(items: Vec<T>) -> Self {
        CowVec((!items.is_empty()).then(|| items.into()))
    }
}

/// A hash computed once: 0 means not yet (a hash of 0 is stored as 1).
/// Racing threads may both compute it; they store the same value.
#[derive(Debug, Default)]
pub struct HashCache(std::sync::atomic::AtomicU64);

impl HashCache {
    fn get_or(&self, compute: impl FnOnce() -> u64) -> u64 {
        use std::sync::atomic::Ordering::Relaxed;
        match self.0.load(Relaxed) {
            0 => {
                let h = compute().max(1);
                self.0.store(h, Relaxed);
                h
            }
            h => h,
        }
    }
}

/// The cached hash of a part of a state: aHash with fixed seeds, so equal
/// parts hash alike in every run (fingerprints are compared across runs in
/// pinned counts) and fast where SipHash would dominate a search.
fn part_hash<T: Hash + ?Sized>(part: &T) -> u64 {
    ahash::RandomState::with_seeds(0x7079_7468, 0x7265_6164, 0x6361_7665, 0x6174_7321).hash_one(part)
}

/// The threads of a state, each `Shared` on its own: a step changes one or
/// two threads (`IndexMut` and `iter_mut` copy on write).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Threads(Vec<Shared<Thread>>);

impl Threads {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, t: Thread) {
        self.0.push(t.into());
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Thread> + ExactSizeIterator + Clone {
        self.0.iter().map(|t| &**t)
    }

    /// Changes the threads `which` picks. Only those are copied (a change
    /// through `&mut` copies a shared thread even when it writes what was
    /// already there).
    pub fn update(&mut self, which: impl Fn(&Thread) -> bool, mut change: impl FnMut(&mut Thread)) {
        for t in self.0.iter_mut().filter(|t| which(t)) {
            change(t);
        }
    }
}

impl std::ops::Index<usize> for Threads {
    type Output = Thread;
    fn index(&self, i: usize) -> &Thread {
        &self.0[i]
    }
}

impl std::ops::IndexMut<usize> for Threads {
    fn index_mut(&mut self, i: usize) -> &mut Thread {
        &mut self.0[i]
    }
}

impl FromIterator<Thread> for Threads {
    fn from_iter<I: IntoIterator<Item = Thread>>(it: I) -> Threads {
        Threads(it.into_iter().map(Shared::from).collect())
    }
}

impl<'a> IntoIterator for &'a Threads {
    type Item = &'a Thread;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Shared<Thread>>, fn(&'a Shared<Thread>) -> &'a Thread>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|t| &**t)
    }
}

/// A function registered to run at exit, with its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExitFunc {
    /// The value registered: `atexit.unregister` compares with it, and
    /// `sys.unraisablehook` gets it as `object` when the call raises.
    pub func: Value,
    /// The code it runs; `None` for a built-in function (`sys.exit`), which
    /// `values::call_builtin` calls.
    pub code: Option<CodeId>,
    /// Its arguments, evaluated when it was registered (bound to the code's
    /// parameters, the bound object first).
    pub args: Vec<Value>,
}

/// `atexit._run_exitfuncs()` called by the script, part way through its
/// loop (CPython's `atexit_callfuncs`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExitRun {
    /// The thread that called it, and the depth of the frame that stands at
    /// the call: a function it called returns there, and the next one is
    /// called, with no check between (a loop in C).
    pub caller: (Tid, u8),
    /// The functions it has still to call, the next one last: those
    /// registered when it began, taken out of `State::atexit` (one
    /// registered meanwhile is never called, and forgotten when it ends).
    pub pending: Vec<ExitFunc>,
    /// The function running now (the `object` of what it raises).
    pub running: Option<Value>,
    /// 3.8, 3.9 and PyPy: the last exception a function raised, which
    /// `_run_exitfuncs()` raises once every function has run.
    pub last: Option<Exc>,
    /// The frame on top is `sys.unraisablehook`'s, called for what a
    /// function raised: what it raises in turn is reported and ignored.
    pub in_hook: bool,
}

/// A state of the whole program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Virtual time, milliseconds since start; never decreases. Not part of
    /// the state's hash: deadlines are relative to it, so two states that
    /// differ only in the clock are one (what a user sees has no times).
    pub now: Millis,
    /// Every thread ever made, main first (shared between states until a
    /// step changes one: see `Threads`).
    pub threads: Threads,
    /// Every lock ever made, in creation order.
    pub locks: CowVec<Lock>,
    /// Every list ever made, in creation order, with what it holds now.
    pub lists: CowVec<Vec<Value>>,
    /// Every object of a class of the script ever made, in creation order.
    pub objects: CowVec<Object>,
    /// Module-level names; `None` is unbound.
    pub globals: CowVec<Option<Value>>,
    /// Python-level handler per signal (indexed by `Sig as usize`).
    pub handlers: [HandlerState; 5],
    /// Signals tripped and not yet handled (bit `Sig as usize`).
    pub tripped: u8,
    /// CPython's `is_tripped`: a signal tripped since the last check began
    /// running handlers. A check runs handlers only when it is set, and
    /// clears it first, so a handler's own checks do not run the next
    /// tripped signal's handler inside it (the loop runs it after).
    pub check_due: bool,
    /// PyPy only (`PyModel::pypy`): how many more times each tripped signal's
    /// handler runs (PyPy queues a signal that arrives while it is pending).
    pub queued: [u8; 5],
    /// Ctrl-C presses still to come.
    pub presses_left: u8,
    /// The real-time alarm (`signal.alarm`, `setitimer(ITIMER_REAL)`): in
    /// how many milliseconds SIGALRM goes to the process, relative to `now`
    /// as the waits' deadlines are; `None` when none is set.
    pub alarm: Option<Millis>,
    /// Threads made so far by `threading.Thread` and `start_new_thread`
    /// (their names count up: Thread-1, Dummy-2, …).
    pub thread_counter: u8,
    /// Lines printed to stdout, in order.
    pub stdout: CowVec<Text>,
    /// Whether the last line of `stdout` is still open: a `print` wrote its
    /// text and not yet its newline.
    pub stdout_open: bool,
    /// 3.14 only: the keyword call sites that have run once (bit
    /// `kw_site`): their `CALL_KW` is specialised and checks from then on.
    pub kw_sites_run: u64,
    /// Exception class names reported on stderr, in order.
    pub stderr: CowVec<Text>,
    /// Whether the process runs or has exited.
    pub phase: Phase,
    /// An exception ended the main thread's wait in `threading._shutdown`:
    /// it waits for no thread any more; pending handlers still run.
    pub shutdown_interrupted: bool,
    /// The non-daemon thread `threading._shutdown` is joining now (it joins
    /// them one at a time, in an order it does not choose).
    pub shutdown_target: Option<Tid>,
    /// `threading._shutdown` has begun joining (3.13+: in C from there on,
    /// where nothing checks for signals between joins).
    pub shutdown_joining: bool,
    /// Functions `atexit.register` registered, in order: after
    /// `threading._shutdown` the main thread calls them, last first.
    pub atexit: CowVec<ExitFunc>,
    /// Functions `threading._register_atexit` registered (3.9+), in order:
    /// `threading._shutdown` calls them, last first, before its joins.
    pub threading_atexit: CowVec<ExitFunc>,
    /// `threading._shutdown` is over (or was cut short): the main thread
    /// calls the atexit functions left, then the process exits.
    pub exiting: bool,
    /// `atexit._run_exitfuncs()` is running the atexit functions now
    /// (boxed: it is rarely there, and a state is moved at every step).
    pub exit_run: Option<Box<ExitRun>>,
    /// `sys.stderr` is None: uncaught exceptions are reported nowhere (a
    /// `threading.Thread` made before falls back to its `_stderr`).
    pub stderr_none: bool,
    /// Signals sent to the process while every thread blocked them: the
    /// kernel holds them until a thread unblocks one or `sigwait` takes it.
    pub kernel_pending: u8,
    /// `sys.setswitchinterval`'s value in microseconds (5000 at start):
    /// what `sys.getswitchinterval()` gives back. The model explores every
    /// switch whatever it is.
    pub switch_interval: u64,
    /// `sys.unraisablehook` and `threading.excepthook` as the script set
    /// them (the built-in ones at start).
    pub hooks: Hooks,
    /// The program reads the clock (`time.monotonic()`): then `now` is part
    /// of the state's identity, since values computed from it are.
    pub keeps_time: bool,
    /// What the last step did (for the properties).
    pub event: Event,
    /// The script made more threads or locks than the model represents
    /// (`MAX_THREADS`, `MAX_LOCKS`): the run stops here and searches that
    /// reach this state report themselves incomplete.
    pub beyond_model: bool,
}

/// A state hashes as one aHash value of all its fields: searches hash every
/// state they meet (stateright with SipHash), and one 8-byte write is
/// cheaper than twenty small ones. Every field is named (no `..`), so a new
/// field cannot be left out of the hash.
impl Hash for State {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let State {
            now,
            threads,
            locks,
            lists,
            objects,
            globals,
            handlers,
            tripped,
            queued,
            presses_left,
            alarm,
            thread_counter,
            stdout,
            stdout_open,
            kw_sites_run,
            check_due,
            stderr,
            phase,
            shutdown_interrupted,
            shutdown_target,
            shutdown_joining,
            event,
            beyond_model,
            atexit,
            threading_atexit,
            exiting,
            exit_run,
            keeps_time,
            stderr_none,
            kernel_pending,
            switch_interval,
            hooks,
        } = self;
        if *keeps_time {
            now.hash(h);
        }
        let fields = (
            (
                threads,
                locks,
                globals,
                handlers,
                tripped,
                queued,
                presses_left,
            ),
            (
                thread_counter,
                stdout,
                stderr,
                phase,
                shutdown_interrupted,
                shutdown_target,
                event,
                beyond_model,
            ),
            (
                stdout_open,
                kw_sites_run,
                check_due,
                shutdown_joining,
                atexit,
                threading_atexit,
                exiting,
                lists,
                objects,
                alarm,
                stderr_none,
                kernel_pending,
            ),
            (switch_interval, hooks, exit_run),
        );
        h.write_u64(part_hash(&fields));
    }
}

impl State {
    /// The value a builtin gives, its new list, tuple or dict made here.
    pub fn made(&mut self, r: crate::values::BuiltinResult) -> Value {
        use crate::values::BuiltinResult as R;
        match r {
            R::Value(v) => v,
            R::NewList(items) => Value::List(self.new_list(items)),
            R::NewTuple(items) => Value::Tuple(self.new_list(items)),
            R::NewDict(items) => Value::Dict(self.new_list(items)),
        }
    }

    /// A new list (or tuple, or set) holding `items`: its index in `lists`.
    pub fn new_list(&mut self, items: Vec<Value>) -> ListId {
        self.lists.push(items);
        (self.lists.len() - 1) as ListId
    }

    /// The thread a value is: a `Thread`, or an object of a subclass of
    /// Thread once its `Thread.__init__` ran.
    pub fn thread_in(&self, v: &Value) -> Option<Tid> {
        match v {
            Value::Thread(x) => Some(*x),
            Value::Obj(o) => self.objects.get(*o as usize).and_then(|o| o.thread),
            _ => None,
        }
    }

    pub fn main(&self) -> &Thread {
        &self.threads[MAIN as usize]
    }

    /// Whether signal `sig` is tripped.
    pub fn is_tripped(&self, sig: Sig) -> bool {
        self.tripped & (1 << sig as u8) != 0
    }

    pub fn handler(&self, sig: Sig) -> HandlerState {
        self.handlers[sig as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            code: 1,
            pc: 7,
            locals: vec![None, Some(Value::Int(3))],
            blocks: vec![Block::With { lock: 0 }],
            handling: Vec::new(),
            pending: Vec::new(),
            unwinding: None,
            wait: None,
            at: At::Go,
            handlers_running: false,
            call_dest: None,
        }
    }

    fn thread() -> Thread {
        Thread {
            life: Life::Running,
            func: 1,
            frames: vec![frame()],
            daemon: false,
            origin: Origin::Raw { number: 1 },
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
        }
    }

    #[test]
    fn an_emptied_vector_equals_and_hashes_as_one_never_filled() {
        let never: CowVec<Text> = CowVec::default();
        let mut emptied = never.clone();
        emptied.push(Text::new("line"));
        assert_ne!(never, emptied);
        assert_ne!(part_hash(&never), part_hash(&emptied));
        emptied.pop();
        assert_eq!(never, emptied);
        assert_eq!(part_hash(&never), part_hash(&emptied));
        assert_eq!(CowVec::from(Vec::<Text>::new()), never);
    }

    #[test]
    fn a_change_to_any_field_of_a_frame_changes_its_hash() {
        let base = part_hash(&frame());
        let changes: Vec<(&str, fn(&mut Frame))> = vec![
            ("code", |f| f.code = 2),
            ("pc", |f| f.pc = 8),
            ("a local", |f| f.locals[0] = Some(Value::Int(0))),
            ("a local's value", |f| f.locals[1] = Some(Value::Int(4))),
            ("a local's type", |f| f.locals[1] = Some(Value::Lock(3))),
            ("blocks", |f| f.blocks.push(Block::Handler)),
            ("a block", |f| f.blocks[0] = Block::With { lock: 1 }),
            ("handling", |f| f.handling.push(Exc::new(ExcType::KeyboardInterrupt))),
            ("pending", |f| f.pending.push(Pending::Normal)),
            ("unwinding", |f| f.unwinding = Some(Exc::new(ExcType::KeyboardInterrupt))),
            ("a wait", |f| f.wait = Some(Wait { deadline: None })),
            ("a deadline", |f| f.wait = Some(Wait { deadline: Some(1000) })),
            ("a check point", |f| f.at = At::Check(CheckKind::AfterCall)),
            ("its kind", |f| f.at = At::Check(CheckKind::BackEdge)),
            ("half a print", |f| f.at = At::MidPrint),
            ("handlers running", |f| f.handlers_running = true),
            ("a call's frame", |f| f.call_dest = Some(None)),
            ("where a call's value goes", |f| f.call_dest = Some(Some(VarRef::Local(1)))),
        ];
        for (what, change) in changes {
            let mut f = frame();
            change(&mut f);
            assert_ne!(part_hash(&f), base, "{what}");
        }
    }

    #[test]
    fn a_change_to_any_field_of_a_thread_changes_its_hash() {
        let base = part_hash(&thread());
        let changes: Vec<(&str, fn(&mut Thread))> = vec![
            ("a stuck join", |t| t.join_stuck = true),
            ("life", |t| t.life = Life::Killed),
            ("shutdown status", |t| t.life = Life::ShuttingDown { status: 1 }),
            ("func", |t| t.func = 2),
            ("a frame", |t| t.frames[0].pc = 9),
            ("frames", |t| t.frames.push(frame())),
            ("daemon", |t| t.daemon = true),
            ("origin", |t| t.origin = Origin::Threading { number: 1 }),
            ("origin number", |t| t.origin = Origin::Raw { number: 2 }),
            ("woken", |t| t.woken = true),
            ("arguments", |t| t.args.push(Value::Int(1))),
            ("name", |t| t.name = Some(Text::new("worker"))),
            ("forgotten", |t| t.forgotten = true),
            ("holds", |t| t.holds = 1 << 31),
            ("no stderr", |t| t.no_stderr = true),
            ("blocked signals", |t| t.blocked = 1),
            ("signals pending for it", |t| t.kernel_pending = 1),
        ];
        for (what, change) in changes {
            let mut t = thread();
            change(&mut t);
            assert_ne!(part_hash(&t), base, "{what}");
        }
        let (a, b) = (Life::ShuttingDown { status: 1 }, Life::ShuttingDown { status: 2 });
        let (mut x, mut y) = (thread(), thread());
        (x.life, y.life) = (a, b);
        assert_ne!(part_hash(&x), part_hash(&y), "the shutdown status");
    }
}
