//! loom: caveats 2 and 4 — SystemExit in a thread, and what the main
//! thread's exit does to the others.
#![cfg(pythread_loom)]

mod loom_common;
use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use loom::sync::Arc;
use loom_common::*;
use pythread_impl::{ExcKind, ProcessEnd};
use pythread_model::variant::{ExitMode, Platform};

/// A daemon thread sleeps inside a `try` while the main thread exits:
/// returns (whether it entered its try, whether its `finally` ran).
fn finally_at_exit(exit: ExitMode) -> (bool, bool) {
    let rt = runtime(variant(Platform::Linux, 13, exit));
    let finally_ran = Arc::new(AtomicBool::new(false));
    let entered = Arc::new(AtomicBool::new(false));
    let (f, e) = (finally_ran.clone(), entered.clone());
    let end = rt.run_main(move |py| {
        py.start_new_thread(move |py| {
            py.try_finally(
                |py| {
                    e.store(true, Ordering::SeqCst);
                    py.sleep(10.0)
                },
                move |_| {
                    f.store(true, Ordering::SeqCst);
                    Ok(())
                },
            )
        })?;
        // The thread is inside its try (asleep) when the main thread exits.
        py.sleep(1.0)
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
    (entered.load(Ordering::SeqCst), finally_ran.load(Ordering::SeqCst))
}

#[test]
fn a_thread_stopped_at_exit_never_runs_its_finally() {
    explore(|| assert_eq!(finally_at_exit(ExitMode::Killed), (true, false)));
}

#[test]
fn in_survive_a_thread_runs_its_finally_after_the_exit() {
    explore(|| assert_eq!(finally_at_exit(ExitMode::Survive), (true, true)));
}

#[test]
fn sys_exit_in_a_thread_ends_only_that_thread() {
    explore(|| {
        let rt = runtime(linux());
        let after = Arc::new(AtomicUsize::new(0));
        let a = after.clone();
        let end = rt.run_main(move |py| {
            let t = py.new_thread(|py| Err(py.exit(Some(3))), None);
            t.start(py)?;
            t.join(py, None)?;
            a.fetch_add(1, Ordering::SeqCst);
            Ok(())
        });
        // The main thread went on, and the exit code 3 was ignored.
        assert_eq!(end, ProcessEnd::Exited(0));
        assert_eq!(after.load(Ordering::SeqCst), 1);
        rt.wait_for_threads();
    });
}

#[test]
fn the_shutdown_waits_for_non_daemon_threads_only() {
    explore(|| {
        let rt = runtime(linux());
        let done = Arc::new(AtomicUsize::new(0));
        let (d1, d2) = (done.clone(), done.clone());
        let end = rt.run_main(move |py| {
            let worker = py.new_thread(
                move |py| {
                    py.sleep(1.0)?;
                    d1.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
                Some(false),
            );
            let daemon = py.new_thread(
                move |py| {
                    py.sleep(2.0)?;
                    d2.fetch_add(10, Ordering::SeqCst);
                    Ok(())
                },
                Some(true),
            );
            worker.start(py)?;
            daemon.start(py)?;
            Err(py.exit(Some(4)))
        });
        assert_eq!(end, ProcessEnd::Exited(4));
        rt.wait_for_threads();
        // The worker finished; the daemon was stopped in its sleep.
        assert_eq!(done.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn os_exit_stops_every_thread_at_once() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            py.start_new_thread(|py| Err(py.os_exit(7)))?;
            let e = py.sleep(5.0).unwrap_err();
            assert_eq!(e.kind, ExcKind::Killed);
            Err(e)
        });
        assert_eq!(end, ProcessEnd::Exited(7));
        rt.wait_for_threads();
    });
}
