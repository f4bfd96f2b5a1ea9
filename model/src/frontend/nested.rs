//! Nested `def`s that need no closure, lifted to module level.
//!
//! A `def` inside a function that reads none of the enclosing function's
//! names (a signal handler that sets a global, a helper) behaves exactly as
//! the same `def` at module level: running the `def` statement has no check
//! point (MAKE_FUNCTION and a store), and every name it reads resolves to
//! the same global. Such a `def` is moved after its enclosing function;
//! one that reads the enclosing function's names (a closure) stays where it
//! is and is refused, naming the first such name.

use ruff_python_ast as ast;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_text_size::{Ranged, TextSize};
use std::collections::{BTreeMap, BTreeSet};

/// A statement block as the parser holds it.
type Block = thin_vec::ThinVec<ast::Stmt>;

/// Lifts every liftable nested `def` of the module's functions (inside
/// `if 1:`-style wrappers too) to just after its enclosing function.
/// Returns, for each nested `def` left in place, its start and why.
pub fn lift(body: &mut Vec<ast::Stmt>) -> BTreeMap<TextSize, String> {
    let mut taken: BTreeSet<String> = body.iter().filter_map(defined_name).collect();
    let mut refused = BTreeMap::new();
    let mut block: Block = body.drain(..).collect();
    lift_block(&mut block, &mut taken, &mut refused);
    body.extend(block);
    refused
}

fn defined_name(s: &ast::Stmt) -> Option<String> {
    match s {
        ast::Stmt::FunctionDef(f) => Some(f.name.to_string()),
        ast::Stmt::ClassDef(c) => Some(c.name.to_string()),
        _ => None,
    }
}

