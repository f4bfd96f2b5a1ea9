//! Objects of the script's classes: attribute lookup (the object's own,
//! then its class's, then its bases'), attribute stores and method lookup,
//! with Python's messages. The model and the reference runtime both go
//! through these, so they cannot differ.
//!
//! ```text
//! obj.attr        → obj's own attrs → class attrs (nearest class first)
//!                   → AttributeError "'C' object has no attribute 'attr'"
//! obj.attr = v    → obj's own attrs (added in order, replaced in place)
//! obj.m(args)     → obj's own attr `m` if it has one (a function value),
//!                   else the nearest class's `def m` → a frame (self, args…)
//! obj.m           → the method bound to obj (`Value::Method`)
//! f(args, *rest)  → `callee` → `bind` (defaults, `*args`) → a frame
//! ```

use crate::program::{AttrId, CodeId, Program};
use crate::scenario::ExcType;
use crate::state::{Class, Exc, LockId, Object, Value};
use crate::values::Heap;

/// `Thread.__init__`'s arguments, evaluated (by the model and the runtime).
pub struct ThreadValues {
    /// `target=`; `None`: the object's `run`. A bound method's object is
    /// the first of `args`.
    pub func: Option<CodeId>,
    pub args: Vec<Value>,
    pub daemon: Option<bool>,
    pub name: Option<Value>,
}

/// `Thread.__init__(self, *args, **kwargs)`'s arguments bound to Thread's
/// parameters `(group=None, target=None, name=None, args=(), kwargs=None,
/// *, daemon=None)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForwardedInit {
    pub target: Option<Value>,
    pub name: Option<Value>,
    /// The target's positional arguments.
    pub args: Vec<Value>,
    /// The target's keyword arguments (a dict's items, k0, v0, …).
    pub kwargs: Vec<Value>,
    pub daemon: Option<bool>,
}

/// Binds a forwarded tuple's items and a dict's items (k0, v0, …) to
/// Thread's parameters; `None` where they do not fit, or give a group, or
/// an `args` or `kwargs` of another type (CPython's errors there are beyond
/// the model).
pub fn forwarded_init(positional: &[Value], keywords: &[Value], heap: &dyn Heap) -> Option<ForwardedInit> {
    const PARAMS: [&str; 6] = ["group", "target", "name", "args", "kwargs", "daemon"];
    if positional.len() > 5 {
        return None;
    }
    let mut slots: [Option<Value>; 6] = Default::default();
    for (i, v) in positional.iter().enumerate() {
        slots[i] = Some(v.clone());
    }
    for kv in keywords.chunks(2) {
        let Value::Str(k) = &kv[0] else { return None };
        let i = PARAMS.iter().position(|p| *p == &*k.text())?;
        if slots[i].replace(kv[1].clone()).is_some() {
            return None;
        }
    }
    let given = |v: &Option<Value>| v.as_ref().filter(|v| **v != Value::None).cloned();
    if given(&slots[0]).is_some() {
        return None;
    }
    let args = match given(&slots[3]) {
        None => Vec::new(),
        Some(v @ (Value::List(_) | Value::Tuple(_))) => crate::values::star_items(&v, heap).ok()?,
        Some(_) => return None,
    };
    let kwargs = match given(&slots[4]) {
        None => Vec::new(),
        Some(Value::Dict(l)) => heap.items(l),
        Some(_) => return None,
    };
    Some(ForwardedInit { target: given(&slots[1]), name: given(&slots[2]), args, kwargs, daemon: given(&slots[5]).map(|d| d.truthy()) })
}

/// The name of a value's type, a class of the script included.
pub fn type_name(program: &Program, objects: &[Object], v: &Value) -> String {
    match v {
        Value::Obj(o) => objects
            .get(*o as usize)
            .and_then(|o| program.classes.get(o.class as usize))
            // A library class by its own name (`Event`, not `threading.Event`).
            .map_or_else(|| "object".to_string(), |c| c.name.rsplit('.').next().unwrap_or(&c.name).to_string()),
        other => crate::values::type_name(other).to_string(),
    }
}

