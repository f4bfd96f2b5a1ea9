//! A finding's text and fix follow the variants that show it and the
//! situation its trace shows (issue 19): the exit status of the platforms at
//! hand, where a hang waits, which thread the exit killed, what exactly
//! differs between platforms and why, and a Ctrl-C before the script's `try`
//! told apart from one the script leaves uncaught.

mod common;

use common::pythread;
use serde_json::Value;

/// `check --format json` of one script; its findings by id.
fn findings(script: &str, variant: &[&str]) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(variant);
    args.push(script);
    let out = pythread(&args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    v["hazards"][0]["hazards"].as_array().cloned().unwrap_or_default()
}

fn finding<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter().find(|f| f["id"] == id).unwrap_or_else(|| panic!("no {id} among {all:#?}"))
}

fn text(f: &Value, field: &str) -> String {
    f[field].as_str().expect("a string").to_string()
}

#[test]
fn an_uncaught_ctrl_c_names_the_exit_status_of_the_platforms_that_show_it() {
    let script = "scenarios/hazards/keyboardinterrupt-escapes-main.py";
    let linux = findings(script, &["--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    let e = text(finding(&linux, "keyboardinterrupt-escapes-main"), "explanation");
    assert!(e.contains("exit status 130") && !e.contains("3221225786"), "{e}");
    let windows = findings(script, &["--platform", "windows", "--version", "3.13", "--exit", "killed"]);
    let e = text(finding(&windows, "keyboardinterrupt-escapes-main"), "explanation");
    assert!(e.contains("3221225786") && !e.contains("130;"), "{e}");
    let both = findings(script, &["--platform", "all", "--version", "3.13", "--exit", "killed"]);
    let e = text(finding(&both, "keyboardinterrupt-escapes-main"), "explanation");
    assert!(e.contains("exit status 130; on Windows 3221225786"), "{e}");
}

#[test]
fn a_hang_says_where_each_thread_waits_and_its_fix_follows_the_platform() {
    let script = "scenarios/hazards/hang.py";
    let windows = findings(script, &["--platform", "windows", "--version", "3.13", "--exit", "killed"]);
    let hang = finding(&windows, "hang");
    assert!(text(hang, "explanation").starts_with("on Windows before 3.14 a run can block forever (main at line 29"), "{hang}");
    assert!(text(hang, "fix").contains("timeout"), "{hang}");
    let linux = findings(script, &["--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    let hang = finding(&linux, "hang");
    assert!(text(hang, "explanation").starts_with("a run can block forever (main at line 29 (`lock.acquire()`) waits)"), "{hang}");
    assert!(text(hang, "fix").starts_with("make sure what each wait waits for always happens"), "{hang}");
}

#[test]
fn an_exit_finding_names_the_killed_thread_and_its_line() {
    let f = findings("scenarios/hazards/finally-skipped-at-exit.py", &["--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    let e = text(finding(&f, "finally-skipped-at-exit"), "explanation");
    assert!(e.ends_with("killed Thread-1 (write_report) at line 16 (`time.sleep(0.5)`)"), "{e}");
}

#[test]
fn platforms_differing_says_what_differs_and_why() {
    // A POSIX-only name: Windows stops where the script uses it.
    let f = findings("scenarios/interrupts-main-only_os_kill_last_in_try_is_caught.py", &["--version", "3.13", "--exit", "killed"]);
    let d = finding(&f, "differs-across-platforms");
    let e = text(d, "explanation");
    assert!(e.starts_with("on Windows the script stops at line 23 (`signal.signal(signal.SIGUSR1, handler)`) with AttributeError"), "{e}");
    assert!(e.contains("under linux/3.13/killed the script can end: exit 0 | stdout: before / caught / after"), "{e}");
    assert!(text(d, "fix").contains("hasattr(signal"), "{d}");
    // A process signal landing on another thread: POSIX against Linux.
    let f = findings("scenarios/cpython-test_lock_acquire_interruption.py", &["--version", "3.13", "--exit", "killed"]);
    let d = finding(&f, "differs-across-platforms");
    assert!(text(d, "explanation").starts_with("a process signal (os.kill, Ctrl-C) may land on any thread under POSIX"), "{d}");
    assert!(text(d, "variants").starts_with("posix/3.13/killed vs linux"), "{d}");
    assert!(text(d, "fix").contains("pthread_sigmask"), "{d}");
    // Windows before 3.14: Ctrl-C leaves a lock wait alone.
    let f = findings("scenarios/acquire-interruptible_ctrl_c_blocking_acquire.py", &["--version", "3.13", "--exit", "killed"]);
    let d = finding(&f, "differs-across-platforms");
    assert!(text(d, "explanation").starts_with("on Windows before 3.14 Ctrl-C does not interrupt the main thread's lock waits"), "{d}");
}

#[test]
fn a_ctrl_c_during_a_wait_before_the_try_is_uncaught_not_a_start_up_race() {
    // Line 29 sleeps before the `try` of line 31: a Ctrl-C during that
    // sleep is one the script never catches; one before anything waited is
    // the start-up race.
    let f = findings("scenarios/acquire-interruptible_ctrl_c_blocking_acquire.py", &["--platform", "linux", "--version", "3.13", "--exit", "killed"]);
    assert_eq!(finding(&f, "keyboardinterrupt-escapes-main")["line"], 29);
    assert_eq!(finding(&f, "keyboardinterrupt-before-try")["line"], 31);
}

#[test]
fn the_variants_of_a_finding_are_written_as_what_they_leave_out_when_shorter() {
    let out = pythread(&["check", "--version", "groups", "--traces=none", "scenarios/hazards/hang.py"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let hang = text.lines().find(|l| l.starts_with("error") && l.contains(" hang ")).unwrap_or_else(|| panic!("{text}"));
    assert!(hang.contains("all but windows/3.14/*"), "{hang}");
}
