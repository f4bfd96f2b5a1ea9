//! A block of stdout printed again, right after itself, from the same
//! frames is kept once as "two or more times" (`model/src/state/output.rs`):
//! a loop that prints on every turn until a Ctrl-C comes back to its state
//! and has finitely many outcomes, a counted loop keeps its count, and a
//! real run's lines are one of the folded outcomes.

mod common;

use common::model;
use pythread::interp::{self, RunSpec};
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Prediction};
use std::time::Duration;

const PRINT_UNTIL_CTRL_C: &str = "# pythread: ctrl-c\nimport time\ntry:\n    while True:\n        print('working')\n        time.sleep(0.2)\nexcept KeyboardInterrupt:\n    print('bye')\n";

fn predicted(model: &PyModel) -> Prediction {
    predict(model, Limits { max_states: 20_000, ..Limits::default() })
}

fn summaries(p: &Prediction) -> Vec<String> {
    p.outcomes.iter().map(|o| o.outcome.summary()).collect()
}

#[test]
fn a_loop_that_prints_every_turn_until_ctrl_c_has_finitely_many_outcomes() {
    let p = predicted(&model(PRINT_UNTIL_CTRL_C));
    assert!(p.complete, "{:?}", p.stop);
    let all = summaries(&p);
    for expected in ["exit 0 | stdout: bye", "exit 0 | stdout: working / bye", "exit 0 | stdout: working ×2+ / bye"] {
        assert!(all.contains(&expected.to_string()), "{expected} missing from {all:#?}");
    }
    // Every line as printed: each turn is a new state, and no search ends.
    let exact = predicted(&model(PRINT_UNTIL_CTRL_C).with_exact_output());
    assert!(!exact.complete);
}

#[test]
fn a_loop_that_prints_forever_runs_forever_with_its_line_two_or_more_times() {
    let src = "import time\nprint('start')\nwhile True:\n    print('tick')\n    time.sleep(1)\n";
    let p = predicted(&model(src));
    assert!(p.complete, "{:?}", p.stop);
    assert_eq!(summaries(&p), vec!["RUNS FOREVER | stdout: start / tick ×2+"]);
}

#[test]
fn a_counted_loop_keeps_its_count() {
    // The counter is a local of the printing frame, or (at module level) a
    // global of the main thread: the frames differ each turn, so nothing
    // folds.
    for src in [
        "def f():\n    for i in range(3):\n        print('x')\nf()\n",
        "n = 0\nwhile n < 3:\n    print('x')\n    n += 1\n",
    ] {
        let p = predicted(&model(src));
        assert!(p.complete, "{:?}", p.stop);
        assert_eq!(summaries(&p), vec!["exit 0 | stdout: x / x / x"], "{src}");
    }
}

#[test]
fn identical_workers_writing_the_same_line_fold_together() {
    // Three workers polling a stop flag, main stopping them at a Ctrl-C: the
    // workers write from the same frames, so their lines fold whichever
    // worker wrote them. (With `print`, two workers' texts can land on one
    // line before either newline: `hellohello`, then an empty line; those
    // turns do not repeat one block, and the search does not end.)
    let src = "# pythread: ctrl-c\nimport sys, threading, time\nstop = threading.Event()\ndef work():\n    while not stop.is_set():\n        sys.stdout.write('hello\\n')\n        time.sleep(0.5)\nfor i in range(3):\n    threading.Thread(target=work).start()\ntry:\n    while True:\n        time.sleep(1)\nexcept KeyboardInterrupt:\n    stop.set()\n";
    let p = predict(&model(src), Limits { max_states: 100_000, ..Limits::default() });
    assert!(p.complete, "{:?}", p.stop);
    assert_eq!(
        summaries(&p),
        vec![
            "exit 0 | stdout: (nothing)",
            "exit 130 | stdout: (nothing) | stderr: KeyboardInterrupt",
            "exit 0 | stdout: hello",
            "exit 0 | stdout: hello ×2+",
            "RUNS FOREVER | stdout: hello ×2+ | stderr: KeyboardInterrupt",
        ]
    );
}

#[test]
fn a_real_run_that_printed_many_times_is_the_folded_outcome() {
    let dir = std::env::temp_dir().join(format!("pythread-folds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("loop.py");
    std::fs::write(&path, PRINT_UNTIL_CTRL_C).unwrap();
    let spec = RunSpec { presses: 1, first_press: Duration::from_millis(1500), ..RunSpec::default() };
    let seen = interp::run("python3", &path, &spec).expect("python3 runs").outcome;
    let p = predicted(&model(PRINT_UNTIL_CTRL_C));
    let admitting: Vec<_> = p.outcomes.iter().filter(|o| o.outcome.admits(&seen)).collect();
    assert_eq!(admitting.len(), 1, "python3 printed {seen:?}; predicted {:#?}", summaries(&p));
    // Each real count of two and more is the one folded outcome.
    let turns = seen.stdout.iter().filter(|l| *l == "working").count();
    assert_eq!(!admitting[0].outcome.repeated.is_empty(), turns >= 2, "{seen:?}");
    std::fs::remove_dir_all(&dir).ok();
}
