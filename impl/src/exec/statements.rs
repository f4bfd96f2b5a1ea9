//! One statement of the program executed through the runtime: every lock,
//! wait, signal, thread, print and exit op, the model's `Op` for `Op`.

use super::*;

impl Exec {
    /// Executes one statement through the runtime.
    pub(super) fn statement(self: &Arc<Self>, py: &mut Py<'_>, tid: Tid, f: &mut Frame, op: &Op) -> Flow<()> {
        let rt = |e| self.rt(e);
        match op {
            Op::Assign { var, value } => {
                let v = self.eval(py, tid, f, value)?;
                self.write(f, *var, v);
            }
            Op::RepeatList { var, items, count } => {
                let values = self.eval_all(py, tid, f, items)?;
                let n = self.eval(py, tid, f, count)?;
                match values::repeat(&values, &n).map_err(Stop::Raise)? {
                    Some(items) => {
                        let id = self.new_list(items);
                        self.write(f, *var, Value::List(id));
                    }
                    None => return Err(Stop::Raise(err(ExcType::RuntimeError, "a list longer than the model keeps"))),
                }
            }
            Op::Bitwise { var, op, left, right } => {
                let (a, b) = (self.eval(py, tid, f, left)?, self.eval(py, tid, f, right)?);
                let v = match values::set_binop(*op, &a, &b, &**self) {
                    Some(items) => Value::Set(self.new_list(items)),
                    None => values::binop(*op, &a, &b, &**self).map_err(Stop::Raise)?,
                };
                self.write(f, *var, v);
            }
            Op::NewList { var, items } => {
                let values = self.eval_all(py, tid, f, items)?;
                let id = self.new_list(values);
                self.write(f, *var, Value::List(id));
            }
            Op::NewDict { var, items } => {
                let mut entries = Vec::new();
                for (k, v) in items {
                    let k = k.as_ref().map(|k| self.eval(py, tid, f, k)).transpose()?;
                    entries.push((k, self.eval(py, tid, f, v)?));
                }
                let items = values::dict_items(&entries, &**self).map_err(Stop::Raise)?;
                let id = self.new_list(items);
                self.write(f, *var, Value::Dict(id));
            }
            Op::NewTuple { var, items } => {
                let values = self.eval_all(py, tid, f, items)?;
                let id = self.new_list(values);
                self.write(f, *var, Value::Tuple(id));
            }
            Op::NewRange { var, start, stop, step } => {
                let start = start.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let stop = self.eval(py, tid, f, stop)?;
                let step = step.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                // Past the model's bound the runtime still makes the list.
                let items = values::range_items(start.as_ref(), &stop, step.as_ref()).map_err(Stop::Raise)?.unwrap_or_default();
                let id = self.new_list(items);
                self.write(f, *var, Value::List(id));
            }
            Op::ListAppend { list, value } | Op::CompAppend { list, value } => {
                let l = self.list_of(py, tid, f, list, "append")?;
                let v = self.eval(py, tid, f, value)?;
                self.st().lists[l as usize].push(v);
            }
            Op::NewSet { var, from, .. } => {
                let from = match from {
                    Some(e) => Some(self.eval(py, tid, f, e)?),
                    None => None,
                };
                let items = values::set_items(from.as_ref(), &**self).map_err(Stop::Raise)?;
                let id = self.new_list(items);
                self.write(f, *var, Value::Set(id));
            }
            Op::SetAdd { set, value } => {
                let l = match self.eval(py, tid, f, set)? {
                    Value::Set(l) => l,
                    other => return Err(Stop::Raise(err(ExcType::AttributeError, &format!("'{}' object has no attribute 'add'", values::type_name(&other))))),
                };
                let v = self.eval(py, tid, f, value)?;
                // The items are copied first: comparing reads the lists under the lock.
                let items = self.st().lists[l as usize].clone();
                if !values::set_holds(&items, &v, &**self) {
                    self.st().lists[l as usize].push(v);
                }
            }
            Op::ListRemove { list, value } => {
                let l = self.list_of(py, tid, f, list, "remove")?;
                let v = self.eval(py, tid, f, value)?;
                // The items are copied first: comparing reads the lists under the lock.
                let items = self.st().lists[l as usize].clone();
                let at = values::remove_position(&items, &v, &**self).map_err(Stop::Raise)?;
                self.st().lists[l as usize].remove(at);
            }
            Op::VersionInfo { dest } => {
                let id = self.new_list(values::version_info(self.variant.version));
                self.write(f, *dest, Value::Tuple(id));
            }
            Op::Enumerate { dest } => {
                let items: Vec<Value> = py.enumerate().into_iter().map(Value::Thread).collect();
                let id = self.new_list(items);
                self.write(f, *dest, Value::List(id));
            }
            Op::Builtin { function, value, dest } => {
                let v = self.eval(py, tid, f, value)?;
                let result = values::builtin(*function, &v, &**self).map_err(Stop::Raise)?;
                let result = self.made(result);
                self.write(f, *dest, result);
            }
            Op::Slice { value, lower, upper, dest } => {
                let v = self.eval(py, tid, f, value)?;
                let lower = lower.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let upper = upper.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let result = values::slice(&v, lower.as_ref(), upper.as_ref(), &**self).map_err(Stop::Raise)?;
                let result = self.made(result);
                self.write(f, *dest, result);
            }
            Op::ListPop { list, index, dest } => {
                let l = self.list_of(py, tid, f, list, "pop")?;
                let i = match index {
                    Some(i) => Some(self.eval(py, tid, f, i)?),
                    None => None,
                };
                let mut st = self.st();
                let at = values::pop_position(st.lists[l as usize].len(), i.as_ref()).map_err(Stop::Raise)?;
                let item = st.lists[l as usize].remove(at);
                drop(st);
                if let Some(d) = dest {
                    self.write(f, *d, item);
                }
            }
            Op::SetItem { target, index, value } => {
                let v = self.eval(py, tid, f, value)?;
                let container = self.eval(py, tid, f, target)?;
                let i = self.eval(py, tid, f, index)?;
                let l = match container {
                    Value::List(l) | Value::Dict(l) => l,
                    _ => 0,
                };
                let items = values::Heap::items(&**self, l);
                let at = values::item_at(&container, &items, &i, &**self).map_err(Stop::Raise)?;
                let mut st = self.st();
                match at {
                    values::ItemAt::Replace(at) => st.lists[l as usize][at] = v,
                    values::ItemAt::Push => st.lists[l as usize].extend([i, v]),
                }
            }
            Op::NewLock { var, reentrant } => {
                let (id, l) = if *reentrant {
                    let r = py.rlock();
                    (AnyLock::Re(r).id(), AnyLock::Re(r))
                } else {
                    let l = py.allocate_lock();
                    (AnyLock::Plain(l).id(), AnyLock::Plain(l))
                };
                let mut st = self.st();
                debug_assert_eq!(st.locks.len(), id as usize);
                st.locks.push(l);
                drop(st);
                self.write(f, *var, Value::Lock(id));
            }
            Op::Call { func, args, dest } => {
                let values = self.eval_all(py, tid, f, args).map_err(|e| self.in_context(tid, f, e))?;
                let mut callee = self.new_frame(*func, &values);
                // The callee's entry check was the one before this statement
                // (`interrupts_main_only::checks`), as in the model.
                self.call(py, &mut callee, false)?;
                let code = &self.program.codes[*func as usize];
                let value = code.ret.and_then(|r| callee.locals[r as usize].clone()).unwrap_or(Value::None);
                if let Some(d) = dest {
                    self.write(f, *d, value);
                }
            }
            Op::CallValue { callee, args, star, dstar, dest } => {
                let with_context = |e| self.in_context(tid, f, e);
                let callee = self.eval(py, tid, f, callee).map_err(with_context)?;
                let mut values = self.eval_all(py, tid, f, args).map_err(with_context)?;
                if let Some(star) = star {
                    let rest = self.eval(py, tid, f, star).map_err(with_context)?;
                    values.extend(values::star_items(&rest, &**self).map_err(|e| with_context(Stop::Raise(e)))?);
                }
                let dstar = dstar.as_ref().map(|d| self.eval(py, tid, f, d)).transpose().map_err(with_context)?;
                if let Value::Builtin(pythread_model::state::BuiltinFn::Append(l)) = callee {
                    // `lst.append(x)` called through the value.
                    let item = values::append_arg(values, dstar.as_ref(), &**self).map_err(|e| with_context(Stop::Raise(e)))?;
                    self.st().lists[l as usize].push(item);
                    if let Some(d) = dest {
                        self.write(f, *d, Value::None);
                    }
                } else if let Value::Builtin(pythread_model::state::BuiltinFn::Ref(b)) = callee {
                    let keywords = match &dstar {
                        Some(d) => values::keyword_items(b.name(), d, &**self).map_err(|e| with_context(Stop::Raise(e)))?,
                        None => Vec::new(),
                    };
                    let value = match values::call_builtin(b, &values, &keywords) {
                        Some(result) => result.map_err(|e| with_context(Stop::Raise(e)))?,
                        None => return Err(Stop::Raise(err(ExcType::RuntimeError, &format!("this call of {} is not modelled", b.name())))),
                    };
                    if let Some(d) = dest {
                        self.write(f, *d, value);
                    }
                } else {
                    let callee = objects::callee(&self.program, &self.st().objects, &callee).map_err(|e| with_context(Stop::Raise(e)))?;
                    let keywords = match dstar {
                        Some(d) => values::keyword_items(objects::call_name(&self.program, callee.code), &d, &**self).map_err(|e| with_context(Stop::Raise(e)))?,
                        None => Vec::new(),
                    };
                    let all = self.bind(callee.code, callee.with(values), &keywords).map_err(with_context)?;
                    let mut frame = self.new_frame(callee.code, &all);
                    self.call(py, &mut frame, false)?;
                    let code = &self.program.codes[callee.code as usize];
                    let value = code.ret.and_then(|r| frame.locals[r as usize].clone()).unwrap_or(Value::None);
                    if let Some(d) = dest {
                        self.write(f, *d, value);
                    }
                }
            }
            Op::New { .. } | Op::CallMethod { .. } | Op::SetAttr { .. } | Op::ThreadInit { .. } => self.object_op(py, tid, f, op)?,
            Op::NewThread { var, func, target, daemon, args, name } => {
                let target = target.as_ref().map(|e| self.eval(py, tid, f, e)).transpose()?;
                let values = self.eval_all(py, tid, f, args)?;
                let (func, values) = match target {
                    Some(target) => self.thread_target(&target, values, &[])?,
                    None => (*func, values),
                };
                let name = name.as_ref().map(|n| self.eval(py, tid, f, n)).transpose()?.map(|v| values::to_str(&v, &**self));
                let exec = self.clone();
                let t = py.new_thread_numbered(move |py| exec.thread_code(py, func, &values), *daemon, name.is_none());
                let id = t.id();
                if let Some(name) = name {
                    self.set_name(id, name);
                }
                self.st().keep_thread(id, t, func);
                self.write(f, *var, Value::Thread(id));
            }
            Op::RLock { lock, method, state, dest } => {
                let v = self.load(f, *lock)?;
                let r = match v {
                    Value::Lock(l) => match self.st().locks[l as usize] {
                        AnyLock::Re(r) => Some(r),
                        AnyLock::Plain(_) => None,
                    },
                    _ => None,
                };
                let Some(r) = r else {
                    return Err(Stop::Raise(objects::no_attribute(&self.program, &self.st().objects, &v, method.name())));
                };
                let not_modelled = |what: &str| Stop::Raise(err(ExcType::RuntimeError, &format!("{what} is not modelled")));
                let value = match method {
                    RLockMethod::IsOwned => Value::Bool(r.is_owned(py)),
                    RLockMethod::ReleaseSave => match r.release_save(py).map_err(|e| self.stop(tid, f, e))? {
                        Some(count) => Value::Tuple(self.new_list(vec![Value::Int(i64::from(count)), values::thread_ident(tid, true)])),
                        None => return Err(not_modelled("_release_save() of another thread's RLock")),
                    },
                    RLockMethod::AcquireRestore => {
                        let saved = match state {
                            Some(e) => self.eval(py, tid, f, e)?,
                            None => Value::None,
                        };
                        let Some(count) = values::restore_count(&saved, tid, &**self) else {
                            return Err(not_modelled("an _acquire_restore() state other than this thread's (count, owner)"));
                        };
                        r.acquire_restore(py, count).map_err(|e| self.stop(tid, f, e))?;
                        Value::None
                    }
                };
                if let Some(d) = dest {
                    self.write(f, *d, value);
                }
            }
            Op::Acquire { lock, blocking, timeout, dest, .. } => {
                let l = self.lock_of(f, *lock)?;
                let t = match timeout {
                    Some(e) => values::seconds(&self.eval(py, tid, f, e)?).map_err(Stop::Raise)?.as_f64(),
                    None => -1.0,
                };
                let b = blocking.unwrap_or(true);
                let got = l.acquire(py, b, t).map_err(|e| self.stop(tid, f, e))?;
                if let Some(d) = dest {
                    self.write(f, *d, Value::Bool(got));
                }
            }
            Op::WithEnter { lock } => {
                let l = self.lock_of(f, *lock)?;
                l.acquire(py, true, -1.0).map_err(|e| self.stop(tid, f, e))?;
                if tid == MAIN && imo::with_entry_check(self.variant.version) == imo::WithEntry::Outside {
                    // 3.14 checks before the block is set up (gh-148874): a
                    // raising handler leaves the lock held. The check is
                    // the next turn's; passing it sets up the block.
                    f.at = At::EnterWith(l.id());
                    return Ok(());
                }
                f.blocks.push(Block::With { lock: l.id() });
            }
            Op::WithExit => {
                if let Some(Block::With { lock }) = f.blocks.pop() {
                    // Advance first: an error from the release is raised
                    // after the with statement.
                    f.pc += 1;
                    return self.release(py, lock).map_err(rt);
                }
            }
            Op::Release { lock } => {
                let l = self.lock_of(f, *lock)?;
                f.pc += 1;
                return l.release(py).map_err(rt);
            }
            Op::StartNewThread { func, args } => {
                let values = self.eval_all(py, tid, f, args)?;
                let exec = self.clone();
                let func = *func;
                py.start_new_thread(move |py| exec.thread_code(py, func, &values)).map_err(rt)?;
            }
            Op::AtexitRegister { .. } | Op::AtexitRegisterValue { .. } => {
                let threading = matches!(op, Op::AtexitRegister { threading: true, .. } | Op::AtexitRegisterValue { threading: true, .. });
                if threading {
                    py.threading_atexit_allowed().map_err(rt)?;
                }
                let exit = match op {
                    Op::AtexitRegister { func, args, .. } => ExitFunc { func: Value::Func(*func), code: Some(*func), args: self.eval_all(py, tid, f, args)? },
                    Op::AtexitRegisterValue { callee, args, star, .. } => {
                        let v = self.eval(py, tid, f, callee)?;
                        let mut args = self.eval_all(py, tid, f, args)?;
                        if let Some(star) = star {
                            let rest = self.eval(py, tid, f, star)?;
                            let items = values::star_items(&rest, &**self).map_err(Stop::Raise)?;
                            args.extend(items);
                        }
                        let st = self.st();
                        match pythread_model::objects::exit_func(&self.program, &st.objects, &v, args) {
                            Some(e) => e,
                            None => return Err(Stop::Raise(err(ExcType::RuntimeError, "not modelled: registering a value whose call does not fit its arguments"))),
                        }
                    }
                    _ => unreachable!("a registration"),
                };
                let key = exit.func.clone();
                let exec = self.clone();
                let call = move |py: &mut Py<'_>| exec.exit_call(py, exit, threading);
                if threading {
                    py.register_threading_atexit(call).map_err(rt)?;
                } else {
                    py.register_atexit_value(Some(key), call);
                }
            }
            Op::AtexitUnregister { callee } => {
                let v = self.eval(py, tid, f, callee)?;
                py.unregister_atexit(|k| values::equal(k, &v, &**self));
            }
            Op::AtexitClear => py.clear_atexit(),
            Op::AtexitRun => match py.run_exitfuncs() {
                Some(result) => result.map_err(rt)?,
                None => return Err(Stop::Raise(err(ExcType::RuntimeError, "not modelled: atexit._run_exitfuncs() while the atexit functions run"))),
            },
            Op::Start { thread } => {
                let t = self.thread_of(f, *thread)?;
                t.start(py).map_err(rt)?;
            }
            Op::SetDaemon { thread, daemon } => {
                let t = self.thread_of(f, *thread)?;
                t.set_daemon(py, *daemon).map_err(rt)?;
            }
            Op::Join { thread, timeout } => {
                // `threading.current_thread().join()`: Thread.join's own
                // check, before any thread handle is needed (the runtime has
                // none for the main thread).
                if self.read(f, *thread).and_then(|v| self.thread_id_in(&v)) == Some(tid) {
                    return Err(Stop::Raise(err(ExcType::RuntimeError, "cannot join current thread")));
                }
                let t = self.thread_of(f, *thread)?;
                let timeout = timeout.map(|n| n.to_millis().unwrap_or(0).max(0) as f64 / 1000.0);
                t.join(py, timeout).map_err(|e| self.stop(tid, f, e))?;
            }
            Op::Sleep { .. } | Op::SleepFor { .. } => {
                let seconds = match op {
                    Op::SleepFor { seconds } => values::seconds(&self.eval(py, tid, f, seconds)?).map_err(Stop::Raise)?,
                    Op::Sleep { seconds } => *seconds,
                    _ => unreachable!("a sleep"),
                };
                let ms = seconds.to_millis().unwrap_or(i64::MAX);
                let secs = if ms < 0 { -1.0 } else { ms as f64 / 1000.0 };
                py.sleep(secs).map_err(|e| self.stop(tid, f, e))?;
            }
            Op::SetHandler { sig, handler, old } => {
                let new = match handler {
                    HandlerRef::Function(code) => HandlerState::Function(*code),
                    HandlerRef::Ignore => HandlerState::Ignore,
                    HandlerRef::Default => HandlerState::Default,
                    HandlerRef::DefaultInt => HandlerState::DefaultInt,
                    HandlerRef::Var(v) => match imo::handler_value(&self.program, &self.load(f, *v)?) {
                        imo::HandlerValue::Installs(h) => h,
                        imo::HandlerValue::Beyond => return Err(Stop::Raise(err(ExcType::RuntimeError, "a handler that is a bound method or a function not taking (signum, frame) is not modelled"))),
                        // The checks before the handler's (`signal.signal`'s order).
                        _ if self.variant.platform == Platform::Windows && !matches!(sig, pythread_model::scenario::Sig::SIGINT | pythread_model::scenario::Sig::SIGTERM) => {
                            py.signal_number(*sig).map_err(rt)?;
                            unreachable!("signal_number fails for a signal Windows lacks")
                        }
                        _ if tid != MAIN => {
                            let msg = imo::signal_outside_main_message(self.variant.version, false);
                            return Err(self.stop(tid, f, PyException::with_message(ExcKind::ValueError, msg)));
                        }
                        _ => return Err(Stop::Raise(err(ExcType::TypeError, imo::bad_handler_message(false)))),
                    },
                };
                let h = match new {
                    HandlerState::Function(code) => {
                        let exec = self.clone();
                        Handler::Python(Arc::new(move |py: &mut Py<'_>, signum| exec.handler_code(py, code, signum)))
                    }
                    HandlerState::Ignore => Handler::Ignore,
                    HandlerState::Default => Handler::Default,
                    HandlerState::DefaultInt => Handler::DefaultInt,
                };
                py.signal(*sig, h).map_err(rt)?;
                let previous = std::mem::replace(&mut self.st().handlers[*sig as usize], new);
                if let Some(o) = old {
                    self.write(f, *o, previous.value());
                }
            }
            Op::Alarm { seconds, itimer } => {
                if self.variant.platform == Platform::Windows {
                    py.alarm(None, *itimer).map_err(rt)?;
                }
                let v = self.eval(py, tid, f, seconds)?;
                match values::alarm_delay(&v, *itimer, self.variant.version, false).map_err(Stop::Raise)? {
                    Ok(delay) => py.alarm(delay, *itimer).map_err(rt)?,
                    Err(()) => return Err(Stop::Raise(err(ExcType::RuntimeError, "a negative setitimer delay is not modelled"))),
                }
            }
            Op::SetStderr { none } => self.st().stderr_none = *none,
            Op::SetSwitchInterval { value } => {
                let v = self.eval(py, tid, f, value)?;
                let us = values::switch_interval_us(&v).map_err(Stop::Raise)?;
                self.st().switch_interval = us;
            }
            Op::Pause => {
                if tid != MAIN && self.variant.platform != Platform::Windows {
                    return Err(Stop::Raise(err(ExcType::RuntimeError, "signal.pause() outside the main thread is not modelled")));
                }
                py.pause().map_err(|e| self.stop(tid, f, e))?;
            }
            Op::SigMask { how, signals, dest } => {
                if self.variant.platform == Platform::Windows {
                    py.pthread_sigmask(*how, 0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let old = py.pthread_sigmask(*how, mask).map_err(|e| self.stop(tid, f, e))?;
                let set = self.signal_set(old);
                self.write(f, *dest, set);
            }
            Op::SigPending { dest } => {
                let held = py.sigpending().map_err(rt)?;
                let set = self.signal_set(held);
                self.write(f, *dest, set);
            }
            Op::SigWait { signals, timeout: None, dest } => {
                if self.variant.platform == Platform::Windows {
                    py.sigwait(0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let sig = py.sigwait(mask).map_err(|e| self.stop(tid, f, e))?;
                self.write(f, *dest, values::taken_signal(sig, false));
            }
            Op::SigWait { signals, timeout: Some(timeout), dest } => {
                if self.variant.platform == Platform::Windows {
                    py.sigtimedwait(0, 0.0).map_err(rt)?;
                }
                let mask = self.signal_mask(py, tid, f, signals)?;
                let ms = values::sigtimedwait_timeout(&self.eval(py, tid, f, timeout)?).map_err(Stop::Raise)?;
                let got = py.sigtimedwait(mask, ms as f64 / 1000.0).map_err(|e| self.stop(tid, f, e))?;
                self.write(f, *dest, got.map_or(Value::None, |sig| values::taken_signal(sig, true)));
            }
            Op::Kill { sig } => {
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::Kill)? {
                    py.kill(sig).map_err(rt)?;
                }
            }
            Op::PthreadKill { target, sig } => {
                // `signal.pthread_kill` itself is missing on Windows: that
                // error comes before the target is looked at.
                let to = match target {
                    _ if self.variant.platform == Platform::Windows => MAIN,
                    KillTarget::Main => MAIN,
                    KillTarget::Current => tid,
                    KillTarget::Thread(v) => self.thread_of(f, *v)?.id(),
                    KillTarget::Ident(e) => match self.eval(py, tid, f, e)? {
                        Value::None => return Err(Stop::Raise(err(ExcType::TypeError, "'NoneType' object cannot be interpreted as an integer"))),
                        v => match values::thread_of_ident(&v) {
                            Some(x) => x,
                            None => return Err(Stop::Raise(err(ExcType::RuntimeError, "an ident of no thread is not modelled"))),
                        },
                    },
                };
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::PthreadKill)? {
                    py.pthread_kill(to, sig).map_err(rt)?;
                }
            }
            Op::RaiseSignal { sig } => {
                if let Some(sig) = self.sent(py, tid, f, sig, imo::Sender::RaiseSignal)? {
                    py.raise_signal(sig).map_err(rt)?;
                }
            }
            Op::InterruptMain { sig } => {
                let sending = match sig {
                    Some(s) => Some(self.sending(py, tid, f, s, imo::Sender::InterruptMain)?),
                    None => None,
                };
                let signum = match sending {
                    None => None,
                    // Before 3.10 any argument is a TypeError (`interrupt_main` says so).
                    Some(_) if self.variant.version.minor < 10 => Some(0),
                    Some(imo::Sending::Send(s)) => Some(py.signal_number(s).map_err(rt)?),
                    Some(other) => {
                        self.not_sent(other)?;
                        return Ok(());
                    }
                };
                py.interrupt_main(signum).map_err(rt)?;
            }
            Op::SysExit { code } => {
                let arg = match code {
                    Some(c) => Some(self.eval(py, tid, f, c)?),
                    None => None,
                };
                return Err(Stop::Raise(Exc { class: Class::Named(ExcType::SystemExit), arg, context: None }));
            }
            Op::ThreadExit => return Err(Stop::Raise(Exc::new(ExcType::SystemExit))),
            Op::OsExit { code } => {
                py.os_exit(*code);
                return Err(Stop::Killed);
            }
            Op::Raise { exc, arg } => {
                let arg = match arg {
                    Some(a) => Some(self.eval(py, tid, f, a)?),
                    None => None,
                };
                return Err(Stop::Raise(Exc { class: Class::Named(exc.clone()), arg, context: None }));
            }
            Op::RaiseValue { value } => {
                return Err(Stop::Raise(match self.eval(py, tid, f, value)? {
                    // Not chained to itself (`raise e` in `except … as e`).
                    Value::Exc(e) => match self.handled_by_thread(tid, f) {
                        Some(h) if h == *e => h,
                        Some(h) => Exc { context: Some(Arc::new(h)), ..(*e).clone() },
                        None => (*e).clone(),
                    },
                    _ => self.with_context(tid, f, err(ExcType::TypeError, "exceptions must derive from BaseException")),
                }));
            }
            Op::Reraise => {
                return Err(Stop::Raise(match self.handled_by_thread(tid, f) {
                    Some(e) => e,
                    None => err(ExcType::RuntimeError, "No active exception to reraise"),
                }));
            }
            Op::Assert { test, msg } => {
                if !values::truthy(&self.eval(py, tid, f, test)?, &**self) {
                    let arg = match msg {
                        Some(m) => Some(self.eval(py, tid, f, m)?),
                        None => None,
                    };
                    return Err(Stop::Raise(Exc { class: Class::Named(ExcType::AssertionError), arg, context: None }));
                }
            }
            Op::Write { text } => {
                if let Some(text) = text {
                    let v = self.eval(py, tid, f, text)?;
                    self.write_stdout(py, &values::write_arg(&v).map_err(Stop::Raise)?);
                }
            }
            Op::Print { args, sep, end, stderr, .. } => {
                let mut parts = Vec::new();
                for a in args {
                    parts.push(values::to_str(&self.eval(py, tid, f, a)?, &**self));
                }
                // Two writes, and print() checks for signals before each
                // (the first check is the statement's, before it). What
                // goes to stderr is not kept.
                if !*stderr {
                    self.write_stdout(py, &parts.join(sep));
                }
                if tid == MAIN {
                    self.checked(py, tid, f)?;
                }
                if !*stderr {
                    self.write_stdout(py, end);
                }
            }
            Op::SetHook { hook, value } => {
                let v = self.eval(py, tid, f, value)?;
                self.st().hooks.set(*hook, v);
            }
            Op::Beyond => return Err(Stop::Raise(err(ExcType::RuntimeError, "a branch left out of the model (it imports a module outside the language) is not modelled"))),
            other => unreachable!("control instruction {other:?} run as a statement"),
        }
        f.pc += 1;
        Ok(())
    }
}
