//! A thread and its frames: where each stands, what it holds, and the
//! hashes a step recomputes for the one thread it changed.

use super::{Exc, LockId, Millis, SharedVec, State, Tid, Value};
use crate::check_kind::CheckKind;
use crate::program::{CodeId, Pc, VarRef};
use crate::text::Text;
use std::hash::Hash;

/// One block of a frame's block stack (CPython's try-block stack).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Block {
    /// Inside `try:` with `except` clauses starting at `handler`.
    Except { handler: Pc },
    /// Inside `try:` (or its except clauses) with a `finally` at `finally`.
    Finally { finally: Pc },
    /// Inside `with lock:`: leaving releases the lock.
    With { lock: LockId },
    /// Inside an `except` clause's body.
    Handler,
}

/// How a `finally` body was entered, so its end knows how to go on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pending {
    /// Normally: go on after the try statement.
    Normal,
    /// By an exception: re-raise it after the finally body.
    Raise(Exc),
}

/// A wait in progress at the frame's current instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Wait {
    /// When the wait times out; `None` waits forever.
    pub deadline: Option<Millis>,
}

/// Where a frame stands within the instruction at its `pc`, beyond "about
/// to run it": the main thread's eval-breaker check points, and a `print`
/// between its two writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum At {
    /// About to run the instruction at `pc`; no check first.
    #[default]
    Go,
    /// At an eval-breaker check point of the main thread: its next step runs
    /// a tripped signal's handler before anything else (`interrupts_main_only::checks`).
    Check(CheckKind),
    /// 3.14: `with lock:` took the lock and checks before its block is set
    /// up (gh-148874); passing the check sets up the block.
    EnterWith(LockId),
    /// A `print` wrote its text and not yet its newline (two writes; another
    /// thread may run and print between them).
    MidPrint,
}

/// One activation of a code object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The code running.
    pub code: CodeId,
    /// The next instruction (or the one blocked in).
    pub pc: Pc,
    /// Locals and hidden registers; `None` is unbound.
    pub locals: Vec<Option<Value>>,
    /// The try/with block stack, innermost last.
    pub blocks: Vec<Block>,
    /// Exceptions being handled by enclosing `except` bodies, innermost last.
    pub handling: Vec<Exc>,
    /// How each enclosing `finally` body was entered, innermost last.
    pub pending: Vec<Pending>,
    /// The exception being matched against `except` clauses right now.
    pub unwinding: Option<Exc>,
    /// Set while blocked in the instruction at `pc`.
    pub wait: Option<Wait>,
    /// Where within the instruction at `pc` it stands.
    pub at: At,
    /// The check it stands at is running the tripped signals' handlers one
    /// after the other (CPython's loop in `_PyErr_CheckSignalsTstate`): when
    /// one returns, the next tripped signal's runs, checked or not.
    pub handlers_running: bool,
    /// A frame of a direct call (`f(x)`): `Some(dest)`, where the caller
    /// keeps the value it returns (`None`: the value is dropped). `None`
    /// for a thread's first frame and a signal handler's.
    pub call_dest: Option<Option<VarRef>>,
}

/// How a thread came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The main thread.
    Main,
    /// A `threading.Thread` (its name number, `Thread-N`).
    Threading { number: u8 },
    /// A `_thread.start_new_thread` thread (`Dummy-N` to `threading`).
    Raw { number: u8 },
}

/// Where a thread is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Life {
    /// A `threading.Thread` not yet started.
    NotStarted,
    /// Running its code (possibly blocked).
    Running,
    /// The main thread's code ended; it waits in `threading._shutdown` for
    /// the non-daemon threads, then the process exits with `status`.
    ShuttingDown { status: i64 },
    /// Its code ended (normally or by an uncaught exception).
    Done,
    /// Stopped by the process exit without running its remaining code.
    Killed,
}

