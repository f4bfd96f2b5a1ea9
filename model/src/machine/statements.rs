//! The statements: what one step of a thread's code does, and the lock
//! operations (acquire with its arguments, blocking, release).

use super::*;
use crate::scenario::RLockMethod;

impl PyModel {
    /// A call of Python code `code` with `args` on thread `t`: a frame on
    /// its stack; what it returns goes to `dest` when there is one.
    pub(super) fn push_call(&self, s: &mut State, t: Tid, code: CodeId, args: &[Value], dest: Option<VarRef>) {
        let mut callee = self.new_frame(code, args);
        callee.call_dest = Some(dest);
        s.threads[t as usize].frames.push(callee);
    }

    pub(super) fn exec(&self, s: &mut State, t: Tid, land: Tid) -> Flow<()> {
        let fi = s.threads[t as usize].frames.len() - 1;
        // The instruction is the program's, not the state's: nothing is
        // copied to run it, and the frame is read where it is.
        let op = &self.instr(&s.threads[t as usize].frames[fi]).op;
        match *op {
            Op::Assign { var, ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                write(s, t, fi, var, v);
            }
            // A full table of locks that something still reaches.
            Op::NewLock { .. } if s.locks.len() >= MAX_LOCKS && crate::state::reach::reachable_locks(s).count_ones() as usize >= MAX_LOCKS => s.beyond_model = true,
            Op::Beyond => s.beyond_model = true,
            Op::SetHook { hook, ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                s.hooks.set(hook, v);
            }
            Op::NewList { .. } | Op::NewDict { .. } | Op::RepeatList { .. } | Op::Bitwise { .. } | Op::NewSet { .. } | Op::NewTuple { .. } | Op::NewRange { .. } | Op::Enumerate { .. } | Op::VersionInfo { .. } | Op::Builtin { function: crate::scenario::Builtin::Sorted | crate::scenario::Builtin::Copy, .. } | Op::Slice { .. } if crate::state::reach::lists_full(s) => s.beyond_model = true,
            Op::RepeatList { var, ref items, ref count } => {
                let values = self.eval_all(s, t, frame(s, t, fi), items)?;
                let n = self.eval(s, t, frame(s, t, fi), count)?;
                match crate::values::repeat(&values, &n)? {
                    Some(items) => {
                        let id = s.new_list(items);
                        write(s, t, fi, var, Value::List(id));
                    }
                    None => s.beyond_model = true,
                }
            }
            Op::Bitwise { var, op, ref left, ref right } => {
                let a = self.eval(s, t, frame(s, t, fi), left)?;
                let b = self.eval(s, t, frame(s, t, fi), right)?;
                let v = match crate::values::set_binop(op, &a, &b, s) {
                    Some(items) => Value::Set(s.new_list(items)),
                    None => crate::values::binop(op, &a, &b, s)?,
                };
                write(s, t, fi, var, v);
            }
            Op::NewDict { var, ref items } => {
                let mut entries = Vec::new();
                for (k, v) in items {
                    let k = k.as_ref().map(|k| self.eval(s, t, frame(s, t, fi), k)).transpose()?;
                    entries.push((k, self.eval(s, t, frame(s, t, fi), v)?));
                }
                let items = crate::values::dict_items(&entries, s)?;
                let id = s.new_list(items);
                write(s, t, fi, var, Value::Dict(id));
            }
            Op::NewTuple { var, ref items } => {
                let values = self.eval_all(s, t, frame(s, t, fi), items)?;
                let id = s.new_list(values);
                write(s, t, fi, var, Value::Tuple(id));
            }
            Op::VersionInfo { dest } => {
                let id = s.new_list(crate::values::version_info(self.variant.version));
                write(s, t, fi, dest, Value::Tuple(id));
            }
            Op::Enumerate { dest } => {
                let items = s.enumerate().into_iter().map(Value::Thread).collect();
                let id = s.new_list(items);
                write(s, t, fi, dest, Value::List(id));
            }
            Op::Builtin { function, ref value, dest } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                let result = crate::values::builtin(function, &v, s)?;
                let result = s.made(result);
                write(s, t, fi, dest, result);
            }
            Op::Slice { ref value, ref lower, ref upper, dest } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                let lower = lower.as_ref().map(|e| self.eval(s, t, frame(s, t, fi), e)).transpose()?;
                let upper = upper.as_ref().map(|e| self.eval(s, t, frame(s, t, fi), e)).transpose()?;
                let result = crate::values::slice(&v, lower.as_ref(), upper.as_ref(), s)?;
                let result = s.made(result);
                write(s, t, fi, dest, result);
            }
            Op::NewList { var, ref items } => {
                let values = self.eval_all(s, t, frame(s, t, fi), items)?;
                let id = s.new_list(values);
                write(s, t, fi, var, Value::List(id));
            }
            Op::NewRange { var, ref start, ref stop, ref step } => {
                let f = frame(s, t, fi);
                let start = start.as_ref().map(|e| self.eval(s, t, f, e)).transpose()?;
                let stop = self.eval(s, t, f, stop)?;
                let step = step.as_ref().map(|e| self.eval(s, t, f, e)).transpose()?;
                match crate::values::range_items(start.as_ref(), &stop, step.as_ref())? {
                    Some(items) => {
                        let id = s.new_list(items);
                        write(s, t, fi, var, Value::List(id));
                    }
                    None => s.beyond_model = true,
                }
            }
            Op::ListAppend { ref list, ref value } | Op::CompAppend { ref list, ref value } => {
                let l = self.list_of(s, t, frame(s, t, fi), list, "append")?;
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                s.lists[l as usize].push(v);
            }
            Op::NewSet { var, ref from, .. } => {
                let from = match from {
                    Some(e) => Some(self.eval(s, t, frame(s, t, fi), e)?),
                    None => None,
                };
                let items = crate::values::set_items(from.as_ref(), s)?;
                let id = s.new_list(items);
                write(s, t, fi, var, Value::Set(id));
            }
            Op::SetAdd { ref set, ref value } => {
                let l = match self.eval(s, t, frame(s, t, fi), set)? {
                    Value::Set(l) => l,
                    other => return Err(err(ExcType::AttributeError, &format!("'{}' object has no attribute 'add'", crate::values::type_name(&other)))),
                };
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                if !crate::values::set_holds(&s.lists[l as usize], &v, s) {
                    s.lists[l as usize].push(v);
                }
            }
            Op::ListRemove { ref list, ref value } => {
                let l = self.list_of(s, t, frame(s, t, fi), list, "remove")?;
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                let at = crate::values::remove_position(&s.lists[l as usize], &v, s)?;
                s.lists[l as usize].remove(at);
            }
            Op::ListPop { ref list, ref index, dest } => {
                let l = self.list_of(s, t, frame(s, t, fi), list, "pop")?;
                let i = match index {
                    Some(i) => Some(self.eval(s, t, frame(s, t, fi), i)?),
                    None => None,
                };
                let at = crate::values::pop_position(s.lists[l as usize].len(), i.as_ref())?;
                let item = s.lists[l as usize].remove(at);
                if let Some(d) = dest {
                    write(s, t, fi, d, item);
                }
            }
            Op::SetItem { ref target, ref index, ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                let container = self.eval(s, t, frame(s, t, fi), target)?;
                let i = self.eval(s, t, frame(s, t, fi), index)?;
                let l = match container {
                    Value::List(l) | Value::Dict(l) => l,
                    _ => 0,
                };
                let items = crate::values::Heap::items(s, l);
                match crate::values::item_at(&container, &items, &i, s)? {
                    crate::values::ItemAt::Replace(at) => s.lists[l as usize][at] = v,
                    crate::values::ItemAt::Push => s.lists[l as usize].extend([i, v]),
                }
            }
            Op::NewThread { .. } | Op::StartNewThread { .. } | Op::ThreadInit { .. } if s.threads.len() >= MAX_THREADS => {
                s.beyond_model = true
            }
            Op::New { .. } if s.objects.len() >= MAX_OBJECTS || s.threads.len() >= MAX_THREADS => s.beyond_model = true,
            Op::New { .. } | Op::CallMethod { .. } | Op::CallValue { .. } if s.threads[t as usize].frames.len() >= MAX_FRAMES => s.beyond_model = true,
            Op::New { class, init, ref args, ref kwargs, ref thread, dest } => {
                let mut values = self.eval_all(s, t, frame(s, t, fi), args)?;
                let keywords = match kwargs {
                    Some(k) => Some(crate::values::keyword_items("__init__", &self.eval(s, t, frame(s, t, fi), k)?, s)?),
                    None => None,
                };
                let spec = thread.as_ref().map(|th| self.thread_values(s, t, fi, th)).transpose()?;
                if init.is_none() && !values.is_empty() {
                    let name = &self.program.classes[class as usize].name;
                    return Err(err(ExcType::TypeError, &format!("{name}() takes no arguments")));
                }
                match (init, keywords) {
                    // Bound now, `self` standing in until the object is made.
                    (Some(code), Some(keywords)) => {
                        values = self.bind(s, code, std::iter::once(Value::None).chain(values).collect(), &keywords)?;
                        values.remove(0);
                    }
                    (Some(code), None) => crate::objects::check_arity(&self.program, code, values.len() + 1)?,
                    (None, _) => {}
                }
                s.objects.push(Object { class, attrs: Vec::new(), thread: None });
                let obj = Value::Obj((s.objects.len() - 1) as ObjId);
                write(s, t, fi, dest, obj.clone());
                if let Some(spec) = spec {
                    self.init_thread(s, t, &obj, spec);
                }
                if let Some(code) = init {
                    let all: Vec<Value> = std::iter::once(obj).chain(values).collect();
                    self.push_call(s, t, code, &all, None);
                    return Ok(());
                }
            }
            Op::CallMethod { ref object, method, ref args, dest } => {
                let obj = self.eval(s, t, frame(s, t, fi), object)?;
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                let callee = crate::objects::method(&self.program, &s.objects, &obj, method)?;
                let all = self.bind(s, callee.code, callee.with(values), &[])?;
                self.push_call(s, t, callee.code, &all, dest);
                return Ok(());
            }
            Op::CallValue { ref callee, ref args, ref star, ref dstar, dest } => {
                let f = self.eval(s, t, frame(s, t, fi), callee)?;
                let mut values = self.eval_all(s, t, frame(s, t, fi), args)?;
                if let Some(star) = star {
                    let rest = self.eval(s, t, frame(s, t, fi), star)?;
                    values.extend(crate::values::star_items(&rest, s)?);
                }
                let dstar = dstar.as_ref().map(|d| self.eval(s, t, frame(s, t, fi), d)).transpose()?;
                if let Value::Builtin(BuiltinFn::Append(l)) = f {
                    // `lst.append(x)` called through the value.
                    let item = crate::values::append_arg(values, dstar.as_ref(), s)?;
                    s.lists[l as usize].push(item);
                    if let Some(d) = dest {
                        write(s, t, fi, d, Value::None);
                    }
                } else if let Value::Builtin(BuiltinFn::Ref(b)) = f {
                    let keywords = match &dstar {
                        Some(d) => crate::values::keyword_items(b.name(), d, s)?,
                        None => Vec::new(),
                    };
                    match crate::values::call_builtin(b, &values, &keywords) {
                        Some(result) => {
                            let v = result?;
                            if let Some(d) = dest {
                                write(s, t, fi, d, v);
                            }
                        }
                        None => s.beyond_model = true,
                    }
                } else {
                    let callee = crate::objects::callee(&self.program, &s.objects, &f)?;
                    let keywords = match dstar {
                        Some(d) => crate::values::keyword_items(crate::objects::call_name(&self.program, callee.code), &d, s)?,
                        None => Vec::new(),
                    };
                    let all = self.bind(s, callee.code, callee.with(values), &keywords)?;
                    self.push_call(s, t, callee.code, &all, dest);
                    return Ok(());
                }
            }
            Op::SetAttr { ref object, attr, ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                let obj = self.eval(s, t, frame(s, t, fi), object)?;
                self.set_attr(s, &obj, attr, v)?;
            }
            Op::ThreadInit { ref object, ref thread } => {
                let obj = self.eval(s, t, frame(s, t, fi), object)?;
                if !matches!(obj, Value::Obj(_)) {
                    return Err(err(ExcType::TypeError, "descriptor '__init__' requires a 'Thread' object"));
                }
                let spec = self.thread_values(s, t, fi, thread)?;
                self.init_thread(s, t, &obj, spec);
            }
            Op::NewLock { var, reentrant } => {
                // The slot of a lock nothing reaches any more (`reach`), else
                // a new one.
                let reuse = crate::state::reach::free_slot(s);
                let l = match reuse {
                    Some(l) => {
                        s.locks[l as usize].reentrant = reentrant;
                        l
                    }
                    None => {
                        s.locks.push(Lock { reentrant, owner: None, count: 0 });
                        (s.locks.len() - 1) as LockId
                    }
                };
                write(s, t, fi, var, Value::Lock(l));
            }
            Op::Call { .. } if s.threads[t as usize].frames.len() >= MAX_FRAMES => s.beyond_model = true,
            Op::Call { func, ref args, dest } => {
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                self.push_call(s, t, func, &values, dest);
                return Ok(());
            }
            Op::NewThread { var, func, ref target, daemon, ref args, ref name } => {
                let target = target.as_ref().map(|e| self.eval(s, t, frame(s, t, fi), e)).transpose()?;
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                let (func, values) = match target {
                    Some(target) => match self.thread_target(s, &target, values, &[]) {
                        Some(resolved) => resolved,
                        None => {
                            s.beyond_model = true;
                            return Ok(());
                        }
                    },
                    None => (func, values),
                };
                // threading.py numbers a thread only when it is given no name.
                let name = match name {
                    Some(n) => Some(Text::new(&crate::values::to_str(&self.eval(s, t, frame(s, t, fi), n)?, s))),
                    None => {
                        s.thread_counter += 1;
                        None
                    }
                };
                let daemon = daemon.unwrap_or(s.threads[t as usize].daemon);
                s.threads.push(Thread::not_started(func, daemon, s.thread_counter, values, name, s.stderr_none));
                write(s, t, fi, var, Value::Thread((s.threads.len() - 1) as Tid));
            }
            Op::Acquire { lock, blocking, ref timeout, dest, .. } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                let timeout = match timeout {
                    Some(e) => Some(crate::values::seconds(&self.eval(s, t, frame(s, t, fi), e)?)?),
                    None => None,
                };
                let wait = self.acquire_args(blocking, timeout)?;
                if self.try_take(s, t, l) {
                    self.store_and_advance(s, t, dest, Value::Bool(true));
                    return Ok(());
                }
                match wait {
                    None => self.store_and_advance(s, t, dest, Value::Bool(false)),
                    Some(deadline) => self.block(s, t, deadline, l),
                }
                return Ok(());
            }
            Op::RLock { lock, method, ref state, dest } => {
                let l = match self.load(s, frame(s, t, fi), lock)? {
                    Value::Lock(l) if s.locks[l as usize].reentrant => l,
                    other => return Err(crate::objects::no_attribute(&self.program, &s.objects, &other, method.name())),
                };
                let value = match method {
                    RLockMethod::IsOwned => {
                        let lk = &s.locks[l as usize];
                        Value::Bool(lk.owner == Some(t) && lk.count > 0)
                    }
                    RLockMethod::ReleaseSave => {
                        let lk = &s.locks[l as usize];
                        match locks::release_save(self.variant.version, lk.count, lk.owner, t) {
                            locks::ReleaseSave::Refused => return Err(err(ExcType::RuntimeError, "cannot release un-acquired lock")),
                            locks::ReleaseSave::OthersHold => {
                                s.beyond_model = true;
                                return Ok(());
                            }
                            locks::ReleaseSave::Released(count) => {
                                // Down to one level, then a release as any.
                                s.locks[l as usize].count = 1;
                                self.release(s, t, l)?;
                                let items = vec![Value::Int(i64::from(count)), crate::values::thread_ident(t, true)];
                                Value::Tuple(s.new_list(items))
                            }
                        }
                    }
                    RLockMethod::AcquireRestore => {
                        let saved = match state {
                            Some(e) => self.eval(s, t, frame(s, t, fi), e)?,
                            None => Value::None,
                        };
                        let Some(count) = crate::values::restore_count(&saved, t, s) else {
                            s.beyond_model = true;
                            return Ok(());
                        };
                        // A plain blocking acquire: no signal ends its wait.
                        if !self.try_take(s, t, l) {
                            self.block(s, t, None, l);
                            return Ok(());
                        }
                        s.locks[l as usize].count = count;
                        Value::None
                    }
                };
                self.store_and_advance(s, t, dest, value);
                return Ok(());
            }
            Op::WithEnter { lock } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                if self.try_take(s, t, l) {
                    self.enter_with(s, t, l);
                } else {
                    self.block(s, t, None, l);
                }
                return Ok(());
            }
            Op::WithExit => {
                if let Some(Block::With { lock }) = self.frame_mut(s, t, fi).blocks.pop() {
                    // Advance first: an error from the release is raised
                    // after the with statement.
                    self.advance(s, t);
                    return self.release(s, t, lock);
                }
            }
            Op::Release { lock } => {
                let l = self.lock_of(s, frame(s, t, fi), lock)?;
                self.advance(s, t);
                return self.release(s, t, l);
            }
            Op::StartNewThread { .. }
                if mek::start_refused_at_shutdown(self.variant.version) && Self::shutting_down(s) =>
            {
                return Err(err(ExcType::RuntimeError, "can't create new thread at interpreter shutdown"));
            }
            Op::AtexitRegister { .. } | Op::AtexitRegisterValue { .. } => {
                let threading = matches!(op, Op::AtexitRegister { threading: true, .. } | Op::AtexitRegisterValue { threading: true, .. });
                if threading {
                    if !mek::has_threading_atexit(self.variant.version) {
                        return Err(err(ExcType::AttributeError, "module 'threading' has no attribute '_register_atexit'"));
                    }
                    if Self::shutting_down(s) {
                        return Err(err(ExcType::RuntimeError, "can't register atexit after shutdown"));
                    }
                }
                let f = match op {
                    Op::AtexitRegister { func, args, .. } => ExitFunc {
                        func: Value::Func(*func),
                        code: Some(*func),
                        args: self.eval_all(s, t, frame(s, t, fi), args)?,
                    },
                    Op::AtexitRegisterValue {
                        callee, args, star, ..
                    } => {
                        let v = self.eval(s, t, frame(s, t, fi), callee)?;
                        let mut args = self.eval_all(s, t, frame(s, t, fi), args)?;
                        if let Some(star) = star {
                            let rest = self.eval(s, t, frame(s, t, fi), star)?;
                            args.extend(crate::values::star_items(&rest, s)?);
                        }
                        match crate::objects::exit_func(&self.program, &s.objects, &v, args) {
                            Some(f) => f,
                            None => {
                                s.beyond_model = true;
                                return Ok(());
                            }
                        }
                    }
                    _ => unreachable!("a registration"),
                };
                if threading {
                    s.threading_atexit.push(f);
                } else if !s.exiting {
                    // Registered while the atexit functions run: CPython's
                    // loop does not reach it (3.11's `atexit_callfuncs`).
                    s.atexit.push(f);
                }
            }
            Op::AtexitUnregister { ref callee } => {
                let v = self.eval(s, t, frame(s, t, fi), callee)?;
                self.atexit_unregister(s, &v);
            }
            Op::AtexitClear => self.atexit_clear(s),
            Op::AtexitRun => {
                // The first run of the instruction starts the loop; each
                // function it calls returns here and the next one is called.
                let caller = (t, s.threads[t as usize].frames.len() as u8);
                match &s.exit_run {
                    None => Self::exit_loop_begins(s, caller.0, caller.1),
                    Some(run) if run.caller == caller => {}
                    // Called from an atexit function, or in two threads.
                    Some(_) => {
                        s.beyond_model = true;
                        return Ok(());
                    }
                }
                match self.exit_funcs_next(s, t) {
                    ExitStep::Called => return Ok(()),
                    ExitStep::Done(Some(last)) => return Err(last),
                    ExitStep::Done(None) => {}
                }
            }
            Op::StartNewThread { func, ref args } => {
                let values = self.eval_all(s, t, frame(s, t, fi), args)?;
                s.thread_counter += 1;
                let frame = self.new_frame(func, &values);
                s.threads.push(Thread {
                    life: Life::Running,
                    func,
                    frames: vec![frame].into(),
                    daemon: true,
                    origin: Origin::Raw { number: s.thread_counter },
                    woken: false,
                    forgotten: false,
                    join_stuck: false,
                    holds: 0,
                    args: Vec::new(),
                    name: None,
                    no_stderr: false,
                    blocked: s.threads[t as usize].blocked,
                    kernel_pending: 0,
                    in_hook: false,
                });
                // The new thread's first instructions run in its own first
                // step, not in this one: its code may fail or read shared
                // names, and the starter goes on meanwhile.
                self.advance(s, t);
                return Ok(());
            }
            Op::Start { thread } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if s.threads[x as usize].life != Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "threads can only be started once"));
                }
                if mek::start_refused_at_shutdown(self.variant.version) && Self::shutting_down(s) {
                    return Err(err(ExcType::RuntimeError, "can't create new thread at interpreter shutdown"));
                }
                let th = &s.threads[x as usize];
                let frame = self.new_frame(th.func, &th.args);
                // pthread_create: the new thread blocks what its starter blocks.
                let blocked = s.threads[t as usize].blocked;
                let th = &mut s.threads[x as usize];
                th.life = Life::Running;
                th.frames.push(frame);
                th.blocked = blocked;
                self.advance(s, t);
                return Ok(());
            }
            Op::SetDaemon { thread, daemon } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if s.threads[x as usize].life != Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "cannot set daemon status of active thread"));
                }
                s.threads[x as usize].daemon = daemon;
            }
            Op::Join { thread, timeout } => {
                let x = self.thread_of(s, frame(s, t, fi), thread)?;
                if x == t {
                    return Err(err(ExcType::RuntimeError, "cannot join current thread"));
                }
                if s.threads[x as usize].life == Life::NotStarted {
                    return Err(err(ExcType::RuntimeError, "cannot join thread before it is started"));
                }
                // join(timeout) waits with lock.acquire(True, max(timeout, 0)).
                if let Some(n) = timeout {
                    seconds_in_range(n.as_f64().max(0.0))?;
                }
                let done = !s.threads[x as usize].looks_alive();
                let deadline = match timeout {
                    None => None,
                    Some(n) => Some(n.to_millis().unwrap_or(0).max(0) as Millis),
                };
                if done || deadline == Some(0) {
                    self.advance(s, t);
                } else {
                    self.block(s, t, deadline, u8::MAX);
                }
                return Ok(());
            }
            Op::Sleep { .. } | Op::SleepFor { .. } => {
                let seconds = match op {
                    Op::SleepFor { seconds } => crate::values::seconds(&self.eval(s, t, frame(s, t, fi), seconds)?)?,
                    Op::Sleep { seconds } => *seconds,
                    _ => unreachable!("a sleep"),
                };
                seconds_in_range(seconds.as_f64())?;
                let ms = seconds.to_millis().unwrap_or(i64::MAX);
                if ms < 0 {
                    return Err(err(ExcType::ValueError, "sleep length must be non-negative"));
                }
                if ms == 0 {
                    self.advance(s, t);
                } else {
                    self.block(s, t, Some(ms as Millis), u8::MAX);
                }
                return Ok(());
            }
            Op::SetHandler { sig, ref handler, old } => {
                if !self.sig_exists(sig) {
                    return Err(self.no_attribute(sig.name()));
                }
                if t != MAIN {
                    return Err(err(ExcType::ValueError, imo::signal_outside_main_message(self.variant.version, self.pypy)));
                }
                let new = match *handler {
                    HandlerRef::Function(c) => HandlerState::Function(c),
                    HandlerRef::Ignore => HandlerState::Ignore,
                    HandlerRef::Default => HandlerState::Default,
                    HandlerRef::DefaultInt => HandlerState::DefaultInt,
                    HandlerRef::Var(v) => match imo::handler_value(&self.program, &self.load(s, frame(s, t, fi), v)?) {
                        imo::HandlerValue::Installs(h) => h,
                        imo::HandlerValue::NotCallable => return Err(err(ExcType::TypeError, imo::bad_handler_message(self.pypy))),
                        imo::HandlerValue::Beyond => {
                            s.beyond_model = true;
                            return Ok(());
                        }
                    },
                };
                let previous = std::mem::replace(&mut s.handlers[sig as usize], new);
                if let Some(o) = old {
                    write(s, t, fi, o, previous.value());
                }
            }
            Op::Alarm { ref seconds, itimer } => {
                if self.variant.platform == Platform::Windows {
                    return Err(self.no_attribute(if itimer { "setitimer" } else { "alarm" }));
                }
                let v = self.eval(s, t, frame(s, t, fi), seconds)?;
                match crate::values::alarm_delay(&v, itimer, self.variant.version, self.pypy)? {
                    Ok(delay) => s.alarm = delay,
                    Err(()) => s.beyond_model = true,
                }
            }
            Op::SetStderr { none } => s.stderr_none = none,
            Op::SetSwitchInterval { ref value } => {
                let v = self.eval(s, t, frame(s, t, fi), value)?;
                s.switch_interval = crate::values::switch_interval_us(&v)?;
            }
            Op::Pause => {
                if self.variant.platform == Platform::Windows {
                    return Err(self.no_attribute("pause"));
                }
                if t != MAIN {
                    // Ended by a signal that lands on this thread: the model
                    // does not follow which other thread one lands on.
                    s.beyond_model = true;
                    return Ok(());
                }
                self.block(s, t, None, u8::MAX);
                return Ok(());
            }
            Op::SigMask { how, ref signals, dest } => {
                let Some(mask) = self.mask_argument(s, t, fi, "pthread_sigmask", signals)? else {
                    return Ok(());
                };
                let old = self.set_mask(s, t, how, mask);
                write(s, t, fi, dest, old);
            }
            Op::SigPending { dest } => {
                if self.variant.platform == Platform::Windows {
                    return Err(self.no_attribute("sigpending"));
                }
                let held = self.signal_set(s, self.held_for(s, t));
                write(s, t, fi, dest, held);
            }
            Op::SigWait { ref signals, ref timeout, dest } => {
                let name = if timeout.is_some() { "sigtimedwait" } else { "sigwait" };
                if timeout.is_some() && self.pypy {
                    // PyPy 3.9's signal module has sigwait, not sigtimedwait (CP43).
                    return Err(self.no_attribute(name));
                }
                let Some(set) = self.mask_argument(s, t, fi, name, signals)? else {
                    return Ok(());
                };
                let ms = match timeout {
                    Some(e) => Some(crate::values::sigtimedwait_timeout(&self.eval(s, t, frame(s, t, fi), e)?)?),
                    None => None,
                };
                match (self.take_held(s, t, set), ms) {
                    (Some(sig), _) => write(s, t, fi, dest, crate::values::taken_signal(sig, ms.is_some())),
                    // A poll that finds nothing.
                    (None, Some(0)) => write(s, t, fi, dest, Value::None),
                    (None, ms) => {
                        self.block(s, t, ms.map(|ms| ms as Millis), u8::MAX);
                        return Ok(());
                    }
                }
            }
            Op::Kill { ref sig } => {
                let sig = match self.sending(s, t, frame(s, t, fi), sig, imo::Sender::Kill)? {
                    imo::Sending::Send(sig) => sig,
                    other => return self.not_sent(s, t, other),
                };
                self.advance(s, t);
                if self.variant.platform == Platform::Windows {
                    // os.kill with a signal that is not a CTRL_*_EVENT calls
                    // TerminateProcess with the signal as exit code.
                    self.exit_process(s, self.signum(sig));
                } else {
                    self.land(s, sig, land, true);
                }
                return Ok(());
            }
            Op::PthreadKill { ref target, ref sig } => {
                if self.variant.platform == Platform::Windows {
                    return Err(self.no_attribute("pthread_kill"));
                }
                let x = match *target {
                    KillTarget::Main => MAIN,
                    KillTarget::Current => t,
                    KillTarget::Ident(ref e) => {
                        let v = self.eval(s, t, frame(s, t, fi), e)?;
                        let started = |x: Tid| (x as usize) < s.threads.len() && s.threads[x as usize].life != Life::NotStarted;
                        match crate::values::thread_of_ident(&v).filter(|&x| started(x)) {
                            Some(x) => x,
                            None if v == Value::None => {
                                return Err(Exc::with_msg(Class::Named(ExcType::TypeError), "'NoneType' object cannot be interpreted as an integer"));
                            }
                            None => {
                                // An ident of no thread: the OS's business.
                                s.beyond_model = true;
                                return Ok(());
                            }
                        }
                    }
                    KillTarget::Thread(v) => {
                        let x = self.thread_of(s, frame(s, t, fi), v)?;
                        if s.threads[x as usize].life == Life::NotStarted {
                            return Err(Exc::with_msg(Class::Named(ExcType::TypeError), "'NoneType' object cannot be interpreted as an integer"));
                        }
                        x
                    }
                };
                // The ident is read first, then the signal.
                let sig = match self.sending(s, t, frame(s, t, fi), sig, imo::Sender::PthreadKill)? {
                    imo::Sending::Send(sig) => sig,
                    other => return self.not_sent(s, t, other),
                };
                self.advance(s, t);
                // A thread that has ended no longer receives signals.
                if matches!(s.threads[x as usize].life, Life::Running | Life::ShuttingDown { .. }) {
                    self.land(s, sig, x, false);
                }
                return Ok(());
            }
            Op::RaiseSignal { ref sig } => {
                let sig = match self.sending(s, t, frame(s, t, fi), sig, imo::Sender::RaiseSignal)? {
                    imo::Sending::Send(sig) => sig,
                    other => return self.not_sent(s, t, other),
                };
                self.advance(s, t);
                match self.variant.platform {
                    Platform::Windows if sig == Sig::SIGINT => self.deliver(s, sig, Route::SigintEvent, true),
                    Platform::Windows => self.deliver(s, sig, Route::FlagOnly, true),
                    _ => self.land(s, sig, t, false),
                }
                return Ok(());
            }
            Op::InterruptMain { ref sig } => {
                let sending = match sig {
                    Some(sig) => Some(self.sending(s, t, frame(s, t, fi), sig, imo::Sender::InterruptMain)?),
                    None => None,
                };
                if sending.is_some() && self.variant.version.minor < 10 {
                    // The `signum` parameter came in 3.10.
                    return Err(Exc::with_msg(Class::Named(ExcType::TypeError), "interrupt_main() takes no arguments (1 given)"));
                }
                let sig = match sending {
                    None => Sig::SIGINT,
                    Some(imo::Sending::Send(sig)) => sig,
                    Some(other) => return self.not_sent(s, t, other),
                };
                self.advance(s, t);
                self.deliver(s, sig, Route::FlagOnly, false);
                return Ok(());
            }
            Op::SysExit { ref code } => {
                let arg = match code {
                    Some(c) => Some(self.eval(s, t, frame(s, t, fi), c)?),
                    None => None,
                };
                return Err(Exc { class: Class::Named(ExcType::SystemExit), arg, context: None });
            }
            Op::ThreadExit => return Err(Exc::new(ExcType::SystemExit)),
            Op::OsExit { code } => {
                let status = if self.variant.platform == Platform::Windows { code } else { code & 0xff };
                self.exit_process(s, status);
                return Ok(());
            }
            Op::Raise { ref exc, ref arg } => {
                let arg = match arg {
                    Some(a) => Some(self.eval(s, t, frame(s, t, fi), a)?),
                    None => None,
                };
                return Err(Exc { class: Class::Named(exc.clone()), arg, context: None });
            }
            Op::RaiseValue { ref value } => {
                return Err(match self.eval(s, t, frame(s, t, fi), value)? {
                    Value::Exc(e) => raised_again(s, t, (*e).clone()),
                    _ => with_context(s, t, err(ExcType::TypeError, "exceptions must derive from BaseException")),
                });
            }
            Op::Reraise => {
                return Err(match super::ending::handled(s, t) {
                    Some(e) => e.clone(),
                    None => err(ExcType::RuntimeError, "No active exception to reraise"),
                });
            }
            Op::Assert { ref test, ref msg } => {
                if !crate::values::truthy(&self.eval(s, t, frame(s, t, fi), test)?, s) {
                    let arg = match msg {
                        Some(m) => Some(self.eval(s, t, frame(s, t, fi), m)?),
                        None => None,
                    };
                    return Err(Exc { class: Class::Named(ExcType::AssertionError), arg, context: None });
                }
            }
            Op::Write { ref text } => {
                if let Some(text) = text {
                    let v = self.eval(s, t, frame(s, t, fi), text)?;
                    write_stdout(s, t, &crate::values::write_arg(&v)?, self.fold_output);
                }
            }
            Op::Print { ref args, ref sep, ref end, stderr, .. } => {
                // What goes to stderr is not kept.
                let fold = self.fold_output;
                let write = |s: &mut State, text: &str| {
                    if !stderr {
                        write_stdout(s, t, text, fold);
                    }
                };
                if frame(s, t, fi).at == At::MidPrint {
                    // The second write: the newline (`end`).
                    write(s, end);
                    self.frame_mut(s, t, fi).at = At::Go;
                } else {
                    let mut parts = Vec::new();
                    for a in args {
                        parts.push(crate::values::to_str(&self.eval(s, t, frame(s, t, fi), a)?, s));
                    }
                    write(s, &parts.join(sep));
                    // With another thread able to run now, its output can
                    // come between the two writes (each releases the GIL).
                    // A thread that cannot step now cannot before the
                    // second write: time does not pass while this one can
                    // step, and a signal wakes only the main thread.
                    // The main thread checks for signals between them too.
                    let check = self.checks_for(t) && (s.presses_left > 0 || self.program.sends_signals);
                    // An `end` that adds text to the line: a step of its
                    // own, so the line shows (`Printed`) as it was begun,
                    // as it does on the runtime.
                    let extends_line = !end.is_empty() && !end.starts_with('\n');
                    if check || extends_line || (0..s.threads.len() as Tid).any(|i| i != t && s.threads[i as usize].life == Life::Running && self.can_step(s, i)) {
                        self.frame_mut(s, t, fi).at = At::MidPrint;
                        return Ok(());
                    }
                    write(s, end);
                }
            }
            ref other => unreachable!("control instruction {other:?} executed as a statement"),
        }
        self.advance(s, t);
        Ok(())
    }

    /// Blocks thread `t` at its current instruction until `deadline`
    /// (milliseconds from now: deadlines are kept relative, see `Tick`).
    /// The signals `function` (`pthread_sigmask`, `sigwait`: POSIX only) is
    /// given, as a mask; `None` when one is a signal the model does not
    /// know, which puts the run beyond it.
    fn mask_argument(&self, s: &mut State, t: Tid, fi: usize, function: &str, signals: &PExpr) -> Flow<Option<u8>> {
        if self.variant.platform == Platform::Windows {
            return Err(self.no_attribute(function));
        }
        let v = self.eval(s, t, frame(s, t, fi), signals)?;
        let mask = crate::values::signal_mask(&v, s)?;
        s.beyond_model |= mask.is_none();
        Ok(mask)
    }

    pub(super) fn block(&self, s: &mut State, t: Tid, deadline: Option<Millis>, lock: LockId) {
        s.threads[t as usize].frames.last_mut().expect("frame").wait = Some(Wait { deadline });
        // A signal already tripped does not end the wait (no EINTR comes),
        // except where the wait looks first (acquire_interruptible).
        if imo::handler_thread(self.rules(), t) == t && imo::next_tripped(s).is_some() {
            let f = s.threads[t as usize].frames.last().expect("frame");
            if ai::sees_pending_at_entry(self.variant, self.wait_kind(f), s.is_tripped(Sig::SIGINT)) {
                s.threads[t as usize].woken = true;
            }
        }
        if lock != u8::MAX {
            s.event = Event::Contended { thread: t };
        }
    }

    /// `acquire`'s argument checks (SEMANTICS.md §3): `Ok(None)` for a
    /// non-blocking try, `Ok(Some(timeout))` for a wait (`None` = forever).
    pub(super) fn acquire_args(&self, blocking: Option<bool>, timeout: Option<Number>) -> Flow<Option<Option<Millis>>> {
        let blocking = blocking.unwrap_or(true);
        let t = timeout.map(Number::as_f64).unwrap_or(-1.0);
        // The timeout is converted first (`_PyTime_FromSecondsObject`).
        seconds_in_range(t)?;
        if !blocking && t != -1.0 {
            return Err(err(ExcType::ValueError, "can't specify a timeout for a non-blocking call"));
        }
        if t < 0.0 && t != -1.0 {
            let msg = if self.variant.version.minor >= 13 {
                "timeout value must be a non-negative number"
            } else {
                "timeout value must be positive"
            };
            return Err(err(ExcType::ValueError, msg));
        }
        // PY_TIMEOUT_MAX on Windows is 0xFFFFFFFE ms; elsewhere it is beyond
        // what the conversion above lets through.
        if self.variant.platform == Platform::Windows && t * 1e6 >= 4_294_967_294_000.0 {
            return Err(err(ExcType::OverflowError, "timeout value is too large"));
        }
        if !blocking || t == 0.0 {
            return Ok(None);
        }
        if t == -1.0 {
            return Ok(Some(None));
        }
        let ms = (t * 1000.0).round().max(1.0) as Millis;
        Ok(Some(Some(ms)))
    }

    /// Releases lock `l` held (or not) by thread `t`.
    pub(super) fn release(&self, s: &mut State, t: Tid, l: LockId) -> Flow<()> {
        let lk = &s.locks[l as usize];
        if lk.reentrant {
            let owner = lk.owner;
            if !locks::may_release_rlock(self.rules(), lk, t) {
                return Err(err(ExcType::RuntimeError, "cannot release un-acquired lock"));
            }
            let lk = &mut s.locks[l as usize];
            lk.count -= 1;
            if lk.count == 0 {
                lk.owner = None;
                s.threads.update(|th| th.holds & (1 << l) != 0, |th| th.holds &= !(1 << l));
            }
            s.event = Event::RLockReleased { by: t, owner };
        } else {
            if lk.count == 0 {
                // PyPy's lock says what its RLock says (observed, 3.9).
                let msg = if self.pypy { "cannot release un-acquired lock" } else { "release unlocked lock" };
                return Err(err(ExcType::RuntimeError, msg));
            }
            let lk = &mut s.locks[l as usize];
            lk.count -= 1;
            if lk.count == 0 {
                lk.owner = None;
                s.threads.update(|th| th.holds & (1 << l) != 0, |th| th.holds &= !(1 << l));
            }
        }
        Ok(())
    }

    /// Takes the lock if `t` can; returns whether it did.
    pub(super) fn try_take(&self, s: &mut State, t: Tid, l: LockId) -> bool {
        let lk = &s.locks[l as usize];
        if !locks::available(self.rules(), lk, t) {
            return false;
        }
        let lk = &mut s.locks[l as usize];
        lk.owner = Some(t);
        lk.count += 1;
        s.threads[t as usize].holds |= 1 << l;
        true
    }
}

/// CPython's conversion of a number of seconds to its internal time
/// (`_PyTime_FromSecondsObject`, int64 nanoseconds): NaN and anything beyond
/// ±2**63 ns fail before any other check of the argument.
fn seconds_in_range(t: f64) -> Flow<()> {
    if t.is_nan() {
        return Err(err(ExcType::ValueError, "Invalid value NaN (not a number)"));
    }
    if t.abs() * 1e9 >= 9.223_372_036_854_776e18 {
        return Err(err(ExcType::OverflowError, "timestamp out of range for platform time_t"));
    }
    Ok(())
}

