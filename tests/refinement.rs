//! Refinement: every behaviour the reference runtime shows is one the model
//! allows, under every variant. Generated workloads (2–4 threads, locks,
//! RLocks, sleeps, handlers, all three kinds of signal, try/finally, exits)
//! run on the runtime with real threads; each run's trace is replayed step by
//! step in the model's transition system (`pythread_impl::refine`).
//!
//! - virtual clock: exact replay, timestamps included, all 12 variants;
//! - real clock (real sleeps of 50 ms and more): the outcome is a predicted
//!   one and the trace replays in order (times not compared).
//!
//! A failure prints the shrunk scenario as Python and the seed that replays
//! it: `PYTHREAD_SEED=<seed> cargo test --release --test refinement`.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use pythread_impl::exec::{self, Options};
use pythread_impl::refine::{self, Timing};
use pythread_impl::{Bug, Clock};
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::render::render;
use pythread_model::scenario::Scenario;
use pythread_model::variant::Variant;
use pythread_model::workloads::runnable;
use std::sync::Arc;
use std::time::Duration;

/// Generated scenarios per property: proptest's default case count.
const CASES: u32 = 256;
/// Generated scenarios on the virtual clock, each under all 12 variants.
const VIRTUAL_CASES: u32 = 2048;

/// The seed: `PYTHREAD_SEED` to replay a failure, else a fresh one.
fn seed() -> u64 {
    match std::env::var("PYTHREAD_SEED") {
        Ok(s) => s.parse().expect("PYTHREAD_SEED is a number"),
        Err(_) => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_nanos() as u64,
    }
}

fn runner(seed: u64, cases: u32, shrink: bool) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        max_shrink_iters: if shrink { 2000 } else { 0 },
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// The scenario as a script and parsed back, so statements have lines.
fn with_lines(s: &Scenario) -> (String, Arc<Program>) {
    let source = render(s);
    let parsed = parse(&source, "generated.py").unwrap_or_else(|e| panic!("a generated scenario parses: {e:?}\n{source}"));
    (source, Arc::new(Program::compile(&parsed)))
}

/// Runs `program` on the runtime under `v` and replays the run in the model.
fn refines(program: &Arc<Program>, v: Variant, options: &Options, timing: Timing) -> Result<(), String> {
    let run = exec::run(program.clone(), v, options);
    let model = PyModel::new(program.clone(), v);
    refine::check(&model, &run.trace, &run.outcome, timing).map_err(|m| format!("under {v}: {m}"))?;
    if timing == Timing::Ignore {
        // The real clock: the outcome must be one the model predicts.
        let p = predict(&model, Limits { max_states: 500_000, timeout: Duration::from_secs(60), ..Limits::default() });
        if p.complete && !p.outcomes.iter().any(|o| o.outcome.admits(&run.outcome)) {
            return Err(format!("under {v}: outcome {} not predicted", run.outcome.summary()));
        }
    }
    Ok(())
}

/// Runs the virtual-clock property; `Err` carries the report of a failure.
fn virtual_property(seed: u64, cases: u32, bug: Option<Bug>, shrink: bool) -> Result<usize, String> {
    let runs = std::cell::Cell::new(0);
    let options = Options { bug, ..Options::default() };
    let result = runner(seed, cases, shrink).run(&runnable(), |s| {
        let (_, program) = with_lines(&s);
        for v in Variant::all() {
            runs.set(runs.get() + 1);
            refines(&program, v, &options, Timing::Exact).map_err(TestCaseError::fail)?;
        }
        Ok(())
    });
    report(result, seed).map(|()| runs.get())
}

fn report(result: Result<(), TestError<Scenario>>, seed: u64) -> Result<(), String> {
    match result {
        Ok(()) => Ok(()),
        Err(TestError::Fail(reason, s)) => Err(format!(
            "{reason}\n--- the shrunk scenario ---\n{}--- replay: PYTHREAD_SEED={seed} cargo test --release --test refinement",
            render(&s)
        )),
        Err(TestError::Abort(reason)) => Err(format!("aborted: {reason} (seed {seed})")),
    }
}

#[test]
fn every_run_of_the_runtime_on_the_virtual_clock_replays_exactly_in_the_model_under_every_variant() {
    let seed = seed();
    eprintln!("seed {seed}");
    match virtual_property(seed, VIRTUAL_CASES, None, true) {
        Ok(runs) => {
            eprintln!("{VIRTUAL_CASES} scenarios, {runs} runs replayed exactly");
            assert!(runs >= 12 * 2000);
        }
        Err(report) => panic!("{report}"),
    }
}

#[test]
fn every_run_of_the_runtime_on_the_real_clock_is_predicted_and_replays_in_order() {
    let seed = seed();
    eprintln!("seed {seed}");
    let options = Options { clock: Clock::Real, ..Options::default() };
    let variants = Variant::all();
    let strategy = (runnable(), 0..variants.len());
    let result = runner(seed, CASES, true).run(&strategy, |(s, vi)| {
        let (_, program) = with_lines(&s);
        refines(&program, variants[vi], &options, Timing::Ignore).map_err(TestCaseError::fail)
    });
    let result = match result {
        Ok(()) => Ok(()),
        Err(TestError::Fail(r, (s, _))) => Err(TestError::Fail(r, s)),
        Err(TestError::Abort(r)) => Err(TestError::Abort(r)),
    };
    if let Err(report) = report(result, seed) {
        panic!("{report}");
    }
}

/// A deliberate bug in the runtime is caught by the virtual-clock property
/// within its default case count.
fn caught(bug: Bug) {
    let seed = seed();
    match virtual_property(seed, CASES, Some(bug), false) {
        Ok(runs) => panic!("{bug:?} went unnoticed in {runs} runs (seed {seed})"),
        Err(report) => eprintln!("{bug:?} caught:\n{report}"),
    }
}

#[test]
fn a_runtime_that_runs_handlers_in_the_current_thread_is_caught() {
    caught(Bug::HandlerInCurrentThread);
}

#[test]
fn a_runtime_whose_acquire_gives_up_after_a_non_raising_handler_is_caught() {
    caught(Bug::AcquireNotRetried);
}

#[test]
fn a_runtime_that_runs_finally_for_killed_threads_is_caught() {
    caught(Bug::FinallyForKilled);
}
