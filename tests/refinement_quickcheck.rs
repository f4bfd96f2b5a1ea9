//! Refinement, whole programs, with quickcheck: an `Arbitrary` runnable
//! scenario and an arbitrary variant; the runtime's trace replays exactly in
//! the model. Shrinking drops one statement at a time, and a failure prints
//! the shrunk scenario as Python.

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use pythread_impl::exec::{self, Options};
use pythread_impl::refine::{self, Timing};
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::render::render;
use pythread_model::scenario::Scenario;
use pythread_model::variant::Variant;
use pythread_model::workloads::runnable;
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};
use std::sync::Arc;

/// A runnable scenario (from the workload strategy, seeded by quickcheck).
#[derive(Clone)]
struct Runnable(Scenario);

impl std::fmt::Debug for Runnable {
    /// As the Python script, which is what a person wants to read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\n{}", render(&self.0))
    }
}

impl Arbitrary for Runnable {
    fn arbitrary(g: &mut Gen) -> Self {
        let mut seed = [0u8; 32];
        for b in seed.iter_mut() {
            *b = u8::arbitrary(g);
        }
        let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        Runnable(runnable().new_tree(&mut runner).expect("the strategy generates").current())
    }

    /// Each statement of the main code or of a function body left out in
    /// turn (a body keeps at least one statement).
    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let s = self.0.clone();
        let mut smaller = Vec::new();
        for i in 0..s.main.len() {
            let mut t = s.clone();
            t.main.remove(i);
            smaller.push(Runnable(t));
        }
        for (fi, f) in s.functions.iter().enumerate() {
            for i in 0..f.body.len() {
                if f.body.len() > 1 {
                    let mut t = s.clone();
                    t.functions[fi].body.remove(i);
                    smaller.push(Runnable(t));
                }
            }
        }
        // Dropping the Ctrl-C presses is a simplification too.
        if s.ctrl_c > 0 {
            let mut t = s.clone();
            t.ctrl_c = 0;
            smaller.push(Runnable(t));
        }
        Box::new(smaller.into_iter())
    }
}

/// One of the twelve variants.
#[derive(Clone, Debug)]
struct AnyVariant(Variant);

impl Arbitrary for AnyVariant {
    fn arbitrary(g: &mut Gen) -> Self {
        AnyVariant(*g.choose(&Variant::all()).expect("twelve variants"))
    }
}

fn replays(r: Runnable, v: AnyVariant) -> TestResult {
    let source = render(&r.0);
    let Ok(parsed) = parse(&source, "generated.py") else { return TestResult::discard() };
    let program = Arc::new(Program::compile(&parsed));
    let run = exec::run(program.clone(), v.0, &Options::default());
    match refine::check(&PyModel::new(program, v.0), &run.trace, &run.outcome, Timing::Exact) {
        Ok(()) => TestResult::passed(),
        Err(m) => TestResult::error(format!("under {}: {m}", v.0)),
    }
}

#[test]
fn every_whole_program_trace_of_the_runtime_is_a_trace_of_the_model() {
    QuickCheck::new().tests(300).quickcheck(replays as fn(Runnable, AnyVariant) -> TestResult);
}
