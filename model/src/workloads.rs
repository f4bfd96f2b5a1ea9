//! proptest strategies for scenarios meant to *run*: worker threads that
//! contend for locks, sleep, send signals of all three kinds, leave through
//! `sys.exit()` or an exception, and print what they do, beside a main thread
//! that may be interrupted. Used to compare the reference runtime with the
//! model (refinement) and the model with real interpreters (conformance).
//!
//! Small by construction (1–3 workers, 1–2 locks, 1–4 statements per body)
//! and built from independent parts, so proptest shrinks a failure to a few
//! statements. Every event that takes time is a multiple of 50 ms, so that a
//! real run's timing noise cannot reorder events the model orders.

use crate::scenario::*;
use proptest::prelude::*;

/// The signals a workload uses: SIGINT (KeyboardInterrupt), SIGUSR1 (POSIX
/// only: AttributeError on Windows) and SIGTERM (present everywhere).
const SIGNALS: [Sig; 3] = [Sig::SIGINT, Sig::SIGUSR1, Sig::SIGTERM];

/// A worker's statements.
#[derive(Clone, Debug)]
enum Work {
    /// `with lockK: print(...); time.sleep(s)`
    Critical { lock: usize, sleep: u32 },
    /// `with lockK: time.sleep(0.05); os.kill(os.getpid(), SIG); time.sleep(0.05)`
    /// with the signal the handler is for (SIGINT without one): a main
    /// thread waiting for the lock meanwhile is interrupted while it waits.
    HoldAndSignal { lock: usize },
    /// `if lockK.acquire(timeout=t): print(...); lockK.release()` else print
    TryAcquire { lock: usize, timeout: u32 },
    /// `time.sleep(s)`
    Sleep { ms: u32 },
    /// `print(...)`
    Say,
    /// `os.kill(os.getpid(), SIG)`
    Kill { sig: Sig },
    /// `signal.pthread_kill(threading.main_thread().ident, SIG)`
    PthreadKillMain { sig: Sig },
    /// `_thread.interrupt_main()` / `_thread.interrupt_main(SIG)`
    InterruptMain { sig: Option<Sig> },
    /// `signal.raise_signal(SIG)`
    RaiseSignal { sig: Sig },
    /// `sys.exit()`
    Exit,
    /// `raise ValueError("...")`
    Fail,
    /// `try: <work> finally: print(...)`
    Finally { body: Box<Work> },
}

/// One worker thread.
#[derive(Clone, Debug)]
struct Worker {
    /// `threading.Thread(daemon=…)` (`Some`) or `_thread.start_new_thread` (`None`).
    daemon: Option<bool>,
    body: Vec<Work>,
}

/// The main thread's statements after the prologue.
#[derive(Clone, Debug)]
enum MainWork {
    /// A worker statement, run by the main thread.
    Like(Work),
    /// `tJ.join()` / `tJ.join(timeout)`
    Join { thread: usize, timeout: Option<u32> },
    /// `try: <work> except KeyboardInterrupt: print(...) finally: print(...)`
    Guarded { body: Vec<Work> },
    /// `sys.exit(n)`
    ExitWith { code: i64 },
}

/// A workload, before it becomes a scenario.
#[derive(Clone, Debug)]
struct Workload {
    /// Per lock: whether it is an RLock.
    rlocks: Vec<bool>,
    workers: Vec<Worker>,
    /// The handler's signal and whether it raises.
    handler: Option<(Sig, bool)>,
    main: Vec<MainWork>,
    ctrl_c: u32,
}

fn ms(choices: &[u32]) -> BoxedStrategy<u32> {
    prop::sample::select(choices.to_vec()).boxed()
}

fn work(nlocks: usize, depth: u32) -> BoxedStrategy<Work> {
    let lock = 0..nlocks;
    let sig = prop::sample::select(SIGNALS.to_vec());
    let leaf = prop_oneof![
        3 => (lock.clone(), ms(&[0, 50, 100])).prop_map(|(lock, sleep)| Work::Critical { lock, sleep }),
        2 => (lock.clone(), ms(&[0, 50, 150])).prop_map(|(lock, timeout)| Work::TryAcquire { lock, timeout }),
        2 => lock.prop_map(|lock| Work::HoldAndSignal { lock }),
        2 => ms(&[50, 100, 200]).prop_map(|ms| Work::Sleep { ms }),
        2 => Just(Work::Say),
        1 => sig.clone().prop_map(|sig| Work::Kill { sig }),
        1 => sig.clone().prop_map(|sig| Work::PthreadKillMain { sig }),
        1 => prop::option::of(sig.clone()).prop_map(|sig| Work::InterruptMain { sig }),
        1 => sig.prop_map(|sig| Work::RaiseSignal { sig }),
        1 => Just(Work::Exit),
        1 => Just(Work::Fail),
    ]
    .boxed();
    if depth == 0 {
        return leaf;
    }
    prop_oneof![5 => leaf.clone(), 1 => work(nlocks, depth - 1).prop_map(|w| Work::Finally { body: Box::new(w) })].boxed()
}

