//! proptest strategies for scenarios: small, valid programs of the subset
//! that CPython compiles (no empty blocks, `global` first in a function,
//! bare `except:` last).
//!
//! Names are fixed per kind so that no name ever holds two kinds:
//! locks `lock0..`, threads `t0..` (targets `worker0..`, some taking one
//! argument from `args=`), values `v0..`, handlers `handler0`, exception
//! classes `Error0..`, and `helper0(a)`, a function called directly (it
//! calls nothing, so no generated program recurses).

use crate::scenario::*;
use proptest::prelude::*;

/// Sizes of generated scenarios.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most thread target functions (each gets one `threading.Thread`).
    pub max_workers: usize,
    /// Most locks.
    pub max_locks: usize,
    /// Most statements in one block.
    pub max_block: usize,
    /// Deepest nesting of compound statements.
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_workers: 3, max_locks: 2, max_block: 4, max_depth: 2 }
    }
}

/// The names a statement may use.
#[derive(Clone, Debug)]
struct Env {
    locks: Vec<String>,
    threads: Vec<String>,
    values: Vec<String>,
    /// A list the threads share (`items = []`), or none.
    lists: Vec<String>,
    /// An object the threads share (`box = Box1(1, threading.Lock())`, a class of the
    /// script), or none.
    objects: Vec<String>,
    /// A `threading.Event()` the threads share (`ev`), or none.
    events: Vec<String>,
    /// A `queue.Queue(2)` the threads share (`q`), or none.
    queues: Vec<String>,
    /// A `threading.Condition()` the threads share (`cond`), or none.
    conds: Vec<String>,
    /// A `threading.Semaphore(1)` or `BoundedSemaphore(1)` the threads
    /// share (`sem`), or none.
    sems: Vec<String>,
    /// A `threading.Timer` calling `helper0` (`tm`), started after the
    /// threads, or none.
    timers: Vec<String>,
    /// A `ThreadPoolExecutor(1)` (`pool`) and the future of a task
    /// submitted to it before the threads start (`fut`), or none.
    pools: Vec<String>,
    handlers: Vec<String>,
    /// A name holding the handler the prologue's `signal.signal` replaced
    /// (`old_handler`), or none.
    old_handlers: Vec<String>,
    /// Statements of the main thread's module code (`signal.pause()` is
    /// generated there only: elsewhere the model leaves it out).
    in_main: bool,
    /// The script's exception classes: `Error0(Exception)`, then each
    /// deriving from the one before (a hierarchy `except` clauses can test).
    exceptions: Vec<ExcType>,
}

/// Any scenario within the default limits.
pub fn scenario() -> impl Strategy<Value = Scenario> {
    scenario_with(Limits::default())
}

/// Any scenario within `limits`.
pub fn scenario_with(limits: Limits) -> impl Strategy<Value = Scenario> {
    (
        1..=limits.max_workers,
        1..=limits.max_locks,
        0..=2usize,
        any::<bool>(),
        0..=2u32,
        Just(Module::ALL.to_vec()).prop_shuffle(),
        prop::collection::vec(any::<LockCtor>(), limits.max_locks),
        any::<bool>(),
        (any::<bool>(), any::<bool>(), prop::option::of(any::<bool>()), any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>()),
        (prop::bool::weighted(0.25), prop::bool::weighted(0.25), any::<bool>()),
        (prop::bool::weighted(0.2), prop::bool::weighted(0.1), 0..=2i64, seconds()),
    )
        .prop_flat_map(move |(workers, nlocks, nexc, with_handler, ctrl_c, imports, ctors, with_list, (with_object, runner, runner_daemon, named, with_event, with_queue), (star_handler, keep_old), (with_cond, with_sem, bounded), (with_timer, with_pool, arg, interval))| {
            let env = Env {
                locks: (0..nlocks).map(|i| format!("lock{i}")).collect(),
                threads: (0..workers).map(|i| format!("t{i}")).collect(),
                values: (0..2).map(|i| format!("v{i}")).collect(),
                lists: if with_list { vec!["items".into()] } else { vec![] },
                objects: if with_object { vec!["box".into()] } else { vec![] },
                events: if with_event { vec!["ev".into()] } else { vec![] },
                queues: if with_queue { vec!["q".into()] } else { vec![] },
                conds: if with_cond { vec!["cond".into()] } else { vec![] },
                sems: if with_sem { vec!["sem".into()] } else { vec![] },
                timers: if with_timer { vec!["tm".into()] } else { vec![] },
                pools: if with_pool { vec!["pool".into()] } else { vec![] },
                handlers: if with_handler { vec!["handler0".into()] } else { vec![] },
                old_handlers: if with_handler && keep_old { vec!["old_handler".into()] } else { vec![] },
                in_main: false,
                exceptions: (0..nexc).fold(Vec::new(), |mut all: Vec<ExcType>, i| {
                    let base = all.last().cloned().unwrap_or(ExcType::Exception);
                    all.push(ExcType::user(format!("Error{i}"), base));
                    all
                }),
            };
            let bodies = prop::collection::vec(function_body(env.clone(), limits.clone()), workers);
            let handler = function_body(env.clone(), limits.clone());
            let main = block(Env { in_main: true, ..env.clone() }, limits.clone(), limits.max_depth);
            let daemons = prop::collection::vec(prop::option::of(any::<bool>()), workers);
            let handler_sig = any::<Sig>();
            let worker_args = prop::collection::vec(prop::option::of(-3..=3i64), workers);
            let helper = (any::<bool>(), any::<bool>(), 0..=2u8, 1..=9i64);
            (bodies, handler, main, daemons, handler_sig, worker_args, helper).prop_map(move |(bodies, hbody, main, daemons, hsig, wargs, helper)| {
                let mut s = Scenario {
                    imports: imports.iter().map(|&module| Import { module, loc: Loc::NONE }).collect(),
                    ctrl_c,
                    allow: Vec::new(),
                    exceptions: env
                        .exceptions
                        .iter()
                        .map(|e| ExceptionClass {
                            name: e.name().to_string(),
                            base: e.base().expect("a class of the script has a base"),
                            loc: Loc::NONE,
                        })
                        .collect(),
                    functions: Vec::new(),
                    classes: Vec::new(),
                    main: Vec::new(),
                };
                for (i, body) in bodies.into_iter().enumerate() {
                    // worker0 takes none: `_thread.start_new_thread(worker0, ())` starts it too.
                    let params = if i > 0 && wargs[i].is_some() { vec!["w".to_string()] } else { vec![] };
                    s.functions.push(Function { name: format!("worker{i}"), params, body, defaults: Vec::new(), loc: Loc::NONE });
                }
                s.functions.push(helper_function(helper));
                if with_object {
                    s.classes.extend(box_classes());
                }
                // t0 as an object of a subclass of Thread whose `run` is
                // worker0's body.
                let runner = with_object && runner;
                if runner {
                    s.classes.push(runner_class(s.functions[0].body.clone(), runner_daemon));
                }
                // Library classes last, in the front end's order.
                let sem_class = if bounded { "threading.BoundedSemaphore" } else { "threading.Semaphore" };
                let wanted: Vec<&str> = [
                    (with_event, "threading.Event"),
                    (with_queue, "queue.Queue"),
                    (with_cond, "threading.Condition"),
                    (with_sem, sem_class),
                    (with_timer, "threading.Timer"),
                    (with_pool, "concurrent.futures.ThreadPoolExecutor"),
                ]
                    .into_iter()
                    .filter_map(|(with, class)| with.then_some(class))
                    .collect();
                if !wanted.is_empty() {
                    let (classes, exceptions) = crate::frontend::library_for_all(&wanted);
                    s.classes.extend(classes);
                    s.exceptions.extend(exceptions);
                }
                if !env.handlers.is_empty() {
                    // Sometimes `def handler0(*args)`: (signum, frame) as a tuple.
                    let params = if star_handler { vec!["*args".into()] } else { vec!["signum".into(), "frame".into()] };
                    s.functions.push(Function {
                        name: "handler0".into(),
                        params,
                        body: hbody,
                        defaults: Vec::new(),
                        loc: Loc::NONE,
                    });
                }
                let mut prologue = Vec::new();
                for v in &env.values {
                    prologue.push(StmtKind::Assign { target: v.clone(), value: Expr::int(0) });
                }
                for l in &env.lists {
                    prologue.push(StmtKind::Assign { target: l.clone(), value: Expr::List { items: vec![Expr::int(1)] } });
                }
                for o in &env.objects {
                    prologue.push(StmtKind::Assign { target: o.clone(), value: Expr::New { class: "Box1".into(), args: vec![Expr::int(1), Expr::NewLock { ctor: LockCtor::Lock }], thread: None, kwargs: None } });
                }
                for e in &env.events {
                    prologue.push(StmtKind::Assign { target: e.clone(), value: Expr::New { class: "threading.Event".into(), args: Vec::new(), thread: None, kwargs: None } });
                }
                for q in &env.queues {
                    prologue.push(StmtKind::Assign { target: q.clone(), value: Expr::New { class: "queue.Queue".into(), args: vec![Expr::int(2)], thread: None, kwargs: None } });
                }
                for c in &env.conds {
                    prologue.push(StmtKind::Assign { target: c.clone(), value: Expr::New { class: "threading.Condition".into(), args: vec![Expr::lit(Literal::None)], thread: None, kwargs: None } });
                }
                for m in &env.sems {
                    prologue.push(StmtKind::Assign { target: m.clone(), value: Expr::New { class: sem_class.into(), args: vec![Expr::int(1)], thread: None, kwargs: None } });
                }
                let helper = || Expr::FuncRef { function: "helper0".into() };
                for tm in &env.timers {
                    let args = vec![Expr::number(interval.clone()), helper(), Expr::List { items: vec![Expr::int(arg)] }, Expr::lit(Literal::None)];
                    prologue.push(StmtKind::Assign { target: tm.clone(), value: Expr::New { class: "threading.Timer".into(), args, thread: None, kwargs: None } });
                }
                for p in &env.pools {
                    let args = vec![Expr::int(1), Expr::str("")];
                    prologue.push(StmtKind::Assign { target: p.clone(), value: Expr::New { class: "concurrent.futures.ThreadPoolExecutor".into(), args, thread: None, kwargs: None } });
                    let submit = Expr::Method { value: Box::new(Expr::name(p)), method: "submit".into(), args: vec![helper(), Expr::int(arg)] };
                    prologue.push(StmtKind::Assign { target: "fut".into(), value: submit });
                }
                for (i, l) in env.locks.iter().enumerate() {
                    prologue.push(StmtKind::NewLock { target: l.clone(), ctor: ctors[i] });
                }
                for (i, t) in env.threads.iter().enumerate() {
                    let args = wargs[i].filter(|_| i > 0).map(|a| vec![Expr::int(a)]).unwrap_or_default();
                    if i == 0 && runner {
                        prologue.push(StmtKind::Assign { target: t.clone(), value: Expr::New { class: "Runner".into(), args: Vec::new(), thread: None, kwargs: None } });
                        continue;
                    }
                    // The last thread named (`name=`: it takes no number).
                    let name = (named && i > 0 && i + 1 == env.threads.len()).then(|| Expr::str(&format!("named{i}")));
                    prologue.push(StmtKind::NewThread { target: t.clone(), function: format!("worker{i}"), daemon: daemons[i], args, name });
                }
                if !env.handlers.is_empty() {
                    let old = env.old_handlers.first().cloned();
                    prologue.push(StmtKind::SetHandler { signal: hsig, handler: Handler::Function("handler0".into()), old });
                }
                for t in env.threads.iter().chain(&env.timers) {
                    prologue.push(StmtKind::Start { thread: t.clone() });
                }
                s.main = prologue.into_iter().map(|kind| Stmt { kind, loc: Loc::NONE }).chain(main).collect();
                s
            })
        })
}

