//! loom: `Lock` and `RLock` under every interleaving of up to 3 threads.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::Arc;
use pythread_impl::ProcessEnd;

#[test]
fn lock_enforces_mutual_exclusion() {
    explore(|| {
        let rt = runtime(linux());
        let inside = Arc::new(AtomicUsize::new(0));
        let end = rt.run_main(|py| {
            let lock = py.allocate_lock();
            let mut threads = Vec::new();
            for _ in 0..2 {
                let inside = inside.clone();
                let t = py.new_thread(
                    move |py| {
                        assert!(lock.acquire(py, true, -1.0)?);
                        // Between two GIL hand-offs nobody else is inside.
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0);
                        py.yield_gil()?;
                        assert_eq!(inside.fetch_sub(1, Ordering::SeqCst), 1);
                        lock.release(py)
                    },
                    None,
                );
                t.start(py)?;
                threads.push(t);
            }
            for t in &threads {
                t.join(py, None)?;
            }
            assert!(!lock.locked(py));
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn release_never_loses_a_waiters_wake_up() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let lock = py.allocate_lock();
            lock.acquire(py, true, -1.0)?;
            py.start_new_thread(move |py| lock.release(py))?;
            // Blocks until the thread releases: a lost wake-up would hang.
            assert!(lock.acquire(py, true, -1.0)?);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn rlock_is_reentrant_and_released_only_by_its_owner() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let r = py.rlock();
            r.acquire(py, true, -1.0)?;
            r.acquire(py, true, -1.0)?;
            let t = py.new_thread(
                move |py| {
                    let e = r.release(py).unwrap_err();
                    assert_eq!(e.to_string(), "RuntimeError: cannot release un-acquired lock");
                    // Blocks until main has released both levels.
                    assert!(r.acquire(py, true, -1.0)?);
                    r.release(py)
                },
                None,
            );
            t.start(py)?;
            r.release(py)?;
            py.yield_gil()?;
            r.release(py)?;
            t.join(py, None)
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}
