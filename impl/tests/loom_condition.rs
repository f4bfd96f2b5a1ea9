//! loom: `Condition` — a notify is never lost, and a Ctrl-C in a wait
//! (caveat 3) leaves the lock as CPython's code does — under every
//! interleaving of the notifier or signaller and the main thread.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::{CondLock, ExcKind, ProcessEnd};
use pythread_model::scenario::Sig;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[test]
fn a_notify_under_the_lock_is_never_lost() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let cond = py.condition(None);
            let ready = Arc::new(AtomicBool::new(false));
            let (c, r) = (cond.clone(), ready.clone());
            let t = py.new_thread(
                move |py| {
                    c.with(py, |py| {
                        r.store(true, Ordering::SeqCst);
                        c.notify(py, 1)
                    })
                },
                None,
            );
            t.start(py)?;
            // No timeout: a lost notify would hang the run.
            let seen = cond.with(py, |py| cond.wait_for(py, |_| Ok(ready.load(Ordering::SeqCst)), None))?;
            assert!(seen);
            assert_eq!(cond.waiters(), 0, "the woken waiter left the list");
            t.join(py, None)
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

/// Main waits on `cond` in a `with`; a thread sends SIGINT. Returns how
/// the run left the condition: (lock held afterwards, waiters left).
fn ctrl_c_during_a_wait(plain: bool) -> (bool, usize) {
    let rt = runtime(linux());
    let left = Arc::new(std::sync::Mutex::new((false, 0)));
    let out = left.clone();
    let end = rt.run_main(move |py| {
        let lock = if plain { CondLock::Lock(py.allocate_lock()) } else { CondLock::RLock(py.rlock()) };
        let cond = py.condition(Some(lock));
        py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
        let e = cond.with(py, |py| cond.wait(py, None)).expect_err("nobody notifies: only the signal ends it");
        assert_eq!(e.kind, ExcKind::KeyboardInterrupt);
        let held = match lock {
            CondLock::Lock(l) => l.locked(py),
            CondLock::RLock(r) => r.is_owned(py),
        };
        *out.lock().unwrap() = (held, cond.waiters());
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
    let r = *left.lock().unwrap();
    r
}

#[test]
fn a_ctrl_c_in_a_wait_on_an_rlock_condition_leaves_it_free_and_empty() {
    explore(|| {
        assert_eq!(ctrl_c_during_a_wait(false), (false, 0));
    });
}

/// The runtime hands the GIL over only where a thread waits, so the signal
/// lands in the waiter's acquire: `wait`'s `finally` takes the lock back
/// and takes the waiter out, and the `with` lets the lock go. (CPython can
/// also switch at `_release_save`'s entry, which leaves a waiter behind:
/// the model has that run, CP29.)
#[test]
fn a_ctrl_c_in_a_wait_on_a_lock_condition_leaves_it_free_and_empty() {
    explore(|| {
        assert_eq!(ctrl_c_during_a_wait(true), (false, 0));
    });
}