/// `type(v)`: its class's qualified name (`_thread.lock`, `int`,
/// `__main__.Worker`); `rlock`: whether `v` is a re-entrant lock (the
/// lock's kind is in the state, not in the value).
pub fn type_of(program: &Program, objects: &[Object], v: &Value, rlock: bool) -> Value {
    let name = match v {
        Value::Lock(_) if rlock => "_thread.RLock".to_string(),
        Value::Thread(_) => "threading.Thread".to_string(),
        Value::Signal(_) => "signal.Signals".to_string(),
        Value::Handler(crate::state::HandlerState::Default | crate::state::HandlerState::Ignore) => "signal.Handlers".to_string(),
        Value::None => "NoneType".to_string(),
        Value::Exc(e) => match &e.class {
            Class::Named(t) => exc_class_name(t),
        },
        Value::Obj(o) => match objects.get(*o as usize).and_then(|o| program.classes.get(o.class as usize)) {
            Some(c) if crate::scenario::is_library_class(&c.name) => c.name.clone(),
            Some(c) => format!("__main__.{}", c.name),
            None => "object".to_string(),
        },
        other => crate::values::type_name(other).to_string(),
    };
    Value::Type(crate::text::Text::new(&name))
}

/// An exception class's qualified name, as `type(e)` shows it: a class of
/// the script is `__main__.Name`, a built-in or library one its own name.
pub fn exc_class_name(t: &ExcType) -> String {
    match t {
        ExcType::User { .. } if !crate::scenario::is_library_class(t.name()) => format!("__main__.{}", t.name()),
        t => t.name().to_string(),
    }
}

/// The value a thread is to Python code: the object of a subclass of
/// Thread that became it, else the thread itself.
pub fn thread_value(objects: &[Object], t: crate::state::Tid) -> Value {
    match objects.iter().position(|o| o.thread == Some(t)) {
        Some(o) => Value::Obj(o as crate::state::ObjId),
        None => Value::Thread(t),
    }
}

/// What `sys.unraisablehook` gets for the exception `exc` that ended a
/// `_thread` thread running function `func` (named `name`, thread ident
/// `ident`), as observed (CP46): 3.8–3.12 say "Exception ignored in thread
/// started by" and give the function as `object`; 3.13+ name the function
/// in the message (with its address, which no run can match here) and give
/// None; PyPy names the thread's ident and gives the function.
pub fn thread_unraisable_args(exc: Exc, func: Value, name: &str, ident: &Value, minor: u8, pypy: bool) -> crate::state::HookArgs {
    let (msg, object) = if pypy {
        (format!("Exception ignored in thread {} started by ", crate::values::to_str(ident, &Vec::new())), func)
    } else if minor >= 13 {
        (format!("Exception ignored in thread started by <function {name} at 0x7f0000000000>"), Value::None)
    } else {
        ("Exception ignored in thread started by".to_string(), func)
    };
    crate::state::HookArgs { exc: std::sync::Arc::new(exc), unraisable: Some((crate::text::Text::new(&msg), object)), thread: None }
}

/// What `threading.excepthook` gets for the exception `exc` that ended
/// thread `thread` (its object).
pub fn excepthook_args(exc: Exc, thread: Value) -> crate::state::HookArgs {
    crate::state::HookArgs { exc: std::sync::Arc::new(exc), unraisable: None, thread: Some(thread) }
}

/// What a hook value does with an uncaught exception.
pub enum HookCall {
    /// The built-in hook: the report on stderr.
    Report,
    /// `lst.append`: the arguments go into list `l`, nothing is written.
    Append(crate::state::ListId),
    /// A function of the script, called in the failing thread.
    Call(Callee),
    /// Not callable: the TypeError is reported instead.
    NotCallable(Exc),
}

/// How hook value `h` takes an uncaught exception.
pub fn hook_call(program: &Program, objects: &[Object], h: &Value) -> HookCall {
    use crate::state::BuiltinFn;
    match h {
        // None stands for the built-in hook (threading.py and
        // `_PyErr_WriteUnraisableMsg` both say so).
        Value::None | Value::Builtin(BuiltinFn::UnraisableHook | BuiltinFn::ExceptHook) => HookCall::Report,
        Value::Builtin(BuiltinFn::Append(l)) => HookCall::Append(*l),
        other => match callee(program, objects, other) {
            Ok(c) => HookCall::Call(c),
            Err(e) => HookCall::NotCallable(e),
        },
    }
}

