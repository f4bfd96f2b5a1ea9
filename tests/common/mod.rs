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
