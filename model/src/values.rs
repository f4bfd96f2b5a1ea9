//! Python's operators on the model's values: arithmetic, ordering, `in`,
//! `%`-formatting, f-string formatting and `repr`. The model and the
//! reference runtime both evaluate through these, so they cannot differ.
//!
//! ```text
//! int ∘ int → int (floor division and modulo round toward −∞, as Python)
//! int ∘ float, float ∘ float → float;  a / b → float always
//! str + str, str * int;  str % value → printf-style formatting
//! otherwise TypeError;  ÷ 0 → ZeroDivisionError
//! ```
//! Ints are 64-bit here (Python's are unbounded): an operation that leaves
//! that range raises OverflowError, where Python would go on.
//!
//! A list is a reference (`Value::List`) to items the state holds; what
//! needs the items (truth, `==`, `in`, `str`, `repr`, `len`, `x[i]`) reads
//! them through a [`Heap`]. `+` and `*` of lists are not modelled (they
//! raise TypeError here).

use crate::scenario::{BinOp, Builtin, CmpOp};
use crate::state::{py_str, Class, Exc, ListId, Value};
use crate::text::Text;
use crate::scenario::ExcType;

/// The name of a value's type, as Python's messages give it.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Lock(_) => "_thread.lock",
        Value::Thread(_) => "Thread",
        Value::Exc(_) => "exception",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Set(_) => "set",
        Value::Dict(_) => "dict",
        Value::Builtin(_) => "builtin_function_or_method",
        Value::HookArgs(a) if a.thread.is_some() => "_thread._ExceptHookArgs",
        Value::HookArgs(_) => "UnraisableHookArgs",
        Value::Traceback(_) => "traceback",
        // The class's name needs the program: `objects::type_name`.
        Value::Obj(_) => "object",
        Value::Handler(crate::state::HandlerState::Default | crate::state::HandlerState::Ignore) => "Handlers",
        Value::Handler(crate::state::HandlerState::DefaultInt) => "builtin_function_or_method",
        Value::Handler(crate::state::HandlerState::Function(_)) => "function",
        Value::Signal(_) => "Signals",
        Value::Func(_) => "function",
        Value::Method(..) => "method",
        Value::SigInfo(_) => "signal.struct_siginfo",
        Value::Type(_) => "type",
    }
}

/// Where the items of the lists that values refer to are: the model's
/// state and the runtime's executor each hold them.
pub trait Heap {
    /// The items of list `id` now.
    fn items(&self, id: ListId) -> Vec<Value>;
}

/// The lists themselves, by index (the model's state holds them so).
impl Heap for Vec<Vec<Value>> {
    fn items(&self, id: ListId) -> Vec<Value> {
        self.get(id as usize).cloned().unwrap_or_default()
    }
}

/// Lists nest at most this deep in `str`, `==` and `in` (a list that holds
/// itself would nest forever: Python prints `[...]` for it).
const MAX_NESTING: usize = 16;

/// Python's truth value: a list is true when it has items.
pub fn truthy(v: &Value, heap: &dyn Heap) -> bool {
    match v {
        Value::List(l) | Value::Tuple(l) | Value::Set(l) | Value::Dict(l) => !heap.items(*l).is_empty(),
        other => other.truthy(),
    }
}

/// `a == b`, lists item by item.
pub fn equal(a: &Value, b: &Value, heap: &dyn Heap) -> bool {
    equal_at(a, b, heap, 0)
}

fn equal_at(a: &Value, b: &Value, heap: &dyn Heap, depth: usize) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) if x == y => true,
        (Value::List(x), Value::List(y)) if depth < MAX_NESTING => {
            let (xs, ys) = (heap.items(*x), heap.items(*y));
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(p, q)| equal_at(p, q, heap, depth + 1))
        }
        (Value::Tuple(x), Value::Tuple(y)) if x == y => true,
        (Value::Tuple(x), Value::Tuple(y)) if depth < MAX_NESTING => {
            let (xs, ys) = (heap.items(*x), heap.items(*y));
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(p, q)| equal_at(p, q, heap, depth + 1))
        }
        // Sets: the same items, in any order.
        (Value::Set(x), Value::Set(y)) if x == y => true,
        (Value::Set(x), Value::Set(y)) if depth < MAX_NESTING => {
            let (xs, ys) = (heap.items(*x), heap.items(*y));
            xs.len() == ys.len() && xs.iter().all(|p| ys.iter().any(|q| equal_at(p, q, heap, depth + 1)))
        }
        // Dicts: the same keys, each with an equal value, in any order.
        (Value::Dict(x), Value::Dict(y)) if x == y => true,
        (Value::Dict(x), Value::Dict(y)) if depth < MAX_NESTING => {
            let (xs, ys) = (heap.items(*x), heap.items(*y));
            xs.len() == ys.len()
                && xs.chunks(2).all(|p| ys.chunks(2).any(|q| equal_at(&p[0], &q[0], heap, depth + 1) && equal_at(&p[1], &q[1], heap, depth + 1)))
        }
        (Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_), _) | (_, Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_)) => false,
        _ => a.py_eq(b),
    }
}

/// `str(value)`: a list shows the `repr` of its items.
pub fn to_str(v: &Value, heap: &dyn Heap) -> String {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Set(_) | Value::Dict(_) => to_repr(v, heap),
        other => py_str(other),
    }
}

/// `repr(t)` of a thread (`Thread.__repr__`): `<Class(name, status)>`, the
/// status `initial`, `started` or `stopped`, then ` daemon`, then its ident.
pub fn thread_repr(class: &str, name: &str, started: bool, stopped: bool, daemon: bool, tid: u8) -> String {
    let mut status = if stopped { "stopped" } else if started { "started" } else { "initial" }.to_string();
    if daemon {
        status.push_str(" daemon");
    }
    if let Value::Int(ident) = thread_ident(tid, started || stopped) {
        status.push_str(&format!(" {ident}"));
    }
    format!("<{class}({name}, {status})>")
}

/// `str(value)` or `repr(value)`.
pub fn convert(v: &Value, repr: bool, heap: &dyn Heap) -> String {
    if repr {
        to_repr(v, heap)
    } else {
        to_str(v, heap)
    }
}

/// `repr(value)`.
pub fn to_repr(v: &Value, heap: &dyn Heap) -> String {
    let mut open = Vec::new();
    repr_in(v, heap, &mut open)
}

