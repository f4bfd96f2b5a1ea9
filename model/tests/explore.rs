//! The explorer's model (`explore::Explorer`) is `PyModel` with readable
//! states and actions: the same state space and the same property verdicts,
//! states that read like a debugger, and sequence diagrams of paths.

use pythread_model::diagram::{Diagram, Mark};
use pythread_model::explore::{render_state, Explorer};
use pythread_model::frontend::parse_file;
use pythread_model::machine::{Action, PyModel};
use pythread_model::program::Program;
use pythread_model::variant::{Platform, Variant};
use stateright::{Checker, Model};
use std::path::PathBuf;
use std::sync::Arc;

fn corpus_model(name: &str, variant: Variant) -> PyModel {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios").join(name);
    let (_, scenario) = parse_file(&path).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    PyModel::new(Arc::new(Program::compile(&scenario)), variant)
}

const BLOCKING: &str = "acquire-interruptible_ctrl_c_blocking_acquire.py";

/// Follows the first enabled action whose label starts with `want`.
fn follow(e: &Explorer, labels: &[&str]) -> (Vec<Action>, pythread_model::explore::View) {
    let mut v = e.init_states().pop().expect("an initial state");
    let mut path = Vec::new();
    for want in labels {
        let mut actions = Vec::new();
        e.actions(&v, &mut actions);
        let labels: Vec<String> = actions.iter().map(|a| a.label.to_string()).collect();
        let a = actions
            .into_iter()
            .find(|a| a.label.starts_with(want))
            .unwrap_or_else(|| panic!("no `{want}` among {labels:?} at {v:?}"));
        path.push(a.action.clone());
        v = e.next_state(&v, a).expect("a next state");
    }
    (path, v)
}

#[test]
fn the_explorer_has_exactly_the_models_states_and_verdicts() {
    for platform in Platform::ALL {
        let variant = Variant { platform, ..Variant::DEFAULT };
        let model = corpus_model(BLOCKING, variant);
        let plain = model.clone().checker().spawn_bfs().join();
        let shown = Explorer::new(model).checker().spawn_bfs().join();
        assert_eq!(plain.unique_state_count(), shown.unique_state_count(), "{variant}");
        let found = |names: Vec<&'static str>, c: &dyn Fn(&'static str) -> bool| names.into_iter().filter(|n| c(n)).collect::<Vec<_>>();
        let names: Vec<&'static str> = plain.model().properties().iter().map(|p| p.name).collect();
        assert_eq!(
            found(names.clone(), &|n| plain.discovery(n).is_some()),
            found(names, &|n| shown.discovery(n).is_some()),
            "{variant}"
        );
    }
}

#[test]
fn the_blocking_acquire_model_has_a_pinned_state_count() {
    let shown = Explorer::new(corpus_model(BLOCKING, Variant::DEFAULT)).checker().spawn_bfs().join();
    // 123 before check points (issue 16): a print is two writes while the
    // worker can run, a call's check point is a state of its own, and so is
    // the window between the check before `time.sleep` and its wait.
    // 229 before a press after the finalization was modelled (CP24): the
    // state past `_PySignal_Fini` and the one the press kills.
    // 231 before a state kept where its last lines were printed from
    // (`state/output.rs`): the same lines printed while main stood at
    // different places are no longer one state.
    assert_eq!(shown.unique_state_count(), 249);
}

