//! Branches beyond the model, cut out before lowering.
//!
//! A branch of an `if` (its body, an `elif` or the `else`) that imports a
//! module outside the language — an optional dependency, another platform's
//! fallback (`from multiprocessing import get_context` when a context is
//! asked for) — is code the model cannot run. Refusing the whole script for
//! it would refuse code that a run of the script may never reach. Such a
//! branch is kept as one statement, `StmtKind::Beyond`: a run that reaches
//! it stops there, and the check says INCOMPLETE; the rest is checked.
//!
//! Only a branch of a test that is not a constant is cut: the body of
//! `if 1:` or `if __name__ == "__main__":` is the script itself.

use crate::scenario::Module;
use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::collections::BTreeMap;

/// A branch that was cut: why, and its source text (dedented), which the
/// renderer writes back.
#[derive(Clone, Debug)]
pub struct Cut {
    pub what: String,
    pub source: String,
}

/// Cuts every beyond-the-model branch in `body` (at any depth), leaving a
/// `pass` over the branch's range in its place. Returns the cuts by the
/// start of that `pass`.
pub fn cut(body: &mut [ast::Stmt], source: &str) -> BTreeMap<TextSize, Cut> {
    let mut cuts = BTreeMap::new();
    block(body, source, &mut cuts);
    cuts
}

fn block(body: &mut [ast::Stmt], source: &str, cuts: &mut BTreeMap<TextSize, Cut>) {
    for st in body {
        match st {
            ast::Stmt::If(i) => {
                let constant = super::names::always_false(&i.test) || super::names::always_true(&i.test);
                if !constant {
                    branch(&mut i.body, source, cuts);
                }
                block(&mut i.body, source, cuts);
                for c in &mut i.elif_else_clauses {
                    branch(&mut c.body, source, cuts);
                    block(&mut c.body, source, cuts);
                }
            }
            ast::Stmt::While(w) => {
                block(&mut w.body, source, cuts);
                block(&mut w.orelse, source, cuts);
            }
            ast::Stmt::For(f) => {
                block(&mut f.body, source, cuts);
                block(&mut f.orelse, source, cuts);
            }
            ast::Stmt::With(w) => block(&mut w.body, source, cuts),
            ast::Stmt::Try(t) => {
                block(&mut t.body, source, cuts);
                for h in &mut t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    block(&mut h.body, source, cuts);
                }
                block(&mut t.orelse, source, cuts);
                block(&mut t.finalbody, source, cuts);
            }
            ast::Stmt::FunctionDef(f) => block(&mut f.body, source, cuts),
            ast::Stmt::ClassDef(c) => block(&mut c.body, source, cuts),
            _ => {}
        }
    }
}

/// Cuts one branch if it imports a module outside the language.
fn branch(body: &mut thin_vec::ThinVec<ast::Stmt>, source: &str, cuts: &mut BTreeMap<TextSize, Cut>) {
    let Some(module) = body.iter().find_map(unknown_import) else { return };
    let (Some(first), Some(last)) = (body.first(), body.last()) else { return };
    let range = TextRange::new(first.range().start(), last.range().end());
    let line_start = source[..range.start().to_usize()].rfind('\n').map_or(0, |i| i + 1);
    let text = &source[line_start..range.end().to_usize()];
    cuts.insert(range.start(), Cut { what: format!("import of module `{module}`"), source: dedent(text) });
    body.clear();
    body.push(ast::Stmt::Pass(ast::StmtPass { node_index: Default::default(), range }));
}

/// The module a statement imports that the language does not know.
fn unknown_import(st: &ast::Stmt) -> Option<String> {
    match st {
        ast::Stmt::Import(i) => i.names.iter().map(|a| a.name.to_string()).find(|m| known(m).is_none()),
        ast::Stmt::ImportFrom(f) => {
            let m = f.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
            (f.level > 0 || known(&m).is_none()).then(|| format!("{}{m}", ".".repeat(f.level as usize)))
        }
        _ => None,
    }
}

/// The module an import path names (its first part decides, as for the
/// imports the language takes).
fn known(module: &str) -> Option<Module> {
    Module::from_name(module.split('.').next().unwrap_or(module))
}

/// The lines of `text` with the first line's indentation taken off each.
fn dedent(text: &str) -> String {
    let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
    text.lines().map(|l| l.get(indent..).filter(|_| l.len() >= indent && l[..indent].trim().is_empty()).unwrap_or(l.trim_start())).collect::<Vec<_>>().join("\n")
}