/// `def helper0(a):` with an optional `print(a)`, an optional raise when
/// `a` is true (an exception leaving a call), and `return`, `return a` or
/// `return a + k`.
fn helper_function((print, raise, ret, k): (bool, bool, u8, i64)) -> Function {
    let stmt = |kind| Stmt { kind, loc: Loc::NONE };
    let a = || Expr::name("a");
    let mut body = Vec::new();
    if print {
        body.push(stmt(StmtKind::Print { args: vec![Expr::str("helper:"), a()], flush: false, sep: None, end: None, stderr: false }));
    }
    if raise {
        let exc = RaiseExc { exc: ExcType::ValueError, arg: Some(Expr::str("from helper")) };
        body.push(stmt(StmtKind::If { test: a(), body: vec![stmt(StmtKind::Raise { exception: Some(exc) })], orelse: Vec::new() }));
    }
    body.push(stmt(StmtKind::Return {
        value: match ret {
            0 => None,
            1 => Some(a()),
            _ => Some(Expr::BinOp { op: BinOp::Add, left: Box::new(a()), right: Box::new(Expr::int(k)) }),
        },
    }));
    Function { name: "helper0".into(), params: vec!["a".into()], body, defaults: Vec::new(), loc: Loc::NONE }
}

/// `Box0` (a class attribute, `__init__`, a method that updates an
/// attribute) and `Box1(Box0)`, whose method calls its base's and prints.
fn box_classes() -> Vec<Class> {
    let stmt = |kind| Stmt { kind, loc: Loc::NONE };
    let me = || Expr::name("self");
    let n = || Expr::Attr { value: Box::new(me()), attr: "n".into() };
    let init = Function {
        name: "__init__".into(),
        params: vec!["self".into(), "n".into(), "lock".into()],
        body: vec![
            stmt(StmtKind::SetAttr { object: me(), attr: "n".into(), value: Expr::name("n") }),
            // The lock is made by the caller (`Box1(1, threading.Lock())`).
            stmt(StmtKind::SetAttr { object: me(), attr: "lock".into(), value: Expr::name("lock") }),
        ],
        defaults: Vec::new(),
        loc: Loc::NONE,
    };
    let bump0 = Function {
        name: "bump".into(),
        params: vec!["self".into(), "k".into()],
        // The update under the object's own lock (a lock in an attribute).
        body: vec![
            stmt(StmtKind::With {
                lock: "self.lock".into(),
                body: vec![stmt(StmtKind::SetAttr {
                    object: me(),
                    attr: "n".into(),
                    value: Expr::BinOp { op: BinOp::Add, left: Box::new(n()), right: Box::new(Expr::name("k")) },
                })],
            }),
            stmt(StmtKind::Return { value: Some(n()) }),
        ],
        defaults: Vec::new(),
        loc: Loc::NONE,
    };
    let bump1 = Function {
        name: "bump".into(),
        params: vec!["self".into(), "k".into()],
        body: vec![
            stmt(StmtKind::Assign {
                target: "r".into(),
                value: Expr::ClassCall { class: "Box0".into(), method: "bump".into(), args: vec![me(), Expr::name("k")] },
            }),
            stmt(StmtKind::Print { args: vec![Expr::str("box"), Expr::name("r")], flush: false, sep: None, end: None, stderr: false }),
            stmt(StmtKind::Return { value: Some(Expr::name("r")) }),
        ],
        defaults: Vec::new(),
        loc: Loc::NONE,
    };
    vec![
        Class { name: "Box0".into(), base: ClassBase::Object, attrs: vec![("size".into(), Literal::Int(1))], methods: vec![init, bump0], loc: Loc::NONE },
        Class { name: "Box1".into(), base: ClassBase::Class("Box0".into()), attrs: Vec::new(), methods: vec![bump1], loc: Loc::NONE },
    ]
}

