//! Objects of the script's classes on real threads: `Class(…)`, method
//! calls, attribute stores and `Thread.__init__`, as
//! `pythread_model::objects` and the model's `machine/classes.rs` have them.

use super::*;
use pythread_model::objects::{self, ThreadValues};
use pythread_model::program::{AttrId, ThreadOp};

impl Exec {
    /// The id of the thread a value is: a `Thread`, or an object of a
    /// subclass of Thread once its `Thread.__init__` ran (the model's
    /// `State::thread_in`).
    pub(super) fn thread_id_in(&self, value: &Value) -> Option<Tid> {
        match value {
            Value::Thread(x) => Some(*x),
            Value::Obj(o) => self.st().objects[*o as usize].thread,
            _ => None,
        }
    }

    /// The thread a value is, or Python's error for a value that is none.
    pub(super) fn thread_in(&self, value: &Value) -> Flow<Thread> {
        if let Some(x) = self.thread_id_in(value) {
            return match self.st().threads[x as usize].as_ref() {
                Some((t, _)) => Ok(t.clone()),
                // The main thread or a `_thread` thread, reached through
                // `threading.current_thread()`: the runtime has no
                // `threading.Thread` for it to start, join or test.
                None => Err(Stop::Raise(err(ExcType::RuntimeError, "the reference runtime has no threading.Thread for this thread (main_thread() or a _thread thread)"))),
            };
        }
        match value {
            // A subclass of Thread whose `__init__` did not call Thread's.
            Value::Obj(o) if self.program.classes[self.st().objects[*o as usize].class as usize].thread => {
                Err(Stop::Raise(err(ExcType::RuntimeError, "thread.__init__() not called")))
            }
            _ => Err(Stop::Raise(err(ExcType::AttributeError, "object has no attribute 'start'"))),
        }
    }

    /// `value.attr`: a thread's `name` and `daemon`, else the object's.
    pub(super) fn attr(&self, py: &mut Py<'_>, value: &Value, a: AttrId) -> Flow<Value> {
        if let Some(x) = self.thread_id_in(value) {
            // The main thread and `_thread` threads (reached through
            // `current_thread()`) have no `threading.Thread` here: they run.
            let handle = self.st().threads[x as usize].as_ref().map(|(t, _)| t.clone());
            match self.program.attrs[a as usize].as_str() {
                "name" => return Ok(Value::Str(Text::new(&self.thread_name(py, x)))),
                "daemon" => return Ok(Value::Bool(handle.is_some_and(|t| t.is_daemon(py)) || (x != MAIN && py.is_daemon(x)))),
                "ident" => return Ok(values::thread_ident(x, handle.is_none_or(|t| t.is_started(py)))),
                _ => {}
            }
        }
        let st = self.st();
        objects::get(&self.program, &st.objects, value, a).map_err(Stop::Raise)
    }

