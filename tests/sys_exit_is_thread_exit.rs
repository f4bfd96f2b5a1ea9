//! Caveat 2 as a test (`sys-exit-is-thread-exit`): in a thread, `sys.exit()`,
//! `_thread.exit()` and `raise SystemExit` are the same thing. For every
//! corpus scenario whose thread code uses one of them, rewriting every such
//! statement to each of the three forms gives the same outcome set under
//! every variant.

mod common;

use common::corpus;
use pythread_model::frontend::parse_file;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::scenario::{ExcType, Import, Loc, Module, RaiseExc, Scenario, Stmt, StmtKind};
use pythread_model::variant::Variant;
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
enum Form {
    SysExit,
    ThreadExit,
    RaiseSystemExit,
}

fn is_thread_exit(k: &StmtKind) -> bool {
    match k {
        StmtKind::SysExit { code: None } | StmtKind::ThreadExit => true,
        StmtKind::Raise { exception: Some(RaiseExc { exc: ExcType::SystemExit, arg: None }) } => true,
        _ => false,
    }
}

/// Rewrites every argument-less thread exit in `block`; returns how many.
fn rewrite(block: &mut [Stmt], form: Form) -> usize {
    let mut n = 0;
    for st in block {
        if is_thread_exit(&st.kind) {
            st.kind = match form {
                Form::SysExit => StmtKind::SysExit { code: None },
                Form::ThreadExit => StmtKind::ThreadExit,
                Form::RaiseSystemExit => StmtKind::Raise { exception: Some(RaiseExc { exc: ExcType::SystemExit, arg: None }) },
            };
            n += 1;
        }
        n += match &mut st.kind {
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                rewrite(body, form)
                    + handlers.iter_mut().map(|h| rewrite(&mut h.body, form)).sum::<usize>()
                    + rewrite(orelse, form)
                    + rewrite(finalbody, form)
            }
            StmtKind::With { body, .. } | StmtKind::For { body, .. } => rewrite(body, form),
            StmtKind::If { body, orelse, .. } => rewrite(body, form) + rewrite(orelse, form),
            _ => 0,
        };
    }
    n
}

/// The scenario with every thread exit in thread code written as `form`,
/// and the count of statements rewritten.
fn rewritten(s: &Scenario, form: Form) -> (Scenario, usize) {
    let mut s = s.clone();
    let mut n = 0;
    for f in s.functions.iter_mut().filter(|f| f.params.is_empty()) {
        n += rewrite(&mut f.body, form);
    }
    let module = match form {
        Form::SysExit => Some(Module::Sys),
        Form::ThreadExit => Some(Module::Thread),
        Form::RaiseSystemExit => None,
    };
    if let Some(m) = module.filter(|m| !s.imports(*m)) {
        s.imports.push(Import { module: m, loc: Loc::NONE });
    }
    (s, n)
}

fn outcomes(s: &Scenario, v: Variant) -> BTreeSet<Outcome> {
    let p = predict(&PyModel::new(Arc::new(Program::compile(s)), v), Limits::default());
    assert!(p.complete);
    p.outcomes.into_iter().map(|o| o.outcome).collect()
}

#[test]
fn sys_exit_thread_exit_and_raise_systemexit_in_a_thread_give_the_same_outcomes() {
    let mut scenarios = 0;
    for path in corpus() {
        let (_, s) = parse_file(&path).expect("corpus parses");
        let forms = [Form::SysExit, Form::ThreadExit, Form::RaiseSystemExit];
        let versions: Vec<(Form, Scenario)> = forms
            .iter()
            .filter_map(|&f| {
                let (r, n) = rewritten(&s, f);
                (n > 0).then_some((f, r))
            })
            .collect();
        if versions.is_empty() {
            continue;
        }
        scenarios += 1;
        for v in Variant::all() {
            let base = outcomes(&versions[0].1, v);
            for (form, r) in &versions[1..] {
                assert_eq!(
                    outcomes(r, v),
                    base,
                    "{} under {v}: {form:?} differs from {:?}",
                    path.display(),
                    versions[0].0
                );
            }
        }
    }
    assert!(scenarios >= 3, "only {scenarios} corpus scenarios end a thread with SystemExit");
}
