//! The runtime's objects (issue 18), one proptest-state-machine per object:
//! Event, Condition, Semaphore/BoundedSemaphore, Queue/LifoQueue, Timer
//! and ThreadPoolExecutor. The reference machine tracks what it needs to
//! keep a sequence from blocking for ever and renders the operations as a
//! script, each in a `try` that prints its value or its exception; the
//! system under test calls the runtime's Rust API from its main thread.
//! At the end of a sequence the model runs the script (its copies of
//! threading.py, queue.py and concurrent/futures, at bytecode granularity)
//! and what the runtime printed must be the stdout of one of its outcomes:
//! the Rust objects, written apart from those copies, do what they do.

use proptest::prelude::*;
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};
use pythread_impl::{Clock, CondLock, ExcKind, Py, PyException, QueueKind, Runtime};
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::fmt::Debug;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

/// One object's operations: how to pick them, keep them from blocking for
/// ever, write them in Python and run them on the runtime.
trait Object: Clone + Debug + 'static {
    type Op: Clone + Debug + Send + 'static;
    /// What the reference knows after the operations so far.
    type Known: Clone + Debug + Send + 'static;
    fn start() -> BoxedStrategy<Self::Known>;
    fn ops(k: &Self::Known) -> BoxedStrategy<Self::Op>;
    /// Whether `op` ends (the main thread is the only one that could end
    /// its wait, or the wait has a timeout).
    fn allowed(k: &Self::Known, op: &Self::Op) -> bool;
    fn step(k: &mut Self::Known, op: &Self::Op);
    /// The script's lines before the operations.
    fn setup(k: &Self::Known) -> String;
    /// The statement(s) of `op`, printing its value or `ok`.
    fn python(op: &Self::Op) -> String;
    /// Runs the operations on the runtime's main thread, one printed line each.
    fn run(py: &mut Py<'_>, k: &Self::Known, ops: &[Self::Op], out: &mut Vec<String>) -> Result<(), PyException>;
}

/// What the script's `except BaseException as e: print(type(e).__name__, e)` prints.
fn printed(e: &PyException) -> String {
    match &e.kind {
        ExcKind::Other(n) if n == "Empty" || n == "Full" => n.clone(),
        kind => {
            let text = e.message.clone().or_else(|| e.code.map(|c| c.to_string())).unwrap_or_default();
            format!("{} {text}", kind.name())
        }
    }
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.into()
}

fn seconds(t: Option<f64>) -> String {
    t.map_or("None".into(), |t| format!("{t}"))
}

/// The reference: the variant, the start, what is known now, the operations.
#[derive(Clone, Debug)]
struct Reference<O: Object> {
    variant: Variant,
    start: O::Known,
    known: O::Known,
    ops: Vec<O::Op>,
}

#[derive(Clone, Debug)]
struct Machine<O>(PhantomData<O>);

impl<O: Object> ReferenceStateMachine for Machine<O> {
    type State = Reference<O>;
    type Transition = O::Op;

    fn init_state() -> BoxedStrategy<Reference<O>> {
        // 3.9+: the library copies are 3.9–3.13's code (CP29: 3.8's
        // Condition.notify and Semaphore.release differ).
        let variant = (prop::sample::select(Platform::ALL.to_vec()), 9..=14u8)
            .prop_map(|(platform, minor)| Variant { platform, version: Version::of(minor), exit: ExitMode::Killed });
        (variant, O::start()).prop_map(|(variant, start)| Reference { variant, known: start.clone(), start, ops: vec![] }).boxed()
    }

    fn transitions(state: &Reference<O>) -> BoxedStrategy<O::Op> {
        O::ops(&state.known)
    }

    fn preconditions(state: &Reference<O>, op: &O::Op) -> bool {
        O::allowed(&state.known, op)
    }

    fn apply(mut state: Reference<O>, op: &O::Op) -> Reference<O> {
        O::step(&mut state.known, op);
        state.ops.push(op.clone());
        state
    }
}

/// The system under test collects the operations; the teardown runs them
/// on the runtime and the script in the model.
struct Runner<O>(PhantomData<O>);

