//! Looks for a run of the reference runtime that does not replay in the model
//! (virtual clock, every variant), and prints it with the script.
//!
//! ```sh
//! cargo run --release --example refine -- SCRIPT.py     # 20 runs per variant
//! cargo run --release --example refine -- --hunt SEED   # 3,000 generated workloads
//! ```
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use pythread_impl::exec::{run, Options};
use pythread_impl::refine::{self, Timing};
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::render::render;
use pythread_model::variant::Variant;
use std::sync::Arc;

/// Runs `source` `times` times under every variant; the first mismatch, as text.
fn mismatch(source: &str, times: usize) -> Option<String> {
    let program = Arc::new(Program::compile(&parse(source, "script.py").ok()?));
    for v in Variant::all() {
        for _ in 0..times {
            let r = run(program.clone(), v, &Options::default());
            if let Err(e) = refine::check(&PyModel::new(program.clone(), v), &r.trace, &r.outcome, Timing::Exact) {
                let events: Vec<String> = r.trace.iter().map(|e| format!("  {e:?}")).collect();
                return Some(format!("under {v}: {e}\n--- runtime events\n{}", events.join("\n")));
            }
        }
    }
    None
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let found = match args.as_slice() {
        [flag, seed] if flag == "--hunt" => {
            let seed: u64 = seed.parse().expect("SEED is a number");
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
            let workloads = pythread_model::workloads::runnable();
            (0..3000).find_map(|case| {
                let source = render(&workloads.new_tree(&mut runner).expect("a workload").current());
                mismatch(&source, 1).map(|m| format!("case {case} {m}\n--- script\n{source}"))
            })
        }
        [script] => {
            let source = std::fs::read_to_string(script).expect("the script reads");
            mismatch(&source, 20)
        }
        _ => panic!("usage: refine SCRIPT.py | refine --hunt SEED"),
    };
    println!("{}", found.unwrap_or_else(|| "every run replays".into()));
}
