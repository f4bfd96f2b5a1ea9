//! Check-point probes: deterministic scripts that signal themselves, to find
//! out *where* each interpreter runs a pending Python signal handler.
//!
//! CPython runs a handler at its next eval-breaker check, not "before the
//! next statement", and where those checks are differs by version
//! (`../shared/research/eval-breaker.md`). A probe puts one signal —
//! `os.kill(os.getpid(), SIG)`, `signal.raise_signal(SIG)`,
//! `signal.pthread_kill(threading.main_thread().ident, SIG)` or
//! `_thread.interrupt_main()` — at one position of the language:
//!
//! - the last statement of a `try` body, in an `except`, in a `finally`, in a
//!   `with` body, in an `if` branch, in a `for` body, as the module's last
//!   statement (all in the main thread);
//! - in a thread target (the worker signals while the main thread waits in
//!   `time.sleep`, `t.join()`, or `lock.acquire` in keyword or positional
//!   form; every event of a thread is at least 100 ms from any other
//!   thread's, and a daemon worker's at least 500 ms from the moment the
//!   main thread may end, so timing noise cannot change the outcome);
//! - in a signal handler (a SIGUSR2 handler that sends the probe's signal).
//!
//! Around it: prints before and after (the markers show in stdout where the
//! handler ran), a handler that only prints or one that raises `Boom` (caught
//! next to the position, at the top of the module, or nowhere), and 0–3
//! nested blocks (`try`, `try/finally`, `with`, `for`, `if` with a keyword or
//! positional `lock.acquire`). Everything is chosen from the seed, and the
//! same `(count, seed)` always gives the same probes. Only one thread runs at
//! a time (or the threads' events are 100 ms apart), so each probe has one
//! outcome per interpreter: a probe the model gives more than one outcome is
//! imprecise.
//!
//! The probes use POSIX signals (SIGUSR1, SIGUSR2): they are for Linux runs.

use crate::scenario::*;

/// Where the signal is sent from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Position {
    /// The last statement of a `try` body.
    TryBody,
    /// In an `except` clause (of a `ValueError` the `try` raised).
    Except,
    /// In a `finally` clause (left normally or while a `ValueError` passes).
    Finally,
    /// In a `with lock:` body.
    WithBody,
    /// In an `if` branch (or the `else` branch).
    IfBranch,
    /// In a `for` body.
    ForBody,
    /// In a thread target, while the main thread waits.
    ThreadTarget,
    /// In a signal handler (for SIGUSR2, which the main thread sends).
    Handler,
    /// The module's last statement.
    ModuleEnd,
}

impl Position {
    pub const ALL: [Position; 9] = [
        Position::TryBody,
        Position::Except,
        Position::Finally,
        Position::WithBody,
        Position::IfBranch,
        Position::ForBody,
        Position::ThreadTarget,
        Position::Handler,
        Position::ModuleEnd,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Position::TryBody => "try body (last statement)",
            Position::Except => "except clause",
            Position::Finally => "finally clause",
            Position::WithBody => "with body",
            Position::IfBranch => "if branch",
            Position::ForBody => "for body",
            Position::ThreadTarget => "thread target",
            Position::Handler => "signal handler",
            Position::ModuleEnd => "module's last statement",
        }
    }
}

/// How the signal is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SignalKind {
    /// `os.kill(os.getpid(), SIG)`
    Kill,
    /// `signal.raise_signal(SIG)`
    RaiseSignal,
    /// `signal.pthread_kill(threading.main_thread().ident, SIG)`
    PthreadKillMain,
    /// `_thread.interrupt_main()` (SIGINT)
    InterruptMain,
}

impl SignalKind {
    pub const ALL: [SignalKind; 4] =
        [SignalKind::Kill, SignalKind::RaiseSignal, SignalKind::PthreadKillMain, SignalKind::InterruptMain];

