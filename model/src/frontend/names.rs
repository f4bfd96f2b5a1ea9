//! Name resolution before lowering: which names hold locks, threads, plain
//! values, functions or exception classes, by Python's scoping rule (a name
//! assigned in a function is local to it unless declared `global`).

use rustpython_parser::ast;
use rustpython_parser::text_size::TextRange;
use std::collections::{BTreeMap, BTreeSet};

/// What a name holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lock,
    Thread,
    Value,
    Function,
    Class,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Lock => "a lock",
            Kind::Thread => "a thread",
            Kind::Value => "a value",
            Kind::Function => "a function",
            Kind::Class => "an exception class",
        }
    }
}

/// The names of one script.
#[derive(Default, Debug)]
pub struct Symbols {
    /// Module-level names and what they hold.
    pub module: BTreeMap<String, Kind>,
    /// Each function's local names (parameters included).
    pub locals: BTreeMap<String, BTreeMap<String, Kind>>,
    /// Functions and their parameter counts.
    pub functions: BTreeMap<String, usize>,
    /// Exception classes of the script.
    pub exceptions: BTreeSet<String>,
    /// Names given objects of two kinds in one scope, with the second place.
    pub conflicts: Vec<(String, TextRange)>,
}

impl Symbols {
    /// What `name` holds where `function` (or module level) reads it.
    pub fn kind_of(&self, name: &str, function: Option<&str>) -> Option<Kind> {
        if name == "__name__" {
            return Some(Kind::Value);
        }
        if let Some(k) = function.and_then(|f| self.locals.get(f)).and_then(|l| l.get(name)) {
            return Some(*k);
        }
        self.module.get(name).copied()
    }
}

/// Collects the names of a module body.
pub fn collect(body: &[ast::Stmt]) -> Symbols {
    let mut s = Symbols::default();
    for stmt in body {
        match stmt {
            ast::Stmt::FunctionDef(f) => {
                s.functions.insert(f.name.to_string(), f.args.args.len());
                s.module.insert(f.name.to_string(), Kind::Function);
            }
            ast::Stmt::ClassDef(c) => {
                s.exceptions.insert(c.name.to_string());
                s.module.insert(c.name.to_string(), Kind::Class);
            }
            _ => {}
        }
    }
    let mut module = std::mem::take(&mut s.module);
    let mut conflicts = Vec::new();
    for stmt in body {
        match stmt {
            ast::Stmt::FunctionDef(f) => {
                let mut globals = BTreeSet::new();
                declared_globals(&f.body, &mut globals);
                let mut locals = BTreeMap::new();
                for p in &f.args.args {
                    locals.insert(p.def.arg.to_string(), Kind::Value);
                }
                let mut assigned = Vec::new();
                assignments(&f.body, &mut assigned);
                for (name, kind, range) in assigned {
                    let scope = if globals.contains(&name) { &mut module } else { &mut locals };
                    bind(scope, name, kind, range, &mut conflicts);
                }
                s.locals.insert(f.name.to_string(), locals);
            }
            ast::Stmt::ClassDef(_) | ast::Stmt::Import(_) => {}
            other => {
                let mut assigned = Vec::new();
                assignments(std::slice::from_ref(other), &mut assigned);
                for (name, kind, range) in assigned {
                    bind(&mut module, name, kind, range, &mut conflicts);
                }
            }
        }
    }
    s.module = module;
    s.conflicts = conflicts;
    s
}

fn bind(
    scope: &mut BTreeMap<String, Kind>,
    name: String,
    kind: Kind,
    range: TextRange,
    conflicts: &mut Vec<(String, TextRange)>,
) {
    match scope.get(&name) {
        Some(k) if *k != kind => conflicts.push((name, range)),
        Some(_) => {}
        None => {
            scope.insert(name, kind);
        }
    }
}

fn declared_globals(body: &[ast::Stmt], out: &mut BTreeSet<String>) {
    for stmt in body {
        if let ast::Stmt::Global(g) = stmt {
            out.extend(g.names.iter().map(|n| n.to_string()));
        }
        for child in children(stmt) {
            declared_globals(child, out);
        }
    }
}

/// Names bound by a block: assignments, loop variables, `except … as`.
fn assignments(body: &[ast::Stmt], out: &mut Vec<(String, Kind, TextRange)>) {
    for stmt in body {
        match stmt {
            ast::Stmt::Assign(a) => {
                if let [ast::Expr::Name(n)] = a.targets.as_slice() {
                    out.push((n.id.to_string(), value_kind(&a.value), a.range));
                }
            }
            ast::Stmt::For(f) => {
                if let ast::Expr::Name(n) = f.target.as_ref() {
                    out.push((n.id.to_string(), Kind::Value, f.range));
                }
            }
            ast::Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        out.push((n.to_string(), Kind::Value, h.range));
                    }
                }
            }
            _ => {}
        }
        for child in children(stmt) {
            assignments(child, out);
        }
    }
}

fn value_kind(e: &ast::Expr) -> Kind {
    if let ast::Expr::Call(c) = e {
        if let ast::Expr::Attribute(a) = c.func.as_ref() {
            if let ast::Expr::Name(m) = a.value.as_ref() {
                match (m.id.as_str(), a.attr.as_str()) {
                    ("threading", "Lock" | "RLock") | ("_thread", "allocate_lock" | "allocate") => return Kind::Lock,
                    ("threading", "Thread") => return Kind::Thread,
                    _ => {}
                }
            }
        }
    }
    Kind::Value
}

/// The nested statement blocks of a compound statement (not of `def`s:
/// a nested def is rejected by lowering).
fn children(stmt: &ast::Stmt) -> Vec<&[ast::Stmt]> {
    match stmt {
        ast::Stmt::If(i) => vec![&i.body, &i.orelse],
        ast::Stmt::For(f) => vec![&f.body, &f.orelse],
        ast::Stmt::While(w) => vec![&w.body, &w.orelse],
        ast::Stmt::With(w) => vec![&w.body],
        ast::Stmt::Try(t) => {
            let mut v: Vec<&[ast::Stmt]> = vec![&t.body];
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                v.push(&h.body);
            }
            v.push(&t.orelse);
            v.push(&t.finalbody);
            v
        }
        _ => Vec::new(),
    }
}
