//! Values: expressions evaluated in a frame, variables read and written,
//! and what a script's output looks like in the state.

use super::*;

/// The model's lists are the state's.
impl crate::values::Heap for State {
    fn items(&self, id: ListId) -> Vec<Value> {
        self.lists.get(id as usize).cloned().unwrap_or_default()
    }
}

impl PyModel {
    /// The list `e` evaluates to, for its method `method`.
    pub(super) fn list_of(&self, s: &State, t: Tid, f: &Frame, e: &PExpr, method: &str) -> Flow<ListId> {
        match self.eval(s, t, f, e)? {
            Value::List(l) => Ok(l),
            other => Err(err(ExcType::AttributeError, &format!("'{}' object has no attribute '{method}'", crate::values::type_name(&other)))),
        }
    }

    pub(super) fn lock_of(&self, s: &State, f: &Frame, v: VarRef) -> Flow<LockId> {
        let value = self.load(s, f, v)?;
        crate::objects::lock_in(&self.program, &s.objects, &value).ok_or_else(|| err(ExcType::AttributeError, "object has no attribute 'acquire'"))
    }

    pub(super) fn thread_of(&self, s: &State, f: &Frame, v: VarRef) -> Flow<Tid> {
        let value = self.load(s, f, v)?;
        if let Some(x) = s.thread_in(&value) {
            return Ok(x);
        }
        match value {
            // A subclass of Thread whose `__init__` did not call Thread's.
            Value::Obj(o) if self.program.classes[s.objects[o as usize].class as usize].thread => {
                Err(err(ExcType::RuntimeError, "thread.__init__() not called"))
            }
            _ => Err(err(ExcType::AttributeError, "object has no attribute 'start'")),
        }
    }

    /// `value.attr`: a thread's `name` and `daemon`, else the object's own
    /// attribute, else its class's.
    pub(super) fn attr(&self, s: &State, value: &Value, a: AttrId) -> Flow<Value> {
        let name = self.program.attrs[a as usize].as_str();
        if let Some(x) = s.thread_in(value) {
            match name {
                "name" => return Ok(Value::Str(Text::new(&self.thread_name(s, x)))),
                "daemon" => return Ok(Value::Bool(s.threads[x as usize].daemon)),
                "ident" => return Ok(crate::values::thread_ident(x, s.threads[x as usize].life != Life::NotStarted)),
                _ => {}
            }
        }
        crate::objects::get(&self.program, &s.objects, value, a)
    }

