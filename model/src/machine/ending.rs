//! How threads and the process end (caveats 2 and 4): a frame returns, a
//! thread ends by its code or an uncaught exception, `threading._shutdown`
//! finishes, the process exits and the threads still running are killed.

use super::*;
use crate::scenario::Hook;

impl PyModel {
    /// The top frame ends, normally or with an uncaught exception.
    /// `module_end`: raised by the check right after the module's code.
    pub(super) fn frame_return(&self, s: &mut State, t: Tid, result: Result<(), Exc>, module_end: bool) {
        let th = &mut s.threads[t as usize];
        let done = th.frames.pop().expect("a frame returns");
        if done.call_dest.is_none()
            && Self::returns_to_exit_loop(s, t, s.threads[t as usize].frames.len())
        {
            self.exit_func_returned(s, t, result);
            return;
        }
        if let Some(dest) = done.call_dest {
            // A direct call returns into its caller, which stands at the
            // `Call`: its value is stored and the caller goes on, or its
            // exception is raised there.
            match result {
                Ok(()) => {
                    let value = self.code(done.code).ret.and_then(|r| done.locals[r as usize].clone()).unwrap_or(Value::None);
                    self.store_and_advance(s, t, dest, value);
                }
                Err(e) => self.raise(s, t, e),
            }
            return;
        }
        let th = &mut s.threads[t as usize];
        if !th.frames.is_empty() {
            // A signal handler returned into the code it interrupted: that
            // code goes on (a wait in progress resumes, PEP 475), or the
            // handler's exception is raised where the code was.
            if let Err(e) = result {
                // CPython's loop stops and sets `is_tripped` again: the
                // signals it did not get to run at the next check. PyPy
                // never runs them (observed, specs/cpython-findings.md).
                if self.pypy {
                    s.tripped = 0;
                } else if s.tripped != 0 {
                    s.check_due = true;
                }
                self.raise(s, t, e);
            }
            return;
        }
        match th.life {
            Life::ShuttingDown { status } => match result {
                // A handler run between two atexit functions raised:
                // reported, and the next one runs.
                Err(e) if s.exiting => report(s, &e, false),
                // A handler or a `threading._register_atexit` function run
                // during threading._shutdown raised: reported, then the
                // shutdown stops waiting.
                Err(e) => {
                    report(s, &e, false);
                    self.shutdown_interrupted(s, status);
                }
                Ok(()) => {}
            },
            _ => self.thread_ends(s, t, result, module_end),
        }
    }

    /// Caveats 2 and 4: a thread's code ended.
    pub(super) fn thread_ends(&self, s: &mut State, t: Tid, result: Result<(), Exc>, module_end: bool) {
        if t == MAIN {
            let status = match &result {
                Ok(()) => 0,
                Err(e) if e.class.is(ExcType::SystemExit) => exit_code(s, e, self.variant),
                Err(e) if e.class.is(ExcType::KeyboardInterrupt) => {
                    report(s, e, true);
                    let ctrl_c = imo::killed_by_ctrl_c_status(self.variant.platform);
                    let status = match imo::module_end_interrupt_status(self.variant.version) {
                        Some(status) if module_end => status,
                        _ => ctrl_c,
                    };
                    if self.pypy {
                        // PyPy: no join of the non-daemon threads.
                        s.threads[MAIN as usize].life = Life::ShuttingDown { status };
                        self.shutdown_over(s, status);
                        return;
                    }
                    status
                }
                Err(e) if self.pypy => {
                    report_anyway(s, e, true);
                    1
                }
                Err(e) => {
                    report(s, e, true);
                    1
                }
            };
            s.threads[MAIN as usize].life = Life::ShuttingDown { status };
            return;
        }
        s.threads[t as usize].life = Life::Done;
        if std::mem::take(&mut s.threads[t as usize].in_hook) {
            // The script's hook returned, or raised: that is reported
            // ("Exception in threading.excepthook:", then
            // `sys.excepthook`), without its context.
            // A SystemExit there ends the thread quietly.
            if let Err(e) = result {
                if !e.class.is(ExcType::SystemExit) {
                    report(s, &Exc { context: None, ..e }, false);
                }
            }
            return;
        }
        if let Err(e) = result {
            if e.class.is(ExcType::SystemExit) {
                let code = exit_code(s, &e, self.variant);
                if seit::systemexit_ends_process(self.rules()) {
                    self.exit_process(s, code);
                }
                s.event = Event::ThreadSystemExit { thread: t, code };
            } else {
                self.uncaught(s, t, e);
            }
        }
    }

