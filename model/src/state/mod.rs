//! The model's state: threads with their frames, locks, signals, the clock,
//! output and the process phase.

use crate::program::CodeId;
use crate::check_kind::CheckKind;
use crate::scenario::Sig;
use crate::text::Text;
use std::hash::Hash;

/// Index of a thread in `State::threads`; 0 is the main thread.
pub type Tid = u8;
/// Index of a lock in `State::locks`.
pub type LockId = u8;
/// Virtual time in milliseconds.
pub type Millis = u64;

/// The main thread's index.
pub const MAIN: Tid = 0;

/// The most threads (main included) a state holds: thread indices are `u8`.
pub const MAX_THREADS: usize = 255;
/// Frames on one thread's stack beyond which a run is beyond the model
/// (a recursion CPython would end with RecursionError at 1,000).
pub const MAX_FRAMES: usize = 32;

/// The most locks a state holds: `Thread::holds` has a bit per lock.
pub const MAX_LOCKS: usize = 32;

/// Index of a list in `State::lists`.
pub type ListId = u16;

/// The most lists (tuples, dicts, sets) a state holds. Once they are all
/// taken, a new one reuses the slot of one nothing reaches any more
/// (`reach`: CPython would have freed it); past this with every one still
/// reachable the run is beyond the model.
pub const MAX_LISTS: usize = 64;

/// Index of an object of a class of the script in `State::objects`.
pub type ObjId = u16;

/// The most objects a run makes (as for lists, none is freed).
pub const MAX_OBJECTS: usize = 64;

pub mod output;
pub mod reach;
mod shared;
mod thread;
mod value;

use shared::part_hash;
pub use shared::{CowVec, HashCache, Shared, SharedVec, Threads};
pub use thread::{At, Block, Frame, Frames, Life, Origin, Pending, Thread, Wait};
pub use value::{py_float, py_str, report_reaches_stderr, BuiltinFn, Class, Exc, HookArgs, Hooks, Object, Value};

/// One lock.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lock {
    /// Whether it is an RLock (owned, counted).
    pub reentrant: bool,
    /// The thread that took it (any thread may release a plain Lock).
    pub owner: Option<Tid>,
    /// RLock recursion depth; 1 for a held plain Lock; 0 when free.
    pub count: u32,
}

/// What the Python-level handler of a signal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HandlerState {
    /// `SIG_DFL`: the OS default (terminate the process).
    Default,
    /// `SIG_IGN`: the OS discards the signal.
    Ignore,
    /// `signal.default_int_handler`: raises KeyboardInterrupt.
    DefaultInt,
    /// A function of the script.
    Function(CodeId),
}

impl HandlerState {
    /// Whether a Python-level handler is installed (the C handler trips it).
    pub fn is_python(self) -> bool {
        matches!(self, HandlerState::DefaultInt | HandlerState::Function(_))
    }

    /// How `repr()` shows it (a function's address left out).
    /// The value `signal.signal` gives back for it: a Python function is
    /// itself (`old is handler` holds); the others are `Handlers` members or
    /// `default_int_handler`.
    pub fn value(self) -> Value {
        match self {
            HandlerState::Function(c) => Value::Func(c),
            other => Value::Handler(other),
        }
    }

    pub fn describe(self) -> String {
        match self {
            HandlerState::Default => "<Handlers.SIG_DFL: 0>".into(),
            HandlerState::Ignore => "<Handlers.SIG_IGN: 1>".into(),
            HandlerState::DefaultInt => "<built-in function default_int_handler>".into(),
            HandlerState::Function(c) => format!("<function {c}>"),
        }
    }
}

/// The process as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Threads run.
    Running,
    /// `Py_FinalizeEx` is past `_PySignal_Fini`: output is flushed, no
    /// Python code runs again, and SIGINT is back at `SIG_DFL`. The process
    /// exits with `status` next, unless a Ctrl-C press kills it first.
    SignalsOff { status: i64 },
    /// The process has exited with this status (a shell's view: 130 for an
    /// uncaught KeyboardInterrupt, 128+n when killed by signal n).
    Exited { status: i64 },
}

