//! loom: `Event` — `set` wakes every waiter, and caveat 3 through
//! `event.wait()`: Ctrl-C ends it on Linux and Windows 3.14, not on Windows
//! before 3.14 — under every interleaving.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::{ExcKind, ProcessEnd};
use pythread_model::scenario::Sig;
use pythread_model::variant::{ExitMode, Platform, Variant};

#[test]
fn set_wakes_every_waiter() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let ev = py.event();
            let mut waiters = Vec::new();
            for _ in 0..2 {
                let e = ev.clone();
                let t = py.new_thread(
                    move |py| {
                        assert!(e.wait(py, None)?, "woken by set, never by a timeout");
                        Ok(())
                    },
                    None,
                );
                t.start(py)?;
                waiters.push(t);
            }
            ev.set(py)?;
            for t in &waiters {
                t.join(py, None)?;
            }
            assert!(ev.is_set(py)?);
            assert_eq!(ev.condition().waiters(), 0);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

/// Main waits 1 s on an event nobody sets; a thread sends SIGINT. Returns
/// whether the KeyboardInterrupt came before the timeout.
fn interrupted_before_the_timeout(v: Variant) -> bool {
    let rt = runtime(v);
    let early = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let out = early.clone();
    let end = rt.run_main(move |py| {
        let ev = py.event();
        // A process-directed SIGINT on POSIX; Windows has no such kill
        // (os.kill ends the process): `raise_signal`, as a Ctrl-C is.
        if v.platform == Platform::Windows {
            py.start_new_thread(|py| py.raise_signal(Sig::SIGINT))?;
        } else {
            py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
        }
        let err = match ev.wait(py, Some(1.0)) {
            Err(e) => e,
            Ok(got) => {
                assert!(!got);
                py.check_signals().expect_err("the handler runs at the next check")
            }
        };
        assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
        out.store(py.now() < 1000, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    });
    assert_eq!(end, ProcessEnd::Exited(0));
    rt.wait_for_threads();
    early.load(std::sync::atomic::Ordering::SeqCst)
}

#[test]
fn ctrl_c_ends_event_wait_on_linux_and_on_windows_3_14() {
    explore(|| {
        assert!(interrupted_before_the_timeout(linux()));
        assert!(interrupted_before_the_timeout(variant(Platform::Windows, 14, ExitMode::Killed)));
    });
}

/// Before 3.14 the wait runs to its timeout, unless the signal came
/// before the wait began (then a check point before it raises).
#[test]
fn ctrl_c_waits_for_the_timeout_of_event_wait_on_windows_before_3_14() {
    static LATE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    explore(|| {
        if !interrupted_before_the_timeout(variant(Platform::Windows, 13, ExitMode::Killed)) {
            LATE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    assert!(LATE.load(std::sync::atomic::Ordering::SeqCst) > 0, "some interleaving waits the full second");
}