    pub fn name(self) -> &'static str {
        match self {
            SignalKind::Kill => "os.kill",
            SignalKind::RaiseSignal => "signal.raise_signal",
            SignalKind::PthreadKillMain => "signal.pthread_kill(main)",
            SignalKind::InterruptMain => "_thread.interrupt_main",
        }
    }
}

/// What the probe's signal handler does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HandlerKind {
    /// Prints and returns.
    Quiet,
    /// Prints and raises `Boom`.
    Raising,
}

/// Where a raising handler's `Boom` is caught.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Catch {
    /// By a `try … except Boom` right around the position's statement (for
    /// a try body, by its own `except`).
    Near,
    /// By a `try … except Boom` around the whole main code.
    Top,
    /// Nowhere: it ends the main thread (exit 1).
    Nowhere,
}

/// A lock acquisition's spelling: 3.14 compiles the keyword form to
/// `CALL_KW`, which does not check for signals at its end on its first run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AcquireForm {
    /// `lock.acquire(timeout=T)`
    Keyword,
    /// `lock.acquire(True, T)`
    Positional,
}

/// The test of an `if`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Test {
    /// `threading.current_thread() is threading.main_thread()`: the body runs.
    MainThread,
    /// `lock.acquire(…)` of a free lock: the body runs (and releases it).
    Acquire(AcquireForm),
    /// `lock.locked()` of a free lock: the `else` branch runs.
    Locked,
}

/// A block wrapped around the position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Wrap {
    /// `try: … except Boom` (`catches`) or `except ValueError`.
    Try { catches: bool },
    /// `try: … finally: print(...)`
    TryFinally,
    /// `with lockK: …`
    With,
    /// `for _ in range(1): …`
    For,
    /// `if TEST: …`
    If(Test),
}

/// What the main thread does while a worker signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Wait {
    /// `time.sleep(0.4)` (1.2 s for a daemon worker)
    Sleep,
    /// `t.join()`
    Join,
    /// `lock.acquire(…, 2 s)` of the lock the worker holds (until 300 ms, or
    /// 1100 ms for a daemon worker).
    Acquire(AcquireForm),
}

/// One probe, before it becomes a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Probe {
    pub position: Position,
    pub kind: SignalKind,
    pub signal: Sig,
    pub handler: HandlerKind,
    /// Where `Boom` is caught (a quiet handler raises nothing).
    pub catch: Catch,
    /// The blocks around the position, innermost first.
    pub wraps: Vec<Wrap>,
    /// Whether a print follows the signal in its block.
    pub tail: bool,
    /// `for` body: how many iterations (1 or 2).
    pub iterations: u32,
    /// `try` body: an `else` clause; `finally`: the `try` raised ValueError.
    pub variant: bool,
    /// `if` branch: the test.
    pub test: Test,
    /// Thread target: what main waits in, whether the worker is a daemon,
    /// and whether the wait is the module's last statement.
    pub wait: Wait,
    pub daemon: bool,
    pub wait_last: bool,
}

/// `count` probes from `seed`, as scenarios (render them to run them).
pub fn generate(count: usize, seed: u64) -> Vec<Scenario> {
    probes(count, seed).iter().map(Probe::scenario).collect()
}

/// `count` probes from `seed`. The position and the signal kind go round
/// every combination (36) from a seed-chosen start, so any 36 consecutive
/// probes cover them all; the handler alternates; the rest is drawn.
pub fn probes(count: usize, seed: u64) -> Vec<Probe> {
    let mut r = Rng(seed ^ 0x005e_ed0f_9e37_79b9);
    let (p0, k0, h0) = (r.below(9), r.below(4), r.below(2));
    (0..count).map(|i| probe(i, seed, p0 + i, k0 + i / 9, h0 + i + i / 36)).collect()
}