/// `if test: idle = threading.Thread(…); idle.start()`: a thread made and
/// started where the name is sure to hold it.
fn started_idle(test: Expr, spec: ThreadSpec) -> StmtKind {
    let stmt = |kind| Stmt { kind, loc: Loc::NONE };
    let make = stmt(StmtKind::Assign { target: "idle".into(), value: Expr::Thread { spec: Box::new(spec) } });
    StmtKind::If { test, body: vec![make, stmt(StmtKind::Start { thread: "idle".into() })], orelse: Vec::new() }
}

/// `class Runner(threading.Thread)` whose `run` has `body`, named by its
/// `__init__`.
fn runner_class(body: Block, daemon: Option<bool>) -> Class {
    let init = Function {
        name: "__init__".into(),
        params: vec!["self".into()],
        body: vec![Stmt {
            kind: StmtKind::ThreadInit { object: Expr::name("self"), spec: ThreadSpec { daemon, name: Some(Expr::str("runner")), ..ThreadSpec::default() } },
            loc: Loc::NONE,
        }],
        defaults: Vec::new(),
        loc: Loc::NONE,
    };
    let run = Function { name: "run".into(), params: vec!["self".into()], body, defaults: Vec::new(), loc: Loc::NONE };
    Class { name: "Runner".into(), base: ClassBase::Thread, attrs: Vec::new(), methods: vec![init, run], loc: Loc::NONE }
}

fn function_body(env: Env, limits: Limits) -> impl Strategy<Value = Block> {
    (any::<bool>(), block(env.clone(), limits.clone(), limits.max_depth)).prop_map(move |(global, mut body)| {
        // `global` must come before any use of the name in the function.
        if global {
            body.insert(0, Stmt { kind: StmtKind::Global { names: vec![env.values[0].clone()] }, loc: Loc::NONE });
        }
        body
    })
}

fn block(env: Env, limits: Limits, depth: u32) -> BoxedStrategy<Block> {
    prop::collection::vec(stmt(env, limits.clone(), depth), 1..=limits.max_block)
        .prop_map(|kinds| kinds.into_iter().map(|kind| Stmt { kind, loc: Loc::NONE }).collect())
        .boxed()
}

fn pick(names: &[String]) -> BoxedStrategy<String> {
    prop::sample::select(names.to_vec()).boxed()
}

