//! Locks nothing reaches any more are freed when a new one is made, lists
//! once the model's table of 64 is full (`model/src/state/reach.rs`): a
//! loop that makes a lock per turn (each `Condition.wait` does) comes back
//! to the state it was in, one that makes a list per turn
//! (`threading.enumerate()`, a tuple) runs past the 64, and a lock or list
//! something still holds is never taken for another.

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
fn a_loop_of_timed_waits_comes_back_to_its_state_at_the_next_turn() {
    // Each `ev.wait(0.5)` makes a waiter lock: the next turn's takes the
    // slot the last one left. When slots were reused only once all 32 were
    // taken, the loop came back only after 32 turns: 1,110 states. 56 → 24
    // once a run of steps that run alone is one step (`PyModel::settle`).
    let src = "import threading\nev = threading.Event()\nwhile True:\n    ev.wait(0.5)\n";
    let p = predicted(src);
    assert!(p.complete, "{:?}", p.stop);
    assert_eq!(p.states, 24);
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
    let p = predicted(src);
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

/// `predict` of `src` under linux/3.13/killed, default limits.
fn predicted(src: &str) -> pythread_model::outcome::Prediction {
    pythread_model::outcome::predict(&common::model(src), pythread_model::outcome::Limits::default())
}
