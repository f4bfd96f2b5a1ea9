//! `specs/`: the generated blocks match the model, a changed rule makes them
//! stale, every identifier a reader may grep for has a page that names it,
//! and a broken page is a located error.

mod common;

use common::root;
use pythread::spec::Generator;
use pythread_model::caveats::CAVEATS;
use pythread_model::hazards::KINDS;
use pythread_model::machine::{Mutation, PyModel};
use pythread_model::program::Program;
use pythread_model::variant::Variant;
use pythread_model::Scenario;
use stateright::Model;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn pythread(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pythread")).args(args).current_dir(dir).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch repository root with only a `specs/` page.
fn scratch(name: &str, page: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pythread-spec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).expect("mkdir");
    std::fs::write(dir.join("specs").join("page.md"), page).expect("write");
    dir
}

#[test]
fn pythread_spec_check_passes_on_the_committed_pages() {
    let (code, out, err) = pythread(&["spec", "--check"], &root());
    assert_eq!(code, 0, "stale or broken specs/ (run `pythread spec`):\n{out}{err}");
    assert!(out.contains("all up to date"), "{out}");
}

#[test]
fn breaking_one_rule_of_the_model_makes_the_spec_stale() {
    // The daemon example of main-exit-kills-threads shows "daemon: finally"
    // never printed under `killed`; a model whose threads run on after the
    // exit predicts it printed.
    let g = Generator { root: root(), mutation: Some(Mutation::ThreadsRunAfterExit) };
    let stale: Vec<String> = g
        .pages()
        .expect("pages read")
        .iter()
        .flat_map(|p| p.blocks.iter().filter(|b| b.stale).map(|b| format!("{}: {}", b.file.display(), b.request)))
        .collect();
    assert!(
        stale.iter().any(|b| b.ends_with("main-exit-kills-threads.md: example main-exit-kills-threads_daemon_finally_skipped.py")),
        "the mutated model leaves the example as it is: {stale:?}"
    );
    // Nothing else in the pages depends on that rule.
    assert!(stale.iter().all(|b| b.contains("example")), "{stale:?}");
}

#[test]
fn every_mutation_of_an_example_caveat_rule_is_seen_by_spec_check() {
    for m in [Mutation::WindowsAcquireInterruptible, Mutation::PosixAcquireUninterruptible, Mutation::ThreadSystemExitEndsProcess] {
        let g = Generator { root: root(), mutation: Some(m) };
        let stale = g.pages().expect("pages").iter().flat_map(|p| p.blocks.iter().filter(|b| b.stale).cloned()).count();
        assert!(stale > 0, "{m:?}: no generated block changed");
    }
}

#[test]
fn every_property_hazard_and_variant_appears_in_specs() {
    let mut all = String::new();
    for e in std::fs::read_dir(root().join("specs")).expect("specs/") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "md") {
            all.push_str(&std::fs::read_to_string(&p).expect("read"));
        }
    }
    let program = Arc::new(Program::compile(&Scenario::default()));
    let model = PyModel::new(program, Variant::DEFAULT);
    let mut missing = Vec::new();
    for p in model.properties() {
        if !all.contains(&format!("`{}`", p.name)) {
            missing.push(p.name.to_string());
        }
    }
    for k in KINDS {
        if !all.contains(&format!("`{}`", k.id)) {
            missing.push(k.id.to_string());
        }
    }
    for v in Variant::all() {
        if !all.contains(&format!("`{v}`")) {
            missing.push(v.to_string());
        }
    }
    for c in CAVEATS.iter().filter(|c| c.id != "locks") {
        if !root().join("specs").join(format!("{}.md", c.id)).exists() {
            missing.push(format!("specs/{}.md", c.id));
        }
    }
    assert!(missing.is_empty(), "not in specs/: {missing:?}");
}

#[test]
fn pythread_spec_rewrites_a_stale_block_and_leaves_the_prose() {
    let dir = scratch("rewrite", "# Page\n\nProse stays.\n\n<!-- pythread:begin variants -->\nold text\n<!-- pythread:end -->\n\nMore prose.\n");
    let (code, out, _) = pythread(&["spec", "--check"], &dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("specs/page.md:5: stale: `variants`"), "{out}");
    let (code, out, err) = pythread(&["spec"], &dir);
    assert_eq!(code, 0, "{out}{err}");
    let page = std::fs::read_to_string(dir.join("specs/page.md")).expect("read");
    assert!(page.starts_with("# Page\n\nProse stays.\n\n<!-- pythread:begin variants -->\n| variant |"), "{page}");
    assert!(page.ends_with("<!-- pythread:end -->\n\nMore prose.\n"), "{page}");
    assert!(!page.contains("old text"));
    let (code, out, _) = pythread(&["spec", "--check"], &dir);
    assert_eq!(code, 0, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_page_is_a_located_error_with_status_2() {
    for (name, page, expect) in [
        ("unknown", "a\n<!-- pythread:begin nonsense -->\n<!-- pythread:end -->\n", "specs/page.md:2: unknown block `nonsense`"),
        ("unclosed", "a\n\n<!-- pythread:begin variants -->\ntext\n", "specs/page.md:3: the block `variants` has no"),
        ("caveat", "<!-- pythread:begin properties no-such-caveat -->\n<!-- pythread:end -->\n", "specs/page.md:1: unknown caveat `no-such-caveat`"),
        ("script", "<!-- pythread:begin example missing.py -->\n<!-- pythread:end -->\n", "specs/page.md:1: example `missing.py`"),
    ] {
        let dir = scratch(name, page);
        for args in [&["spec", "--check"][..], &["spec"][..]] {
            let (code, out, err) = pythread(args, &dir);
            assert_eq!(code, 2, "{name} {args:?}: {out}{err}");
            assert!(err.contains(expect), "{name}: {err}");
        }
        // Nothing was written.
        assert_eq!(std::fs::read_to_string(dir.join("specs/page.md")).expect("read"), page);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