/// What the last step did, as far as the properties need to know. The
/// properties read it instead of a history, so states stay mergeable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Event {
    /// Nothing of note (also the initial state).
    #[default]
    None,
    /// A Python-level signal handler started (or default_int_handler raised)
    /// in this thread.
    HandlerRan { thread: Tid, sig: Sig, at: CheckKind },
    /// The main thread went past an eval-breaker check point while a signal
    /// with a Python handler was tripped.
    CheckPassedWithSignalPending,
    /// A thread's code ended by an uncaught SystemExit whose code would
    /// have been exit status `code` in the main thread.
    ThreadSystemExit { thread: Tid, code: i64 },
    /// A signal with a Python handler arrived while the main thread was
    /// blocked in a lock's acquire (`lock.acquire()`, `with lock:`, the
    /// waits built on them, `t.join()`): `reaches_main` when it landed on the main
    /// thread (POSIX) or set the SIGINT event (Windows); `woke` when the
    /// wait was interrupted.
    SignalWhileMainAcquires { woke: bool, reaches_main: bool },
    /// A thread took a step while the process had already exited.
    StepAfterExit { thread: Tid },
    /// An RLock was released by `by`; `owner` held it before.
    RLockReleased { by: Tid, owner: Option<Tid> },
    /// A thread blocked on a lock another thread holds.
    Contended { thread: Tid },
    /// The process exit stopped threads that had not finished.
    ThreadsKilled { count: u8 },
}

/// A function registered to run at exit, with its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExitFunc {
    /// The value registered: `atexit.unregister` compares with it, and
    /// `sys.unraisablehook` gets it as `object` when the call raises.
    pub func: Value,
    /// The code it runs; `None` for a built-in function (`sys.exit`), which
    /// `values::call_builtin` calls.
    pub code: Option<CodeId>,
    /// Its arguments, evaluated when it was registered (bound to the code's
    /// parameters, the bound object first).
    pub args: Vec<Value>,
}

/// `atexit._run_exitfuncs()` called by the script, part way through its
/// loop (CPython's `atexit_callfuncs`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExitRun {
    /// The thread that called it, and the depth of the frame that stands at
    /// the call: a function it called returns there, and the next one is
    /// called, with no check between (a loop in C).
    pub caller: (Tid, u8),
    /// The functions it has still to call, the next one last: those
    /// registered when it began, taken out of `State::atexit` (one
    /// registered meanwhile is never called, and forgotten when it ends).
    pub pending: Vec<ExitFunc>,
    /// The function running now (the `object` of what it raises).
    pub running: Option<Value>,
    /// 3.8, 3.9 and PyPy: the last exception a function raised, which
    /// `_run_exitfuncs()` raises once every function has run.
    pub last: Option<Exc>,
    /// The frame on top is `sys.unraisablehook`'s, called for what a
    /// function raised: what it raises in turn is reported and ignored.
    pub in_hook: bool,
}

