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
//!
//! This module holds the types, the builder and the `Py` token's core; by
//! concern, `waits` (blocking and the virtual clock), `signals` (the check
//! and the ways to send one), `lifecycle` (threads, the shutdown, atexit,
//! the exit) and `locks` (lock slots).

mod lifecycle;
mod locks;
mod signals;
mod waits;

use crate::clock::{seconds_to_millis, Clock, ClockState, Millis};
use crate::exception::{ExcKind, PyException};
use crate::sync::{thread, Arc, Condvar, Mutex, MutexGuard};
use crate::trace::{Entry, Event, LockId, Route, Tid, WaitOn};
use pythread_model::scenario::{Sig, SigHow};
use pythread_model::variant::{ExitMode, Platform, Variant};
use pythread_model::caveats::acquire_interruptible::sees_pending_at_entry;
use pythread_model::caveats::main_exit_kills_threads as mek;
use pythread_model::caveats::interrupts_main_only::{self as imo, SCAN_ORDER};

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
    /// Signals it blocks (`pthread_sigmask`), inherited from its starter.
    pub blocked: u8,
    /// Signals sent to it alone while it blocked them, held by the kernel.
    pub kernel_pending: u8,
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

/// An `atexit.register`ed function.
pub struct ExitEntry {
    /// The value registered, which `atexit.unregister` compares with
    /// (`None`: registered from Rust, never unregistered).
    pub key: Option<pythread_model::state::Value>,
    /// The call.
    pub call: ExitFn,
}

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
    /// When the real-time alarm (`signal.alarm`) sends SIGALRM, if set.
    pub alarm: Option<Millis>,
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
    pub atexit: Vec<ExitEntry>,
    /// The atexit loop runs (`_run_exitfuncs()` or at exit): the functions
    /// it has still to call (next last), taken out of `atexit` as it began.
    pub exit_pending: Option<Vec<ExitEntry>>,
    /// `threading._register_atexit`'s functions, in order (called last
    /// first as `threading._shutdown` begins).
    pub threading_atexit: Vec<ExitFn>,
    /// `threading._shutdown` is over: the atexit functions run.
    pub exiting: bool,
    /// Signals sent to the process while every thread blocked them.
    pub kernel_pending: u8,
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
                blocked: 0,
                kernel_pending: 0,
            }],
            locks: Vec::new(),
            // Python installs default_int_handler for SIGINT at start-up.
            handlers: [Handler::DefaultInt, Handler::Default, Handler::Default, Handler::Default, Handler::Default],
            tripped: 0,
            check_due: false,
            presses: self.presses,
            alarm: None,
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
            exit_pending: None,
            kernel_pending: 0,
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
    if inner.variant.platform == Platform::Windows {
        deliver(inner, s, MAIN, Sig::SIGINT, Route::SigintEvent, true);
    } else {
        let x = landing(s, Sig::SIGINT, MAIN);
        land(inner, s, MAIN, Sig::SIGINT, x, true);
    }
}

fn record(s: &mut Shared, thread: Tid, event: Event) {
    if !s.tracing {
        return;
    }
    let at = s.clock.now();
    s.trace.push(Entry { thread, at, event });
}

/// Caveat 3 (`acquire-interruptible`): whether a signal arriving by `route`
/// ends the main thread's blocking call of this kind: the model's rule.
pub(crate) fn signal_wakes(variant: Variant, on: WaitOn, route: Route) -> bool {
    pythread_model::caveats::acquire_interruptible::wakes(pythread_model::caveats::Rules::cpython(variant), on.kind(), route)
}

/// The real-time alarm rings: SIGALRM to the process, which Linux gives
/// to the main thread (as the model's `alarm_rings`).
fn alarm_rings(inner: &Inner, s: &mut Shared) {
    s.alarm = None;
    if s.phase != Phase::Running {
        return;
    }
    let x = landing(s, Sig::SIGALRM, MAIN);
    land(inner, s, MAIN, Sig::SIGALRM, x, true);
}

/// The thread a process-directed POSIX signal lands on, as the model's
/// `landing_threads` chooses: `hint` (the main thread, or the thread a
/// generic POSIX kernel picked) unless it blocks the signal, then the first
/// thread that takes it; the main thread, which holds it, when none does.
fn landing(s: &Shared, sig: Sig, hint: Tid) -> Tid {
    let runs = |i: usize| s.threads[i].life == Life::Running;
    let takes = |i: usize| runs(i) && takes(&s.threads[i], sig);
    if takes(hint as usize) || !runs(MAIN as usize) {
        return hint;
    }
    (0..s.threads.len()).find(|&i| takes(i)).map_or(MAIN, |i| i as Tid)
}

/// Whether a thread takes `sig` when it comes: it does not block it, or it
/// waits for it in `sigwait`.
fn takes(th: &ThreadSlot, sig: Sig) -> bool {
    (th.blocked & !awaited(th)) & sig.bit() == 0
}

/// A POSIX signal reaches thread `x` (as the model's `land`): a `sigwait`
/// there takes it; if `x` blocks it, the kernel holds it, for the process
/// (`to_process`) or for `x` alone; otherwise its C handler runs on `x`.
fn land(inner: &Inner, s: &mut Shared, from: Tid, sig: Sig, x: Tid, to_process: bool) {
    let th = &s.threads[x as usize];
    match imo::arrival(sig, th.blocked, awaited(th), to_process) {
        imo::Arrival::HeldForThread => s.threads[x as usize].kernel_pending |= sig.bit(),
        imo::Arrival::HeldForProcess => s.kernel_pending |= sig.bit(),
        imo::Arrival::Delivered => {
            let route = if x == MAIN { Route::OnMainThread } else { Route::OnOtherThread };
            deliver(inner, s, from, sig, route, true);
        }
    }
}

/// The signals a thread waits for in `sigwait` (0 when it does not).
fn awaited(th: &ThreadSlot) -> u8 {
    match th.wait {
        Some(Wait { on: WaitOn::SigWait(set) | WaitOn::SigTimedWait(set), .. }) => set,
        _ => 0,
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

    #[inline]
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
        self.fire_due_events();
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
