//! Honest verdicts: a search cut short by any limit says INCOMPLETE with
//! the limit that stopped it and exits 3; it never exits 0 and never says
//! a property holds. And a search within its limits says it is complete.

mod common;

use std::path::PathBuf;

fn run(args: &[&str]) -> (i32, String) {
    let out = common::pythread(args);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// A script with a few thousand states per variant (workloads::contention).
/// Each test has its own copy (`name`): tests run at once in one process.
fn workload(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("pythread-limits-{name}-{}.py", std::process::id()));
    std::fs::write(&p, pythread_model::workloads::contention(4)).expect("write");
    p
}

/// Each limit's flags, what the text says of it, and its JSON name.
const LIMITS: [(&[&str], &str, &str); 4] = [
    (&["--max-states", "100"], "the state limit (--max-states) was reached", "max-states"),
    (&["--max-depth", "4"], "paths longer than --max-depth were cut", "max-depth"),
    (&["--timeout", "0.000001"], "the time limit (--timeout) was reached", "timeout"),
    (&["--max-memory", "1"], "the memory limit (--max-memory) was reached", "max-memory"),
];

/// No line claims a verdict the search did not earn.
fn claims_nothing(out: &str) -> bool {
    let verdict_holds = out.lines().any(|l| l.split_whitespace().nth(2) == Some("holds"));
    !verdict_holds && !out.contains("every property holds") && !out.to_lowercase().contains("verified") && !out.contains(", complete")
}

#[test]
fn check_cut_short_by_any_limit_says_incomplete_and_exits_3() {
    let script = workload("check");
    let s = script.to_str().expect("path");
    for (flags, why, name) in LIMITS {
        let mut args = vec!["check", s, "--platform", "linux", "--version", "3.13", "--exit", "killed"];
        args.extend_from_slice(flags);
        let (code, out) = run(&args);
        assert_eq!(code, 3, "{flags:?}:\n{out}");
        assert!(out.contains("INCOMPLETE"), "{flags:?}:\n{out}");
        assert!(out.contains(why), "{flags:?} names its limit:\n{out}");
        assert!(claims_nothing(&out), "{flags:?} claims a verdict:\n{out}");
        // The same as JSON: not complete, stopped by that limit.
        args.extend_from_slice(&["--format", "json"]);
        let (code, out) = run(&args);
        assert_eq!(code, 3, "{flags:?} json:\n{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["complete"], false);
        assert!(v["checks"].as_array().expect("checks").iter().all(|c| c["verdict"] == "INCOMPLETE"), "{out}");
        // Each check says which limit stopped it.
        assert!(v["checks"].as_array().expect("checks").iter().all(|c| c["stopped_by"].as_array().expect("stopped_by").contains(&name.into())), "{out}");
    }
    let _ = std::fs::remove_file(&script);
}

#[test]
fn predict_cut_short_by_any_limit_says_incomplete_and_exits_3() {
    let script = workload("predict");
    let s = script.to_str().expect("path");
    for (flags, why, _) in LIMITS {
        let mut args = vec!["predict", s];
        args.extend_from_slice(flags);
        let (code, out) = run(&args);
        assert_eq!(code, 3, "{flags:?}:\n{out}");
        assert!(out.contains(&format!("INCOMPLETE: {why}")), "{flags:?}:\n{out}");
        assert!(claims_nothing(&out), "{flags:?}:\n{out}");
    }
    let _ = std::fs::remove_file(&script);
}

#[test]
fn a_script_beyond_the_models_thread_or_lock_count_is_incomplete_not_wrong() {
    let p = std::env::temp_dir().join(format!("pythread-many-locks-{}.py", std::process::id()));
    // Forty locks kept (a list holds them): one made and dropped per turn
    // would be freed (tests/slot_reuse.rs).
    std::fs::write(&p, "import threading\nkept = []\nfor _ in range(40):\n    kept.append(threading.Lock())\nprint(\"made\")\n").expect("write");
    let s = p.to_str().expect("path");
    let (code, out) = run(&["predict", s]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("0 outcome(s)") && out.contains("beyond what the model holds"), "{out}");
    let (code, out) = run(&["check", s, "--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("INCOMPLETE") && claims_nothing(&out), "{out}");
    let _ = std::fs::remove_file(&p);
}

#[test]
fn a_search_within_its_limits_is_complete() {
    let script = workload("within");
    let s = script.to_str().expect("path");
    let (code, out) = run(&["check", s, "--platform", "linux", "--version", "3.13", "--exit", "killed", "--max-depth", "1000"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every property holds"), "{out}");
    let _ = std::fs::remove_file(&script);
}

#[test]
fn a_counter_without_bound_is_incomplete_and_names_its_loop() {
    let p = std::env::temp_dir().join(format!("pythread-limits-counter-{}.py", std::process::id()));
    std::fs::write(&p, "import time\nn = 0\nwhile True:\n    n += 1\n    time.sleep(0.1)\n").expect("write");
    let s = p.to_str().expect("path");
    let (code, out) = run(&["predict", s, "--max-states", "500"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("INCOMPLETE") && out.contains("the loop at line 3"), "{out}");
    let (code, out) = run(&["check", s, "--max-states", "500", "--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains(&format!("the loop at {s}:3")), "{out}");
    assert!(claims_nothing(&out), "{out}");
}
