//! A branch that imports a module outside the language is left out of the
//! model as one statement: a run that reaches it stops, and the check says
//! INCOMPLETE; runs that do not reach it are checked as usual.

use pythread_model::scenario::{walk_block, Scenario, StmtKind};
use pythread_model::{machine::PyModel, outcome, program::Program, variant::Variant};

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

fn predict(src: &str) -> outcome::Prediction {
    let m = PyModel::new(std::sync::Arc::new(Program::compile(&parse(src))), Variant::DEFAULT);
    outcome::predict(&m, outcome::Limits::default())
}

fn script(workers: u32) -> String {
    format!(
        "import threading\nworkers = {workers}\ndef work():\n    print('thread')\nif workers > 4:\n    from multiprocessing import Pool\n    pool = Pool(workers)\n    pool.map(print, range(workers))\nelse:\n    t = threading.Thread(target=work)\n    t.start()\n    t.join()\nprint('done')\n"
    )
}

#[test]
fn an_unreached_branch_that_imports_an_unknown_module_leaves_the_check_complete() {
    let p = predict(&script(2));
    assert!(p.complete, "the branch is never reached");
    let outs: Vec<String> = p.outcomes.iter().map(|o| o.outcome.summary()).collect();
    assert_eq!(outs.len(), 1, "{outs:?}");
    assert!(outs[0].contains("thread") && outs[0].contains("done"), "{outs:?}");
}

#[test]
fn a_reached_branch_beyond_the_model_makes_the_check_incomplete() {
    let p = predict(&script(8));
    assert!(!p.complete, "a run reaches the branch the model leaves out");
    assert_eq!(p.stop, Some(pythread_model::limits::Stop::BeyondModel));
}

#[test]
fn the_branch_is_kept_as_written_and_cut_again_when_its_rendering_is_read() {
    let s = parse(&script(8));
    let mut cut = Vec::new();
    walk_block(&s.main, &mut |st| {
        if let StmtKind::Beyond { what, source } = &st.kind {
            cut.push((what.clone(), source.clone()));
        }
    });
    assert_eq!(cut.len(), 1);
    assert_eq!(cut[0].0, "import of module `multiprocessing`");
    assert_eq!(cut[0].1, "from multiprocessing import Pool\npool = Pool(workers)\npool.map(print, range(workers))");
    let again = parse(&pythread_model::render::render(&s));
    assert_eq!(pythread_model::render::render(&again), pythread_model::render::render(&s));
}

#[test]
fn the_script_itself_under_if_1_or_a_main_guard_is_never_cut() {
    for head in ["if 1:", "if __name__ == '__main__':"] {
        let src = format!("{head}\n    import multiprocessing\n    print(1)\n");
        let errs = pythread_model::parse(&src, "s.py").expect_err("an unknown import in the script's own body is refused");
        assert!(errs[0].message.contains("import of module `multiprocessing`"), "{errs:?}");
    }
}

#[test]
fn a_branch_without_an_unknown_import_is_still_refused_where_it_fails() {
    let src = "import threading\nn = 3\nif n > 2:\n    del n\n";
    let errs = pythread_model::parse(src, "s.py").expect_err("`del` is outside the language");
    assert_eq!((errs[0].line, errs[0].col), (4, 5), "{errs:?}");
}
