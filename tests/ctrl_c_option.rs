//! `--ctrl-c[=N]` on predict, check and explore (issue 19): Ctrl-C pressed
//! without editing the script, and a note when a script that handles
//! Ctrl-C is run with no press.

mod common;

use common::pythread;

const JOIN: &str = "import threading\nimport time\n\n\ndef work():\n    time.sleep(0.5)\n\n\nt = threading.Thread(target=work)\nt.start()\ntry:\n    t.join()\nexcept KeyboardInterrupt:\n    print(\"interrupted\")\nprint(\"done\")\n";

fn script(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pythread-ctrl-c-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn stdout(args: &[&str]) -> (String, i32) {
    let out = pythread(args);
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn without_a_press_a_script_that_catches_keyboardinterrupt_gets_a_note_saying_how_to_ask() {
    let s = script("join.py", JOIN);
    let (out, code) = stdout(&["predict", &s]);
    assert_eq!(code, 0);
    assert!(out.contains(":11 handles Ctrl-C, but no Ctrl-C is pressed") && out.contains("--ctrl-c"), "{out}");
    assert!(out.contains("1 outcome(s)"), "{out}");
}

#[test]
fn ctrl_c_presses_at_every_moment_and_the_note_goes() {
    let s = script("join2.py", JOIN);
    let (out, code) = stdout(&["predict", "--ctrl-c", &s]);
    assert_eq!(code, 0);
    assert!(!out.contains("note:"), "{out}");
    assert!(out.contains("stdout: interrupted / done"), "{out}");
    assert!(out.contains("stderr: KeyboardInterrupt"), "{out}");
    // Two presses: a second can interrupt the `except` clause too.
    let (two, _) = stdout(&["predict", "--ctrl-c=2", "--format", "json", &s]);
    let v: serde_json::Value = serde_json::from_str(&two).unwrap();
    assert_eq!(v[0]["ctrl_c_presses"], 2);
}

#[test]
fn ctrl_c_zero_overrides_the_scripts_comment() {
    let s = script("pragma.py", &format!("# pythread: ctrl-c\n{JOIN}"));
    let (with, _) = stdout(&["predict", &s]);
    let (without, _) = stdout(&["predict", "--ctrl-c=0", &s]);
    assert!(with.contains("KeyboardInterrupt"), "{with}");
    assert!(!without.contains("KeyboardInterrupt") && without.contains("1 outcome(s)"), "{without}");
}

#[test]
fn check_takes_ctrl_c_too_and_a_count_above_sixteen_is_refused() {
    let s = script("join3.py", JOIN);
    let (out, code) = stdout(&["check", "--ctrl-c", "--version", "3.13", "--platform", "linux", "--exit", "killed", &s]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("note:"), "{out}");
    let bad = pythread(&["predict", "--ctrl-c=17", &s]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--ctrl-c takes a press count from 0 to 16, not 17"));
}
