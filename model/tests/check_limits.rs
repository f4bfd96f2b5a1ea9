//! `check`'s state limit counts unique states: stateright's own target
//! counts transitions, duplicates included, and stopped a search of 192,707
//! states at 68,583 under a limit of 200,000 while it looked complete.

use pythread_model::check::check;
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{Limits, Stop};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use pythread_model::workloads::contention;
use std::sync::Arc;

fn family(n: usize) -> PyModel {
    let scenario = parse(&contention(n), "contention.py").expect("the family parses");
    PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT)
}

fn limits(max_states: usize, jobs: usize) -> Limits {
    Limits { max_states, symmetry: false, jobs, ..Limits::default() }
}

#[test]
fn a_limit_above_the_unique_states_lets_the_search_finish() {
    let m = family(4);
    let all = check(&m, limits(10_000_000, 1));
    assert!(all.complete);
    // Far fewer unique states than transitions: a limit just above the
    // states is one the transitions pass long before the end.
    let just_above = check(&m, limits(all.states + 1, 1));
    assert!(just_above.complete, "{:?}", just_above.stop);
    assert_eq!(just_above.states, all.states);
}

#[test]
fn a_limit_below_the_unique_states_makes_the_search_incomplete() {
    let m = family(4);
    let all = check(&m, limits(10_000_000, 1));
    let cut = check(&m, limits(all.states / 2, 1));
    assert!(!cut.complete);
    assert_eq!(cut.stop, Some(Stop::MaxStates));
    assert!(cut.witnesses.len() <= all.witnesses.len());
}

#[test]
fn both_cores_count_the_same_states_and_find_the_same_witnesses() {
    for n in [3, 4] {
        let m = family(n);
        let one = check(&m, limits(10_000_000, 1));
        let two = check(&m, limits(10_000_000, 2));
        assert!(one.complete && two.complete);
        assert_eq!(one.states, two.states, "contention({n})");
        assert_eq!(one.witnesses, two.witnesses, "contention({n})");
        assert!(one.violations.is_empty() && two.violations.is_empty());
    }
}