fn repr_in(v: &Value, heap: &dyn Heap, open: &mut Vec<ListId>) -> String {
    match v {
        Value::List(l) if open.contains(l) || open.len() >= MAX_NESTING => "[...]".into(),
        Value::List(l) => {
            open.push(*l);
            let items: Vec<String> = heap.items(*l).iter().map(|x| repr_in(x, heap, open)).collect();
            open.pop();
            format!("[{}]", items.join(", "))
        }
        Value::Set(l) => {
            let items: Vec<String> = set_order(heap.items(*l)).iter().map(|x| repr_in(x, heap, open)).collect();
            if items.is_empty() {
                "set()".into()
            } else {
                format!("{{{}}}", items.join(", "))
            }
        }
        Value::Dict(l) if open.contains(l) || open.len() >= MAX_NESTING => "{...}".into(),
        Value::Dict(l) => {
            open.push(*l);
            let items: Vec<String> = heap.items(*l).chunks(2).map(|p| format!("{}: {}", repr_in(&p[0], heap, open), repr_in(&p[1], heap, open))).collect();
            open.pop();
            format!("{{{}}}", items.join(", "))
        }
        Value::Tuple(_) if open.len() >= MAX_NESTING => "(...)".into(),
        Value::Tuple(l) => {
            open.push(*l);
            let items: Vec<String> = heap.items(*l).iter().map(|x| repr_in(x, heap, open)).collect();
            open.pop();
            match items.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", items.join(", ")),
            }
        }
        other => py_repr(other),
    }
}

/// The signals of `pthread_sigmask`'s or `sigwait`'s argument (an iterable
/// of signal numbers) as a mask; `Ok(None)` when one is a signal the model
/// does not know (the OS's business).
pub fn signal_mask(v: &Value, heap: &dyn Heap) -> Result<Option<u8>, Exc> {
    let items = match v {
        Value::List(l) | Value::Tuple(l) | Value::Set(l) => heap.items(*l),
        other => return Err(type_error(format!("'{}' object is not iterable", type_name(other)))),
    };
    let mut mask = 0;
    for item in &items {
        let Some(n) = int(item) else {
            return Err(type_error(format!("'{}' object cannot be interpreted as an integer", type_name(item))));
        };
        match crate::scenario::Sig::ALL.into_iter().find(|g| g.linux_number() == n) {
            Some(g) => mask |= g.bit(),
            None => return Ok(None),
        }
    }
    Ok(Some(mask))
}

/// `isinstance(value, types)`; `rlock`: whether `v` is a re-entrant lock.
pub fn is_instance(v: &Value, types: &[crate::scenario::InstanceOf], rlock: bool) -> Value {
    Value::Bool(types.iter().any(|t| t.holds(v, rlock)))
}

/// `len(value)`.
pub fn len(v: &Value, heap: &dyn Heap) -> Result<Value, Exc> {
    match v {
        Value::List(l) | Value::Tuple(l) | Value::Set(l) => Ok(Value::Int(heap.items(*l).len() as i64)),
        Value::Dict(l) => Ok(Value::Int((heap.items(*l).len() / 2) as i64)),
        Value::Str(s) => Ok(Value::Int(s.text().chars().count() as i64)),
        other => Err(type_error(format!("object of type '{}' has no len()", type_name(other)))),
    }
}

/// `value[index]` of a list or a str (a negative index counts from the end).
pub fn index(v: &Value, i: &Value, heap: &dyn Heap) -> Result<Value, Exc> {
    match v {
        Value::List(l) => {
            let items = heap.items(*l);
            Ok(items[position(items.len(), i, "list")?].clone())
        }
        Value::Tuple(l) => {
            let items = heap.items(*l);
            Ok(items[position(items.len(), i, "tuple")?].clone())
        }
        Value::Dict(l) => {
            let items = heap.items(*l);
            match dict_position(&items, i, heap)? {
                Some(at) => Ok(items[at + 1].clone()),
                None => Err(Exc { class: Class::Named(ExcType::KeyError), arg: Some(i.clone()), context: None }),
            }
        }
        Value::Str(s) => {
            let text = s.text();
            let at = position(text.chars().count(), i, "str")?;
            Ok(text.chars().nth(at).map_or(Value::None, |c| Value::Str(Text::new(&c.to_string()))))
        }
        other => Err(type_error(format!("'{}' object is not subscriptable", type_name(other)))),
    }
}

/// Where `seq[i]` is in a sequence of `len` items, or IndexError.
pub fn position(len: usize, i: &Value, type_name: &str) -> Result<usize, Exc> {
    let Some(i) = int(i) else {
        return Err(type_error(format!("{type_name} indices must be integers or slices, not {}", self::type_name(i))));
    };
    let at = if i < 0 { i + len as i64 } else { i };
    if at < 0 || at >= len as i64 {
        let what = if type_name == "str" { "string" } else { type_name };
        return Err(Exc::with_msg(Class::Named(ExcType::IndexError), &format!("{what} index out of range")));
    }
    Ok(at as usize)
}

/// `lst.pop(i)`: where the item comes from, or IndexError (`pop from empty
/// list` when it is empty).
pub fn pop_position(len: usize, i: Option<&Value>) -> Result<usize, Exc> {
    if len == 0 {
        return Err(Exc::with_msg(Class::Named(ExcType::IndexError), "pop from empty list"));
    }
    match i {
        None => Ok(len - 1),
        Some(i) => position(len, i, "pop").map_err(|e| match e.class {
            Class::Named(ExcType::IndexError) => Exc::with_msg(Class::Named(ExcType::IndexError), "pop index out of range"),
            _ => e,
        }),
    }
}

/// `t.ident` of thread `tid`: None until it starts, then a number of its
/// own (real idents are addresses: a script that prints one cannot agree
/// with any prediction; one that compares it with None or another can).
pub fn thread_ident(tid: u8, started: bool) -> Value {
    if started {
        Value::Int(139_800_000_000_000 + 4096 * i64::from(tid))
    } else {
        Value::None
    }
}

/// The count of an RLock's saved state `(count, owner)` (what
/// `_release_save` gave) that thread `tid` restores with
/// `_acquire_restore`; `None` for anything else (another owner, a count
/// below 1, not a pair: beyond the model).
pub fn restore_count(v: &Value, tid: u8, heap: &dyn Heap) -> Option<u32> {
    let (Value::Tuple(l) | Value::List(l)) = v else { return None };
    match heap.items(*l).as_slice() {
        [Value::Int(count), owner] if *count >= 1 && *owner == thread_ident(tid, true) => u32::try_from(*count).ok(),
        _ => None,
    }
}

/// The thread whose ident (once started) `v` is, if any: `thread_ident`
/// read backwards.
pub fn thread_of_ident(v: &Value) -> Option<u8> {
    (0..=u8::MAX).find(|&x| thread_ident(x, true) == *v)
}

