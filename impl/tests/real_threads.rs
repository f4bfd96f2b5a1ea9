//! The runtime on real OS threads and the real clock: signals against blocked acquires, two platforms side by side, and what the exit does to `finally`.
//!
//! Every test here must hold on a loaded machine, so none asserts a
//! duration: each asserts the order of events (the runtime's trace is a real
//! total order, recorded under the GIL), and every timeout is long enough
//! that reaching it would mean the behaviour under test is wrong.
#![cfg(not(pythread_loom))]

use pythread_impl::trace::{Entry, Event, Route, Tid, WaitOn};
use pythread_impl::{Clock, ExcKind, Handler, ProcessEnd, PyException, Runtime, MAIN};
use pythread_model::scenario::Sig;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// A runtime on the real clock that keeps uncaught exceptions off stderr.
fn real(v: Variant) -> Runtime {
    Runtime::builder(v).on_report(|_, _, _| {}).build()
}

fn windows_3_13() -> Variant {
    Variant { platform: Platform::Windows, version: Version::of(13), exit: ExitMode::Killed }
}

/// Index of the first entry matching `pred`, if any.
fn find(trace: &[Entry], pred: impl Fn(&Entry) -> bool) -> Option<usize> {
    trace.iter().position(pred)
}

/// Index of the first entry matching `pred`; panics with the trace if none.
fn expect(trace: &[Entry], what: &str, pred: impl Fn(&Entry) -> bool) -> usize {
    find(trace, pred).unwrap_or_else(|| panic!("no {what} in the trace:\n{trace:#?}"))
}

/// Whether `t`'s wait on lock `lock` is in the trace: `Blocked` is recorded
/// under the GIL together with registering the wait, and the GIL is only
/// let go once the thread sleeps, so a `Blocked` seen from outside means the
/// thread is really waiting.
fn is_blocked_on_lock(e: &Entry, t: Tid) -> bool {
    e.thread == t && matches!(e.event, Event::Blocked { on: WaitOn::Lock(_), .. })
}

