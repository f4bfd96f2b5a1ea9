//! A small builder for writing scenarios in Rust tests.
//!
//! ```
//! use pythread_model::scenario::builder::ScenarioBuilder;
//! use pythread_model::scenario::{LockCtor, Module};
//!
//! let s = ScenarioBuilder::new()
//!     .import(Module::Threading)
//!     .function("worker", &[], |b| b.with_lock("lock", |b| b.print_str("worker has the lock")))
//!     .main(|b| {
//!         b.new_lock("lock", LockCtor::Lock)
//!             .new_thread("t", "worker", None)
//!             .start("t")
//!             .join("t", None)
//!     })
//!     .build();
//! assert_eq!(s.functions.len(), 1);
//! ```
//! Every node gets `Loc::NONE`; the renderer gives it real lines.

use super::*;

/// Builds a [`Scenario`].
#[derive(Default)]
pub struct ScenarioBuilder {
    scenario: Scenario,
}

impl ScenarioBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// `import module`
    pub fn import(mut self, module: Module) -> Self {
        if !self.scenario.imports(module) {
            self.scenario.imports.push(Import { module, loc: Loc::NONE });
        }
        self
    }

    /// `# pythread: ctrl-c=N`
    pub fn ctrl_c(mut self, presses: u32) -> Self {
        self.scenario.ctrl_c = presses;
        self
    }

    /// `class name(Exception): pass`
    pub fn exception(mut self, name: &str) -> Self {
        self.scenario.exceptions.push(ExceptionClass { name: name.into(), base: ExcType::Exception, loc: Loc::NONE });
        self
    }

    /// `def name(params): body`
    pub fn function(
        mut self,
        name: &str,
        params: &[&str],
        body: impl FnOnce(BlockBuilder) -> BlockBuilder,
    ) -> Self {
        self.scenario.functions.push(Function {
            name: name.into(),
            params: params.iter().map(|p| p.to_string()).collect(),
            body: body(BlockBuilder::default()).stmts,
            defaults: Vec::new(),
            loc: Loc::NONE,
        });
        self
    }

    /// Appends to the main thread's code.
    pub fn main(mut self, body: impl FnOnce(BlockBuilder) -> BlockBuilder) -> Self {
        self.scenario.main.extend(body(BlockBuilder::default()).stmts);
        self
    }

    pub fn build(self) -> Scenario {
        self.scenario
    }
}

/// Builds a [`Block`], one statement per call.
#[derive(Default)]
pub struct BlockBuilder {
    stmts: Block,
}

impl BlockBuilder {
    /// Appends any statement.
    pub fn stmt(mut self, kind: StmtKind) -> Self {
        self.stmts.push(Stmt { kind, loc: Loc::NONE });
        self
    }

    pub fn build(self) -> Block {
        self.stmts
    }

    // Not inlined: rustc 1.95 at opt-level 3 miscompiles the inlined form
    // (the blocks of one `try_` came out sharing one buffer; see
    // `builder_blocks_are_independent` below).
    #[inline(never)]
    fn nested(body: impl FnOnce(BlockBuilder) -> BlockBuilder) -> Block {
        body(BlockBuilder::default()).stmts
    }