/// The text `sys.stdout.write(v)` writes: a str only.
pub fn write_arg(v: &Value) -> Result<String, Exc> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(Exc::with_msg(Class::Named(ExcType::TypeError), &format!("write() argument must be str, not {}", type_name(other)))),
    }
}

/// What `time.monotonic()` reads at virtual time `now` (milliseconds).
pub fn clock_seconds(now: u64) -> Value {
    Value::Float((now as f64 / 1000.0).to_bits())
}

/// `lst.remove(v)`: where the first item equal to `v` is, or ValueError.
pub fn remove_position(items: &[Value], v: &Value, heap: &dyn Heap) -> Result<usize, Exc> {
    items
        .iter()
        .position(|item| equal(item, v, heap))
        .ok_or_else(|| Exc::with_msg(Class::Named(ExcType::ValueError), "list.remove(x): x not in list"))
}

/// What `os.getpid()` gives in the model: any number would do, as long as
/// it is the same in every run (a script that prints it sees the real one).
pub const PID: i64 = 4242;

/// The items `f(**value)` passes (k0, v0, …): a dict's, or TypeError
/// naming `f` (bare, as 3.8 and PyPy name it; 3.9+ add `__main__.`, which
/// the model leaves out as it does in its other call errors).
pub fn keyword_items(f: &str, v: &Value, heap: &dyn Heap) -> Result<Vec<Value>, Exc> {
    match v {
        Value::Dict(l) => Ok(heap.items(*l)),
        other => Err(type_error(format!("{f}() argument after ** must be a mapping, not {}", type_name(other)))),
    }
}

/// `f(args)` of a built-in function value: its result or exception;
/// `None` where it is beyond the model (`id`'s address, `int` of a value
/// it does not convert here, keywords).
pub fn call_builtin(f: crate::scenario::BuiltinRef, args: &[Value], keywords: &[Value]) -> Option<Result<Value, Exc>> {
    use crate::scenario::BuiltinRef;
    if !keywords.is_empty() {
        return None;
    }
    match (f, args) {
        (BuiltinRef::Int, []) => Some(Ok(Value::Int(0))),
        (BuiltinRef::Int, [v @ (Value::Int(_) | Value::Bool(_) | Value::Signal(_))]) => Some(Ok(Value::Int(int(v)?))),
        (BuiltinRef::Int, [Value::Float(x)]) => {
            let x = f64::from_bits(*x).trunc();
            (x.is_finite() && x.abs() < 9.0e15).then_some(Ok(Value::Int(x as i64)))
        }
        (BuiltinRef::Int, [Value::Str(s)]) => Some(s.text().trim().parse::<i64>().map(Value::Int).map_err(|_| {
            Exc::with_msg(Class::Named(ExcType::ValueError), &format!("invalid literal for int() with base 10: {}", py_repr(&Value::Str(s.clone()))))
        })),
        (BuiltinRef::SysExit, []) => Some(Err(Exc { class: Class::Named(ExcType::SystemExit), arg: None, context: None })),
        (BuiltinRef::SysExit, [code]) => Some(Err(Exc { class: Class::Named(ExcType::SystemExit), arg: Some(code.clone()), context: None })),
        _ => None,
    }
}

/// The item of a list's `append` called through a value (`values`, and
/// `dstar` for a `**` mapping): exactly one positional argument and no
/// keyword, with CPython's TypeErrors otherwise.
pub fn append_arg(values: Vec<Value>, dstar: Option<&Value>, heap: &dyn Heap) -> Result<Value, Exc> {
    let type_error = |msg: &str| Exc::with_msg(Class::Named(crate::scenario::ExcType::TypeError), msg);
    let [item] = <[Value; 1]>::try_from(values).map_err(|v| type_error(&format!("list.append() takes exactly one argument ({} given)", v.len())))?;
    if let Some(d) = dstar {
        if !keyword_items("append", d, heap)?.is_empty() {
            return Err(type_error("list.append() takes no keyword arguments"));
        }
    }
    Ok(item)
}

/// The keys of a dict's items (k0, v0, k1, v1, …).
pub fn dict_keys(items: &[Value]) -> Vec<Value> {
    items.iter().step_by(2).cloned().collect()
}

/// Where `key` is among a dict's items (the index of its key), or `None`;
/// TypeError when the key cannot be hashed (a list, a set, a dict).
pub fn dict_position(items: &[Value], key: &Value, heap: &dyn Heap) -> Result<Option<usize>, Exc> {
    if matches!(key, Value::List(_) | Value::Set(_) | Value::Dict(_)) {
        return Err(type_error(format!("unhashable type: '{}'", type_name(key))));
    }
    Ok(items.iter().step_by(2).position(|k| k.py_is(key) || equal(k, key, heap)).map(|i| 2 * i))
}

/// `{k: v, **m, …}`: the items with each key once, its last value where
/// the first of it stood (as CPython's dict display builds it); a `None`
/// key merges the mapping that is its value (TypeError for anything else).
pub fn dict_items(entries: &[(Option<Value>, Value)], heap: &dyn Heap) -> Result<Vec<Value>, Exc> {
    let mut pairs: Vec<Value> = Vec::new();
    for (k, v) in entries {
        match (k, v) {
            (Some(k), v) => pairs.extend([k.clone(), v.clone()]),
            (None, Value::Dict(l)) => pairs.extend(heap.items(*l)),
            (None, other) => return Err(type_error(format!("'{}' object is not a mapping", type_name(other)))),
        }
    }
    let mut out: Vec<Value> = Vec::new();
    for p in pairs.chunks(2) {
        match dict_position(&out, &p[0], heap)? {
            Some(at) => out[at + 1] = p[1].clone(),
            None => out.extend_from_slice(p),
        }
    }
    Ok(out)
}

/// Where `target[index] = value` puts the value among `target`'s items.
#[derive(Debug, PartialEq, Eq)]
pub enum ItemAt {
    /// In place of the item at this index.
    Replace(usize),
    /// After the items: a dict's new key (the key, then the value).
    Push,
}

/// `target[index] = value` of a list or a dict whose items are `items`:
/// where the value goes, or Python's error (IndexError, TypeError).
pub fn item_at(target: &Value, items: &[Value], index: &Value, heap: &dyn Heap) -> Result<ItemAt, Exc> {
    match target {
        Value::List(_) => setitem_position(items.len(), index).map(ItemAt::Replace),
        Value::Dict(_) => Ok(match dict_position(items, index, heap)? {
            Some(at) => ItemAt::Replace(at + 1),
            None => ItemAt::Push,
        }),
        other => Err(type_error(format!("'{}' object does not support item assignment", type_name(other)))),
    }
}

