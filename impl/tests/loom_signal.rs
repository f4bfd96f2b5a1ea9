//! loom: caveats 1 and 3 — who handles a signal, and whether it ends a
//! blocked acquire — under every interleaving of the sender and the main
//! thread.
#![cfg(pythread_loom)]

mod loom_common;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::Arc;
use loom_common::*;
use pythread_impl::{ExcKind, Handler, ProcessEnd, Py, PyException};
use pythread_model::scenario::Sig;
use pythread_model::variant::{ExitMode, Platform, Variant};

#[test]
fn a_raising_handler_ends_a_blocked_acquire_without_the_lock_on_linux() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let lock = py.allocate_lock();
            lock.acquire(py, true, -1.0)?;
            py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
            // The statement's eval-breaker check, then the acquire.
            let got = py.check_signals().and_then(|()| lock.acquire(py, true, 1.0));
            let e = got.expect_err("KeyboardInterrupt, before or during the wait, never a result");
            assert_eq!(e.kind, ExcKind::KeyboardInterrupt);
            // Only the first acquire holds it.
            assert_eq!(py.holdings()[0], 1);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

/// Main holds its lock; a thread signals with `send`; main waits 1 s for the
/// lock again. The wait is not interrupted: it times out, and the
/// KeyboardInterrupt comes at the next check (or at the check before the
/// wait, when the signal came first).
fn the_wait_times_out_then_the_handler_runs(v: Variant, send: fn(&mut Py<'_>) -> Result<(), PyException>) {
    let rt = runtime(v);
    let end = rt.run_main(|py| {
        let lock = py.allocate_lock();
        lock.acquire(py, true, -1.0)?;
        py.start_new_thread(send)?;
        match py.check_signals() {
            Err(e) => assert_eq!(e.kind, ExcKind::KeyboardInterrupt),
            Ok(()) => {
                assert_eq!(lock.acquire(py, true, 1.0), Ok(false));
                assert_eq!(py.now(), 1000);
                assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
            }
        }
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
}

#[test]
fn windows_before_3_14_gives_the_acquire_its_result_before_the_handler_runs() {
    explore(|| the_wait_times_out_then_the_handler_runs(variant(Platform::Windows, 13, ExitMode::Killed), |py| py.raise_signal(Sig::SIGINT)));
}

#[test]
fn windows_before_3_14_takes_the_lock_then_raises() {
    explore(|| {
        let rt = runtime(variant(Platform::Windows, 13, ExitMode::Killed));
        let end = rt.run_main(|py| {
            let lock = py.allocate_lock();
            lock.acquire(py, true, -1.0)?;
            py.start_new_thread(move |py| {
                py.raise_signal(Sig::SIGINT)?;
                lock.release(py)
            })?;
            if py.check_signals().is_ok() {
                assert_eq!(lock.acquire(py, true, -1.0), Ok(true));
                assert_eq!(py.check_signals().unwrap_err().kind, ExcKind::KeyboardInterrupt);
                assert!(lock.locked(py), "the KeyboardInterrupt leaves the lock held");
            }
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn a_non_raising_handler_lets_the_acquire_resume() {
    explore(|| {
        let rt = runtime(linux());
        let calls = Arc::new(AtomicUsize::new(0));
        let end = rt.run_main(|py| {
            let c = calls.clone();
            py.signal(Sig::SIGUSR1, Handler::Python(std::sync::Arc::new(move |_, signum| {
                assert_eq!(signum, 10);
                c.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })))?;
            let lock = py.allocate_lock();
            lock.acquire(py, true, -1.0)?;
            py.start_new_thread(move |py| {
                py.kill(Sig::SIGUSR1)?;
                lock.release(py)
            })?;
            py.check_signals()?;
            // Interrupted or not, the acquire ends with the lock.
            assert_eq!(lock.acquire(py, true, -1.0), Ok(true));
            py.check_signals()?;
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        rt.wait_for_threads();
    });
}

#[test]
fn interrupt_main_never_wakes_a_blocked_acquire() {
    // Only the flag is set: no OS signal ends the wait.
    explore(|| the_wait_times_out_then_the_handler_runs(linux(), |py| py.interrupt_main(None)));
}

#[test]
fn keyboard_interrupt_is_raised_only_in_the_main_thread() {
    explore(|| {
        let rt = runtime(linux());
        let in_threads = Arc::new(AtomicUsize::new(0));
        let end = rt.run_main(|py| {
            let n = in_threads.clone();
            py.start_new_thread(move |py| {
                py.kill(Sig::SIGINT)?;
                for _ in 0..2 {
                    if let Err(e) = py.check_signals() {
                        n.fetch_add(1, Ordering::SeqCst);
                        return Err(e);
                    }
                    py.yield_gil()?;
                }
                Ok(())
            })?;
            // Main runs statements until the KeyboardInterrupt reaches it.
            loop {
                match py.check_signals() {
                    Err(e) if e.kind == ExcKind::KeyboardInterrupt => return Ok(()),
                    Err(e) => return Err(e),
                    Ok(()) => py.yield_gil()?,
                }
            }
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
        assert_eq!(in_threads.load(Ordering::SeqCst), 0);
    });
}

#[test]
fn signal_can_only_be_set_in_the_main_thread() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let t = py.new_thread(
                |py| {
                    let e = py.signal(Sig::SIGINT, Handler::Ignore).unwrap_err();
                    assert_eq!(e, PyException::with_message(ExcKind::ValueError, "signal only works in main thread of the main interpreter"));
                    Ok(())
                },
                None,
            );
            t.start(py)?;
            t.join(py, None)
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}