    pub(super) fn load(&self, s: &State, f: &Frame, v: VarRef) -> Flow<Value> {
        match read(s, f, v) {
            Some(x) => Ok(x),
            None => Err(match v {
                VarRef::Global(g) => Exc::with_msg(
                    Class::Named(ExcType::NameError),
                    &format!("name '{}' is not defined", self.program.globals[g as usize]),
                ),
                VarRef::Local(l) => Exc::with_msg(
                    Class::Named(ExcType::UnboundLocalError),
                    &format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        self.code(f.code).locals[l as usize]
                    ),
                ),
            }),
        }
    }

    /// The values of a call's arguments, left to right.
    pub(super) fn eval_all(&self, s: &State, t: Tid, f: &Frame, args: &[PExpr]) -> Flow<Vec<Value>> {
        args.iter().map(|a| self.eval(s, t, f, a)).collect()
    }

    pub(super) fn eval(&self, s: &State, t: Tid, f: &Frame, e: &PExpr) -> Flow<Value> {
        Ok(match e {
            PExpr::Lit(l) => Value::from_literal(l),
            PExpr::Var(v) => self.load(s, f, *v)?,
            PExpr::Signal(sig) if !self.sig_exists(*sig) => return Err(self.no_attribute(sig.name())),
            PExpr::Signal(sig) => Value::Signal(*sig),
            PExpr::ItimerReal if self.variant.platform == Platform::Windows => return Err(self.no_attribute("ITIMER_REAL")),
            PExpr::ItimerReal => Value::Int(0),
            PExpr::Func(code) => Value::Func(*code),
            PExpr::Handler(h) => Value::Handler(*h),
            PExpr::SwitchInterval => crate::values::switch_interval_seconds(s.switch_interval),
            PExpr::TypeOf(v) => {
                let v = self.eval(s, t, f, v)?;
                let rlock = is_rlock(s, &v);
                crate::objects::type_of(&self.program, &s.objects, &v, rlock)
            }
            PExpr::LockType => Value::Type(Text::new("_thread.lock")),
            PExpr::Type(name) => Value::Type(name.clone()),
            PExpr::Hook(h) => s.hooks.get(*h).clone(),
            PExpr::BuiltinRef(b) => Value::Builtin(crate::state::BuiltinFn::Ref(*b)),
            PExpr::Nsig => Value::Int(if self.variant.platform == Platform::Windows { imo::NSIG_WINDOWS } else { imo::NSIG }),
            PExpr::Not(o) => Value::Bool(!crate::values::truthy(&self.eval(s, t, f, o)?, s)),
            PExpr::And(os) | PExpr::Or(os) => {
                let is_and = matches!(e, PExpr::And(_));
                let mut last = Value::None;
                for o in os {
                    last = self.eval(s, t, f, o)?;
                    if crate::values::truthy(&last, s) != is_and {
                        break;
                    }
                }
                last
            }
            PExpr::Cmp(op, l, r) => {
                let (a, b) = (self.eval(s, t, f, l)?, self.eval(s, t, f, r)?);
                Value::Bool(crate::values::compare(*op, &a, &b, s)?)
            }
            PExpr::Bin(op, l, r) => {
                let (a, b) = (self.eval(s, t, f, l)?, self.eval(s, t, f, r)?);
                crate::values::binop(*op, &a, &b, s)?
            }
            PExpr::Format(parts) => crate::values::format_fields(parts, |e| self.eval(s, t, f, e), |e| e, s)?,
            PExpr::Len(v) => crate::values::len(&self.eval(s, t, f, v)?, s)?,
            PExpr::IsInstance(v, types) => {
                let v = self.eval(s, t, f, v)?;
                let rlock = is_rlock(s, &v);
                crate::values::is_instance(&v, types, rlock)
            }
            PExpr::Convert(v, repr) => {
                let v = self.eval(s, t, f, v)?;
                // A thread (no `__str__`: str is its repr) shows its state.
                let text = match s.thread_in(&v) {
                    Some(x) => {
                        let th = &s.threads[x as usize];
                        let class = crate::objects::type_name(&self.program, &s.objects, &v);
                        let started = th.life != Life::NotStarted;
                        let stopped = matches!(th.life, Life::Done | Life::Killed);
                        crate::values::thread_repr(&class, &self.thread_name(s, x), started, stopped, th.daemon, x)
                    }
                    None => crate::values::convert(&v, *repr, s),
                };
                Value::Str(Text::new(&text))
            }
            PExpr::Index(v, i) => {
                let (v, i) = (self.eval(s, t, f, v)?, self.eval(s, t, f, i)?);
                crate::values::index(&v, &i, s)?
            }
            PExpr::Locked(v) => {
                let l = self.lock_of(s, f, *v)?;
                let lk = &s.locks[l as usize];
                if lk.reentrant && !self.variant.version.is_314() {
                    return Err(err(ExcType::AttributeError, "'_thread.RLock' object has no attribute 'locked'"));
                }
                Value::Bool(lk.count > 0)
            }
            PExpr::IsAlive(v) => {
                let x = self.thread_of(s, f, *v)?;
                Value::Bool(s.threads[x as usize].looks_alive())
            }
            PExpr::Attr(v, a) => {
                let v = self.eval(s, t, f, v)?;
                self.attr(s, &v, *a)?
            }
            PExpr::IsMainThread => Value::Bool(t == MAIN),
            PExpr::Now => crate::values::clock_seconds(s.now),
            PExpr::ThreadCount => Value::Int(s.threads.iter().skip(1).filter(|th| th.life == Life::Running).count() as i64),
            PExpr::ThreadQuery(q) => match q {
                crate::scenario::ThreadQuery::Current => Value::Thread(t),
                crate::scenario::ThreadQuery::Main => Value::Thread(MAIN),
                crate::scenario::ThreadQuery::Ident | crate::scenario::ThreadQuery::LowIdent => crate::values::thread_ident(t, true),
                crate::scenario::ThreadQuery::ActiveCount => Value::Int(s.enumerate().len() as i64),
            },
            PExpr::CurrentThreadName => Value::Str(Text::new(&self.thread_name(s, t))),
        })
    }

    /// `threading.current_thread().name`.
    /// Whether thread `t`'s next statement is an `assert` that fails (its
    /// test is false) in state `s`; hazard analysis asks this.
    pub fn assertion_fails(&self, s: &State, t: Tid) -> bool {
        let Some(f) = s.threads[t as usize].frames.last() else { return false };
        if f.wait.is_some() {
            return false;
        }
        match &self.instr(f).op {
            Op::Assert { test, .. } => self.eval(s, t, f, test).is_ok_and(|v| !crate::values::truthy(&v, s)),
            _ => false,
        }
    }

    /// A variable's value as frame `f` sees it (`None`: unbound).
    pub fn read_var(&self, s: &State, f: &Frame, v: VarRef) -> Option<Value> {
        read(s, f, v)
    }
}

