//! Stress on real threads: 8 workers take and release a few locks over and
//! over while another thread sends signals to the process, to the workers
//! and to the main thread, and the main thread waits on a lock in between.
//!
//! Checked: no deadlock (a watchdog ends the test process if the run does
//! not finish), no lost wake-up (every worker and the main thread's final
//! acquire finish), mutual exclusion on every lock, Python handlers only in
//! the main thread, and every exception a handler raised delivered exactly
//! once in the main thread.
//!
//! `stress_short` runs in `cargo test`; the full size (8 × 100,000
//! acquire/release, 10,000 signals) is `stress_long`, ignored by default:
//! `cargo test --release -p pythread-impl --test stress -- --ignored`.

#![cfg(not(pythread_loom))]

use pythread_impl::{ExcKind, Handler, ProcessEnd, PyException, Runtime, MAIN};
use pythread_model::scenario::Sig;
use pythread_model::variant::Variant;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

const LOCKS: usize = 3;
const FREE: u64 = u64::MAX;

struct Counts {
    /// Per lock: the worker inside it, or FREE (mutual exclusion check).
    inside: Vec<AtomicU64>,
    /// Handler calls that raised, and exceptions main caught from them.
    raised: AtomicUsize,
    caught: AtomicUsize,
    /// Calls of the handler that does not raise.
    quiet: AtomicUsize,
    /// Handler calls outside the main thread (must stay 0).
    wrong_thread: AtomicUsize,
    /// Acquire/release pairs done.
    pairs: AtomicUsize,
}

fn stress(workers: usize, iterations: usize, signals: usize, watchdog: Duration) {
    // The watchdog: a deadlock would leave run_main blocked for ever.
    let (done, finished) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if finished.recv_timeout(watchdog).is_err() {
            eprintln!("stress: no progress for {watchdog:?}: deadlock or lost wake-up");
            std::process::exit(101);
        }
    });

    let counts = Arc::new(Counts {
        inside: (0..LOCKS).map(|_| AtomicU64::new(FREE)).collect(),
        raised: AtomicUsize::new(0),
        caught: AtomicUsize::new(0),
        quiet: AtomicUsize::new(0),
        wrong_thread: AtomicUsize::new(0),
        pairs: AtomicUsize::new(0),
    });
    let rt = Runtime::builder(Variant::DEFAULT).trace(false).build();
    let c = counts.clone();
    let end = rt.run_main(move |py| {
        let (r, q) = (c.clone(), c.clone());
        // SIGUSR1's handler raises; SIGUSR2's returns normally.
        py.signal(
            Sig::SIGUSR1,
            Handler::Python(Arc::new(move |py, _| {
                if py.thread_id() != MAIN {
                    r.wrong_thread.fetch_add(1, Ordering::SeqCst);
                }
                r.raised.fetch_add(1, Ordering::SeqCst);
                Err(PyException::with_message(ExcKind::ValueError, "from the handler"))
            })),
        )?;
        py.signal(
            Sig::SIGUSR2,
            Handler::Python(Arc::new(move |py, _| {
                if py.thread_id() != MAIN {
                    q.wrong_thread.fetch_add(1, Ordering::SeqCst);
                }
                q.quiet.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })),
        )?;
        let locks: Vec<_> = (0..LOCKS).map(|_| py.allocate_lock()).collect();
        // Held by the signaller until it is done: main waits on it.
        let gate = py.allocate_lock();
        gate.acquire(py, true, -1.0)?;
        let mut tids = Vec::new();
        let mut threads = Vec::new();
        for w in 0..workers {
            let (locks, c) = (locks.clone(), c.clone());
            let t = py.new_thread(
                move |py| {
                    for i in 0..iterations {
                        let k = (w + i) % LOCKS;
                        assert!(locks[k].acquire(py, true, -1.0)?);
                        let me = py.thread_id() as u64;
                        assert_eq!(c.inside[k].swap(me, Ordering::SeqCst), FREE, "two threads inside lock {k}");
                        if i % 7 == 0 {
                            py.yield_gil()?; // let others run (and block) while this one holds it
                        }
                        assert_eq!(c.inside[k].swap(FREE, Ordering::SeqCst), me);
                        locks[k].release(py)?;
                        c.pairs.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(())
                },
                Some(false),
            );
            t.start(py)?;
            tids.push(t.id());
            threads.push(t);
        }
        let g = gate.clone();
        py.start_new_thread(move |py| {
            // At the end it opens the gate main took (any thread may
            // release a plain Lock).
            for i in 0..signals {
                match i % 4 {
                    0 => py.kill(Sig::SIGUSR2)?,
                    1 => py.pthread_kill(tids[i % tids.len()], Sig::SIGUSR2)?,
                    2 => py.pthread_kill(MAIN, Sig::SIGUSR1)?,
                    _ => py.kill(Sig::SIGUSR1)?,
                }
                py.yield_gil()?;
            }
            g.release(py)
        })?;
        // Main: wait for the gate, catching every exception a handler raises
        // (from the interrupted acquire or at a statement boundary).
        loop {
            match gate.acquire(py, true, 0.05) {
                Ok(true) => break,
                Ok(false) => {}
                Err(e) if e.kind == ExcKind::ValueError => {
                    c.caught.fetch_add(1, Ordering::SeqCst);
                }
                Err(e) => return Err(e),
            }
            if let Err(e) = py.check_signals() {
                assert_eq!(e.kind, ExcKind::ValueError);
                c.caught.fetch_add(1, Ordering::SeqCst);
            }
        }
        gate.release(py)?;
        for t in &threads {
            t.join(py, None)?;
        }
        // Signals still pending run their handlers now.
        while let Err(e) = py.check_signals() {
            assert_eq!(e.kind, ExcKind::ValueError);
            c.caught.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    });
    rt.wait_for_threads();
    let _ = done.send(());
    assert_eq!(end, ProcessEnd::Exited(0));
    assert_eq!(counts.pairs.load(Ordering::SeqCst), workers * iterations, "every acquire/release pair ran");
    assert_eq!(counts.wrong_thread.load(Ordering::SeqCst), 0, "handlers run in the main thread only");
    let (raised, caught) = (counts.raised.load(Ordering::SeqCst), counts.caught.load(Ordering::SeqCst));
    assert!(raised > 0, "some SIGUSR1 handler ran");
    assert_eq!(raised, caught, "each exception a handler raised reached main exactly once");
    assert!(counts.inside.iter().all(|x| x.load(Ordering::SeqCst) == FREE));
    eprintln!(
        "stress: {} pairs, {signals} signals sent, {raised} raising and {} quiet handler calls",
        workers * iterations,
        counts.quiet.load(Ordering::SeqCst)
    );
}

#[test]
fn stress_short() {
    stress(8, 2_000, 1_000, Duration::from_secs(300));
}

#[test]
#[ignore = "long: 8 × 100,000 acquire/release and 10,000 signals (README, Reliability)"]
fn stress_long() {
    stress(8, 100_000, 10_000, Duration::from_secs(1800));
}
