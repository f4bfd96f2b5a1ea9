//! Variables and expressions: reading and writing a frame's slots and the
//! globals, evaluating an expression, and the values the runtime hands back
//! (lists, signal sets, thread names, what goes to stdout).

use super::*;

impl Exec {
    /// A mask of the signals `pthread_sigmask` or `sigwait` is given.
    pub(super) fn signal_mask(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, signals: &PExpr) -> Flow<u8> {
        let v = self.eval(py, tid, f, signals)?;
        match values::signal_mask(&v, &**self).map_err(Stop::Raise)? {
            Some(mask) => Ok(mask),
            None => Err(Stop::Raise(err(ExcType::RuntimeError, "a signal other than SIGINT, SIGTERM, SIGUSR1, SIGUSR2 or SIGALRM is not modelled"))),
        }
    }

    /// Whether `v` is a re-entrant lock (a lock's kind is in the state, not
    /// in the value): `isinstance` and `type` ask.
    pub(super) fn is_rlock(&self, v: &Value) -> bool {
        matches!(v, Value::Lock(l) if matches!(self.st().locks[*l as usize], AnyLock::Re(_)))
    }

        /// A set of `signal.Signals` from a mask, in number order.
    pub(super) fn signal_set(&self, mask: u8) -> Value {
        Value::Set(self.new_list(imo::signals_in(mask).map(Value::Signal).collect()))
    }

    /// A new list (or tuple) holding `items`, by its id.
    pub(super) fn new_list(&self, items: Vec<Value>) -> pythread_model::state::ListId {
        let mut st = self.st();
        st.lists.push(items);
        (st.lists.len() - 1) as pythread_model::state::ListId
    }

