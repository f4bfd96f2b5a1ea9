//! The runtime: one state lock that is also the GIL, one condition variable
//! every waiter sleeps on, and the rules of the four caveats applied when
//! threads block, wake, handle signals and end.
//!
//! ```text
//! Python code runs holding the GIL (a `Py` token). Between statements a
//! thread calls `check_signals()` (the eval breaker) or `yield_gil()`.
//! wait(on, deadline):  register the wait, then loop
//!     killed?            → Err(Killed)         (process exited: stop at once)
//!     main & interrupted → run handlers; Err if one raised, else wait again
//!     ready / timed out  → return
//!     everyone blocked   → virtual clock: press due Ctrl-C or jump to the
//!                          earliest deadline; no deadline: the run hangs
//!     sleep on the condition variable (releasing the GIL)
//! ```
//! Every change a waiter could care about (a release, a thread's end, a
//! signal, a clock jump, the exit) is made under the GIL and followed by
//! `notify_all`, and a waiter re-checks its condition under the GIL before
//! it sleeps, so no wake-up is lost.

use crate::clock::{seconds_to_millis, Clock, ClockState, Millis};
use crate::exception::{ExcKind, PyException};
use crate::sync::{thread, Arc, Condvar, Mutex, MutexGuard};
use crate::trace::{Entry, Event, LockId, Route, Tid, WaitOn};
use pythread_model::scenario::Sig;
use pythread_model::variant::{ExitMode, Platform, Variant};
use pythread_model::caveats::acquire_interruptible::{sees_pending_at_entry, WaitKind};
use pythread_model::caveats::main_exit_kills_threads as mek;

/// The main thread's index.
pub const MAIN: Tid = 0;

/// Windows' exit code for a process ended by Ctrl-C (0xC000013A).
pub const STATUS_CONTROL_C_EXIT: i64 = 0xC000_013A;

/// A Python-level signal handler: called in the main thread, holding the
/// GIL, with the signal number; an `Err` is raised where the main thread was.
pub type PyHandler = std::sync::Arc<dyn Fn(&mut Py<'_>, i32) -> Result<(), PyException> + Send + Sync>;

/// What `signal.signal(sig, …)` installs.
#[derive(Clone)]
pub enum Handler {
    /// `SIG_DFL`: the OS default action (the process ends).
    Default,
    /// `SIG_IGN`: the OS discards the signal.
    Ignore,
    /// `signal.default_int_handler`: raises KeyboardInterrupt.
    DefaultInt,
    /// A Python function.
    Python(PyHandler),
}

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Handler::Default => "SIG_DFL",
            Handler::Ignore => "SIG_IGN",
            Handler::DefaultInt => "default_int_handler",
            Handler::Python(_) => "<python handler>",
        })
    }
}

/// How an uncaught exception reached stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// The main thread's traceback.
    Traceback,
    /// `threading.excepthook` (a `threading.Thread`).
    Excepthook,
    /// `sys.unraisablehook` ("Exception ignored in thread started by …", a
    /// `_thread` thread, or an exception raised in `threading._shutdown`).
    Unraisable,
}

/// The function that writes uncaught exceptions to stderr.
pub type ReportHook = Box<dyn Fn(Tid, ReportKind, &PyException) + Send + Sync>;

/// What the runtime does when every thread is blocked for ever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDeadlock {
    /// Wait: something outside the threads (a `Runtime::ctrl_c` from a
    /// non-Python thread) may still come.
    Wait,
    /// Give up: the run hangs; every thread is stopped and `run_main`
    /// returns [`ProcessEnd::Hung`].
    Abandon,
}

/// A deliberately broken rule, for the mutation tests that show the
/// refinement tests catch it. Never set in real use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bug {
    /// Python handlers run in whichever thread checks for signals.
    HandlerInCurrentThread,
    /// After a handler that does not raise, an interrupted acquire gives up
    /// (returns False) instead of waiting again.
    AcquireNotRetried,
    /// A thread stopped at the exit gets one chance to unwind, so its
    /// `finally` blocks run.
    FinallyForKilled,
}

/// How the process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessEnd {
    /// It exited with this status (as a shell reports it).
    Exited(i64),
    /// Every thread blocked for ever (only with [`OnDeadlock::Abandon`]).
    Hung,
}

/// Where a thread is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Life {
    /// A `threading.Thread` not yet started.
    NotStarted,
    /// Running its code (possibly blocked); the main thread stays here
    /// through its shutdown.
    Running,
    /// Its code ended.
    Done,
    /// Stopped by the process exit without running its remaining code.
    Killed,
}

/// How a thread was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadKind {
    /// The main thread (`MainThread`).
    Main,
    /// `threading.Thread` number `n` (`Thread-n`).
    Threading(u32),
    /// `_thread.start_new_thread` number `n` (`Dummy-n` to `threading`).
    Raw(u32),
}

/// A wait in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Wait {
    /// What it waits for.
    pub on: WaitOn,
    /// When it times out; `None` waits for ever.
    pub deadline: Option<Millis>,
}

/// One thread's slot.
pub(crate) struct ThreadSlot {
    /// Where it is in its life.
    pub life: Life,
    /// How it was made.
    pub kind: ThreadKind,
    /// Whether the shutdown does not wait for it.
    pub daemon: bool,
    /// Set while it is blocked in a wait (cleared when the wait returns).
    pub wait: Option<Wait>,
    /// Main thread only: a signal ended its blocking call (EINTR, or the
    /// Windows SIGINT event), so it must run the handlers now.
    pub interrupted: bool,
    /// CPython ≤ 3.12 (gh-90882): a `join()` of it was interrupted by an
    /// exception, so `threading` thinks it stopped though it runs.
    pub forgotten: bool,
    /// Locks it holds, one bit per lock (a plain Lock's bit moves to
    /// whoever releases it; kept for the tests' lock invariants).
    pub holds: u64,
    /// [`Bug::FinallyForKilled`] only: it was told once that it is stopped.
    pub told_killed: bool,
}

impl ThreadSlot {
    /// `is_alive()`: what `join` and the shutdown wait for.
    fn looks_alive(&self) -> bool {
        self.life == Life::Running && !self.forgotten
    }
}

/// One lock's slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LockSlot {
    /// Whether it is an RLock.
    pub reentrant: bool,
    /// Who took it (any thread may release a plain Lock).
    pub owner: Option<Tid>,
    /// Recursion depth; 1 for a held plain Lock; 0 when free. Invariant:
    /// `owner.is_some() == (count > 0)`.
    pub count: u32,
}

/// Whether the process runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    Running,
    /// Exited with this status.
    Exited(i64),
    /// Every thread blocked for ever and the runtime gave up.
    Hung,
}

/// A function to call at exit (`atexit.register`,
/// `threading._register_atexit`).
pub type ExitFn = Box<dyn FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send>;

