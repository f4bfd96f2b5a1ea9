//! Name resolution before lowering: what each import binds, which names hold
//! locks, threads, plain values, functions or exception classes, by Python's
//! scoping rule (a name assigned in a function is local to it unless declared
//! `global`).
//!
//! Imports may stand anywhere (CPython's tests wrap scripts in `if 1:`, real
//! code imports inside functions) and in every form: a name bound by
//! `import threading as th` or `from time import sleep` is resolved to the
//! module path it stands for (`th.Lock` → `threading.Lock`, `sleep` →
//! `time.sleep`), so lowering sees one spelling.

use crate::scenario::ExcType;
use crate::scenario::Module;
use ruff_python_ast as ast;
use ruff_text_size::TextRange;
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
            Kind::Class => "a class",
        }
    }
}

/// What the script's imports bind.
#[derive(Default, Debug)]
pub struct Imports {
    /// A bound name → the dotted path it stands for (`th` → `threading`,
    /// `sleep` → `time.sleep`). Plain `import threading` binds itself.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Modules of the subset imported anywhere, with the first import.
    pub modules: Vec<(Module, TextRange)>,
    /// Imports outside the subset: (module path, the names they bind, where).
    pub unknown: Vec<(String, Vec<String>, TextRange)>,
    /// Names bound once, at module level, to a module's function
    /// (`enum = threading.enumerate`): aliases as an import's, whose own
    /// assignment does nothing a run shows.
    pub function_aliases: BTreeSet<String>,
}

impl Imports {
    /// `name` resolved through the imports (the name itself when no import
    /// binds it).
    pub fn resolve(&self, name: &str) -> Vec<String> {
        self.aliases.get(name).cloned().unwrap_or_else(|| vec![name.to_string()])
    }
}

/// Collects every import of a module body, at any depth.
pub fn imports(body: &[ast::Stmt]) -> Imports {
    let mut out = Imports::default();
    walk_all(body, &mut |stmt| match stmt {
        ast::Stmt::Import(i) => {
            for alias in &i.names {
                let path: Vec<String> = alias.name.split('.').map(str::to_string).collect();
                let (bound, target) = match &alias.asname {
                    Some(a) => (a.to_string(), path.clone()),
                    None => (path[0].clone(), vec![path[0].clone()]),
                };
                note_import(&mut out, &path, bound, target, alias.range);
            }
        }
        ast::Stmt::ImportFrom(f) => {
            let module: Vec<String> = f.module.as_ref().map(|m| m.split('.').map(str::to_string).collect()).unwrap_or_default();
            for alias in &f.names {
                let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                let mut target = module.clone();
                target.push(alias.name.to_string());
                let path = if f.level > 0 { vec![".".to_string()] } else { module.clone() };
                note_import(&mut out, &path, bound, target, f.range);
            }
        }
        _ => {}
    });
    out
}

/// `name = module.function` at module level, the name bound nowhere else
/// (`enum = threading.enumerate`, `sleep = time.sleep`): the name stands for
/// the function as `from threading import enumerate as enum` would make it.
/// Constants (`signal.SIGUSR1`, `signal.SIG_IGN`, `signal.NSIG`) and
/// `default_int_handler` are values of their own, not aliases.
pub fn function_aliases(body: &[ast::Stmt], imports: &mut Imports) {
    let bindings = binding_counts(body);
    for stmt in module_level(body) {
        let ast::Stmt::Assign(a) = stmt else { continue };
        let [ast::Expr::Name(n)] = a.targets.as_slice() else { continue };
        let path = dotted(&a.value, imports);
        let function = path.last().is_some_and(|last| last.chars().any(|c| c.is_ascii_lowercase()) && last != "default_int_handler");
        let known = path.len() >= 2 && Module::from_name(&path[0]).is_some() && imports.modules.iter().any(|(m, _)| m.name() == path[0]);
        // A hook is a value the script can set, not a function to alias.
        let hook = crate::scenario::Hook::ALL.iter().any(|h| h.name() == path.join("."));
        if function && known && !hook && bindings.get(n.id.as_str()) == Some(&1) {
            imports.aliases.insert(n.id.to_string(), path);
            imports.function_aliases.insert(n.id.to_string());
        }
    }
}