fn workload() -> impl Strategy<Value = Workload> {
    (1..=2usize, 1..=3usize).prop_flat_map(|(nlocks, nworkers)| {
        let worker = (prop::option::of(any::<bool>()), prop::collection::vec(work(nlocks, 1), 1..=4))
            .prop_map(|(daemon, body)| Worker { daemon, body });
        let threading: Vec<usize> = (0..nworkers).collect();
        let main_work = prop_oneof![
            4 => work(nlocks, 1).prop_map(MainWork::Like),
            2 => (prop::sample::select(threading), prop::option::of(ms(&[50, 100, 250])))
                .prop_map(|(thread, timeout)| MainWork::Join { thread, timeout }),
            2 => prop::collection::vec(work(nlocks, 0), 1..=2).prop_map(|body| MainWork::Guarded { body }),
            1 => (0..=3i64).prop_map(|code| MainWork::ExitWith { code }),
        ];
        (
            prop::collection::vec(any::<bool>(), nlocks),
            prop::collection::vec(worker, nworkers),
            // Mostly a handler, mostly on SIGINT, mostly one that does not
            // raise: then Ctrl-C and signals interrupt waits that resume.
            prop_oneof![
                1 => Just(None),
                4 => (prop_oneof![2 => Just(Sig::SIGINT), 1 => Just(Sig::SIGUSR1), 1 => Just(Sig::SIGTERM)], prop::bool::weighted(0.3))
                    .prop_map(Some),
            ],
            prop::collection::vec(main_work, 1..=4),
            0..=1u32,
        )
            .prop_map(|(rlocks, workers, handler, main, ctrl_c)| Workload { rlocks, workers, handler, main, ctrl_c })
    })
}

/// Any runnable scenario. Its statements have no locations: render and
/// parse it to get lines (`frontend::parse(&render(&s), …)`).
pub fn runnable() -> impl Strategy<Value = Scenario> {
    workload().prop_map(|w| w.scenario())
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt { kind, loc: Loc::NONE }
}

fn say(words: &str) -> Stmt {
    stmt(StmtKind::Print { args: vec![Expr::str(words)], flush: false, sep: None, end: None, stderr: false })
}

fn seconds(ms: u32) -> Number {
    if ms % 1000 == 0 {
        Number::Int(i64::from(ms / 1000))
    } else {
        Number::Float(Float(f64::from(ms) / 1000.0))
    }
}

impl Work {
    /// The statements; `who` names the thread in what it prints.
    fn stmts(&self, who: &str, handled: Sig) -> Vec<Stmt> {
        let lock = |k: usize| format!("lock{k}");
        match self {
            Work::Critical { lock: k, sleep } => {
                let mut body = vec![say(&format!("{who} in {}", lock(*k)))];
                if *sleep > 0 {
                    body.push(stmt(StmtKind::Sleep { seconds: seconds(*sleep) }));
                }
                vec![stmt(StmtKind::With { lock: lock(*k), body })]
            }
            Work::HoldAndSignal { lock: k } => vec![stmt(StmtKind::With {
                lock: lock(*k),
                body: vec![
                    stmt(StmtKind::Sleep { seconds: seconds(50) }),
                    stmt(StmtKind::Kill { signal: handled.into() }),
                    stmt(StmtKind::Sleep { seconds: seconds(50) }),
                ],
            })],
            Work::TryAcquire { lock: k, timeout } => vec![stmt(StmtKind::If {
                test: Expr::Acquire { lock: lock(*k), blocking: None, timeout: Some(Box::new(Expr::number(seconds(*timeout)))), keywords: true },
                body: vec![say(&format!("{who} got {}", lock(*k))), stmt(StmtKind::Release { lock: lock(*k) })],
                orelse: vec![say(&format!("{who} gave up on {}", lock(*k)))],
            })],
            Work::Sleep { ms } => vec![stmt(StmtKind::Sleep { seconds: seconds(*ms) })],
            Work::Say => vec![say(&format!("{who} working"))],
            Work::Kill { sig } => vec![stmt(StmtKind::Kill { signal: (*sig).into() })],
            Work::PthreadKillMain { sig } => vec![stmt(StmtKind::PthreadKill { thread: ThreadRef::Main, signal: (*sig).into() })],
            Work::InterruptMain { sig } => vec![stmt(StmtKind::InterruptMain { signal: sig.map(SigArg::Known) })],
            Work::RaiseSignal { sig } => vec![stmt(StmtKind::RaiseSignal { signal: (*sig).into() })],
            Work::Exit => vec![stmt(StmtKind::SysExit { code: None })],
            Work::Fail => vec![stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: ExcType::ValueError, arg: Some(Expr::str(&format!("{who} failed"))) }),
            })],
            Work::Finally { body } => vec![stmt(StmtKind::Try {
                body: body.stmts(who, handled),
                handlers: vec![],
                orelse: vec![],
                finalbody: vec![say(&format!("{who} finally"))],
            })],
        }
    }
}

