//! Caveat 3 through the objects built on the lock (issue 18): every wait of
//! the language (`waits::WAITS`) is interrupted by a Ctrl-C that comes while
//! the main thread is blocked in it on Linux/POSIX and on Windows 3.14, and
//! not on Windows before 3.14, under every variant; each has a corpus
//! scenario that waits the same way.

mod common;

use pythread_model::variant::{ExitMode, Platform, Variant};
use pythread_model::waits::WAITS;

#[test]
fn every_wait_is_interrupted_where_caveat_3_says_and_only_there() {
    let variants: Vec<Variant> = Variant::all().into_iter().filter(|v| v.exit == ExitMode::Killed).collect();
    let wrong = std::sync::Mutex::new(Vec::new());
    pythread::pool::parallel_map(WAITS, 2, |w| {
        for v in &variants {
            let expected = v.platform != Platform::Windows || v.version.is_314();
            let got = w.interrupted(*v);
            if got != Some(expected) {
                wrong.lock().unwrap().push(format!("{} under {v}: the model says {got:?}, caveat 3 says {expected}", w.name));
            }
        }
    });
    let wrong = wrong.into_inner().unwrap();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_wait_has_a_corpus_scenario_that_waits_the_same_way() {
    for w in WAITS {
        let path = common::root().join("scenarios").join(w.corpus);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let call = w.wait.lines().last().unwrap().trim();
        let method = call.split('(').next().unwrap().rsplit('.').next().unwrap();
        assert!(text.contains(&format!(".{method}(")) || text.contains(call), "{}: no `{call}` in {}", w.name, w.corpus);
        assert!(pythread_model::parse(&text, w.corpus).expect("the corpus parses").ctrl_c > 0, "{}: presses Ctrl-C", w.corpus);
    }
}

#[test]
fn every_wait_script_parses_and_renders_back() {
    for w in WAITS {
        common::assert_renders_back(&w.script());
    }
}