fn script<O: Object>(r: &Reference<O>) -> String {
    let mut s = O::setup(&r.start);
    for op in &r.ops {
        s.push_str("try:\n");
        for line in O::python(op).lines() {
            s.push_str(&format!("    {line}\n"));
        }
        s.push_str("except queue.Empty:\n    print(\"Empty\")\nexcept queue.Full:\n    print(\"Full\")\n");
        s.push_str("except BaseException as e:\n    print(type(e).__name__, e)\n");
    }
    s
}

impl<O: Object> StateMachineTest for Runner<O> {
    type SystemUnderTest = Vec<O::Op>;
    type Reference = Machine<O>;

    fn init_test(_: &Reference<O>) -> Vec<O::Op> {
        Vec::new()
    }

    fn apply(mut sut: Vec<O::Op>, _: &Reference<O>, op: O::Op) -> Vec<O::Op> {
        sut.push(op);
        sut
    }

    fn teardown(ops: Vec<O::Op>, r: Reference<O>) {
        let rt = Runtime::builder(r.variant).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let out = lines.clone();
        let start = r.start.clone();
        rt.run_main(move |py| {
            let mut printed = Vec::new();
            let result = O::run(py, &start, &ops, &mut printed);
            *out.lock().unwrap() = printed;
            result
        });
        rt.wait_for_threads();
        let runtime: Vec<String> = lines.lock().unwrap().clone();
        let src = script(&r);
        let scenario = pythread_model::parse(&src, "ops.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"));
        let model = PyModel::new(Arc::new(Program::compile(&scenario)), r.variant);
        let p = predict(&model, Limits { symmetry: true, ..Limits::default() });
        assert!(p.complete, "the model's search of\n{src}\nstopped: {:?}", p.stop);
        let outs: Vec<&Vec<String>> = p.outcomes.iter().map(|o| &o.outcome.stdout).collect();
        let admitted = p.outcomes.iter().any(|o| o.outcome.admits_stdout(&runtime));
        assert!(admitted, "under {}, the runtime printed {runtime:?}; the model's outcomes print {outs:?}\n{src}", r.variant);
    }
}

// ---- Event ------------------------------------------------------------------

#[derive(Clone, Debug)]
struct EventObject;

#[derive(Clone, Debug)]
enum EventOp {
    Set,
    Clear,
    IsSet,
    Wait(Option<f64>),
}

impl Object for EventObject {
    type Op = EventOp;
    /// Whether the flag is set.
    type Known = bool;

    fn start() -> BoxedStrategy<bool> {
        Just(false).boxed()
    }

    fn ops(_: &bool) -> BoxedStrategy<EventOp> {
        prop_oneof![
            Just(EventOp::Set),
            Just(EventOp::Clear),
            Just(EventOp::IsSet),
            prop::option::of(prop::sample::select(vec![0.0, 0.05, -1.0])).prop_map(EventOp::Wait),
        ]
        .boxed()
    }

    fn allowed(set: &bool, op: &EventOp) -> bool {
        !matches!(op, EventOp::Wait(None)) || *set
    }

    fn step(set: &mut bool, op: &EventOp) {
        match op {
            EventOp::Set => *set = true,
            EventOp::Clear => *set = false,
            _ => {}
        }
    }

    fn setup(_: &bool) -> String {
        "import queue\nimport threading\nev = threading.Event()\n".into()
    }

    fn python(op: &EventOp) -> String {
        match op {
            EventOp::Set => "ev.set()\nprint(\"ok\")".into(),
            EventOp::Clear => "ev.clear()\nprint(\"ok\")".into(),
            EventOp::IsSet => "print(ev.is_set())".into(),
            EventOp::Wait(t) => format!("print(ev.wait({}))", seconds(*t)),
        }
    }