/// One write to stdout by thread `t`: text up to a newline goes on the open
/// line; with `fold`, a line it closes may fold into a repeat
/// (`state::output`).
pub(super) fn write_stdout(s: &mut State, t: Tid, text: &str, fold: bool) {
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            if !s.stdout_open {
                s.stdout.push(Text::new(""));
            }
            s.stdout_open = false;
            if fold {
                let context = printing_context(s, t);
                crate::state::output::close_line(&mut s.stdout, &mut s.stdout_contexts, context);
            }
        }
        if piece.is_empty() {
            continue;
        }
        if s.stdout_open {
            let last = s.stdout.len() - 1;
            let joined = format!("{}{piece}", s.stdout[last].text());
            s.stdout[last] = Text::new(&joined);
        } else {
            s.stdout.push(Text::new(piece));
            s.stdout_open = true;
        }
    }
}

/// Where thread `t` prints from: its frames (code, place, locals; not which
/// thread it is, so that identical workers print from one place; not
/// whether the print is half done) and, for the main thread, the module's
/// globals (its module frame's variables; a worker leaves them out, where
/// other threads' writes would only split states).
fn printing_context(s: &State, t: Tid) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let frames = &s.threads[t as usize].frames;
    if let Some((top, below)) = frames.split_last() {
        // As a slice of frames hashes: its length, then each frame.
        h.write_usize(below.len());
        below.for_each(|f| f.hash(&mut h));
        // The print's newline is written in its own step or with its text:
        // the same place either way.
        top.hash_standing_at(&mut h, At::Go);
    }
    if t == MAIN {
        s.globals.hash(&mut h);
    }
    // 0 stands for no context (`output::NONE`).
    h.finish().max(1)
}

/// Frame `fi` of thread `t`.
pub(super) fn frame(s: &State, t: Tid, fi: usize) -> &Frame {
    &s.threads[t as usize].frames[fi]
}

pub(super) fn read(s: &State, f: &Frame, v: VarRef) -> Option<Value> {
    match v {
        VarRef::Global(g) => s.globals.get(g as usize).cloned().flatten(),
        VarRef::Local(l) => f.locals.get(l as usize).cloned().flatten(),
    }
}

pub(super) fn write(s: &mut State, t: Tid, fi: usize, v: VarRef, value: Value) {
    match v {
        VarRef::Global(g) => {
            let g = g as usize;
            if s.globals.len() <= g {
                s.globals.resize(g + 1, None);
            }
            s.globals[g] = Some(value);
        }
        VarRef::Local(l) => s.threads[t as usize].frames[fi].locals[l as usize] = Some(value),
    }
}

/// Whether `v` is a re-entrant lock (a lock's kind is in the state, not in
/// the value): `isinstance` and `type` ask.
fn is_rlock(s: &State, v: &Value) -> bool {
    matches!(v, Value::Lock(l) if s.locks[*l as usize].reentrant)
}

pub(super) fn unbind(s: &mut State, t: Tid, fi: usize, v: VarRef) {
    match v {
        VarRef::Global(g) => {
            if let Some(slot) = s.globals.get_mut(g as usize) {
                *slot = None;
            }
        }
        VarRef::Local(l) => s.threads[t as usize].frames[fi].locals[l as usize] = None,
    }
}
