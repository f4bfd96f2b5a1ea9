//! `pythread conform` on the command line: exit statuses and reports.

mod common;

use common::pythread;

fn script(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pythread-conform-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("written");
    p
}

const SIGUSR1: &str = "import signal\n\ndef handler(signum, frame):\n    pass\n\nsignal.signal(signal.SIGUSR1, handler)\nprint(\"installed\")\n";

#[test]
fn a_script_that_agrees_exits_0_and_says_so() {
    let p = script("agrees.py", SIGUSR1);
    let out = pythread(&["conform", "--runs", "1", p.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("python3 (CPython"), "{text}");
    // CPython is predicted as its patch release (3.13.0 and 3.13.18 differ).
    let row = text.lines().find(|l| l.starts_with("python3 (CPython")).expect("a row for python3");
    let variant = row.split_whitespace().find(|w| w.starts_with("linux/")).expect("a variant");
    assert_eq!(variant.split('/').nth(1).map(|v| v.split('.').count()), Some(3), "{row}");
}

#[test]
fn all_interpreters_runs_each_one_found_and_names_the_others() {
    let p = script("all.py", SIGUSR1);
    let out = pythread(&["conform", "--all-interpreters", "--runs", "1", "--jobs", "2", p.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let missing = text.lines().filter(|l| l.starts_with("not found: ")).count();
    let rows = text.lines().filter(|l| l.contains(" (CPython ") || l.contains(" (PyPy ")).count();
    // Nine slots: each is a row (one per version) or a `not found:` line.
    assert_eq!(rows + missing, 9, "{text}");
    for l in text.lines().filter(|l| l.starts_with("not found: ")) {
        assert!(l.contains("(install: "), "says how to install it: {l}");
    }
}

#[test]
fn probes_are_written_run_and_counted() {
    let dir = std::env::temp_dir().join(format!("pythread-conform-cli-probes-{}", std::process::id()));
    let out = pythread(&["conform", "--probes", "4", "--seed", "11", "--runs", "1", "--out", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    // 0 or 1: the model decides whether they agree; this test is about the command.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{text}");
    for i in 0..4 {
        let f = dir.join(format!("probe-11-{i:04}.py"));
        let src = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(src.starts_with("# probe by `pythread conform --probes 4 --seed 11`"), "{src}");
    }
    assert!(text.contains("python3: ") && text.contains(" of 4 probes ("), "{text}");
    assert!(text.contains("probes: seed 11 (rerun with --seed 11)"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_wrong_variant_diverges_with_exit_1_and_a_report() {
    let p = script("diverges.py", SIGUSR1);
    let out = pythread(&["conform", "--runs", "1", "--platform", "windows", p.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("DIVERGENCE"), "{text}");
    assert!(text.contains("observed:  exit 0 | stdout: installed"), "{text}");
    assert!(text.contains("predicted: exit 1 | stdout: (nothing) | stderr: AttributeError"), "{text}");
    assert!(text.contains("signal.signal(signal.SIGUSR1, handler)"), "the nearest trace is shown:\n{text}");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let bad = script("bad.py", "import threading\nx = 1 +\n");
    for args in [
        vec!["conform", "--python", "no-such-python-here"],
        vec!["conform", "/no/such/script.py"],
        vec!["conform", bad.to_str().unwrap()],
        vec!["conform", "--runs", "0"],
        vec!["conform", "--jobs", "0"],
        vec!["conform", "--platform", "all"],
        vec!["conform", "--cases", "many"],
        vec!["conform", "--probes", "many"],
        vec!["conform", "--seed", "3"],
    ] {
        let out = pythread(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.trim().is_empty(), "{args:?} says why");
    }
}

#[test]
fn json_output_is_one_document_with_every_result() {
    let p = script("json.py", SIGUSR1);
    let out = pythread(&["conform", "--runs", "1", "--format", "json", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["interpreters"][0]["agree"], 1);
    assert_eq!(v["results"][0]["verdict"], "agree");
}