    fn run(py: &mut Py<'_>, _: &bool, ops: &[EventOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let ev = py.event();
        for op in ops {
            let line = match op {
                EventOp::Set => ev.set(py).map(|()| "ok".into()),
                EventOp::Clear => ev.clear(py).map(|()| "ok".into()),
                EventOp::IsSet => ev.is_set(py).map(py_bool),
                EventOp::Wait(t) => ev.wait(py, *t).map(py_bool),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

// ---- Condition --------------------------------------------------------------

#[derive(Clone, Debug)]
struct ConditionObject;

#[derive(Clone, Debug)]
enum ConditionOp {
    /// `cond.acquire(False)` or `cond.acquire(True, t)`.
    Acquire(Option<f64>),
    Release,
    Wait(f64),
    Notify(usize),
    NotifyAll,
}

/// The condition's lock (`None`: `Condition()`, an RLock), and how deep
/// the main thread holds it.
#[derive(Clone, Debug)]
struct CondKnown {
    reentrant: Option<bool>,
    depth: u32,
}

impl Object for ConditionObject {
    type Op = ConditionOp;
    type Known = CondKnown;

    fn start() -> BoxedStrategy<CondKnown> {
        prop::option::of(any::<bool>()).prop_map(|reentrant| CondKnown { reentrant, depth: 0 }).boxed()
    }

    fn ops(_: &CondKnown) -> BoxedStrategy<ConditionOp> {
        prop_oneof![
            prop::option::of(prop::sample::select(vec![0.05, 0.0])).prop_map(ConditionOp::Acquire),
            Just(ConditionOp::Release),
            prop::sample::select(vec![0.05, 0.0, -1.0]).prop_map(ConditionOp::Wait),
            (0..3usize).prop_map(ConditionOp::Notify),
            Just(ConditionOp::NotifyAll),
        ]
        .boxed()
    }

    fn allowed(_: &CondKnown, _: &ConditionOp) -> bool {
        true
    }

    fn step(k: &mut CondKnown, op: &ConditionOp) {
        let reentrant = k.reentrant != Some(false);
        match op {
            ConditionOp::Acquire(_) if k.depth == 0 || reentrant => k.depth += 1,
            ConditionOp::Release => k.depth = k.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn setup(k: &CondKnown) -> String {
        let lock = match k.reentrant {
            None => "",
            Some(true) => "threading.RLock()",
            Some(false) => "threading.Lock()",
        };
        format!("import queue\nimport threading\ncond = threading.Condition({lock})\n")
    }

    fn python(op: &ConditionOp) -> String {
        match op {
            ConditionOp::Acquire(None) => "print(cond.acquire(False))".into(),
            ConditionOp::Acquire(Some(t)) => format!("print(cond.acquire(True, {t}))"),
            ConditionOp::Release => "cond.release()\nprint(\"ok\")".into(),
            ConditionOp::Wait(t) => format!("print(cond.wait({t}))"),
            ConditionOp::Notify(n) => format!("cond.notify({n})\nprint(\"ok\")"),
            ConditionOp::NotifyAll => "cond.notify_all()\nprint(\"ok\")".into(),
        }
    }

    fn run(py: &mut Py<'_>, k: &CondKnown, ops: &[ConditionOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let lock = match k.reentrant {
            None => None,
            Some(true) => Some(CondLock::RLock(py.rlock())),
            Some(false) => Some(CondLock::Lock(py.allocate_lock())),
        };
        let cond = py.condition(lock);
        for op in ops {
            let line = match op {
                ConditionOp::Acquire(None) => cond.acquire(py, false, -1.0).map(py_bool),
                ConditionOp::Acquire(Some(t)) => cond.acquire(py, true, *t).map(py_bool),
                ConditionOp::Release => cond.release(py).map(|()| "ok".into()),
                ConditionOp::Wait(t) => cond.wait(py, Some(*t)).map(py_bool),
                ConditionOp::Notify(n) => cond.notify(py, *n).map(|()| "ok".into()),
                ConditionOp::NotifyAll => cond.notify_all(py).map(|()| "ok".into()),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

// ---- Semaphore / BoundedSemaphore ------------------------------------------

#[derive(Clone, Debug)]
struct SemaphoreObject;

#[derive(Clone, Debug)]
enum SemaphoreOp {
    /// `sem.acquire(blocking, timeout)`, as written: `(None, None)` is `acquire()`.
    Acquire(Option<bool>, Option<f64>),
    Release(i64),
}

/// Bounded or not, the initial value, and the value now.
#[derive(Clone, Debug)]
struct SemKnown {
    bounded: bool,
    initial: i64,
    value: i64,
}

impl Object for SemaphoreObject {
    type Op = SemaphoreOp;
    type Known = SemKnown;

    fn start() -> BoxedStrategy<SemKnown> {
        (any::<bool>(), 0..3i64).prop_map(|(bounded, initial)| SemKnown { bounded, initial, value: initial.max(0) }).boxed()
    }

    fn ops(_: &SemKnown) -> BoxedStrategy<SemaphoreOp> {
        prop_oneof![
            (prop::option::of(any::<bool>()), prop::option::of(prop::sample::select(vec![0.05, 0.0, -1.0])))
                .prop_map(|(b, t)| SemaphoreOp::Acquire(b, t)),
            (0..3i64).prop_map(SemaphoreOp::Release),
        ]
        .boxed()
    }

    fn allowed(k: &SemKnown, op: &SemaphoreOp) -> bool {
        // A blocking acquire without a timeout needs a count.
        !matches!(op, SemaphoreOp::Acquire(None | Some(true), None) if k.value == 0)
    }

    fn step(k: &mut SemKnown, op: &SemaphoreOp) {
        match op {
            SemaphoreOp::Acquire(b, t) => {
                if !(b == &Some(false) && t.is_some()) && k.value > 0 {
                    k.value -= 1;
                }
            }
            SemaphoreOp::Release(n) => {
                if *n >= 1 && !(k.bounded && k.value + n > k.initial) {
                    k.value += n;
                }
            }
        }
    }

    fn setup(k: &SemKnown) -> String {
        let class = if k.bounded { "BoundedSemaphore" } else { "Semaphore" };
        format!("import queue\nimport threading\ntry:\n    sem = threading.{class}({})\nexcept ValueError as e:\n    print(\"ValueError\", e)\n", k.initial)
    }

    fn python(op: &SemaphoreOp) -> String {
        match op {
            SemaphoreOp::Acquire(None, None) => "print(sem.acquire())".into(),
            SemaphoreOp::Acquire(Some(b), None) => format!("print(sem.acquire({}))", py_bool(*b)),
            SemaphoreOp::Acquire(None, Some(t)) => format!("print(sem.acquire(timeout={t}))"),
            SemaphoreOp::Acquire(Some(b), Some(t)) => format!("print(sem.acquire({}, {t}))", py_bool(*b)),
            SemaphoreOp::Release(n) => format!("sem.release({n})\nprint(\"ok\")"),
        }
    }

    fn run(py: &mut Py<'_>, k: &SemKnown, ops: &[SemaphoreOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let made = if k.bounded { py.bounded_semaphore(k.initial) } else { py.semaphore(k.initial) };
        let sem = match made {
            Ok(sem) => sem,
            Err(e) => {
                out.push(printed(&e));
                return Ok(());
            }
        };
        for op in ops {
            let line = match op {
                SemaphoreOp::Acquire(b, t) => sem.acquire(py, b.unwrap_or(true), *t).map(py_bool),
                SemaphoreOp::Release(n) => sem.release(py, *n).map(|()| "ok".into()),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

// ---- Queue / LifoQueue ------------------------------------------------------

#[derive(Clone, Debug)]
struct QueueObject;

#[derive(Clone, Debug)]
enum QueueOp {
    /// `q.put(n, block, timeout)`; `(true, None)` is `q.put(n)`.
    Put(u8, bool, Option<f64>),
    PutNowait(u8),
    Get(bool, Option<f64>),
    GetNowait,
    TaskDone,
    Join,
    Qsize,
    Empty,
    Full,
}

/// LIFO or not, the maxsize, how many items are queued and how many tasks
/// are unfinished.
#[derive(Clone, Debug)]
struct QueueKnown {
    lifo: bool,
    maxsize: i64,
    len: i64,
    unfinished: i64,
}

impl Object for QueueObject {
    type Op = QueueOp;
    type Known = QueueKnown;

    fn start() -> BoxedStrategy<QueueKnown> {
        (any::<bool>(), 0..3i64).prop_map(|(lifo, maxsize)| QueueKnown { lifo, maxsize, len: 0, unfinished: 0 }).boxed()
    }

    fn ops(_: &QueueKnown) -> BoxedStrategy<QueueOp> {
        let timeout = prop::option::of(prop::sample::select(vec![0.05, 0.0, -1.0]));
        prop_oneof![
            3 => (0..9u8, any::<bool>(), timeout.clone()).prop_map(|(n, b, t)| QueueOp::Put(n, b, t)),
            1 => (0..9u8).prop_map(QueueOp::PutNowait),
            3 => (any::<bool>(), timeout).prop_map(|(b, t)| QueueOp::Get(b, t)),
            1 => Just(QueueOp::GetNowait),
            2 => Just(QueueOp::TaskDone),
            1 => Just(QueueOp::Join),
            1 => prop::sample::select(vec![QueueOp::Qsize, QueueOp::Empty, QueueOp::Full]),
        ]
        .boxed()
    }

    fn allowed(k: &QueueKnown, op: &QueueOp) -> bool {
        let full = k.maxsize > 0 && k.len >= k.maxsize;
        match op {
            QueueOp::Put(_, true, None) => !full,
            QueueOp::Get(true, None) => k.len > 0,
            QueueOp::Join => k.unfinished == 0,
            _ => true,
        }
    }

    fn step(k: &mut QueueKnown, op: &QueueOp) {
        let full = k.maxsize > 0 && k.len >= k.maxsize;
        match op {
            // A negative timeout is refused only where the queue is bounded
            // (put) and before anything is taken.
            QueueOp::Put(_, block, t) => {
                let refused = full && (!block || t.is_some()) || (k.maxsize > 0 && *block && t.is_some_and(|t| t < 0.0));
                if !refused {
                    k.len += 1;
                    k.unfinished += 1;
                }
            }
            QueueOp::PutNowait(_) => {
                if !full {
                    k.len += 1;
                    k.unfinished += 1;
                }
            }
            QueueOp::Get(block, t) => {
                if k.len > 0 && !(*block && t.is_some_and(|t| t < 0.0)) {
                    k.len -= 1;
                }
            }
            QueueOp::GetNowait => k.len = (k.len - 1).max(0),
            QueueOp::TaskDone => {
                if k.unfinished > 0 {
                    k.unfinished -= 1;
                }
            }
            _ => {}
        }
    }

    fn setup(k: &QueueKnown) -> String {
        let class = if k.lifo { "LifoQueue" } else { "Queue" };
        format!("import queue\nq = queue.{class}({})\n", k.maxsize)
    }

    fn python(op: &QueueOp) -> String {
        match op {
            QueueOp::Put(n, true, None) => format!("q.put({n})\nprint(\"ok\")"),
            QueueOp::Put(n, b, t) => format!("q.put({n}, {}, {})\nprint(\"ok\")", py_bool(*b), seconds(*t)),
            QueueOp::PutNowait(n) => format!("q.put_nowait({n})\nprint(\"ok\")"),
            QueueOp::Get(true, None) => "print(q.get())".into(),
            QueueOp::Get(b, t) => format!("print(q.get({}, {}))", py_bool(*b), seconds(*t)),
            QueueOp::GetNowait => "print(q.get_nowait())".into(),
            QueueOp::TaskDone => "q.task_done()\nprint(\"ok\")".into(),
            QueueOp::Join => "q.join()\nprint(\"ok\")".into(),
            QueueOp::Qsize => "print(q.qsize())".into(),
            QueueOp::Empty => "print(q.empty())".into(),
            QueueOp::Full => "print(q.full())".into(),
        }
    }

    fn run(py: &mut Py<'_>, k: &QueueKnown, ops: &[QueueOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let q = py.queue::<u8>(if k.lifo { QueueKind::Lifo } else { QueueKind::Fifo }, k.maxsize);
        let ok = |()| "ok".to_string();
        for op in ops {
            let line = match op {
                QueueOp::Put(n, b, t) => q.put(py, *n, *b, *t).map(ok),
                QueueOp::PutNowait(n) => q.put_nowait(py, *n).map(ok),
                QueueOp::Get(b, t) => q.get(py, *b, *t).map(|n| n.to_string()),
                QueueOp::GetNowait => q.get_nowait(py).map(|n| n.to_string()),
                QueueOp::TaskDone => q.task_done(py).map(ok),
                QueueOp::Join => q.join(py).map(ok),
                QueueOp::Qsize => q.qsize(py).map(|n| n.to_string()),
                QueueOp::Empty => q.empty(py).map(py_bool),
                QueueOp::Full => q.full(py).map(py_bool),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

// ---- Timer ------------------------------------------------------------------

#[derive(Clone, Debug)]
struct TimerObject;

#[derive(Clone, Debug)]
enum TimerOp {
    Start,
    Cancel,
    /// `time.sleep(ms / 1000)`: multiples of 100 ms, so the main thread
    /// never looks at the very moment the timer (250 ms) fires.
    Sleep(u32),
    /// `print(len(fired), t.is_alive())`
    Look,
    Join,
}

impl Object for TimerObject {
    type Op = TimerOp;
    /// Whether the timer was started.
    type Known = bool;

    fn start() -> BoxedStrategy<bool> {
        Just(false).boxed()
    }

    fn ops(_: &bool) -> BoxedStrategy<TimerOp> {
        prop_oneof![
            Just(TimerOp::Start),
            Just(TimerOp::Cancel),
            prop::sample::select(vec![100u32, 200]).prop_map(TimerOp::Sleep),
            Just(TimerOp::Look),
            Just(TimerOp::Join),
        ]
        .boxed()
    }

    fn allowed(_: &bool, _: &TimerOp) -> bool {
        true
    }

    fn step(started: &mut bool, op: &TimerOp) {
        if let TimerOp::Start = op {
            *started = true;
        }
    }

    fn setup(_: &bool) -> String {
        "import queue\nimport threading\nimport time\nfired = []\ndef fire():\n    fired.append(1)\nt = threading.Timer(0.25, fire)\n".into()
    }

    fn python(op: &TimerOp) -> String {
        match op {
            TimerOp::Start => "t.start()\nprint(\"ok\")".into(),
            TimerOp::Cancel => "t.cancel()\nprint(\"ok\")".into(),
            TimerOp::Sleep(ms) => format!("time.sleep({})\nprint(\"ok\")", f64::from(*ms) / 1000.0),
            TimerOp::Look => "print(len(fired), t.is_alive())".into(),
            TimerOp::Join => "t.join()\nprint(\"ok\")".into(),
        }
    }

    fn run(py: &mut Py<'_>, _: &bool, ops: &[TimerOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let fired = Arc::new(Mutex::new(0usize));
        let f = fired.clone();
        let t = py.timer(0.25, move |_| {
            *f.lock().unwrap() += 1;
            Ok(())
        });
        let ok = |()| "ok".to_string();
        for op in ops {
            let line = match op {
                TimerOp::Start => t.start(py).map(ok),
                TimerOp::Cancel => t.cancel(py).map(ok),
                TimerOp::Sleep(ms) => py.sleep(f64::from(*ms) / 1000.0).map(ok),
                TimerOp::Look => Ok(format!("{} {}", fired.lock().unwrap(), py_bool(t.thread().is_alive(py)))),
                TimerOp::Join => t.join(py, None).map(ok),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

// ---- ThreadPoolExecutor -----------------------------------------------------

#[derive(Clone, Debug)]
struct ExecutorObject;

#[derive(Clone, Debug)]
enum ExecutorOp {
    /// `fs.append(pool.submit(value, n))`, or `fail` (raises ValueError).
    Submit { n: u8, fails: bool },
    /// `print(fs[i].result())` of the i-th future made (modulo their number).
    Result(usize),
    /// `pool.shutdown(wait, cancel_futures=False)`.
    Shutdown { wait: bool, cancel: Option<bool> },
}

/// How many futures were made, and whether the pool was shut down.
#[derive(Clone, Debug)]
struct PoolKnown {
    futures: usize,
    shut: bool,
}

impl Object for ExecutorObject {
    type Op = ExecutorOp;
    type Known = PoolKnown;

    fn start() -> BoxedStrategy<PoolKnown> {
        Just(PoolKnown { futures: 0, shut: false }).boxed()
    }

    fn ops(_: &PoolKnown) -> BoxedStrategy<ExecutorOp> {
        prop_oneof![
            3 => (0..9u8, any::<bool>()).prop_map(|(n, fails)| ExecutorOp::Submit { n, fails }),
            3 => (0..4usize).prop_map(ExecutorOp::Result),
            1 => (any::<bool>(), prop::option::of(Just(false))).prop_map(|(wait, cancel)| ExecutorOp::Shutdown { wait, cancel }),
        ]
        .boxed()
    }

    /// At most two tasks: each adds interleavings of the worker with the
    /// main thread (three take the model seconds per case).
    fn allowed(k: &PoolKnown, op: &ExecutorOp) -> bool {
        match op {
            ExecutorOp::Result(_) => k.futures > 0,
            ExecutorOp::Submit { .. } => k.futures < 2,
            ExecutorOp::Shutdown { .. } => true,
        }
    }

    fn step(k: &mut PoolKnown, op: &ExecutorOp) {
        match op {
            ExecutorOp::Submit { .. } if !k.shut => k.futures += 1,
            ExecutorOp::Shutdown { .. } => k.shut = true,
            _ => {}
        }
    }

    fn setup(_: &PoolKnown) -> String {
        "import queue\nimport concurrent.futures\ndef value(n):\n    return n\ndef fail(n):\n    raise ValueError(\"bad %d\" % n)\npool = concurrent.futures.ThreadPoolExecutor(1)\nfs = []\n".into()
    }

    fn python(op: &ExecutorOp) -> String {
        match op {
            ExecutorOp::Submit { n, fails } => format!("fs.append(pool.submit({}, {n}))\nprint(\"ok\")", if *fails { "fail" } else { "value" }),
            ExecutorOp::Result(i) => format!("print(fs[{i} % len(fs)].result())"),
            ExecutorOp::Shutdown { wait, cancel: None } => format!("pool.shutdown({})\nprint(\"ok\")", py_bool(*wait)),
            ExecutorOp::Shutdown { wait, cancel: Some(c) } => format!("pool.shutdown({}, cancel_futures={})\nprint(\"ok\")", py_bool(*wait), py_bool(*c)),
        }
    }

    fn run(py: &mut Py<'_>, _: &PoolKnown, ops: &[ExecutorOp], out: &mut Vec<String>) -> Result<(), PyException> {
        let pool = py.thread_pool_executor::<u8>(1)?;
        let mut fs = Vec::new();
        for op in ops {
            let line = match op {
                ExecutorOp::Submit { n, fails } => {
                    let n = *n;
                    let made = if *fails {
                        pool.submit(py, move |_| Err(PyException::with_message(ExcKind::ValueError, format!("bad {n}"))))
                    } else {
                        pool.submit(py, move |_| Ok(n))
                    };
                    made.map(|f| {
                        fs.push(f);
                        "ok".to_string()
                    })
                }
                ExecutorOp::Result(i) => fs[i % fs.len()].result(py, None).map(|n| n.to_string()),
                ExecutorOp::Shutdown { wait, cancel } => pool.shutdown(py, *wait, *cancel).map(|()| "ok".into()),
            };
            out.push(line.unwrap_or_else(|e| printed(&e)));
        }
        Ok(())
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_event_operation_of_the_runtime_prints_what_the_model_does(sequential 1..10 => Runner<EventObject>);

    #[test]
    fn every_condition_operation_of_the_runtime_prints_what_the_model_does(sequential 1..10 => Runner<ConditionObject>);

    #[test]
    fn every_semaphore_operation_of_the_runtime_prints_what_the_model_does(sequential 1..10 => Runner<SemaphoreObject>);

    #[test]
    fn every_queue_operation_of_the_runtime_prints_what_the_model_does(sequential 1..10 => Runner<QueueObject>);

    #[test]
    fn every_timer_operation_of_the_runtime_prints_what_the_model_does(sequential 1..8 => Runner<TimerObject>);

    #[test]
    fn every_executor_operation_of_the_runtime_prints_what_the_model_does(sequential 1..5 => Runner<ExecutorObject>);
}