    pub fn pass(self) -> Self {
        self.stmt(StmtKind::Pass)
    }
    pub fn global(self, names: &[&str]) -> Self {
        self.stmt(StmtKind::Global { names: names.iter().map(|n| n.to_string()).collect() })
    }
    pub fn assign(self, target: &str, value: Expr) -> Self {
        self.stmt(StmtKind::Assign { target: target.into(), value })
    }
    pub fn new_lock(self, target: &str, ctor: LockCtor) -> Self {
        self.stmt(StmtKind::NewLock { target: target.into(), ctor })
    }
    pub fn new_thread(self, target: &str, function: &str, daemon: Option<bool>) -> Self {
        self.stmt(StmtKind::NewThread { target: target.into(), function: function.into(), daemon, args: Vec::new(), name: None })
    }
    /// `lock.acquire(...)` as a statement.
    pub fn acquire(self, lock: &str, blocking: Option<bool>, timeout: Option<Number>) -> Self {
        let keywords = blocking.is_none() && timeout.is_some();
        self.stmt(StmtKind::Expr { value: Expr::Acquire { lock: lock.into(), blocking, timeout: timeout.map(|t| Box::new(Expr::number(t))), keywords } })
    }
    pub fn release(self, lock: &str) -> Self {
        self.stmt(StmtKind::Release { lock: lock.into() })
    }
    pub fn start_new_thread(self, function: &str) -> Self {
        self.stmt(StmtKind::StartNewThread { function: function.into(), args: Vec::new() })
    }
    pub fn start(self, thread: &str) -> Self {
        self.stmt(StmtKind::Start { thread: thread.into() })
    }
    pub fn join(self, thread: &str, timeout: Option<Number>) -> Self {
        self.stmt(StmtKind::Join { thread: thread.into(), timeout })
    }
    /// `time.sleep(ms / 1000)`
    pub fn sleep_ms(self, ms: u32) -> Self {
        self.stmt(StmtKind::Sleep { seconds: Number::Float(Float(ms as f64 / 1000.0)) })
    }
    pub fn set_handler(self, signal: Sig, handler: Handler) -> Self {
        self.stmt(StmtKind::SetHandler { signal, handler, old: None })
    }
    pub fn kill(self, signal: Sig) -> Self {
        self.stmt(StmtKind::Kill { signal: signal.into() })
    }
    pub fn pthread_kill(self, thread: ThreadRef, signal: Sig) -> Self {
        self.stmt(StmtKind::PthreadKill { thread, signal: signal.into() })
    }
    pub fn raise_signal(self, signal: Sig) -> Self {
        self.stmt(StmtKind::RaiseSignal { signal: signal.into() })
    }
    pub fn interrupt_main(self, signal: Option<Sig>) -> Self {
        self.stmt(StmtKind::InterruptMain { signal: signal.map(SigArg::Known) })
    }
    pub fn sys_exit(self, code: Option<Expr>) -> Self {
        self.stmt(StmtKind::SysExit { code })
    }
    pub fn thread_exit(self) -> Self {
        self.stmt(StmtKind::ThreadExit)
    }
    pub fn os_exit(self, code: i64) -> Self {
        self.stmt(StmtKind::OsExit { code })
    }
    pub fn raise(self, exc: ExcType, arg: Option<Expr>) -> Self {
        self.stmt(StmtKind::Raise { exception: Some(RaiseExc { exc, arg }) })
    }
    pub fn reraise(self) -> Self {
        self.stmt(StmtKind::Raise { exception: None })
    }
    /// `try: body` with the given handlers, else and finally blocks.
    pub fn try_(
        self,
        body: impl FnOnce(BlockBuilder) -> BlockBuilder,
        handlers: Vec<ExceptHandler>,
        orelse: impl FnOnce(BlockBuilder) -> BlockBuilder,
        finalbody: impl FnOnce(BlockBuilder) -> BlockBuilder,
    ) -> Self {
        self.stmt(StmtKind::Try {
            body: Self::nested(body),
            handlers,
            orelse: Self::nested(orelse),
            finalbody: Self::nested(finalbody),
        })
    }
    /// `try: body finally: finalbody`
    pub fn try_finally(
        self,
        body: impl FnOnce(BlockBuilder) -> BlockBuilder,
        finalbody: impl FnOnce(BlockBuilder) -> BlockBuilder,
    ) -> Self {
        self.try_(body, vec![], |b| b, finalbody)
    }
    pub fn with_lock(self, lock: &str, body: impl FnOnce(BlockBuilder) -> BlockBuilder) -> Self {
        self.stmt(StmtKind::With { lock: lock.into(), body: Self::nested(body) })
    }
    pub fn for_range(self, var: &str, count: u32, body: impl FnOnce(BlockBuilder) -> BlockBuilder) -> Self {
        self.stmt(StmtKind::For { var: var.into(), count, body: Self::nested(body) })
    }
    pub fn if_(
        self,
        test: Expr,
        body: impl FnOnce(BlockBuilder) -> BlockBuilder,
        orelse: impl FnOnce(BlockBuilder) -> BlockBuilder,
    ) -> Self {
        self.stmt(StmtKind::If { test, body: Self::nested(body), orelse: Self::nested(orelse) })
    }
    pub fn assert_(self, test: Expr, msg: Option<Expr>) -> Self {
        self.stmt(StmtKind::Assert { test, msg })
    }
    pub fn print(self, args: Vec<Expr>) -> Self {
        self.stmt(StmtKind::Print { args, flush: false, sep: None, end: None, stderr: false })
    }
    /// `print("text")`
    pub fn print_str(self, text: &str) -> Self {
        self.print(vec![Expr::str(text)])
    }
}

/// `except types [as name]: body`
pub fn except(
    types: Vec<ExcType>,
    name: Option<&str>,
    body: impl FnOnce(BlockBuilder) -> BlockBuilder,
) -> ExceptHandler {
    ExceptHandler {
        types,
        name: name.map(String::from),
        body: BlockBuilder::nested(body),
        loc: Loc::NONE,
    }
}
