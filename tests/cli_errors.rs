//! Every way to call `pythread` wrongly ends with exit status 2 and a clear
//! first line: a missing or unreadable file, a directory where a script is
//! wanted, an unknown variant, a bad number, flags that contradict each
//! other. None panics, none prints a verdict.

mod common;

/// Runs pythread; (status, stdout, first line of stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = common::pythread(args);
    let err = String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default().to_string();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

fn bad(args: &[&str], first_line: &str) {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: exit {code}\n{out}\n{err}");
    assert!(err.contains(first_line), "{args:?}: the first line of stderr is `{err}`, not `{first_line}`");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(!out.contains("holds") && !out.contains("complete"), "{args:?} printed a verdict:\n{out}");
}

const SCRIPT: &str = "scenarios/hazards/hang.py";

#[test]
fn a_missing_file_is_named_with_its_os_error() {
    for cmd in ["parse", "predict", "check", "explore"] {
        bad(&[cmd, "no/such/script.py"], "no/such/script.py:1:1: error: cannot read file: No such file or directory");
    }
    bad(&["render", "no/such/ir.json"], "no/such/ir.json: cannot read: No such file or directory");
    bad(&["conform", "no/such/script.py"], "no/such/script.py");
}

#[test]
fn a_directory_where_a_script_is_wanted_is_refused() {
    for cmd in ["parse", "predict", "explore"] {
        bad(&[cmd, "scenarios"], "scenarios:1:1: error: cannot read file: Is a directory");
    }
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = std::env::temp_dir().join(format!("pythread-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("latin1.py");
    std::fs::write(&file, b"print('caf\xe9')\n").expect("write");
    let path = file.to_str().expect("utf-8 path");
    bad(&["predict", path], "cannot read file: stream did not contain valid UTF-8");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_variant_lists_the_known_ones() {
    bad(&["predict", SCRIPT, "--platform", "beos"], "error: unknown platform `beos` (linux, posix, windows, all)");
    bad(&["check", SCRIPT, "--version", "2.7"], "error: unknown version `2.7` (pythread models CPython 3.8 … 3.14, or a patch release such as 3.13.0; all; groups)");
    bad(&["check", SCRIPT, "--version", "3.15"], "error: unknown version `3.15`");
    bad(&["predict", SCRIPT, "--exit", "maybe"], "error: unknown exit mode `maybe` (killed, survive, all)");
    bad(&["conform", "--platform", "beos"], "error: unknown platform `beos`");
}

#[test]
fn a_bad_number_is_refused_before_any_work() {
    bad(&["predict", SCRIPT, "--timeout", "abc"], "error: invalid value 'abc' for '--timeout <TIMEOUT>'");
    bad(&["predict", SCRIPT, "--timeout=-1"], "error: --timeout must be a positive number of seconds, not -1");
    bad(&["predict", SCRIPT, "--timeout", "nan"], "error: --timeout must be a positive number of seconds, not NaN");
    bad(&["check", SCRIPT, "--max-states", "0"], "error: --max-states must be at least 1");
    bad(&["check", SCRIPT, "--max-states", "-5"], "error: unexpected argument '-5' found");
    bad(&["check", SCRIPT, "--max-depth", "0"], "error: --max-depth must be at least 1");
    bad(&["check", SCRIPT, "--jobs", "0"], "error: --jobs must be at least 1");
    bad(&["check", SCRIPT, "--max-memory", "0"], "error: --max-memory must be at least 1 (MiB)");
    bad(&["check", SCRIPT, "--max-memory", "lots"], "error: invalid value 'lots' for '--max-memory <MAX_MEMORY>'");
    bad(&["conform", "--cases", "x"], "error: invalid value 'x' for '--cases <CASES>'");
    bad(&["conform", "--runs", "0"], "error: --runs must be at least 1");
    bad(&["conform", "--jobs", "0"], "error: --jobs must be at least 1");
}

#[test]
fn contradicting_flags_are_refused() {
    bad(&["explore", SCRIPT, "--platform", "all"], "error: explore takes one variant");
    bad(&["conform", "--version", "all"], "error: conform predicts for one variant");
    bad(&["conform", SCRIPT, "--seed", "5"], "error: --seed and --out are about generated scenarios and probes: give --cases N or --probes N too");
    bad(&["predict", SCRIPT, "--format", "yaml"], "error: invalid value 'yaml' for '--format <FORMAT>'");
    bad(&["explore", SCRIPT, "--addr", "not-an-address"], "error: cannot serve on not-an-address");
}

#[test]
fn a_missing_or_unknown_command_or_argument_is_a_usage_error() {
    bad(&[], "An executable specification of Python's thread caveats");
    bad(&["frobnicate"], "error: unrecognized subcommand 'frobnicate'");
    bad(&["predict"], "error: the following required arguments were not provided:");
    bad(&["check", "--frobnicate"], "error: unexpected argument '--frobnicate' found");
    bad(&["spec", "--root", "no/such/repo"], "error: no/such/repo/specs: No such file or directory");
}
