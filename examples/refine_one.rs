use pythread_impl::Clock;
use pythread_impl::exec::{run, Options};
use pythread_impl::refine::{self, Timing};
use pythread_model::frontend::parse_file;
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::Arc;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (_, sc) = parse_file(std::path::Path::new(&args[1])).unwrap_or_else(|_| panic!("parse"));
    let program = Arc::new(Program::compile(&sc));
    for v in Variant::all() {
        for _ in 0..20 {
            let r = run(program.clone(), v, &Options { clock: Clock::Virtual, presses: None, bug: None });
            let m = PyModel::new(program.clone(), v);
            if let Err(e) = refine::check(&m, &r.trace, &r.outcome, Timing::Exact) {
                println!("under {v}: {e}");
                for e in &r.trace { println!("  {:?}", e); }
                return;
            }
        }
    }
    println!("ok");
}
