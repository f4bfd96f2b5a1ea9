//! The primitives, operation by operation, with proptest-state-machine: the
//! reference state machine is the model (each operation becomes a statement
//! of a one-thread script, and the model runs the script so far), the system
//! under test is the runtime's API called directly from its main thread.
//! After every operation both sides must agree on what it printed (its
//! value, or the exception class and message), on which locks are held, and
//! on the virtual time.

use proptest::prelude::*;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use pythread_impl::{Clock, ExcKind, Handler, Lock, PyException, RLock, Runtime};
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::scenario::*;
use pythread_model::state::State;
use pythread_model::variant::{Variant, Version};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use stateright::Model;

/// What `signal.signal` installs in these tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HandlerKind {
    Ignore,
    DefaultInt,
    /// `def handler(signum, frame): pass`
    Quiet,
    /// `def handler(signum, frame): raise RuntimeError("from handler")`
    Raising,
}

/// One operation of the main thread.
#[derive(Clone, Debug)]
enum Op {
    NewLock { reentrant: bool },
    Acquire { lock: usize, blocking: Option<bool>, timeout: Option<f64> },
    Release { lock: usize },
    Locked { lock: usize },
    Sleep { ms: u32 },
    SetHandler { sig: Sig, kind: HandlerKind },
    RaiseSignal { sig: Sig },
    InterruptMain { sig: Option<Sig> },
}

/// The model's view after the operations so far.
#[derive(Clone, Debug)]
struct Reference {
    variant: Variant,
    ops: Vec<Op>,
    /// One line per operation: what the script printed for it.
    printed: Vec<String>,
    /// Per lock: whether it is an RLock and its count.
    locks: Vec<(bool, u32)>,
    /// The handler per signal (`None`: SIG_DFL).
    handlers: [Option<HandlerKind>; 5],
    /// Virtual time.
    now: u64,
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt { kind, loc: Loc::NONE }
}

fn say(args: Vec<Expr>) -> Stmt {
    stmt(StmtKind::Print { args, flush: false, sep: None, end: None, stderr: false })
}

fn number(t: f64) -> Number {
    if t.fract() == 0.0 && t.abs() < 1e15 {
        Number::Int(t as i64)
    } else {
        Number::Float(Float(t))
    }
}

/// The script of the operations: each in a `try` that prints its value or
/// its exception.
fn script(ops: &[Op]) -> Scenario {
    let lock = |i: usize| format!("lock{i}");
    let mut main = Vec::new();
    let functions = vec![
        Function { name: "quiet".into(), params: vec!["signum".into(), "frame".into()], body: vec![stmt(StmtKind::Pass)], defaults: Vec::new(), loc: Loc::NONE },
        Function {
            name: "raising".into(),
            params: vec!["signum".into(), "frame".into()],
            body: vec![stmt(StmtKind::Raise {
                exception: Some(RaiseExc { exc: ExcType::RuntimeError, arg: Some(Expr::str("from handler")) }),
            })],
            defaults: Vec::new(),
            loc: Loc::NONE,
        },
    ];
    let mut nlocks = 0;
    for op in ops {
        let ok = || say(vec![Expr::str("ok")]);
        let body = match op {
            Op::NewLock { reentrant } => {
                nlocks += 1;
                let ctor = if *reentrant { LockCtor::RLock } else { LockCtor::Lock };
                vec![stmt(StmtKind::NewLock { target: lock(nlocks - 1), ctor }), ok()]
            }
            Op::Acquire { lock: l, blocking, timeout } => {
                vec![say(vec![Expr::Acquire { lock: lock(*l), blocking: *blocking, timeout: timeout.map(|t| Box::new(Expr::number(number(t)))), keywords: blocking.is_none() && timeout.is_some() }])]
            }
            Op::Release { lock: l } => vec![stmt(StmtKind::Release { lock: lock(*l) }), ok()],
            Op::Locked { lock: l } => vec![say(vec![Expr::Locked { lock: lock(*l) }])],
            Op::Sleep { ms } => vec![stmt(StmtKind::Sleep { seconds: number(f64::from(*ms) / 1000.0) }), ok()],
            Op::SetHandler { sig, kind } => {
                use pythread_model::scenario::Handler as H;
                let handler = match kind {
                    HandlerKind::Ignore => H::Ignore,
                    HandlerKind::DefaultInt => H::DefaultInt,
                    HandlerKind::Quiet => H::Function("quiet".into()),
                    HandlerKind::Raising => H::Function("raising".into()),
                };
                vec![stmt(StmtKind::SetHandler { signal: *sig, handler, old: None }), ok()]
            }
            Op::RaiseSignal { sig } => vec![stmt(StmtKind::RaiseSignal { signal: (*sig).into() }), ok()],
            Op::InterruptMain { sig } => vec![stmt(StmtKind::InterruptMain { signal: sig.map(SigArg::Known) }), ok()],
        };
        let catch = |exc: ExcType| ExceptHandler {
            types: vec![exc.clone()],
            name: Some("e".into()),
            body: vec![say(vec![Expr::str(exc.name()), Expr::name("e")])],
            loc: Loc::NONE,
        };
        main.push(stmt(StmtKind::Try {
            body,
            handlers: vec![
                ExceptHandler { types: vec![ExcType::KeyboardInterrupt], name: None, body: vec![say(vec![Expr::str("KeyboardInterrupt")])], loc: Loc::NONE },
                catch(ExcType::ValueError),
                catch(ExcType::RuntimeError),
                catch(ExcType::OverflowError),
                catch(ExcType::AttributeError),
                catch(ExcType::Exception),
            ],
            orelse: vec![],
            finalbody: vec![],
        }));
    }
    Scenario {
        imports: Module::ALL.iter().map(|&module| Import { module, loc: Loc::NONE }).collect(),
        ctrl_c: 0,
        allow: Vec::new(),
        exceptions: vec![],
        functions,
        classes: vec![],
        main,
    }
}