    /// A statement on objects.
    pub(super) fn object_op(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, op: &Op) -> Flow<()> {
        let rt = |e| self.rt(e);
        match op {
            Op::New { class, init, args, kwargs, thread, dest } => {
                let made = (|| {
                    let mut values = self.eval_all(py, tid, f, args)?;
                    let keywords = match kwargs {
                        Some(k) => Some(values::keyword_items("__init__", &self.eval(py, tid, f, k)?, &**self).map_err(Stop::Raise)?),
                        None => None,
                    };
                    let spec = thread.as_ref().map(|th| self.thread_values(py, tid, f, th)).transpose()?;
                    if init.is_none() && !values.is_empty() {
                        let name = &self.program.classes[*class as usize].name;
                        return Err(Stop::Raise(err(ExcType::TypeError, &format!("{name}() takes no arguments"))));
                    }
                    match (init, keywords) {
                        // Bound now, `self` standing in until the object is made.
                        (Some(code), Some(keywords)) => {
                            values = self.bind(*code, std::iter::once(Value::None).chain(values).collect(), &keywords)?;
                            values.remove(0);
                        }
                        (Some(code), None) => objects::check_arity(&self.program, *code, values.len() + 1).map_err(Stop::Raise)?,
                        (None, _) => {}
                    }
                    Ok((values, spec))
                })();
                // With an `__init__` its exceptions keep the context they got
                // in it (`Exec::step`); the statement's own get theirs here.
                let (values, spec) = made.map_err(|e| if init.is_some() { self.in_context(tid, f, e) } else { e })?;
                let obj = {
                    let mut st = self.st();
                    st.objects.push(Object { class: *class, attrs: Vec::new(), thread: None });
                    Value::Obj((st.objects.len() - 1) as u16)
                };
                self.write(f, *dest, obj.clone());
                if let Some(spec) = spec {
                    self.init_thread(py, &obj, spec);
                }
                if let Some(code) = init {
                    let mut all = vec![obj];
                    all.extend(values);
                    let mut callee = self.new_frame(*code, &all);
                    self.call(py, &mut callee, false)?;
                }
            }
            Op::CallMethod { object, method, args, dest } => {
                let bound = (|| {
                    let obj = self.eval(py, tid, f, object)?;
                    let values = self.eval_all(py, tid, f, args)?;
                    let callee = objects::method(&self.program, &self.st().objects, &obj, *method).map_err(Stop::Raise)?;
                    let all = self.bind(callee.code, callee.with(values), &[])?;
                    Ok((callee.code, all))
                })();
                // The callee's exceptions keep the context they got in it.
                let (code, all) = bound.map_err(|e| self.in_context(tid, f, e))?;
                let mut callee = self.new_frame(code, &all);
                // The callee's entry check was the one before this statement,
                // as for a call of a function.
                self.call(py, &mut callee, false)?;
                let value = self.program.codes[code as usize].ret.and_then(|r| callee.locals[r as usize].clone()).unwrap_or(Value::None);
                if let Some(d) = dest {
                    self.write(f, *d, value);
                }
            }
            Op::SetAttr { object, attr, value } => {
                let v = self.eval(py, tid, f, value)?;
                let obj = self.eval(py, tid, f, object)?;
                let is_thread = self.thread_id_in(&obj).is_some();
                match self.program.attrs[*attr as usize].as_str() {
                    "name" if is_thread => {
                        let id = self.thread_in(&obj)?.id();
                        let name = values::to_str(&v, &**self);
                        self.set_name(id, name);
                    }
                    "daemon" if is_thread => self.thread_in(&obj)?.set_daemon(py, v.truthy()).map_err(rt)?,
                    _ => {
                        let mut st = self.st();
                        objects::set(&self.program, &mut st.objects, &obj, *attr, v).map_err(Stop::Raise)?;
                    }
                }
            }
            Op::ThreadInit { object, thread } => {
                let obj = self.eval(py, tid, f, object)?;
                if !matches!(obj, Value::Obj(_)) {
                    return Err(Stop::Raise(err(ExcType::TypeError, "descriptor '__init__' requires a 'Thread' object")));
                }
                let spec = self.thread_values(py, tid, f, thread)?;
                self.init_thread(py, &obj, spec);
            }
            other => unreachable!("{other:?} is not an object statement"),
        }
        Ok(())
    }

    fn thread_values(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, th: &ThreadOp) -> Flow<ThreadValues> {
        if let Some((a, k)) = &th.forward {
            let (a, k) = (self.eval(py, tid, f, a)?, self.eval(py, tid, f, k)?);
            let positional = values::star_items(&a, self).map_err(Stop::Raise)?;
            let keywords = values::keyword_items("Thread.__init__", &k, self).map_err(Stop::Raise)?;
            let not_modelled = || Stop::Raise(err(ExcType::RuntimeError, "Thread.__init__ arguments that do not fit are not modelled"));
            let fw = objects::forwarded_init(&positional, &keywords, self).ok_or_else(not_modelled)?;
            let (func, args) = match &fw.target {
                Some(target) => {
                    let (func, args) = self.thread_target(target, fw.args.clone(), &fw.kwargs)?;
                    (Some(func), args)
                }
                None => (None, Vec::new()),
            };
            return Ok(ThreadValues { func, args, daemon: fw.daemon, name: fw.name });
        }
        let target = th.target.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
        let args = self.eval_all(py, tid, f, &th.args)?;
        let name = th.name.as_ref().map(|n| self.eval(py, tid, f, n)).transpose()?;
        let (func, args) = match target {
            Some(target) => {
                let (func, args) = self.thread_target(&target, args, &[])?;
                (Some(func), args)
            }
            None => (th.func, args),
        };
        Ok(ThreadValues { func, args, daemon: th.daemon, name })
    }

