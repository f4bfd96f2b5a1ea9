//! `sched.scheduler` runs pythread's copy of CPython's scheduler: events
//! in time order, priority first among events at the same time, a
//! cancelled one never, an event entered while `run` waits taking its
//! place; `run(blocking=False)` gives the time to the next event.

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::Arc;

fn only(src: &str) -> Outcome {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let p = predict(&PyModel::new(Arc::new(Program::compile(&s)), Variant::DEFAULT), Limits::default());
    assert!(p.complete);
    assert_eq!(p.outcomes.len(), 1, "{:#?}", p.outcomes);
    p.outcomes.into_iter().next().unwrap().outcome
}

#[test]
fn events_run_in_time_then_priority_order_and_a_cancelled_one_never() {
    // `enterabs` at one time: `enter` reads the clock each time, and
    // CPython's moves on between two calls.
    let src = "import sched\nimport time\nout = []\ns = sched.scheduler()\nnow = time.monotonic()\ns.enterabs(now + 0.2, 1, out.append, ('c',))\nx = s.enterabs(now + 0.1, 1, out.append, ('x',))\ns.enterabs(now + 0.1, 2, out.append, ('b',))\ns.enterabs(now + 0.1, 0, out.append, ('a',))\ns.cancel(x)\ns.run()\nprint(out, s.empty())\n";
    assert_eq!(only(src).stdout, ["['a', 'b', 'c'] True"]);
}

#[test]
fn a_run_that_does_not_block_gives_the_time_to_the_next_event() {
    let src = "import sched\nclock = [0]\ndef now():\n    return clock[0]\ns = sched.scheduler(now)\ns.enterabs(5, 1, print, ('x',))\nprint(s.run(False))\n";
    let s = pythread_model::parse(src, "s.py");
    // `print` as a value is not in the language yet: a located error.
    assert!(s.is_err());
    let src = "import sched\nclock = [0]\ndef now():\n    return clock[0]\ndef hello():\n    print('hello')\ns = sched.scheduler(now)\ns.enterabs(5, 1, hello)\nprint(s.run(False))\nclock[0] = 5\nprint(s.run(False))\n";
    assert_eq!(only(src).stdout, ["5", "hello", "None"]);
}