/// `lst[i] = v`: where the item goes, or IndexError.
pub fn setitem_position(len: usize, i: &Value) -> Result<usize, Exc> {
    position(len, i, "list").map_err(|e| match e.class {
        Class::Named(ExcType::IndexError) => Exc::with_msg(Class::Named(ExcType::IndexError), "list assignment index out of range"),
        _ => e,
    })
}

/// The items `for x in value` goes over, read at each step (a list that
/// grows while the loop runs gives the loop more steps, as in Python):
/// the item at `counter`, or `None` when the loop is over.
pub fn iter_next(v: &Value, counter: usize, heap: &dyn Heap) -> Result<Option<Value>, Exc> {
    match v {
        Value::Set(l) => Ok(set_order(heap.items(*l)).get(counter).cloned()),
        Value::List(l) | Value::Tuple(l) => Ok(heap.items(*l).get(counter).cloned()),
        // A dict's keys, in insertion order.
        Value::Dict(l) => Ok(heap.items(*l).get(2 * counter).cloned()),
        Value::Str(s) => Ok(s.text().chars().nth(counter).map(|c| Value::Str(Text::new(&c.to_string())))),
        other => Err(type_error(format!("'{}' object is not iterable", type_name(other)))),
    }
}

/// `a, b, … = v` (also a `for a, b in …` loop's item): the `n` items, or
/// CPython's ValueError/TypeError. 3.14 adds the count a too long list or
/// tuple has (observed; not for a str).
pub fn unpack(v: &Value, n: usize, heap: &dyn Heap, v314: bool) -> Result<Vec<Value>, Exc> {
    let items: Vec<Value> = match v {
        Value::List(l) | Value::Tuple(l) => heap.items(*l),
        Value::Str(s) => s.text().chars().map(|c| Value::Str(Text::new(&c.to_string()))).collect(),
        other => return Err(type_error(format!("cannot unpack non-iterable {} object", type_name(other)))),
    };
    let value_error = |m: String| Exc::with_msg(Class::Named(ExcType::ValueError), &m);
    if items.len() < n {
        return Err(value_error(format!("not enough values to unpack (expected {n}, got {})", items.len())));
    }
    if items.len() > n {
        let got = if v314 && matches!(v, Value::List(_) | Value::Tuple(_)) { format!(", got {}", items.len()) } else { String::new() };
        return Err(value_error(format!("too many values to unpack (expected {n}{got})")));
    }
    Ok(items)
}

/// `[a, b] * count`: the items repeated (`count` an int; a bool counts as
/// one); `None` when the list would be longer than the model keeps.
pub fn repeat(items: &[Value], count: &Value) -> Result<Option<Vec<Value>>, Exc> {
    let n = match count {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        other => return Err(type_error(format!("can't multiply sequence by non-int of type '{}'", type_name(other)))),
    };
    let n = n.max(0) as usize;
    if items.len().saturating_mul(n) > 10_000 {
        return Ok(None);
    }
    Ok(Some(items.iter().cloned().cycle().take(items.len() * n).collect()))
}

/// The order a set's items come out in. CPython's follows the hash table:
/// ints from 0 to 7 each have a slot of their own in every table size,
/// so they come out ascending; otherwise the model keeps the order they
/// were added in (a str's hash changes from run to run, so no order is
/// CPython's for sure: CP36).
pub fn set_order(mut items: Vec<Value>) -> Vec<Value> {
    if items.iter().all(|v| matches!(int(v), Some(0..=7)) && !matches!(v, Value::Bool(_))) {
        items.sort_by_key(int);
    }
    items
}

/// `set(value)`: the items of a list, tuple, set or str, each once (first
/// seen first); `None` for `set()`.
pub fn set_items(from: Option<&Value>, heap: &dyn Heap) -> Result<Vec<Value>, Exc> {
    let all: Vec<Value> = match from {
        None => Vec::new(),
        Some(Value::List(l) | Value::Tuple(l) | Value::Set(l)) => heap.items(*l),
        Some(Value::Str(s)) => s.text().chars().map(|c| Value::Str(Text::new(&c.to_string()))).collect(),
        Some(other) => return Err(type_error(format!("'{}' object is not iterable", type_name(other)))),
    };
    let mut out: Vec<Value> = Vec::new();
    for v in all {
        if !set_holds(&out, &v, heap) {
            out.push(v);
        }
    }
    Ok(out)
}

/// `sys.getswitchinterval()` before any `setswitchinterval`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_US: u64 = 5000;

/// `sys.setswitchinterval(v)`: the interval in microseconds, as CPython
/// keeps it (`(unsigned long)(1e6 * v)`), or its error.
pub fn switch_interval_us(v: &Value) -> Result<u64, Exc> {
    let Some(x) = v.number_value() else {
        return Err(type_error(format!("must be real number, not {}", type_name(v))));
    };
    if x <= 0.0 {
        return Err(Exc::with_msg(crate::state::Class::Named(crate::scenario::ExcType::ValueError), "switch interval must be strictly positive"));
    }
    Ok((1e6 * x) as u64)
}

/// `sys.getswitchinterval()`: the interval in seconds.
pub fn switch_interval_seconds(us: u64) -> Value {
    Value::Float((1e-6 * us as f64).to_bits())
}

/// The items `f(*value)` passes: those of a list, tuple, set or str.
pub fn star_items(v: &Value, heap: &dyn Heap) -> Result<Vec<Value>, Exc> {
    match v {
        Value::List(l) | Value::Tuple(l) => Ok(heap.items(*l)),
        Value::Set(l) => Ok(set_order(heap.items(*l))),
        Value::Dict(l) => Ok(dict_keys(&heap.items(*l))),
        Value::Str(s) => Ok(s.text().chars().map(|c| Value::Str(Text::new(&c.to_string()))).collect()),
        other => Err(type_error(format!("argument after * must be an iterable, not {}", type_name(other)))),
    }
}

/// Whether a set with these items already holds `v` (an equal item).
pub fn set_holds(items: &[Value], v: &Value, heap: &dyn Heap) -> bool {
    items.iter().any(|x| equal(x, v, heap))
}

/// What a builtin of [`Builtin`] gives: a value, or the items of a new list
/// (`sorted`), which the caller makes.
pub enum BuiltinResult {
    Value(Value),
    NewList(Vec<Value>),
    NewTuple(Vec<Value>),
    NewDict(Vec<Value>),
}

