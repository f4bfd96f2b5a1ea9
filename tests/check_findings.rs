//! `check` keeps the model's verdict apart from the script's findings, each
//! finding has a severity, and `--fail-on` gates the exit status on them
//! (issue 19).

mod common;

use common::pythread;

const ONE: [&str; 6] = ["--platform", "linux", "--version", "3.13", "--exit", "killed"];

fn check(extra: &[&str], script: &str) -> (String, Option<i32>) {
    let mut args = vec!["check"];
    args.extend_from_slice(&ONE);
    args.extend_from_slice(extra);
    args.push(script);
    let out = pythread(&args);
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code())
}

#[test]
fn the_summary_says_what_is_the_models_and_what_is_the_scripts() {
    let (out, code) = check(&[], "scenarios/hazards/hang.py");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("The model: every property holds") && out.contains("not a verdict on the script"), "{out}");
    assert!(out.contains("Your script: 1 finding(s): 1 error(s), 0 warning(s), 0 note(s)."), "{out}");
    assert!(out.lines().any(|l| l.starts_with("error") && l.contains(" hang ")), "{out}");
}

#[test]
fn fail_on_gates_the_exit_status_by_severity() {
    // hang is an error: --fail-on error and warning fail; never passes.
    assert_eq!(check(&["--fail-on", "error"], "scenarios/hazards/hang.py").1, Some(1));
    assert_eq!(check(&["--fail-on", "warning"], "scenarios/hazards/hang.py").1, Some(1));
    assert_eq!(check(&["--fail-on", "never"], "scenarios/hazards/hang.py").1, Some(0));
    // Its fix has no finding at all.
    let (out, code) = check(&["--fail-on", "note"], "scenarios/hazards/hang_fixed.py");
    assert_eq!(code, Some(0), "{out}");
    let bad = pythread(&["check", "--fail-on", "sometimes", "scenarios/hazards/hang.py"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown severity `sometimes` (error, warning, note), or never"));
}

#[test]
fn every_hazard_kind_has_a_severity_and_the_json_carries_it() {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(&ONE);
    args.push("scenarios/hazards/hang.py");
    let out = pythread(&args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hazards"][0]["hazards"][0]["severity"], "error");
    use pythread_model::hazards::{Severity, KINDS};
    assert!(KINDS.iter().any(|k| k.severity == Severity::Note));
    assert!(KINDS.iter().any(|k| k.severity == Severity::Warning));
}
