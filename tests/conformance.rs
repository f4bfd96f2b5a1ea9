//! The model predicts what real interpreters do (`pythread conform`), under
//! every one of the project's nine interpreters that is installed
//! (`conform::SLOTS`: pyenv's CPython 3.8–3.13, the newest 3.13 and 3.14
//! from `.ci/install-cpython.sh`, and PyPy): the corpus, 100 generated timed
//! scenarios and 100 check-point probes run under each, and every observed
//! outcome must be one the model predicts for the variant of that
//! interpreter (its platform and version, asked of it). Known PyPy
//! differences are skipped with their explanation (`KNOWN_DEVIATIONS`).
//! At least 95% of the generated scenarios must have exactly one predicted
//! outcome, the one every run showed; the probes' figure is printed, with
//! the probes the model gives more than one outcome.
//!
//! `python3` and `pypy3` run the corpus three times and the generated
//! scenarios and probes twice; the other interpreters run each once (CI has
//! two cores and 90 minutes for everything).
//!
//! The generated scenarios and probes come from seed 2026 (`PYTHREAD_SEED`
//! picks another). An interpreter that is not installed is skipped with a
//! line saying which and how to install it, unless
//! `PYTHREAD_REQUIRE_ALL_INTERPRETERS` is set (`.ci/run` sets it after
//! installing them), in which case it fails the test.

mod common;

use common::corpus;
use pythread::conform::{self, conform, describe, detect, find_all, imprecise_probes, tally, Case, Interpreter, Options};
use pythread_model::outcome::Limits;

const GENERATED: usize = 100;
const PROBES: usize = 100;
const SEED: u64 = 2026;

fn set(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Runs `cases` under `interpreters`; returns the divergence reports and
/// prints the tallies.
fn run(what: &str, interpreters: &[Interpreter], cases: &[Case], runs: usize) -> (Vec<String>, Vec<conform::Tally>) {
    if interpreters.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let start = std::time::Instant::now();
    let options = Options { runs, jobs: 2, variant: None, limits: Limits::default() };
    let reports = conform(interpreters, cases, &options);
    let failures: Vec<String> = reports.iter().map(|r| describe(r, cases, interpreters)).filter(|f| !f.is_empty()).collect();
    let tallies = tally(&reports, cases, interpreters.len());
    for (i, t) in interpreters.iter().zip(&tallies) {
        let mut line = format!("{what} under {} ({}): {} agree, {} known, {} diverge, {} skipped", i.label(), i.variant, t.agree, t.known, t.diverge, t.skipped);
        if t.generated > 0 {
            line += &format!("; {} of {} precise", t.precise, t.generated);
        }
        if t.probes > 0 {
            line += &format!("; {} of {} precise", t.probes_precise, t.probes);
        }
        eprintln!("{line}");
    }
    for r in imprecise_probes(&reports, cases) {
        eprintln!("  imprecise probe: {} under {}: {} outcomes predicted", cases[r.case].name(), interpreters[r.interpreter].label(), r.predicted);
    }
    eprintln!("{what}: {} interpreter(s) × {} scripts × {runs} run(s) in {:.0?}", interpreters.len(), cases.len(), start.elapsed());
    (failures, tallies)
}

#[test]
fn every_outcome_seen_under_every_interpreter_is_one_the_model_predicts() {
    let start = std::time::Instant::now();
    let found = find_all();
    let require = set("PYTHREAD_REQUIRE_ALL_INTERPRETERS");
    for (slot, why) in &found.missing {
        let require = require || (slot.implementation == "PyPy" && set("PYTHREAD_REQUIRE_PYPY"));
        assert!(!require, "{} is required (PYTHREAD_REQUIRE_ALL_INTERPRETERS) but missing: {why}; install it with `{}`", slot.what, slot.install);
        eprintln!("note: skipping {}: {why}; install it with `{}` (.ci/run does)", slot.what, slot.install);
    }
    let mut interpreters = found.found;
    // python3 counts even where it is none of the nine (a system Python).
    if let Ok(p) = detect("python3") {
        if !interpreters.iter().any(|i| i.implementation == p.implementation && i.version == p.version) {
            interpreters.push(p);
        }
    }
    assert!(!interpreters.is_empty(), "no interpreter found");
    for i in &interpreters {
        eprintln!("interpreter: {} as {}", i.label(), i.variant);
    }
    // python3 and PyPy run more often; the others once.
    let python3 = detect("python3").ok().map(|p| (p.implementation, p.version));
    let (main, extra): (Vec<Interpreter>, Vec<Interpreter>) = interpreters
        .into_iter()
        .partition(|i| i.implementation == "PyPy" || python3.as_ref().is_some_and(|(imp, v)| *imp == i.implementation && *v == i.version));

    let corpus: Vec<_> = corpus().iter().map(|p| conform::load(p).expect("the corpus parses")).collect();
    // A fixed seed keeps CI repeatable; PYTHREAD_SEED explores others.
    let seed = std::env::var("PYTHREAD_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(SEED);
    let dir = std::env::temp_dir().join(format!("pythread-conformance-{seed}-{}", std::process::id()));
    let mut scripts = conform::generate(GENERATED, seed, &dir).expect("generated scenarios are written");
    scripts.extend(conform::probes(PROBES, seed, &dir).expect("probes are written"));

    let mut failures = Vec::new();
    let mut tallies = Vec::new();
    for (what, group, cases, runs) in [
        ("corpus", &main, &corpus, 3),
        ("corpus", &extra, &corpus, 1),
        ("generated and probes", &main, &scripts, 2),
        ("generated and probes", &extra, &scripts, 1),
    ] {
        let (f, t) = run(what, group, cases, runs);
        failures.extend(f);
        tallies.extend(group.iter().cloned().zip(t));
    }
    eprintln!("conformance under {} interpreter(s) in {:.0?}", main.len() + extra.len(), start.elapsed());
    assert!(failures.is_empty(), "{} divergence(s) (generated scenarios and probes: seed {seed}, under {}):\n\n{}", failures.len(), dir.display(), failures.join("\n"));
    for (i, t) in &tallies {
        assert!(t.precise * 100 >= t.generated * 95, "{}: only {} of {} generated scenarios are precise", i.label(), t.precise, t.generated);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