fn stmt(env: Env, limits: Limits, depth: u32) -> BoxedStrategy<StmtKind> {
    // Strategies are built once and cloned (an Arc), not rebuilt per use:
    // rebuilding made construction exponential in the nesting depth.
    let ex = expr(env.clone(), 2);
    let e = || ex.clone();
    let mut simple: Vec<BoxedStrategy<StmtKind>> = vec![
        Just(StmtKind::Pass).boxed(),
        (pick(&env.values), e()).prop_map(|(target, value)| StmtKind::Assign { target, value }).boxed(),
        acquire(&env).prop_map(|value| StmtKind::Expr { value }).boxed(),
        pick(&env.locks).prop_map(|lock| StmtKind::Release { lock }).boxed(),
        pick(&env.threads).prop_map(|thread| StmtKind::Start { thread }).boxed(),
        (pick(&env.threads), any::<bool>()).prop_map(|(thread, daemon)| StmtKind::SetDaemon { thread, daemon, method: false }).boxed(),
        (pick(&env.values), prop_oneof![Just(BinOp::Add), Just(BinOp::Sub)], 1..=9i64)
            .prop_map(|(target, op, n)| StmtKind::AugAssign { target, op, value: Expr::int(n) })
            .boxed(),
        (pick(&env.threads), prop::option::of(number()))
            .prop_map(|(thread, timeout)| StmtKind::Join { thread, timeout })
            .boxed(),
        seconds().prop_map(|seconds| StmtKind::Sleep { seconds }).boxed(),
        any::<Sig>().prop_map(|signal| StmtKind::Kill { signal: signal.into() }).boxed(),
        // A signal as a number, read when the call runs: SIGUSR1's, the
        // null signal, numbers out of range (OSError). (`signal.SIGxxx` as
        // written is the known signal.)
        prop_oneof![Just(0i64), Just(-1), Just(10), Just(65)]
            .prop_map(|n| StmtKind::RaiseSignal { signal: SigArg::Value(Box::new(Expr::int(n))) })
            .boxed(),
        (thread_ref(&env), any::<Sig>()).prop_map(|(thread, signal)| StmtKind::PthreadKill { thread, signal: signal.into() }).boxed(),
        any::<Sig>().prop_map(|signal| StmtKind::RaiseSignal { signal: signal.into() }).boxed(),
        prop::option::of(any::<Sig>()).prop_map(|signal| StmtKind::InterruptMain { signal: signal.map(SigArg::Known) }).boxed(),
        (any::<Sig>(), handler(&env)).prop_map(|(signal, handler)| StmtKind::SetHandler { signal, handler, old: None }).boxed(),
        // The real-time alarm: SIGALRM when every thread waits past it.
        (0..=2i64).prop_map(|n| StmtKind::Alarm { seconds: Expr::int(n), itimer: false }).boxed(),
        seconds().prop_map(|t| StmtKind::Alarm { seconds: Expr::number(t), itimer: true }).boxed(),
        prop::option::of(e()).prop_map(|code| StmtKind::SysExit { code }).boxed(),
        Just(StmtKind::ThreadExit).boxed(),
        (0..=5i64).prop_map(|code| StmtKind::OsExit { code }).boxed(),
        (raisable(&env), prop::option::of(e()))
            .prop_map(|(exc, arg)| StmtKind::Raise { exception: Some(RaiseExc { exc, arg }) })
            .boxed(),
        (e(), prop::option::of(e())).prop_map(|(test, msg)| StmtKind::Assert { test, msg }).boxed(),
        (prop::collection::vec(e(), 0..=3), any::<bool>()).prop_map(|(args, flush)| StmtKind::Print { args, flush, sep: None, end: None, stderr: false }).boxed(),
        Just(StmtKind::StartNewThread { function: "worker0".into(), args: Vec::new() }).boxed(),
        e().prop_map(|a| StmtKind::Expr { value: Expr::Call { function: "helper0".into(), args: vec![a] } }).boxed(),
        // An exit function: called after the shutdown's joins, or (3.9+,
        // `threading`'s) before them; it may print, raise or return.
        (e(), any::<bool>())
            .prop_map(|(a, threading)| StmtKind::AtexitRegister { function: "helper0".into(), args: vec![a], threading })
            .boxed(),
        // atexit's own functions: a value registered with `*args` (the
        // helper, or `sys.exit`), unregistered, all forgotten, or called now.
        (
            prop_oneof![
                Just(Expr::FuncRef {
                    function: "helper0".into()
                }),
                Just(Expr::BuiltinRef {
                    function: crate::scenario::BuiltinRef::SysExit
                })
            ],
            e(),
        )
            .prop_map(|(callee, a)| StmtKind::AtexitRegisterValue {
                callee,
                args: Vec::new(),
                star: Some(Expr::Tuple { items: vec![a] }),
                threading: false,
            })
            .boxed(),
        Just(StmtKind::AtexitUnregister {
            callee: Expr::FuncRef {
                function: "helper0".into(),
            },
        })
        .boxed(),
        Just(StmtKind::AtexitClear).boxed(),
        Just(StmtKind::AtexitRun).boxed(),
    ];
    // A write of any value (a str is written, anything else is a
    // TypeError), a flush, the thread count, a clock read.
    simple.push(e().prop_map(|text| StmtKind::Write { text, flush: None }).boxed());
    simple.push(prop_oneof![Just("stdout"), Just("stderr")].prop_map(|s| StmtKind::Write { text: Expr::lit(Literal::None), flush: Some(s.to_string()) }).boxed());
    simple.push(pick(&env.values).prop_map(|target| StmtKind::Assign { target, value: Expr::ThreadCount }).boxed());
    // `idle = threading.Thread()`: no target, its `run` does nothing (it
    // takes a number from the thread counter all the same). A name of its
    // own: the values' names must stay values (`v0.add(…)` of a thread is
    // refused by the front end).
    simple.push(
        prop::option::of(any::<bool>())
            .prop_map(|daemon| StmtKind::Assign { target: "idle".into(), value: Expr::Thread { spec: Box::new(ThreadSpec { daemon, ..ThreadSpec::default() }) } })
            .boxed(),
    );
    // `v.add(x)`: a set's (a value made by `set(…)`), else AttributeError.
    simple.push((pick(&env.values), e()).prop_map(|(set, value)| StmtKind::SetAdd { set, value }).boxed());
    // `sys.stderr = None` (reports go nowhere) and back.
    simple.push(any::<bool>().prop_map(|none| StmtKind::SetStderr { none }).boxed());
    simple.push(
        (pick(&env.values), prop_oneof![Just("time"), Just("monotonic"), Just("perf_counter")])
            .prop_map(|(target, f)| StmtKind::Assign {
                target,
                value: Expr::Compare { op: CmpOp::GtE, left: Box::new(Expr::Clock { function: f.to_string() }), right: Box::new(Expr::int(0)) },
            })
            .boxed(),
    );
    // Functions as values: a value that is `helper0` or a lambda (by a
    // conditional expression), called with an argument (an int there is
    // not callable: TypeError), and `helper0(*(a,))`.
    simple.push(
        (pick(&env.values), e(), 1..=3i64)
            .prop_map(|(target, test, k)| {
                let a = || Box::new(Expr::name("a"));
                let ret = Stmt { kind: StmtKind::Return { value: Some(Expr::BinOp { op: BinOp::Add, left: a(), right: Box::new(Expr::int(k)) }) }, loc: Loc::NONE };
                let lambda = Expr::Lambda { params: vec!["a".into()], body: vec![ret] };
                let value = Expr::IfElse { test: Box::new(test), body: Box::new(Expr::FuncRef { function: "helper0".into() }), orelse: Box::new(lambda) };
                StmtKind::Assign { target, value }
            })
            .boxed(),
    );
    simple.push(
        (pick(&env.values), pick(&env.values), e())
            .prop_map(|(target, f, a)| StmtKind::Assign { target, value: Expr::CallValue { callee: Box::new(Expr::Name { name: f }), args: vec![a], star: None, dstar: None } })
            .boxed(),
    );
    simple.push(
        e().prop_map(|a| StmtKind::Expr { value: Expr::CallValue { callee: Box::new(Expr::FuncRef { function: "helper0".into() }), args: Vec::new(), star: Some(Box::new(Expr::Tuple { items: vec![a] })), dstar: None } })
            .boxed(),
    );
    // `helper0(**{key: a})`: bound by name when it runs (`a=` fits; another
    // key is a TypeError, a second `a` one too).
    simple.push(
        (e(), prop_oneof![Just("a"), Just("b")], any::<bool>())
            .prop_map(|(a, key, positional)| {
                let args = if positional { vec![Expr::int(0)] } else { Vec::new() };
                let dstar = Some(Box::new(Expr::Dict { items: vec![(Some(Expr::str(key)), a)] }));
                StmtKind::Expr { value: Expr::CallValue { callee: Box::new(Expr::FuncRef { function: "helper0".into() }), args, star: None, dstar } }
            })
            .boxed(),
    );
    // A thread whose target is a lambda that prints, made and started.
    // (It prints a literal: a name could be the enclosing function's, a
    // closure, which the language does not have.)
    simple.push(
        (e(), -3..=3i64)
            .prop_map(|(test, k)| {
                let print = Stmt { kind: StmtKind::Print { args: vec![Expr::str("lambda:"), Expr::int(k)], flush: false, sep: None, end: None, stderr: false }, loc: Loc::NONE };
                let spec = ThreadSpec { target: Some(Box::new(Expr::Lambda { params: Vec::new(), body: vec![print] })), ..ThreadSpec::default() };
                started_idle(test, spec)
            })
            .boxed(),
    );
    // The switch interval: set (a non-positive value or a str is an
    // error) and read back.
    simple.push(e().prop_map(|value| StmtKind::SetSwitchInterval { value }).boxed());
    simple.push(pick(&env.values).prop_map(|target| StmtKind::Assign { target, value: Expr::SwitchInterval }).boxed());
    // `sys.unraisablehook = None` (the built-in hook is used), and
    // `threading.excepthook = 0`, no function: a threading.Thread's
    // uncaught exception then reports the TypeError of its call instead.
    // (`threading.excepthook = None` makes `Thread()` raise; PyPy words a
    // failing unraisable hook otherwise.)
    simple.push(Just(StmtKind::SetHook { hook: Hook::Unraisable, value: Expr::lit(Literal::None) }).boxed());
    simple.push(Just(StmtKind::SetHook { hook: Hook::Except, value: Expr::int(0) }).boxed());
    // An exception class as a value.
    simple.push(pick(&env.values).prop_map(|target| StmtKind::Assign { target, value: Expr::ExcClass { exc: ExcType::ValueError } }).boxed());
    // A bare `raise` re-raises what the thread handles where it runs (in a
    // helper, the caller's), else it is a RuntimeError.
    simple.push(Just(StmtKind::Raise { exception: None }).boxed());
    // `raise v0`: an int is no exception (TypeError).
    simple.push(pick(&env.values).prop_map(|name| StmtKind::RaiseValue { value: Expr::Name { name } }).boxed());
    if env.in_main {
        simple.push(Just(StmtKind::Pause).boxed());
    }
    if !env.old_handlers.is_empty() {
        // A handler constant as a value, installed later by name.
        simple.push(
            (pick(&env.old_handlers), prop_oneof![Just(Handler::Ignore), Just(Handler::Default), Just(Handler::DefaultInt)])
                .prop_map(|(target, handler)| StmtKind::Assign { target, value: Expr::HandlerConst { handler } })
                .boxed(),
        );
    }
    if !env.lists.is_empty() {
        // The shared list: grown, set, emptied (pop from an empty list and
        // an index past its end raise IndexError).
        simple.push((pick(&env.lists), e()).prop_map(|(list, value)| StmtKind::Append { list, value }).boxed());
        // Removing an item the list may not hold raises ValueError.
        simple.push((pick(&env.lists), e()).prop_map(|(list, value)| StmtKind::Remove { list, value }).boxed());
        simple.push(
            (pick(&env.lists), -1..=1i64, e())
                .prop_map(|(target, i, value)| StmtKind::SetItem { target: Expr::name(&target), index: Expr::int(i), value })
                .boxed(),
        );
        simple.push(
            (pick(&env.values), pick(&env.lists))
                .prop_map(|(target, list)| StmtKind::Assign { target, value: Expr::Pop { list, index: None } })
                .boxed(),
        );
        // The shared name made a dict (the list methods then raise
        // AttributeError), an item set by any key (a list's index must be an
        // int), an item of an item set (`d[k][0] = v`), and one read.
        simple.push(
            (pick(&env.lists), e(), e())
                .prop_map(|(target, k, v)| StmtKind::Assign { target, value: Expr::Dict { items: vec![(Some(k), v), (Some(Expr::int(0)), Expr::List { items: vec![Expr::int(1)] }), (None, Expr::Dict { items: vec![(Some(Expr::int(0)), Expr::int(2))] })] } })
                .boxed(),
        );
        simple.push((pick(&env.lists), e(), e()).prop_map(|(target, index, value)| StmtKind::SetItem { target: Expr::name(&target), index, value }).boxed());
        simple.push(
            (pick(&env.lists), e())
                .prop_map(|(target, value)| StmtKind::SetItem { target: Expr::Index { value: Box::new(Expr::name(&target)), index: Box::new(Expr::int(0)) }, index: Expr::int(0), value })
                .boxed(),
        );
        simple.push(
            (pick(&env.values), pick(&env.lists), e())
                .prop_map(|(target, list, index)| StmtKind::Assign { target, value: Expr::Index { value: Box::new(Expr::name(&list)), index: Box::new(index) } })
                .boxed(),
        );
        // A slice of it (a dict is no sequence: TypeError).
        simple.push(
            (pick(&env.values), pick(&env.lists), proptest::option::of(-2..=2i64), proptest::option::of(e()))
                .prop_map(|(target, list, lower, upper)| StmtKind::Assign {
                    target,
                    value: Expr::Slice { value: Box::new(Expr::name(&list)), lower: lower.map(|l| Box::new(Expr::int(l))), upper: upper.map(Box::new) },
                })
                .boxed(),
        );
    }
    if !env.objects.is_empty() {
        // The shared object: a method called (its result dropped), an
        // attribute set (a new one, or the one the methods update).
        simple.push((pick(&env.objects), e()).prop_map(|(o, k)| StmtKind::Expr { value: Expr::Method { value: Box::new(Expr::Name { name: o }), method: "bump".into(), args: vec![k] } }).boxed());
        // A thread whose target is the object's bound method.
        simple.push(
            (pick(&env.objects), e())
                .prop_map(|(o, k)| {
                    let target = Expr::Attr { value: Box::new(Expr::Name { name: o }), attr: "bump".into() };
                    let spec = ThreadSpec { target: Some(Box::new(target)), args: vec![k], ..ThreadSpec::default() };
                    started_idle(Expr::lit(Literal::Bool(true)), spec)
                })
                .boxed(),
        );
        // The object's bound method registered as an exit function.
        simple.push(
            (pick(&env.objects), e(), any::<bool>())
                .prop_map(|(o, k, threading)| {
                    let callee = Expr::Attr {
                        value: Box::new(Expr::Name { name: o }),
                        attr: "bump".into(),
                    };
                    StmtKind::AtexitRegisterValue {
                        callee,
                        args: vec![k],
                        star: None,
                        threading,
                    }
                })
                .boxed(),
        );
        simple.push(
            (pick(&env.objects), prop_oneof![Just("n".to_string()), Just("tag".to_string())], e())
                .prop_map(|(o, attr, value)| StmtKind::SetAttr { object: Expr::Name { name: o }, attr, value })
                .boxed(),
        );
    }
    if !env.events.is_empty() {
        // The shared event: set, cleared, waited for (no timeout: until
        // it is set; a timeout: the flag it ends with), tested.
        let method = |ev: String, method: &str, args: Vec<Expr>| Expr::Method { value: Box::new(Expr::Name { name: ev }), method: method.into(), args };
        simple.push(
            (pick(&env.events), prop_oneof![Just("set"), Just("clear")])
                .prop_map(move |(ev, m)| StmtKind::Expr { value: method(ev, m, Vec::new()) })
                .boxed(),
        );
        let timeout = prop_oneof![Just(Expr::lit(Literal::None)), seconds().prop_map(Expr::number)];
        simple.push(
            (pick(&env.values), pick(&env.events), timeout)
                .prop_map(move |(target, ev, t)| StmtKind::Assign { target, value: method(ev, "wait", vec![t]) })
                .boxed(),
        );
        simple.push((pick(&env.values), pick(&env.events)).prop_map(move |(target, ev)| StmtKind::Assign { target, value: method(ev, "is_set", Vec::new()) }).boxed());
    }
    if !env.queues.is_empty() {
        // The shared queue (two slots): put (blocking when full, or with a
        // timeout), get (blocking, with a timeout, or not at all: Empty and
        // Full escape unless caught), task_done, join, qsize.
        let method = |q: String, method: &str, args: Vec<Expr>| Expr::Method { value: Box::new(Expr::Name { name: q }), method: method.into(), args };
        let timeout = prop_oneof![Just(Expr::lit(Literal::None)), seconds().prop_map(Expr::number)];
        simple.push(
            (pick(&env.queues), e(), any::<bool>(), timeout.clone())
                .prop_map(move |(q, item, block, t)| StmtKind::Expr { value: method(q, "put", vec![item, Expr::lit(Literal::Bool(block)), t]) })
                .boxed(),
        );
        simple.push(
            (pick(&env.values), pick(&env.queues), any::<bool>(), timeout)
                .prop_map(move |(target, q, block, t)| StmtKind::Assign { target, value: method(q, "get", vec![Expr::lit(Literal::Bool(block)), t]) })
                .boxed(),
        );
        simple.push(
            (pick(&env.queues), prop_oneof![Just("task_done"), Just("join")])
                .prop_map(move |(q, m)| StmtKind::Expr { value: method(q, m, Vec::new()) })
                .boxed(),
        );
        simple.push((pick(&env.values), pick(&env.queues)).prop_map(move |(target, q)| StmtKind::Assign { target, value: method(q, "qsize", Vec::new()) }).boxed());
    }
    if !env.conds.is_empty() {
        // The shared Condition: waited on (with a timeout, or until
        // notified) or notified under its lock, or notified without it
        // (RuntimeError: cannot notify on un-acquired lock).
        let method = |c: &str, method: &str, args: Vec<Expr>| Expr::Method { value: Box::new(Expr::Name { name: c.to_string() }), method: method.into(), args };
        let timeout = prop_oneof![Just(Expr::lit(Literal::None)), seconds().prop_map(Expr::number)];
        let inside = prop_oneof![
            (pick(&env.values), timeout).prop_map(move |(target, t)| StmtKind::Assign { target, value: method("cond", "wait", vec![t]) }),
            prop_oneof![Just(("notify", vec![Expr::int(1)])), Just(("notify_all", Vec::new()))].prop_map(move |(m, args)| StmtKind::Expr { value: method("cond", m, args) }),
        ];
        simple.push(
            (pick(&env.conds), inside)
                .prop_map(|(c, stmt)| StmtKind::WithObject { object: c, enter_args: Vec::new(), body: vec![Stmt { kind: stmt, loc: Loc::NONE }], context: None, target: None })
                .boxed(),
        );
        simple.push(pick(&env.conds).prop_map(move |c| StmtKind::Expr { value: method(&c, "notify", vec![Expr::int(1)]) }).boxed());
    }
    if !env.sems.is_empty() {
        // The shared semaphore (one slot): acquired (blocking, with a
        // timeout, or not at all) and released (a BoundedSemaphore raises
        // ValueError when released too often).
        let method = |m: String, method: &str, args: Vec<Expr>| Expr::Method { value: Box::new(Expr::Name { name: m }), method: method.into(), args };
        let timeout = prop_oneof![Just(Expr::lit(Literal::None)), seconds().prop_map(Expr::number)];
        simple.push(
            (pick(&env.values), pick(&env.sems), any::<bool>(), timeout)
                .prop_map(move |(target, m, block, t)| StmtKind::Assign { target, value: method(m, "acquire", vec![Expr::lit(Literal::Bool(block)), if block { t } else { Expr::lit(Literal::None) }]) })
                .boxed(),
        );
        simple.push(pick(&env.sems).prop_map(move |m| StmtKind::Expr { value: method(m, "release", vec![Expr::int(1)]) }).boxed());
    }
    if !env.timers.is_empty() {
        // The timer: cancelled, or joined (it always ends: its wait has
        // its interval as timeout).
        let method = |m: String, method: &str| Expr::Method { value: Box::new(Expr::Name { name: m }), method: method.into(), args: Vec::new() };
        simple.push(pick(&env.timers).prop_map(move |tm| StmtKind::Expr { value: method(tm, "cancel") }).boxed());
        simple.push((pick(&env.timers), prop::option::of(seconds())).prop_map(|(thread, timeout)| StmtKind::Join { thread, timeout }).boxed());
    }
    if !env.pools.is_empty() {
        // The pool: its first task's result (waited for, or with a
        // timeout: TimeoutError escapes unless caught), whether it is
        // done, more work (RuntimeError after a shutdown), a shutdown.
        let method = |v: &str, method: &str, args: Vec<Expr>| Expr::Method { value: Box::new(Expr::name(v)), method: method.into(), args };
        let timeout = prop_oneof![Just(Expr::lit(Literal::None)), seconds().prop_map(Expr::number)];
        simple.push((pick(&env.values), timeout).prop_map(move |(target, t)| StmtKind::Assign { target, value: method("fut", "result", vec![t]) }).boxed());
        simple.push(pick(&env.values).prop_map(move |target| StmtKind::Assign { target, value: method("fut", "done", Vec::new()) }).boxed());
        simple.push(
            (pick(&env.pools), -1..=2i64)
                .prop_map(move |(p, a)| StmtKind::Expr { value: method(&p, "submit", vec![Expr::FuncRef { function: "helper0".into() }, Expr::int(a)]) })
                .boxed(),
        );
        simple.push(
            (pick(&env.pools), any::<bool>())
                .prop_map(move |(p, wait)| StmtKind::Expr { value: method(&p, "shutdown", vec![Expr::lit(Literal::Bool(wait)), Expr::lit(Literal::None)]) })
                .boxed(),
        );
    }
    let simple = prop::strategy::Union::new(simple).boxed();
    if depth == 0 {
        return simple;
    }
    let plain = block(env.clone(), limits.clone(), depth - 1);
    let inner = |_: Env| plain.clone();
    // A list or tuple written out is a `ForIn` (parsed back as one).
    let value = e().prop_filter("a list or tuple written out", |x| !matches!(x, Expr::List { .. } | Expr::Tuple { .. })).boxed();
    let iterable = if env.lists.is_empty() { value } else { prop_oneof![pick(&env.lists).prop_map(|name| Expr::Name { name }), value].boxed() };
    let compound = prop_oneof![
        (pick(&env.locks), inner(env.clone())).prop_map(|(lock, body)| StmtKind::With { lock, body }),
        (prop_oneof![Just("_".to_string()), Just("i".to_string())], 0..=3u32, inner(env.clone()))
            .prop_map(|(var, count, body)| StmtKind::For { var, count, body }),
        (e(), inner(env.clone()), prop_oneof![Just(Vec::new()).boxed(), inner(env.clone())])
            .prop_map(|(test, body, orelse)| StmtKind::If { test, body, orelse }),
        // A `while` that ends: its body ends with `break` (so the `else`
        // runs only when the test is false at once).
        (e(), inner(env.clone()), prop_oneof![Just(Vec::new()).boxed(), inner(env.clone())]).prop_map(|(test, mut body, orelse)| {
            body.push(Stmt { kind: StmtKind::Break, loc: Loc::NONE });
            StmtKind::While { test, body, orelse }
        }),
        // `range(start, stop[, step])`: counting down or in strides; a step
        // of 0 raises ValueError when the loop starts.
        (-2..=2i64, -2..=3i64, prop::option::of(-2..=2i64), inner(env.clone())).prop_map(|(start, stop, step, body)| {
            StmtKind::ForRange { var: "i".to_string(), start: Some(Expr::int(start)), stop: Expr::int(stop), step: step.map(Expr::int), body }
        }),
        // A `for` over a tuple written out (its items evaluated first).
        (prop::collection::vec(e(), 0..=3), inner(env.clone()))
            .prop_map(|(items, body)| StmtKind::ForIn { var: "i".to_string(), items, body }),
        // A `for` over the shared list (its items read as the loop goes; the
        // body does not grow it, so the loop ends), or over a value (a
        // TypeError unless it is a str).
        (iterable, block(Env { lists: Vec::new(), ..env.clone() }, limits.clone(), depth - 1))
            .prop_map(|(iterable, body)| StmtKind::ForEach { var: "i".to_string(), iterable, body, unpack: Vec::new() }),
        // `for i, j in [(a, b), …]`: each item unpacked (a pair of the wrong
        // length is a ValueError).
        (prop::collection::vec(prop::collection::vec(e(), 1..=3), 0..=2), inner(env.clone())).prop_map(|(pairs, body)| {
            let iterable = Expr::List { items: pairs.into_iter().map(|items| Expr::Tuple { items }).collect() };
            StmtKind::ForEach { var: String::new(), iterable, body, unpack: vec!["i".to_string(), "j".to_string()] }
        }),
        // A `for` whose body may skip to the next iteration or leave early.
        (e(), any::<bool>(), 1..=3u32, inner(env.clone())).prop_map(|(test, leave, count, mut body)| {
            let jump = if leave { StmtKind::Break } else { StmtKind::Continue };
            body.insert(0, Stmt { kind: StmtKind::If { test, body: vec![Stmt { kind: jump, loc: Loc::NONE }], orelse: Vec::new() }, loc: Loc::NONE });
            StmtKind::For { var: "i".to_string(), count, body }
        }),
        (
            inner(env.clone()),
            prop::collection::vec(except_handler(&env, plain.clone()), 0..=2),
            any::<bool>(),
            inner(env.clone()),
            inner(env.clone()),
            any::<bool>(),
        )
            .prop_map(|(body, mut handlers, bare_last, orelse, finalbody, with_finally)| {
                if bare_last {
                    if let Some(h) = handlers.last_mut() {
                        h.types.clear();
                        h.name = None;
                    }
                }
                let has_handlers = !handlers.is_empty();
                StmtKind::Try {
                    body,
                    handlers,
                    // `else` needs an `except`; a `try` needs an `except` or a `finally`.
                    orelse: if has_handlers { orelse } else { Vec::new() },
                    finalbody: if with_finally || !has_handlers { finalbody } else { Vec::new() },
                }
            }),
    ];
    prop_oneof![4 => simple, 1 => compound].boxed()
}