fn probe(i: usize, seed: u64, p: usize, k: usize, h: usize) -> Probe {
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (i as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ 0x94d0_49bb_1331_11eb);
    let position = Position::ALL[p % 9];
    let kind = SignalKind::ALL[k % 4];
    let handler = if h.is_multiple_of(2) { HandlerKind::Quiet } else { HandlerKind::Raising };
    let signal = match kind {
        SignalKind::InterruptMain => Sig::SIGINT,
        _ => *r.pick(&[Sig::SIGUSR1, Sig::SIGUSR1, Sig::SIGTERM, Sig::SIGINT]),
    };
    // Thread target: whether main's wait is the module's last statement.
    let wait_last = position == Position::ThreadTarget && r.below(3) == 0;
    // Nothing may follow a last statement.
    let last = position == Position::ModuleEnd || wait_last;
    let catch = if last { Catch::Nowhere } else { *r.pick(&[Catch::Near, Catch::Top, Catch::Nowhere]) };
    let depth = if last { 0 } else { *r.pick(&[0, 0, 1, 1, 2, 3]) };
    let form = |r: &mut Rng| *r.pick(&[AcquireForm::Keyword, AcquireForm::Positional]);
    let mut wraps = Vec::new();
    for _ in 0..depth {
        let w = match r.below(6) {
            0 => Wrap::Try { catches: r.below(2) == 0 },
            1 => Wrap::TryFinally,
            2 => Wrap::With,
            3 => Wrap::For,
            4 => Wrap::If(Test::Acquire(form(&mut r))),
            _ => Wrap::If(Test::MainThread),
        };
        wraps.push(w);
    }
    let tail = !matches!(position, Position::TryBody | Position::ModuleEnd) && r.below(3) != 0;
    let iterations = 1 + r.below(2) as u32;
    let variant = r.below(2) == 0;
    let test = match r.below(4) {
        0 => Test::MainThread,
        1 => Test::Locked,
        _ => Test::Acquire(form(&mut r)),
    };
    let wait = match r.below(4) {
        0 => Wait::Sleep,
        1 => Wait::Join,
        _ => Wait::Acquire(form(&mut r)),
    };
    let daemon = r.below(2) == 0;
    Probe { position, kind, signal, handler, catch, wraps, tail, iterations, variant, test, wait, daemon, wait_last }
}

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---- building the scenario ----------------------------------------------------

fn stmt(kind: StmtKind) -> Stmt {
    Stmt { kind, loc: Loc::NONE }
}

fn say(text: &str) -> Stmt {
    stmt(StmtKind::Print { args: vec![Expr::str(text)], flush: false, sep: None, end: None, stderr: false })
}

fn seconds(ms: u32) -> Number {
    if ms.is_multiple_of(1000) {
        Number::Int(i64::from(ms / 1000))
    } else {
        Number::Float(Float(f64::from(ms) / 1000.0))
    }
}

fn sleep(ms: u32) -> Stmt {
    stmt(StmtKind::Sleep { seconds: seconds(ms) })
}

fn acquire(lock: &str, form: AcquireForm, ms: u32) -> Expr {
    match form {
        AcquireForm::Keyword => Expr::Acquire { lock: lock.into(), blocking: None, timeout: Some(Box::new(Expr::number(seconds(ms)))), keywords: true },
        AcquireForm::Positional => Expr::Acquire { lock: lock.into(), blocking: Some(true), timeout: Some(Box::new(Expr::number(seconds(ms)))), keywords: false },
    }
}

fn boom() -> ExcType {
    ExcType::user("Boom", ExcType::Exception)
}

fn try_except(body: Block, catch: ExcType, label: &str) -> Stmt {
    stmt(StmtKind::Try {
        body,
        handlers: vec![ExceptHandler { types: vec![catch], name: None, body: vec![say(&format!("{label}: caught"))], loc: Loc::NONE }],
        orelse: vec![],
        finalbody: vec![],
    })
}

/// Names the locks as they are needed.
#[derive(Default)]
struct Locks(Vec<String>);

impl Locks {
    fn fresh(&mut self) -> String {
        let name = format!("lock{}", self.0.len());
        self.0.push(name.clone());
        name
    }
}

