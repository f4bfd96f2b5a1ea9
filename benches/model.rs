//! `cargo bench --bench model`: the model checker's throughput and scaling,
//! against stateright's own two-phase-commit example in the same run, and
//! the time `predict` and the corpus `check` take. Prints a report;
//! BENCHMARKS.md holds the numbers and how they grow.
//!
//! `PYTHREAD_BENCH_LIMIT=SECONDS` lowers the 60 s budget per scaling run;
//! `PYTHREAD_BENCH_ONLY=memory` measures only the bytes per unique state.

#[path = "baseline/two_phase_commit.rs"]
mod two_phase_commit;

use pythread_model::caveats::at_once::Tally;
use pythread_model::check::check;
use pythread_model::frontend::{parse, parse_file};
use pythread_model::machine::{PyModel, Watch};
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use pythread_model::workloads::contention;
use stateright::{Checker, Model};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The allocator the `pythread` binary ships with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's settings, made before the runtime's first allocation.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static ALLOCATOR_SETTINGS: extern "C" fn() = pythread_model::limits::allocator_settings;

fn main() {
    // Linux made them from `.init_array` above.
    #[cfg(not(target_os = "linux"))]
    pythread_model::limits::allocator_settings();
    if let Ok(case) = std::env::var("PYTHREAD_BENCH_MEMORY_CASE") {
        return memory_case(&case);
    }
    if std::env::var("PYTHREAD_BENCH_ONLY").is_ok_and(|v| v == "memory") {
        return memory();
    }
    let budget = std::env::var("PYTHREAD_BENCH_LIMIT").ok().and_then(|s| s.parse().ok()).unwrap_or(60.0);
    let budget = Duration::from_secs_f64(budget);
    println!("pythread model benchmarks on {} core(s)\n", std::thread::available_parallelism().map_or(1, |n| n.get()));

    // `PYTHREAD_BENCH_ONLY=ratio` runs only the like-for-like rounds below
    // (for profiling the throughput).
    let only_ratio = std::env::var("PYTHREAD_BENCH_ONLY").is_ok_and(|v| v == "ratio");

    if !only_ratio {
        // 2. The yardstick: stateright's 2pc example, 7 resource managers, DFS.
        let (states, secs) = two_pc();
        let base = states as f64 / secs;
        println!("2pc (7 RMs, DFS): {states} unique states in {secs:.2} s = {base:.0} states/s\n");
        // 1. The scaling family: N workers contend for one lock, Ctrl-C anywhere.
        scaling(budget, base);
    }
    // Like for like: the same search as the baseline (DFS, one thread, no
    // reduction), straight on stateright. This machine's speed drifts by a
    // third between runs, so each run of ours is paired with a 2pc run just
    // before it, in five rounds; the ratio is the median of the pairs'.
    // Ours runs twice: with every property as one, as `check` hands them to
    // stateright (`caveats::at_once`; 2pc has three), and with each of the
    // model's properties on its own.
    let dfs_rate = |n: usize, at_once: bool| {
        let mut model = contention_model(n);
        if at_once {
            model.watch = Some(Arc::new(Watch { tally: Some(Tally::new()), ..Watch::default() }));
        }
        let start = Instant::now();
        let c = model.checker().spawn_dfs().join();
        c.unique_state_count() as f64 / start.elapsed().as_secs_f64()
    };
    let two_pc_rate = || {
        let (states, secs) = two_pc();
        states as f64 / secs
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    const ROUNDS: usize = 5;
    println!("like for like (DFS, one thread, no reduction), {ROUNDS} rounds, each run paired with a 2pc run just before it:");
    for (n, at_once) in [(5, true), (6, true), (5, false), (6, false)] {
        let (mut pairs, mut ratios) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let base = two_pc_rate();
            let ours = dfs_rate(n, at_once);
            pairs.push(format!("{ours:.0}/{base:.0}"));
            ratios.push(ours / base);
        }
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        let properties = if at_once { "every property as one" } else { "each property on its own" };
        println!("  contention({n}), {properties} / 2pc states/s: {}", pairs.join(", "));
        println!("    ratios {}; median {:.2}, lowest {:.2}", shown.join(", "), median(ratios.clone()), ratios.iter().copied().fold(f64::INFINITY, f64::min));
    }
    println!();
    if only_ratio {
        return;
    }

    // 4. predict per corpus script (linux/3.13/killed), and the corpus check.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios")).expect("corpus").map(|e| e.expect("entry").path()).collect();
    scripts.extend(std::fs::read_dir(root.join("scenarios/hazards")).expect("hazards").map(|e| e.expect("entry").path()));
    scripts.retain(|p| p.extension().is_some_and(|x| x == "py"));
    scripts.sort();
    let mut times = Vec::new();
    for s in &scripts {
        let (_, scenario) = parse_file(s).expect("corpus parses");
        let model = PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT);
        let start = Instant::now();
        let p = predict(&model, Limits::default());
        times.push((start.elapsed().as_secs_f64() * 1000.0, p.states, s.file_name().expect("name").to_string_lossy().into_owned()));
    }
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = times.iter().map(|t| t.0).sum();
    println!("predict, {} corpus scripts, linux/3.13/killed: mean {:.1} ms, max {:.1} ms; slowest:", times.len(), total / times.len() as f64, times[0].0);
    for (ms, states, name) in times.iter().take(5) {
        println!("  {ms:>8.1} ms {states:>8} states  {name}");
    }
    let start = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pythread")).arg("check").current_dir(root).output().expect("pythread check runs");
    println!(
        "\n`pythread check` (whole corpus, every variant, properties and hazards): {:.2} s, exit {}",
        start.elapsed().as_secs_f64(),
        out.status.code().unwrap_or(-1)
    );
}