fn except_handler(env: &Env, body: BoxedStrategy<Block>) -> impl Strategy<Value = ExceptHandler> {
    let types = prop::collection::vec(exc_type(env), 1..=2);
    (types, any::<bool>(), body).prop_map(|(types, named, body)| ExceptHandler {
        types,
        name: named.then(|| "e".to_string()),
        body,
        loc: Loc::NONE,
    })
}

fn exc_type(env: &Env) -> BoxedStrategy<ExcType> {
    let mut all: Vec<ExcType> = ExcType::GENERATED.to_vec();
    all.extend(env.exceptions.iter().cloned());
    prop::sample::select(all).boxed()
}

fn raisable(env: &Env) -> BoxedStrategy<ExcType> {
    let mut all: Vec<ExcType> = ExcType::GENERATED.iter().filter(|e| **e != ExcType::BaseException).cloned().collect();
    all.extend(env.exceptions.iter().cloned());
    prop::sample::select(all).boxed()
}

fn handler(env: &Env) -> BoxedStrategy<Handler> {
    let mut all = vec![Handler::Ignore, Handler::Default, Handler::DefaultInt];
    all.extend(env.handlers.iter().map(|h| Handler::Function(h.clone())));
    all.extend(env.old_handlers.iter().map(|h| Handler::Name(h.clone())));
    prop::sample::select(all).boxed()
}