/// AttributeError for `value.attr`.
pub fn no_attribute(program: &Program, objects: &[Object], v: &Value, attr: &str) -> Exc {
    let t = type_name(program, objects, v);
    Exc::with_msg(Class::Named(ExcType::AttributeError), &format!("'{t}' object has no attribute '{attr}'"))
}

/// `value.attr` of an object (a thread's own attributes aside).
pub fn get(program: &Program, objects: &[Object], v: &Value, a: AttrId) -> Result<Value, Exc> {
    // SystemExit's `code`: its argument, None without one.
    if let (Value::Exc(e), "code") = (v, program.attrs[a as usize].as_str()) {
        if e.class.is_subclass_of(&ExcType::SystemExit) {
            return Ok(e.arg.clone().unwrap_or(Value::None));
        }
    }
    match (v, program.attrs[a as usize].as_str()) {
        (Value::Exc(e), "__traceback__") => return Ok(Value::Traceback(e.clone())),
        // A class's own name, without its module.
        (Value::Type(name), "__name__") => {
            return Ok(Value::Str(crate::text::Text::new(
                name.text().rsplit('.').next().unwrap_or_default(),
            )))
        }
        (Value::List(l), "append") => {
            return Ok(Value::Builtin(crate::state::BuiltinFn::Append(*l)))
        }
        (Value::HookArgs(h), attr) => {
            let found = match (attr, &h.unraisable, &h.thread) {
                ("exc_type", ..) => Some(Value::Type(crate::text::Text::new(&exc_class_name(match &h.exc.class {
                    Class::Named(t) => t,
                })))),
                ("exc_value", ..) => Some(Value::Exc(h.exc.clone())),
                ("exc_traceback", ..) => Some(Value::Traceback(h.exc.clone())),
                ("err_msg", Some((msg, _)), _) => Some(Value::Str(msg.clone())),
                ("object", Some((_, object)), _) => Some(object.clone()),
                ("thread", _, Some(thread)) => Some(thread.clone()),
                _ => None,
            };
            if let Some(v) = found {
                return Ok(v);
            }
        }
        _ => {}
    }
    if let (Value::SigInfo(sig), "si_signo") = (v, program.attrs[a as usize].as_str()) {
        // Its other fields (the sender's pid, uid, …) are not modelled.
        return Ok(Value::Int(sig.linux_number()));
    }
    if let Value::Obj(o) = v {
        if let Some(obj) = objects.get(*o as usize) {
            if let Some((_, value)) = obj.attrs.iter().find(|(k, _)| *k == a) {
                return Ok(value.clone());
            }
            if let Some(l) = program.class_attr(obj.class, a) {
                return Ok(Value::from_literal(l));
            }
            if let Some(code) = program.method(obj.class, a) {
                return Ok(Value::Method(*o, code));
            }
        }
    }
    Err(no_attribute(program, objects, v, &program.attrs[a as usize]))
}

