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
