//! Any accepted script through the model under a variant the first byte
//! picks: prediction, hazard analysis and property checks never panic and
//! stop within their limits.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pythread_model::check::check;
use pythread_model::hazards::analyze;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::Arc;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(source) = std::str::from_utf8(rest) else { return };
    let Ok(scenario) = pythread_model::parse(source, "fuzz.py") else { return };
    let variants = Variant::all();
    let variant = variants[pick as usize % variants.len()];
    let model = PyModel::new(Arc::new(Program::compile(&scenario)), variant);
    let limits = Limits { max_states: 20_000, timeout: Duration::from_secs(2), ..Limits::default() };
    let p = predict(&model, limits);
    assert!(p.complete || p.states >= 1);
    let _ = analyze(&model, limits);
    let _ = check(&model, limits);
});