    /// A thread's target and arguments, as the model's `thread_target`:
    /// a value target that does not fit its arguments is beyond the model
    /// (CPython raises the TypeError in the new thread).
    pub(super) fn thread_target(&self, target: &Value, args: Vec<Value>, keywords: &[Value]) -> Flow<(CodeId, Vec<Value>)> {
        let not_modelled = || Stop::Raise(err(ExcType::RuntimeError, "a thread target that does not fit its arguments is not modelled"));
        let callee = objects::callee(&self.program, &self.st().objects, target).map_err(|_| not_modelled())?;
        let args = self.bind(callee.code, callee.with(args), keywords).map_err(|_| not_modelled())?;
        Ok((callee.code, args))
    }

    /// `objects::bind` in the runtime: `*args`'s tuple and `**kwargs`'s
    /// dict are new lists.
    pub(super) fn bind(&self, code: CodeId, args: Vec<Value>, keywords: &[Value]) -> Flow<Vec<Value>> {
        objects::bind(&self.program, code, args, keywords, |dict, items| self.collection(dict, items)).map_err(Stop::Raise)
    }

    /// The value a builtin gives, its new list, tuple or dict made.
    pub(super) fn made(&self, r: values::BuiltinResult) -> Value {
        match r {
            values::BuiltinResult::Value(v) => v,
            values::BuiltinResult::NewList(items) => Value::List(self.new_list(items)),
            values::BuiltinResult::NewTuple(items) => Value::Tuple(self.new_list(items)),
            values::BuiltinResult::NewDict(items) => Value::Dict(self.new_list(items)),
        }
    }

    /// A new tuple (or, `dict`, a dict) of these items.
    pub(super) fn collection(&self, dict: bool, items: Vec<Value>) -> Value {
        let l = self.new_list(items);
        if dict {
            Value::Dict(l)
        } else {
            Value::Tuple(l)
        }
    }

    /// `Thread.__init__(obj, …)`, as the model's `init_thread`.
    fn init_thread(self: &Arc<Self>, py: &mut Py<'_>, obj: &Value, spec: ThreadValues) {
        let Value::Obj(o) = *obj else { return };
        let ThreadValues { func: target, args, daemon, name } = spec;
        let class = self.st().objects[o as usize].class;
        let run = self.program.attr_id("run").and_then(|a| self.program.method(class, a));
        let (func, args) = match (run, target) {
            (Some(run), _) => (run, vec![obj.clone()]),
            (None, Some(t)) => (t, args),
            (None, None) => (self.program.empty_run, vec![obj.clone()]),
        };
        let exec = self.clone();
        let t = py.new_thread_numbered(move |py| exec.thread_code(py, func, &args), daemon, name.is_none());
        let id = t.id();
        let name = match name {
            Some(v) => values::to_str(&v, &**self),
            None => match py.thread_kind(id) {
                ThreadKind::Threading(n) => self.variant.version.thread_name(n, target.map(|t| self.program.codes[t as usize].name.as_str())),
                _ => String::new(),
            },
        };
        let mut st = self.st();
        st.keep_thread(id, t, func);
        st.objects[o as usize].thread = Some(id);
        drop(st);
        self.set_name(id, name);
    }

    pub(super) fn set_name(&self, id: Tid, name: String) {
        let mut st = self.st();
        if st.names.len() <= id as usize {
            st.names.resize(id as usize + 1, None);
        }
        st.names[id as usize] = Some(name);
    }
}
