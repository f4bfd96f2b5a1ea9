//! `cargo bench -p pythread-impl --bench signal_latency`: how long after a
//! process signal is sent the main thread's interrupted `acquire()` returns
//! (the handler raised KeyboardInterrupt), in the reference runtime and in
//! CPython on the same machine (`python3`, or `PYTHREAD_PYTHON`).
//!
//! Both send SIGINT from another thread 10 ms after the main thread blocked
//! on a held lock and take the time at the send and at the return; the
//! median and the 90th percentile of `ROUNDS` rounds are printed.

use pythread_impl::{ExcKind, Runtime};
use pythread_model::scenario::Sig;
use pythread_model::variant::Variant;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Each round starts a sender thread; a runtime makes at most 254 threads.
const ROUNDS: usize = 200;

const CPYTHON: &str = r#"
import os, signal, statistics, sys, threading, time
rounds = int(sys.argv[1])
lock = threading.Lock()
lock.acquire()
lat = []
for _ in range(rounds):
    sent = [0.0]
    def sender():
        time.sleep(0.01)
        sent[0] = time.perf_counter()
        os.kill(os.getpid(), signal.SIGINT)
    t = threading.Thread(target=sender)
    t.start()
    try:
        lock.acquire()
    except KeyboardInterrupt:
        lat.append(time.perf_counter() - sent[0])
    t.join()
lat.sort()
print(lat[len(lat) // 2] * 1e6, lat[len(lat) * 9 // 10] * 1e6)
"#;

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

fn runtime_latencies() -> Vec<f64> {
    let rt = Runtime::builder(Variant::DEFAULT).trace(false).build();
    let mut lat = Vec::new();
    rt.run_main(|py| {
        let lock = py.allocate_lock();
        lock.acquire(py, true, -1.0)?;
        for _ in 0..ROUNDS {
            let sent: Arc<Mutex<Option<Instant>>> = Arc::default();
            let at = sent.clone();
            py.start_new_thread(move |py| {
                py.sleep(0.01)?;
                *at.lock().expect("not poisoned") = Some(Instant::now());
                py.kill(Sig::SIGINT)
            })?;
            let err = lock.acquire(py, true, -1.0).expect_err("the signal interrupts the acquire");
            let returned = Instant::now();
            assert_eq!(err.kind, ExcKind::KeyboardInterrupt);
            let sent = sent.lock().expect("not poisoned").expect("sent before the acquire returned");
            lat.push(returned.duration_since(sent).as_secs_f64() * 1e6);
            if std::env::var_os("PYTHREAD_BENCH_DEBUG").is_some() {
                eprintln!("round {}", lat.len());
            }
        }
        Ok(())
    });
    rt.wait_for_threads();
    lat
}

fn main() {
    let (median, p90) = percentiles(runtime_latencies());
    println!("signal → interrupted acquire returns, {ROUNDS} rounds");
    println!("  pythread_impl (linux/3.13): median {median:.1} µs, p90 {p90:.1} µs");
    let python = std::env::var("PYTHREAD_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(&python).args(["-c", CPYTHON, &ROUNDS.to_string()]).output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let v: Vec<f64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            let version = std::process::Command::new(&python).arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
            println!("  {version}: median {:.1} µs, p90 {:.1} µs", v[0], v[1]);
            println!("  ratio (runtime / CPython, medians): {:.2}", median / v[0]);
        }
        Ok(o) => println!("  {python} failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => println!("  {python} not run: {e}"),
    }
}