/// A state of the whole program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Virtual time, milliseconds since start; never decreases. Not part of
    /// the state's hash: deadlines are relative to it, so two states that
    /// differ only in the clock are one (what a user sees has no times).
    pub now: Millis,
    /// Every thread ever made, main first (shared between states until a
    /// step changes one: see `Threads`).
    pub threads: Threads,
    /// Every lock ever made, in creation order.
    pub locks: CowVec<Lock>,
    /// Every list ever made, in creation order, with what it holds now.
    pub lists: CowVec<Vec<Value>>,
    /// Every object of a class of the script ever made, in creation order.
    pub objects: CowVec<Object>,
    /// Module-level names; `None` is unbound.
    pub globals: CowVec<Option<Value>>,
    /// Python-level handler per signal (indexed by `Sig as usize`).
    pub handlers: [HandlerState; 5],
    /// Signals tripped and not yet handled (bit `Sig as usize`).
    pub tripped: u8,
    /// CPython's `is_tripped`: a signal tripped since the last check began
    /// running handlers. A check runs handlers only when it is set, and
    /// clears it first, so a handler's own checks do not run the next
    /// tripped signal's handler inside it (the loop runs it after).
    pub check_due: bool,
    /// PyPy only (`PyModel::pypy`): how many more times each tripped signal's
    /// handler runs (PyPy queues a signal that arrives while it is pending).
    pub queued: [u8; 5],
    /// Ctrl-C presses still to come.
    pub presses_left: u8,
    /// The real-time alarm (`signal.alarm`, `setitimer(ITIMER_REAL)`): in
    /// how many milliseconds SIGALRM goes to the process, relative to `now`
    /// as the waits' deadlines are; `None` when none is set.
    pub alarm: Option<Millis>,
    /// Threads made so far by `threading.Thread` and `start_new_thread`
    /// (their names count up: Thread-1, Dummy-2, …).
    pub thread_counter: u8,
    /// Lines printed to stdout, in order.
    pub stdout: CowVec<Text>,
    /// Whether the last line of `stdout` is still open: a `print` wrote its
    /// text and not yet its newline.
    pub stdout_open: bool,
    /// Where the last lines of `stdout` were printed from (the printing
    /// frames, hashed; at most the last `output::KEPT`; `output::NONE` for
    /// a repeat mark and a line that forgot it): a block printed again from
    /// the same frames folds (`output::close_line`).
    pub stdout_contexts: CowVec<u64>,
    /// 3.14 only: the keyword call sites that have run once (bit
    /// `kw_site`): their `CALL_KW` is specialised and checks from then on.
    pub kw_sites_run: u64,
    /// Exception class names reported on stderr, in order.
    pub stderr: CowVec<Text>,
    /// Whether the process runs or has exited.
    pub phase: Phase,
    /// An exception ended the main thread's wait in `threading._shutdown`:
    /// it waits for no thread any more; pending handlers still run.
    pub shutdown_interrupted: bool,
    /// The non-daemon thread `threading._shutdown` is joining now (it joins
    /// them one at a time, in an order it does not choose).
    pub shutdown_target: Option<Tid>,
    /// `threading._shutdown` has begun joining (3.13+: in C from there on,
    /// where nothing checks for signals between joins).
    pub shutdown_joining: bool,
    /// Functions `atexit.register` registered, in order: after
    /// `threading._shutdown` the main thread calls them, last first.
    pub atexit: CowVec<ExitFunc>,
    /// Functions `threading._register_atexit` registered (3.9+), in order:
    /// `threading._shutdown` calls them, last first, before its joins.
    pub threading_atexit: CowVec<ExitFunc>,
    /// `threading._shutdown` is over (or was cut short): the main thread
    /// calls the atexit functions left, then the process exits.
    pub exiting: bool,
    /// `atexit._run_exitfuncs()` is running the atexit functions now
    /// (boxed: it is rarely there, and a state is moved at every step).
    pub exit_run: Option<Box<ExitRun>>,
    /// `sys.stderr` is None: uncaught exceptions are reported nowhere (a
    /// `threading.Thread` made before falls back to its `_stderr`).
    pub stderr_none: bool,
    /// Signals sent to the process while every thread blocked them: the
    /// kernel holds them until a thread unblocks one or `sigwait` takes it.
    pub kernel_pending: u8,
    /// `sys.setswitchinterval`'s value in microseconds (5000 at start):
    /// what `sys.getswitchinterval()` gives back. The model explores every
    /// switch whatever it is.
    pub switch_interval: u64,
    /// `sys.unraisablehook` and `threading.excepthook` as the script set
    /// them (the built-in ones at start).
    pub hooks: Hooks,
    /// A value holds an instant read from the clock (`time.monotonic()`):
    /// then `now` is part of the state's identity (`program/clock.rs`).
    pub keeps_time: bool,
    /// What the last step did (for the properties).
    pub event: Event,
    /// The script made more threads or locks than the model represents
    /// (`MAX_THREADS`, `MAX_LOCKS`): the run stops here and searches that
    /// reach this state report themselves incomplete.
    pub beyond_model: bool,
}