/// Everything the GIL protects.
pub(crate) struct Shared {
    /// The clock.
    pub clock: ClockState,
    /// Every thread ever made, main first.
    pub threads: Vec<ThreadSlot>,
    /// Every lock ever made.
    pub locks: Vec<LockSlot>,
    /// The Python-level handler of each signal (by `Sig as usize`).
    pub handlers: [Handler; 5],
    /// Signals tripped and not yet handled (bit `Sig as usize`).
    pub tripped: u8,
    /// CPython's `is_tripped`: a signal tripped since the last check began
    /// running handlers; a check runs them only when it is set.
    pub check_due: bool,
    /// Ctrl-C presses still to come, by time, earliest first.
    pub presses: Vec<Millis>,
    /// Whether the process runs.
    pub phase: Phase,
    /// The main thread has finished its module: the shutdown has begun.
    pub finalizing: bool,
    /// Threads made so far by `threading.Thread` and `start_new_thread`.
    pub thread_counter: u32,
    /// What happened, in order (kept only when `tracing`).
    pub trace: Vec<Entry>,
    /// Whether events are recorded (`Builder::trace`).
    pub tracing: bool,
    /// Threads asleep on the condvar now (waits that release the GIL).
    pub sleepers: u32,
    /// On the virtual clock: a run whose clock would pass this is given up
    /// as running forever (`Builder::give_up_after`).
    pub horizon: Option<Millis>,
    /// `atexit.register`'s functions, in order (called last first).
    pub atexit: Vec<ExitFn>,
    /// `threading._register_atexit`'s functions, in order (called last
    /// first as `threading._shutdown` begins).
    pub threading_atexit: Vec<ExitFn>,
    /// `threading._shutdown` is over: the atexit functions run.
    pub exiting: bool,
}

pub(crate) struct Inner {
    /// The GIL and the state it protects.
    pub state: Mutex<Shared>,
    /// Every waiter sleeps here; every change a waiter may care about
    /// notifies all.
    pub changed: Condvar,
    pub variant: Variant,
    pub on_deadlock: OnDeadlock,
    pub report: ReportHook,
    /// A deliberately broken rule (mutation tests only).
    pub bug: Option<Bug>,
    /// Whether the interpreter calls `threading._shutdown()` at the end (the
    /// script imported `threading`): its Python code checks for signals.
    pub threading_shutdown: bool,
    /// The OS threads started, to wait for at the end.
    pub os_threads: Mutex<Vec<thread::JoinHandle<()>>>,
}

/// A Python runtime: its threads, locks and signals, for one variant.
///
/// Cloning gives another handle to the same runtime.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Arc<Inner>,
}

/// Builds a [`Runtime`] with a clock, a deadlock policy and a report hook.
pub struct Builder {
    variant: Variant,
    clock: Clock,
    on_deadlock: Option<OnDeadlock>,
    report: Option<ReportHook>,
    presses: Vec<Millis>,
    bug: Option<Bug>,
    trace: bool,
    threading_shutdown: bool,
    horizon: Option<Millis>,
}

impl Builder {
    /// On the virtual clock, give the run up (it ends as a hang) when time
    /// would pass `at`: a loop that sleeps forever (`while True:
    /// time.sleep(1)`) runs forever, and the model calls it RUNS FOREVER.
    pub fn give_up_after(mut self, at: Millis) -> Builder {
        self.horizon = Some(at);
        self
    }

    /// Whether to record the trace of model-level events (default: yes; the
    /// refinement checks replay it). Off, `Runtime::trace` stays empty and
    /// a long-running program's memory stays flat.
    pub fn trace(mut self, on: bool) -> Builder {
        self.trace = on;
        self
    }

    /// The clock (default: real, or virtual under loom).
    pub fn clock(mut self, clock: Clock) -> Builder {
        self.clock = clock;
        self
    }

    /// What to do when every thread blocks for ever (default: abandon on the
    /// virtual clock, wait on the real one).
    pub fn on_deadlock(mut self, policy: OnDeadlock) -> Builder {
        self.on_deadlock = Some(policy);
        self
    }

    /// Where uncaught exceptions are reported (default: stderr, as Python).
    pub fn on_report(mut self, hook: impl Fn(Tid, ReportKind, &PyException) + Send + Sync + 'static) -> Builder {
        self.report = Some(Box::new(hook));
        self
    }

    /// Ctrl-C is pressed at this time (the `# pythread: ctrl-c` pragma): on
    /// the virtual clock at the first moment from then on when every thread
    /// is blocked; on the real clock as soon as a thread notices the time.
    pub fn ctrl_c_at(mut self, at: Millis) -> Builder {
        self.presses.push(at);
        self.presses.sort_unstable();
        self
    }

    /// Whether the program imported `threading` (default: yes). Without
    /// it, the interpreter runs no `threading._shutdown()` at the end, so a
    /// handler still pending after the main code never runs there.
    pub fn threading_shutdown(mut self, imported: bool) -> Builder {
        self.threading_shutdown = imported;
        self
    }

    /// Breaks one rule on purpose (mutation tests only).
    pub fn bug(mut self, bug: Option<Bug>) -> Builder {
        self.bug = bug;
        self
    }

    /// The runtime.
    pub fn build(self) -> Runtime {
        let on_deadlock = self.on_deadlock.unwrap_or(if self.clock.is_virtual() { OnDeadlock::Abandon } else { OnDeadlock::Wait });
        let report = self.report.unwrap_or_else(|| Box::new(default_report));
        let shared = Shared {
            clock: ClockState::new(self.clock),
            threads: vec![ThreadSlot {
                life: Life::Running,
                kind: ThreadKind::Main,
                daemon: false,
                wait: None,
                interrupted: false,
                forgotten: false,
                holds: 0,
                told_killed: false,
            }],
            locks: Vec::new(),
            // Python installs default_int_handler for SIGINT at start-up.
            handlers: [Handler::DefaultInt, Handler::Default, Handler::Default, Handler::Default, Handler::Default],
            tripped: 0,
            check_due: false,
            presses: self.presses,
            phase: Phase::Running,
            finalizing: false,
            thread_counter: 0,
            trace: Vec::new(),
            tracing: self.trace,
            sleepers: 0,
            horizon: self.horizon,
            atexit: Vec::new(),
            threading_atexit: Vec::new(),
            exiting: false,
        };
        Runtime {
            inner: Arc::new(Inner {
                state: Mutex::new(shared),
                changed: Condvar::new(),
                variant: self.variant,
                on_deadlock,
                report,
                bug: self.bug,
                threading_shutdown: self.threading_shutdown,
                os_threads: Mutex::new(Vec::new()),
            }),
        }
    }
}

fn default_report(thread: Tid, kind: ReportKind, e: &PyException) {
    match kind {
        ReportKind::Traceback => eprintln!("Traceback (most recent call last):\n{e}"),
        ReportKind::Excepthook => eprintln!("Exception in thread {thread}:\n{e}"),
        ReportKind::Unraisable => eprintln!("Exception ignored in thread started by thread {thread}:\n{e}"),
    }
}

impl Runtime {
    /// A runtime on the real clock (the virtual one under loom), reporting
    /// to stderr.
    pub fn new(variant: Variant) -> Runtime {
        Runtime::builder(variant).build()
    }

    /// A builder, to choose the clock, presses and hooks.
    pub fn builder(variant: Variant) -> Builder {
        #[cfg(not(pythread_loom))]
        let clock = Clock::Real;
        #[cfg(pythread_loom)]
        let clock = Clock::Virtual;
        Builder { variant, clock, on_deadlock: None, report: None, presses: Vec::new(), bug: None, trace: true, threading_shutdown: true, horizon: None }
    }

    /// The platform, version and exit behaviour this runtime follows.
    pub fn variant(&self) -> Variant {
        self.inner.variant
    }