/// The start of a workload's main code: the locks, the handler (its
/// function is added to `functions`) and the workers, started.
fn setup(rlocks: &[bool], handler: Option<(Sig, bool)>, daemons: &[Option<bool>], functions: &mut Vec<Function>) -> Vec<Stmt> {
    let mut main = Vec::new();
    for (k, &r) in rlocks.iter().enumerate() {
        let ctor = if r { LockCtor::RLock } else { LockCtor::Lock };
        main.push(stmt(StmtKind::NewLock { target: format!("lock{k}"), ctor }));
    }
    if let Some((sig, raises)) = handler {
        let mut body = vec![say("handler ran")];
        if raises {
            body.push(stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: ExcType::RuntimeError, arg: Some(Expr::str("from handler")) }),
            }));
        }
        functions.push(Function { name: "handler".into(), params: vec!["signum".into(), "frame".into()], body, defaults: Vec::new(), loc: Loc::NONE });
        main.push(stmt(StmtKind::SetHandler { signal: sig, handler: Handler::Function("handler".into()), old: None }));
    }
    for (i, d) in daemons.iter().enumerate() {
        match d {
            Some(daemon) => {
                main.push(stmt(StmtKind::NewThread { target: format!("t{i}"), function: format!("worker{i}"), daemon: Some(*daemon), args: Vec::new(), name: None }));
                main.push(stmt(StmtKind::Start { thread: format!("t{i}") }));
            }
            None => main.push(stmt(StmtKind::StartNewThread { function: format!("worker{i}"), args: Vec::new() })),
        }
    }
    main
}

impl Workload {
    fn scenario(&self) -> Scenario {
        let threads: Vec<String> = (0..self.workers.len()).map(|i| format!("t{i}")).collect();
        let handled = self.handler.map_or(Sig::SIGINT, |(sig, _)| sig);
        let mut functions = Vec::new();
        for (i, w) in self.workers.iter().enumerate() {
            let who = format!("w{i}");
            let body = w.body.iter().flat_map(|x| x.stmts(&who, handled)).collect();
            functions.push(Function { name: format!("worker{i}"), params: vec![], body, defaults: Vec::new(), loc: Loc::NONE });
        }
        let daemons: Vec<Option<bool>> = self.workers.iter().map(|w| w.daemon).collect();
        let mut main = setup(&self.rlocks, self.handler, &daemons, &mut functions);
        for m in &self.main {
            match m {
                MainWork::Like(w) => main.extend(w.stmts("main", handled)),
                // Only a threading.Thread can be joined.
                MainWork::Join { thread, timeout } => match self.workers.get(*thread).and_then(|w| w.daemon) {
                    Some(_) => main.push(stmt(StmtKind::Join { thread: threads[*thread].clone(), timeout: timeout.map(seconds) })),
                    None => main.push(stmt(StmtKind::Sleep { seconds: seconds(50) })),
                },
                MainWork::Guarded { body } => main.push(stmt(StmtKind::Try {
                    body: body.iter().flat_map(|w| w.stmts("main", handled)).collect(),
                    handlers: vec![ExceptHandler {
                        types: vec![ExcType::KeyboardInterrupt],
                        name: None,
                        body: vec![say("main interrupted")],
                        loc: Loc::NONE,
                    }],
                    orelse: vec![],
                    finalbody: vec![say("main finally")],
                })),
                MainWork::ExitWith { code } => main.push(stmt(StmtKind::SysExit { code: Some(Expr::int(*code)) })),
            }
        }
        main.push(say("main done"));
        Scenario {
            imports: Module::ALL.iter().map(|&module| Import { module, loc: Loc::NONE }).collect(),
            ctrl_c: self.ctrl_c,
            allow: Vec::new(),
            exceptions: Vec::new(),
            functions,
            classes: Vec::new(),
            main,
        }
    }
}

