//! Locks and lists nothing reaches any more are freed once the model's
//! table of 32 locks or 64 lists is full (`model/src/state/reach.rs`): a
//! loop that makes a lock per turn (each `Condition.wait` does) or a list
//! per turn (`threading.enumerate()`, a tuple) runs past it, and a lock or
//! list something still holds is never taken for another.

mod common;

use common::only_outcome;

#[test]
fn a_loop_of_forty_timed_waits_runs_past_the_models_thirty_two_locks() {
    let src = "import threading\nev = threading.Event()\nfor i in range(40):\n    ev.wait(0.01)\nprint('done')\n";
    let o = only_outcome(src, "3.11");
    assert_eq!(o.stdout, vec!["done".to_string()]);
    assert_eq!(o.exit, Some(0));
}

#[test]
fn a_lock_a_list_still_holds_is_never_reused() {
    // Forty locks, each kept in a list and left held: the thirty-third
    // cannot take a slot, so the run goes beyond what the model holds.
    assert_goes_beyond_the_model("import threading\nkept = []\nfor i in range(40):\n    l = threading.Lock()\n    l.acquire()\n    kept.append(l)\nprint(len(kept))\n");
}

/// The search of `src` stops as beyond the model, with no outcome claimed
/// complete.
fn assert_goes_beyond_the_model(src: &str) {
    let s = pythread_model::parse(src, "s.py").unwrap();
    let m = pythread_model::machine::PyModel::new(std::sync::Arc::new(pythread_model::program::Program::compile(&s)), pythread_model::variant::Variant::DEFAULT);
    let p = pythread_model::outcome::predict(&m, pythread_model::outcome::Limits::default());
    assert!(!p.complete, "{:?}", p.outcomes);
    assert_eq!(p.stop, Some(pythread_model::limits::Stop::BeyondModel));
}

#[test]
fn a_freed_lock_comes_back_unlocked() {
    // Each turn's lock is garbage at the next turn's `Lock()`; the slot it
    // gets again must be free, though the last one was left held.
    let src = "import threading\nfor i in range(40):\n    l = threading.Lock()\n    print(l.acquire(False))\n";
    let o = only_outcome(src, "3.11");
    assert_eq!(o.stdout, vec!["True".to_string(); 40]);
}

#[test]
fn a_loop_that_makes_a_list_each_turn_runs_past_the_models_sixty_four_and_keeps_what_is_held() {
    // As CPython 3.11 printed it: the tuples kept in `kept` and the lists
    // inside them survive the slots reused around them.
    let src = "kept = []\nfor i in range(100):\n    t = (i, [i])\n    if i % 10 == 0:\n        kept.append(t)\n    x = [i] * 2\nprint(len(kept), kept[3], x)\n";
    let o = only_outcome(src, "3.11");
    assert_eq!(o.stdout, vec!["10 (30, [30]) [99, 99]".to_string()]);
    assert_eq!(o.exit, Some(0));
}

#[test]
fn lists_all_still_held_go_beyond_the_model() {
    assert_goes_beyond_the_model("kept = []\nfor i in range(70):\n    kept.append([i])\nprint(len(kept))\n");
}