    /// A non-main thread's code ended with exception `e`, not SystemExit:
    /// its hook takes it (`threading.excepthook` for a `threading.Thread`,
    /// `sys.unraisablehook` for a `_thread` one). The built-in hooks write
    /// the report; a list's `append` keeps the arguments; a function of
    /// the script runs in the thread, which ends when it returns.
    fn uncaught(&self, s: &mut State, t: Tid, e: Exc) {
        let chain = matches!(s.threads[t as usize].origin, Origin::Threading { .. });
        let hook = if chain { Hook::Except } else { Hook::Unraisable };
        let call = crate::objects::hook_call(&self.program, &s.objects, s.hooks.get(hook));
        let report_it = |s: &mut State, e: &Exc| {
            let own_stream = chain && !s.threads[t as usize].no_stderr;
            if crate::state::report_reaches_stderr(s.stderr_none, own_stream) {
                report_anyway(s, e, chain);
            }
        };
        let args = |s: &State| {
            let th = &s.threads[t as usize];
            let value = if chain {
                crate::objects::excepthook_args(e.clone(), crate::objects::thread_value(&s.objects, t))
            } else {
                let name = crate::objects::call_name(&self.program, th.func).to_string();
                crate::objects::thread_unraisable_args(e.clone(), Value::Func(th.func), &name, &crate::values::thread_ident(t, true), self.variant.version.minor, self.pypy)
            };
            Value::HookArgs(std::sync::Arc::new(value))
        };
        if self.give_to_hook(s, t, call, args, &e, report_it) {
            let th = &mut s.threads[t as usize];
            th.life = Life::Running;
            th.in_hook = true;
        }
    }

    /// Exception `e` given to a hook (`call`) with the argument `args`
    /// makes, in thread `t`: the built-in hook (and a value that is not
    /// callable, with its TypeError) reports through `report_it`, a list's
    /// `append` keeps the argument, a function of the script is called.
    /// Returns whether it was: its frame is then on top.
    pub(super) fn give_to_hook(
        &self,
        s: &mut State,
        t: Tid,
        call: crate::objects::HookCall,
        args: impl FnOnce(&State) -> Value,
        e: &Exc,
        report_it: impl Fn(&mut State, &Exc),
    ) -> bool {
        match call {
            crate::objects::HookCall::Report => report_it(s, e),
            crate::objects::HookCall::Append(l) => {
                let a = args(s);
                s.lists[l as usize].push(a);
            }
            crate::objects::HookCall::NotCallable(err) => report_it(s, &err),
            crate::objects::HookCall::Call(c) => {
                let a = args(s);
                match self.bind(s, c.code, c.with(vec![a]), &[]) {
                    Ok(bound) => {
                        self.call_bound_from_c(s, t, c.code, &bound);
                        return true;
                    }
                    Err(err) => report_it(s, &err),
                }
            }
        }
        false
    }

    /// An exception ended `threading._shutdown`'s wait: the process exits,
    /// but signals still pending are handled first (CPython runs Python code
    /// on its way out, and the eval breaker with it).
    pub(super) fn shutdown_interrupted(&self, s: &mut State, status: i64) {
        s.shutdown_interrupted = true;
        if imo::next_tripped(s).is_none() {
            self.shutdown_over(s, status);
        }
    }

    /// `threading._shutdown` is over: the atexit functions run, last
    /// registered first, each in a step of its own (threads still running
    /// interleave with them), then the process exits.
    pub(super) fn shutdown_over(&self, s: &mut State, status: i64) {
        if !s.exiting {
            s.exiting = true;
            if s.exit_run.is_some() {
                // `_run_exitfuncs()` of another thread is under way.
                s.beyond_model = true;
                return;
            }
            Self::exit_loop_begins(s, MAIN, 0);
        }
        if s.exit_run.is_none() || matches!(self.exit_funcs_next(s, MAIN), ExitStep::Done(_)) {
            self.finalize(s, status);
        }
    }

    /// `threading._shutdown` begins by calling the functions
    /// `threading._register_atexit` registered, last first, before it
    /// joins any thread; false when none is left.
    pub(super) fn threading_atexit_next(&self, s: &mut State) -> bool {
        if s.exiting || s.shutdown_interrupted || s.shutdown_joining || s.shutdown_target.is_some() {
            return false;
        }
        let Some(f) = s.threading_atexit.pop() else {
            return false;
        };
        match f.code {
            Some(code) => self.call_from_c(s, MAIN, code, &f.args),
            // A built-in function (`sys.exit`) there: not modelled.
            None => s.beyond_model = true,
        }
        true
    }

