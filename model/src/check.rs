//! Property checking with stateright: every invariant of `caveats` over the
//! whole state space of one scenario under one variant.

use crate::caveats;
use crate::machine::{Action, PyModel, Watch};
use crate::outcome::{trace_steps, Limits, Stop};
use stateright::{Checker, Model};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// The result of checking one scenario under one variant.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// Unique states explored.
    pub states: usize,
    /// False when a limit stopped the search.
    pub complete: bool,
    /// What stopped it early.
    pub stop: Option<Stop>,
    /// Invariants violated, each with its counterexample's actions.
    pub violations: Vec<(&'static str, Vec<Action>)>,
    /// Witnesses (`sometimes` properties) reached.
    pub witnesses: Vec<&'static str>,
    /// Wall time.
    pub seconds: f64,
}

/// Checks every property; a limit makes the report incomplete.
pub fn check(model: &PyModel, limits: Limits) -> CheckReport {
    let start = Instant::now();
    let watch = Arc::new(Watch::default());
    let mut watched = limits.model(model);
    watched.watch = Some(watch.clone());
    // One thread: stateright's search on two counted different numbers of
    // states from run to run (4,987,605 and 5,002,768 for the scaling
    // family at N = 7), and a pinned count must not move. `--jobs` serves
    // `predict` and the hazard search (`frontier.rs`), which `check` runs too.
    let mut builder = watched.checker().threads(1).target_state_count(limits.max_states).timeout(limits.timeout);
    if let Some(d) = limits.max_depth {
        builder = builder.target_max_depth(d);
    }
    // stateright's symmetry reduction works with depth-first search only;
    // without it, breadth-first search gives shortest counterexamples.
    if limits.reduces(model) {
        report(builder.symmetry().spawn_dfs(), &watch, limits, start)
    } else {
        report(builder.spawn_bfs(), &watch, limits, start)
    }
}

/// Waits for the search, stopping it when time or memory runs out.
fn report(checker: impl Checker<PyModel>, watch: &Watch, limits: Limits, start: Instant) -> CheckReport {
    let budget = limits.budget();
    let mut stop = None;
    // Most checks take well under a millisecond: poll from 50 µs up to 20 ms.
    let mut pause = std::time::Duration::from_micros(50);
    while !checker.is_done() {
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(20));
        if let Some(why) = budget.spent_now() {
            stop = Some(why);
            watch.halt.store(true, Ordering::Relaxed);
            break;
        }
    }
    let checker = checker.join();
    let states = checker.unique_state_count();
    let elapsed = start.elapsed();
    if stop.is_none() {
        stop = if states >= limits.max_states {
            Some(Stop::MaxStates)
        } else if elapsed >= limits.timeout {
            Some(Stop::Timeout)
        } else if limits.max_depth.is_some_and(|d| checker.max_depth() >= d) {
            Some(Stop::MaxDepth)
        } else if watch.beyond.load(Ordering::Relaxed) {
            Some(Stop::BeyondModel)
        } else {
            None
        };
    }
    let mut violations = Vec::new();
    let mut witnesses = Vec::new();
    for (name, path) in checker.discoveries() {
        if caveats::INVARIANTS.contains(&name) {
            violations.push((name, path.into_actions()));
        } else {
            witnesses.push(name);
        }
    }
    violations.sort_by_key(|(n, _)| *n);
    witnesses.sort();
    CheckReport { states, complete: stop.is_none(), stop, violations, witnesses, seconds: elapsed.as_secs_f64() }
}

/// A counterexample as numbered steps (`outcome::trace_steps`).
pub fn trace_lines(model: &PyModel, actions: &[Action]) -> Vec<String> {
    trace_steps(model, actions).into_iter().map(|s| s.text).collect()
}
