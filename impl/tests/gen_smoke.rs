#![cfg(not(loom))]
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pythread_impl::exec::{self, Options};
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::Arc;
use std::time::Duration;

#[test]
fn smoke() {
    let mut runner = TestRunner::new(Config { cases: 300, max_shrink_iters: 300, ..Config::default() });
    let skipped = std::cell::Cell::new(0);
    let checked = std::cell::Cell::new(0);
    runner
        .run(&pythread_model::generate::scenario(), |s| {
            let program = Arc::new(Program::compile(&s));
            for v in Variant::all() {
                let p = predict(&PyModel::new(program.clone(), v), Limits { max_states: 50_000, timeout: Duration::from_secs(5) });
                if !p.complete {
                    skipped.set(skipped.get() + 1);
                    continue;
                }
                checked.set(checked.get() + 1);
                let run = exec::run(program.clone(), v, &Options::default());
                prop_assert!(
                    p.outcomes.iter().any(|o| o.outcome == run.outcome),
                    "{v}\n{}\nobserved {}\npredicted {:?}",
                    pythread_model::render::render(&s),
                    run.outcome.summary(),
                    p.outcomes.iter().map(|o| o.outcome.summary()).collect::<Vec<_>>()
                );
            }
            Ok(())
        })
        .unwrap();
    eprintln!("checked {}, skipped {}", checked.get(), skipped.get());
}
