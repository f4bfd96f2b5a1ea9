//! Runs the loom suite (`RUSTFLAGS="--cfg pythread_loom" cargo test -p pythread-impl
//! --release`) from the ordinary test run, so `cargo test --release` covers
//! it. It builds into `target/loom`, apart from the normal build, because
//! the cfg changes every crate's build. The cfg is our own name, not loom's
//! customary `--cfg loom`: a crate the parser depends on (char_str) switches
//! to loom under that one and no longer builds.
#![cfg(not(pythread_loom))]

use std::path::Path;
use std::process::Command;

#[test]
fn the_loom_suite_explores_every_primitive_and_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .args(["test", "-p", "pythread-impl", "--release", "--", "--nocapture", "--test-threads=2"])
        .env("RUSTFLAGS", "--cfg pythread_loom")
        .env("CARGO_TARGET_DIR", root.join("target").join("loom"))
        .current_dir(&root)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the loom suite failed:\n{stdout}\n{stderr}");
    // Each loom test prints how many interleavings it explored.
    let explored: Vec<&str> = stderr.lines().filter(|l| l.contains(" interleavings (preemption bound")).collect();
    eprintln!("{}", explored.join("\n"));
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")).expect("tests/");
    let loom_tests: usize = files
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("loom_") && e.file_name() != "loom_suite.rs")
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable").matches("#[test]").count())
        .sum();
    assert!(loom_tests >= 15, "the loom suite has {loom_tests} tests");
    assert_eq!(explored.len(), loom_tests, "every loom test explored its model");
}
