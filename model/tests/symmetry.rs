//! Symmetry reduction (`symmetry.rs`) explores fewer states and changes no
//! verdict: the same outcomes, hazards and property results with and
//! without it, and it stays off where a thread's number can show.

use pythread_model::check::check;
use pythread_model::frontend::parse;
use pythread_model::hazards::analyze;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::symmetry::applies;
use pythread_model::variant::{Platform, Variant};
use pythread_model::workloads::contention;
use std::path::PathBuf;
use std::sync::Arc;

fn model(source: &str, variant: Variant) -> PyModel {
    let s = parse(source, "t.py").unwrap_or_else(|d| panic!("{d:?}\n{source}"));
    PyModel::new(Arc::new(Program::compile(&s)), variant)
}

fn limits(symmetry: bool) -> Limits {
    Limits { symmetry, ..Limits::default() }
}

fn outcomes(m: &PyModel, symmetry: bool) -> Vec<String> {
    let p = predict(m, limits(symmetry));
    assert!(p.complete);
    p.outcomes.iter().map(|o| o.outcome.summary()).collect()
}

#[test]
fn interchangeable_workers_are_explored_once_with_pinned_counts() {
    let mut counts = Vec::new();
    for n in [3, 5] {
        let m = model(&contention(n), Variant::DEFAULT);
        assert!(applies(&m.program));
        let (with, without) = (check(&m, limits(true)), check(&m, limits(false)));
        assert!(with.complete && without.complete);
        assert_eq!(with.violations.len() + without.violations.len(), 0);
        assert_eq!(with.witnesses, without.witnesses, "n={n}");
        counts.push((n, with.states, without.states));
    }
    // (3, 630, 2538), (5, 3676, 126174) before check points (issue 16):
    // prints are two writes, a call's check point a state of its own.
    // (3, 915, 3895), (5, 5081, 192707) before deadlines were kept relative
    // to the clock (issue 17): two states that differ only in the time are one.
    // (3, 913, 3893), (5, 5079, 192705) before a press after the
    // finalization was modelled (CP24): two more states, past
    // `_PySignal_Fini` and killed by the press.
    assert_eq!(counts, vec![(3, 915, 3895), (5, 5081, 192707)]);
    let (_, with, without) = counts[1];
    assert!(without >= 10 * with, "at 5 workers the reduction is at least 10×: {without} vs {with}");
}

#[test]
fn reduction_changes_no_outcome_and_no_hazard_of_the_scaling_family() {
    for platform in Platform::ALL {
        let v = Variant { platform, ..Variant::DEFAULT };
        let m = model(&contention(4), v);
        assert_eq!(outcomes(&m, true), outcomes(&m, false), "{v}");
        let kinds = |s| analyze(&m, limits(s)).found.iter().map(|f| f.kind.id).collect::<Vec<_>>();
        assert_eq!(kinds(true), kinds(false), "{v}");
    }
}

#[test]
fn reduction_changes_no_outcome_of_any_corpus_script() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("corpus").map(|e| e.expect("entry").path()).collect();
    files.extend(std::fs::read_dir(dir.join("hazards")).expect("hazards").map(|e| e.expect("entry").path()));
    files.retain(|f| f.extension().is_some_and(|x| x == "py"));
    for f in &files {
        let source = std::fs::read_to_string(f).expect("read");
        for platform in Platform::ALL {
            let m = model(&source, Variant { platform, ..Variant::DEFAULT });
            let (a, b) = (predict(&m, limits(true)), predict(&m, limits(false)));
            let summary = |p: &pythread_model::outcome::Prediction| p.outcomes.iter().map(|o| o.outcome.clone()).collect::<Vec<_>>();
            assert_eq!(summary(&a), summary(&b), "{} under {platform:?}", f.display());
            assert!(a.states <= b.states, "{}", f.display());
        }
    }
}

#[test]
fn reduction_stays_off_where_a_threads_number_can_show() {
    let named = "import threading\n\ndef w():\n    print(threading.current_thread().name)\n\nfor _ in range(2):\n    t = threading.Thread(target=w)\n    t.start()\n";
    assert!(!applies(&model(named, Variant::DEFAULT).program));
    let plain = "import threading\n\ndef w():\n    pass\n\nt = threading.Thread(target=w)\nt.start()\nt.join()\nprint(t.is_alive())\n";
    assert!(applies(&model(plain, Variant::DEFAULT).program));
}