/// Runs the script to its end in the model (one thread, no presses: one path).
fn run_model(v: Variant, ops: &[Op]) -> State {
    let model = PyModel::new(Arc::new(Program::compile(&script(ops))), v);
    let mut s = model.init_states().remove(0);
    let mut actions = Vec::new();
    loop {
        actions.clear();
        model.actions(&s, &mut actions);
        let Some(a) = actions.first().cloned() else { return s };
        s = model.next_state(&s, a).expect("a step");
    }
}

fn timeout() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop::sample::select(vec![-1.0, 0.0, 0.05, 0.5, -2.0, 1e10, 5_000_000.0]))
}

fn sig() -> impl Strategy<Value = Sig> {
    prop::sample::select(vec![Sig::SIGINT, Sig::SIGUSR1, Sig::SIGTERM])
}

impl ReferenceStateMachine for Reference {
    type State = Reference;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Reference> {
        // Every minor version: error texts differ by version (3.8 to 3.14).
        let variant = (prop::sample::select(Variant::all()), 8..=14u8).prop_map(|(v, minor)| Variant { version: Version::of(minor), ..v });
        variant
            .prop_map(|variant| Reference {
                variant,
                ops: vec![],
                printed: vec![],
                locks: vec![],
                handlers: [Some(HandlerKind::DefaultInt), None, None, None, None],
                now: 0,
            })
            .boxed()
    }

    fn transitions(state: &Reference) -> BoxedStrategy<Op> {
        let n = state.locks.len();
        let kind = prop::sample::select(vec![HandlerKind::Ignore, HandlerKind::DefaultInt, HandlerKind::Quiet, HandlerKind::Raising]);
        let others = prop_oneof![
            any::<bool>().prop_map(|reentrant| Op::NewLock { reentrant }),
            prop::sample::select(vec![0u32, 50, 200]).prop_map(|ms| Op::Sleep { ms }),
            (sig(), kind).prop_map(|(sig, kind)| Op::SetHandler { sig, kind }),
            sig().prop_map(|sig| Op::RaiseSignal { sig }),
            prop::option::of(sig()).prop_map(|sig| Op::InterruptMain { sig }),
        ];
        if n == 0 {
            return others.boxed();
        }
        prop_oneof![
            3 => (0..n, prop::option::of(any::<bool>()), timeout()).prop_map(|(lock, blocking, timeout)| Op::Acquire { lock, blocking, timeout }),
            2 => (0..n).prop_map(|lock| Op::Release { lock }),
            1 => (0..n).prop_map(|lock| Op::Locked { lock }),
            2 => others,
        ]
        .boxed()
    }

    /// No operation may end the run: no wait for ever on a lock the thread
    /// itself holds, no signal whose handler is SIG_DFL (it kills the process).
    fn preconditions(state: &Reference, op: &Op) -> bool {
        match op {
            Op::Acquire { lock, blocking, timeout } => {
                let Some(&(reentrant, count)) = state.locks.get(*lock) else { return false };
                let forever = blocking.unwrap_or(true) && timeout.is_none_or(|t| t == -1.0);
                !forever || reentrant || count == 0
            }
            Op::Release { lock } | Op::Locked { lock } => *lock < state.locks.len(),
            Op::RaiseSignal { sig } => state.handlers[*sig as usize].is_some(),
            _ => true,
        }
    }

    fn apply(mut state: Reference, op: &Op) -> Reference {
        state.ops.push(op.clone());
        let s = run_model(state.variant, &state.ops);
        state.printed = s.stdout.iter().map(|l| l.to_string()).collect();
        state.locks = s.locks.iter().map(|l| (l.reentrant, l.count)).collect();
        state.now = s.now;
        if let Op::SetHandler { sig, kind } = op {
            if state.printed.last().map(String::as_str) == Some("ok") {
                state.handlers[*sig as usize] = Some(*kind);
            }
        }
        state
    }
}

/// The runtime's main thread, serving operations over a channel.
struct Runner {
    ops: Sender<Op>,
    results: Receiver<(String, u64, Vec<bool>)>,
    thread: std::thread::JoinHandle<()>,
}