/// The scaling family's table: `contention(N)` for N = 2…8 as `check` runs
/// it, without and with symmetry reduction, each within `budget`.
fn scaling(budget: Duration, base: f64) {
    println!("contention(N), linux/3.13/killed, every property checked:");
    println!("{:>3} {:>10} {:>12} {:>9} {:>12} {:>8}", "N", "reduction", "states", "seconds", "states/s", "vs 2pc");
    let mut plain_rate = None;
    for symmetry in [false, true] {
        let mut largest = 0;
        for n in 2..=8 {
            let model = contention_model(n);
            let limits = Limits { max_states: 100_000_000, timeout: budget, symmetry, ..Limits::default() };
            let start = Instant::now();
            let r = check(&model, limits);
            let secs = start.elapsed().as_secs_f64();
            let rate = r.states as f64 / secs;
            let mark = if r.complete { "" } else { "  INCOMPLETE (budget spent)" };
            println!(
                "{n:>3} {:>10} {:>12} {secs:>9.2} {rate:>12.0} {:>7.2}×{mark}",
                if symmetry { "symmetry" } else { "none" },
                r.states,
                rate / base
            );
            if !r.complete {
                break;
            }
            largest = n;
            if !symmetry && n == 6 {
                plain_rate = Some(rate);
            }
        }
        println!("    largest N checked within {:.0} s {}: {largest}", budget.as_secs_f64(), if symmetry { "with symmetry" } else { "without reduction" });
    }
    if let Some(rate) = plain_rate {
        println!("\nthroughput at N=6 without reduction (depth first on every core, as `check` runs it) / 2pc throughput = {:.2}", rate / base);
    }
}

/// stateright's 2pc example with 7 resource managers, DFS on one thread:
/// its unique states and the seconds it took.
fn two_pc() -> (usize, f64) {
    let start = Instant::now();
    let c = two_phase_commit::TwoPhaseSys { rms: 0..7 }.checker().spawn_dfs().join();
    (c.unique_state_count(), start.elapsed().as_secs_f64())
}

/// The scaling family's model with `n` workers, under linux/3.13/killed.
fn contention_model(n: usize) -> PyModel {
    let scenario = parse(&contention(n), "contention.py").expect("the family parses");
    PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT)
}