    /// One write to stdout (as the model's `write_stdout`): text up to a
    /// newline goes on the open line; a new line is shown when it starts.
    pub(super) fn write_stdout(&self, py: &mut Py<'_>, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            let mut st = self.st();
            if i > 0 {
                if !st.stdout_open {
                    st.stdout.push(String::new());
                    drop(st);
                    py.record(Event::Printed { text: String::new() });
                    st = self.st();
                }
                st.stdout_open = false;
            }
            if piece.is_empty() {
                continue;
            }
            if st.stdout_open {
                if let Some(last) = st.stdout.last_mut() {
                    last.push_str(piece);
                }
            } else {
                st.stdout.push(piece.to_string());
                st.stdout_open = true;
                drop(st);
                py.record(Event::Printed { text: piece.to_string() });
            }
        }
    }


    pub(super) fn read(&self, f: &Frame, v: VarRef) -> Option<Value> {
        match v {
            VarRef::Global(g) => self.st().globals.get(g as usize).cloned().flatten(),
            VarRef::Local(l) => f.locals.get(l as usize).cloned().flatten(),
        }
    }

    pub(super) fn write(&self, f: &mut Frame, v: VarRef, value: Value) {
        match v {
            VarRef::Global(g) => {
                let mut st = self.st();
                let g = g as usize;
                if st.globals.len() <= g {
                    st.globals.resize(g + 1, None);
                }
                st.globals[g] = Some(value);
            }
            VarRef::Local(l) => f.locals[l as usize] = Some(value),
        }
    }

    pub(super) fn unbind(&self, f: &mut Frame, v: VarRef) {
        match v {
            VarRef::Global(g) => {
                if let Some(slot) = self.st().globals.get_mut(g as usize) {
                    *slot = None;
                }
            }
            VarRef::Local(l) => f.locals[l as usize] = None,
        }
    }

    pub(super) fn load(&self, f: &Frame, v: VarRef) -> Flow<Value> {
        self.read(f, v).ok_or_else(|| {
            Stop::Raise(match v {
                VarRef::Global(g) => Exc::with_msg(Class::Named(ExcType::NameError), &format!("name '{}' is not defined", self.program.globals[g as usize])),
                VarRef::Local(l) => Exc::with_msg(
                    Class::Named(ExcType::UnboundLocalError),
                    &format!(
                        "cannot access local variable '{}' where it is not associated with a value",
                        self.program.codes[f.code as usize].locals[l as usize]
                    ),
                ),
            })
        })
    }

    /// What a call that sends `sig` does, as the model's `sending` (CP40).
    pub(super) fn sending(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, sig: &SigRef, sender: imo::Sender) -> Flow<imo::Sending> {
        match sig {
            // `signal.SIGxxx` missing on this platform: AttributeError first.
            SigRef::Known(s) => py.signal_number(*s).map(|_| imo::Sending::Send(*s)).map_err(|e| self.rt(e)),
            SigRef::Value(e) => {
                let v = self.eval(py, tid, f, e)?;
                Ok(imo::sending(sender, &v, self.variant.platform == Platform::Windows, false))
            }
        }
    }

    /// The signal a call sends, or `None` when it sends none (the null
    /// signal); its error, or "not modelled" beyond the model.
    pub(super) fn sent(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, sig: &SigRef, sender: imo::Sender) -> Flow<Option<Sig>> {
        match self.sending(py, tid, f, sig, sender)? {
            imo::Sending::Send(s) => Ok(Some(s)),
            other => self.not_sent(other).map(|()| None),
        }
    }

    pub(super) fn not_sent(&self, sending: imo::Sending) -> Flow<()> {
        match sending {
            imo::Sending::Error(class, msg) => Err(Stop::Raise(err(class, msg))),
            imo::Sending::Beyond => Err(Stop::Raise(err(ExcType::RuntimeError, "a signal other than SIGINT, SIGTERM, SIGUSR1, SIGUSR2 or SIGALRM is not modelled"))),
            _ => Ok(()),
        }
    }

    pub(super) fn lock_of(&self, f: &Frame, v: VarRef) -> Flow<AnyLock> {
        let value = self.load(f, v)?;
        let st = self.st();
        match objects::lock_in(&self.program, &st.objects, &value) {
            Some(l) => Ok(st.locks[l as usize]),
            None => Err(Stop::Raise(err(ExcType::AttributeError, "object has no attribute 'acquire'"))),
        }
    }

    /// The list `e` evaluates to, for its method `method`.
    pub(super) fn list_of(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, e: &PExpr, method: &str) -> Flow<pythread_model::state::ListId> {
        match self.eval(py, tid, f, e)? {
            Value::List(l) => Ok(l),
            other => Err(Stop::Raise(err(ExcType::AttributeError, &format!("'{}' object has no attribute '{method}'", values::type_name(&other))))),
        }
    }

    pub(super) fn thread_of(&self, f: &Frame, v: VarRef) -> Flow<Thread> {
        let value = self.load(f, v)?;
        self.thread_in(&value)
    }

    /// The values of a call's arguments, left to right.
    pub(super) fn eval_all(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, args: &[PExpr]) -> Flow<Vec<Value>> {
        args.iter().map(|a| self.eval(py, tid, f, a)).collect()
    }

    pub(super) fn eval(&self, py: &mut Py<'_>, tid: Tid, f: &Frame, e: &PExpr) -> Flow<Value> {
        Ok(match e {
            PExpr::Lit(l) => Value::from_literal(l),
            PExpr::Var(v) => self.load(f, *v)?,
            PExpr::Signal(sig) => {
                py.signal_number(*sig).map_err(|e| Stop::Raise(self.to_exc(&e)))?;
                Value::Signal(*sig)
            }
            PExpr::ItimerReal if self.variant.platform == Platform::Windows => {
                return Err(Stop::Raise(err(ExcType::AttributeError, "module 'signal' has no attribute 'ITIMER_REAL'")));
            }
            PExpr::ItimerReal => Value::Int(0),
            PExpr::Func(code) => Value::Func(*code),
            PExpr::Handler(h) => Value::Handler(*h),
            PExpr::SwitchInterval => values::switch_interval_seconds(self.st().switch_interval),
            PExpr::TypeOf(v) => {
                let v = self.eval(py, tid, f, v)?;
                let rlock = self.is_rlock(&v);
                pythread_model::objects::type_of(&self.program, &self.st().objects, &v, rlock)
            }
            PExpr::LockType => Value::Type(Text::new("_thread.lock")),
            PExpr::Type(name) => Value::Type(name.clone()),
            PExpr::Hook(h) => self.st().hooks.get(*h).clone(),
            PExpr::BuiltinRef(b) => Value::Builtin(pythread_model::state::BuiltinFn::Ref(*b)),
            PExpr::Nsig => Value::Int(if self.variant.platform == Platform::Windows { imo::NSIG_WINDOWS } else { imo::NSIG }),
            PExpr::Not(o) => Value::Bool(!values::truthy(&self.eval(py, tid, f, o)?, self)),
            PExpr::And(os) | PExpr::Or(os) => {
                let is_and = matches!(e, PExpr::And(_));
                let mut last = Value::None;
                for o in os {
                    last = self.eval(py, tid, f, o)?;
                    if values::truthy(&last, self) != is_and {
                        break;
                    }
                }
                last
            }
            PExpr::Cmp(op, l, r) => {
                let (a, b) = (self.eval(py, tid, f, l)?, self.eval(py, tid, f, r)?);
                Value::Bool(values::compare(*op, &a, &b, self).map_err(Stop::Raise)?)
            }
            PExpr::Bin(op, l, r) => {
                let (a, b) = (self.eval(py, tid, f, l)?, self.eval(py, tid, f, r)?);
                values::binop(*op, &a, &b, self).map_err(Stop::Raise)?
            }
            PExpr::Format(parts) => values::format_fields(parts, |e| self.eval(py, tid, f, e), Stop::Raise, self)?,
            PExpr::Len(v) => values::len(&self.eval(py, tid, f, v)?, self).map_err(Stop::Raise)?,
            PExpr::IsInstance(v, types) => {
                let v = self.eval(py, tid, f, v)?;
                values::is_instance(&v, types, self.is_rlock(&v))
            }
            PExpr::Convert(v, repr) => {
                let v = self.eval(py, tid, f, v)?;
                let text = match self.thread_id_in(&v) {
                    Some(x) => {
                        let class = pythread_model::objects::type_name(&self.program, &self.st().objects, &v);
                        let life = py.thread_life(x);
                        let started = life != crate::runtime::Life::NotStarted;
                        let stopped = matches!(life, crate::runtime::Life::Done | crate::runtime::Life::Killed);
                        values::thread_repr(&class, &self.thread_name(py, x), started, stopped, py.is_daemon(x), x)
                    }
                    None => values::convert(&v, *repr, self),
                };
                Value::Str(Text::new(&text))
            }
            PExpr::Index(v, i) => {
                let (v, i) = (self.eval(py, tid, f, v)?, self.eval(py, tid, f, i)?);
                values::index(&v, &i, self).map_err(Stop::Raise)?
            }
            PExpr::Locked(v) => match self.lock_of(f, *v)? {
                AnyLock::Plain(l) => Value::Bool(l.locked(py)),
                AnyLock::Re(r) => Value::Bool(r.locked(py).map_err(|e| Stop::Raise(self.to_exc(&e)))?),
            },
            PExpr::IsAlive(v) => Value::Bool(self.thread_of(f, *v)?.is_alive(py)),
            PExpr::Attr(v, a) => {
                let v = self.eval(py, tid, f, v)?;
                self.attr(py, &v, *a)?
            }
            PExpr::IsMainThread => Value::Bool(tid == MAIN),
            PExpr::Now => values::clock_seconds(py.now()),
            PExpr::ThreadCount => Value::Int(py.running_threads() as i64),
            PExpr::ThreadQuery(q) => match q {
                pythread_model::scenario::ThreadQuery::Current => Value::Thread(tid),
                pythread_model::scenario::ThreadQuery::Main => Value::Thread(MAIN),
                pythread_model::scenario::ThreadQuery::Ident | pythread_model::scenario::ThreadQuery::LowIdent => values::thread_ident(tid, true),
                pythread_model::scenario::ThreadQuery::ActiveCount => Value::Int(py.enumerate().len() as i64),
            },
            PExpr::CurrentThreadName => Value::Str(Text::new(&self.thread_name(py, tid))),
        })
    }

    /// `threading.current_thread().name`.
    pub(super) fn thread_name(&self, py: &mut Py<'_>, tid: Tid) -> String {
        if let Some(Some(name)) = self.st().names.get(tid as usize) {
            return name.clone();
        }
        match py.thread_kind(tid) {
            ThreadKind::Main => "MainThread".into(),
            ThreadKind::Threading(n) => {
                let func = self.st().threads[tid as usize].as_ref().map_or(0, |t| t.1);
                let target = (func != self.program.empty_run).then(|| self.program.codes[func as usize].name.as_str());
                self.variant.version.thread_name(n, target)
            }
            ThreadKind::Raw(n) => format!("Dummy-{n}"),
        }
    }
}