fn lift_block(body: &mut Block, taken: &mut BTreeSet<String>, refused: &mut BTreeMap<TextSize, String>) {
    let mut i = 0;
    while i < body.len() {
        match &mut body[i] {
            ast::Stmt::If(w) if w.elif_else_clauses.is_empty() => lift_block(&mut w.body, taken, refused),
            ast::Stmt::FunctionDef(f) => {
                let mut lifted = Vec::new();
                let outer = locals_of(f);
                take_liftable(&mut f.body, &outer, taken, &mut lifted, refused);
                let n = lifted.len();
                for (k, d) in lifted.into_iter().enumerate() {
                    body.insert(i + 1 + k, d);
                }
                i += n;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Moves out of `block` (and its nested blocks, not other functions' or
/// classes' bodies) the `def`s that read none of `outer`'s locals and whose
/// names are free at module level. A block left empty gets a `pass`.
fn take_liftable(block: &mut Block, outer: &BTreeSet<String>, taken: &mut BTreeSet<String>, out: &mut Vec<ast::Stmt>, refused: &mut BTreeMap<TextSize, String>) {
    let mut i = 0;
    while i < block.len() {
        let liftable = match &block[i] {
            ast::Stmt::FunctionDef(d) => {
                let reads = closure_reads(d, outer);
                let why = if let Some(first) = reads.first() {
                    Some(format!("a nested `def` that reads `{first}` of the enclosing function (closures are not modelled)"))
                } else if taken.contains(d.name.as_str()) {
                    Some(format!("a nested `def` named `{}` like another function or class", d.name))
                } else if !d.decorator_list.is_empty() {
                    Some("a decorated nested `def`".to_string())
                } else {
                    None
                };
                let ok = why.is_none();
                if let Some(why) = why {
                    refused.insert(d.range.start(), why);
                }
                ok
            }
            _ => false,
        };
        if liftable {
            let ast::Stmt::FunctionDef(mut d) = block.remove(i) else { unreachable!() };
            taken.insert(d.name.to_string());
            // Its own nested defs read its locals or the outer's: both stay.
            let inner = locals_of(&d);
            let mut deeper = Vec::new();
            let both: BTreeSet<String> = inner.union(outer).cloned().collect();
            take_liftable(&mut d.body, &both, taken, &mut deeper, refused);
            out.push(ast::Stmt::FunctionDef(d));
            out.extend(deeper);
            if block.is_empty() {
                block.push(ast::Stmt::Pass(ast::StmtPass { range: out.last().map(Ranged::range).unwrap_or_default(), node_index: Default::default() }));
            }
            continue;
        }
        for sub in blocks_mut(&mut block[i]) {
            take_liftable(sub, outer, taken, out, refused);
        }
        i += 1;
    }
}

/// The statement blocks of a compound statement (not a `def`'s or a
/// `class`'s).
fn blocks_mut(s: &mut ast::Stmt) -> Vec<&mut Block> {
    match s {
        ast::Stmt::If(x) => {
            let mut v = vec![&mut x.body];
            v.extend(x.elif_else_clauses.iter_mut().map(|c| &mut c.body));
            v
        }
        ast::Stmt::While(x) => vec![&mut x.body, &mut x.orelse],
        ast::Stmt::For(x) => vec![&mut x.body, &mut x.orelse],
        ast::Stmt::With(x) => vec![&mut x.body],
        ast::Stmt::Try(x) => {
            let mut v = vec![&mut x.body];
            v.extend(x.handlers.iter_mut().map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                &mut h.body
            }));
            v.push(&mut x.orelse);
            v.push(&mut x.finalbody);
            v
        }
        _ => Vec::new(),
    }
}

/// The names of the enclosing function's scope that `inner` reads: what
/// makes it a closure. Empty when the `def` can be lifted.
pub fn closure_reads(inner: &ast::StmtFunctionDef, outer: &BTreeSet<String>) -> Vec<String> {
    let own = locals_of(inner);
    let mut reads = Names::default();
    for s in &inner.body {
        reads.visit_stmt(s);
    }
    let mut out: Vec<String> = reads.loaded.into_iter().filter(|n| outer.contains(n) && !own.contains(n) && !reads.global.contains(n)).collect();
    if !reads.nonlocal.is_empty() {
        out.extend(reads.nonlocal);
    }
    out.sort();
    out.dedup();
    out
}

/// A function's local names: parameters and names it binds, but for those
/// it declares `global`.
pub fn locals_of(f: &ast::StmtFunctionDef) -> BTreeSet<String> {
    let mut names = Names::default();
    for s in &f.body {
        names.visit_stmt(s);
    }
    locals_from(f, &names)
}

/// `f`'s locals from the names its body binds (`names`, a visit of it).
fn locals_from(f: &ast::StmtFunctionDef, names: &Names) -> BTreeSet<String> {
    let mut locals: BTreeSet<String> = f.parameters.iter().map(|p| p.name().to_string()).collect();
    locals.extend(names.stored.iter().filter(|n| !names.global.contains(*n)).cloned());
    locals
}

/// The names a body loads and binds, and declares global or nonlocal; a
/// nested `def` or `class` binds its name, and its body is not this scope's.
#[derive(Default)]
struct Names {
    loaded: BTreeSet<String>,
    stored: BTreeSet<String>,
    global: BTreeSet<String>,
    nonlocal: Vec<String>,
}

impl<'a> Visitor<'a> for Names {
    fn visit_stmt(&mut self, s: &'a ast::Stmt) {
        match s {
            ast::Stmt::FunctionDef(f) => {
                self.stored.insert(f.name.to_string());
                // What a nested def reads from here is read by this scope
                // too, as far as closures go.
                // One visit of its body gives both its locals and its reads
                // (visiting it twice per level took time exponential in how
                // deep defs nest).
                let mut deeper = Names::default();
                for st in &f.body {
                    deeper.visit_stmt(st);
                }
                let inner = locals_from(f, &deeper);
                self.loaded.extend(deeper.loaded.into_iter().filter(|n| !inner.contains(n) && !deeper.global.contains(n)));
            }
            ast::Stmt::ClassDef(c) => {
                self.stored.insert(c.name.to_string());
            }
            ast::Stmt::Global(g) => self.global.extend(g.names.iter().map(|n| n.to_string())),
            ast::Stmt::Nonlocal(g) => self.nonlocal.extend(g.names.iter().map(|n| n.to_string())),
            ast::Stmt::Import(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().map_or_else(|| a.name.split('.').next().unwrap_or_default().to_string(), |n| n.to_string());
                    self.stored.insert(bound);
                }
            }
            ast::Stmt::ImportFrom(i) => {
                for a in &i.names {
                    self.stored.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
                }
            }
            ast::Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.stored.insert(n.to_string());
                    }
                }
                visitor::walk_stmt(self, s);
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'a ast::Expr) {
        if let ast::Expr::Name(n) = e {
            match n.ctx {
                ast::ExprContext::Load => {
                    self.loaded.insert(n.id.to_string());
                }
                _ => {
                    self.stored.insert(n.id.to_string());
                }
            }
        }
        visitor::walk_expr(self, e);
    }
}
