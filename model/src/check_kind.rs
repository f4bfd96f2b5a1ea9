//! The kinds of eval-breaker check point where a signal handler can run:
//! the vocabulary of caveat 1 (`caveats::interrupts_main_only`, which holds
//! the rules of where each version checks), kept apart so that the state
//! can name them without depending on the rules.

/// The kind of eval-breaker check point a handler ran at (or a wait it
/// interrupted). `research/eval-breaker.md` has the table with sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckKind {
    /// The end of a call (`CALL*` checks before the next instruction, so a
    /// handler's exception comes from the call, inside its `try`); also the
    /// calls that check for themselves (`os.kill`, `signal.raise_signal`
    /// from 3.11, `signal.pthread_kill`).
    AfterCall,
    /// Before a statement: the entry of a Python-level callee (`RESUME`:
    /// `t.join()`, `t.start()`, `signal.signal`, `threading.Thread(...)`),
    /// a call in an expression, or, in 3.8–3.9, the dispatch before most
    /// instructions.
    BeforeCall,
    /// A loop's back edge (`JUMP_ABSOLUTE` / `JUMP_BACKWARD`).
    BackEdge,
    /// An `except` or `finally` entered by an exception (3.8–3.10: the
    /// unwinding jumps to `main_loop`, which checks).
    HandlerEntry,
    /// 3.14: between `with`'s `__enter__` and the protected block (gh-148874):
    /// a raising handler leaves the lock of `with lock:` held.
    WithEntry,
    /// Right after the module's code (`pymain_run_python` →
    /// `pymain_check_signals`, 3.14.7+ and 3.13.15+).
    ModuleEnd,
    /// `threading._shutdown`'s Python code (≤ 3.13.0, after the module).
    Shutdown,
    /// The entry of a signal handler's function (a second signal).
    FunctionEntry,
    /// A blocking call the signal interrupted (EINTR, the Windows SIGINT
    /// event): the handler runs inside it.
    Wait,
    /// Inside `print()`, between its text and its newline: `PyObject_Str`
    /// checks before each write (`PyErr_CheckSignals`; so does the first,
    /// before anything is written: `checks` puts that one before the call).
    Print,
}

impl CheckKind {
    pub const ALL: [CheckKind; 10] = [
        CheckKind::AfterCall,
        CheckKind::BeforeCall,
        CheckKind::BackEdge,
        CheckKind::HandlerEntry,
        CheckKind::WithEntry,
        CheckKind::ModuleEnd,
        CheckKind::Shutdown,
        CheckKind::FunctionEntry,
        CheckKind::Wait,
        CheckKind::Print,
    ];

    /// Its identifier in property names and specs/.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::AfterCall => "after-call",
            CheckKind::BeforeCall => "before-call",
            CheckKind::BackEdge => "back-edge",
            CheckKind::HandlerEntry => "handler-entry",
            CheckKind::WithEntry => "with-entry",
            CheckKind::ModuleEnd => "module-end",
            CheckKind::Shutdown => "shutdown",
            CheckKind::FunctionEntry => "function-entry",
            CheckKind::Wait => "wait",
            CheckKind::Print => "print",
        }
    }
}
