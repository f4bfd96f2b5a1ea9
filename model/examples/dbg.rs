use pythread_model::frontend::parse_file;
use pythread_model::machine::PyModel;
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use pythread_model::explore::render_state;
use stateright::Model;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (_, sc) = parse_file(std::path::Path::new(&args[1])).unwrap_or_else(|_| panic!("parse"));
    let mut v = Variant::DEFAULT;
    if args.len() > 2 { v.version = args[2].parse().unwrap(); }
    let m = PyModel::new(Arc::new(Program::compile(&sc)), v);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut q = VecDeque::new();
    for s in m.init_states() { q.push_back((s, 0usize)); }
    let mut order = Vec::new();
    while let Some((s, d)) = q.pop_front() {
        let k = format!("{s:?}");
        if seen.contains_key(&k) { continue; }
        seen.insert(k, d);
        let mut acts = Vec::new();
        m.actions(&s, &mut acts);
        if acts.is_empty() { println!("TERMINAL at depth {d}"); }
        order.push((s.clone(), d, acts.clone()));
        for a in acts {
            let n = m.next_state(&s, a.clone()).unwrap();
            q.push_back((n, d + 1));
        }
    }
    for (s, d, acts) in order.iter().rev().take(3) {
        println!("depth {d} actions {acts:?}\n{}\n{:?}\n", render_state(&m, s), s.threads.iter().map(|t| t.frames.iter().map(|f| (f.code, f.pc, f.at, f.wait)).collect::<Vec<_>>()).collect::<Vec<_>>());
    }
}