fn thread_ref(env: &Env) -> BoxedStrategy<ThreadRef> {
    // `threading.get_ident() + 0`: a computed ident (a bare call would be
    // `ThreadRef::Current` when parsed back).
    let ident = Expr::BinOp { op: BinOp::Add, left: Box::new(Expr::ThreadQuery { query: ThreadQuery::Ident }), right: Box::new(Expr::int(0)) };
    prop_oneof![Just(ThreadRef::Main), Just(ThreadRef::Current), pick(&env.threads).prop_map(ThreadRef::Named), Just(ThreadRef::Ident(ident))].boxed()
}

fn acquire(env: &Env) -> BoxedStrategy<Expr> {
    (pick(&env.locks), prop::option::of(any::<bool>()), prop::option::of(number()), any::<bool>())
        // A timeout alone can only be given by keyword.
        .prop_map(|(lock, blocking, timeout, kw)| {
            let keywords = (kw && (blocking.is_some() || timeout.is_some())) || (blocking.is_none() && timeout.is_some());
            Expr::Acquire { lock, blocking, timeout: timeout.map(|t| Box::new(Expr::number(t))), keywords }
        })
        .boxed()
}

/// Sleep lengths: short, so generated scripts also run quickly for real.
fn seconds() -> impl Strategy<Value = Number> {
    prop_oneof![
        Just(Number::Int(0)),
        Just(Number::Float(Float(0.05))),
        Just(Number::Float(Float(0.1))),
        Just(Number::Float(Float(0.25))),
    ]
}