/// A state hashes as one aHash value of all its fields: searches hash every
/// state they meet (stateright with SipHash), and one 8-byte write is
/// cheaper than twenty small ones. Every field is named (no `..`), so a new
/// field cannot be left out of the hash.
impl Hash for State {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let State {
            now,
            threads,
            locks,
            lists,
            objects,
            globals,
            handlers,
            tripped,
            queued,
            presses_left,
            alarm,
            thread_counter,
            stdout,
            stdout_open,
            stdout_contexts,
            kw_sites_run,
            check_due,
            stderr,
            phase,
            shutdown_interrupted,
            shutdown_target,
            shutdown_joining,
            event,
            beyond_model,
            atexit,
            threading_atexit,
            exiting,
            exit_run,
            keeps_time,
            stderr_none,
            kernel_pending,
            switch_interval,
            hooks,
        } = self;
        if *keeps_time {
            now.hash(h);
        }
        let fields = (
            (
                threads,
                locks,
                globals,
                handlers,
                tripped,
                queued,
                presses_left,
            ),
            (
                thread_counter,
                stdout,
                stderr,
                phase,
                shutdown_interrupted,
                shutdown_target,
                event,
                beyond_model,
            ),
            (
                stdout_open,
                kw_sites_run,
                check_due,
                shutdown_joining,
                atexit,
                threading_atexit,
                exiting,
                lists,
                objects,
                alarm,
                stderr_none,
                kernel_pending,
            ),
            (switch_interval, hooks, exit_run, stdout_contexts),
        );
        h.write_u64(part_hash(&fields));
    }
}

impl State {
    /// The value a builtin gives, its new list, tuple or dict made here.
    pub fn made(&mut self, r: crate::values::BuiltinResult) -> Value {
        use crate::values::BuiltinResult as R;
        match r {
            R::Value(v) => v,
            R::NewList(items) => Value::List(self.new_list(items)),
            R::NewTuple(items) => Value::Tuple(self.new_list(items)),
            R::NewDict(items) => Value::Dict(self.new_list(items)),
        }
    }

    /// A new list (or tuple, or set) holding `items`: its index in `lists`.
    pub fn new_list(&mut self, items: Vec<Value>) -> ListId {
        // Once the table is full, a slot that nothing reaches is reused
        // (`reach`): a loop that makes a list each time round runs on.
        if let Some(l) = reach::free_list_slot(self) {
            self.lists[l as usize] = items;
            return l;
        }
        self.lists.push(items);
        (self.lists.len() - 1) as ListId
    }

    /// The thread a value is: a `Thread`, or an object of a subclass of
    /// Thread once its `Thread.__init__` ran.
    pub fn thread_in(&self, v: &Value) -> Option<Tid> {
        match v {
            Value::Thread(x) => Some(*x),
            Value::Obj(o) => self.objects.get(*o as usize).and_then(|o| o.thread),
            _ => None,
        }
    }

    pub fn main(&self) -> &Thread {
        &self.threads[MAIN as usize]
    }

    /// Whether signal `sig` is tripped.
    pub fn is_tripped(&self, sig: Sig) -> bool {
        self.tripped & (1 << sig as u8) != 0
    }

