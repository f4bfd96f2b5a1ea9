//! pythread's copy of library code written in Python: `library/threading.py`
//! holds CPython's `Condition` and `Event`, trimmed. A script that makes a
//! `threading.Event()` runs that code, lowered with the script, in the model
//! and the reference runtime: its check points, and where a
//! KeyboardInterrupt can land inside `Event.wait`, are CPython's by
//! construction rather than rules written beside it.
//!
//! ```text
//! script ++ "\n" ++ threading.py ──parse──▶ script's statements | library's
//!                                             (classes renamed `threading.X`)
//! lowered together; the scenario keeps the library classes the script uses
//! ```
//! The library's classes are named by their dotted path (`threading.Event`),
//! which no name of a script can be, and its nodes carry `Loc::library`.

use crate::scenario::{ClassBase, Expr, Scenario};
use ruff_python_ast as ast;
use ruff_python_ast::visitor::transformer::{self, Transformer};

/// The library's classes: the name its code uses, the name scripts use.
const CLASSES: [(&str, &str); 15] = [
    ("Condition", "threading.Condition"),
    ("Timer", "threading.Timer"),
    ("Event", "threading.Event"),
    ("Semaphore", "threading.Semaphore"),
    ("BoundedSemaphore", "threading.BoundedSemaphore"),
    ("Queue", "queue.Queue"),
    ("LifoQueue", "queue.LifoQueue"),
    ("Empty", "queue.Empty"),
    ("Full", "queue.Full"),
    ("Error", "concurrent.futures.Error"),
    ("CancelledError", "concurrent.futures.CancelledError"),
    ("Future", "concurrent.futures.Future"),
    ("_WorkItem", "concurrent.futures._WorkItem"),
    ("ThreadPoolExecutor", "concurrent.futures.ThreadPoolExecutor"),
    ("scheduler", "sched.scheduler"),
];

pub use crate::scenario::is_library_class as is_library;

/// The script's source followed by the library's: parsed together, so the
/// library's nodes have ranges of their own (past the script's end).
pub fn combined(source: &str) -> String {
    format!("{source}\n{}", crate::library_files::TEXT)
}

/// The library's statements with its classes renamed to their dotted paths.
pub fn renamed(mut body: Vec<ast::Stmt>) -> Vec<ast::Stmt> {
    for stmt in &mut body {
        Rename.visit_stmt(stmt);
    }
    body
}

struct Rename;

fn dotted(name: &str) -> Option<&'static str> {
    CLASSES.iter().find(|(short, _)| *short == name).map(|(_, long)| *long)
}

impl Transformer for Rename {
    fn visit_stmt(&self, stmt: &mut ast::Stmt) {
        if let ast::Stmt::ClassDef(c) = stmt {
            if let Some(long) = dotted(c.name.as_str()) {
                c.name.id = long.into();
            }
        }
        transformer::walk_stmt(self, stmt);
    }

    fn visit_expr(&self, expr: &mut ast::Expr) {
        if let ast::Expr::Name(n) = expr {
            if let Some(long) = dotted(n.id.as_str()) {
                n.id = long.into();
            }
        }
        transformer::walk_expr(self, expr);
    }
}

/// Drops the library classes the script does not use: those no class or
/// code outside them makes, derives from or calls, directly or through
/// another library class it uses.
pub fn keep_used(s: &mut Scenario) {
    let mut used: Vec<String> = Vec::new();
    let note = |e: &Expr, used: &mut Vec<String>| {
        crate::scenario::walk_exprs_of(e, &mut |x| {
            let class = match x {
                Expr::New { class, .. } | Expr::ClassCall { class, .. } => class,
                _ => return,
            };
            if is_library(class) && !used.contains(class) {
                used.push(class.clone());
            }
        })
    };
    let user_code = s.functions.iter().map(|f| &f.body).chain(s.classes.iter().filter(|c| !c.is_library()).flat_map(|c| c.methods.iter().map(|m| &m.body))).chain(std::iter::once(&s.main));
    for b in user_code {
        crate::scenario::walk_block_exprs(b, &mut |e| note(e, &mut used));
    }
    for c in s.classes.iter().filter(|c| !c.is_library()) {
        if let ClassBase::Class(b) = &c.base {
            if is_library(b) && !used.contains(b) {
                used.push(b.clone());
            }
        }
    }
    // What the used library classes use in turn.
    let mut i = 0;
    while i < used.len() {
        if let Some(c) = s.class(&used[i]).cloned() {
            // Its base (`queue.LifoQueue` derives from `queue.Queue`).
            if let ClassBase::Class(b) = &c.base {
                if is_library(b) && !used.contains(b) {
                    used.push(b.clone());
                }
            }
            for m in &c.methods {
                crate::scenario::walk_block_exprs(&m.body, &mut |e| note(e, &mut used));
            }
        }
        i += 1;
    }
    s.classes.retain(|c| !c.is_library() || used.contains(&c.name));
    // A library's exception classes (`queue.Empty`) go with its classes.
    let modules: Vec<&str> = s.classes.iter().filter(|c| c.is_library()).filter_map(|c| c.name.split('.').next()).collect();
    let keep: Vec<bool> = s.exceptions.iter().map(|e| !is_library(&e.name) || e.name.split('.').next().is_some_and(|m| modules.contains(&m))).collect();
    let mut k = keep.into_iter();
    s.exceptions.retain(|_| k.next().unwrap_or(true));
}

/// The library classes `classes` (`threading.Event`, `queue.Queue`) and
/// the library classes they use, with the library's exception classes that
/// go with them (`queue.Empty` and `queue.Full` with `queue.Queue`),
/// lowered, for scenarios built by code (the generators): like every node
/// built by code, without locations, and in the order the front end gives
/// a script that uses them all. Lowered once per list: the generators ask
/// for them in every case.
pub fn library_for_all(classes: &[&str]) -> (Vec<crate::scenario::Class>, Vec<crate::scenario::ExceptionClass>) {
    type Lowered = (Vec<crate::scenario::Class>, Vec<crate::scenario::ExceptionClass>);
    static LOWERED: std::sync::Mutex<std::collections::BTreeMap<String, Lowered>> = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let mut lowered = LOWERED.lock().unwrap_or_else(|e| e.into_inner());
    lowered
        .entry(classes.join(","))
        .or_insert_with(|| {
            // Each class made once, with the arguments it needs.
            let mut script = String::from("def f():\n    pass\n");
            for class in classes {
                let module = class.rsplit_once('.').map_or("threading", |(m, _)| m);
                let args = match *class {
                    "threading.Timer" => "1, f",
                    "concurrent.futures.ThreadPoolExecutor" => "1",
                    _ => "",
                };
                script.push_str(&format!("import {module}\n_ = {class}({args})\n"));
            }
            super::parse(&script, "<library>").map_or_else(|_| Default::default(), |s| {
                let s = s.without_locations();
                (s.classes, s.exceptions)
            })
        })
        .clone()
}