impl Probe {
    /// One line saying what the probe does (conform writes it at the top of
    /// the script).
    pub fn describe(&self) -> String {
        let mut s = format!("{} {} in the {}", self.kind.name(), self.signal.name(), self.position.name());
        match self.position {
            Position::ThreadTarget => {
                let wait = match self.wait {
                    Wait::Sleep => "time.sleep".to_string(),
                    Wait::Join => "join".to_string(),
                    Wait::Acquire(f) => format!("lock.acquire ({})", form_name(f)),
                };
                s += &format!(" (main waits in {wait}{}; {} worker)", if self.wait_last { ", its last statement" } else { "" }, if self.daemon { "daemon" } else { "non-daemon" });
            }
            Position::IfBranch => s += &format!(" ({})", test_name(self.test)),
            Position::ForBody => s += &format!(" ({} iteration(s))", self.iterations),
            Position::TryBody if self.variant => s += " (with else)",
            Position::Finally if self.variant => s += " (while a ValueError passes)",
            _ => {}
        }
        match self.handler {
            HandlerKind::Quiet => s += "; quiet handler",
            HandlerKind::Raising => {
                s += match self.catch {
                    Catch::Near => "; raising handler, Boom caught next to it",
                    Catch::Top => "; raising handler, Boom caught at the top",
                    Catch::Nowhere => "; raising handler, Boom not caught next to it or at the top",
                }
            }
        }
        if !self.wraps.is_empty() {
            let names: Vec<String> = self.wraps.iter().rev().map(|w| wrap_name(*w)).collect();
            s += &format!("; inside {}", names.join(" > "));
        }
        s
    }

