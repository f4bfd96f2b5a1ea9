//! The clock is part of a state only while a value may hold an instant read
//! from it (`program/clock.rs`): a polling loop on an Event or a Queue comes
//! back to a state it was in, and a loop that measures time against a
//! start it keeps still ends when the time is up.

use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::Arc;

/// The outcomes `predict` finds for `source` under linux/3.13/killed, the
/// search complete within 100,000 states.
fn outcomes(source: &str) -> Vec<String> {
    let scenario = parse(source, "t.py").unwrap_or_else(|e| panic!("{e:?}"));
    let model = PyModel::new(Arc::new(Program::compile(&scenario)), Variant::DEFAULT);
    let p = predict(&model, Limits { max_states: 100_000, ..Limits::default() });
    assert!(p.complete, "{source}: {:?}", p.stop);
    p.outcomes.iter().map(|o| o.outcome.summary()).collect()
}

#[test]
fn a_loop_polling_an_event_nobody_sets_runs_forever_and_the_search_ends() {
    let src = "import threading, time\nev = threading.Event()\nwhile not ev.is_set():\n    time.sleep(0.5)\nprint('never')\n";
    assert_eq!(outcomes(src), vec!["RUNS FOREVER | stdout: (nothing)"]);
}

#[test]
fn a_loop_polling_a_queue_with_a_timeout_runs_forever_and_the_search_ends() {
    let src = "import queue\nq = queue.Queue()\nwhile True:\n    try:\n        q.get(timeout=0.5)\n    except queue.Empty:\n        pass\n";
    assert_eq!(outcomes(src), vec!["RUNS FOREVER | stdout: (nothing)"]);
}

#[test]
fn a_loop_that_waits_until_a_kept_start_is_a_second_ago_ends() {
    // In a function (the start is a local) and at module level (a global):
    // both keep the clock, and the loop ends after four sleeps.
    for src in [
        "import time\ndef f():\n    start = time.monotonic()\n    while time.monotonic() - start < 1.0:\n        time.sleep(0.3)\n    print('done')\nf()\n",
        "import time\nstart = time.monotonic()\nwhile time.monotonic() - start < 1.0:\n    time.sleep(0.3)\nprint('done')\n",
    ] {
        assert_eq!(outcomes(src), vec!["exit 0 | stdout: done"], "{src}");
    }
}

#[test]
fn a_queue_get_that_times_out_inside_a_worker_still_times_out() {
    // The end time lives in `Queue.get`'s frame while the wait runs: the
    // wait ends at its timeout, not never.
    let src = "import queue, threading\nq = queue.Queue()\ndef work():\n    try:\n        q.get(timeout=0.5)\n    except queue.Empty:\n        print('empty')\nt = threading.Thread(target=work)\nt.start()\nt.join()\n";
    assert_eq!(outcomes(src), vec!["exit 0 | stdout: empty"]);
}
