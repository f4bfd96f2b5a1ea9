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
///
/// Without symmetry, stateright's depth-first search runs on `--jobs`
/// threads: a complete search meets every state whatever the order, so the
/// count is the same on any number, and depth-first copies no path for a
/// successor already seen (1.7× faster than breadth-first on the scaling
/// family). Its paths to a violation are neither shortest nor the same every
/// run, so a search that finds one runs again breadth-first on one thread,
/// whose paths are shortest and repeatable.
///
/// Depth-first keeps the whole path of every state it has yet to explore,
/// so its memory grows with the square of the depth: a worker counting to
/// 100,000,000 (a wild script) filled 6 GB within 70,000 states. It therefore
/// goes no deeper than [`DEPTH_FIRST_BOUND`]; a space deeper than that is
/// searched breadth-first instead, as is every search under `--max-depth`
/// (depth-first would meet a state first near the bound and never explore
/// it from nearer the start).
pub fn check(model: &PyModel, limits: Limits) -> CheckReport {
    let start = Instant::now();
    let jobs = limits.jobs.max(1);
    let first = if limits.max_depth.is_some() {
        Order::Breadth(jobs)
    } else if limits.reduces(model) {
        Order::Symmetric
    } else {
        Order::Depth(jobs)
    };
    let mut report = search(model, limits, first, start, Properties::AtOnce);
    let too_deep = matches!(first, Order::Depth(_) | Order::Symmetric) && report.stop == Some(Stop::MaxDepth);
    if too_deep {
        report = search(model, limits.after(start), Order::Breadth(jobs), start, Properties::AtOnce);
    }
    if !report.violations.is_empty() {
        // Every broken invariant, each with a shortest path where the search
        // can give one; a rerun cut short by a limit keeps the first find.
        let again = if first == Order::Symmetric { Order::Symmetric } else { Order::Breadth(1) };
        let each = search(model, limits.after(start), again, start, Properties::EachOnItsOwn);
        if !each.violations.is_empty() {
            report = each;
        }
    }
    report
}

/// How a search hands the properties to stateright.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Properties {
    /// As one (`caveats::at_once`): a violation says only that some
    /// invariant broke; the witnesses are tallied.
    AtOnce,
    /// Each on its own: a violation names its invariant.
    EachOnItsOwn,
}

/// How deep `check`'s depth-first searches go before a breadth-first search
/// takes over: the scaling family goes 60 steps deep, a counting loop
/// millions; at this depth the pending paths hold a few MB per branch.
pub const DEPTH_FIRST_BOUND: usize = 1_000;

/// How one stateright search goes through the states.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Order {
    /// Depth-first on this many threads, no deeper than
    /// [`DEPTH_FIRST_BOUND`].
    Depth(usize),
    /// Breadth-first on this many threads (one: shortest paths, the same
    /// every run).
    Breadth(usize),
    /// Depth-first on one thread, no deeper than [`DEPTH_FIRST_BOUND`], each
    /// state's representative standing for the states that differ only by
    /// which worker is which (stateright's symmetry reduction works with
    /// depth-first search only).
    Symmetric,
}

/// One stateright search.
fn search(model: &PyModel, limits: Limits, order: Order, start: Instant, properties: Properties) -> CheckReport {
    let tally = (properties == Properties::AtOnce).then(caveats::at_once::Tally::new);
    let watch = Arc::new(Watch { tally, ..Watch::default() });
    let mut watched = limits.model(model);
    watched.watch = Some(watch.clone());
    // No `target_state_count`: stateright counts every transition against
    // it, duplicates included, and stops short of the states it names (a
    // search of 192,707 states stopped at 68,583 under a limit of 200,000
    // and looked complete). `report` stops at `max_states` unique states.
    let builder = watched.checker().timeout(limits.timeout);
    let bound = match order {
        Order::Breadth(_) => limits.max_depth,
        Order::Depth(_) | Order::Symmetric => Some(DEPTH_FIRST_BOUND),
    };
    let builder = match bound {
        Some(d) => builder.target_max_depth(d),
        None => builder,
    };
    let probe = bound.filter(|_| !matches!(order, Order::Breadth(_)));
    match order {
        Order::Depth(jobs) => report(builder.threads(jobs).spawn_dfs(), &watch, limits, bound, probe, start),
        Order::Breadth(jobs) => report(builder.threads(jobs).spawn_bfs(), &watch, limits, bound, probe, start),
        Order::Symmetric => report(builder.symmetry().spawn_dfs(), &watch, limits, bound, probe, start),
    }
}

/// Waits for the search, stopping it when time, memory or the number of
/// unique states runs out.
///
/// `bound` is the search's depth bound; a `probe` bound (depth-first's own)
/// stops the search as soon as it is reached.
fn report(checker: impl Checker<PyModel>, watch: &Watch, limits: Limits, bound: Option<usize>, probe: Option<usize>, start: Instant) -> CheckReport {
    let budget = limits.budget();
    let searching = Instant::now();
    let mut stop = None;
    // Most checks take well under a millisecond: poll from 50 µs up to 20 ms.
    let mut pause = std::time::Duration::from_micros(50);
    while !checker.is_done() {
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(20));
        let why = if checker.unique_state_count() >= limits.max_states {
            Some(Stop::MaxStates)
        } else if probe.is_some_and(|d| checker.max_depth() >= d) {
            // Too deep for depth-first: no use finishing what is left above.
            Some(Stop::MaxDepth)
        } else {
            budget.spent_now()
        };
        if let Some(why) = why {
            stop = Some(why);
            watch.halt.store(true, Ordering::Relaxed);
            break;
        }
    }
    let checker = checker.join();
    let states = checker.unique_state_count();
    let elapsed = start.elapsed();
    if stop.is_none() {
        stop = if searching.elapsed() >= limits.timeout {
            Some(Stop::Timeout)
        } else if bound.is_some_and(|d| checker.max_depth() >= d) {
            Some(Stop::MaxDepth)
        } else if watch.beyond.load(Ordering::Relaxed) {
            Some(Stop::BeyondModel)
        } else {
            None
        };
    }
    let mut violations = Vec::new();
    let mut witnesses = watch.tally.as_ref().map_or_else(Vec::new, |t| t.reached());
    for (name, path) in checker.discoveries() {
        if let Some(tally) = watch.tally.as_ref().filter(|_| name == caveats::at_once::EVERY_INVARIANT) {
            // Named by the invariants its last state breaks.
            for broken in tally.broken(checker.model(), path.last_state()) {
                violations.push((broken, path.clone().into_actions()));
            }
        } else if caveats::INVARIANTS.contains(&name) {
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
