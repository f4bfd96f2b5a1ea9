//! loom: `Queue` and `LifoQueue` — items arrive in order and none is lost,
//! a full queue blocks its producer, `join` waits for every `task_done`,
//! and caveat 3 through `q.get()` — under every interleaving.
#![cfg(pythread_loom)]

mod loom_common;
use loom_common::*;
use pythread_impl::{ExcKind, ProcessEnd, QueueKind};
use pythread_model::scenario::Sig;

#[test]
fn a_bounded_queue_hands_every_item_over_in_order() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let q = py.queue::<u32>(QueueKind::Fifo, 1);
            let p = q.clone();
            let producer = py.new_thread(
                move |py| {
                    // The second put waits until the first item is taken.
                    p.put(py, 1, true, None)?;
                    p.put(py, 2, true, None)
                },
                None,
            );
            producer.start(py)?;
            assert_eq!(q.get(py, true, None)?, 1);
            assert_eq!(q.get(py, true, None)?, 2);
            producer.join(py, None)?;
            assert!(q.empty(py)?);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn join_returns_only_after_every_task_is_done() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let q = py.queue::<u32>(QueueKind::Lifo, 0);
            q.put(py, 1, true, None)?;
            q.put(py, 2, true, None)?;
            let w = q.clone();
            let worker = py.new_thread(
                move |py| {
                    assert_eq!(w.get(py, true, None)?, 2, "LIFO: the last put first");
                    w.task_done(py)?;
                    assert_eq!(w.get(py, true, None)?, 1);
                    w.task_done(py)
                },
                None,
            );
            worker.start(py)?;
            q.join(py)?;
            assert_eq!(q.unfinished_tasks(), 0);
            assert_eq!(q.task_done(py).unwrap_err().to_string(), "ValueError: task_done() called too many times");
            worker.join(py, None)
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}

#[test]
fn ctrl_c_ends_a_blocked_get_on_linux_and_the_queue_still_works() {
    explore(|| {
        let rt = runtime(linux());
        let end = rt.run_main(|py| {
            let q = py.queue::<u32>(QueueKind::Fifo, 0);
            py.start_new_thread(|py| py.kill(Sig::SIGINT))?;
            let e = q.get(py, true, None).expect_err("nothing is put: only the signal ends it");
            assert_eq!(e.kind, ExcKind::KeyboardInterrupt);
            q.put_nowait(py, 7)?;
            assert_eq!(q.get_nowait(py)?, 7);
            Ok(())
        });
        assert_eq!(end, ProcessEnd::Exited(0));
        rt.wait_for_threads();
    });
}