// ---- timed workloads: for real interpreters ---------------------------------

/// One action of a timed workload, at its own 50 ms slot.
#[derive(Clone, Debug)]
enum Act {
    /// `print(...)`
    Say,
    /// `with lockK: print(...); time.sleep(…)`, released half a slot after
    /// `hold` slots. The main thread may wait for a worker's lock here; a
    /// worker never waits: where the lock would be taken, it only tries.
    Hold { lock: usize, hold: u32 },
    /// `if lockK.acquire(False): print(...); lockK.release()` else print.
    TryAcquire { lock: usize },
    /// `os.kill(os.getpid(), SIG)`
    Kill { sig: Sig },
    /// `signal.pthread_kill(threading.main_thread().ident, SIG)`
    PthreadKillMain { sig: Sig },
    /// `_thread.interrupt_main()`
    InterruptMain,
    /// `sys.exit()` (ends the thread's actions)
    Exit,
    /// `raise ValueError(...)` (ends the thread's actions)
    Fail,
    /// `ev.set()` of the shared `threading.Event` (it prints nothing: a
    /// thread waiting for it prints at the same moment).
    SetEvent,
    /// `ev.clear()`
    ClearEvent,
    /// `if ev.wait(slots * 100 ms + 50 ms): print(...)` else print: woken by
    /// a set at a slot, or timing out half a slot after one.
    WaitEvent { slots: u32 },
    /// `q.put(slot)` of the shared `queue.Queue()` (prints nothing).
    Put,
    /// `try: print(who, q.get(timeout=…))`, `except queue.Empty: print(…)`,
    /// timing out half a slot after one.
    Get { slots: u32 },
    /// `sem.release()` of the shared `threading.Semaphore(0)`.
    ReleaseSem,
    /// `if sem.acquire(timeout=…): print(...)` else print.
    AcquireSem { slots: u32 },
    /// `with cond: cond.notify_all()` of the shared `threading.Condition()`.
    Notify,
    /// `with cond: if cond.wait(…): print(...)` else print.
    WaitCond { slots: u32 },
    /// `tm = threading.Timer(slots * 100 ms, ring, [who])`, started; with
    /// `cancel`, `time.sleep(cancel * 100 ms)` and `tm.cancel()`. The slots
    /// it rings and is cancelled at are kept free of other actions.
    Timer { slots: u32, cancel: Option<u32> },
    /// `print(who, pool.submit(task, slot).result())` of the shared
    /// `ThreadPoolExecutor(2)`: the task prints in a worker, then the caller.
    Submit,
}

/// A timed workload: every action of every thread at its own slot.
#[derive(Clone, Debug)]
struct Timed {
    rlocks: Vec<bool>,
    /// Per worker: `threading.Thread(daemon=…)` (`Some`) or `_thread` (`None`).
    daemons: Vec<Option<bool>>,
    /// (thread, action) in slot order: thread 0 is main, then the workers.
    acts: Vec<(usize, Act)>,
    /// The handler's signal and whether it raises.
    handler: Option<(Sig, bool)>,
    /// Whether main joins its `threading` workers before it ends.
    join: bool,
}

