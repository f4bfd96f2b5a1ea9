//! The atexit functions' loop (CPython's `atexit_callfuncs`), run by the
//! script's `atexit._run_exitfuncs()` or at exit once `threading._shutdown`
//! is over: the functions registered, last first, what each raises, and
//! `atexit.unregister` while it runs.

use super::*;
use crate::scenario::Hook;

/// What the loop did in one step.
pub(super) enum ExitStep {
    /// It called a function of the script (or the script's
    /// `sys.unraisablehook`): its frame is on top, and returns to the loop.
    Called,
    /// No function is left; `_run_exitfuncs()` raises what it holds (3.8,
    /// 3.9, PyPy: the last exception a function raised).
    Done(Option<Exc>),
}

impl PyModel {
    /// The loop's next call, in thread `t` (`State::exit_run` is set):
    /// built-in functions (`sys.exit`) are called at once, and the loop
    /// goes on until it calls code of the script or has none left. When it
    /// is done, every registered function is forgotten.
    pub(super) fn exit_funcs_next(&self, s: &mut State, t: Tid) -> ExitStep {
        loop {
            let run = s.exit_run.as_mut().expect("the atexit loop runs");
            let Some(f) = run.pending.pop() else {
                let last = s.exit_run.take().and_then(|run| run.last);
                s.atexit.clear();
                return ExitStep::Done(last);
            };
            match f.code {
                Some(code) => {
                    run.running = Some(f.func);
                    self.call_from_c(s, t, code, &f.args);
                    return ExitStep::Called;
                }
                None => {
                    let Value::Builtin(BuiltinFn::Ref(b)) = &f.func else {
                        unreachable!("a built-in exit function")
                    };
                    match crate::values::call_builtin(*b, &f.args, &[]) {
                        Some(Ok(_)) => {}
                        Some(Err(e)) => {
                            if self.exit_func_raised(s, t, e, f.func) {
                                return ExitStep::Called;
                            }
                        }
                        // `id()` with no argument: beyond the model.
                        None => {
                            s.beyond_model = true;
                            return ExitStep::Called;
                        }
                    }
                }
            }
        }
    }

    /// Whether the frame of thread `t` that just returned (the thread has
    /// `depth` frames left) was called by the atexit loop: a function it
    /// called, or the hook it gave an exception to.
    pub(super) fn returns_to_exit_loop(s: &State, t: Tid, depth: usize) -> bool {
        s.exit_run.as_ref().is_some_and(|run| {
            run.caller == (t, depth as u8) && (run.running.is_some() || run.in_hook)
        })
    }

    /// A function the loop called returned with `result` (or the hook it
    /// gave an exception to did): the loop calls the next one at the
    /// caller's next step.
    pub(super) fn exit_func_returned(&self, s: &mut State, t: Tid, result: Result<(), Exc>) {
        let run = s.exit_run.as_mut().expect("the atexit loop runs");
        if std::mem::take(&mut run.in_hook) {
            // The hook raised in turn: reported, without its context, and
            // ignored.
            if let Err(e) = result {
                report(s, &Exc { context: None, ..e }, false);
            }
            return;
        }
        let func = run.running.take().unwrap_or(Value::None);
        if let Err(e) = result {
            self.exit_func_raised(s, t, e, func);
        }
    }

    /// Exception `e` from atexit function `func`: 3.10+ give it to
    /// `sys.unraisablehook` (the built-in one reports it, a list's `append`
    /// keeps its arguments, a function of the script is called); 3.8, 3.9
    /// and PyPy report it (SystemExit aside) and keep it for
    /// `_run_exitfuncs()` to raise. Returns whether the script's hook was
    /// called (its frame is on top).
    fn exit_func_raised(&self, s: &mut State, t: Tid, e: Exc, func: Value) -> bool {
        let run = s.exit_run.as_mut().expect("the atexit loop runs");
        if !mek::atexit_errors_to_hook(self.rules()) {
            if run.caller.1 > 0 {
                run.last = Some(e.clone());
            }
            if !e.class.is(ExcType::SystemExit) {
                report(s, &e, false);
            }
            return false;
        }
        let args = |_: &State| Value::HookArgs(Arc::new(crate::objects::atexit_unraisable_args(&self.program, e.clone(), func, self.variant.version.minor)));
        let call = crate::objects::hook_call(&self.program, &s.objects, s.hooks.get(Hook::Unraisable));
        let called = self.give_to_hook(s, t, call, args, &e, |s, e| report(s, e, false));
        if called {
            s.exit_run.as_mut().expect("the atexit loop runs").in_hook = true;
        }
        called
    }

    /// The atexit loop begins in thread `t` (`depth`: the caller's frames;
    /// 0 at exit) with the functions registered now.
    pub(super) fn exit_loop_begins(s: &mut State, t: Tid, depth: u8) {
        let pending = std::mem::take(&mut *s.atexit);
        s.exit_run = Some(Box::new(ExitRun {
            caller: (t, depth),
            pending,
            running: None,
            last: None,
            in_hook: false,
        }));
    }

    /// `atexit.unregister(v)`: the registered functions equal to `v` are
    /// forgotten; up to 3.13 a loop under way does not call them either.
    pub(super) fn atexit_unregister(&self, s: &mut State, v: &Value) {
        let keep =
            |f: &ExitFunc, heap: &dyn crate::values::Heap| !crate::values::equal(&f.func, v, heap);
        let kept: Vec<ExitFunc> = s.atexit.iter().filter(|f| keep(f, s)).cloned().collect();
        if kept.len() != s.atexit.len() {
            *s.atexit = kept;
        }
        if mek::atexit_loop_sees_removals(self.variant.version) {
            if let Some(run) = &s.exit_run {
                let pending: Vec<ExitFunc> =
                    run.pending.iter().filter(|f| keep(f, s)).cloned().collect();
                s.exit_run.as_mut().expect("a loop").pending = pending;
            }
        }
    }

    /// `atexit._clear()`: every registered function forgotten; up to 3.13 a
    /// loop under way calls no more of them.
    pub(super) fn atexit_clear(&self, s: &mut State) {
        s.atexit.clear();
        if let Some(run) = s
            .exit_run
            .as_mut()
            .filter(|_| mek::atexit_loop_sees_removals(self.variant.version))
        {
            run.pending.clear();
        }
    }
}