/// `value[lower:upper]` of a list, a tuple or a str (CPython's bounds:
/// negative from the end, clamped to the length): a new one of the same
/// type; TypeError for anything else.
pub fn slice(v: &Value, lower: Option<&Value>, upper: Option<&Value>, heap: &dyn Heap) -> Result<BuiltinResult, Exc> {
    let bound = |b: Option<&Value>, len: usize, default: usize| -> Result<usize, Exc> {
        match b {
            None | Some(Value::None) => Ok(default),
            Some(b) => {
                let Some(i) = int(b) else {
                    return Err(type_error("slice indices must be integers or None or have an __index__ method".into()));
                };
                let at = if i < 0 { i + len as i64 } else { i };
                Ok(at.clamp(0, len as i64) as usize)
            }
        }
    };
    let cut = |items: Vec<Value>| -> Result<Vec<Value>, Exc> {
        let (lo, hi) = (bound(lower, items.len(), 0)?, bound(upper, items.len(), items.len())?);
        Ok(if lo < hi { items[lo..hi].to_vec() } else { Vec::new() })
    };
    match v {
        Value::List(l) => Ok(BuiltinResult::NewList(cut(heap.items(*l))?)),
        Value::Tuple(l) => Ok(BuiltinResult::NewTuple(cut(heap.items(*l))?)),
        Value::Str(s) => {
            let chars: Vec<Value> = s.text().chars().map(|c| Value::Str(Text::new(&c.to_string()))).collect();
            let text: String = cut(chars)?.iter().map(py_str).collect();
            Ok(BuiltinResult::Value(Value::Str(Text::new(&text))))
        }
        other => Err(type_error(format!("'{}' object is not subscriptable", type_name(other)))),
    }
}

/// `sum(value)`, `sorted(value)` or `abs(value)`: one C call, no check point
/// inside.
pub fn builtin(function: Builtin, v: &Value, heap: &dyn Heap) -> Result<BuiltinResult, Exc> {
    let items = |v: &Value| -> Result<Vec<Value>, Exc> {
        let mut out = Vec::new();
        while let Some(x) = iter_next(v, out.len(), heap)? {
            out.push(x);
        }
        Ok(out)
    };
    match function {
        Builtin::Sum => {
            if let Value::Str(_) = v {
                return Err(type_error("unsupported operand type(s) for +: 'int' and 'str'".into()));
            }
            let mut total = Value::Int(0);
            for x in items(v)? {
                total = binop(BinOp::Add, &total, &x, heap)?;
            }
            Ok(BuiltinResult::Value(total))
        }
        Builtin::Sorted => {
            let mut xs = items(v)?;
            // A stable insertion sort by `<`, which raises TypeError for
            // values that do not compare (as list.sort does).
            for i in 1..xs.len() {
                let mut j = i;
                while j > 0 && compare(CmpOp::Lt, &xs[j], &xs[j - 1], heap)? {
                    xs.swap(j, j - 1);
                    j -= 1;
                }
            }
            Ok(BuiltinResult::NewList(xs))
        }
        Builtin::Copy => match v {
            Value::List(l) => Ok(BuiltinResult::NewList(heap.items(*l))),
            Value::Dict(l) => Ok(BuiltinResult::NewDict(heap.items(*l))),
            other => Err(Exc::with_msg(Class::Named(ExcType::AttributeError), &format!("'{}' object has no attribute 'copy'", type_name(other)))),
        },
        Builtin::Abs => Ok(BuiltinResult::Value(match v {
            Value::Int(i) => i.checked_abs().map(Value::Int).ok_or_else(|| Exc::with_msg(Class::Named(ExcType::OverflowError), "int too large for the model"))?,
            Value::Bool(b) => Value::Int(i64::from(*b)),
            Value::Float(f) => Value::Float(f64::from_bits(*f).abs().to_bits()),
            other => return Err(type_error(format!("bad operand type for abs(): '{}'", type_name(other)))),
        })),
    }
}

fn type_error(msg: String) -> Exc {
    Exc::with_msg(Class::Named(ExcType::TypeError), &msg)
}

fn operand_error(op: &str, a: &Value, b: &Value) -> Exc {
    type_error(format!("unsupported operand type(s) for {op}: '{}' and '{}'", type_name(a), type_name(b)))
}

fn overflow() -> Exc {
    Exc::with_msg(Class::Named(ExcType::OverflowError), "integer beyond the model's 64 bits")
}

fn zero_division(msg: &str) -> Exc {
    Exc::with_msg(Class::Named(ExcType::ZeroDivisionError), msg)
}

/// An int (bools are ints) or `None`.
fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Signal(s) => Some(s.linux_number()),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A number as a float, or `None`.
fn float(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(f64::from_bits(*f)),
        other => int(other).map(|i| i as f64),
    }
}

fn fl(f: f64) -> Value {
    Value::Float(f.to_bits())
}

/// `a op b` of two sets (`&`, `|`, `^`): the new set's items, which the
/// caller makes, or `None` when `a op b` is not an operation of sets.
/// Items keep the order they were met in, left set first (see
/// [`set_order`] for what printing a set shows).
pub fn set_binop(op: BinOp, a: &Value, b: &Value, heap: &dyn Heap) -> Option<Vec<Value>> {
    let (Value::Set(x), Value::Set(y)) = (a, b) else { return None };
    let (x, y) = (heap.items(*x), heap.items(*y));
    let only = |from: &[Value], not_in: &[Value]| from.iter().filter(|v| !set_holds(not_in, v, heap)).cloned().collect::<Vec<_>>();
    Some(match op {
        BinOp::BitAnd => x.iter().filter(|v| set_holds(&y, v, heap)).cloned().collect(),
        BinOp::BitOr => [x.clone(), only(&y, &x)].concat(),
        BinOp::BitXor => [only(&x, &y), only(&y, &x)].concat(),
        _ => return None,
    })
}

/// `a op b`.
pub fn binop(op: BinOp, a: &Value, b: &Value, heap: &dyn Heap) -> Result<Value, Exc> {
    let bitwise = matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor);
    if let (true, Value::Bool(x), Value::Bool(y)) = (bitwise, a, b) {
        // bool's own `&`, `|` and `^` give a bool.
        return Ok(Value::Bool(match op {
            BinOp::BitAnd => x & y,
            BinOp::BitOr => x | y,
            _ => x ^ y,
        }));
    }
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return int_op(op, x, y);
    }
    let both_numbers = float(a).is_some() && float(b).is_some();
    if both_numbers {
        let (x, y) = (float(a).unwrap_or(0.0), float(b).unwrap_or(0.0));
        return Ok(match op {
            BinOp::Add => fl(x + y),
            BinOp::Sub => fl(x - y),
            BinOp::Mult => fl(x * y),
            BinOp::Div if y == 0.0 => return Err(zero_division("float division by zero")),
            BinOp::Div => fl(x / y),
            BinOp::FloorDiv if y == 0.0 => return Err(zero_division("float floor division by zero")),
            BinOp::FloorDiv => fl(float_divmod(x, y).0),
            BinOp::Mod if y == 0.0 => return Err(zero_division("float modulo")),
            BinOp::Mod => fl(float_divmod(x, y).1),
            // Floats have no bitwise operators.
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => return Err(operand_error(op.symbol(), a, b)),
        });
    }
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => Ok(Value::Str(Text::new(&format!("{x}{y}")))),
        (BinOp::Mult, Value::Str(s), n) | (BinOp::Mult, n, Value::Str(s)) if int(n).is_some() => {
            let n = int(n).unwrap_or(0).max(0) as usize;
            if s.text().len().saturating_mul(n) > 1 << 16 {
                return Err(overflow());
            }
            Ok(Value::Str(Text::new(&s.text().repeat(n))))
        }
        (BinOp::Mod, Value::Str(f), v) => percent_format(&f.text(), v, heap),
        _ => Err(operand_error(op.symbol(), a, b)),
    }
}

