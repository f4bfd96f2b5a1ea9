//! loom: `Semaphore` and `BoundedSemaphore` — the count bounds who is
//! inside, a release wakes a blocked acquirer, and caveat 3 through
//! `sem.acquire()` — under every interleaving.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::{ExcKind, ProcessEnd};
use pythread_model::scenario::Sig;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[test]
fn a_bounded_semaphore_of_one_admits_one_thread_at_a_time() {
    explore(|| {
        let rt = runtime(linux());
        let inside = Arc::new(AtomicUsize::new(0));
        let end = rt.run_main(|py| {
            let sem = py.bounded_semaphore(1)?;
            let mut threads = Vec::new();
            for _ in 0..2 {
                let (sem, inside) = (sem.clone(), inside.clone());
                let t = py.new_thread(
                    move |py| {
                        assert!(sem.acquire(py, true, None)?);
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "one inside at a time");
                        py.yield_gil()?;
                        inside.fetch_sub(1, Ordering::SeqCst);
                        sem.release(py, 1)
                    },
                    None,
                );
                t.start(py)?;
                threads.push(t);
            }
            for t in &threads {
                t.join(py, None)?;
            }
            assert_eq!(sem.value(), 1);
            assert_eq!(sem.release(py, 1).unwrap_err().to_string(), "ValueError: Semaphore released too many times");
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn a_release_wakes_the_blocked_acquirer() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let sem = py.semaphore(0)?;
            let s = sem.clone();
            py.start_new_thread(move |py| s.release(py, 1))?;
            // No timeout: a lost wake-up would hang the run.
            assert!(sem.acquire(py, true, None)?);
            assert_eq!(sem.value(), 0);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn ctrl_c_ends_a_blocked_semaphore_acquire_on_linux_and_leaves_the_count() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let sem = py.semaphore(0)?;
            py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
            let e = sem.acquire(py, true, None).expect_err("nobody releases it: only the signal ends it");
            assert_eq!(e.kind, ExcKind::KeyboardInterrupt);
            assert_eq!(sem.value(), 0);
            // The condition's lock is free again: a release goes through.
            sem.release(py, 1)?;
            assert!(sem.acquire(py, false, None)?);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}
