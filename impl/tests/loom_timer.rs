//! loom: `Timer` — a cancel before the interval stops the function, and a
//! timer left running at exit is joined (non-daemon) — under every
//! interleaving.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::ProcessEnd;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[test]
fn a_timer_cancelled_in_time_never_calls_its_function() {
    explore(|| {
        let rt = runtime(linux());
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let end = rt.run_main(move |py| {
            let t = py.timer(1.0, move |_| {
                c.fetch_add(1, Ordering::SeqCst);
                Ok(())
            });
            t.start(py)?;
            py.sleep(0.5)?;
            t.cancel(py)?;
            t.join(py, None)?;
            assert!(!t.thread().is_alive(py));
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
        assert_eq!(calls.load(Ordering::SeqCst), 0);
    });
}

#[test]
fn a_timer_left_running_fires_before_the_process_exits() {
    explore(|| {
        let rt = runtime(linux());
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let end = rt.run_main(move |py| {
            let t = py.timer(0.25, move |_| {
                c.fetch_add(1, Ordering::SeqCst);
                Ok(())
            });
            t.start(py)?;
            // Main ends here: threading's shutdown joins the timer's thread.
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    });
}