fn act(nlocks: usize) -> BoxedStrategy<Act> {
    let sig = prop::sample::select(SIGNALS.to_vec());
    prop_oneof![
        3 => Just(Act::Say),
        3 => (0..nlocks, 1..=3u32).prop_map(|(lock, hold)| Act::Hold { lock, hold }),
        2 => (0..nlocks).prop_map(|lock| Act::TryAcquire { lock }),
        1 => sig.clone().prop_map(|sig| Act::Kill { sig }),
        1 => sig.prop_map(|sig| Act::PthreadKillMain { sig }),
        1 => Just(Act::InterruptMain),
        1 => Just(Act::Exit),
        1 => Just(Act::Fail),
        1 => Just(Act::SetEvent),
        1 => Just(Act::ClearEvent),
        2 => (0..=2u32).prop_map(|slots| Act::WaitEvent { slots }),
        1 => Just(Act::Put),
        1 => (0..=2u32).prop_map(|slots| Act::Get { slots }),
        1 => Just(Act::ReleaseSem),
        1 => (0..=2u32).prop_map(|slots| Act::AcquireSem { slots }),
        1 => Just(Act::Notify),
        1 => (0..=2u32).prop_map(|slots| Act::WaitCond { slots }),
        // A cancel at the very moment it rings would race.
        1 => (1..=3u32, prop::option::of(1..=3u32)).prop_map(|(slots, cancel)| Act::Timer { slots, cancel: cancel.filter(|&c| c != slots) }),
        1 => Just(Act::Submit),
    ]
    .boxed()
}

/// Scenarios for real interpreters: 1–3 workers and the main thread take
/// turns, each action in its own 100 ms slot (threads `time.sleep` to reach
/// their slots) and each lock release half a slot after one, so no two
/// threads act within 50 ms of each other and real timing noise well under
/// that cannot change the outcome. No Ctrl-C pragma: signals come from the
/// threads, at their slots.
pub fn timed() -> impl Strategy<Value = Scenario> {
    (1..=2usize, 1..=3usize).prop_flat_map(|(nlocks, nworkers)| {
        (
            prop::collection::vec(any::<bool>(), nlocks),
            prop::collection::vec(prop::option::of(any::<bool>()), nworkers),
            prop::collection::vec((0..=nworkers, act(nlocks)), 2..=10),
            prop_oneof![
                1 => Just(None),
                2 => (prop::sample::select(SIGNALS.to_vec()), any::<bool>()).prop_map(Some),
            ],
            any::<bool>(),
        )
            .prop_map(|(rlocks, daemons, mut acts, handler, join)| {
                // A raising handler and `interrupt_main()`: the handler can
                // run while the KeyboardInterrupt's traceback is printed,
                // which the model does not follow (CP22).
                if handler.is_some_and(|(_, raises)| raises) {
                    for (_, a) in &mut acts {
                        if matches!(a, Act::InterruptMain) {
                            *a = Act::Say;
                        }
                    }
                }
                Timed { rlocks, daemons, acts, handler, join }.scenario()
            })
    })
}

/// A non-blocking try: `if lockK.acquire(False): print(...); lockK.release()`.
fn try_lock(who: &str, lock: &str) -> Vec<Stmt> {
    vec![stmt(StmtKind::If {
        test: Expr::Acquire { lock: lock.to_string(), blocking: Some(false), timeout: None, keywords: false },
        body: vec![say(&format!("{who} got {lock}")), stmt(StmtKind::Release { lock: lock.to_string() })],
        orelse: vec![say(&format!("{who} gave up on {lock}"))],
    })]
}

/// `if call: print(who, saw) else: print(who, timed out)`.
fn waited(who: &str, call: Expr, what: &str) -> Stmt {
    stmt(StmtKind::If { test: call, body: vec![say(&format!("{who} got {what}"))], orelse: vec![say(&format!("{who} timed out on {what}"))] })
}

/// `name.method(args)` of a workload's shared object.
fn call(name: &str, method: &str, args: Vec<Expr>) -> Expr {
    Expr::Method { value: Box::new(Expr::name(name)), method: method.into(), args }
}

/// The shared objects a workload's actions use: name, class and the
/// arguments it is made with (before the workers start), in the front
/// end's order of library classes.
const SHARED: [(&str, &str, fn() -> Vec<Expr>); 5] = [
    ("ev", "threading.Event", Vec::new),
    ("q", "queue.Queue", || vec![Expr::int(0)]),
    ("sem", "threading.Semaphore", || vec![Expr::int(0)]),
    ("cond", "threading.Condition", || vec![Expr::lit(Literal::None)]),
    ("pool", "concurrent.futures.ThreadPoolExecutor", || vec![Expr::int(2), Expr::str("")]),
];