#[test]
fn a_state_reads_like_a_debugger() {
    let e = Explorer::new(corpus_model(BLOCKING, Variant::DEFAULT));
    let (_, v) = follow(
        &e,
        &[
            "MainThread: line 17",
            "MainThread: line 26",
            "MainThread: line 27",
            "MainThread: line 28",
            "MainThread: line 28 print(\"main: waiting for the lock\") (its newline)",
            "MainThread: past a check point",
            "MainThread: line 29",
            "Thread-1 (worker): line 21 with lock:",
            "Thread-1 (worker): line 22 time.sleep(2)",
            "time passes",
            "MainThread: line 29 time.sleep(0.05) (wait ends)",
            "MainThread: line 30",
            "MainThread: line 32 got = lock.acquire()",
            "Ctrl-C",
        ],
    );
    let text = format!("{v:?}");
    for shown in [
        "t=50ms  process running  Ctrl-C presses left: 0",
        "MainThread",
        "line 32  got = lock.acquire()",
        "[blocked on lock `lock` (held by Thread-1 (worker))]",
        "Thread-1 (worker)",
        "line 22  time.sleep(2)  (1 finally/with open)  [sleeping until t=2000ms]",
        "`lock` Lock: held by Thread-1 (worker)",
        "pending: SIGINT",
        "stdout: \"main: waiting for the lock\"",
    ] {
        assert!(text.contains(shown), "`{shown}` not in\n{text}");
    }
    assert_eq!(text, render_state(&e.model, &v.state));
}

#[test]
fn the_svg_has_a_lifeline_per_thread_a_ctrl_c_arrow_and_an_exit_bar() {
    let e = Explorer::new(corpus_model(BLOCKING, Variant::DEFAULT));
    let labels = [
        "MainThread: line 17",
        "MainThread: line 26",
        "MainThread: line 27",
        "MainThread: line 28",
        "MainThread: line 28 print(\"main: waiting for the lock\") (its newline)",
        "MainThread: past a check point",
        "MainThread: line 29",
        "Ctrl-C",
        "MainThread: run the SIGINT handler",
        "MainThread: threading._shutdown() joins Thread-1 (worker)",
        "Thread-1 (worker): line 21",
        "Thread-1 (worker): line 22",
        "time passes",
        "Thread-1 (worker): line 22 time.sleep(2) (wait ends)",
        "Thread-1 (worker): line 23",
        "Thread-1 (worker): line 21",
        "MainThread: threading._shutdown()",
    ];
    let (path, v) = follow(&e, &labels);
    assert!(matches!(v.state.phase, pythread_model::state::Phase::Exited { status: 130 }), "{v:?}");
    let init = e.model.init_states().pop().expect("init");
    let d = Diagram::of_path(&e.model, &init, &path);
    assert_eq!(d.threads, vec!["main".to_string(), "Thread-1 (worker)".to_string()]);
    assert!(d.user);
    assert!(matches!(d.marks.iter().find(|m| matches!(m, Mark::Signal { .. })), Some(Mark::Signal { from: None, to: 0, .. })));
    assert!(matches!(d.marks.last(), Some(Mark::Exit { text, .. }) if text == "the process exits with status 130"), "{:?}", d.marks.last());
    let svg = d.svg();
    assert_eq!(svg.matches("stroke-dasharray").count(), 3, "three lifelines: user, main, worker");
    assert!(svg.contains("Ctrl-C (SIGINT)") && svg.contains("fill='#e55'"), "{svg}");
}

#[test]
fn mermaid_lines_are_participants_notes_or_messages() {
    let m = corpus_model("hazards/hang.py", Variant { platform: Platform::Windows, ..Variant::DEFAULT });
    let p = pythread_model::outcome::predict(&m, Default::default());
    let hang = p.outcomes.iter().find(|o| o.outcome.hang).expect("windows 3.13 hangs");
    let init = m.init_states().pop().expect("init");
    let text = Diagram::of_path(&m, &init, &hang.actions).mermaid();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("sequenceDiagram"));
    for line in lines {
        let l = line.trim_start();
        let ok = l.starts_with("participant ") || l.starts_with("Note over ") || l.split_once(": ").is_some_and(|(h, _)| h.contains("->>"));
        assert!(ok, "not a Mermaid statement: {line}");
        // `;` would end the statement early; `#` starts an entity.
        assert!(!l.replace("#59;", "").replace("#35;", "").contains([';', '#']), "{line}");
    }
    assert!(text.ends_with("Note over T0,T1: t=0ms the run hangs: every thread waits and nothing can wake one\n"), "{text}");
}