/// One thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    /// Where it is in its life.
    pub life: Life,
    /// The function it runs (0 for the main thread's module code).
    pub func: CodeId,
    /// Call stack: its code, plus signal handler frames on the main thread.
    pub frames: Frames,
    /// Whether the process exit does not wait for it.
    pub daemon: bool,
    /// How it was made (for its name and its uncaught-exception report).
    pub origin: Origin,
    /// Main thread only: a signal interrupted its blocking call (EINTR or
    /// the Windows SIGINT event), so it must run the handler now.
    pub woken: bool,
    /// A `threading.Thread` that CPython ≤ 3.12 marked stopped while it still
    /// runs: a `join()` of it was interrupted by an exception (gh-90882,
    /// `_wait_for_tstate_lock` releases the thread's tstate lock). It then
    /// looks dead (`is_alive()` False, `join()` returns at once) and the
    /// shutdown does not wait for it.
    pub forgotten: bool,
    /// CPython 3.8: a `join()` of it was interrupted right after it took the
    /// thread's tstate lock, which then stays held (bpo-45274, fixed in 3.9):
    /// the thread looks alive for ever, and every later join of it, the
    /// shutdown's included, waits for ever.
    pub join_stuck: bool,
    /// Locks this thread took and has not released: one bit per lock.
    /// `lock-held-by-at-most-one-thread` checks these against each other.
    pub holds: u32,
    /// The arguments its target is called with (`Thread(args=…)`), as
    /// they were when the thread was made.
    pub args: Vec<Value>,
    /// Its name when not `Thread-N (target)`: given by `name=` or set by
    /// `t.name = …`, or `Thread-N` for a subclass's `run`.
    pub name: Option<Text>,
    /// A `threading.Thread` made while `sys.stderr` was None: its
    /// `_stderr`, where the excepthook writes when `sys.stderr` is None, is
    /// None too.
    pub no_stderr: bool,
    /// Signals this thread blocks (`pthread_sigmask`; bit `Sig as usize`),
    /// inherited from the thread that started it.
    pub blocked: u8,
    /// Signals sent to this thread alone (`pthread_kill`, `raise_signal`)
    /// while it blocked them: the kernel holds them for it.
    pub kernel_pending: u8,
    /// Its code ended with an exception that it now passes to a hook of
    /// the script's (`threading.excepthook`, `sys.unraisablehook`): when
    /// the hook returns, the thread ends.
    pub in_hook: bool,
}

impl Thread {
    /// A `threading.Thread` made and not yet started (`no_stderr`: while
    /// `sys.stderr` was None).
    pub fn not_started(func: CodeId, daemon: bool, number: u8, args: Vec<Value>, name: Option<Text>, no_stderr: bool) -> Thread {
        Thread {
            life: Life::NotStarted,
            func,
            frames: Frames::default(),
            daemon,
            origin: Origin::Threading { number },
            woken: false,
            forgotten: false,
            join_stuck: false,
            holds: 0,
            args,
            name,
            no_stderr,
            blocked: 0,
            kernel_pending: 0,
            in_hook: false,
        }
    }
}

/// A frame hashes its small fields as one word (a step hashes the thread it
/// changed, and each write costs a multiply). Every field is named, so a new
/// one cannot be left out. Code ids (`u8`) and program counters (`u16`)
/// get their full width; lengths are masked to their field, and the
/// elements written after the word still tell longer vectors apart.
impl Hash for Frame {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash_standing_at(h, self.at);
    }
}

impl Frame {
    /// `Hash`, as if the frame stood at `at` (where a print's newline is
    /// written from does not depend on whether its text was written in the
    /// same step: `machine::eval::printing_context`).
    pub fn hash_standing_at<H: std::hash::Hasher>(&self, h: &mut H, at: At) {
        let Frame { code, pc, locals, blocks, handling, pending, unwinding, wait, at: _, handlers_running, call_dest } = self;
        let at = &at;
        if call_dest.is_some() {
            call_dest.hash(h);
        }
        let wait_tag = match wait {
            None => 0,
            Some(Wait { deadline: None }) => 1,
            Some(Wait { deadline: Some(_) }) => 2,
        };
        h.write_u64(
            u64::from(*code)
                | u64::from(*pc) << 8
                | (blocks.len() as u64 & 0xffff) << 24
                | (handling.len() as u64 & 0xff) << 40
                | (pending.len() as u64 & 0xff) << 48
                | u64::from(unwinding.is_some()) << 56
                | wait_tag << 57,
        );
        if let Some(Wait { deadline: Some(d) }) = wait {
            h.write_u64(*d);
        }
        if *at != At::Go || *handlers_running {
            at.hash(h);
            handlers_running.hash(h);
        }
        // The number of locals is the code's: `code` fixes it.
        for v in locals {
            hash_slot(v, h);
        }
        for b in blocks {
            h.write_u32(match *b {
                Block::Except { handler } => u32::from(handler) << 2,
                Block::Finally { finally } => u32::from(finally) << 2 | 1,
                Block::With { lock } => u32::from(lock) << 2 | 2,
                Block::Handler => 3,
            });
        }
        // Their lengths and whether one unwinds are in the word above.
        for e in handling {
            e.hash(h);
        }
        for p in pending {
            p.hash(h);
        }
        if let Some(e) = unwinding {
            e.hash(h);
        }
    }
}

