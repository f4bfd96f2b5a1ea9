//! `cargo bench -p pythread-impl --bench handoff`: a contended hand-off,
//! two threads alternating, each waiting for the other's release: the
//! reference runtime's `Lock` (two Python threads, locks `a` and `b`: one
//! takes `a` and releases `b`, the other takes `b` and releases `a`), the
//! same program in CPython (`python3`, or `PYTHREAD_PYTHON`), and
//! `parking_lot::Mutex` + `Condvar` passing a turn, in one run. Prints the
//! time per hand-off (the median of `RUNS` runs of `ROUNDS` round trips).

use pythread_impl::{Lock, Py, PyException, Runtime};
use pythread_model::variant::Variant;
use std::sync::Arc;
use std::time::Instant;

const ROUNDS: usize = 20_000;
const RUNS: usize = 5;

const CPYTHON: &str = r#"
import sys, threading, time
rounds = int(sys.argv[1])
a = threading.Lock()
b = threading.Lock()
b.acquire()
def ping():
    for _ in range(rounds):
        a.acquire()
        b.release()
def pong():
    for _ in range(rounds):
        b.acquire()
        a.release()
t1 = threading.Thread(target=ping)
t2 = threading.Thread(target=pong)
start = time.perf_counter()
t1.start(); t2.start(); t1.join(); t2.join()
print((time.perf_counter() - start) / (2 * rounds) * 1e9)
"#;

/// One player of the runtime's hand-off: takes `mine`, gives `theirs` back,
/// `ROUNDS` times.
fn alternate(mine: Lock, theirs: Lock) -> impl FnOnce(&mut Py<'_>) -> Result<(), PyException> + Send + 'static {
    move |py| {
        for _ in 0..ROUNDS {
            mine.acquire(py, true, -1.0)?;
            theirs.release(py)?;
        }
        Ok(())
    }
}

/// Nanoseconds per hand-off in the runtime: the program above.
fn runtime() -> f64 {
    let rt = Runtime::builder(Variant::DEFAULT).trace(false).build();
    let mut ns = 0.0;
    rt.run_main(|py| {
        let (a, b) = (py.allocate_lock(), py.allocate_lock());
        b.acquire(py, true, -1.0)?;
        let ping = py.new_thread(alternate(a, b), None);
        let pong = py.new_thread(alternate(b, a), None);
        let start = Instant::now();
        ping.start(py)?;
        pong.start(py)?;
        ping.join(py, None)?;
        pong.join(py, None)?;
        ns = start.elapsed().as_nanos() as f64 / (2 * ROUNDS) as f64;
        Ok(())
    });
    rt.wait_for_threads();
    ns
}

/// Nanoseconds per hand-off with parking_lot: a turn passed under a mutex.
fn parking_lot() -> f64 {
    let turn = Arc::new((parking_lot::Mutex::new(0u8), parking_lot::Condvar::new()));
    let start = Instant::now();
    let players: Vec<_> = (0..2u8)
        .map(|me| {
            let turn = turn.clone();
            std::thread::spawn(move || {
                let (m, cv) = &*turn;
                for _ in 0..ROUNDS {
                    let mut t = m.lock();
                    while *t != me {
                        cv.wait(&mut t);
                    }
                    *t = 1 - me;
                    cv.notify_one();
                }
            })
        })
        .collect();
    for p in players {
        p.join().expect("a player");
    }
    start.elapsed().as_nanos() as f64 / (2 * ROUNDS) as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    println!("contended hand-off, two threads alternating, {ROUNDS} round trips, median of {RUNS} runs");
    let ours = median((0..RUNS).map(|_| runtime()).collect());
    println!("  pythread_impl::Lock (linux/3.13): {ours:.0} ns per hand-off");
    let pl = median((0..RUNS).map(|_| parking_lot()).collect());
    println!("  parking_lot::Mutex + Condvar:     {pl:.0} ns per hand-off");
    let python = std::env::var("PYTHREAD_PYTHON").unwrap_or_else(|_| "python3".into());
    let runs: Vec<f64> = (0..RUNS)
        .filter_map(|_| {
            let o = std::process::Command::new(&python).args(["-c", CPYTHON, &ROUNDS.to_string()]).output().ok()?;
            String::from_utf8_lossy(&o.stdout).trim().parse().ok()
        })
        .collect();
    if runs.is_empty() {
        println!("  {python}: not run");
        return;
    }
    let version = std::process::Command::new(&python).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    let cp = median(runs);
    println!("  {version} threading.Lock:     {cp:.0} ns per hand-off");
    println!("  ratios: runtime / parking_lot {:.2}, runtime / CPython {:.2}", ours / pl, ours / cp);
}