/// Timeouts, including the invalid ones Python rejects at run time.
fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        (-2..=2i64).prop_map(Number::Int),
        prop::sample::select(vec![0.05, 0.1, 0.5, -0.5, 1e300]).prop_map(|f| Number::Float(Float(f))),
    ]
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        Just(Literal::None),
        any::<bool>().prop_map(Literal::Bool),
        prop_oneof![-3..=3i64, Just(i64::MIN), Just(i64::MAX)].prop_map(Literal::Int),
        prop::sample::select(vec![0.0, -0.0, 0.5, 2.5, 1e-7, 1e300, -1.25]).prop_map(|f| Literal::Float(Float(f))),
        "[a-z \"'\\\\\n\t\u{e9}\u{1F600}]{0,6}".prop_map(Literal::Str),
    ]
}

fn expr(env: Env, depth: u32) -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        literal().prop_map(|value| Expr::Lit { value }),
        pick(&env.values).prop_map(|name| Expr::Name { name }),
        Just(Expr::Name { name: "__name__".into() }),
        acquire(&env),
        pick(&env.locks).prop_map(|lock| Expr::Locked { lock }),
        pick(&env.threads).prop_map(|thread| Expr::IsAlive { thread }),
        Just(Expr::IsMainThread),
        Just(Expr::CurrentThreadName),
        any::<ThreadQuery>().prop_map(|query| Expr::ThreadQuery { query }),
        Just(Expr::Enumerate),
    ]
    .boxed();
    // `signal.SIGxxx` and `signal.ITIMER_REAL` as values.
    let constant = prop_oneof![any::<Sig>().prop_map(|signal| Expr::Signal { signal }), Just(Expr::ItimerReal)];
    // `isinstance(x, T)`: true only of an exception.
    let class = prop_oneof![4 => exc_type(&env).prop_map(InstanceOf::Exc), 1 => Just(InstanceOf::Signals)];
    let is_instance = (leaf.clone(), prop::collection::vec(class, 1..=2)).prop_map(|(v, types)| Expr::IsInstance { value: Box::new(v), types });
    let leaf = prop_oneof![12 => leaf, 1 => constant, 1 => is_instance].boxed();
    let leaf = if env.lists.is_empty() {
        leaf
    } else {
        // The shared list's length, its last item, or a list made here.
        let list = pick(&env.lists).prop_map(|name| Expr::Name { name });
        let items = literal().prop_map(|value| vec![Expr::Lit { value }]).boxed();
        // A tuple of one or two: `%` takes its items as its arguments.
        let tuple = prop::collection::vec(literal().prop_map(|value| Expr::Lit { value }), 1..=2);
        prop_oneof![
            8 => leaf,
            1 => list.clone().prop_map(|l| Expr::Len { value: Box::new(l) }),
            1 => (list.clone(), any::<Builtin>()).prop_map(|(l, function)| Expr::Builtin { function, value: Box::new(l) }),
            1 => list.clone().prop_map(|l| Expr::Index { value: Box::new(l), index: Box::new(Expr::int(-1)) }),
            1 => list.clone(),
            1 => items.prop_map(|items| Expr::List { items }),
            1 => tuple.prop_map(|items| Expr::Tuple { items }),
            // `set(items)`: the shared list's items, each once.
            1 => list.clone().prop_map(|l| Expr::NewSet { from: Some(Box::new(l)) }),
            // `{a}`: a set display.
            1 => literal().prop_map(|value| Expr::SetDisplay { items: vec![Expr::Lit { value }] }),
            // `[x] * n`: a new list of n copies (n may be negative: empty).
            1 => (literal(), -1..=3i64).prop_map(|(value, n)| Expr::ListRepeat { items: vec![Expr::Lit { value }], count: Box::new(Expr::int(n)) }),
        ]
        .boxed()
    };
    let leaf = if env.objects.is_empty() {
        leaf
    } else {
        // The shared object's attributes (`tag` is unset until a statement
        // sets it: AttributeError) and its class attribute.
        let object = pick(&env.objects).prop_map(|name| Expr::Name { name });
        let attr = prop_oneof![Just("n".to_string()), Just("tag".to_string()), Just("size".to_string())];
        prop_oneof![8 => leaf, 2 => (object, attr).prop_map(|(o, attr)| Expr::Attr { value: Box::new(o), attr })].boxed()
    };
    let leaf = if depth == 0 {
        leaf
    } else {
        // `helper0(x)` of a value: a call whose result is used.
        let call = expr(env.clone(), depth - 1).prop_map(|a| Expr::Call { function: "helper0".into(), args: vec![a] });
        // `[c + k for c in range(n) if c > 0]`, or over the shared list
        // (its items read as the comprehension goes).
        let over: BoxedStrategy<Expr> = if env.lists.is_empty() {
            (0..=3i64).prop_map(|n| Expr::Range { start: None, stop: Box::new(Expr::int(n)), step: None }).boxed()
        } else {
            prop_oneof![
                (0..=3i64).prop_map(|n| Expr::Range { start: None, stop: Box::new(Expr::int(n)), step: None }),
                pick(&env.lists).prop_map(|name| Expr::Name { name }),
            ]
            .boxed()
        };
        let comprehension = (over, -2..=2i64, any::<bool>()).prop_map(|(iterable, k, filtered)| Expr::ListComp {
            elt: Box::new(Expr::BinOp { op: BinOp::Add, left: Box::new(Expr::name("c")), right: Box::new(Expr::int(k)) }),
            var: "c".into(),
            iterable: Box::new(iterable),
            cond: filtered.then(|| Box::new(Expr::Compare { op: CmpOp::Gt, left: Box::new(Expr::name("c")), right: Box::new(Expr::int(0)) })),
        });
        prop_oneof![6 => leaf, 1 => call, 1 => comprehension].boxed()
    };
    if depth == 0 {
        return leaf;
    }
    let below = expr(env.clone(), depth - 1);
    let sub = || below.clone();
    prop_oneof![
        3 => leaf,
        1 => sub().prop_map(|o| Expr::Not { operand: Box::new(o) }),
        1 => (sub(), any::<bool>()).prop_map(|(v, repr)| Expr::Convert { value: Box::new(v), repr }),
        1 => prop::collection::vec(sub(), 2..=3).prop_map(|operands| Expr::And { operands }),
        1 => prop::collection::vec(sub(), 2..=3).prop_map(|operands| Expr::Or { operands }),
        1 => (any::<CmpOp>(), sub(), sub())
            .prop_map(|(op, l, r)| compare(op, l, r)),
        // Arithmetic by a small int: a value of another type is a TypeError
        // in both; no generated int is near the 64-bit edge after it, so the
        // model's 64-bit ints cannot differ from Python's (`values.rs`). `%`
        // only of an int (a str's %-formatting of random text is not covered).
        1 => (prop_oneof![Just(BinOp::Add), Just(BinOp::Sub), Just(BinOp::FloorDiv), Just(BinOp::BitAnd), Just(BinOp::BitOr), Just(BinOp::BitXor)], sub(), 1..=9i64)
            .prop_map(|(op, l, r)| Expr::BinOp { op, left: Box::new(l), right: Box::new(Expr::int(r)) }),
        // Two values' classes compared (a class's name differs by
        // interpreter only where the model does not keep it).
        1 => (sub(), sub()).prop_map(|(a, b)| compare(CmpOp::Eq, Expr::TypeOf { value: Box::new(a) }, Expr::TypeOf { value: Box::new(b) })),
        // `sys.version_info` against a (3, minor) tuple: true or false by the
        // variant's version.
        1 => (any::<CmpOp>().prop_filter("an ordering", |op| matches!(op, CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE)), 8..=15i64)
            .prop_map(|(op, minor)| compare(op, Expr::VersionInfo, Expr::Tuple { items: vec![Expr::int(3), Expr::int(minor)] })),
        1 => (-50..=50i64, 1..=9i64)
            .prop_map(|(l, r)| Expr::BinOp { op: BinOp::Mod, left: Box::new(Expr::int(l)), right: Box::new(Expr::int(r)) }),
        // An f-string of text and names, `str()` of each: the `repr` of
        // arbitrary text is left to the corpus, and a field holds a name so
        // the rendered script parses before 3.12 (no quotes or backslashes
        // inside a field). Adjacent texts are one part, as parsed.
        1 => prop::collection::vec(prop_oneof![
                "[a-z :=]{1,6}".prop_map(|text| FPart::Text { text }),
                pick(&env.values).prop_map(|name| FPart::Value { value: Expr::Name { name }, repr: false, spec: String::new() }),
            ], 1..=3)
            .prop_map(|parts| {
                let mut merged: Vec<FPart> = Vec::new();
                for p in parts {
                    match (merged.last_mut(), p) {
                        (Some(FPart::Text { text }), FPart::Text { text: more }) => text.push_str(&more),
                        (_, p) => merged.push(p),
                    }
                }
                Expr::FString { parts: merged }
            }),
    ]
    .boxed()
}