impl Act {
    /// The statements of an action at slot `slot` (a wait's timeout and a
    /// timer's cancel take time; the others none).
    fn stmts(&self, who: &str, slot: u32) -> Vec<Stmt> {
        match self {
            Act::Say => vec![say(&format!("{who} working"))],
            Act::Hold { lock, .. } | Act::TryAcquire { lock } => try_lock(who, &format!("lock{lock}")),
            Act::Kill { sig } => vec![stmt(StmtKind::Kill { signal: (*sig).into() })],
            Act::PthreadKillMain { sig } => vec![stmt(StmtKind::PthreadKill { thread: ThreadRef::Main, signal: (*sig).into() })],
            Act::InterruptMain => vec![stmt(StmtKind::InterruptMain { signal: None })],
            Act::Exit => vec![stmt(StmtKind::SysExit { code: None })],
            Act::Fail => vec![stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: ExcType::ValueError, arg: Some(Expr::str(&format!("{who} failed"))) }),
            })],
            Act::SetEvent => vec![stmt(StmtKind::Expr { value: event_call("set", Vec::new()) })],
            Act::ClearEvent => vec![stmt(StmtKind::Expr { value: event_call("clear", Vec::new()) })],
            Act::WaitEvent { slots } => vec![stmt(StmtKind::If {
                test: event_call("wait", vec![Expr::number(seconds(slots * SLOT + SLOT / 2))]),
                body: vec![say(&format!("{who} saw ev set"))],
                orelse: vec![say(&format!("{who} timed out on ev"))],
            })],
            Act::Put => vec![stmt(StmtKind::Expr { value: call("q", "put", vec![Expr::int(i64::from(slot)), Expr::lit(Literal::Bool(true)), Expr::lit(Literal::None)]) })],
            Act::Get { slots } => vec![stmt(StmtKind::Try {
                body: vec![stmt(StmtKind::Print {
                    args: vec![Expr::str(&format!("{who} got")), call("q", "get", vec![Expr::lit(Literal::Bool(true)), Expr::number(seconds(slots * SLOT + SLOT / 2))])],
                    flush: false,
                    sep: None,
                    end: None,
                    stderr: false,
                })],
                handlers: vec![ExceptHandler { types: vec![ExcType::user("queue.Empty".to_string(), ExcType::Exception)], name: None, body: vec![say(&format!("{who} found q empty"))], loc: Loc::NONE }],
                orelse: vec![],
                finalbody: vec![],
            })],
            // `release()`: 3.8's has no `n` (TypeError for `release(1)`).
            Act::ReleaseSem => vec![stmt(StmtKind::Expr { value: call("sem", "release", Vec::new()) })],
            Act::AcquireSem { slots } => {
                vec![waited(who, call("sem", "acquire", vec![Expr::lit(Literal::Bool(true)), Expr::number(seconds(slots * SLOT + SLOT / 2))]), "sem")]
            }
            Act::Notify => vec![stmt(StmtKind::WithObject {
                object: "cond".into(),
                enter_args: Vec::new(),
                body: vec![stmt(StmtKind::Expr { value: call("cond", "notify_all", Vec::new()) })],
                context: None,
                target: None,
            })],
            Act::WaitCond { slots } => vec![stmt(StmtKind::WithObject {
                object: "cond".into(),
                enter_args: Vec::new(),
                body: vec![waited(who, call("cond", "wait", vec![Expr::number(seconds(slots * SLOT + SLOT / 2))]), "cond")],
                context: None,
                target: None,
            })],
            Act::Timer { slots, cancel } => {
                let args = vec![Expr::number(seconds(slots * SLOT)), Expr::FuncRef { function: "ring".into() }, Expr::List { items: vec![Expr::str(who)] }, Expr::lit(Literal::None)];
                let mut v = vec![
                    stmt(StmtKind::Assign { target: "tm".into(), value: Expr::New { class: "threading.Timer".into(), args, thread: None, kwargs: None } }),
                    stmt(StmtKind::Start { thread: "tm".into() }),
                ];
                if let Some(c) = cancel {
                    v.push(sleep_ms(c * SLOT));
                    v.push(stmt(StmtKind::Expr { value: call("tm", "cancel", Vec::new()) }));
                }
                v
            }
            Act::Submit => {
                let submit = call("pool", "submit", vec![Expr::FuncRef { function: "task".into() }, Expr::int(i64::from(slot))]);
                vec![stmt(StmtKind::Print {
                    args: vec![Expr::str(&format!("{who} got")), Expr::Method { value: Box::new(submit), method: "result".into(), args: vec![Expr::lit(Literal::None)] }],
                    flush: false,
                    sep: None,
                    end: None,
                    stderr: false,
                })]
            }
        }
    }

    /// When, after it starts (ms), something of the action happens that no
    /// other thread's may share: a wait's timeout, a lock's release, a
    /// timer's ring and its cancel.
    fn later(&self) -> Vec<u32> {
        match self {
            Act::Timer { slots, cancel } => std::iter::once(*slots).chain(*cancel).map(|k| k * SLOT).collect(),
            Act::Hold { hold, .. } => vec![hold * SLOT + SLOT / 2],
            a => match a.lasts() {
                0 => Vec::new(),
                n => vec![n],
            },
        }
    }

    /// The shared object it uses (`SHARED`'s name), if any.
    fn shared(&self) -> Option<&'static str> {
        match self {
            Act::SetEvent | Act::ClearEvent | Act::WaitEvent { .. } => Some("ev"),
            Act::Put | Act::Get { .. } => Some("q"),
            Act::ReleaseSem | Act::AcquireSem { .. } => Some("sem"),
            Act::Notify | Act::WaitCond { .. } => Some("cond"),
            Act::Submit => Some("pool"),
            _ => None,
        }
    }

    /// How long the action can take (a wait's timeout).
    fn lasts(&self) -> u32 {
        match self {
            Act::WaitEvent { slots } | Act::Get { slots } | Act::AcquireSem { slots } | Act::WaitCond { slots } => slots * SLOT + SLOT / 2,
            Act::Timer { cancel: Some(c), .. } => c * SLOT,
            _ => 0,
        }
    }

    fn ends_thread(&self) -> bool {
        matches!(self, Act::Exit | Act::Fail)
    }
}

