//! Property checking with stateright: every invariant of `caveats` over the
//! whole state space of one scenario under one variant.

use crate::caveats;
use crate::machine::{Action, PyModel};
use crate::outcome::{describe, Limits};
use crate::state::State;
use stateright::{Checker, Model};
use std::time::Instant;

/// The result of checking one scenario under one variant.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// Unique states explored.
    pub states: usize,
    /// False when a limit stopped the search.
    pub complete: bool,
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
    let builder = model.clone().checker().threads(1).target_state_count(limits.max_states).timeout(limits.timeout);
    // stateright's symmetry reduction works with depth-first search only;
    // without it, breadth-first search gives shortest counterexamples.
    if limits.reduces(model) {
        report(builder.symmetry().spawn_dfs().join(), limits, start)
    } else {
        report(builder.spawn_bfs().join(), limits, start)
    }
}

fn report(checker: impl Checker<PyModel>, limits: Limits, start: Instant) -> CheckReport {
    let states = checker.unique_state_count();
    let elapsed = start.elapsed();
    let complete = states < limits.max_states && elapsed < limits.timeout;
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
    CheckReport { states, complete, violations, witnesses, seconds: elapsed.as_secs_f64() }
}

/// A counterexample as numbered steps.
pub fn trace_lines(model: &PyModel, actions: &[Action]) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(mut s): Option<State> = model.init_states().pop() else { return lines };
    for (n, a) in actions.iter().enumerate() {
        let Some(next) = model.next_state(&s, a.clone()) else { break };
        lines.push(format!("{:>3}. {}", n + 1, describe(model, &s, a, &next)));
        s = next;
    }
    lines
}