    pub fn handler(&self, sig: Sig) -> HandlerState {
        self.handlers[sig as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::VarRef;
    use crate::scenario::ExcType;

    fn frame() -> Frame {
        Frame {
            code: 1,
            pc: 7,
            locals: vec![None, Some(Value::Int(3))],
            blocks: vec![Block::With { lock: 0 }],
            handling: Vec::new(),
            pending: Vec::new(),
            unwinding: None,
            wait: None,
            at: At::Go,
            handlers_running: false,
            call_dest: None,
        }
    }

    fn thread() -> Thread {
        Thread {
            life: Life::Running,
            func: 1,
            frames: vec![frame()].into(),
            daemon: false,
            origin: Origin::Raw { number: 1 },
            woken: false,
            forgotten: false,
            join_stuck: false,
            holds: 0,
            args: Vec::new(),
            name: None,
            no_stderr: false,
            blocked: 0,
            kernel_pending: 0,
            in_hook: false,
        }
    }

    #[test]
    fn an_emptied_vector_equals_and_hashes_as_one_never_filled() {
        let never: CowVec<Text> = CowVec::default();
        let mut emptied = never.clone();
        emptied.push(Text::new("line"));
        assert_ne!(never, emptied);
        assert_ne!(part_hash(&never), part_hash(&emptied));
        emptied.pop();
        assert_eq!(never, emptied);
        assert_eq!(part_hash(&never), part_hash(&emptied));
        assert_eq!(CowVec::from(Vec::<Text>::new()), never);
    }

    #[test]
    fn a_change_to_any_field_of_a_frame_changes_its_hash() {
        let base = part_hash(&frame());
        let changes: Vec<(&str, fn(&mut Frame))> = vec![
            ("code", |f| f.code = 2),
            ("pc", |f| f.pc = 8),
            ("a local", |f| f.locals[0] = Some(Value::Int(0))),
            ("a local's value", |f| f.locals[1] = Some(Value::Int(4))),
            ("a local's type", |f| f.locals[1] = Some(Value::Lock(3))),
            ("blocks", |f| f.blocks.push(Block::Handler)),
            ("a block", |f| f.blocks[0] = Block::With { lock: 1 }),
            ("handling", |f| f.handling.push(Exc::new(ExcType::KeyboardInterrupt))),
            ("pending", |f| f.pending.push(Pending::Normal)),
            ("unwinding", |f| f.unwinding = Some(Exc::new(ExcType::KeyboardInterrupt))),
            ("a wait", |f| f.wait = Some(Wait { deadline: None })),
            ("a deadline", |f| f.wait = Some(Wait { deadline: Some(1000) })),
            ("a check point", |f| f.at = At::Check(CheckKind::AfterCall)),
            ("its kind", |f| f.at = At::Check(CheckKind::BackEdge)),
            ("half a print", |f| f.at = At::MidPrint),
            ("handlers running", |f| f.handlers_running = true),
            ("a call's frame", |f| f.call_dest = Some(None)),
            ("where a call's value goes", |f| f.call_dest = Some(Some(VarRef::Local(1)))),
        ];
        for (what, change) in changes {
            let mut f = frame();
            change(&mut f);
            assert_ne!(part_hash(&f), base, "{what}");
        }
    }

    #[test]
    fn a_change_to_any_field_of_a_thread_changes_its_hash() {
        let base = part_hash(&thread());
        let changes: Vec<(&str, fn(&mut Thread))> = vec![
            ("a stuck join", |t| t.join_stuck = true),
            ("life", |t| t.life = Life::Killed),
            ("shutdown status", |t| t.life = Life::ShuttingDown { status: 1 }),
            ("func", |t| t.func = 2),
            ("a frame", |t| t.frames[0].pc = 9),
            ("frames", |t| t.frames.push(frame())),
            ("daemon", |t| t.daemon = true),
            ("origin", |t| t.origin = Origin::Threading { number: 1 }),
            ("origin number", |t| t.origin = Origin::Raw { number: 2 }),
            ("woken", |t| t.woken = true),
            ("arguments", |t| t.args.push(Value::Int(1))),
            ("name", |t| t.name = Some(Text::new("worker"))),
            ("forgotten", |t| t.forgotten = true),
            ("holds", |t| t.holds = 1 << 31),
            ("no stderr", |t| t.no_stderr = true),
            ("blocked signals", |t| t.blocked = 1),
            ("signals pending for it", |t| t.kernel_pending = 1),
        ];
        for (what, change) in changes {
            let mut t = thread();
            change(&mut t);
            assert_ne!(part_hash(&t), base, "{what}");
        }
        let (a, b) = (Life::ShuttingDown { status: 1 }, Life::ShuttingDown { status: 2 });
        let (mut x, mut y) = (thread(), thread());
        (x.life, y.life) = (a, b);
        assert_ne!(part_hash(&x), part_hash(&y), "the shutdown status");
    }
}
