//! Every invariant guards a situation the corpus reaches: for each
//! invariant, its `witness-<identifier>` is discovered on some corpus
//! scenario under some variant, and no invariant is violated anywhere.

mod common;

use common::corpus;
use pythread_model::caveats::{witness_name, INVARIANTS};
use pythread_model::check::check;
use pythread_model::frontend::parse_file;
use pythread_model::machine::PyModel;
use pythread_model::outcome::Limits;
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

#[test]
fn every_invariants_witness_is_reached_on_the_corpus_and_no_invariant_is_violated() {
    let scripts = corpus();
    let reached: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let violations = Mutex::new(Vec::new());
    pythread::pool::parallel_map(&scripts, 2, |path| {
        let (_, s) = parse_file(path).expect("corpus parses");
        let program = Arc::new(Program::compile(&s));
        for v in Variant::all() {
            let r = check(&PyModel::new(program.clone(), v), Limits::default());
            assert!(r.complete, "{} under {v}: INCOMPLETE", path.display());
            for (name, _) in &r.violations {
                violations.lock().unwrap().push(format!("{name}: {} under {v}", path.display()));
            }
            for w in r.witnesses {
                reached.lock().unwrap().entry(w.to_string()).or_insert_with(|| format!("{} under {v}", path.display()));
            }
        }
    });
    let violations = violations.into_inner().unwrap();
    assert!(violations.is_empty(), "violations on the corpus:\n{}", violations.join("\n"));
    let reached = reached.into_inner().unwrap();
    let missing: Vec<String> =
        INVARIANTS.iter().map(|i| witness_name(i)).filter(|w| !reached.contains_key(w)).collect();
    assert!(missing.is_empty(), "witnesses no corpus scenario reaches: {missing:?}\nreached: {reached:#?}");
}
