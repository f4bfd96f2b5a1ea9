//! Objects of the script's classes in a step: a subclass of Thread made a
//! thread by `Thread.__init__`, and attribute stores (a thread's `name` and
//! `daemon` are its own).

use super::*;

/// `Thread.__init__`'s arguments, evaluated.
pub(super) struct ThreadValues {
    func: Option<CodeId>,
    args: Vec<Value>,
    daemon: Option<bool>,
    name: Option<Value>,
}

impl PyModel {
    pub(super) fn thread_values(&self, s: &State, t: Tid, fi: usize, th: &ThreadOp) -> Flow<ThreadValues> {
        let f = frame(s, t, fi);
        let args = self.eval_all(s, t, f, &th.args)?;
        let name = match &th.name {
            Some(n) => Some(self.eval(s, t, f, n)?),
            None => None,
        };
        Ok(ThreadValues { func: th.func, args, daemon: th.daemon, name })
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
                match spec.func {
                    Some(target) if self.variant.version.minor >= 10 => {
                        format!("Thread-{} ({})", s.thread_counter, self.code(target).name)
                    }
                    _ => format!("Thread-{}", s.thread_counter),
                }
            }
        };
        let daemon = spec.daemon.unwrap_or(s.threads[t as usize].daemon);
        s.threads.push(Thread::not_started(func, daemon, s.thread_counter, args, Some(Text::new(&name))));
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
