//! The partial-order reduction (`machine/alone.rs`, specs/state-space.md
//! §6) explores fewer states and changes no verdict: the same outcomes,
//! hazards and property results with and without it, on the corpus, the
//! wild corpus and generated programs.

use pythread_model::check::check;
use pythread_model::frontend::parse;
use pythread_model::generate::scenario;
use proptest::prelude::*;
use pythread_model::hazards::analyze;
use pythread_model::machine::PyModel;
use pythread_model::outcome::Limits;
use pythread_model::program::Program;
use pythread_model::scenario::Scenario;
use pythread_model::variant::{Platform, Variant, Version};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn limits(reduction: bool) -> Limits {
    Limits { reduction, max_states: 100_000, timeout: Duration::from_secs(5), ..Limits::default() }
}

fn scripts() -> Vec<(PathBuf, Scenario)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("hazards"), root.join("wild")] {
        files.extend(std::fs::read_dir(&dir).expect("corpus").map(|e| e.expect("entry").path()));
    }
    files.retain(|f| f.extension().is_some_and(|x| x == "py"));
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let source = std::fs::read_to_string(&f).expect("read");
            // The wild corpus holds scripts the language does not take yet.
            parse(&source, "t.py").ok().map(|s| (f, s))
        })
        .collect()
}

/// What a search shows: the outcomes and the hazards found (complete
/// searches only: `None` when a limit stopped either).
fn verdicts(m: &PyModel, reduction: bool) -> Option<(BTreeSet<String>, BTreeSet<&'static str>, usize)> {
    let a = analyze(m, limits(reduction));
    if !a.complete {
        return None;
    }
    let outcomes = a.outcomes.iter().map(|(o, _)| format!("{o:?}")).collect();
    let hazards = a.found.iter().map(|f| f.kind.id).collect();
    Some((outcomes, hazards, a.states))
}

fn same_with_and_without(s: &Scenario, v: Variant, what: &str) -> Option<(usize, usize)> {
    let m = PyModel::new(Arc::new(Program::compile(s)), v);
    let with = verdicts(&m, true)?;
    let without = verdicts(&m, false)?;
    assert_eq!(with.0, without.0, "outcomes of {what} under {v}");
    assert_eq!(with.1, without.1, "hazards of {what} under {v}");
    assert!(with.2 <= without.2, "{what} under {v}: {} states with the reduction, {} without", with.2, without.2);
    Some((with.2, without.2))
}

#[test]
fn the_reduction_changes_no_outcome_and_no_hazard_of_any_corpus_or_wild_script() {
    let variants = [
        Variant::DEFAULT,
        Variant { platform: Platform::Posix, ..Variant::DEFAULT },
        Variant { platform: Platform::Windows, version: Version::of(12), ..Variant::DEFAULT },
    ];
    let (mut with, mut without, mut compared) = (0, 0, 0);
    for (f, s) in scripts() {
        for v in variants {
            if let Some((a, b)) = same_with_and_without(&s, v, &f.display().to_string()) {
                with += a;
                without += b;
                compared += 1;
            }
        }
    }
    eprintln!("{compared} script × variant pairs: {with} states with the reduction, {without} without");
    assert!(compared > 300, "only {compared} pairs were complete both ways");
    assert!(with < without, "the reduction saves nothing: {with} vs {without}");
}

#[test]
fn the_reduction_changes_no_property_verdict_and_no_witness_of_the_corpus() {
    let mut compared = 0;
    for (f, s) in scripts().into_iter().filter(|(f, _)| !f.to_string_lossy().contains("/wild/")) {
        let m = PyModel::new(Arc::new(Program::compile(&s)), Variant::DEFAULT);
        let with = check(&m, limits(true));
        if !with.complete {
            continue;
        }
        let without = check(&m, limits(false));
        if !without.complete {
            continue;
        }
        let names = |r: &pythread_model::check::CheckReport| r.violations.iter().map(|(n, _)| *n).collect::<BTreeSet<_>>();
        assert_eq!(names(&with), names(&without), "{}", f.display());
        assert!(names(&with).is_empty(), "{}", f.display());
        assert_eq!(with.witnesses.iter().collect::<BTreeSet<_>>(), without.witnesses.iter().collect::<BTreeSet<_>>(), "{}", f.display());
        compared += 1;
    }
    assert!(compared > 100, "only {compared} scripts were complete both ways");
}

#[test]
fn no_state_a_search_keeps_has_a_step_that_runs_alone() {
    // `next_state` takes a run of alone steps as one step (`settle`): a
    // state in the middle of one, which offers no choice, is never kept.
    use stateright::Model;
    let (mut states, mut scripts_seen) = (0, 0);
    for (f, s) in scripts().into_iter().filter(|(f, _)| !f.to_string_lossy().contains("/wild/")) {
        let m = PyModel::new(Arc::new(Program::compile(&s)), Variant::DEFAULT);
        if m.reduction.is_none() {
            continue;
        }
        scripts_seen += 1;
        let mut seen = std::collections::HashSet::new();
        let mut queue: std::collections::VecDeque<_> = m.init_states().into();
        while let Some(state) = queue.pop_front() {
            if seen.len() >= 5_000 || !seen.insert(state.clone()) {
                continue;
            }
            assert!(m.alone(&state).is_none(), "{}: a kept state has a step that runs alone", f.display());
            let mut actions = Vec::new();
            m.actions(&state, &mut actions);
            queue.extend(actions.into_iter().filter_map(|a| m.next_state(&state, a)));
        }
        states += seen.len();
    }
    assert!(scripts_seen > 10 && states > 10_000, "{scripts_seen} scripts, {states} states");
}

#[test]
fn an_unsound_reduction_changes_the_outcomes_of_a_corpus_script() {
    // Letting any step of a worker run alone (a print, a lock taken) loses
    // runs: the comparison the tests above make sees it.
    let differs = scripts().into_iter().filter(|(f, _)| !f.to_string_lossy().contains("/wild/")).any(|(_, s)| {
        let m = PyModel::new(Arc::new(Program::compile(&s)), Variant::DEFAULT);
        let broken = m.clone().with_unsound_reduction();
        match (verdicts(&broken, true), verdicts(&m, false)) {
            (Some(a), Some(b)) => a.0 != b.0 || a.1 != b.1,
            _ => false,
        }
    });
    assert!(differs, "no corpus script tells the unsound reduction from the full model");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_reduction_changes_no_outcome_and_no_hazard_of_a_generated_program(s in scenario()) {
        for platform in Platform::ALL {
            same_with_and_without(&s, Variant { platform, ..Variant::DEFAULT }, "a generated program");
        }
    }
}