    /// The probe as a scenario.
    pub fn scenario(&self) -> Scenario {
        let mut locks = Locks::default();
        let mut functions = Vec::new();
        let mut handler_body = vec![say(&format!("handler: {}", self.signal.name()))];
        if self.handler == HandlerKind::Raising {
            handler_body.push(stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: boom(), arg: Some(Expr::str("from handler")) }),
            }));
        }
        functions.push(Function { name: "handler".into(), params: vec!["signum".into(), "frame".into()], body: handler_body, defaults: Vec::new(), loc: Loc::NONE });
        let mut setup = vec![stmt(StmtKind::SetHandler { signal: self.signal, handler: Handler::Function("handler".into()), old: None })];
        // The position's statements (the main thread's part of them).
        let mut body = match self.position {
            Position::ThreadTarget => self.thread_target(&mut locks, &mut functions, &mut setup),
            Position::Handler => {
                let mut outer = vec![say("outer handler: before"), self.signal_stmt()];
                if self.tail {
                    outer.push(say("outer handler: after"));
                }
                functions.push(Function { name: "outer".into(), params: vec!["signum".into(), "frame".into()], body: outer, defaults: Vec::new(), loc: Loc::NONE });
                setup.insert(0, stmt(StmtKind::SetHandler { signal: Sig::SIGUSR2, handler: Handler::Function("outer".into()), old: None }));
                let mut b = vec![say("main: before"), stmt(StmtKind::Kill { signal: Sig::SIGUSR2.into() })];
                if self.tail {
                    b.push(say("main: after"));
                }
                b
            }
            _ => self.main_position(&mut locks),
        };
        // Boom caught right around the position (a try body catches it itself).
        if self.handler == HandlerKind::Raising && self.catch == Catch::Near && self.position != Position::TryBody {
            body = vec![try_except(body, boom(), "near")];
        }
        for (k, w) in self.wraps.iter().enumerate() {
            body = self.wrap(*w, body, k + 1, &mut locks);
        }
        let mut main: Block = Vec::new();
        for l in &locks.0 {
            main.push(stmt(StmtKind::NewLock { target: l.clone(), ctor: LockCtor::Lock }));
        }
        main.extend(setup);
        if self.handler == HandlerKind::Raising && self.catch == Catch::Top {
            main.push(try_except(body, boom(), "top"));
        } else {
            main.extend(body);
        }
        if self.position != Position::ModuleEnd && !(self.position == Position::ThreadTarget && self.wait_last) {
            main.push(say("main: done"));
        }
        Scenario {
            imports: Module::ALL.iter().map(|&module| Import { module, loc: Loc::NONE }).collect(),
            ctrl_c: 0,
            allow: Vec::new(),
            exceptions: vec![ExceptionClass { name: "Boom".into(), base: ExcType::Exception, loc: Loc::NONE }],
            functions,
            classes: Vec::new(),
            main,
        }
    }

    fn signal_stmt(&self) -> Stmt {
        stmt(match self.kind {
            SignalKind::Kill => StmtKind::Kill { signal: self.signal.into() },
            SignalKind::RaiseSignal => StmtKind::RaiseSignal { signal: self.signal.into() },
            SignalKind::PthreadKillMain => StmtKind::PthreadKill { thread: ThreadRef::Main, signal: self.signal.into() },
            SignalKind::InterruptMain => StmtKind::InterruptMain { signal: None },
        })
    }

    /// `print("L: before")`, the signal, and `print("L: after")` if `tail`.
    fn site(&self, label: &str) -> Block {
        let mut b = vec![say(&format!("{label}: before")), self.signal_stmt()];
        if self.tail {
            b.push(say(&format!("{label}: after")));
        }
        b
    }

    /// The statements of a main-thread position, and a marker after them.
    fn main_position(&self, locks: &mut Locks) -> Block {
        match self.position {
            Position::TryBody => {
                let caught = if self.handler == HandlerKind::Raising && self.catch == Catch::Near { boom() } else { ExcType::ValueError };
                vec![
                    stmt(StmtKind::Try {
                        body: self.site("try"),
                        handlers: vec![ExceptHandler { types: vec![caught], name: None, body: vec![say("try: caught")], loc: Loc::NONE }],
                        orelse: if self.variant { vec![say("try: else")] } else { vec![] },
                        finalbody: vec![],
                    }),
                    say("try: after"),
                ]
            }
            Position::Except => vec![
                stmt(StmtKind::Try {
                    body: vec![say("try: raising ValueError"), raise_value_error()],
                    handlers: vec![ExceptHandler { types: vec![ExcType::ValueError], name: None, body: self.site("except"), loc: Loc::NONE }],
                    orelse: vec![],
                    finalbody: vec![],
                }),
                say("except: after"),
            ],
            Position::Finally => {
                let mut body = vec![say("try: body")];
                if self.variant {
                    body.push(raise_value_error());
                }
                let t = stmt(StmtKind::Try { body, handlers: vec![], orelse: vec![], finalbody: self.site("finally") });
                let t = if self.variant { try_except(vec![t], ExcType::ValueError, "ValueError") } else { t };
                vec![t, say("finally: after")]
            }
            Position::WithBody => {
                let lock = locks.fresh();
                vec![
                    stmt(StmtKind::With { lock: lock.clone(), body: self.site("with") }),
                    stmt(StmtKind::Print { args: vec![Expr::str("with: after, locked:"), Expr::Locked { lock }], flush: false, sep: None, end: None, stderr: false }),
                ]
            }
            Position::IfBranch => {
                let (test, body, orelse) = match self.test {
                    Test::MainThread => (Expr::IsMainThread, self.site("if"), vec![say("if: else")]),
                    Test::Acquire(f) => {
                        let lock = locks.fresh();
                        let mut body = self.site("if");
                        body.push(stmt(StmtKind::Release { lock: lock.clone() }));
                        (acquire(&lock, f, 500), body, vec![say("if: no lock")])
                    }
                    Test::Locked => {
                        let lock = locks.fresh();
                        (Expr::Locked { lock }, vec![say("if: locked")], self.site("else"))
                    }
                };
                vec![stmt(StmtKind::If { test, body, orelse }), say("if: after")]
            }
            Position::ForBody => vec![
                stmt(StmtKind::For { var: "_".into(), count: self.iterations, body: self.site("for") }),
                say("for: after"),
            ],
            Position::ModuleEnd => vec![say("end: before"), self.signal_stmt()],
            Position::ThreadTarget | Position::Handler => unreachable!("not a main-thread position"),
        }
    }

    /// The worker, and the main thread's wait while it signals. The worker
    /// signals at 100 ms, prints at 100 ms + G and releases the lock main
    /// waits for at 100 ms + 2G; main's wait ends at 200 ms + 2G (sleep), at
    /// the worker's end (join) or at the release (acquire). G is 100 ms, or
    /// 500 ms for a daemon worker: a main thread that a handler's exception
    /// ends at 100 ms may take well over 100 ms to exit (3.14.10 took about
    /// 180 ms to print the traceback on the project's machine), and a daemon
    /// worker must not print meanwhile.
    fn thread_target(&self, locks: &mut Locks, functions: &mut Vec<Function>, setup: &mut Block) -> Block {
        let gap = if self.daemon { 500 } else { 100 };
        let mut worker = vec![sleep(100), say("worker: before"), self.signal_stmt(), sleep(gap), say("worker: after")];
        let lock = match self.wait {
            Wait::Acquire(_) => {
                let lock = locks.fresh();
                worker.push(sleep(gap));
                worker.push(stmt(StmtKind::Release { lock: lock.clone() }));
                setup.push(stmt(StmtKind::Expr {
                    value: Expr::Acquire { lock: lock.clone(), blocking: None, timeout: None, keywords: false },
                }));
                lock
            }
            _ => String::new(),
        };
        functions.push(Function { name: "worker".into(), params: vec![], body: worker, defaults: Vec::new(), loc: Loc::NONE });
        setup.push(stmt(StmtKind::NewThread { target: "t".into(), function: "worker".into(), daemon: Some(self.daemon), args: Vec::new(), name: None }));
        setup.push(stmt(StmtKind::Start { thread: "t".into() }));
        let mut b = vec![say("main: waiting")];
        b.push(match self.wait {
            Wait::Sleep => sleep(200 + 2 * gap),
            Wait::Join => stmt(StmtKind::Join { thread: "t".into(), timeout: None }),
            Wait::Acquire(f) => stmt(StmtKind::If {
                test: acquire(&lock, f, 2000),
                body: vec![say("main: got the lock")],
                orelse: vec![say("main: no lock")],
            }),
        });
        if !self.wait_last {
            b.push(say("main: after the wait"));
        }
        b
    }

    /// `body` inside one more block, `k` levels out, and a marker after it.
    fn wrap(&self, w: Wrap, body: Block, k: usize, locks: &mut Locks) -> Block {
        let label = format!("L{k}");
        let inner = match w {
            Wrap::Try { catches } => try_except(body, if catches { boom() } else { ExcType::ValueError }, &label),
            Wrap::TryFinally => stmt(StmtKind::Try { body, handlers: vec![], orelse: vec![], finalbody: vec![say(&format!("{label}: finally"))] }),
            Wrap::With => stmt(StmtKind::With { lock: locks.fresh(), body }),
            Wrap::For => stmt(StmtKind::For { var: "_".into(), count: 1, body }),
            Wrap::If(Test::Acquire(f)) => {
                let lock = locks.fresh();
                let mut body = body;
                body.push(stmt(StmtKind::Release { lock: lock.clone() }));
                stmt(StmtKind::If { test: acquire(&lock, f, 500), body, orelse: vec![say(&format!("{label}: no lock"))] })
            }
            Wrap::If(_) => stmt(StmtKind::If { test: Expr::IsMainThread, body, orelse: vec![say(&format!("{label}: else"))] }),
        };
        vec![inner, say(&format!("{label}: after"))]
    }
}