/// The lock a value's `acquire()` and `release()` are: a lock's own, or a
/// `threading.Condition`'s lock (CPython's `Condition.__init__` sets
/// `self.acquire = lock.acquire` and `self.release = lock.release`).
pub fn lock_in(program: &Program, objects: &[Object], v: &Value) -> Option<LockId> {
    match v {
        Value::Lock(l) => Some(*l),
        Value::Obj(o) => {
            let obj = objects.get(*o as usize)?;
            if program.classes.get(obj.class as usize)?.name != "threading.Condition" {
                return None;
            }
            let attr = program.attr_id("_lock")?;
            match obj.attrs.iter().find(|(k, _)| *k == attr) {
                Some((_, Value::Lock(l))) => Some(*l),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `value.attr = new` of an object.
pub fn set(program: &Program, objects: &mut [Object], v: &Value, a: AttrId, new: Value) -> Result<(), Exc> {
    let Value::Obj(o) = v else {
        let t = type_name(program, objects, v);
        let attr = &program.attrs[a as usize];
        return Err(Exc::with_msg(Class::Named(ExcType::AttributeError), &format!("'{t}' object has no attribute '{attr}' and no __dict__ for setting new attributes")));
    };
    let obj = &mut objects[*o as usize];
    match obj.attrs.iter_mut().find(|(k, _)| *k == a) {
        Some((_, slot)) => *slot = new,
        None => obj.attrs.push((a, new)),
    }
    Ok(())
}

/// What calling a value runs: a function's code, and the object a bound
/// method passes as its first argument.
#[derive(Clone, Debug, PartialEq)]
pub struct Callee {
    pub code: CodeId,
    pub this: Option<Value>,
}

impl Callee {
    /// The arguments the code gets: the bound object first.
    pub fn with(&self, args: Vec<Value>) -> Vec<Value> {
        self.this.iter().cloned().chain(args).collect()
    }
}

/// The name a call error gives code `code`: its function's or method's
/// own name, bare (a lambda is `<lambda>`).
pub fn call_name(program: &Program, code: CodeId) -> &str {
    let name = &program.codes[code as usize].name;
    let name = name.rsplit('.').next().unwrap_or(name);
    name.split('#').next().unwrap_or(name)
}

/// What calling `f` runs, or TypeError when it is not callable.
pub fn callee(program: &Program, objects: &[Object], f: &Value) -> Result<Callee, Exc> {
    match f {
        Value::Func(code) => Ok(Callee { code: *code, this: None }),
        Value::Method(o, code) => Ok(Callee { code: *code, this: Some(Value::Obj(*o)) }),
        other => {
            let t = type_name(program, objects, other);
            Err(Exc::with_msg(Class::Named(ExcType::TypeError), &format!("'{t}' object is not callable")))
        }
    }
}

/// What `atexit.register(f, *args)` keeps for a value `f` (a function, a
/// bound method): its code and the arguments it will be called with, the
/// bound object first. `None` where the model cannot say when it is
/// registered: `f` is not callable (CPython raises only when it is called,
/// at exit), the arguments do not fit, or the code takes `*args`.
pub fn exit_func(
    program: &Program,
    objects: &[Object],
    f: &Value,
    args: Vec<Value>,
) -> Option<crate::state::ExitFunc> {
    if let Value::Builtin(crate::state::BuiltinFn::Ref(_)) = f {
        // `atexit.register(sys.exit, 3)`: called with its arguments as given.
        return Some(crate::state::ExitFunc {
            func: f.clone(),
            code: None,
            args,
        });
    }
    let c = callee(program, objects, f).ok()?;
    let code = &program.codes[c.code as usize];
    if code.vararg || code.kwvar {
        return None;
    }
    let args = bind(program, c.code, c.with(args), &[], |_, _| Value::None).ok()?;
    Some(crate::state::ExitFunc {
        func: f.clone(),
        code: Some(c.code),
        args,
    })
}

/// What `sys.unraisablehook` gets for the exception `exc` an atexit
/// function `func` raised (3.10+): 3.10–3.12 say "in atexit callback" and
/// give the function as `object`; 3.13+ name it in the message (with its
/// address, which no run can match here) and give None (CP48).
pub fn atexit_unraisable_args(
    program: &Program,
    exc: Exc,
    func: Value,
    minor: u8,
) -> crate::state::HookArgs {
    let (msg, object) = if minor >= 13 {
        let shown = match &func {
            Value::Func(c) | Value::Method(_, c) => {
                format!("<function {} at 0x7f0000000000>", call_name(program, *c))
            }
            other => crate::state::py_str(other),
        };
        (
            format!("Exception ignored in atexit callback {shown}"),
            Value::None,
        )
    } else {
        ("Exception ignored in atexit callback".to_string(), func)
    };
    crate::state::HookArgs {
        exc: std::sync::Arc::new(exc),
        unraisable: Some((crate::text::Text::new(&msg), object)),
        thread: None,
    }
}

/// What `value.method(…)` calls: the object's own attribute of that name
/// when it has one (a function stored there), else the nearest class's
/// method bound to the object; or Python's error for it.
pub fn method(program: &Program, objects: &[Object], v: &Value, m: AttrId) -> Result<Callee, Exc> {
    let Value::Obj(o) = v else {
        return Err(no_attribute(program, objects, v, &program.attrs[m as usize]));
    };
    let obj = objects.get(*o as usize);
    if let Some((_, own)) = obj.and_then(|obj| obj.attrs.iter().find(|(k, _)| *k == m)) {
        return callee(program, objects, own);
    }
    match obj.and_then(|obj| program.method(obj.class, m)) {
        Some(code) => Ok(Callee { code, this: Some(v.clone()) }),
        None => Err(no_attribute(program, objects, v, &program.attrs[m as usize])),
    }
}

/// Binds a call's arguments to code `code`'s parameters, as CPython's
/// frame setup does: the positional arguments in order, then `keywords`
/// (a dict's items, k0, v0, …: from `**d` or a call's unknown keywords) by
/// name, then the defaults; the positional ones beyond the named
/// parameters go to `*args` (a tuple `make(false, items)` makes) and the
/// keywords no parameter takes to `**kwargs` (a dict `make(true, items)`
/// makes). Python's TypeError where they do not fit.
pub fn bind(program: &Program, code: CodeId, mut args: Vec<Value>, keywords: &[Value], mut make: impl FnMut(bool, Vec<Value>) -> Value) -> Result<Vec<Value>, Exc> {
    let c = &program.codes[code as usize];
    let fixed = c.params - usize::from(c.vararg) - usize::from(c.kwvar);
    let rest = if c.vararg && args.len() > fixed { args.split_off(fixed) } else { Vec::new() };
    let name = call_name(program, code);
    let type_error = |m: String| Exc::with_msg(Class::Named(ExcType::TypeError), &m);
    let first_default = fixed - c.defaults.len().min(fixed);
    if args.len() > fixed {
        let takes = if c.defaults.is_empty() { fixed.to_string() } else { format!("from {first_default} to {fixed}") };
        let s = if fixed == 1 && c.defaults.is_empty() { "" } else { "s" };
        let were = if args.len() == 1 { "was" } else { "were" };
        return Err(type_error(format!("{name}() takes {takes} positional argument{s} but {} {were} given", args.len())));
    }
    let mut slots: Vec<Option<Value>> = args.into_iter().map(Some).collect();
    slots.resize(fixed, None);
    let mut extra = Vec::new();
    for kv in keywords.chunks(2) {
        let Value::Str(k) = &kv[0] else {
            return Err(type_error("keywords must be strings".into()));
        };
        match c.locals[..fixed].iter().position(|p| *p == *k.text()) {
            Some(i) if slots[i].is_some() => return Err(type_error(format!("{name}() got multiple values for argument '{}'", k.text()))),
            Some(i) => slots[i] = Some(kv[1].clone()),
            None if c.kwvar => extra.extend_from_slice(kv),
            None => return Err(type_error(format!("{name}() got an unexpected keyword argument '{}'", k.text()))),
        }
    }
    for (i, slot) in slots.iter_mut().enumerate().skip(first_default) {
        if slot.is_none() {
            *slot = Some(Value::from_literal(&c.defaults[i - first_default]));
        }
    }
    let missing: Vec<String> = slots.iter().enumerate().filter(|(_, v)| v.is_none()).map(|(i, _)| format!("'{}'", c.locals[i])).collect();
    if !missing.is_empty() {
        let list = match missing.as_slice() {
            [one] => one.clone(),
            [a, last] => format!("{a} and {last}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => String::new(),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(type_error(format!("{name}() missing {} required positional argument{s}: {list}", missing.len())));
    }
    let mut out: Vec<Value> = slots.into_iter().flatten().collect();
    if c.vararg {
        out.push(make(false, rest));
    }
    if c.kwvar {
        out.push(make(true, extra));
    }
    Ok(out)
}

/// TypeError when code `code` is called with `given` arguments (self
/// included) and takes another number.
pub fn check_arity(program: &Program, code: CodeId, given: usize) -> Result<(), Exc> {
    let c = &program.codes[code as usize];
    if c.params == given {
        return Ok(());
    }
    let name = c.name.rsplit('.').next().unwrap_or(&c.name);
    Err(Exc::with_msg(
        Class::Named(ExcType::TypeError),
        &format!("{name}() takes {} positional argument{} but {given} were given", c.params, if c.params == 1 { "" } else { "s" }),
    ))
}
