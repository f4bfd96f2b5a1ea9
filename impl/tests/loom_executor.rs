//! loom: `ThreadPoolExecutor` — every result reaches its future, a task's
//! exception is raised again by `result()`, and work left at exit is done
//! before the process ends (3.9+: `threading._register_atexit`) — under
//! every interleaving of the workers and the main thread.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::{ExcKind, ProcessEnd, PyException};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[test]
fn every_result_reaches_its_future() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let pool = py.thread_pool_executor::<u32>(1)?;
            let a = pool.submit(py, |_| Ok(1))?;
            let b = pool.submit(py, |_| Err(PyException::with_message(ExcKind::ValueError, "bad")))?;
            assert_eq!(a.result(py, None)?, 1);
            assert_eq!(b.result(py, None).unwrap_err().to_string(), "ValueError: bad");
            pool.shutdown(py, true, None)?;
            assert_eq!(pool.submit(py, |_| Ok(3)).unwrap_err().to_string(), "RuntimeError: cannot schedule new futures after shutdown");
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

/// 3.8's daemon workers are joined by `_python_exit` through
/// `atexit.register`; 3.9+'s by `threading._register_atexit`.
#[test]
fn work_left_at_exit_is_done_before_the_process_ends_on_3_8() {
    explore(|| work_left_at_exit(8));
}

#[test]
fn work_left_at_exit_is_done_before_the_process_ends_on_3_12() {
    explore(|| work_left_at_exit(12));
}

fn work_left_at_exit(minor: u8) {
    {
        let rt = runtime(variant(pythread_model::variant::Platform::Linux, minor, pythread_model::variant::ExitMode::Killed));
        let done = Arc::new(AtomicUsize::new(0));
        let d = done.clone();
        let end = rt.run_main(move |py| {
            let pool = py.thread_pool_executor::<()>(1)?;
            pool.submit(py, move |_| {
                d.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })?;
            // No shutdown: the exit joins the worker.
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
        assert_eq!(done.load(Ordering::SeqCst), 1, "3.{minor}");
    }
}