/// CPython's `float_divmod` (Objects/floatobject.c), step by step, so
/// infinities, NaNs and signed zeros come out as Python's do.
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 || m.is_nan() {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(wx);
    }
    let floordiv = if div != 0.0 || div.is_nan() {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0_f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn int_op(op: BinOp, x: i64, y: i64) -> Result<Value, Exc> {
    let r = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mult => x.checked_mul(y),
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::Div => {
            if y == 0 {
                return Err(zero_division("division by zero"));
            }
            return Ok(fl(x as f64 / y as f64));
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0 {
                let msg = if op == BinOp::Mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
                return Err(zero_division(msg));
            }
            let (q, r) = (x.checked_div(y), x.checked_rem(y));
            match (q, r) {
                (Some(q), Some(r)) => {
                    let adjust = r != 0 && ((r < 0) != (y < 0));
                    Some(match op {
                        BinOp::FloorDiv => if adjust { q - 1 } else { q },
                        _ => if adjust { r + y } else { r },
                    })
                }
                _ => None,
            }
        }
    };
    r.map(Value::Int).ok_or_else(overflow)
}

/// `a op b` for the ordering operators and `in`.
pub fn compare(op: CmpOp, a: &Value, b: &Value, heap: &dyn Heap) -> Result<bool, Exc> {
    use std::cmp::Ordering;
    // Two lists or two tuples order by their first items that differ, else
    // by length (`sys.version_info >= (3, 9)`).
    if let (CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE, Value::List(x), Value::List(y)) | (CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE, Value::Tuple(x), Value::Tuple(y)) = (op, a, b) {
        let (xs, ys) = (heap.items(*x), heap.items(*y));
        return match xs.iter().zip(&ys).find(|(p, q)| !equal(p, q, heap)) {
            Some((p, q)) => compare(op, p, q, heap),
            None => Ok(ordering_holds(op, xs.len().cmp(&ys.len()))),
        };
    }
    let order = || -> Result<Ordering, Exc> {
        if let (Some(x), Some(y)) = (float(a), float(b)) {
            if let (Some(i), Some(j)) = (int(a), int(b)) {
                return Ok(i.cmp(&j));
            }
            // NaN compares false every way: an ordering that makes all four
            // operators false is not one; treat it as incomparable below.
            return x.partial_cmp(&y).ok_or_else(|| type_error(String::new()));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => Ok(x.text().cmp(&y.text())),
            _ => Err(type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_name(a),
                type_name(b)
            ))),
        }
    };
    Ok(match op {
        CmpOp::Eq => equal(a, b, heap),
        CmpOp::NotEq => !equal(a, b, heap),
        CmpOp::Is => a.py_is(b),
        CmpOp::IsNot => !a.py_is(b),
        CmpOp::In | CmpOp::NotIn => {
            let found = match (a, b) {
                (Value::Str(x), Value::Str(y)) => y.text().contains(&*x.text()),
                (_, Value::List(l) | Value::Tuple(l) | Value::Set(l)) => heap.items(*l).iter().any(|item| item.py_is(a) || equal(a, item, heap)),
                (_, Value::Dict(l)) => dict_position(&heap.items(*l), a, heap)?.is_some(),
                (_, Value::Str(_)) => return Err(type_error(format!("'in <string>' requires string as left operand, not {}", type_name(a)))),
                _ => return Err(type_error(format!("argument of type '{}' is not iterable", type_name(b)))),
            };
            found == (op == CmpOp::In)
        }
        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
            let o = match order() {
                Ok(o) => o,
                // NaN: every ordering comparison is false.
                Err(e) if e.class == Class::Named(ExcType::TypeError) && e.arg.as_ref().is_some_and(|m| py_str(m).is_empty()) => return Ok(false),
                Err(e) => return Err(e),
            };
            ordering_holds(op, o)
        }
    })
}

/// Whether an ordering operator (`<`, `<=`, `>`, `>=`) holds of two values
/// that compare as `o`.
fn ordering_holds(op: CmpOp, o: std::cmp::Ordering) -> bool {
    match op {
        CmpOp::Lt => o.is_lt(),
        CmpOp::LtE => o.is_le(),
        CmpOp::Gt => o.is_gt(),
        _ => o.is_ge(),
    }
}

/// The seconds `time.sleep(value)` sleeps: an int or a float.
pub fn seconds(v: &Value) -> Result<crate::scenario::Number, Exc> {
    use crate::scenario::{Float, Number};
    match v {
        Value::Int(i) => Ok(Number::Int(*i)),
        Value::Bool(b) => Ok(Number::Int(i64::from(*b))),
        Value::Float(f) => Ok(Number::Float(Float(f64::from_bits(*f)))),
        other => Err(type_error(format!("'{}' object cannot be interpreted as an integer", type_name(other)))),
    }
}

/// `signal.sigtimedwait`'s timeout in milliseconds: a number of seconds,
/// never negative (`signal_sigtimedwait_impl`).
pub fn sigtimedwait_timeout(v: &Value) -> Result<i64, Exc> {
    let ms = seconds(v)?.to_millis().unwrap_or(i64::MAX);
    if ms < 0 {
        return Err(Exc::with_msg(Class::Named(ExcType::ValueError), "timeout must be non-negative"));
    }
    Ok(ms)
}

/// What `sigwait` gives for the signal it took (a `Signals` member), or
/// `sigtimedwait` (its `struct_siginfo`).
pub fn taken_signal(sig: crate::scenario::Sig, timed: bool) -> Value {
    if timed {
        Value::SigInfo(sig)
    } else {
        Value::Signal(sig)
    }
}

/// `sys.version_info`'s items: `(3, minor, micro, 'final', 0)` (a named
/// tuple in Python; here a plain one, so its `repr` differs).
pub fn version_info(v: crate::variant::Version) -> Vec<Value> {
    [3, i64::from(v.minor), i64::from(v.micro())].into_iter().map(Value::Int).chain([Value::Str(Text::new("final")), Value::Int(0)]).collect()
}