/// How many times each name is bound anywhere in the module (assignments,
/// loop targets, `def` and `class`): a name bound once can stand for what
/// it is bound to.
fn binding_counts(body: &[ast::Stmt]) -> BTreeMap<String, usize> {
    let mut bindings: BTreeMap<String, usize> = BTreeMap::new();
    walk_all(body, &mut |st| {
        let mut names = Vec::new();
        match st {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, &mut names)),
            ast::Stmt::AugAssign(a) => target_names(&a.target, &mut names),
            ast::Stmt::AnnAssign(a) => target_names(&a.target, &mut names),
            ast::Stmt::For(f) => target_names(&f.target, &mut names),
            ast::Stmt::FunctionDef(f) => names.push(f.name.to_string()),
            ast::Stmt::ClassDef(c) => names.push(c.name.to_string()),
            _ => {}
        }
        for n in names {
            *bindings.entry(n).or_default() += 1;
        }
    });
    bindings
}

fn note_import(out: &mut Imports, path: &[String], bound: String, target: Vec<String>, range: TextRange) {
    match Module::from_name(&path[0]) {
        Some(m) => {
            if !out.modules.iter().any(|(k, _)| *k == m) {
                out.modules.push((m, range));
            }
            out.aliases.insert(bound, target);
        }
        None => {
            let name = path.join(".");
            match out.unknown.iter_mut().find(|(n, _, r)| *n == name && *r == range) {
                Some((_, names, _)) => names.push(bound),
                None => out.unknown.push((name, vec![bound], range)),
            }
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
    /// Functions and their parameter counts (`*args` not counted).
    pub functions: BTreeMap<String, usize>,
    /// Functions with a `*args` parameter.
    pub varargs: BTreeSet<String>,
    /// Module-level names bound once, to a constant of `signal` (`signum =
    /// signal.SIGUSR1`): where a signal is expected, the name stands for it.
    pub signal_consts: BTreeMap<String, String>,
    /// Module-level names bound once, to `os.getpid()`: `os.kill` takes
    /// them as the process's own pid.
    pub pid_names: BTreeSet<String>,
    /// Functions' parameter names and default values (literals), filled
    /// by lowering: calls bind their arguments with them.
    pub signatures: BTreeMap<String, (Vec<String>, Vec<Option<crate::scenario::Literal>>)>,
    /// Exception classes of the script, each with its base resolved (a
    /// class whose base is not an exception class is left out: lowering
    /// refuses it).
    pub exceptions: BTreeMap<String, ExcType>,
    /// Names given objects of two kinds in one scope, with the second place.
    pub conflicts: Vec<(String, TextRange)>,
    /// The script's classes other than exception classes.
    pub classes: BTreeMap<String, ClassSym>,
    /// Names assigned an object of a class of the script (`w = Worker()`),
    /// in any scope, with the class.
    pub constructed: BTreeMap<String, String>,
    /// `self.attr = Class(…)` in a method of a class: (class, attr) → the
    /// class of the object the attribute holds.
    pub attr_classes: BTreeMap<(String, String), String>,
}

/// What a class of the script (not an exception class) is, for lowering.
#[derive(Clone, Debug, Default)]
pub struct ClassSym {
    /// Its base, as written: `None` for none or `object`; a dotted path.
    pub base: Option<Vec<String>>,
    /// Its methods' names, in order.
    pub methods: Vec<String>,
}

impl Symbols {
    /// `class` and the script's classes it derives from, nearest first.
    pub fn mro(&self, class: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut next = Some(class.to_string());
        while let Some(c) = next.take() {
            let Some(sym) = self.classes.get(&c) else { break };
            if out.contains(&c) {
                break;
            }
            out.push(c);
            if let Some(base) = &sym.base {
                if let [b] = base.as_slice() {
                    next = Some(b.clone());
                }
            }
        }
        out
    }

    /// Whether objects of `class` are threads.
    pub fn is_thread_class(&self, class: &str) -> bool {
        self.mro(class)
            .last()
            .and_then(|c| self.classes.get(c))
            .and_then(|c| c.base.as_ref())
            .is_some_and(|b| b == &["threading".to_string(), "Thread".to_string()])
    }

    /// The class (of `class`'s MRO) that defines `method`.
    pub fn defining(&self, class: &str, method: &str) -> Option<String> {
        self.mro(class).into_iter().find(|c| self.classes[c].methods.iter().any(|m| m == method))
    }

    /// The class of the object in `class`'s attribute `attr` (set by a
    /// method of it or of a base), if one is known.
    pub fn attr_class(&self, class: &str, attr: &str) -> Option<&String> {
        self.mro(class).into_iter().find_map(|c| self.attr_classes.get(&(c, attr.to_string())))
    }

    /// Whether some class of the script defines a method `method`.
    pub fn any_method(&self, method: &str) -> bool {
        self.classes.values().any(|c| c.methods.iter().any(|m| m == method))
    }
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

/// The names an assignment target binds (`a`, `a, b`, `[a, *b]`).
pub(super) fn target_names(t: &ast::Expr, out: &mut Vec<String>) {
    match t {
        ast::Expr::Name(n) => out.push(n.id.to_string()),
        ast::Expr::Tuple(x) => x.elts.iter().for_each(|e| target_names(e, out)),
        ast::Expr::List(x) => x.elts.iter().for_each(|e| target_names(e, out)),
        ast::Expr::Starred(x) => target_names(&x.value, out),
        _ => {}
    }
}

/// The statements that run at module level: those of the body, with the
/// bodies of `if 1:`, `if True:` and `if __name__ == "__main__":` (no
/// `else`) that define functions or classes spliced in, since a script run
/// as a program always enters them.
pub fn module_level(body: &[ast::Stmt]) -> Vec<&ast::Stmt> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            // Only a wrapper that defines something is opened: a plain
            // `if 1:` stays an `if` (the same run, and the IR keeps it).
            ast::Stmt::If(i)
                if i.elif_else_clauses.is_empty()
                    && always_true(&i.test)
                    && i.body.iter().any(|s| matches!(s, ast::Stmt::FunctionDef(_) | ast::Stmt::ClassDef(_) | ast::Stmt::If(_))) =>
            {
                out.extend(module_level(&i.body))
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a test is a false constant (`None`, `False`, `0`, `''`).
pub(super) fn always_false(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::NoneLiteral(_) => true,
        ast::Expr::NumberLiteral(n) => matches!(&n.value, ast::Number::Int(i) if i.as_u64() == Some(0)),
        ast::Expr::BooleanLiteral(b) => !b.value,
        ast::Expr::StringLiteral(s) => s.value.to_str().is_empty(),
        _ => false,
    }
}

/// Whether a module-level test is true whenever the script runs as a
/// program.
pub(super) fn always_true(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::NumberLiteral(n) => matches!(&n.value, ast::Number::Int(i) if i.as_u64() != Some(0)),
        ast::Expr::BooleanLiteral(b) => b.value,
        ast::Expr::Compare(c) => {
            let is_name = |e: &ast::Expr| matches!(e, ast::Expr::Name(n) if n.id.as_str() == "__name__");
            let is_main = |e: &ast::Expr| matches!(e, ast::Expr::StringLiteral(s) if s.value.to_str() == "__main__");
            matches!((&*c.ops, &*c.comparators), ([ast::CmpOp::Eq], [r]) if (is_name(&c.left) && is_main(r)) || (is_main(&c.left) && is_name(r)))
        }
        _ => false,
    }
}

/// Collects the names of a module body.
pub fn collect(body: &[&ast::Stmt], imports: &Imports) -> Symbols {
    let mut s = Symbols::default();
    for stmt in body {
        match stmt {
            ast::Stmt::FunctionDef(f) => {
                s.functions.insert(f.name.to_string(), f.parameters.args.len());
                if f.parameters.vararg.is_some() {
                    s.varargs.insert(f.name.to_string());
                }
                s.module.insert(f.name.to_string(), Kind::Function);
            }
            ast::Stmt::ClassDef(c) => {
                if let Some(base) = exception_base(c, &s.exceptions) {
                    s.exceptions.insert(c.name.to_string(), ExcType::user(c.name.as_str(), base));
                } else {
                    let bases: &[ast::Expr] = c.arguments.as_ref().map_or(&[], |a| &a.args);
                    let base = match bases {
                        [b] => {
                            let d = dotted(b, imports);
                            (d != ["object"]).then_some(d)
                        }
                        _ => None,
                    };
                    let mut methods: Vec<String> = Vec::new();
                    for st in &c.body {
                        match st {
                            ast::Stmt::FunctionDef(f) => methods.push(f.name.to_string()),
                            // `__enter__ = acquire`
                            ast::Stmt::Assign(a) => {
                                if let (Some(m), [ast::Expr::Name(n)]) = (super::method_alias(a), a.targets.as_slice()) {
                                    if methods.iter().any(|x| x == m) {
                                        methods.push(n.id.to_string());
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    s.classes.insert(c.name.to_string(), ClassSym { base, methods });
                }
                s.module.insert(c.name.to_string(), Kind::Class);
            }
            _ => {}
        }
    }
    // `name = Class(…)` anywhere, `threading.Event()` included.
    let class_made = |s: &Symbols, value: &ast::Expr| match value {
        ast::Expr::Call(c) => Some(dotted(&c.func, imports).join(".")).filter(|class| s.classes.contains_key(class)),
        _ => None,
    };
    walk_all(&body.iter().map(|st| (*st).clone()).collect::<Vec<_>>(), &mut |st| {
        if let ast::Stmt::Assign(a) = st {
            if let ([ast::Expr::Name(n)], Some(class)) = (a.targets.as_slice(), class_made(&s, &a.value)) {
                s.constructed.insert(n.id.to_string(), class);
            }
        }
        // `with Class(…) as name:` (its `__enter__` gives the object back,
        // as ThreadPoolExecutor's does).
        if let ast::Stmt::With(w) = st {
            for item in &w.items {
                if let (Some(ast::Expr::Name(n)), Some(class)) = (item.optional_vars.as_deref(), class_made(&s, &item.context_expr)) {
                    s.constructed.insert(n.id.to_string(), class);
                }
            }
        }
    });
    // `name = signal.SIGxxx` at module level, the name bound nowhere else.
    let bindings = binding_counts(&body.iter().map(|st| (*st).clone()).collect::<Vec<_>>());
    for stmt in body {
        if let ast::Stmt::Assign(a) = stmt {
            if let ([ast::Expr::Name(n)], [m, c]) = (a.targets.as_slice(), dotted(&a.value, imports).as_slice()) {
                let constant = crate::scenario::Sig::from_name(c).is_some() || c == "ITIMER_REAL";
                if m == "signal" && constant && bindings.get(n.id.as_str()) == Some(&1) {
                    s.signal_consts.insert(n.id.to_string(), c.clone());
                }
            }
            if let ([ast::Expr::Name(n)], ast::Expr::Call(c)) = (a.targets.as_slice(), a.value.as_ref()) {
                if c.arguments.is_empty() && dotted(&c.func, imports) == ["os", "getpid"] && bindings.get(n.id.as_str()) == Some(&1) {
                    s.pid_names.insert(n.id.to_string());
                }
            }
        }
    }
    // `self.attr = Class(…)` in a method of a class.
    for stmt in body {
        let ast::Stmt::ClassDef(c) = stmt else { continue };
        for st in &c.body {
            let ast::Stmt::FunctionDef(f) = st else { continue };
            let Some(me) = f.parameters.args.first().map(|p| p.parameter.name.to_string()) else { continue };
            walk_all(&f.body, &mut |st| {
                if let ast::Stmt::Assign(a) = st {
                    if let ([ast::Expr::Attribute(t)], Some(class)) = (a.targets.as_slice(), class_made(&s, &a.value)) {
                        if matches!(t.value.as_ref(), ast::Expr::Name(n) if n.id.as_str() == me) {
                            s.attr_classes.insert((c.name.to_string(), t.attr.to_string()), class);
                        }
                    }
                }
            });
        }
    }
    let mut module = std::mem::take(&mut s.module);
    let mut conflicts = Vec::new();
    for stmt in body {
        match stmt {
            ast::Stmt::FunctionDef(f) => {
                let locals = function_locals(f, imports, &mut module, &mut conflicts);
                s.locals.insert(f.name.to_string(), locals);
            }
            // A method's locals are under `Class.method`.
            ast::Stmt::ClassDef(c) => {
                for st in &c.body {
                    if let ast::Stmt::FunctionDef(f) = st {
                        let locals = function_locals(f, imports, &mut module, &mut conflicts);
                        s.locals.insert(format!("{}.{}", c.name, f.name), locals);
                    }
                }
            }
            ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => {}
            other => {
                let mut assigned = Vec::new();
                assignments(std::slice::from_ref(*other), imports, &mut assigned);
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

/// A function's local names (its parameters and what it assigns, but for
/// names it declares `global`, which go to `module`).
fn function_locals(
    f: &ast::StmtFunctionDef,
    imports: &Imports,
    module: &mut BTreeMap<String, Kind>,
    conflicts: &mut Vec<(String, TextRange)>,
) -> BTreeMap<String, Kind> {
    let mut globals = BTreeSet::new();
    declared_globals(&f.body, &mut globals);
    let mut locals = BTreeMap::new();
    for p in &f.parameters.args {
        locals.insert(p.parameter.name.to_string(), Kind::Value);
    }
    for v in f.parameters.vararg.iter().chain(f.parameters.kwarg.iter()) {
        locals.insert(v.name.to_string(), Kind::Value);
    }
    let mut assigned = Vec::new();
    assignments(&f.body, imports, &mut assigned);
    for (name, kind, range) in assigned {
        let scope = if globals.contains(&name) { &mut *module } else { &mut locals };
        bind(scope, name, kind, range, conflicts);
    }
    locals
}

fn bind(
    scope: &mut BTreeMap<String, Kind>,
    name: String,
    kind: Kind,
    range: TextRange,
    conflicts: &mut Vec<(String, TextRange)>,
) {
    let object = |k: Kind| matches!(k, Kind::Lock | Kind::Thread | Kind::Value);
    match scope.get(&name) {
        // A name that holds a thread here and a value there (`t` of
        // `for t in threads:`) is known only when the code runs: a wrong
        // object raises AttributeError then, as in Python.
        Some(k) if *k != kind && object(*k) && object(kind) => {
            scope.insert(name, Kind::Value);
        }
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
fn assignments(body: &[ast::Stmt], imports: &Imports, out: &mut Vec<(String, Kind, TextRange)>) {
    for stmt in body {
        match stmt {
            ast::Stmt::Assign(a) => {
                if let [ast::Expr::Name(n)] = a.targets.as_slice() {
                    out.push((n.id.to_string(), value_kind(&a.value, imports), a.range));
                }
            }
            ast::Stmt::AugAssign(a) => {
                if let ast::Expr::Name(n) = a.target.as_ref() {
                    out.push((n.id.to_string(), Kind::Value, a.range));
                }
            }
            ast::Stmt::For(f) => {
                let mut names = Vec::new();
                target_names(&f.target, &mut names);
                out.extend(names.into_iter().map(|n| (n, Kind::Value, f.range)));
            }
            ast::Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        out.push((n.to_string(), Kind::Value, h.range));
                    }
                }
            }
            ast::Stmt::With(w) => {
                for item in &w.items {
                    if let Some(ast::Expr::Name(n)) = item.optional_vars.as_deref() {
                        out.push((n.id.to_string(), Kind::Value, w.range));
                    }
                }
            }
            _ => {}
        }
        for child in children(stmt) {
            assignments(child, imports, out);
        }
    }
}

fn value_kind(e: &ast::Expr, imports: &Imports) -> Kind {
    if let ast::Expr::Call(c) = e {
        let path = dotted(&c.func, imports);
        match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["threading", "Lock" | "RLock"] | ["_thread", "allocate_lock" | "allocate"] => return Kind::Lock,
            ["threading", "Thread"] => return Kind::Thread,
            _ => {}
        }
    }
    Kind::Value
}

/// `a.b.c` → `["a", "b", "c"]`, its first name resolved through the
/// imports; empty when `e` is not a dotted name.
pub fn dotted(e: &ast::Expr, imports: &Imports) -> Vec<String> {
    match e {
        ast::Expr::Name(n) => imports.resolve(n.id.as_str()),
        ast::Expr::Attribute(a) => {
            let mut v = dotted(&a.value, imports);
            if v.is_empty() {
                return v;
            }
            v.push(a.attr.to_string());
            v
        }
        _ => Vec::new(),
    }
}

/// The nested statement blocks of a compound statement (not of `def`s and
/// classes, which are scopes of their own).
pub fn children(stmt: &ast::Stmt) -> Vec<&[ast::Stmt]> {
    match stmt {
        ast::Stmt::If(i) => {
            let mut v: Vec<&[ast::Stmt]> = vec![&i.body];
            v.extend(i.elif_else_clauses.iter().map(|c| &c.body[..]));
            v
        }
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

/// Calls `f` on every statement at any depth, function and class bodies
/// included.
pub fn walk_all(body: &[ast::Stmt], f: &mut dyn FnMut(&ast::Stmt)) {
    for stmt in body {
        f(stmt);
        match stmt {
            ast::Stmt::FunctionDef(d) => walk_all(&d.body, f),
            ast::Stmt::ClassDef(c) => walk_all(&c.body, f),
            other => {
                for child in children(other) {
                    walk_all(child, f);
                }
            }
        }
    }
}

/// The base of `class Name(Base): …` when `Base` is an exception class (a
/// built-in one, or one of `known`, the script's classes defined before).
pub(super) fn exception_base(c: &ast::StmtClassDef, known: &BTreeMap<String, ExcType>) -> Option<ExcType> {
    let bases: &[ast::Expr] = c.arguments.as_ref().map_or(&[], |a| &a.args);
    let [ast::Expr::Name(n)] = bases else { return None };
    ExcType::builtin_from_name(n.id.as_str()).or_else(|| known.get(n.id.as_str()).cloned())
}