/// A variable slot in as few writes as its value allows.
fn hash_slot<H: std::hash::Hasher>(v: &Option<Value>, h: &mut H) {
    match v {
        None => h.write_u64(0),
        Some(Value::None) => h.write_u64(1),
        Some(Value::Bool(b)) => h.write_u64(2 | u64::from(*b) << 8),
        Some(Value::Lock(l)) => h.write_u64(3 | u64::from(*l) << 8),
        Some(Value::Thread(t)) => h.write_u64(4 | u64::from(*t) << 8),
        Some(Value::Int(i)) => {
            h.write_u64(5);
            h.write_i64(*i);
        }
        Some(other) => {
            h.write_u64(6);
            other.hash(h);
        }
    }
}

/// A thread's call stack, each frame shared copy-on-write between a state
/// and its successors, with its hash kept: a step copies the frame on top,
/// not the frames below it.
pub type Frames = SharedVec<Frame>;

/// A thread hashes its small fields as one word; see `Frame`'s `Hash`.
impl Hash for Thread {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash_numbered(h, true);
    }
}

impl Thread {
    /// The hash of this thread with its name number taken as 0, as
    /// symmetry reduction sorts threads by (`symmetry::key`), without
    /// copying it.
    pub fn hash_without_number(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash_numbered(&mut h, false);
        std::hash::Hasher::finish(&h)
    }

    /// `Hash`, with the name number in it or taken as 0.
    fn hash_numbered<H: std::hash::Hasher>(&self, h: &mut H, numbered: bool) {
        let Thread { life, func, frames, daemon, origin, woken, forgotten, join_stuck, holds, args, name, no_stderr, blocked, kernel_pending, in_hook } = self;
        for a in args {
            a.hash(h);
        }
        if let Some(n) = name {
            n.hash(h);
        }
        let (life_tag, status) = match *life {
            Life::NotStarted => (0, None),
            Life::Running => (1, None),
            Life::ShuttingDown { status } => (2, Some(status)),
            Life::Done => (3, None),
            Life::Killed => (4, None),
        };
        let (origin_tag, number) = match *origin {
            Origin::Main => (0, 0),
            Origin::Threading { number } => (1, number),
            Origin::Raw { number } => (2, number),
        };
        let number = if numbered { number } else { 0 };
        h.write_u64(
            life_tag
                | u64::from(*func) << 3
                | u64::from(*daemon) << 11
                | u64::from(*woken) << 12
                | u64::from(*forgotten) << 13
                | origin_tag << 14
                | u64::from(number) << 16
                | (frames.len() as u64 & 0xff) << 24
                | u64::from(*holds) << 32,
        );
        // The word is full; rare, so written only when set.
        if *join_stuck {
            h.write_u8(1);
        }
        if *no_stderr {
            h.write_u8(2);
        }
        if *in_hook {
            h.write_u8(3);
        }
        if *blocked != 0 || *kernel_pending != 0 {
            h.write_u16(u16::from(*blocked) << 8 | u16::from(*kernel_pending));
        }
        if let Some(status) = status {
            h.write_i64(status);
        }
        for f in frames {
            f.hash(h);
        }
    }
}

impl State {
    /// What `threading.enumerate()` lists: the main thread, then the
    /// `threading.Thread`s that look alive, in the order they were made
    /// (threading's `_active` is in the order they started: the same
    /// unless a script starts its threads out of order).
    pub fn enumerate(&self) -> Vec<Tid> {
        let alive = |(i, th): (usize, &Thread)| (i != 0 && matches!(th.origin, Origin::Threading { .. }) && th.looks_alive()).then_some(i as Tid);
        std::iter::once(0).chain(self.threads.iter().enumerate().filter_map(alive)).collect()
    }
}

impl Thread {
    /// Whether `threading` thinks it runs (`is_alive()`, what `join` and the
    /// shutdown wait for).
    pub fn looks_alive(&self) -> bool {
        (self.life == Life::Running && !self.forgotten) || self.join_stuck
    }
}
