//! Without --version, `predict` follows the python3 on PATH (or
//! `$PYTHREAD_PYTHON`) and says so; with none, the newest version; `check`
//! of a user's script adds that version to the groups (issue 19).

use std::process::Command;

fn run(args: &[&str], python: Option<&str>) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pythread"));
    c.args(args);
    if let Some(p) = python {
        c.env("PYTHREAD_PYTHON", p);
    }
    let out = c.output().expect("pythread runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn script() -> String {
    let p = std::env::temp_dir().join(format!("pythread-default-{}.py", std::process::id()));
    std::fs::write(&p, "print('hi')\n").unwrap();
    p.display().to_string()
}

/// `3.11.7` for the python3 that runs the tests.
fn python3_version() -> Option<String> {
    let out = Command::new("python3").args(["-c", "import platform; print(platform.python_version())"]).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn predict_takes_the_version_of_the_python3_on_path_and_says_so() {
    let Some(version) = python3_version() else { return };
    let s = script();
    let out = run(&["predict", &s], None);
    assert!(out.contains(&format!("/{version}/killed")), "{out}");
    assert!(out.contains("those of the python3 on PATH (CPython"), "{out}");
    // Asked for: no note.
    let out = run(&["predict", "--version", "3.13", "--platform", "linux", &s], None);
    assert!(out.contains("linux/3.13/killed") && !out.contains("by default"), "{out}");
}

#[test]
fn without_a_python_the_newest_version_is_taken_and_the_output_says_why() {
    let s = script();
    let out = run(&["predict", &s], Some("/nonexistent/python3"));
    assert!(out.contains("linux/3.14/killed"), "{out}");
    assert!(out.contains("the newest (/nonexistent/python3: cannot run it"), "{out}");
}

#[test]
fn check_of_a_users_script_adds_their_version_to_the_groups() {
    let Some(version) = python3_version() else { return };
    let s = script();
    let out = run(&["check", "--platform", "linux", "--exit", "killed", &s], None);
    assert!(out.contains(&format!("linux/{version}/killed")), "{out}");
    assert!(out.contains("linux/3.13/killed") && out.contains("linux/3.9/killed"), "{out}");
}

#[test]
fn check_with_no_script_outside_the_repository_says_what_to_do() {
    let dir = std::env::temp_dir().join(format!("pythread-no-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pythread")).arg("check").current_dir(&dir).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no script given, and no scenarios/ here") && err.contains("pythread check my_script.py"), "{err}");
}