    /// Runs `main` as the main thread's code, then the shutdown (join the
    /// non-daemon `threading.Thread`s, then exit: other threads are stopped
    /// without running their remaining code in the `killed` variant, or run
    /// on in `survive`), and returns how the process ended. In `survive` it
    /// returns at the exit, while other threads may still run:
    /// [`Runtime::wait_for_threads`] waits for them.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::{Runtime, Clock, ProcessEnd};
    /// use pythread_model::variant::Variant;
    /// use std::sync::{Arc, atomic::{AtomicBool, Ordering}};
    ///
    /// // Caveat 4: a daemon thread still in its `try` when the main thread
    /// // exits is stopped; its `finally` never runs.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let finally_ran = Arc::new(AtomicBool::new(false));
    /// let flag = finally_ran.clone();
    /// let end = rt.run_main(move |py| {
    ///     py.start_new_thread(move |py| {
    ///         py.try_finally(|py| py.sleep(10.0), move |_| Ok(flag.store(true, Ordering::SeqCst)))
    ///     })?;
    ///     py.sleep(1.0) // the thread is asleep in its try when main returns
    /// });
    /// rt.wait_for_threads();
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// assert!(!finally_ran.load(Ordering::SeqCst));
    /// ```
    pub fn run_main<F>(&self, main: F) -> ProcessEnd
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException>,
    {
        let mut py = Py::enter(&self.inner, MAIN);
        let result = main(&mut py);
        py.main_ends(result)
    }

    /// Presses Ctrl-C now (from any thread, Python or not): a process-directed
    /// SIGINT; on Windows, the console's SIGINT event.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Pressed from a thread that is not a Python thread, on the real clock.
    /// let rt = Runtime::new(Variant::DEFAULT);
    /// let presser = rt.clone();
    /// let end = rt.run_main(move |py| {
    ///     std::thread::spawn(move || presser.ctrl_c());
    ///     loop {
    ///         py.check_signals()?; // KeyboardInterrupt ends the loop
    ///         py.yield_gil()?;
    ///     }
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(130)); // uncaught KeyboardInterrupt
    /// ```
    pub fn ctrl_c(&self) {
        let mut guard = lock(&self.inner.state);
        ctrl_c_locked(&self.inner, &mut guard);
        drop(guard);
        self.inner.changed.notify_all();
    }

    /// Waits until every OS thread the runtime started has ended.
    pub fn wait_for_threads(&self) {
        loop {
            let handles: Vec<_> = std::mem::take(&mut *lock(&self.inner.os_threads));
            if handles.is_empty() {
                return;
            }
            for h in handles {
                let _ = h.join();
            }
        }
    }

    /// The events recorded so far.
    pub fn trace(&self) -> Vec<Entry> {
        lock(&self.inner.state).trace.clone()
    }

    /// How the process ended, if it has.
    pub fn end(&self) -> Option<ProcessEnd> {
        match lock(&self.inner.state).phase {
            Phase::Running => None,
            Phase::Exited(status) => Some(ProcessEnd::Exited(status)),
            Phase::Hung => Some(ProcessEnd::Hung),
        }
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the GIL is a bug the test reports; the state is
    // still readable for the report.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn ctrl_c_locked(inner: &Inner, s: &mut Shared) {
    // A press after the exit reaches no process: it does nothing.
    if s.phase != Phase::Running {
        return;
    }
    record(s, MAIN, Event::CtrlC);
    let route = if inner.variant.platform == Platform::Windows { Route::SigintEvent } else { Route::OnMainThread };
    deliver(inner, s, MAIN, Sig::SIGINT, route, true);
}

fn record(s: &mut Shared, thread: Tid, event: Event) {
    if !s.tracing {
        return;
    }
    let at = s.clock.now();
    s.trace.push(Entry { thread, at, event });
}

/// Signals in the order CPython's `_PyErr_CheckSignals` scans them (by number).
const SCAN_ORDER: [Sig; 5] = [Sig::SIGINT, Sig::SIGUSR1, Sig::SIGUSR2, Sig::SIGALRM, Sig::SIGTERM];

/// Caveat 3 (`acquire-interruptible`): whether a signal arriving by `route`
/// ends the main thread's blocking call of this kind.
/// POSIX: EINTR on the main thread ends every wait. Windows: the SIGINT
/// event ends `time.sleep` always and lock waits (acquire, join) from 3.14.
pub(crate) fn signal_wakes(variant: Variant, on: WaitOn, route: Route) -> bool {
    match route {
        Route::OnMainThread => variant.platform != Platform::Windows,
        Route::OnOtherThread | Route::FlagOnly => false,
        Route::SigintEvent => on == WaitOn::Sleep || variant.version.is_314(),
    }
}

/// Caveat 1 (`interrupts-main-only`): a signal reaches the process. The C
/// handler only records it and, per caveat 3, may end the main thread's
/// wait; the Python handler runs later, in the main thread.
fn deliver(inner: &Inner, s: &mut Shared, from: Tid, sig: Sig, route: Route, os_signal: bool) {
    match s.handlers[sig as usize].clone() {
        Handler::Ignore => {}
        Handler::Default => {
            if os_signal {
                let status = match inner.variant.platform {
                    Platform::Windows if sig == Sig::SIGINT => STATUS_CONTROL_C_EXIT,
                    Platform::Windows => 3,
                    _ => 128 + sig.linux_number(),
                };
                exit_process(s, from, status);
            }
        }
        Handler::DefaultInt | Handler::Python(_) => {
            s.tripped |= 1 << sig as u8;
            s.check_due = true;
            let main = &mut s.threads[MAIN as usize];
            let woke = main.life == Life::Running
                && main.wait.is_some_and(|w| signal_wakes(inner.variant, w.on, route));
            if woke {
                main.interrupted = true;
            }
            record(s, from, Event::Tripped { sig, route, woke_main: woke });
        }
    }
}

/// The process ends at once (`os._exit`, a fatal signal): every thread stops.
fn exit_process(s: &mut Shared, from: Tid, status: i64) {
    // After the exit (`survive`), the status the shell saw stays.
    if s.phase == Phase::Running {
        s.phase = Phase::Exited(status);
        record(s, from, Event::Exited { status });
    }
    for t in 0..s.threads.len() {
        if s.threads[t].life == Life::Running {
            s.threads[t].life = Life::Killed;
            s.threads[t].wait = None;
            record(s, t as Tid, Event::Killed);
        }
    }
}

/// The GIL held by one thread: every Python-level operation goes through it.
///
/// A thread gets its `Py` from [`Runtime::run_main`] or as the argument of
/// its thread function.
pub struct Py<'rt> {
    inner: &'rt Arc<Inner>,
    guard: Option<MutexGuard<'rt, Shared>>,
    me: Tid,
}

