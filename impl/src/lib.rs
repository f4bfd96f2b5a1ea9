//! # pythread-impl: Python's thread caveats on real OS threads
//!
//! A reference runtime with CPython's lock, signal and thread-exit
//! behaviour, for one [`Variant`](pythread_model::variant::Variant) chosen
//! at run time (a linux runtime and a windows runtime can run side by side in
//! one process). It is what pythread's model says, implemented: the
//! property tests replay its traces in the model.
//!
//! ```
//! # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
//! use pythread_impl::{Runtime, Clock, ProcessEnd, Handler, ExcKind};
//! use pythread_model::{scenario::Sig, variant::Variant};
//!
//! // Caveat 3 on Linux: Ctrl-C ends a blocked acquire in the main thread,
//! // which raises KeyboardInterrupt without taking the lock.
//! let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).ctrl_c_at(100).build();
//! let end = rt.run_main(|py| {
//!     let lock = py.allocate_lock();
//!     lock.acquire(py, true, -1.0)?;
//!     let err = lock.acquire(py, true, -1.0).unwrap_err(); // blocks: nobody releases it
//!     assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
//!     assert_eq!(py.now(), 100);
//!     Ok(())
//! });
//! assert_eq!(end, ProcessEnd::Exited(0));
//! ```
//!
//! ## The four caveats, and where each lives
//! - `interrupts-main-only`: [`Py::check_signals`] (the eval breaker) runs
//!   Python-level handlers only in the main thread; the C-level delivery only
//!   trips a flag (`runtime::deliver`).
//! - `sys-exit-is-thread-exit`: [`Py::exit`] raises SystemExit; a thread whose
//!   code ends with it ends silently, the process goes on.
//! - `acquire-interruptible`: `runtime::signal_wakes` decides, per platform
//!   and version, whether a signal ends the main thread's blocked wait.
//! - `main-exit-kills-threads`: after [`Runtime::run_main`]'s shutdown, every
//!   other runtime call of a still-running thread returns
//!   [`ExcKind::Killed`]; [`Py::try_finally`] does not run the `finally`
//!   for it.
//!
//! ## Primitives
//! [`Py`] is the GIL: every operation takes `&mut Py`. [`Lock`], [`RLock`],
//! [`Thread`] (`threading.Thread`), [`Py::start_new_thread`],
//! [`Py::signal`], [`Py::kill`] (process signal), [`Py::pthread_kill`]
//! (thread signal), [`Py::raise_signal`], [`Py::interrupt_main`],
//! [`Runtime::ctrl_c`], [`Py::sleep`], [`Py::exit`], [`Py::os_exit`].
//! Built on them as CPython builds them in Python: [`Condition`], [`Event`],
//! [`Semaphore`] (bounded too), [`Timer`], [`Queue`] (FIFO and LIFO),
//! [`ThreadPoolExecutor`] and its [`Future`]; each waits in a lock acquire,
//! so caveat 3 reaches them per variant.
//! [`exec`] runs a pythread scenario on the runtime and records its trace.
//!
//! ## Time
//! [`Clock::Real`] waits for real; [`Clock::Virtual`] jumps to the earliest
//! deadline when every thread is blocked, as the model does, so a test with
//! `sleep(10.0)` takes no time and its timestamps are the model's.
//!
//! ## Limitations
//! - Signals are the runtime's own, not the OS's: [`Py::kill`] and
//!   [`Runtime::ctrl_c`] model a process-directed signal; no OS signal
//!   handler is installed.
//! - A stopped thread ends by returning [`ExcKind::Killed`] from its next
//!   runtime call: code that catches it and goes on would break caveat 4.
//!   Rust code between two runtime calls runs to the next call.
//! - Five signals (SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM), as the model.
//! - The clock has millisecond resolution.
//! - Indices are never reused: a runtime makes at most 254 threads besides
//!   main (then starting one raises `RuntimeError: can't start new thread`)
//!   and at most 65,536 locks (allocating another panics; each
//!   `Condition.wait` makes one); `Py::holdings`
//!   tracks the first 64 locks. The model stops earlier (254 threads, 32
//!   locks) and reports such a script as beyond it.
//! - Under loom (`RUSTFLAGS="--cfg pythread_loom"`) only the virtual clock exists
//!   ([`Runtime::new`] uses it), and the primitives work only inside a loom model.

#![warn(missing_docs)]

/// Whether this build uses loom's primitives (`RUSTFLAGS="--cfg pythread_loom"`),
/// which work only inside a loom model.
#[doc(hidden)]
pub const UNDER_LOOM: bool = cfg!(pythread_loom);

pub mod exec;
pub mod refine;
mod clock;
mod exception;
mod lock;
mod objects;
mod runtime;
mod sync;
mod thread;
pub mod trace;

pub use clock::{Clock, Millis};
pub use exception::{ExcKind, PyException};
pub use lock::{Lock, RLock};
pub use objects::{CondLock, Condition, Event, Future, FutureState, Queue, QueueKind, Semaphore, ThreadPoolExecutor, Timer};
pub use runtime::{Bug, Builder, Handler, Life, OnDeadlock, ProcessEnd, Py, PyHandler, ReportHook, ReportKind, Runtime, ThreadKind, MAIN, STATUS_CONTROL_C_EXIT};
pub use thread::{Target, Thread};
