//! Imports in every form and place, and the wrappers real scripts use
//! (`if 1:`, `if __name__ == "__main__":`), lower to the same scenario as the
//! plain spelling.

use pythread_model::scenario::Scenario;

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

/// The scenario without locations, so spellings on other lines compare equal.
fn shape(s: &Scenario) -> String {
    let mut s = s.clone();
    for i in &mut s.imports {
        i.loc = Default::default();
    }
    let text = pythread_model::render::render(&s);
    text
}

fn outcomes(src: &str) -> Vec<String> {
    use pythread_model::{machine::PyModel, outcome, program::Program, variant::Variant};
    let m = PyModel::new(std::sync::Arc::new(Program::compile(&parse(src))), Variant::DEFAULT);
    let p = outcome::predict(&m, outcome::Limits::default());
    assert!(p.complete);
    p.outcomes.iter().map(|o| o.outcome.summary()).collect()
}

const PLAIN: &str = "import threading\nimport time\nlock = threading.Lock()\ndef worker():\n    with lock:\n        time.sleep(0.5)\nt = threading.Thread(target=worker)\nt.start()\nt.join()\n";

#[test]
fn from_imports_and_aliases_resolve_to_the_module_functions() {
    let from = "from threading import Lock, Thread\nfrom time import sleep as nap\nlock = Lock()\ndef worker():\n    with lock:\n        nap(0.5)\nt = Thread(target=worker)\nt.start()\nt.join()\n";
    let alias = "import threading as th, time as tm\nlock = th.Lock()\ndef worker():\n    with lock:\n        tm.sleep(0.5)\nt = th.Thread(target=worker)\nt.start()\nt.join()\n";
    assert_eq!(shape(&parse(from)), shape(&parse(PLAIN)));
    assert_eq!(shape(&parse(alias)), shape(&parse(PLAIN)));
}

#[test]
fn cpython_test_wrappers_and_main_guards_run_their_body() {
    let if1 = format!("if 1:\n{}", PLAIN.lines().map(|l| format!("    {l}\n")).collect::<String>());
    assert_eq!(shape(&parse(&if1)), shape(&parse(PLAIN)));
    // A guard around plain statements stays an `if` (always true): the same
    // outcomes as without it.
    let guard = "import threading\nimport time\nlock = threading.Lock()\ndef worker():\n    with lock:\n        time.sleep(0.5)\nif __name__ == \"__main__\":\n    t = threading.Thread(target=worker)\n    t.start()\n    t.join()\n";
    assert_eq!(outcomes(guard), outcomes(PLAIN));
}

#[test]
fn an_import_inside_a_function_counts_as_imported() {
    let src = "import threading\ndef worker():\n    import time\n    time.sleep(0.5)\nt = threading.Thread(target=worker)\nt.start()\n";
    let s = parse(src);
    assert!(s.imports(pythread_model::scenario::Module::Time));
}