/// `ev.method(args)` of the workload's shared `threading.Event`.
fn event_call(method: &str, args: Vec<Expr>) -> Expr {
    Expr::Method { value: Box::new(Expr::name("ev")), method: method.into(), args }
}

/// Milliseconds per slot; a lock is released half a slot after its last,
/// so any two events of different threads are at least 50 ms apart.
const SLOT: u32 = 100;

fn sleep_ms(ms: u32) -> Stmt {
    stmt(StmtKind::Sleep { seconds: seconds(ms) })
}

impl Timed {
    /// Lays the actions out in time. Every action but a lock's release
    /// happens on a slot (a multiple of 100 ms) no other action uses; a
    /// release happens half a slot later. Workers never block; the main thread
    /// may block on a worker's lock, until that worker's release.
    fn scenario(&self) -> Scenario {
        let nthreads = self.daemons.len() + 1;
        let mut bodies: Vec<Vec<Stmt>> = vec![Vec::new(); nthreads];
        // Each thread's time (ms) when its code reaches its next action.
        let mut clock = vec![0u32; nthreads];
        let mut ended = vec![false; nthreads];
        // Per lock, who holds it when: (from, until, thread).
        let mut held: Vec<Vec<(u32, u32, usize)>> = vec![Vec::new(); self.rlocks.len()];
        let mut slot = 0u32;
        // The moments (ms) something happens later than its action's slot
        // (a timeout, a release, a ring): no other action there, and no
        // two of them at once.
        let mut kept: Vec<u32> = Vec::new();
        for (t, a) in &self.acts {
            let t = *t % nthreads;
            if ended[t] {
                continue;
            }
            slot = (slot + 1).max(clock[t].div_ceil(SLOT));
            while kept.contains(&(slot * SLOT)) || a.later().iter().any(|k| kept.contains(&(slot * SLOT + k))) {
                slot += 1;
            }
            kept.extend(a.later().into_iter().map(|k| slot * SLOT + k));
            let at = slot * SLOT;
            if at > clock[t] {
                bodies[t].push(sleep_ms(at - clock[t]));
            }
            clock[t] = at;
            let who = if t == 0 { "main".to_string() } else { format!("w{}", t - 1) };
            match a {
                Act::Hold { lock, hold } => {
                    let name = format!("lock{lock}");
                    let holder = held[*lock].iter().find(|&&(from, until, by)| by != t && from <= at && at < until).copied();
                    match holder {
                        // A worker only tries a lock someone holds.
                        Some(_) if t != 0 => bodies[t].extend(try_lock(&who, &name)),
                        // The main thread waits for the worker's release.
                        Some((_, release, _)) => {
                            let until = release + hold * SLOT;
                            kept.push(until);
                            bodies[t].push(stmt(StmtKind::With {
                                lock: name.clone(),
                                body: vec![say(&format!("{who} has {name}")), sleep_ms(hold * SLOT)],
                            }));
                            held[*lock].push((at, until, t));
                            clock[t] = until;
                        }
                        None => {
                            let until = at + hold * SLOT + SLOT / 2;
                            bodies[t].push(stmt(StmtKind::With {
                                lock: name.clone(),
                                body: vec![say(&format!("{who} has {name}")), sleep_ms(hold * SLOT + SLOT / 2)],
                            }));
                            held[*lock].push((at, until, t));
                            clock[t] = until;
                        }
                    }
                }
                other => {
                    bodies[t].extend(other.stmts(&who, slot));
                    clock[t] = at + other.lasts();
                }
            }
            ended[t] = a.ends_thread();
        }
        let mut functions = Vec::new();
        for (i, body) in bodies.iter().enumerate().skip(1) {
            // An idle worker does nothing visible (a print at 0 ms would race).
            let body = if body.is_empty() { vec![stmt(StmtKind::Pass)] } else { body.clone() };
            functions.push(Function { name: format!("worker{}", i - 1), params: vec![], body, defaults: Vec::new(), loc: Loc::NONE });
        }
        let mut main = setup(&self.rlocks, self.handler, &self.daemons, &mut functions);
        // The shared objects, made before the workers start; the library
        // classes in the front end's order.
        let used: Vec<&str> = self.acts.iter().filter_map(|(_, a)| a.shared()).collect();
        let timers = self.acts.iter().any(|(_, a)| matches!(a, Act::Timer { .. }));
        let mut wanted = Vec::new();
        let mut made = Vec::new();
        for (name, class, args) in SHARED {
            if used.contains(&name) {
                made.push(stmt(StmtKind::Assign { target: name.to_string(), value: Expr::New { class: class.to_string(), args: args(), thread: None, kwargs: None } }));
                wanted.push(class);
            }
        }
        main.splice(0..0, made);
        if timers {
            wanted.push("threading.Timer");
            functions.push(Function { name: "ring".into(), params: vec!["who".into()], body: vec![stmt(StmtKind::Print { args: vec![Expr::str("timer of"), Expr::name("who"), Expr::str("rang")], flush: false, sep: None, end: None, stderr: false })], defaults: Vec::new(), loc: Loc::NONE });
        }
        if used.contains(&"pool") {
            let body = vec![
                stmt(StmtKind::Print { args: vec![Expr::str("task"), Expr::name("n")], flush: false, sep: None, end: None, stderr: false }),
                stmt(StmtKind::Return { value: Some(Expr::name("n")) }),
            ];
            functions.push(Function { name: "task".into(), params: vec!["n".into()], body, defaults: Vec::new(), loc: Loc::NONE });
        }
        let (classes, exceptions) = crate::frontend::library_for_all(&wanted);
        main.extend(bodies[0].iter().cloned());
        if !ended[0] {
            // "main done" at a slot of its own: a thread that a last set,
            // put, release or notify of main wakes prints before it.
            let mut last = (slot + 1).max(clock[0].div_ceil(SLOT));
            while kept.contains(&(last * SLOT)) {
                last += 1;
            }
            main.push(sleep_ms(last * SLOT - clock[0]));
        }
        if self.join && !ended[0] {
            for (i, d) in self.daemons.iter().enumerate() {
                if d.is_some() {
                    main.push(stmt(StmtKind::Join { thread: format!("t{i}"), timeout: None }));
                }
            }
        }
        if !ended[0] {
            main.push(say("main done"));
        }
        Scenario {
            imports: Module::ALL.iter().map(|&module| Import { module, loc: Loc::NONE }).collect(),
            ctrl_c: 0,
            allow: Vec::new(),
            exceptions,
            functions,
            classes,
            main,
        }
    }
}

/// The scaling family of the benchmarks and the symmetry tests: `n`
/// `_thread` workers each take one lock twice (`with lock:`) while Ctrl-C
/// may come at any moment; the main thread sleeps 1 s, then exits.
pub fn contention(n: usize) -> String {
    format!(
        "# pythread: ctrl-c\nimport _thread\nimport time\n\nlock = _thread.allocate_lock()\n\n\ndef worker():\n    for _ in range(2):\n        with lock:\n            pass\n\n\nfor _ in range({n}):\n    _thread.start_new_thread(worker, ())\ntime.sleep(1)\n"
    )
}
