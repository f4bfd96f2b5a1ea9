//! Helpers shared by the cross-crate tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `pythread` binary with these arguments from the repository root.
pub fn pythread(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pythread"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("pythread runs")
}

/// The `.py` files directly under `dir`, sorted.
pub fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v
}

/// The corpus scripts (`scenarios/*.py`).
pub fn corpus() -> Vec<PathBuf> {
    scripts(&root().join("scenarios"))
}

/// The one outcome the model predicts for `src` under Linux, CPython
/// `version`, threads killed at exit (panics if there are several or the
/// search is incomplete).
pub fn only_outcome(src: &str, version: &str) -> pythread_model::outcome::Outcome {
    use pythread_model::variant::{ExitMode, Platform, Variant, Version};
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let v = Variant { platform: Platform::Linux, version: version.parse::<Version>().unwrap(), exit: ExitMode::Killed };
    let m = pythread_model::machine::PyModel::new(std::sync::Arc::new(pythread_model::program::Program::compile(&s)), v);
    let p = pythread_model::outcome::predict(&m, pythread_model::outcome::Limits::default());
    assert!(p.complete);
    assert_eq!(p.outcomes.len(), 1, "{:#?}", p.outcomes);
    p.outcomes.into_iter().next().unwrap().outcome
}

/// Asserts that `src` parses, renders, and parses back to the same text.
pub fn assert_renders_back(src: &str) {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let text = pythread_model::render::render(&s);
    let again = pythread_model::parse(&text, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(pythread_model::render::render(&again), text);
}
