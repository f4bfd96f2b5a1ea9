//! A Ctrl-C that comes after `Py_FinalizeEx` turned signal handling off is
//! not a KeyboardInterrupt: SIGINT is back at `SIG_DFL` and the OS kills the
//! process (status 130, the output complete, no traceback). CPython only:
//! PyPy exits normally, and a script that ignores SIGINT stays immune
//! (specs/cpython-findings.md, CP24).

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::Arc;

const DONE: &str = "# pythread: ctrl-c\nprint(\"done\")\n";

fn outcomes(src: &str, platform: Platform, pypy: bool) -> Vec<Outcome> {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let v = Variant { platform, version: "3.11".parse::<Version>().unwrap(), exit: ExitMode::Killed };
    let mut model = PyModel::new(Arc::new(Program::compile(&s)), v);
    if pypy {
        model = model.as_pypy();
    }
    let p = predict(&model, Limits::default());
    assert!(p.complete);
    p.outcomes.into_iter().map(|o| o.outcome).collect()
}

fn killed_after_output(o: &Outcome) -> bool {
    o.exit == Some(130) && o.stdout == ["done"] && o.stderr.is_empty()
}

#[test]
fn a_press_after_the_finalization_kills_cpython_with_130_and_no_traceback() {
    let all = outcomes(DONE, Platform::Linux, false);
    assert!(all.iter().any(killed_after_output), "{all:#?}");
    // The normal exit stays possible: the press may come too late for both.
    assert!(all.iter().any(|o| o.exit == Some(0) && o.stdout == ["done"]), "{all:#?}");
}

#[test]
fn windows_ends_with_its_ctrl_c_status() {
    let all = outcomes(DONE, Platform::Windows, false);
    let status = pythread_model::machine::STATUS_CONTROL_C_EXIT;
    assert!(all.iter().any(|o| o.exit == Some(status) && o.stdout == ["done"] && o.stderr.is_empty()), "{all:#?}");
}

#[test]
fn pypy_and_an_ignored_sigint_have_no_such_end() {
    for (src, platform, pypy) in [
        (DONE.to_string(), Platform::Linux, true),
        (format!("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n{DONE}"), Platform::Linux, false),
    ] {
        let all = outcomes(&src, platform, pypy);
        assert!(!all.iter().any(killed_after_output), "{platform:?} pypy={pypy}:\n{src}\n{all:#?}");
    }
}

#[test]
fn without_a_press_left_the_process_exits_straight_away() {
    let all = outcomes("print(\"done\")\n", Platform::Linux, false);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].exit, Some(0));
}