    /// Caveat 4: the main thread's shutdown is over; the process exits.
    pub(super) fn finalize(&self, s: &mut State, status: i64) {
        s.threads[MAIN as usize].life = Life::Done;
        s.threads[MAIN as usize].frames.clear();
        s.phase = if imo::press_after_finalization_kills(self.rules(), s, status) {
            Phase::SignalsOff { status }
        } else {
            Phase::Exited { status }
        };
        if mek::kills_at_exit(self.rules()) {
            let mut count = 0;
            // The main thread is Done by now.
            s.threads.update(
                |th| th.life == Life::Running,
                |th| {
                    th.life = Life::Killed;
                    count += 1;
                },
            );
            if count > 0 {
                s.event = Event::ThreadsKilled { count };
            }
        }
    }

    /// The process ends at once (os._exit, a fatal signal): every thread stops.
    pub(super) fn exit_process(&self, s: &mut State, status: i64) {
        // After the exit (`survive`), the status the shell saw stays.
        if s.phase == Phase::Running {
            s.phase = Phase::Exited { status };
        }
        s.threads.update(|th| matches!(th.life, Life::Running | Life::ShuttingDown { .. }), |th| th.life = Life::Killed);
    }
}

/// The exit status SystemExit's argument gives.
fn exit_code(s: &mut State, e: &Exc, v: Variant) -> i64 {
    let mask = |n: i64| if v.platform == Platform::Windows { n } else { n & 0xff };
    match &e.arg {
        None | Some(Value::None) => 0,
        Some(Value::Int(n)) => mask(*n),
        Some(Value::Bool(b)) => i64::from(*b),
        Some(other) => {
            // sys.exit("message") prints the message and exits with 1.
            let _ = (s, other);
            1
        }
    }
}

/// Reports an uncaught exception on stderr (traceback, excepthook or
/// unraisable hook): the outcome keeps its class name.
///
/// A traceback (the main thread's, `threading.excepthook`'s) shows the
/// whole `__context__` chain; the unraisable hook (`_thread` threads,
/// `threading._shutdown`) shows the one exception.
pub(super) fn report(s: &mut State, e: &Exc, chain: bool) {
    // `sys.stderr = None`: the report is written nowhere (CP34).
    if crate::state::report_reaches_stderr(s.stderr_none, false) {
        report_anyway(s, e, chain);
    }
}

/// `report`, written whatever `sys.stderr` is: a `threading.Thread` made
/// while it was set falls back to its own `_stderr`; PyPy writes the main
/// thread's traceback to the process's stderr.
pub(super) fn report_anyway(s: &mut State, e: &Exc, chain: bool) {
    if chain {
        for name in e.chain_names() {
            s.stderr.push(Text::new(name));
        }
        return;
    }
    s.stderr.push(Text::new(e.class.name()));
}

/// `raise e` of an exception object: it gets the handled exception as its
/// `__context__`, unless it is that one (CPython does not chain an
/// exception to itself; `raise e` in `except … as e` re-raises it).
pub(super) fn raised_again(s: &State, t: Tid, e: Exc) -> Exc {
    if handled(s, t) == Some(&e) {
        return e;
    }
    with_context(s, t, e)
}

/// A new exception raised in thread `t` gets the exception being handled
/// there as its `__context__`: the innermost `except` body's, else the one
/// a `finally` body was entered with (handler frames see the frames below).
pub(super) fn with_context(s: &State, t: Tid, mut e: Exc) -> Exc {
    if let Some(h) = handled(s, t) {
        e.context = Some(Arc::new(h.clone()));
    }
    e
}

/// The exception thread `t` is handling (what a bare `raise` re-raises):
/// the innermost frame's that has one, as CPython's per-thread exc_info
/// reaches through calls.
pub(super) fn handled(s: &State, t: Tid) -> Option<&Exc> {
    s.threads[t as usize].frames.iter().rev().find_map(|f| {
        // The exception an `except` is being matched against is handled
        // already (3.8–3.10 check at the handler's entry, before matching).
        f.unwinding.as_ref().or(f.handling.last()).or_else(|| {
            f.pending.iter().rev().find_map(|p| match p {
                Pending::Raise(x) => Some(x),
                Pending::Normal => None,
            })
        })
    })
}