impl<'rt> Py<'rt> {
    fn enter(inner: &'rt Arc<Inner>, me: Tid) -> Py<'rt> {
        Py { inner, guard: Some(lock(&inner.state)), me }
    }

    pub(crate) fn s(&mut self) -> &mut Shared {
        self.guard.as_mut().expect("the GIL is held")
    }

    /// This thread's index (0 is the main thread).
    pub fn thread_id(&self) -> Tid {
        self.me
    }

    /// The platform, version and exit behaviour this runtime follows.
    pub fn variant(&self) -> Variant {
        self.inner.variant
    }

    /// The clock reading.
    pub fn now(&mut self) -> Millis {
        self.s().clock.now()
    }

    /// Records an event of this thread in the trace.
    pub fn record(&mut self, event: Event) {
        let me = self.me;
        record(self.s(), me, event);
    }

    /// Wakes every thread sleeping on the condvar, if one sleeps (so a
    /// release with no waiter costs no system call).
    fn notify(&mut self) {
        // Without the GIL the count is unknown: wake them all.
        if self.guard.as_ref().is_none_or(|g| g.sleepers > 0) {
            self.inner.changed.notify_all();
        }
    }

    /// Gives the run up as running forever (an executor's step budget is
    /// spent): every thread stops, and the run ends as a hang.
    pub fn give_up(&mut self) {
        if self.s().phase == Phase::Running {
            self.s().phase = Phase::Hung;
            self.record(Event::GaveUp);
            self.notify();
        }
    }

    /// Whether this thread must stop: the process exited (and this thread
    /// was stopped with it) or was abandoned as hung.
    fn stopped(&mut self) -> bool {
        let me = self.me as usize;
        let bug = self.inner.bug;
        let s = self.s();
        if bug == Some(Bug::FinallyForKilled) && s.threads[me].life == Life::Killed && me != MAIN as usize {
            // The bug: told once, then it runs on.
            return !std::mem::replace(&mut s.threads[me].told_killed, true);
        }
        s.threads[me].life == Life::Killed || s.phase == Phase::Hung
    }

    /// The deliberately broken rule, if any (mutation tests only).
    pub fn bug(&self) -> Option<Bug> {
        self.inner.bug
    }

    /// `Err(Killed)` when this thread must stop; real-clock Ctrl-C presses
    /// that are due are delivered here too.
    pub(crate) fn checkpoint(&mut self) -> Result<(), PyException> {
        self.fire_due_presses();
        if self.stopped() {
            return Err(PyException::killed());
        }
        Ok(())
    }

    /// Releases the GIL and takes it again, letting other threads run (what
    /// CPython's switch interval does between bytecodes). `Err(Killed)` if
    /// the process exited meanwhile.
    pub fn yield_gil(&mut self) -> Result<(), PyException> {
        self.guard = None;
        thread::yield_now();
        self.guard = Some(lock(&self.inner.state));
        self.checkpoint()
    }

    /// The eval breaker (`PyErr_CheckSignals`): in the main thread, runs the
    /// Python handler of every tripped signal, in signal-number order; the
    /// first one that raises ends this with its exception. In other threads
    /// it does nothing (caveat 1): they never run handlers.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 1: a handler runs in the main thread, at its next check.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    /// let end = rt.run_main(|py| {
    ///     py.start_new_thread(|py| {
    ///         py.kill(Sig::SIGINT)?;
    ///         py.check_signals() // does nothing in this thread
    ///     })?;
    ///     py.sleep(1.0)?; // interrupted: the KeyboardInterrupt comes out of the sleep
    ///     unreachable!()
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(130));
    /// ```
    pub fn check_signals(&mut self) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.me != MAIN && self.inner.bug != Some(Bug::HandlerInCurrentThread) {
            return Ok(());
        }
        // `_PyErr_CheckSignalsTstate`: nothing unless a signal tripped since
        // the last check began (`is_tripped`), which it clears; then the
        // tripped signals' handlers one after the other, so a handler's own
        // checks do not run the next one inside it. One that raises ends
        // the loop and leaves the rest to the next check.
        if !std::mem::take(&mut self.s().check_due) {
            return Ok(());
        }
        let reschedule = |py: &mut Self| {
            let s = py.s();
            s.check_due |= s.tripped != 0;
        };
        while let Some(sig) = SCAN_ORDER.into_iter().find(|&g| self.s().tripped & (1 << g as u8) != 0) {
            let s = self.s();
            s.tripped &= !(1 << sig as u8);
            s.threads[MAIN as usize].interrupted = false;
            let handler = s.handlers[sig as usize].clone();
            let _ = s;
            match handler {
                Handler::DefaultInt => {
                    self.record(Event::HandlerRan { sig });
                    reschedule(self);
                    return Err(PyException::new(ExcKind::KeyboardInterrupt));
                }
                Handler::Python(f) => {
                    self.record(Event::HandlerRan { sig });
                    let signum = self.signum(sig);
                    if let Err(e) = f(self, signum) {
                        reschedule(self);
                        return Err(e);
                    }
                    self.checkpoint()?;
                }
                // Set to SIG_IGN/SIG_DFL after the signal tripped: skipped.
                Handler::Ignore | Handler::Default => {}
            }
        }
        Ok(())
    }

    /// The number a handler's `signum` receives.
    pub fn signum(&self, sig: Sig) -> i32 {
        sig.linux_number() as i32
    }

    fn fire_due_presses(&mut self) {
        // No press to come (the usual case): no need to read the clock.
        if self.s().clock.kind.is_virtual() || self.s().presses.is_empty() {
            return;
        }
        let now = self.now();
        let mut fired = false;
        while self.s().presses.first().is_some_and(|&p| p <= now) {
            self.s().presses.remove(0);
            let inner = self.inner;
            ctrl_c_locked(inner, self.s());
            fired = true;
        }
        if fired {
            self.notify();
        }
    }

    // ---- waiting -------------------------------------------------------------

    /// Whether `on` is satisfied for thread `t`.
    fn ready(s: &Shared, t: Tid, on: WaitOn) -> bool {
        match on {
            WaitOn::Lock(l) => {
                let lk = &s.locks[l as usize];
                lk.count == 0 || (lk.reentrant && lk.owner == Some(t))
            }
            WaitOn::Join(x) => !s.threads[x as usize].looks_alive(),
            WaitOn::Sleep => false,
            WaitOn::Shutdown => s.threads.iter().skip(1).all(|th| th.daemon || !th.looks_alive()),
        }
    }

    /// Whether thread `t` could go on now (it is not blocked, or its wait is over).
    fn runnable(s: &Shared, t: Tid) -> bool {
        let th = &s.threads[t as usize];
        if th.life != Life::Running {
            return false;
        }
        match th.wait {
            None => true,
            Some(w) => th.interrupted || w.deadline.is_some_and(|d| d <= s.clock.now()) || Self::ready(s, t, w.on),
        }
    }

    /// When every live thread is blocked: on the virtual clock, press a due
    /// Ctrl-C or jump to the earliest deadline; with no deadline left, the
    /// run hangs (or, after the exit in `survive`, the remaining threads
    /// just never run again). Returns whether anything changed.
    fn settle(&mut self) -> bool {
        let inner = self.inner;
        let s = self.s();
        let live = (0..s.threads.len() as Tid).filter(|&t| s.threads[t as usize].life == Life::Running);
        if live.clone().any(|t| Self::runnable(s, t)) || s.phase == Phase::Hung {
            return false;
        }
        let deadline = live.filter_map(|t| s.threads[t as usize].wait.and_then(|w| w.deadline)).min();
        if s.clock.kind.is_virtual() {
            if let Some(&p) = s.presses.first().filter(|&&p| deadline.is_none_or(|d| p <= d)) {
                s.presses.remove(0);
                if p > s.clock.virtual_now {
                    s.clock.virtual_now = p;
                    record(s, MAIN, Event::TimeAdvanced { to: p });
                }
                ctrl_c_locked(inner, s);
                return true;
            }
            if let Some(d) = deadline {
                if s.horizon.is_some_and(|h| d > h) && s.phase == Phase::Running {
                    s.phase = Phase::Hung;
                    record(s, MAIN, Event::GaveUp);
                    return true;
                }
                s.clock.virtual_now = d;
                record(s, MAIN, Event::TimeAdvanced { to: d });
                return true;
            }
        } else if deadline.is_some() || !s.presses.is_empty() {
            return false;
        }
        match s.phase {
            // After the exit (survive): nobody can go on; they stay stopped.
            Phase::Exited(_) => {
                for t in 0..s.threads.len() {
                    if s.threads[t].life == Life::Running {
                        s.threads[t].life = Life::Killed;
                        record(s, t as Tid, Event::Killed);
                    }
                }
                true
            }
            Phase::Running if inner.on_deadlock == OnDeadlock::Abandon => {
                s.phase = Phase::Hung;
                record(s, MAIN, Event::Hung);
                true
            }
            _ => false,
        }
    }

    /// Blocks this thread until `on` is satisfied (`Ok(true)`) or the
    /// deadline passes (`Ok(false)`). In the main thread a signal that ends
    /// the wait (caveat 3) runs the handlers at once: if one raises, the wait
    /// is abandoned with that exception; otherwise it goes on to the same
    /// deadline (PEP 475).
    pub(crate) fn wait(&mut self, on: WaitOn, deadline: Option<Millis>) -> Result<bool, PyException> {
        self.checkpoint()?;
        let me = self.me;
        self.record(Event::Blocked { on, deadline });
        // A signal already tripped ends no wait (no EINTR comes), except
        // where the wait looks first (`sees_pending_at_entry`).
        if me == MAIN {
            let variant = self.inner.variant;
            let s = self.s();
            let kind = match on {
                WaitOn::Lock(_) => WaitKind::Acquire,
                WaitOn::Join(_) => WaitKind::Join,
                WaitOn::Sleep => WaitKind::Sleep,
                WaitOn::Shutdown => WaitKind::Shutdown,
            };
            if s.tripped != 0 && sees_pending_at_entry(variant, kind, s.tripped & (1 << Sig::SIGINT as u8) != 0) {
                s.threads[MAIN as usize].interrupted = true;
            }
        }
        loop {
            self.s().threads[me as usize].wait = Some(Wait { on, deadline });
            loop {
                if self.stopped() {
                    self.s().threads[me as usize].wait = None;
                    return Err(PyException::killed());
                }
                let s = self.s();
                // A wait whose own end came with the signal returns first,
                // as the model's does: the handler runs at the check after it.
                let timed_out = deadline.is_some_and(|d| d <= s.clock.now());
                if Self::ready(s, me, on) || timed_out {
                    let ready = Self::ready(s, me, on);
                    s.threads[me as usize].wait = None;
                    s.threads[me as usize].interrupted = false;
                    self.record(Event::WaitEnded { ready });
                    return Ok(ready);
                }
                if s.threads[me as usize].interrupted {
                    s.threads[me as usize].wait = None;
                    break;
                }
                if self.settle() {
                    self.notify();
                    continue;
                }
                self.sleep_on_condvar(deadline);
                self.fire_due_presses();
            }
            // Interrupted (EINTR): Py_MakePendingCalls, then retry.
            self.check_signals()?;
            if self.inner.bug == Some(Bug::AcquireNotRetried) && matches!(on, WaitOn::Lock(_)) {
                return Ok(false);
            }
        }
    }

    /// Sleeps until notified (or, on the real clock, until the deadline or
    /// the next Ctrl-C press is due).
    fn sleep_on_condvar(&mut self, deadline: Option<Millis>) {
        let mut guard = self.guard.take().expect("the GIL is held");
        // Counted under the GIL, so a notifier holding it knows whether
        // anyone sleeps (`notify`).
        guard.sleepers += 1;
        #[cfg(not(pythread_loom))]
        if !guard.clock.kind.is_virtual() {
            let wake_at = [deadline, guard.presses.first().copied()].into_iter().flatten().min();
            let mut guard = match wake_at {
                Some(at) => {
                    let now = guard.clock.now();
                    let dur = std::time::Duration::from_millis(at.saturating_sub(now).max(1));
                    self.inner.changed.wait_timeout(guard, dur).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.inner.changed.wait(guard).unwrap_or_else(|e| e.into_inner()),
            };
            guard.sleepers -= 1;
            self.guard = Some(guard);
            return;
        }
        let _ = deadline;
        let mut guard = self.inner.changed.wait(guard).unwrap_or_else(|e| e.into_inner());
        guard.sleepers -= 1;
        self.guard = Some(guard);
    }

    // ---- threads -----------------------------------------------------------

    /// A new thread slot; `None` when every thread index is taken (slots
    /// are never reused, so a runtime makes at most `NO_SLOT` threads).
    fn new_slot(&mut self, kind: ThreadKind, daemon: bool, life: Life) -> Option<Tid> {
        let s = self.s();
        if s.threads.len() >= crate::thread::NO_SLOT as usize {
            return None;
        }
        s.threads.push(ThreadSlot { life, kind, daemon, wait: None, interrupted: false, forgotten: false, holds: 0, told_killed: false });
        Some((s.threads.len() - 1) as Tid)
    }

    /// Starts the OS thread for slot `tid`, running `f`.
    pub(crate) fn spawn<F>(&mut self, tid: Tid, f: F)
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        let inner = self.inner.clone();
        self.record(Event::ThreadStarted { thread: tid });
        let handle = thread::spawn(move || {
            let mut py = Py::enter(&inner, tid);
            let result = match py.checkpoint() {
                Ok(()) => f(&mut py),
                Err(e) => Err(e),
            };
            py.thread_ends(result);
        });
        lock(&self.inner.os_threads).push(handle);
    }

    /// `_thread.start_new_thread(f, ())`: a daemon thread that starts at once.
    /// An uncaught SystemExit ends it silently (caveat 2); any other uncaught
    /// exception goes to the unraisable hook and the process goes on.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 2: sys.exit() in a thread ends only that thread.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(move |py| {
    ///         lock.release(py)?;
    ///         Err(py.exit(Some(5)))
    ///     })?;
    ///     lock.acquire(py, true, -1.0)?; // the thread ran, then exited
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn start_new_thread<F>(&mut self, f: F) -> Result<Tid, PyException>
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.checkpoint()?;
        if self.start_refused() {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't create new thread at interpreter shutdown"));
        }
        self.s().thread_counter += 1;
        let n = self.s().thread_counter;
        let Some(tid) = self.new_slot(ThreadKind::Raw(n), true, Life::Running) else {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't start new thread"));
        };
        self.spawn(tid, f);
        Ok(tid)
    }

    /// `threading.Thread(target=f, daemon=…)`, not yet started; `daemon:
    /// None` inherits the creating thread's flag.
    pub fn new_thread<F>(&mut self, f: F, daemon: Option<bool>) -> crate::thread::Thread
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        let me = self.me as usize;
        let daemon = daemon.unwrap_or(self.s().threads[me].daemon);
        self.s().thread_counter += 1;
        let n = self.s().thread_counter;
        // Out of slots: a thread that fails to start, as CPython's does
        // when the OS refuses one.
        let tid = self.new_slot(ThreadKind::Threading(n), daemon, Life::NotStarted).unwrap_or(crate::thread::NO_SLOT);
        crate::thread::Thread::new(tid, Box::new(f))
    }

    /// How thread `t` was made (its name comes from this).
    pub fn thread_kind(&mut self, t: Tid) -> ThreadKind {
        self.s().threads[t as usize].kind
    }

    pub(crate) fn thread_life(&mut self, t: Tid) -> Life {
        self.s().threads[t as usize].life
    }

    /// Sets a thread's daemon flag before it starts.
    pub(crate) fn set_daemon(&mut self, t: Tid, daemon: bool) -> Result<(), PyException> {
        if self.s().threads[t as usize].life != Life::NotStarted {
            return Err(PyException::with_message(ExcKind::RuntimeError, "cannot set daemon status of active thread"));
        }
        self.s().threads[t as usize].daemon = daemon;
        Ok(())
    }

    /// Whether a thread start is refused now (3.12 during the shutdown).
    pub(crate) fn start_refused(&mut self) -> bool {
        mek::start_refused_at_shutdown(self.variant().version) && self.s().finalizing
    }

    pub(crate) fn set_running(&mut self, t: Tid) {
        self.s().threads[t as usize].life = Life::Running;
    }

    pub(crate) fn looks_alive(&mut self, t: Tid) -> bool {
        self.s().threads[t as usize].looks_alive()
    }

    pub(crate) fn forget(&mut self, t: Tid) {
        let th = &mut self.s().threads[t as usize];
        if th.life == Life::Running {
            th.forgotten = true;
        }
    }

    /// A non-main thread's code ended.
    fn thread_ends(&mut self, result: Result<(), PyException>) {
        let me = self.me;
        if let Err(e) = &result {
            if e.is_killed() {
                // Stopped: nothing of it runs any more (no report, no finally).
                self.guard = None;
                return;
            }
        }
        let kind = self.s().threads[me as usize].kind;
        self.s().threads[me as usize].life = Life::Done;
        let uncaught = result.as_ref().err().map(|e| e.kind.name().to_string());
        if let Err(e) = &result {
            // Caveat 2 (`sys-exit-is-thread-exit`): SystemExit ends only this
            // thread, silently, whichever way the thread was started.
            if !e.is_system_exit() {
                let how = if matches!(kind, ThreadKind::Raw(_)) { ReportKind::Unraisable } else { ReportKind::Excepthook };
                (self.inner.report)(me, how, e);
            }
        }
        self.record(Event::ThreadEnded { uncaught });
        self.settle();
        self.guard = None;
        self.notify();
    }

    /// The main thread's code ended with `result`: set the status, wait for
    /// the non-daemon threads (handling signals meanwhile), exit.
    fn main_ends(&mut self, result: Result<(), PyException>) -> ProcessEnd {
        let windows = self.inner.variant.platform == Platform::Windows;
        let status = match &result {
            Ok(()) => 0,
            Err(e) if e.is_killed() => return self.finish(),
            Err(e) if e.is_system_exit() => exit_status(self.inner.variant, e.code),
            Err(e) => {
                (self.inner.report)(MAIN, ReportKind::Traceback, e);
                match e.kind {
                    // The check right after the module (3.13) reports it
                    // with status 1 (`interrupts_main_only::module_end_interrupt_status`).
                    ExcKind::KeyboardInterrupt if e.code.is_some() => e.code.unwrap_or(1),
                    ExcKind::KeyboardInterrupt if windows => STATUS_CONTROL_C_EXIT,
                    ExcKind::KeyboardInterrupt => 130,
                    _ => 1,
                }
            }
        };
        let uncaught = result.as_ref().err().map(|e| e.kind.name().to_string());
        self.record(Event::ThreadEnded { uncaught });
        self.record(Event::ShutdownBegins { status });
        self.s().finalizing = true;
        // threading._shutdown: join the non-daemon threads. It runs Python
        // code, so pending handlers run there; an exception they raise is
        // reported and the shutdown stops waiting.
        // _shutdown is Python code: pending handlers run as it starts, and
        // again after its joins.
        // Only a script that imported `threading` gets `_shutdown` (and
        // its checks): finalization runs no other Python code here.
        let threading = self.inner.threading_shutdown;
        let check = |py: &mut Self| if threading { py.check_signals() } else { Ok(()) };
        let mut ended = check(self)
            .and_then(|_| self.call_threading_atexits())
            .and_then(|_| self.wait(WaitOn::Shutdown, None))
            .and_then(|_| check(self));
        while let Err(e) = ended {
            if e.is_killed() {
                return self.finish();
            }
            (self.inner.report)(MAIN, ReportKind::Unraisable, &e);
            // It waits no more, but signals still pending are handled on the
            // way out (CPython runs Python code then).
            ended = check(self);
        }
        // The atexit functions, last registered first; what one raises is
        // reported and the next one runs.
        self.s().exiting = true;
        let rules = pythread_model::caveats::Rules { variant: self.inner.variant, mutation: None, pypy: false };
        while let Some(f) = self.s().atexit.pop() {
            match f(self) {
                Ok(()) => {}
                Err(e) if e.is_killed() => return self.finish(),
                Err(e) if e.is_system_exit() && !mek::atexit_reports_systemexit(rules) => {}
                Err(e) => (self.inner.report)(MAIN, ReportKind::Unraisable, &e),
            }
        }
        self.finalize(status);
        self.finish()
    }

    /// `threading._shutdown` begins: the functions `threading._register_atexit`
    /// registered, last first; an exception ends the shutdown's wait.
    fn call_threading_atexits(&mut self) -> Result<(), PyException> {
        while let Some(f) = self.s().threading_atexit.pop() {
            f(self)?;
        }
        Ok(())
    }

    /// `atexit.register(f)`: `f` is called after `threading._shutdown`
    /// joined the threads, last registered first. One registered while they
    /// run is never called.
    pub fn register_atexit<F>(&mut self, f: F)
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        if !self.s().exiting {
            self.s().atexit.push(Box::new(f));
        }
    }

    /// Whether `threading._register_atexit` may be called now: AttributeError
    /// on 3.8 (it does not exist), RuntimeError once the shutdown began.
    pub fn threading_atexit_allowed(&mut self) -> Result<(), PyException> {
        if !mek::has_threading_atexit(self.inner.variant.version) {
            return Err(PyException::with_message(ExcKind::AttributeError, "module 'threading' has no attribute '_register_atexit'"));
        }
        if self.s().finalizing {
            return Err(PyException::with_message(ExcKind::RuntimeError, "can't register atexit after shutdown"));
        }
        Ok(())
    }

    /// `threading._register_atexit(f)` (3.9+): `f` is called as
    /// `threading._shutdown` begins, before it joins any thread.
    pub fn register_threading_atexit<F>(&mut self, f: F) -> Result<(), PyException>
    where
        F: FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static,
    {
        self.threading_atexit_allowed()?;
        self.s().threading_atexit.push(Box::new(f));
        Ok(())
    }

    /// Caveat 4 (`main-exit-kills-threads`): the shutdown is over; the
    /// process exits. In `killed`, every other thread stops where it is.
    fn finalize(&mut self, status: i64) {
        let killed = self.inner.variant.exit == ExitMode::Killed;
        let s = self.s();
        s.threads[MAIN as usize].life = Life::Done;
        s.phase = Phase::Exited(status);
        record(s, MAIN, Event::Exited { status });
        if killed {
            for t in 1..s.threads.len() {
                if s.threads[t].life == Life::Running {
                    s.threads[t].life = Life::Killed;
                    record(s, t as Tid, Event::Killed);
                }
            }
        } else {
            self.settle();
        }
        self.notify();
    }

    fn finish(&mut self) -> ProcessEnd {
        let phase = self.s().phase;
        self.guard = None;
        self.notify();
        match phase {
            Phase::Exited(status) => ProcessEnd::Exited(status),
            Phase::Hung => ProcessEnd::Hung,
            Phase::Running => unreachable!("the main thread stopped while the process runs"),
        }
    }

    /// `os._exit(n)`: the process exits at once, from any thread: no
    /// `finally`, no atexit, no joins. Always `Err(Killed)`: the calling
    /// thread stops too.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     py.start_new_thread(|py| Err(py.os_exit(3)))?;
    ///     py.sleep(1.0)?; // stopped here: the process has exited
    ///     unreachable!()
    /// });
    /// rt.wait_for_threads();
    /// assert_eq!(end, ProcessEnd::Exited(3));
    /// ```
    pub fn os_exit(&mut self, n: i64) -> PyException {
        let status = if self.inner.variant.platform == Platform::Windows { n } else { n & 0xff };
        let me = self.me;
        exit_process(self.s(), me, status);
        self.notify();
        PyException::killed()
    }

    /// `sys.exit(code)` / `_thread.exit()`: raises SystemExit. In a thread it
    /// ends only that thread (caveat 2); in the main thread, the program.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// assert_eq!(rt.run_main(|py| Err(py.exit(Some(4)))), ProcessEnd::Exited(4));
    /// ```
    pub fn exit(&mut self, code: Option<i64>) -> PyException {
        PyException::system_exit(code)
    }

    /// `time.sleep(seconds)`: in the main thread a signal may end it early
    /// (POSIX; Windows Ctrl-C): a raising handler's exception comes out, a
    /// non-raising one lets the sleep go on to its end.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // On the virtual clock a sleep takes no real time.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     py.sleep(3600.0)?;
    ///     assert_eq!(py.now(), 3_600_000);
    ///     assert_eq!(py.sleep(-1.0).unwrap_err().to_string(), "ValueError: sleep length must be non-negative");
    ///     Ok(())
    /// });
    /// ```
    pub fn sleep(&mut self, seconds: f64) -> Result<(), PyException> {
        check_seconds(seconds)?;
        if seconds < 0.0 {
            return Err(PyException::with_message(ExcKind::ValueError, "sleep length must be non-negative"));
        }
        if seconds == 0.0 {
            return self.checkpoint();
        }
        let deadline = self.now() + seconds_to_millis(seconds);
        self.wait(WaitOn::Sleep, Some(deadline)).map(|_| ())
    }

    // ---- signals -------------------------------------------------------------

    /// Whether `sig` exists in the `signal` module on this platform.
    fn sig_exists(&self, sig: Sig) -> bool {
        self.inner.variant.platform != Platform::Windows || matches!(sig, Sig::SIGINT | Sig::SIGTERM)
    }

    fn no_attribute(name: &str) -> PyException {
        PyException::with_message(ExcKind::AttributeError, format!("module 'signal' has no attribute '{name}'"))
    }

    /// `signal.SIGxxx`: the signal's number, or `AttributeError` where the
    /// platform has no such signal.
    pub fn signal_number(&self, sig: Sig) -> Result<i32, PyException> {
        self.known(sig)?;
        Ok(self.signum(sig))
    }

    fn known(&self, sig: Sig) -> Result<(), PyException> {
        if self.sig_exists(sig) {
            Ok(())
        } else {
            Err(Self::no_attribute(sig.name()))
        }
    }

    /// `signal.signal(sig, handler)`: main thread only; returns the old handler.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // A handler that does not raise lets the interrupted wait go on (PEP 475).
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// let end = rt.run_main(|py| {
    ///     py.signal(Sig::SIGUSR1, Handler::Python(std::sync::Arc::new(|_, signum| {
    ///         assert_eq!(signum, 10);
    ///         Ok(())
    ///     })))?;
    ///     py.start_new_thread(|py| py.kill(Sig::SIGUSR1))?;
    ///     py.sleep(2.0)?; // interrupted, handled, resumed to its end
    ///     assert_eq!(py.now(), 2000);
    ///     Ok(())
    /// });
    /// assert_eq!(end, ProcessEnd::Exited(0));
    /// ```
    pub fn signal(&mut self, sig: Sig, handler: Handler) -> Result<Handler, PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        if self.me != MAIN {
            let msg = pythread_model::caveats::interrupts_main_only::signal_outside_main_message(self.inner.variant.version);
            return Err(PyException::with_message(ExcKind::ValueError, msg));
        }
        Ok(std::mem::replace(&mut self.s().handlers[sig as usize], handler))
    }

    fn deliver(&mut self, sig: Sig, route: Route, os_signal: bool) {
        let inner = self.inner;
        let me = self.me;
        deliver(inner, self.s(), me, sig, route, os_signal);
        self.notify();
    }

    /// `os.kill(os.getpid(), sig)`: a process-directed signal. Linux delivers
    /// it to the main thread; generic POSIX may pick another thread (see
    /// [`Py::kill_landing_on`]); Windows terminates the process with status
    /// `sig`.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // Caveat 3: a process signal ends the main thread's blocked acquire on
    /// // Linux; on Windows 3.13 os.kill ends the process instead.
    /// for (platform, expected) in [(Platform::Linux, ProcessEnd::Exited(130)), (Platform::Windows, ProcessEnd::Exited(2))] {
    ///     let v = Variant { platform, ..Variant::DEFAULT };
    ///     let rt = Runtime::builder(v).clock(Clock::Virtual).on_report(|_, _, _| {}).build();
    ///     let end = rt.run_main(|py| {
    ///         let lock = py.allocate_lock();
    ///         lock.acquire(py, true, -1.0)?;
    ///         py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
    ///         lock.acquire(py, true, -1.0)?; // blocks until the signal
    ///         unreachable!()
    ///     });
    ///     rt.wait_for_threads();
    ///     assert_eq!(end, expected);
    /// }
    /// ```
    pub fn kill(&mut self, sig: Sig) -> Result<(), PyException> {
        self.kill_landing_on(sig, MAIN)
    }

    /// `os.kill(os.getpid(), sig)` where the kernel picked thread `land` to
    /// run the C handler (only the `posix` platform lets it differ from main).
    pub fn kill_landing_on(&mut self, sig: Sig, land: Tid) -> Result<(), PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        if self.inner.variant.platform == Platform::Windows {
            let me = self.me;
            let status = i64::from(self.signum(sig));
            exit_process(self.s(), me, status);
            self.notify();
            return Err(PyException::killed());
        }
        let land = if self.inner.variant.platform == Platform::Posix { land } else { MAIN };
        let route = if land == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
        self.deliver(sig, route, true);
        self.checkpoint()
    }

    /// `signal.pthread_kill(ident, sig)`: a thread-directed signal. Only when
    /// it targets the main thread can it end the main thread's wait.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // A signal directed at another thread does not wake the main thread: the
    /// // timed acquire runs to its timeout, then the handler runs.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(|py| {
    ///         let me = py.thread_id();
    ///         py.pthread_kill(me, Sig::SIGINT)
    ///     })?;
    ///     assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
    ///     assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
    ///     Ok(())
    /// });
    /// ```
    pub fn pthread_kill(&mut self, target: Tid, sig: Sig) -> Result<(), PyException> {
        self.checkpoint()?;
        if self.inner.variant.platform == Platform::Windows {
            return Err(Self::no_attribute("pthread_kill"));
        }
        if self.s().threads.get(target as usize).is_none_or(|t| t.life == Life::NotStarted) {
            return Err(PyException::with_message(ExcKind::TypeError, "'NoneType' object cannot be interpreted as an integer"));
        }
        // A thread that has ended no longer receives signals.
        if self.s().threads[target as usize].life == Life::Running {
            let route = if target == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
            self.deliver(sig, route, true);
        }
        self.checkpoint()
    }

    /// `signal.raise_signal(sig)`: the calling thread signals itself.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     py.signal(Sig::SIGTERM, Handler::Python(std::sync::Arc::new(|_, _| {
    ///         Err(PyException::with_message(ExcKind::RuntimeError, "terminated"))
    ///     })))?;
    ///     py.raise_signal(Sig::SIGTERM)?;
    ///     assert_eq!(py.check_signals().unwrap_err().to_string(), "RuntimeError: terminated");
    ///     Ok(())
    /// });
    /// ```
    pub fn raise_signal(&mut self, sig: Sig) -> Result<(), PyException> {
        self.checkpoint()?;
        self.known(sig)?;
        let route = match self.inner.variant.platform {
            Platform::Windows if sig == Sig::SIGINT => Route::SigintEvent,
            Platform::Windows => Route::FlagOnly,
            _ if self.me == MAIN => Route::OnMainThread,
            _ => Route::OnOtherThread,
        };
        self.deliver(sig, route, true);
        self.checkpoint()
    }

    /// `_thread.interrupt_main(signum=SIGINT)`: trips the signal's flag as if
    /// it arrived, but sends no OS signal, so a blocked main thread is not
    /// woken. A no-op when the handler is `SIG_IGN` or `SIG_DFL`.
    ///
    /// ```
    /// # if pythread_impl::UNDER_LOOM { return; } // loom primitives only work inside loom::model
    /// use pythread_impl::*;
    /// use pythread_model::{scenario::Sig, variant::*};
    ///
    /// // interrupt_main only sets the flag: a blocked acquire is not woken.
    /// let rt = Runtime::builder(Variant::DEFAULT).clock(Clock::Virtual).build();
    /// rt.run_main(|py| {
    ///     let lock = py.allocate_lock();
    ///     lock.acquire(py, true, -1.0)?;
    ///     py.start_new_thread(|py| py.interrupt_main(None))?;
    ///     assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
    ///     assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
    ///     assert_eq!(py.interrupt_main(Some(0)).unwrap_err().to_string(), "ValueError: signal number out of range");
    ///     Ok(())
    /// });
    /// ```
    pub fn interrupt_main(&mut self, signum: Option<i32>) -> Result<(), PyException> {
        self.checkpoint()?;
        if signum.is_some() && self.inner.variant.version.minor < 10 {
            // The `signum` parameter came in 3.10.
            return Err(PyException::with_message(ExcKind::TypeError, "interrupt_main() takes no arguments (1 given)"));
        }
        let sig = match signum {
            None => Sig::SIGINT,
            Some(n) => match Sig::ALL.into_iter().find(|s| s.linux_number() == i64::from(n) && self.sig_exists(*s)) {
                Some(s) => s,
                None if !(1..65).contains(&n) => {
                    return Err(PyException::with_message(ExcKind::ValueError, "signal number out of range"));
                }
                // A valid signal number outside the five the runtime models.
                None => return Err(PyException::with_message(ExcKind::ValueError, format!("signal {n} is not supported by this runtime"))),
            },
        };
        self.deliver(sig, Route::FlagOnly, false);
        Ok(())
    }

    // ---- locks ---------------------------------------------------------------

    pub(crate) fn new_lock(&mut self, reentrant: bool) -> LockId {
        let s = self.s();
        // Lock indices are never reused; a 257th lock would alias the first.
        assert!(s.locks.len() <= LockId::MAX as usize, "pythread-impl: a runtime makes at most 256 locks (lib.rs, Limitations)");
        s.locks.push(LockSlot { reentrant, owner: None, count: 0 });
        (s.locks.len() - 1) as LockId
    }

    pub(crate) fn lock_slot(&mut self, l: LockId) -> LockSlot {
        self.s().locks[l as usize]
    }

    /// Takes lock `l` if this thread can; returns whether it did.
    pub(crate) fn try_take(&mut self, l: LockId) -> bool {
        let me = self.me;
        if !Self::ready(self.s(), me, WaitOn::Lock(l)) {
            return false;
        }
        let s = self.s();
        let lk = &mut s.locks[l as usize];
        lk.owner = Some(me);
        lk.count += 1;
        let count = lk.count;
        s.threads[me as usize].holds |= 1u64.checked_shl(l as u32).unwrap_or(0);
        self.record(Event::Acquired { lock: l, count });
        true
    }

    /// Releases lock `l`: `Ok(false)` when it was not held (plain) or not
    /// owned by this thread (RLock), for the caller's error.
    pub(crate) fn give_back(&mut self, l: LockId) -> bool {
        let me = self.me;
        let s = self.s();
        let lk = &mut s.locks[l as usize];
        if lk.count == 0 || (lk.reentrant && lk.owner != Some(me)) {
            return false;
        }
        lk.count -= 1;
        let count = lk.count;
        if count == 0 {
            lk.owner = None;
            for th in s.threads.iter_mut() {
                th.holds &= !1u64.checked_shl(l as u32).unwrap_or(0);
            }
        }
        self.record(Event::Released { lock: l, count });
        self.notify();
        true
    }

    /// Acquire with Python's argument rules, the fast path, then a wait.
    pub(crate) fn acquire_lock(&mut self, l: LockId, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        self.checkpoint()?;
        let wait = acquire_args(self.inner.variant, blocking, timeout)?;
        if self.try_take(l) {
            return Ok(true);
        }
        let Some(wait) = wait else { return Ok(false) };
        let deadline = wait.map(|ms| self.now() + ms);
        if self.wait(WaitOn::Lock(l), deadline)? {
            Ok(self.try_take(l))
        } else {
            Ok(false)
        }
    }

    /// Which locks each thread holds (bit per lock), for invariant checks.
    pub fn holdings(&mut self) -> Vec<u64> {
        self.s().threads.iter().map(|t| t.holds).collect()
    }

    /// Runs `body`, then `finally` — unless this thread was stopped by the
    /// process exit, in which case nothing more of it runs (caveat 4).
    pub fn try_finally<T>(
        &mut self,
        body: impl FnOnce(&mut Py<'rt>) -> Result<T, PyException>,
        finally: impl FnOnce(&mut Py<'rt>) -> Result<(), PyException>,
    ) -> Result<T, PyException> {
        let r = body(self);
        if matches!(&r, Err(e) if e.is_killed()) {
            return r;
        }
        finally(self)?;
        r
    }
}

/// CPython's conversion of seconds to its internal time (int64
/// nanoseconds): NaN and anything beyond ±2**63 ns fail first.
pub(crate) fn check_seconds(t: f64) -> Result<(), PyException> {
    if t.is_nan() {
        return Err(PyException::with_message(ExcKind::ValueError, "Invalid value NaN (not a number)"));
    }
    if t.abs() * 1e9 >= 9.223_372_036_854_776e18 {
        return Err(PyException::with_message(ExcKind::OverflowError, "timestamp out of range for platform time_t"));
    }
    Ok(())
}

/// The exit status `SystemExit(code)` gives.
pub(crate) fn exit_status(variant: Variant, code: Option<i64>) -> i64 {
    match code {
        None => 0,
        Some(n) if variant.platform == Platform::Windows => n,
        Some(n) => n & 0xff,
    }
}

/// `acquire`'s argument checks (SEMANTICS.md §3): `Ok(None)` for a
/// non-blocking try, `Ok(Some(timeout))` for a wait (`None` = for ever).
pub(crate) fn acquire_args(variant: Variant, blocking: bool, timeout: f64) -> Result<Option<Option<Millis>>, PyException> {
    // The timeout is converted first (`_PyTime_FromSecondsObject`).
    check_seconds(timeout)?;
    if !blocking && timeout != -1.0 {
        return Err(PyException::with_message(ExcKind::ValueError, "can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        let msg = if variant.version.minor >= 13 { "timeout value must be a non-negative number" } else { "timeout value must be positive" };
        return Err(PyException::with_message(ExcKind::ValueError, msg));
    }
    // PY_TIMEOUT_MAX: 0xFFFFFFFE ms on Windows; elsewhere beyond what the
    // conversion lets through.
    if variant.platform == Platform::Windows && timeout * 1e6 >= 4_294_967_294_000.0 {
        return Err(PyException::with_message(ExcKind::OverflowError, "timeout value is too large"));
    }
    if !blocking || timeout == 0.0 {
        return Ok(None);
    }
    if timeout == -1.0 {
        return Ok(Some(None));
    }
    Ok(Some(Some(seconds_to_millis(timeout))))
}
