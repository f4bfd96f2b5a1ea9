use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use pythread_impl::exec::{run, Options};
use pythread_impl::refine::{self, Timing};
use pythread_impl::Clock;
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::render::render;
use pythread_model::variant::Variant;
use std::sync::Arc;
fn main() {
    let seed: u64 = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(1);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strat = pythread_model::workloads::runnable();
    for case in 0..3000 {
        let s = strat.new_tree(&mut runner).unwrap().current();
        let src = render(&s);
        let program = Arc::new(Program::compile(&parse(&src, "g.py").unwrap()));
        for v in Variant::all() {
            let r = run(program.clone(), v, &Options { clock: Clock::Virtual, presses: None, bug: None });
            let m = PyModel::new(program.clone(), v);
            if let Err(e) = refine::check(&m, &r.trace, &r.outcome, Timing::Exact) {
                println!("case {case} under {v}: {e}\n--- script\n{src}");
                for e in &r.trace { println!("  {:?}", e); }
                return;
            }
        }
    }
    println!("ok");
}
