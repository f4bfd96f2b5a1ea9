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
    stmt(StmtKind::Print { args: vec![Expr::str(words)], flush: false })
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
                    stmt(StmtKind::Kill { signal: handled }),
                    stmt(StmtKind::Sleep { seconds: seconds(50) }),
                ],
            })],
            Work::TryAcquire { lock: k, timeout } => vec![stmt(StmtKind::If {
                test: Expr::Acquire { lock: lock(*k), blocking: None, timeout: Some(seconds(*timeout)) },
                body: vec![say(&format!("{who} got {}", lock(*k))), stmt(StmtKind::Release { lock: lock(*k) })],
                orelse: vec![say(&format!("{who} gave up on {}", lock(*k)))],
            })],
            Work::Sleep { ms } => vec![stmt(StmtKind::Sleep { seconds: seconds(*ms) })],
            Work::Say => vec![say(&format!("{who} working"))],
            Work::Kill { sig } => vec![stmt(StmtKind::Kill { signal: *sig })],
            Work::PthreadKillMain { sig } => vec![stmt(StmtKind::PthreadKill { thread: ThreadRef::Main, signal: *sig })],
            Work::InterruptMain { sig } => vec![stmt(StmtKind::InterruptMain { signal: *sig })],
            Work::RaiseSignal { sig } => vec![stmt(StmtKind::RaiseSignal { signal: *sig })],
            Work::Exit => vec![stmt(StmtKind::SysExit { code: None })],
            Work::Fail => vec![stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: ExcType::ValueError, arg: Some(Literal::Str(format!("{who} failed"))) }),
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

impl Workload {
    fn scenario(&self) -> Scenario {
        let threads: Vec<String> = (0..self.workers.len()).map(|i| format!("t{i}")).collect();
        let handled = self.handler.map_or(Sig::SIGINT, |(sig, _)| sig);
        let mut functions = Vec::new();
        for (i, w) in self.workers.iter().enumerate() {
            let who = format!("w{i}");
            let body = w.body.iter().flat_map(|x| x.stmts(&who, handled)).collect();
            functions.push(Function { name: format!("worker{i}"), params: vec![], body, loc: Loc::NONE });
        }
        let mut main = Vec::new();
        for (k, &r) in self.rlocks.iter().enumerate() {
            let ctor = if r { LockCtor::RLock } else { LockCtor::Lock };
            main.push(stmt(StmtKind::NewLock { target: format!("lock{k}"), ctor }));
        }
        if let Some((sig, raises)) = self.handler {
            let mut body = vec![say("handler ran")];
            if raises {
                body.push(stmt(StmtKind::Raise {
                    exception: Some(RaiseExc { exc: ExcType::RuntimeError, arg: Some(Literal::Str("from handler".into())) }),
                }));
            }
            functions.push(Function { name: "handler".into(), params: vec!["signum".into(), "frame".into()], body, loc: Loc::NONE });
            main.push(stmt(StmtKind::SetHandler { signal: sig, handler: Handler::Function("handler".into()) }));
        }
        for (i, w) in self.workers.iter().enumerate() {
            match w.daemon {
                Some(daemon) => {
                    main.push(stmt(StmtKind::NewThread { target: threads[i].clone(), function: format!("worker{i}"), daemon: Some(daemon) }));
                    main.push(stmt(StmtKind::Start { thread: threads[i].clone() }));
                }
                None => main.push(stmt(StmtKind::StartNewThread { function: format!("worker{i}") })),
            }
        }
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
            exceptions: Vec::new(),
            functions,
            main,
        }
    }
}
