//! The values a run makes: Python values, exceptions, objects of the
//! script's classes and the hooks that report what no code caught.

use super::{HandlerState, ListId, LockId, ObjId, Tid};
use crate::program::CodeId;
use crate::scenario::{ExcType, Literal, Sig};
use crate::text::Text;
use std::fmt::Write;
use std::hash::Hash;
use std::sync::Arc;

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