macro_rules! arbitrary_enum {
    ($t:ty, [$($v:expr),+ $(,)?]) => {
        impl Arbitrary for $t {
            type Parameters = ();
            type Strategy = BoxedStrategy<$t>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                prop::sample::select(vec![$($v),+]).boxed()
            }
        }
    };
}

arbitrary_enum!(Sig, [Sig::SIGINT, Sig::SIGTERM, Sig::SIGUSR1, Sig::SIGUSR2, Sig::SIGALRM]);
arbitrary_enum!(ThreadQuery, [ThreadQuery::Current, ThreadQuery::Main, ThreadQuery::Ident, ThreadQuery::LowIdent, ThreadQuery::ActiveCount]);
arbitrary_enum!(Builtin, [Builtin::Sum, Builtin::Sorted, Builtin::Abs, Builtin::Copy]);
arbitrary_enum!(LockCtor, [LockCtor::AllocateLock, LockCtor::Lock, LockCtor::RLock]);
arbitrary_enum!(CmpOp, [CmpOp::Eq, CmpOp::NotEq, CmpOp::Is, CmpOp::IsNot, CmpOp::Lt, CmpOp::LtE, CmpOp::Gt, CmpOp::GtE, CmpOp::In, CmpOp::NotIn]);

/// `l op r`, in the one form the front end gives back: `current_thread()
/// is main_thread()` is `IsMainThread` (and `is not` its negation).
fn compare(op: CmpOp, l: Expr, r: Expr) -> Expr {
    let current = Expr::ThreadQuery { query: ThreadQuery::Current };
    let main = Expr::ThreadQuery { query: ThreadQuery::Main };
    match op {
        CmpOp::Is if l == current && r == main => Expr::IsMainThread,
        CmpOp::IsNot if l == current && r == main => Expr::Not { operand: Box::new(Expr::IsMainThread) },
        _ => Expr::Compare { op, left: Box::new(l), right: Box::new(r) },
    }
}