#[derive(Clone, Copy)]
enum AnyLock {
    Plain(Lock),
    Re(RLock),
}

/// What Python prints for an exception in the script's `except` clauses.
fn printed(e: &PyException) -> String {
    match &e.kind {
        ExcKind::KeyboardInterrupt => "KeyboardInterrupt".into(),
        ExcKind::ValueError | ExcKind::RuntimeError | ExcKind::OverflowError | ExcKind::AttributeError => {
            format!("{} {}", e.kind.name(), e.message.clone().unwrap_or_default())
        }
        _ => format!("Exception {}", e.message.clone().unwrap_or_default()),
    }
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.into()
}

fn serve(v: Variant, ops: Receiver<Op>, results: Sender<(String, u64, Vec<bool>)>) {
    let rt = Runtime::builder(v).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    rt.run_main(|py| {
        let mut locks: Vec<AnyLock> = Vec::new();
        while let Ok(op) = ops.recv() {
            // The statement boundary's eval breaker, the operation, and the
            // next boundary's (before the `print`).
            let line = (|| -> Result<String, PyException> {
                py.check_signals()?;
                let value = match &op {
                    Op::NewLock { reentrant } => {
                        locks.push(if *reentrant { AnyLock::Re(py.rlock()) } else { AnyLock::Plain(py.allocate_lock()) });
                        "ok".into()
                    }
                    Op::Acquire { lock, blocking, timeout } => {
                        let (b, t) = (blocking.unwrap_or(true), timeout.unwrap_or(-1.0));
                        py_bool(match locks[*lock] {
                            AnyLock::Plain(l) => l.acquire(py, b, t)?,
                            AnyLock::Re(r) => r.acquire(py, b, t)?,
                        })
                    }
                    Op::Release { lock } => {
                        match locks[*lock] {
                            AnyLock::Plain(l) => l.release(py)?,
                            AnyLock::Re(r) => r.release(py)?,
                        }
                        "ok".into()
                    }
                    // `print(lock.locked())` is one statement: no boundary inside.
                    Op::Locked { lock } => {
                        return Ok(py_bool(match locks[*lock] {
                            AnyLock::Plain(l) => l.locked(py),
                            AnyLock::Re(r) => r.locked(py)?,
                        }))
                    }
                    Op::Sleep { ms } => {
                        py.sleep(f64::from(*ms) / 1000.0)?;
                        "ok".into()
                    }
                    Op::SetHandler { sig, kind } => {
                        let h = match kind {
                            HandlerKind::Ignore => Handler::Ignore,
                            HandlerKind::DefaultInt => Handler::DefaultInt,
                            HandlerKind::Quiet => Handler::Python(std::sync::Arc::new(|_, _| Ok(()))),
                            HandlerKind::Raising => Handler::Python(std::sync::Arc::new(|_, _| {
                                Err(PyException::with_message(ExcKind::RuntimeError, "from handler"))
                            })),
                        };
                        py.signal(*sig, h)?;
                        "ok".into()
                    }
                    Op::RaiseSignal { sig } => {
                        py.raise_signal(*sig)?;
                        "ok".into()
                    }
                    Op::InterruptMain { sig } => {
                        let n = match sig {
                            Some(s) => Some(py.signal_number(*s)?),
                            None => None,
                        };
                        py.interrupt_main(n)?;
                        "ok".into()
                    }
                };
                py.check_signals()?;
                Ok(value)
            })()
            .unwrap_or_else(|e| printed(&e));
            let held = py.holdings()[0];
            let held: Vec<bool> = (0..locks.len()).map(|i| held & (1 << i) != 0).collect();
            let now = py.now();
            if results.send((line, now, held)).is_err() {
                break;
            }
        }
        Ok(())
    });
}

impl StateMachineTest for Runner {
    type SystemUnderTest = Runner;
    type Reference = Reference;

    fn init_test(r: &Reference) -> Runner {
        let (op_tx, op_rx) = channel();
        let (res_tx, res_rx) = channel();
        let v = r.variant;
        let thread = std::thread::spawn(move || serve(v, op_rx, res_tx));
        Runner { ops: op_tx, results: res_rx, thread }
    }

    fn apply(sut: Runner, r: &Reference, op: Op) -> Runner {
        sut.ops.send(op.clone()).expect("the runtime's main thread runs");
        let (line, now, held) = sut.results.recv().expect("the runtime answers");
        let expected = r.printed.last().cloned().unwrap_or_default();
        assert_eq!(line, expected, "{op:?} under {}: the runtime printed {line:?}, the model {expected:?}", r.variant);
        assert_eq!(now, r.now, "{op:?} under {}: virtual time", r.variant);
        let model_held: Vec<bool> = r.locks.iter().map(|&(_, count)| count > 0).collect();
        assert_eq!(held, model_held, "{op:?} under {}: which locks are held", r.variant);
        sut
    }

    fn teardown(sut: Runner, _: Reference) {
        drop(sut.ops);
        sut.thread.join().expect("the runtime's main thread ends");
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_primitive_operation_of_the_runtime_matches_the_model(sequential 1..20 => Runner);
}
