//! The trace a run leaves: model-level events with the thread and the clock
//! reading, in the order they happened (each is recorded under the runtime's
//! state lock, so the order is a real total order).

use crate::clock::Millis;
use pythread_model::caveats::acquire_interruptible::WaitKind;
use pythread_model::scenario::Sig;

/// Index of a thread: 0 is the main thread, then in creation order (as the
/// model numbers them).
pub type Tid = u8;
/// Index of a lock, in creation order (as the model numbers them).
pub type LockId = u16;

/// What a thread is blocked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitOn {
    /// `lock.acquire()` (or `with lock:`) on a lock another thread holds.
    Lock(LockId),
    /// `thread.join()` of a thread still alive.
    Join(Tid),
    /// `time.sleep()`.
    Sleep,
    /// The main thread's shutdown, waiting for non-daemon threads.
    Shutdown,
    /// `signal.pause()`: until a signal lands on the main thread.
    Pause,
    /// `signal.sigwait(signals)`: until one of these (a mask, bit
    /// `Sig as usize`) is held for the thread.
    SigWait(u8),
    /// `signal.sigtimedwait(signals, timeout)`: the same, with a deadline;
    /// a handled signal interrupts it (its handler runs, then it goes on).
    SigTimedWait(u8),
    /// An RLock's `_acquire_restore`: until the lock is free; no signal
    /// ends it (CP39).
    Restore(LockId),
}

impl WaitOn {
    /// The kind of wait, as the model's rules name it.
    pub fn kind(self) -> WaitKind {
        match self {
            WaitOn::Lock(_) => WaitKind::Acquire,
            WaitOn::Join(_) => WaitKind::Join,
            WaitOn::Sleep => WaitKind::Sleep,
            WaitOn::Shutdown => WaitKind::Shutdown,
            WaitOn::Pause => WaitKind::Pause,
            WaitOn::SigWait(_) => WaitKind::SigWait,
            WaitOn::SigTimedWait(_) => WaitKind::SigTimedWait,
            WaitOn::Restore(_) => WaitKind::Restore,
        }
    }
}

/// How a signal reached the process (the model's `Route`, which caveat 3's
/// rule reads).
pub use pythread_model::caveats::acquire_interruptible::Route;

/// One event of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A statement of the script ran (executor only).
    Statement {
        /// Its line in the script.
        line: u32,
        /// Its first line, as the renderer writes it.
        text: String,
    },
    /// A line was printed to stdout (executor only).
    Printed {
        /// The line.
        text: String,
    },
    /// The thread blocked.
    Blocked {
        /// What it waits for.
        on: WaitOn,
        /// When it times out; `None` waits for ever.
        deadline: Option<Millis>,
    },
    /// The thread's wait ended.
    WaitEnded {
        /// Whether what it waited for happened (else it timed out).
        ready: bool,
    },
    /// The thread took a lock.
    Acquired {
        /// Which lock.
        lock: LockId,
        /// Its count now (RLock depth; 1 for a plain Lock).
        count: u32,
    },
    /// The thread released a lock.
    Released {
        /// Which lock.
        lock: LockId,
        /// Its count now (0: free).
        count: u32,
    },
    /// A signal with a Python-level handler was tripped.
    Tripped {
        /// Which signal.
        sig: Sig,
        /// How it arrived.
        route: Route,
        /// Whether it ended the main thread's blocking call (caveat 3).
        woke_main: bool,
    },
    /// The main thread ran the Python-level handler of a signal.
    HandlerRan {
        /// Which signal.
        sig: Sig,
    },
    /// Ctrl-C was pressed.
    CtrlC,
    /// A thread became runnable.
    ThreadStarted {
        /// Which thread.
        thread: Tid,
    },
    /// The thread's code ended.
    ThreadEnded {
        /// The uncaught exception's class, if any.
        uncaught: Option<String>,
    },
    /// The thread was stopped without running its remaining code.
    Killed,
    /// The main thread's code ended; the shutdown begins.
    ShutdownBegins {
        /// The exit status it will have.
        status: i64,
    },
    /// The process exited.
    Exited {
        /// The exit status, as a shell reports it.
        status: i64,
    },
    /// Every thread was blocked for ever: the run hangs.
    Hung,
    /// The run went on past its horizon or step budget and was given up:
    /// it runs forever.
    GaveUp,
    /// The virtual clock jumped.
    TimeAdvanced {
        /// The new reading.
        to: Millis,
    },
}

/// An event with who did it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The thread it happened in (the main thread for Ctrl-C and the clock).
    pub thread: Tid,
    /// The clock reading.
    pub at: Millis,
    /// What happened.
    pub event: Event,
}
