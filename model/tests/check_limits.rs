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

/// A worker counting to 1,200: two steps per round, so its one path is
/// deeper than `check`'s depth-first search goes.
const COUNTING: &str = "import threading\n\n\ndef count():\n    i = 0\n    while i < 1200:\n        i += 1\n\n\nt = threading.Thread(target=count)\nt.start()\nt.join()\n";

fn script(source: &str) -> PyModel {
    let scenario = parse(source, "script.py").expect("the script parses");
    PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT)
}

/// Breadth-first throughout (a depth bound far beyond every path).
fn breadth_first(jobs: usize) -> Limits {
    Limits { max_depth: Some(1_000_000), ..limits(10_000_000, jobs) }
}

#[test]
fn depth_first_and_breadth_first_count_the_same_states() {
    let m = family(4);
    let depth = check(&m, limits(10_000_000, 2));
    let breadth = check(&m, breadth_first(1));
    assert!(depth.complete && breadth.complete);
    assert_eq!(depth.states, breadth.states);
    assert_eq!(depth.witnesses, breadth.witnesses);
}

#[test]
fn a_space_deeper_than_depth_first_goes_is_searched_breadth_first_to_the_end() {
    let m = script(COUNTING);
    let r = check(&m, limits(10_000_000, 2));
    // Depth-first would hold every pending state's path (memory growing
    // with the square of the depth); it stops at its bound and breadth
    // first finishes: complete, every state.
    assert!(r.complete, "{:?}", r.stop);
    let breadth = check(&m, breadth_first(1));
    assert_eq!(r.states, breadth.states);
    use stateright::{Checker, Model};
    let deepest = m.checker().spawn_dfs().join().max_depth();
    assert!(deepest > pythread_model::check::DEPTH_FIRST_BOUND, "{deepest} steps: not deep enough to test the bound");
}

#[test]
fn a_violation_found_depth_first_is_reported_with_its_shortest_path() {
    use pythread_model::machine::Mutation;
    let m = family(2).mutated(Mutation::HandlerInRunningThread);
    let found = check(&m, limits(10_000_000, 2));
    let shortest = check(&m, breadth_first(1));
    assert!(!found.violations.is_empty(), "the mutation is caught");
    assert_eq!(found.violations, shortest.violations);
}