/// Bytes per unique state: each search runs alone in a fresh process (this
/// binary again), which reports its peak resident memory beyond what it
/// held before the search.
fn memory() {
    println!("bytes per unique state (peak resident memory of the search / its unique states), one search per process:");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The wild scripts with the most states among those that finish (linux/3.13/killed).
    let wild = ["scenarios/wild/cpython_sched_cancel_concurrent.py", "scenarios/wild/cpython_executor_shutdown_alarm_gh94440.py", "scenarios/wild/repo_executor_shutdown_cancel_futures.py"];
    let mut cases: Vec<String> = vec!["2pc-dfs".into(), "2pc-bfs".into(), "check:5".into(), "check:6".into(), "predict:5".into(), "predict:6".into()];
    for search in ["check-file", "predict-file"] {
        cases.extend(wild.iter().map(|w| format!("{search}:{}", root.join(w).display())));
    }
    cases.push("predict-pool:1".into());
    let mut two_pc = None;
    for case in cases {
        let out = std::process::Command::new(std::env::current_exe().expect("this binary"))
            .env("PYTHREAD_BENCH_MEMORY_CASE", &case)
            .output()
            .expect("the case runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let fields: Vec<f64> = text.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        let [states, bytes] = fields[..] else {
            println!("  {case}: no result ({})", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
            continue;
        };
        let per = bytes / states;
        if case == "2pc-bfs" {
            two_pc = Some(per);
        }
        let vs = two_pc.map_or(String::new(), |b| format!("  ({:.2}× 2pc's BFS)", per / b));
        let name = match case.split_once(':') {
            Some((search, path)) if path.contains('/') => format!("{search}:{}", path.rsplit('/').next().unwrap_or(path)),
            _ => case.clone(),
        };
        println!("  {name:<50} {states:>10.0} states {:>10.1} MiB {per:>8.1} B/state{vs}", bytes / (1 << 20) as f64);
    }
}

/// One search of `memory()`; prints its unique states and the bytes its
/// peak resident memory grew by. The script is parsed and compiled (with
/// pythread's copies of `threading.py`, `queue.py`, …) before the peak is
/// reset to what the process holds then: that is the program, not its
/// states.
fn memory_case(case: &str) {
    let rss = |key: &str| -> f64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|kb| kb.parse::<f64>().ok()).unwrap_or(0.0) * 1024.0
    };
    let one = Limits { jobs: 1, symmetry: false, max_states: 20_000_000, timeout: Duration::from_secs(600), ..Limits::default() };
    let file_model = |path: &str| {
        let (_, scenario) = parse_file(Path::new(path)).expect("the script parses");
        PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT)
    };
    let model = match case.split_once(':') {
        Some(("check" | "predict", n)) => Some(contention_model(n.parse().expect("N"))),
        Some(("predict-pool", workers)) => {
            // benches/scripts/worker_pool.py with `range(N)` workers.
            let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scripts/worker_pool.py")).expect("the pool");
            let scenario = parse(&source.replace("range(4)]", &format!("range({workers})]")), "worker_pool.py").expect("the pool parses");
            Some(PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT))
        }
        Some(("check-file" | "predict-file", path)) => Some(file_model(path)),
        _ => None,
    };
    // Linux: "5" resets the peak resident set size to the current one.
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak resets");
    let before = rss("VmRSS:");
    let states = match (case.split_once(':').map_or(case, |(search, _)| search), model) {
        ("2pc-dfs", _) => two_phase_commit::TwoPhaseSys { rms: 0..7 }.checker().spawn_dfs().join().unique_state_count(),
        ("2pc-bfs", _) => two_phase_commit::TwoPhaseSys { rms: 0..7 }.checker().spawn_bfs().join().unique_state_count(),
        ("check" | "check-file", Some(m)) => check(&m, one).states,
        ("predict" | "predict-pool" | "predict-file", Some(m)) => predict(&m, one).states,
        _ => panic!("unknown case {case}"),
    };
    println!("{states} {}", rss("VmHWM:") - before);
}
