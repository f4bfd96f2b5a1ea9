//! The executor runs every corpus scenario on the runtime, with real threads
//! and the virtual clock, under every variant, and each outcome it observes
//! is one the model predicts.

use pythread_impl::exec::{self, Options};
use pythread_impl::refine::{self, Timing};
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn scripts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut all = Vec::new();
    for dir in [root.clone(), root.join("hazards")] {
        for e in std::fs::read_dir(dir).expect("scenarios/ exists") {
            let p = e.expect("readable").path();
            if p.extension().is_some_and(|x| x == "py") {
                all.push(p);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn every_corpus_outcome_of_the_runtime_is_predicted_by_the_model() {
    let mut failures = Vec::new();
    let mut runs = 0;
    for path in scripts() {
        let src = std::fs::read_to_string(&path).expect("readable");
        let scenario = parse(&src, &path.display().to_string()).expect("the corpus parses");
        let program = Arc::new(Program::compile(&scenario));
        for v in Variant::all() {
            let prediction = predict(&PyModel::new(program.clone(), v), Limits::default());
            assert!(prediction.complete);
            // A few runs each: real threads interleave differently each time.
            for _ in 0..3 {
                let run = exec::run(program.clone(), v, &Options::default());
                runs += 1;
                let model = PyModel::new(program.clone(), v);
                if let Err(m) = refine::check(&model, &run.trace, &run.outcome, Timing::Exact) {
                    failures.push(format!("{} {v}: the trace does not replay: {m}", path.file_name().unwrap().to_string_lossy()));
                }
                // A run given up at its horizon is the model's RUNS FOREVER.
                if !prediction.outcomes.iter().any(|p| p.outcome.as_observed().admits(&run.outcome)) {
                    failures.push(format!(
                        "{} {v}: observed {}\n  predicted: {}",
                        path.file_name().unwrap().to_string_lossy(),
                        run.outcome.summary(),
                        prediction.outcomes.iter().map(|p| p.outcome.summary()).collect::<Vec<_>>().join("\n             ")
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {runs} runs not predicted:\n{}", failures.len(), failures.join("\n"));
}
