//! The fuzz targets' checks (`fuzz/fuzz_targets/`), run as a fixed number
//! of proptest cases so CI runs them on every change: arbitrary text, and
//! corpus scripts with random edits, through the front end and the model.
//! Nothing may panic; an accepted script renders back to Python that parses;
//! every search stops within its limits. The long runs use `cargo fuzz`
//! (RELIABILITY.md).

mod common;

use proptest::prelude::*;
use pythread_model::hazards::analyze;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

fn corpus() -> &'static Vec<String> {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        common::corpus().iter().map(|p| std::fs::read_to_string(p).expect("read")).collect()
    })
}

/// What both fuzz targets check, for one input.
fn exercise(source: &str, pick: usize) {
    match pythread_model::parse(source, "fuzz.py") {
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                assert!(d.line >= 1 && d.col >= 1, "an error outside the script: {d:?}");
            }
        }
        Ok(scenario) => {
            let rendered = pythread_model::render(&scenario);
            if let Err(d) = pythread_model::parse(&rendered, "rendered.py") {
                panic!("the rendering of an accepted script is rejected: {d:?}\n--- input\n{source}\n--- rendering\n{rendered}");
            }
            let variants = Variant::all();
            let model = PyModel::new(Arc::new(Program::compile(&scenario)), variants[pick % variants.len()]);
            let limits = Limits { max_states: 5_000, timeout: Duration::from_secs(5), ..Limits::default() };
            let p = predict(&model, limits);
            assert!(p.complete || p.stop.is_some());
            let a = analyze(&model, limits);
            assert!(a.complete || a.stop.is_some());
        }
    }
}

/// One random edit of a script's text.
#[derive(Clone, Debug)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    DeleteChars(usize, usize),
    Insert(usize, String),
    Indent(usize),
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len().max(1);
    match edit {
        Edit::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i % n);
        }
        Edit::DuplicateLine(i) if !lines.is_empty() => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Edit::SwapLines(i, j) if !lines.is_empty() => lines.swap(i % n, j % n),
        Edit::Indent(i) if !lines.is_empty() => lines[i % n].insert_str(0, "    "),
        Edit::DeleteChars(at, len) => {
            let s = lines.join("\n");
            let chars: Vec<char> = s.chars().collect();
            let at = at % chars.len().max(1);
            let end = (at + len).min(chars.len());
            return chars[..at].iter().chain(&chars[end..]).collect();
        }
        Edit::Insert(at, what) => {
            let s = lines.join("\n");
            let chars: Vec<char> = s.chars().collect();
            let at = at % (chars.len() + 1);
            return chars[..at].iter().collect::<String>() + what + &chars[at..].iter().collect::<String>();
        }
        _ => {}
    }
    lines.join("\n") + "\n"
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        Just("(".to_string()),
        Just(":".to_string()),
        Just("\n    pass\n".to_string()),
        Just("lock.acquire(".to_string()),
        Just("time.sleep(1e308)".to_string()),
        Just("range(10001)".to_string()),
        Just("\ntry:\n".to_string()),
        Just("_thread.exit()".to_string()),
        Just("\u{0}".to_string()),
        Just("é".to_string()),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), 0usize..20).prop_map(|(a, n)| Edit::DeleteChars(a, n)),
        (any::<usize>(), snippet).prop_map(|(a, s)| Edit::Insert(a, s)),
        any::<usize>().prop_map(Edit::Indent),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_the_front_end(source in "\\PC{0,200}", pick in any::<usize>()) {
        exercise(&source, pick);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edited_corpus_scripts_never_panic_the_front_end_or_the_model(
        which in any::<usize>(),
        edits in proptest::collection::vec(edit(), 1..4),
        pick in any::<usize>(),
    ) {
        let scripts = corpus();
        let mut text = scripts[which % scripts.len()].clone();
        for e in &edits {
            text = apply(&text, e);
        }
        exercise(&text, pick);
    }
}
