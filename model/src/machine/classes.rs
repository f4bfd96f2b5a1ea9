//! Objects of the script's classes in a step: a subclass of Thread made a
//! thread by `Thread.__init__`, and attribute stores (a thread's `name` and
//! `daemon` are its own).

use super::*;
use crate::objects::ThreadValues;

impl PyModel {
    pub(super) fn thread_values(&self, s: &mut State, t: Tid, fi: usize, th: &ThreadOp) -> Flow<ThreadValues> {
        if let Some((a, k)) = &th.forward {
            let f = frame(s, t, fi);
            let (a, k) = (self.eval(s, t, f, a)?, self.eval(s, t, f, k)?);
            let positional = crate::values::star_items(&a, s)?;
            let keywords = crate::values::keyword_items("Thread.__init__", &k, s)?;
            let bound = crate::objects::forwarded_init(&positional, &keywords, s);
            let resolved = bound.and_then(|fw| match &fw.target {
                Some(target) => self.thread_target(s, target, fw.args.clone(), &fw.kwargs).map(|(func, args)| (Some(func), args, fw)),
                None => Some((None, Vec::new(), fw)),
            });
            let Some((func, args, fw)) = resolved else {
                s.beyond_model = true;
                return Ok(ThreadValues { func: None, args: Vec::new(), daemon: None, name: None });
            };
            return Ok(ThreadValues { func, args, daemon: fw.daemon, name: fw.name });
        }
        let f = frame(s, t, fi);
        let target = th.target.as_ref().map(|e| self.eval(s, t, f, e)).transpose()?;
        let args = self.eval_all(s, t, f, &th.args)?;
        let name = th.name.as_ref().map(|n| self.eval(s, t, f, n)).transpose()?;
        let (func, args) = match target {
            Some(target) => match self.thread_target(s, &target, args, &[]) {
                Some((func, args)) => (Some(func), args),
                None => {
                    s.beyond_model = true;
                    (None, Vec::new())
                }
            },
            None => (th.func, args),
        };
        Ok(ThreadValues { func, args, daemon: th.daemon, name })
    }

    /// A thread's target value resolved to its code, with the arguments
    /// bound to it (a bound method's object first). `None` when they do
    /// not fit: CPython raises the TypeError in the new thread, which is
    /// beyond the model.
    pub(super) fn thread_target(&self, s: &mut State, target: &Value, args: Vec<Value>, keywords: &[Value]) -> Option<(CodeId, Vec<Value>)> {
        let callee = crate::objects::callee(&self.program, &s.objects, target).ok()?;
        let args = self.bind(s, callee.code, callee.with(args), keywords).ok()?;
        Some((callee.code, args))
    }

    /// `objects::bind` in the state: `*args`'s tuple and `**kwargs`'s dict
    /// are new lists.
    pub(super) fn bind(&self, s: &mut State, code: CodeId, args: Vec<Value>, keywords: &[Value]) -> Flow<Vec<Value>> {
        if crate::state::reach::lists_full(s) {
            s.beyond_model = true;
        }
        crate::objects::bind(&self.program, code, args, keywords, |dict, items| {
            let l = s.new_list(items);
            if dict {
                Value::Dict(l)
            } else {
                Value::Tuple(l)
            }
        })
    }

    /// `Thread.__init__(obj, …)`: `obj` becomes a new thread, not started.
    /// It runs the class's `run` if the script defines one (with `self`),
    /// else the target with its arguments (Thread's own `run`).
    pub(super) fn init_thread(&self, s: &mut State, t: Tid, obj: &Value, spec: ThreadValues) {
        let Value::Obj(o) = *obj else { return };
        let class = s.objects[o as usize].class;
        let run = self.program.attr_id("run").and_then(|a| self.program.method(class, a));
        let (func, args) = match (run, spec.func) {
            (Some(run), _) => (run, vec![obj.clone()]),
            (None, Some(target)) => (target, spec.args),
            (None, None) => (self.program.empty_run, vec![obj.clone()]),
        };
        // threading.py numbers a thread only when it is given no name.
        let name = match spec.name {
            Some(v) => crate::values::to_str(&v, s),
            None => {
                s.thread_counter += 1;
                self.variant.version.thread_name(s.thread_counter, spec.func.map(|f| self.code(f).name.as_str()))
            }
        };
        let daemon = spec.daemon.unwrap_or(s.threads[t as usize].daemon);
        s.threads.push(Thread::not_started(func, daemon, s.thread_counter, args, Some(Text::new(&name)), s.stderr_none));
        s.objects[o as usize].thread = Some((s.threads.len() - 1) as Tid);
    }

    /// `obj.attr = v`: a thread's `name` and `daemon` are properties of
    /// the thread; anything else is the object's own attribute.
    pub(super) fn set_attr(&self, s: &mut State, obj: &Value, attr: AttrId, v: Value) -> Flow<()> {
        if let Some(x) = s.thread_in(obj) {
            match self.program.attrs[attr as usize].as_str() {
                "name" => {
                    let name = crate::values::to_str(&v, s);
                    s.threads[x as usize].name = Some(Text::new(&name));
                    return Ok(());
                }
                "daemon" => {
                    if s.threads[x as usize].life != Life::NotStarted {
                        return Err(err(ExcType::RuntimeError, "cannot set daemon status of active thread"));
                    }
                    s.threads[x as usize].daemon = v.truthy();
                    return Ok(());
                }
                _ => {}
            }
        }
        crate::objects::set(&self.program, &mut s.objects, obj, attr, v)
    }
}