/// The bound of `range(value)`: an int (a bool is one).
pub fn range_bound(v: &Value) -> Result<i64, Exc> {
    int(v).ok_or_else(|| type_error(format!("'{}' object cannot be interpreted as an integer", type_name(v))))
}

/// One step of `for var in range(start, stop, step)`: the value `var` takes
/// and the counter's next value, or `None` when the loop is over. `counter`
/// starts at `start`. Errors as `range()` raises them (checked at every step:
/// nothing runs between the call and the first step).
pub fn range_next(counter: &Value, stop: &Value, step: Option<&Value>) -> Result<Option<(i64, i64)>, Exc> {
    let c = range_bound(counter)?;
    let stop = range_bound(stop)?;
    let step = match step {
        Some(v) => range_bound(v)?,
        None => 1,
    };
    if step == 0 {
        return Err(Exc::with_msg(Class::Named(ExcType::ValueError), "range() arg 3 must not be zero"));
    }
    let over = if step > 0 { c >= stop } else { c <= stop };
    Ok(if over { None } else { Some((c, c.saturating_add(step))) })
}

/// The most items `range(…)` made into a list holds in the model.
pub const MAX_RANGE_ITEMS: usize = 4096;

/// The items of `range(start, stop, step)` (a comprehension iterates over
/// them), or `None` past `MAX_RANGE_ITEMS`.
pub fn range_items(start: Option<&Value>, stop: &Value, step: Option<&Value>) -> Result<Option<Vec<Value>>, Exc> {
    let mut counter = Value::Int(match start {
        Some(v) => range_bound(v)?,
        None => 0,
    });
    let mut out = Vec::new();
    while let Some((v, next)) = range_next(&counter, stop, step)? {
        if out.len() >= MAX_RANGE_ITEMS {
            return Ok(None);
        }
        out.push(Value::Int(v));
        counter = Value::Int(next);
    }
    Ok(Some(out))
}

/// `repr(value)`.
pub fn py_repr(v: &Value) -> String {
    match v {
        Value::Str(s) => str_repr(&s.text()),
        // BaseException.__repr__: `Name()` or `Name(repr(arg))`.
        Value::Exc(e) => format!("{}({})", e.class.name(), e.arg.as_ref().map(py_repr).unwrap_or_default()),
        Value::Signal(s) => format!("<Signals.{}: {}>", s.name(), s.linux_number()),
        other => py_str(other),
    }
}

/// A str's repr: single quotes unless the text has one and no double quote.
fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// `format(value, spec)` for the specs the language has: empty, `d`, `s`,
/// `.Nf`, `f`.
pub fn format_spec(v: &Value, spec: &str, heap: &dyn Heap) -> Result<String, Exc> {
    let bad = || Exc::with_msg(Class::Named(ExcType::ValueError), &format!("Unknown format code for object of type '{}'", type_name(v)));
    match spec {
        "" => Ok(to_str(v, heap)),
        "s" => match v {
            Value::Str(s) => Ok(s.to_string()),
            _ => Err(bad()),
        },
        "d" => int(v).map(|i| i.to_string()).ok_or_else(bad),
        _ => {
            let digits = match spec.strip_prefix('.').and_then(|r| r.strip_suffix('f')) {
                Some(d) => d.parse::<usize>().map_err(|_| bad())?,
                None if spec == "f" => 6,
                None => return Err(bad()),
            };
            match float(v) {
                Some(x) if !matches!(v, Value::Str(_)) => Ok(format!("{x:.digits$}")),
                _ => Err(bad()),
            }
        }
    }
}

/// An f-string's value: its text, and each field's value (got with `eval`)
/// formatted. `lift` turns a formatting error into the caller's error type
/// (the model's `Exc`, the runtime's `Stop`).
pub fn format_fields<E>(
    parts: &[crate::program::PFPart],
    mut eval: impl FnMut(&crate::program::PExpr) -> Result<Value, E>,
    lift: impl Fn(Exc) -> E,
    heap: &dyn Heap,
) -> Result<Value, E> {
    use crate::program::PFPart;
    let mut out = String::new();
    for p in parts {
        match p {
            PFPart::Text(text) => out.push_str(text),
            PFPart::Value { value, repr, spec } => {
                let v = eval(value)?;
                out.push_str(&format_value(&v, *repr, spec, heap).map_err(&lift)?);
            }
        }
    }
    Ok(Value::Str(Text::new(&out)))
}

/// One replacement field of an f-string: `{v}`, `{v!r}`, `{v:spec}`.
fn format_value(v: &Value, repr: bool, spec: &str, heap: &dyn Heap) -> Result<String, Exc> {
    if repr {
        let r = Value::Str(Text::new(&to_repr(v, heap)));
        return format_spec(&r, spec, heap);
    }
    format_spec(v, spec, heap)
}