fn raise_value_error() -> Stmt {
    stmt(StmtKind::Raise { exception: Some(RaiseExc { exc: ExcType::ValueError, arg: Some(Expr::str("probe")) }) })
}

fn form_name(f: AcquireForm) -> &'static str {
    match f {
        AcquireForm::Keyword => "keyword",
        AcquireForm::Positional => "positional",
    }
}

fn test_name(t: Test) -> String {
    match t {
        Test::MainThread => "if main thread".into(),
        Test::Acquire(f) => format!("if lock.acquire, {}", form_name(f)),
        Test::Locked => "else of if lock.locked()".into(),
    }
}

fn wrap_name(w: Wrap) -> String {
    match w {
        Wrap::Try { catches: true } => "try/except Boom".into(),
        Wrap::Try { catches: false } => "try/except ValueError".into(),
        Wrap::TryFinally => "try/finally".into(),
        Wrap::With => "with".into(),
        Wrap::For => "for".into(),
        Wrap::If(t) => test_name(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, render};
    use std::collections::BTreeSet;

    #[test]
    fn every_probe_renders_to_python_that_parses_back_to_it() {
        for seed in [0, 1, 7, 2026, u64::MAX] {
            for (i, s) in generate(120, seed).iter().enumerate() {
                let text = render(s);
                let back = parse(&text, "probe.py").unwrap_or_else(|e| {
                    panic!("seed {seed} probe {i}: {}\n--- rendered ---\n{text}", e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))
                });
                assert_eq!(&back.without_locations(), s, "seed {seed} probe {i}, rendered:\n{text}");
            }
        }
    }

    #[test]
    fn probes_are_deterministic_and_cover_every_position_and_signal_kind() {
        for seed in [0, 3, 2026, 4242, u64::MAX] {
            assert_eq!(generate(60, seed), generate(60, seed), "seed {seed}");
            let ps = probes(60, seed);
            let positions: BTreeSet<_> = ps.iter().map(|p| p.position).collect();
            let kinds: BTreeSet<_> = ps.iter().map(|p| p.kind).collect();
            let handlers: BTreeSet<_> = ps.iter().map(|p| p.handler).collect();
            let pairs: BTreeSet<_> = ps.iter().map(|p| (p.position, p.kind)).collect();
            assert_eq!(positions.len(), Position::ALL.len(), "seed {seed}");
            assert_eq!(kinds.len(), SignalKind::ALL.len(), "seed {seed}");
            assert_eq!(handlers.len(), 2, "seed {seed}");
            assert_eq!(pairs.len(), 36, "seed {seed}: every position with every kind");
            assert!(ps.iter().any(|p| p.wraps.len() >= 2), "seed {seed}: nested blocks");
            // Both spellings of acquire, around a position or as main's wait.
            let forms: BTreeSet<_> = ps
                .iter()
                .flat_map(|p| {
                    let mut f: Vec<AcquireForm> = p.wraps.iter().filter_map(|w| if let Wrap::If(Test::Acquire(f)) = w { Some(*f) } else { None }).collect();
                    if let (Position::ThreadTarget, Wait::Acquire(x)) = (p.position, p.wait) {
                        f.push(x);
                    }
                    if let (Position::IfBranch, Test::Acquire(x)) = (p.position, p.test) {
                        f.push(x);
                    }
                    f
                })
                .collect();
            assert_eq!(forms.len(), 2, "seed {seed}: keyword and positional acquire");
        }
        assert_ne!(generate(20, 1), generate(20, 2), "the seed matters");
    }

    #[test]
    fn a_probe_prints_markers_around_its_signal() {
        let p = Probe {
            position: Position::TryBody,
            kind: SignalKind::Kill,
            signal: Sig::SIGUSR1,
            handler: HandlerKind::Raising,
            catch: Catch::Near,
            wraps: vec![],
            tail: false,
            iterations: 1,
            variant: false,
            test: Test::MainThread,
            wait: Wait::Sleep,
            daemon: false,
            wait_last: false,
        };
        let text = render(&p.scenario());
        assert!(
            text.contains("try:\n    print(\"try: before\")\n    os.kill(os.getpid(), signal.SIGUSR1)\nexcept Boom:\n    print(\"try: caught\")\nprint(\"try: after\")\n"),
            "{text}"
        );
    }
}