/// Polls the trace from a non-Python thread until the main thread blocks on
/// a lock. The limit is far above any scheduling delay: reaching it means
/// the main thread never blocked.
fn wait_until_main_blocks(rt: &Runtime) {
    let give_up = Instant::now() + Duration::from_secs(60);
    while !rt.trace().iter().any(|e| is_blocked_on_lock(e, MAIN)) {
        assert!(Instant::now() < give_up, "the main thread never blocked on a lock");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A lock acquire by thread `t` that timed out.
fn timed_out(e: &Entry, t: Tid) -> bool {
    e.thread == t && e.event == Event::WaitEnded { ready: false }
}

#[test]
fn a_process_signal_interrupts_a_blocked_acquire_promptly() {
    let rt = real(Variant::DEFAULT);
    let end = rt.run_main(|py| {
        let lock = py.allocate_lock();
        assert!(lock.acquire(py, true, -1.0)?);
        // The sender needs the GIL, which the main thread lets go only once
        // it sleeps in its wait, so the signal always meets a blocked acquire.
        let sender = py.start_new_thread(|py| {
            py.sleep(0.05)?;
            py.kill(Sig::SIGINT)
        })?;
        // 60 s: had the signal not ended the wait, the test would hang for a
        // minute and then fail on the trace's WaitEnded { ready: false }.
        let err = lock.acquire(py, true, 60.0).expect_err("the signal ends the wait");
        assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
        // The lock is still held, by the first acquire only.
        assert!(lock.locked(py));
        assert_eq!(py.holdings()[MAIN as usize], 1 << lock.id());
        assert!(sender > MAIN);
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();

    let trace = rt.trace();
    let blocked = expect(&trace, "main blocked on the lock", |e| is_blocked_on_lock(e, MAIN));
    let tripped = expect(&trace, "a SIGINT that woke main", |e| {
        matches!(e.event, Event::Tripped { sig: Sig::SIGINT, route: Route::OnMainThread, woke_main: true })
    });
    let handled = expect(&trace, "the SIGINT handler in main", |e| e.thread == MAIN && e.event == Event::HandlerRan { sig: Sig::SIGINT });
    assert!(blocked < tripped && tripped < handled, "blocked, then signalled, then handled:\n{trace:#?}");
    assert!(find(&trace, |e| timed_out(e, MAIN)).is_none(), "the acquire timed out instead:\n{trace:#?}");
    let acquires = trace.iter().filter(|e| e.thread == MAIN && matches!(e.event, Event::Acquired { .. })).count();
    assert_eq!(acquires, 1, "the interrupted acquire must not take the lock:\n{trace:#?}");
}

#[test]
fn ctrl_c_from_a_non_python_thread_interrupts_a_blocked_acquire() {
    let rt = real(Variant::DEFAULT);
    // A plain std thread, not a runtime thread: it holds no GIL, presses
    // Ctrl-C through a `Runtime` handle once main is seen blocked.
    let presser = {
        let rt = rt.clone();
        std::thread::spawn(move || {
            wait_until_main_blocks(&rt);
            rt.ctrl_c();
        })
    };
    let end = rt.run_main(|py| {
        let lock = py.allocate_lock();
        assert!(lock.acquire(py, true, -1.0)?);
        let err = lock.acquire(py, true, 60.0).expect_err("Ctrl-C ends the wait");
        assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
        assert_eq!(py.holdings()[MAIN as usize], 1 << lock.id(), "held by the first acquire only");
        Ok(())
    });
    presser.join().expect("the presser thread");
    assert_eq!(end, ProcessEnd::Exited(0));

    let trace = rt.trace();
    let blocked = expect(&trace, "main blocked on the lock", |e| is_blocked_on_lock(e, MAIN));
    let pressed = expect(&trace, "the Ctrl-C press", |e| e.event == Event::CtrlC);
    let tripped = expect(&trace, "a SIGINT that woke main", |e| {
        matches!(e.event, Event::Tripped { sig: Sig::SIGINT, route: Route::OnMainThread, woke_main: true })
    });
    let handled = expect(&trace, "the SIGINT handler in main", |e| e.thread == MAIN && e.event == Event::HandlerRan { sig: Sig::SIGINT });
    assert!(blocked < pressed && pressed < tripped && tripped < handled, "{trace:#?}");
    assert!(find(&trace, |e| timed_out(e, MAIN)).is_none(), "the acquire timed out instead:\n{trace:#?}");
    let acquires = trace.iter().filter(|e| e.thread == MAIN && matches!(e.event, Event::Acquired { .. })).count();
    assert_eq!(acquires, 1, "the interrupted acquire must not take the lock:\n{trace:#?}");
}

#[test]
fn a_non_raising_handler_lets_a_blocked_acquire_resume_and_take_the_lock() {
    let rt = real(Variant::DEFAULT);
    let calls = Arc::new(AtomicUsize::new(0));
    let ran_in = Arc::new(Mutex::new(Vec::new()));
    let end = rt.run_main(|py| {
        let (c, r) = (calls.clone(), ran_in.clone());
        py.signal(
            Sig::SIGUSR1,
            Handler::Python(Arc::new(move |py, signum| {
                assert_eq!(signum, 10);
                c.fetch_add(1, Ordering::SeqCst);
                r.lock().unwrap().push(py.thread_id());
                Ok(())
            })),
        )?;
        let lock = py.allocate_lock();
        assert!(lock.acquire(py, true, -1.0)?);
        py.start_new_thread(move |py| {
            py.sleep(0.05)?;
            py.kill(Sig::SIGUSR1)?;
            py.sleep(0.05)?;
            lock.release(py)
        })?;
        // PEP 475: the handler returns normally, so the wait goes on (same
        // deadline, 60 s away) and ends when the other thread releases.
        assert_eq!(lock.acquire(py, true, 60.0), Ok(true));
        lock.release(py)
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(*ran_in.lock().unwrap(), vec![MAIN], "handlers run in the main thread only");

    let trace = rt.trace();
    let blocked = expect(&trace, "main blocked on the lock", |e| is_blocked_on_lock(e, MAIN));
    let tripped =
        expect(&trace, "a SIGUSR1 that woke main", |e| matches!(e.event, Event::Tripped { sig: Sig::SIGUSR1, woke_main: true, .. }));
    let handled = expect(&trace, "the SIGUSR1 handler in main", |e| e.thread == MAIN && e.event == Event::HandlerRan { sig: Sig::SIGUSR1 });
    // The second Acquired of main is the resumed acquire.
    let resumed = trace
        .iter()
        .enumerate()
        .filter(|(_, e)| e.thread == MAIN && matches!(e.event, Event::Acquired { .. }))
        .nth(1)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("the resumed acquire never took the lock:\n{trace:#?}"));
    assert!(blocked < tripped && tripped < handled && handled < resumed, "{trace:#?}");
    assert!(find(&trace, |e| timed_out(e, MAIN)).is_none(), "{trace:#?}");
}

#[test]
fn a_thread_directed_signal_does_not_wake_the_main_threads_acquire() {
    let rt = real(Variant::DEFAULT);
    let end = rt.run_main(|py| {
        let lock = py.allocate_lock();
        assert!(lock.acquire(py, true, -1.0)?);
        // The worker signals itself, without sleeping: it can only run once
        // main sleeps in its wait (GIL), so the signal lands during the wait.
        py.start_new_thread(|py| {
            let me = py.thread_id();
            py.pthread_kill(me, Sig::SIGINT)
        })?;
        // The wait is not interrupted: it runs to its timeout (1 s rather
        // than a shorter one, so a slow start of the worker still lands in it).
        assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
        // Only now, at the next eval-breaker check, does the handler run.
        let err = py.check_signals().expect_err("the pending SIGINT raises at the next check");
        assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();

    let trace = rt.trace();
    let blocked = expect(&trace, "main blocked on the lock", |e| is_blocked_on_lock(e, MAIN));
    let tripped = expect(&trace, "the thread-directed SIGINT", |e| {
        e.thread != MAIN && e.event == (Event::Tripped { sig: Sig::SIGINT, route: Route::OnOtherThread, woke_main: false })
    });
    let timeout = expect(&trace, "main's acquire timing out", |e| timed_out(e, MAIN));
    let handled = expect(&trace, "the SIGINT handler in main", |e| e.thread == MAIN && e.event == Event::HandlerRan { sig: Sig::SIGINT });
    assert!(blocked < tripped && tripped < timeout && timeout < handled, "{trace:#?}");
}

/// What one run of [`acquire_meets_ctrl_c`] saw.
#[derive(Debug)]
struct Seen {
    /// The timed acquire's result.
    acquire: Result<bool, PyException>,
    /// The next eval-breaker check's result.
    next_check: Result<(), PyException>,
}

/// The program both platforms run: the main thread blocks in
/// `acquire(timeout=timeout)` on a lock it holds itself, meets Ctrl-C, then
/// passes an eval-breaker check.
fn acquire_meets_ctrl_c(rt: &Runtime, timeout: f64) -> (Seen, Option<u64>) {
    let mut seen = None;
    let mut returned_at = None;
    let end = rt.run_main(|py| {
        let lock = py.allocate_lock();
        assert!(lock.acquire(py, true, -1.0)?);
        let acquire = lock.acquire(py, true, timeout);
        returned_at = Some(py.now());
        let next_check = py.check_signals();
        seen = Some(Seen { acquire, next_check });
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    (seen.expect("the program ran"), returned_at)
}

/// Runs `each` for linux and windows 3.13 on two std threads at once, each
/// with its own runtime, and returns (linux, windows).
fn side_by_side<T: Send + 'static>(each: impl Fn(Variant) -> T + Send + Sync + 'static) -> (T, T) {
    let each = Arc::new(each);
    // Both start their program together, so the two runtimes really overlap.
    let start = Arc::new(Barrier::new(2));
    let spawn = |v: Variant| {
        let (each, start) = (each.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            each(v)
        })
    };
    let linux = spawn(Variant::DEFAULT);
    let windows = spawn(windows_3_13());
    (linux.join().expect("linux runtime"), windows.join().expect("windows runtime"))
}

#[test]
fn linux_and_windows_runtimes_differ_side_by_side_on_a_ctrl_c_during_an_acquire() {
    // Virtual clocks: the press comes at 100 ms, while main waits with a
    // 1 s timeout; each runtime has its own clock, so they do not interfere.
    let (linux, windows) = side_by_side(|v| {
        let rt = Runtime::builder(v).clock(Clock::Virtual).ctrl_c_at(100).on_report(|_, _, _| {}).build();
        let seen = acquire_meets_ctrl_c(&rt, 1.0);
        (seen, rt.trace())
    });
    let ((linux, linux_at), linux_trace) = linux;
    let ((windows, windows_at), windows_trace) = windows;

    // Linux: the press (a SIGINT on the main thread) ends the wait at once.
    assert_eq!(linux.acquire.as_ref().map_err(|e| e.kind.clone()), Err(ExcKind::KeyboardInterrupt));
    assert_eq!(linux.next_check, Ok(()), "the handler already ran");
    assert_eq!(linux_at, Some(100), "virtual time: the press");
    assert!(linux_trace.iter().any(|e| matches!(e.event, Event::Tripped { route: Route::OnMainThread, woke_main: true, .. })));

    // Windows 3.13: the SIGINT event does not end a lock wait; the timeout's
    // False comes first, the KeyboardInterrupt at the next check.
    assert_eq!(windows.acquire, Ok(false));
    assert_eq!(windows.next_check.as_ref().map_err(|e| e.kind.clone()), Err(ExcKind::KeyboardInterrupt));
    assert_eq!(windows_at, Some(1000), "virtual time: the timeout");
    assert!(windows_trace.iter().any(|e| matches!(e.event, Event::Tripped { route: Route::SigintEvent, woke_main: false, .. })));
}

#[test]
fn linux_and_windows_runtimes_differ_side_by_side_on_real_ctrl_c_presses() {
    // Real clocks and real presses: a std thread per runtime presses Ctrl-C
    // as soon as it sees main blocked. The 3 s timeout only has to outlast
    // the presser's reaction; Windows waits it out, Linux does not.
    let (linux, windows) = side_by_side(|v| {
        let rt = real(v);
        let presser = {
            let rt = rt.clone();
            std::thread::spawn(move || {
                wait_until_main_blocks(&rt);
                rt.ctrl_c();
            })
        };
        let (seen, _) = acquire_meets_ctrl_c(&rt, 3.0);
        presser.join().expect("presser");
        (seen, rt.trace())
    });
    let (linux, linux_trace) = linux;
    let (windows, windows_trace) = windows;

    assert_eq!(linux.acquire.as_ref().map_err(|e| e.kind.clone()), Err(ExcKind::KeyboardInterrupt), "{linux_trace:#?}");
    assert_eq!(linux.next_check, Ok(()));
    assert!(find(&linux_trace, |e| timed_out(e, MAIN)).is_none(), "{linux_trace:#?}");

    assert_eq!(windows.acquire, Ok(false), "{windows_trace:#?}");
    assert_eq!(windows.next_check.as_ref().map_err(|e| e.kind.clone()), Err(ExcKind::KeyboardInterrupt));
    // Order: pressed during the wait, which then timed out, then handled.
    let pressed = expect(&windows_trace, "the press", |e| e.event == Event::CtrlC);
    let timeout = expect(&windows_trace, "the timeout", |e| timed_out(e, MAIN));
    let handled = expect(&windows_trace, "the handler", |e| e.event == Event::HandlerRan { sig: Sig::SIGINT });
    assert!(pressed < timeout && timeout < handled, "{windows_trace:#?}");
}

/// What happened to a thread that was inside a `try` when main exited.
struct FinallyProbe {
    entered: Arc<AtomicBool>,
    finally_ran: Arc<AtomicBool>,
    body_result: Arc<Mutex<Option<Result<(), PyException>>>>,
}

impl FinallyProbe {
    fn new() -> FinallyProbe {
        FinallyProbe {
            entered: Arc::new(AtomicBool::new(false)),
            finally_ran: Arc::new(AtomicBool::new(false)),
            body_result: Arc::new(Mutex::new(None)),
        }
    }
}

#[test]
fn a_thread_stopped_at_exit_never_runs_its_finally_on_the_real_clock() {
    let rt = real(Variant::DEFAULT);
    let probe = FinallyProbe::new();
    let (entered, finally_ran, body_result) = (probe.entered.clone(), probe.finally_ran.clone(), probe.body_result.clone());
    let mut worker = None;
    let end = rt.run_main(|py| {
        // `started` tells main the worker is inside its try, by ordering
        // rather than by sleeping long enough.
        let started = py.allocate_lock();
        assert!(started.acquire(py, true, -1.0)?);
        worker = Some(py.start_new_thread(move |py| {
            let r = py.try_finally(
                |py| {
                    entered.store(true, Ordering::SeqCst);
                    started.release(py)?;
                    // Far longer than the test: only the exit ends it.
                    py.sleep(60.0)
                },
                move |_| {
                    finally_ran.store(true, Ordering::SeqCst);
                    Ok(())
                },
            );
            *body_result.lock().unwrap() = Some(r.clone());
            r
        })?);
        assert!(started.acquire(py, true, 30.0)?, "the worker reached its try");
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();

    assert!(probe.entered.load(Ordering::SeqCst));
    assert!(!probe.finally_ran.load(Ordering::SeqCst), "a thread stopped at exit ran its finally");
    let r = probe.body_result.lock().unwrap().clone().expect("the try returned");
    assert!(r.is_err_and(|e| e.is_killed()), "the body ends with the kill marker");
    let worker = worker.expect("the worker was started");
    let trace = rt.trace();
    let exited = expect(&trace, "the exit", |e| e.event == Event::Exited { status: 0 });
    let killed = expect(&trace, "the worker's kill", |e| e.thread == worker && e.event == Event::Killed);
    assert!(exited < killed, "{trace:#?}");
    assert!(
        find(&trace, |e| e.thread == worker && matches!(e.event, Event::ThreadEnded { .. })).is_none(),
        "a stopped thread does not end normally:\n{trace:#?}"
    );
}

#[test]
fn in_the_survive_mode_a_thread_runs_its_finally_after_the_exit() {
    let rt = real(Variant { platform: Platform::Linux, version: Version::V3_13, exit: ExitMode::Survive });
    let probe = FinallyProbe::new();
    let (entered, finally_ran, body_result) = (probe.entered.clone(), probe.finally_ran.clone(), probe.body_result.clone());
    // Set by the test once `run_main` has returned, so the worker's finally
    // provably runs after the exit and not before it by chance.
    let process_exited = Arc::new(AtomicBool::new(false));
    let exited_seen = process_exited.clone();
    let mut worker = None;
    let end = rt.run_main(|py| {
        let started = py.allocate_lock();
        assert!(started.acquire(py, true, -1.0)?);
        worker = Some(py.start_new_thread(move |py| {
            let r = py.try_finally(
                |py| {
                    entered.store(true, Ordering::SeqCst);
                    started.release(py)?;
                    // Short real sleeps until the exit is over (bounded, so a
                    // bug cannot hang the suite).
                    let give_up = Instant::now() + Duration::from_secs(60);
                    while !exited_seen.load(Ordering::SeqCst) && Instant::now() < give_up {
                        py.sleep(0.01)?;
                    }
                    Ok(())
                },
                move |_| {
                    finally_ran.store(true, Ordering::SeqCst);
                    Ok(())
                },
            );
            *body_result.lock().unwrap() = Some(r.clone());
            r
        })?);
        assert!(started.acquire(py, true, 30.0)?, "the worker reached its try");
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    assert_eq!(rt.end(), Some(ProcessEnd::Exited(0)));
    process_exited.store(true, Ordering::SeqCst);
    rt.wait_for_threads();

    assert!(probe.entered.load(Ordering::SeqCst));
    assert!(probe.finally_ran.load(Ordering::SeqCst), "in survive the thread runs on, finally included");
    assert_eq!(*probe.body_result.lock().unwrap(), Some(Ok(())));
    let worker = worker.expect("the worker was started");
    let trace = rt.trace();
    let exited = expect(&trace, "the exit", |e| e.event == Event::Exited { status: 0 });
    let ended = expect(&trace, "the worker's normal end", |e| e.thread == worker && e.event == Event::ThreadEnded { uncaught: None });
    assert!(exited < ended, "{trace:#?}");
    assert!(find(&trace, |e| e.thread == worker && e.event == Event::Killed).is_none(), "{trace:#?}");
}

#[test]
fn a_runtime_out_of_thread_indices_refuses_new_threads_instead_of_reusing_one() {
    let rt = Runtime::builder(Variant::DEFAULT).trace(false).build();
    let end = rt.run_main(|py| {
        // Indices are never reused: main plus 254 threads use them all.
        for _ in 0..254 {
            py.start_new_thread(|_| Ok(()))?;
        }
        let err = py.start_new_thread(|_| Ok(())).expect_err("no index is left");
        assert_eq!(err.to_string(), "RuntimeError: can't start new thread");
        let t = py.new_thread(|_| Ok(()), None);
        assert_eq!(t.start(py).unwrap_err().to_string(), "RuntimeError: can't start new thread");
        assert!(!t.is_alive(py));
        assert!(t.join(py, None).is_err());
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
}