/// `fmt % value` with one value: `%s %r %d %i %f %.Nf %%`.
fn percent_format(fmt: &str, v: &Value, heap: &dyn Heap) -> Result<Value, Exc> {
    // A tuple gives one argument per item; anything else is the one.
    let args: Vec<Value> = match v {
        Value::Tuple(l) => heap.items(*l),
        other => vec![other.clone()],
    };
    let mut args = args.into_iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let not_all = || type_error("not all arguments converted during string formatting".into());
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '.' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(conv) = chars.next() else {
            return Err(Exc::with_msg(Class::Named(ExcType::ValueError), "incomplete format"));
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.next() else {
            return Err(type_error("not enough arguments for format string".into()));
        };
        let v = &arg;
        let text = match conv {
            's' => to_str(v, heap),
            'r' => to_repr(v, heap),
            'd' | 'i' => match (int(v), float(v)) {
                (Some(i), _) => i.to_string(),
                (None, Some(f)) => (f.trunc() as i64).to_string(),
                _ => return Err(type_error(format!("%{conv} format: a real number is required, not {}", type_name(v)))),
            },
            'f' => match float(v) {
                Some(f) => {
                    let digits = spec.strip_prefix('.').and_then(|d| d.parse::<usize>().ok()).unwrap_or(6);
                    format!("{f:.digits$}")
                }
                None => return Err(type_error(format!("must be real number, not {}", type_name(v)))),
            },
            _ => return Err(Exc::with_msg(Class::Named(ExcType::ValueError), &format!("unsupported format character '{conv}'"))),
        };
        out.push_str(&text);
    }
    if args.next().is_some() {
        return Err(not_all());
    }
    Ok(Value::Str(Text::new(&out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::Str(Text::new(x))
    }

    fn none() -> Vec<Vec<Value>> {
        Vec::new()
    }

    #[test]
    fn lists_are_read_through_the_heap_for_truth_equality_membership_str_len_and_index() {
        // lists[0] = [1, 'a'], lists[1] = [], lists[2] = [[1, 'a'], <itself>]
        let heap = vec![vec![Value::Int(1), s("a")], vec![], vec![Value::List(0), Value::List(2)]];
        assert!(truthy(&Value::List(0), &heap));
        assert!(!truthy(&Value::List(1), &heap));
        assert_eq!(to_str(&Value::List(0), &heap), "[1, 'a']");
        assert_eq!(to_repr(&Value::List(2), &heap), "[[1, 'a'], [...]]");
        assert!(compare(CmpOp::In, &s("a"), &Value::List(0), &heap).unwrap());
        assert!(!compare(CmpOp::In, &Value::Int(2), &Value::List(0), &heap).unwrap());
        assert!(compare(CmpOp::NotEq, &Value::List(0), &Value::List(1), &heap).unwrap());
        assert_eq!(len(&Value::List(0), &heap).unwrap(), Value::Int(2));
        assert_eq!(index(&Value::List(0), &Value::Int(-1), &heap).unwrap(), s("a"));
        assert_eq!(index(&Value::List(1), &Value::Int(0), &heap).unwrap_err().class, Class::Named(ExcType::IndexError));
        assert_eq!(pop_position(0, None).unwrap_err().arg, Some(s("pop from empty list")));
        assert_eq!(binop(BinOp::Mod, &s("got %s"), &Value::List(0), &heap).unwrap(), s("got [1, 'a']"));
    }

    #[test]
    fn integer_division_and_modulo_round_toward_minus_infinity_as_python() {
        assert_eq!(binop(BinOp::FloorDiv, &Value::Int(-7), &Value::Int(2), &none()).unwrap(), Value::Int(-4));
        assert_eq!(binop(BinOp::Mod, &Value::Int(-7), &Value::Int(2), &none()).unwrap(), Value::Int(1));
        assert_eq!(binop(BinOp::Mod, &Value::Int(7), &Value::Int(-2), &none()).unwrap(), Value::Int(-1));
        assert_eq!(py_str(&binop(BinOp::Div, &Value::Int(1), &Value::Int(2), &none()).unwrap()), "0.5");
        assert_eq!(binop(BinOp::Div, &Value::Int(1), &Value::Int(0), &none()).unwrap_err().class, Class::Named(ExcType::ZeroDivisionError));
    }

    #[test]
    fn strings_concatenate_repeat_and_format_and_mixing_types_is_a_type_error() {
        assert_eq!(binop(BinOp::Add, &s("a"), &s("b"), &none()).unwrap(), s("ab"));
        assert_eq!(binop(BinOp::Mult, &Value::Int(3), &s("ab"), &none()).unwrap(), s("ababab"));
        assert_eq!(binop(BinOp::Mod, &s("n=%d 100%%"), &Value::Int(5), &none()).unwrap(), s("n=5 100%"));
        assert_eq!(binop(BinOp::Mod, &s("(%r)"), &s("x"), &none()).unwrap(), s("('x')"));
        assert_eq!(binop(BinOp::Mod, &s("%d %d"), &Value::Int(5), &none()).unwrap_err().class, Class::Named(ExcType::TypeError));
        assert_eq!(binop(BinOp::Mod, &s("%.2f"), &fl(1.0 / 3.0), &none()).unwrap(), s("0.33"));
        assert_eq!(binop(BinOp::Add, &s("a"), &Value::Int(1), &none()).unwrap_err().class, Class::Named(ExcType::TypeError));
        assert_eq!(py_repr(&s("it's")), "\"it's\"");
        assert_eq!(py_repr(&s("a\nb")), "'a\\nb'");
    }

    #[test]
    fn ordering_and_membership_follow_python() {
        assert!(compare(CmpOp::Lt, &Value::Int(1), &fl(1.5), &none()).unwrap());
        assert!(compare(CmpOp::In, &s("b"), &s("abc"), &none()).unwrap());
        assert!(compare(CmpOp::Lt, &s("a"), &Value::Int(1), &none()).is_err());
        assert!(!compare(CmpOp::Lt, &fl(f64::NAN), &Value::Int(1), &none()).unwrap());
    }

    #[test]
    fn float_floor_division_follows_cpythons_divmod() {
        // float('inf') // 3 is nan in Python; -7.5 // 2 is -4.0, -7.5 % 2 is 0.5.
        assert_eq!(py_str(&binop(BinOp::FloorDiv, &fl(f64::INFINITY), &Value::Int(3), &none()).unwrap()), "nan");
        assert_eq!(py_str(&binop(BinOp::FloorDiv, &fl(-7.5), &Value::Int(2), &none()).unwrap()), "-4.0");
        assert_eq!(py_str(&binop(BinOp::Mod, &fl(-7.5), &Value::Int(2), &none()).unwrap()), "0.5");
        assert_eq!(py_str(&binop(BinOp::Mod, &fl(0.0), &Value::Int(-2), &none()).unwrap()), "-0.0");
    }
}

/// `signal.alarm(v)`, or `signal.setitimer(ITIMER_REAL, v)` when `itimer`:
/// in how many milliseconds SIGALRM is due (`None`: cancelled, or set so far
/// ahead that no run reaches it). `Err` is what CPython raises;
/// `Ok(Err(()))` what the model leaves out.
pub fn alarm_delay(v: &Value, itimer: bool, version: crate::variant::Version, pypy: bool) -> Result<Result<Option<u64>, ()>, Exc> {
    if itimer {
        let secs = seconds(v)?.as_f64();
        if secs < 0.0 {
            // ItimerError (spelt itimer_error in 3.10–3.13): not modelled.
            return Ok(Err(()));
        }
        // setitimer rounds up to microseconds; the model's clock counts
        // milliseconds, so a positive delay is at least one.
        return Ok(Ok((secs > 0.0).then(|| ((secs * 1000.0).ceil() as u64).max(1))));
    }
    match v {
        // alarm(n) takes an unsigned int: a negative n is 2**32 - |n|
        // seconds ahead (observed), which no run reaches.
        Value::Int(n) if *n <= 0 => Ok(Ok(None)),
        Value::Int(n) => Ok(Ok(Some((*n as u64).saturating_mul(1000)))),
        Value::Bool(b) => Ok(Ok(b.then_some(1000))),
        other => {
            let msg = crate::caveats::interrupts_main_only::int_argument_message(version, pypy, type_name(other));
            Err(Exc::with_msg(Class::Named(ExcType::TypeError), &msg))
        }
    }
}
