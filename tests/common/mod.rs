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

/// The model of `src` under linux/3.13/killed (`Variant::DEFAULT`).
pub fn model(src: &str) -> pythread_model::machine::PyModel {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    pythread_model::machine::PyModel::new(std::sync::Arc::new(pythread_model::program::Program::compile(&s)), pythread_model::variant::Variant::DEFAULT)
}

/// Asserts that `src` parses, renders, and parses back to the same text.
pub fn assert_renders_back(src: &str) {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let text = pythread_model::render::render(&s);
    let again = pythread_model::parse(&text, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(pythread_model::render::render(&again), text);
}

/// Debian's `chromium` (or `$PYTHREAD_CHROMIUM`), if installed.
pub fn chromium() -> Option<PathBuf> {
    let candidates = [std::env::var("PYTHREAD_CHROMIUM").unwrap_or_default(), "/usr/bin/chromium".into(), "/usr/bin/chromium-browser".into()];
    candidates.iter().filter(|c| !c.is_empty()).map(PathBuf::from).find(|p| p.exists())
}

/// Chromium, or `None` after saying the browser test is skipped; where
/// `PYTHREAD_REQUIRE_CHROMIUM` is set (CI) a missing one fails the test.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(std::env::var_os("PYTHREAD_REQUIRE_CHROMIUM").is_none(), "PYTHREAD_REQUIRE_CHROMIUM is set but chromium is missing");
        eprintln!("skipped: no chromium (install Debian's `chromium`, as .ci/run does)");
    }
    found
}

/// Headless Chromium on `url` with a fresh profile, `extra` flags added
/// (`--dump-dom`, `--screenshot=…`); it runs the page's scripts for up to
/// 20 s of virtual time.
pub fn headless(browser: &Path, extra: &[String], url: &str) -> Output {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let profile = std::env::temp_dir().join(format!("pythread-chromium-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&profile).expect("profile dir");
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=20000",
        "--window-size=1400,1000",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend_from_slice(extra);
    args.push(url.to_string());
    let out = Command::new(browser).args(&args).output().expect("chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    out
}
