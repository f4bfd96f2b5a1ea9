//! The corpus manifest: every scenario's outcome set and unique-state count
//! per variant is pinned in `scenarios/manifest.json`. After an intended
//! semantic change, rewrite it with
//! `PYTHREAD_BLESS=1 cargo test --release --test manifest` and review the diff.
//!
//! State counts fell with the partial-order reduction of issue 21
//! (specs/state-space.md §6): 4,374,850 → 3,698,552 over the 4,080 script ×
//! variant pairs, with no outcome changed.
//!
//! An assert's message is evaluated only when its test fails, as CPython
//! does (it was evaluated first): `main-exit-kills-threads_joined_threads_
//! leave_enumerate.py`, whose message makes a tuple, has 3 states fewer under
//! each of the 30 variants, with no outcome changed.
//!
//! The clock is part of a state only while a value may hold an instant read
//! from it (`model/src/program/clock.rs`; before, in every state of a
//! script whose library code reads it, so a polling loop on an Event never
//! came back to a state): `interrupts-main-only_ctrl_c_leaves_a_started_
//! timer_to_fire.py` 42,278 → 42,164 states over its 30 variants, the only
//! script that changed, with no outcome changed.
//!
//! A lock nothing reaches is freed when the next lock is made, not once 32
//! are taken (`model/src/state/reach.rs`): 3,698,348 → 3,873,333 states over
//! the 4,080 pairs, six scripts changed (−27% to +18%: a lock's number
//! depends on the path either way; specs/state-space.md §5), no outcome
//! changed.
//!
//! A state keeps where its last nine lines of stdout were printed from, so
//! that a block printed again from the same frames folds into "two or more
//! times" (`model/src/state/output.rs`, specs/state-space.md §10): states
//! that printed the same lines from different frames are no longer one
//! while those lines are last or repeat. 3,873,333 → 3,927,309 states over
//! the 4,080 pairs (+1.4%; 29 scripts changed, by as much as +70% for
//! `cpython-test_interrupted_timed_acquire.py`, whose handler prints four
//! times while main's timed wait has different time left), no outcome
//! changed: no corpus script prints a block twice from the same frames.
//!
//! A run of steps that run alone is one step (`PyModel::settle`,
//! specs/state-space.md §6): the states in the middle of one, which offer no
//! choice, are not kept. 3,927,309 → 2,242,675 states over the 4,080 pairs
//! (−43%; the 12 scripts that run library code, by 0.26× to 0.83×), no
//! outcome changed.

mod common;

use common::{corpus, root};
use pythread::manifest::{compute, Manifest};
use pythread_model::variant::{Platform, Variant};

fn stored() -> Manifest {
    let path = root().join("scenarios/manifest.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Manifest::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_manifest_pins_every_scenarios_outcomes_and_state_counts_under_every_variant() {
    let now = compute(&corpus()).unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("PYTHREAD_BLESS").is_some() {
        std::fs::write(root().join("scenarios/manifest.json"), now.to_json()).expect("write manifest");
        return;
    }
    let pinned = stored();
    let mut diffs = Vec::new();
    for e in &now.scenarios {
        let Some(p) = pinned.get(&e.script) else {
            diffs.push(format!("{}: not in the manifest", e.script));
            continue;
        };
        for v in &e.variants {
            match p.variants.iter().find(|x| x.variant == v.variant) {
                None => diffs.push(format!("{} {}: not in the manifest", e.script, v.variant)),
                Some(x) if x != v => diffs.push(format!(
                    "{} {}: pinned {} states {:#?}\n  now {} states {:#?}",
                    e.script, v.variant, x.states, x.outcomes, v.states, v.outcomes
                )),
                Some(_) => {}
            }
        }
    }
    for p in &pinned.scenarios {
        if now.get(&p.script).is_none() {
            diffs.push(format!("{}: in the manifest but not in scenarios/", p.script));
        }
    }
    assert!(diffs.is_empty(), "the model's predictions changed (bless with PYTHREAD_BLESS=1 if intended):\n{}", diffs.join("\n"));
}

/// A Ctrl-C press may come at any moment, and on generic POSIX a process
/// signal may land on any thread; everything else in the corpus is spaced
/// at least 50 ms apart, so it must have exactly one outcome.
#[test]
fn scripts_whose_events_are_50ms_apart_have_a_single_outcome() {
    if std::env::var_os("PYTHREAD_BLESS").is_some() {
        return; // the manifest is being rewritten beside this test
    }
    let m = stored();
    let mut checked = 0;
    for path in corpus() {
        let text = std::fs::read_to_string(&path).expect("read");
        // Ctrl-C at any moment, or threads that act at the same moment on
        // purpose (the header says so), have several outcomes.
        if text.contains("# pythread: ctrl-c") || text.contains("# Several outcomes:") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let entry = m.get(&name).unwrap_or_else(|| panic!("{name} is not in the manifest"));
        for v in Variant::all().into_iter().filter(|v| v.platform != Platform::Posix) {
            let r = entry.under(v).unwrap_or_else(|| panic!("{name}: no {v} in the manifest"));
            assert_eq!(r.outcomes.len(), 1, "{name} under {v} has {} outcomes: {:#?}", r.outcomes.len(), r.outcomes);
            checked += 1;
        }
    }
    assert!(checked >= 20 * 8, "only {checked} single-outcome checks: the corpus lost its deterministic scripts");
}
