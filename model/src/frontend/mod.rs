//! The Python front end: script text → [`Scenario`], or located errors.
//!
//! ```text
//! source ──ruff_python_parser──▶ Python AST ──names──▶ imports, symbols
//!                                            ──lower──▶ Scenario
//!        ──tokens (comments)──▶ `# pythread: …` pragmas
//! ```
//! The parser is ruff's (the grammar of the newest CPython: whatever 3.14
//! parses is never a syntax error here). Lowering accepts the scenario
//! language of DESIGN.md and the README; anything else becomes one
//! `path:line:col: unsupported: <construct>` diagnostic per real problem:
//! a name whose definition was refused is *poisoned*, and statements that use
//! it are dropped without a diagnostic of their own (they would only repeat
//! the first). No input makes it panic.
//!
//! Modules: `names` (imports and scopes), `statements`, `expressions`.

mod beyond;
mod classes;
pub mod diagnostic;
mod expressions;
mod library;
mod names;
mod nested;
mod statements;

pub use diagnostic::{DiagKind, Diagnostic};
pub use library::library_for_all;

use crate::scenario::*;
use names::{Imports, Symbols};
use ruff_python_ast as ast;
use ruff_python_ast::token::TokenKind;
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange};
use std::collections::{BTreeMap, BTreeSet};

/// The deepest nesting of one expression the front end lowers: CPython
/// 3.11 compiles a chain of 2,500 `+` and stops at 5,000 ("maximum
/// recursion depth exceeded during compilation"); the model evaluates an
/// expression by recursion, on threads with ordinary stacks.
pub const MAX_EXPR_DEPTH: u32 = 1000;

/// The stack of the thread that parses: ruff's parser and the lowering
/// recurse once per level of an expression, so a script nested thousands
/// deep gets its located error instead of overflowing the caller's stack.
/// Reserved, not used: only what the recursion touches is ever mapped.
const PARSE_STACK: usize = 1 << 30;

/// Parses a script into a scenario. `path` is used in diagnostics only.
pub fn parse(source: &str, path: &str) -> Result<Scenario, Vec<Diagnostic>> {
    std::thread::scope(|s| match std::thread::Builder::new().name("parse".into()).stack_size(PARSE_STACK).spawn_scoped(s, || parse_here(source, path)) {
        Ok(parsing) => parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No thread to be had (no memory to reserve its stack): parse here.
        Err(_) => parse_here(source, path),
    })
}

fn parse_here(source: &str, path: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let parsed = match ruff_python_parser::parse_module(source) {
        Ok(p) => p,
        Err(e) => {
            let mut lower = Lower::new(source, path, usize::MAX);
            let at = e.location.start().to_usize();
            lower.diag_at(at, e.location.end().to_usize().max(at + 1), DiagKind::SyntaxError, e.error.to_string());
            return Err(lower.diags);
        }
    };
    let comments: Vec<TextRange> = parsed.tokens().iter().filter(|t| t.kind() == TokenKind::Comment).map(|t| t.range()).collect();
    // The library's code after the script's, parsed with it (a valid script
    // followed by a newline and top-level classes stays valid).
    let combined = library::combined(source);
    let library_at = source.len() + 1;
    let (mut body, lib) = match ruff_python_parser::parse_module(&combined) {
        Ok(all) => {
            let mut body: Vec<ast::Stmt> = all.into_syntax().body.into_iter().collect();
            let split = body.iter().position(|s| s.range().start().to_usize() >= library_at).unwrap_or(body.len());
            let lib = body.split_off(split);
            (body, library::renamed(lib))
        }
        Err(_) => (parsed.syntax().body.iter().cloned().collect(), Vec::new()),
    };
    let cuts = beyond::cut(&mut body, &combined);
    let nested = nested::lift(&mut body);
    // Pass 1 finds the names whose definitions are refused; pass 2 lowers
    // with all of them known, so a use before the refused definition (a
    // function body read before a later assignment) is quiet too.
    let mut first = Lower::new(&combined, path, library_at);
    first.nested = nested.clone();
    first.cuts = cuts.clone();
    first.module(&body, &lib, &comments);
    let mut lower = Lower::new(&combined, path, library_at);
    lower.poisoned = first.poisoned;
    lower.nested = nested;
    lower.cuts = cuts;
    let scenario = lower.module(&body, &lib, &comments);
    if lower.diags.is_empty() {
        Ok(scenario)
    } else {
        lower.diags.sort_by_key(|d| (d.line, d.col));
        lower.diags.dedup();
        Err(lower.diags)
    }
}

/// Reads and parses a script file; an unreadable file is a diagnostic at 1:1.
pub fn parse_file(path: &std::path::Path) -> Result<(String, Scenario), Vec<Diagnostic>> {
    let shown = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic {
            path: shown.clone(),
            line: 1,
            col: 1,
            kind: DiagKind::Error,
            message: format!("cannot read file: {e}"),
            span: (0, 0),
        }]
    })?;
    parse(&source, &shown).map(|s| (source, s))
}

/// Where a statement is being lowered.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    /// The enclosing function, or `None` at module level.
    function: Option<&'a str>,
    /// What a `break` or `continue` here would leave.
    loop_: LoopCtx,
}

/// Where a `break` or `continue` stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LoopCtx {
    /// Not in a loop (of this function): a `break` is a SyntaxError.
    None,
    /// In a loop's body.
    Body,
    /// In a `finally` body inside a loop (not modelled).
    Finally,
}

struct Lower<'s> {
    path: String,
    source: &'s str,
    lines: LineIndex,
    diags: Vec<Diagnostic>,
    imports: Imports,
    symbols: Symbols,
    /// Names whose definition was refused (or that an import outside the
    /// language binds), with the statement that refused them: another
    /// statement using one is dropped quietly.
    poisoned: BTreeMap<String, TextRange>,
    /// The function being lowered, for name lookups.
    current_fn: Option<String>,
    /// Where the library's code starts in `source` (the script's code is
    /// before it), and its lines.
    library_at: usize,
    library_lines: LineIndex,
    /// Why each nested `def` left in place (not lifted) is refused, by
    /// where it starts.
    nested: BTreeMap<ruff_text_size::TextSize, String>,
    /// The branches cut as beyond the model, by where their `pass` starts.
    cuts: BTreeMap<ruff_text_size::TextSize, beyond::Cut>,
    /// How deep in one expression the lowering stands (`MAX_EXPR_DEPTH`).
    expr_depth: u32,
}

impl<'s> Lower<'s> {
    fn new(source: &'s str, path: &str, library_at: usize) -> Self {
        Lower {
            library_at,
            library_lines: LineIndex::from_source_text(crate::library_files::TEXT),
            path: path.to_string(),
            source,
            lines: LineIndex::from_source_text(source),
            diags: Vec::new(),
            imports: Imports::default(),
            symbols: Symbols::default(),
            poisoned: BTreeMap::new(),
            current_fn: None,
            nested: BTreeMap::new(),
            cuts: BTreeMap::new(),
            expr_depth: 0,
        }
    }

    // ---- locations and diagnostics -------------------------------------

    fn loc(&self, range: TextRange) -> Loc {
        let start = range.start().to_usize();
        if start >= self.library_at {
            let at = self.library_lines.line_column(((start - self.library_at) as u32).into(), crate::library_files::TEXT);
            return Loc::library(at.line.get() as u32, at.column.get() as u32);
        }
        let at = self.lines.line_column(range.start(), self.source);
        Loc::new(at.line.get() as u32, at.column.get() as u32)
    }

    fn diag_at(&mut self, start: usize, end: usize, kind: DiagKind, message: String) {
        if start >= self.library_at {
            // pythread's own bug: the library is lowered without errors
            // (tests/frontend_library.rs); reported, located in it.
            let at = self.loc(TextRange::new((start as u32).into(), (start as u32).into()));
            self.diags.push(Diagnostic { path: self.path.clone(), line: 1, col: 1, kind: DiagKind::Error, message: format!("pythread's copy of {}: {message}", at.line_label()), span: (0, 0) });
            return;
        }
        let start = start.min(self.source.len());
        let mut s = start;
        while !self.source.is_char_boundary(s) {
            s -= 1;
        }
        let at = self.lines.line_column((s as u32).into(), self.source);
        self.diags.push(Diagnostic {
            path: self.path.clone(),
            line: at.line.get() as u32,
            col: at.column.get() as u32,
            kind,
            message,
            span: (s, end.max(s).min(self.source.len())),
        });
    }

    fn diag(&mut self, range: TextRange, kind: DiagKind, message: impl Into<String>) {
        self.diag_at(range.start().to_usize(), range.end().to_usize(), kind, message.into());
    }

    fn unsupported(&mut self, range: TextRange, what: impl Into<String>) {
        self.diag(range, DiagKind::Unsupported, what);
    }

    fn error(&mut self, range: TextRange, what: impl Into<String>) {
        self.diag(range, DiagKind::Error, what);
    }

    /// `a.b.c` with its first name resolved through the imports.
    fn dotted(&self, e: &ast::Expr) -> Vec<String> {
        names::dotted(e, &self.imports)
    }

    /// `a.b()` with no arguments → `"a.b"` (imports resolved).
    fn dotted_call(&self, e: &ast::Expr) -> Option<String> {
        match e {
            ast::Expr::Call(c) if c.arguments.args.is_empty() && c.arguments.keywords.is_empty() => {
                let d = self.dotted(&c.func);
                (!d.is_empty()).then(|| d.join("."))
            }
            _ => None,
        }
    }

    /// Whether an expression of the statement at `stmt` reads a name that
    /// another statement's refusal poisoned.
    fn uses_poisoned(&self, e: &ast::Expr, stmt: TextRange) -> bool {
        if self.poisoned.is_empty() {
            return false;
        }
        let mut found = false;
        let mut v = PoisonFinder { poisoned: &self.poisoned, stmt, found: &mut found };
        ast::visitor::Visitor::visit_expr(&mut v, e);
        found
    }

    // ---- module level --------------------------------------------------

    /// Lowers the script's statements (`body`) with the library's classes
    /// (`library`) beside them.
    fn module(&mut self, body: &[ast::Stmt], library: &[ast::Stmt], comments: &[TextRange]) -> Scenario {
        let (ctrl_c, allow) = self.pragmas(comments);
        let mut s = Scenario { ctrl_c, allow, ..Scenario::default() };
        self.imports = names::imports(body);
        names::function_aliases(body, &mut self.imports);
        for (module, bound, range) in std::mem::take(&mut self.imports.unknown) {
            self.unsupported(range, format!("import of module `{module}` (supported: _thread, threading, time, signal, os, sys, atexit, queue, concurrent.futures, sched)"));
            self.poisoned.extend(bound.into_iter().map(|b| (b, range)));
        }
        let mut imported: Vec<(Module, TextRange)> = self.imports.modules.clone();
        imported.sort_by_key(|(_, r)| r.start());
        for (module, range) in imported {
            let loc = self.loc(range);
            s.imports.push(Import { module, loc });
        }
        let mut top = names::module_level(body);
        top.extend(library.iter());
        self.symbols = names::collect(&top, &self.imports);
        for stmt in &top {
            // `*args` is the last parameter, written as Python writes it.
            let signature = |this: &Self, f: &ast::StmtFunctionDef| {
                let mut params: Vec<String> = f.parameters.args.iter().map(|p| p.parameter.name.to_string()).collect();
                let mut defaults: Vec<_> = f.parameters.args.iter().map(|p| p.default.as_deref().and_then(|d| this.literal(d))).collect();
                if let Some(v) = &f.parameters.vararg {
                    params.push(format!("*{}", v.name));
                    defaults.push(None);
                }
                if let Some(v) = &f.parameters.kwarg {
                    params.push(format!("**{}", v.name));
                    defaults.push(None);
                }
                (params, defaults)
            };
            match stmt {
                ast::Stmt::FunctionDef(f) => {
                    let sig = signature(self, f);
                    self.symbols.signatures.insert(f.name.to_string(), sig);
                }
                // A method's signature is under `Class.method`, `self` first.
                ast::Stmt::ClassDef(c) => {
                    for st in &c.body {
                        if let ast::Stmt::FunctionDef(f) = st {
                            let sig = signature(self, f);
                            self.symbols.signatures.insert(format!("{}.{}", c.name, f.name), sig);
                        }
                        // An alias has its method's signature.
                        if let ast::Stmt::Assign(a) = st {
                            if let (Some(m), [ast::Expr::Name(n)]) = (method_alias(a), a.targets.as_slice()) {
                                if let Some(sig) = self.symbols.signatures.get(&format!("{}.{m}", c.name)).cloned() {
                                    self.symbols.signatures.insert(format!("{}.{}", c.name, n.id), sig);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, range) in self.symbols.conflicts.clone() {
            self.unsupported(range, format!("name `{name}` is both a function or class and a value"));
        }
        for stmt in top {
            match stmt {
                ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => {}
                ast::Stmt::ClassDef(c) => self.class(c, &mut s),
                ast::Stmt::FunctionDef(f) => match self.function(f) {
                    Some(function) => {
                        // `@atexit.register` registers it where the def runs.
                        if !f.decorator_list.is_empty() {
                            let loc = self.loc(f.decorator_list[0].range());
                            let kind = StmtKind::AtexitRegister { function: function.name.clone(), args: Vec::new(), threading: false };
                            s.main.push(Stmt { kind, loc });
                        }
                        s.functions.push(function);
                    }
                    None => {
                        self.poisoned.entry(f.name.to_string()).or_insert(f.range);
                    }
                },
                other => {
                    let ctx = Ctx { function: None, loop_: LoopCtx::None };
                    if let Some(st) = self.stmt(other, ctx) {
                        s.main.push(st);
                    }
                }
            }
        }
        library::keep_used(&mut s);
        self.check_imports(&s);
        s
    }

    /// `# pythread: …` comments, found among the parser's tokens so a `#`
    /// inside a string is never mistaken for one: `ctrl-c[=N]` (the presses),
    /// `allow=ID[,ID…]` (hazards the author accepts), `check` (nothing but
    /// the mark `check --marked-only` looks for). Returns the presses and
    /// the allowed hazards.
    fn pragmas(&mut self, comments: &[TextRange]) -> (u32, Vec<String>) {
        let mut presses = 0;
        let mut allow: Vec<String> = Vec::new();
        for &range in comments {
            let text = &self.source[range];
            let body = text.trim_start_matches('#').trim();
            let Some(rest) = body.strip_prefix("pythread:") else { continue };
            let rest = rest.trim();
            if rest == "ctrl-c" {
                presses = 1;
            } else if rest == "check" {
                // Only the mark.
            } else if let Some(n) = rest.strip_prefix("ctrl-c=") {
                match n.trim().parse::<u32>() {
                    Ok(n) if (1..=16).contains(&n) => presses = n,
                    _ => self.error(range, format!("ctrl-c pragma needs a press count from 1 to 16, not `{}`", n.trim())),
                }
            } else if let Some(ids) = rest.strip_prefix("allow=") {
                for id in ids.split(',').map(str::trim) {
                    if crate::hazards::kind(id).is_some() {
                        if !allow.iter().any(|a| a == id) {
                            allow.push(id.to_string());
                        }
                    } else {
                        let known = crate::hazards::KINDS.iter().map(|k| k.id).collect::<Vec<_>>().join(", ");
                        self.error(range, format!("allow names an unknown hazard `{id}` (known: {known})"));
                    }
                }
            } else {
                self.unsupported(range, format!("pragma `{rest}` (known: `ctrl-c`, `ctrl-c=N`, `allow=HAZARD-ID[,…]`, `check`)"));
            }
        }
        (presses, allow)
    }

    /// Every module a statement uses must be imported somewhere: Python
    /// would raise NameError at the first use.
    fn check_imports(&mut self, s: &Scenario) {
        let mut missing = Vec::new();
        if s.classes.iter().any(|c| c.base == ClassBase::Thread) && !s.imports(Module::Threading) {
            missing.push((Module::Threading, s.classes.iter().find(|c| c.base == ClassBase::Thread).map_or(Loc::NONE, |c| c.loc)));
        }
        for b in s.bodies() {
            walk_block(b, &mut |st| {
                // The library's code names modules the script need not import.
                if st.loc.library {
                    return;
                }
                for m in modules_used(&st.kind) {
                    if !s.imports(m) {
                        missing.push((m, st.loc));
                    }
                }
            });
        }
        let mut reported = BTreeSet::new();
        for (m, loc) in missing {
            // One diagnostic per module: the first use is the real problem.
            if !reported.insert(m) {
                continue;
            }
            let at = offset_of(self.source, loc);
            self.diag_at(at, at + 1, DiagKind::Error, format!("name '{}' is not defined (the script never imports `{}`)", m.name(), m.name()));
        }
    }

    fn class(&mut self, c: &ast::StmtClassDef, s: &mut Scenario) {
        if self.symbols.classes.contains_key(c.name.as_str()) {
            match self.plain_class(c) {
                Some(class) => s.classes.push(class),
                None => {
                    self.poisoned.entry(c.name.to_string()).or_insert(c.range);
                }
            }
            return;
        }
        let bases: &[ast::Expr] = c.arguments.as_ref().map_or(&[], |a| &a.args);
        let keywords = c.arguments.as_ref().is_some_and(|a| !a.keywords.is_empty());
        let base = names::exception_base(c, &self.symbols.exceptions);
        let refuse = if base.is_none() || keywords || bases.len() != 1 {
            Some((c.range, format!("class `{}`: only exception classes are supported (`class Name(Base): pass`, Base an exception class)", c.name)))
        } else if base.as_ref().is_some_and(|b| !b.is_subclass_of(&ExcType::Exception)) {
            // CPython tells a KeyboardInterrupt or SystemExit from its
            // subclasses in places (pythonrun's exact-type test for the exit
            // status): not modelled yet.
            Some((bases[0].range(), format!("class `{}`: a subclass of BaseException, KeyboardInterrupt or SystemExit", c.name)))
        } else if !c.decorator_list.is_empty() {
            Some((c.range, "class decorators".to_string()))
        } else {
            c.body
                .iter()
                .find(|st| !matches!(st, ast::Stmt::Pass(_)) && !is_docstring(st))
                .map(|st| (st.range(), "a class body other than `pass`".to_string()))
        };
        if let Some((range, what)) = refuse {
            self.unsupported(range, what);
            self.poisoned.entry(c.name.to_string()).or_insert(c.range);
            return;
        }
        let loc = self.loc(c.range);
        let base = base.expect("refused above");
        s.exceptions.push(ExceptionClass { name: c.name.to_string(), base, loc });
    }

    /// A class other than an exception class: `name = literal` class
    /// attributes and methods.
    fn plain_class(&mut self, c: &ast::StmtClassDef) -> Option<Class> {
        if c.arguments.as_ref().is_some_and(|a| !a.keywords.is_empty() || a.args.len() > 1) {
            self.unsupported(c.range, format!("class `{}`: keywords or more than one base", c.name));
            return None;
        }
        if !c.decorator_list.is_empty() {
            self.unsupported(c.range, "class decorators");
            return None;
        }
        let sym = self.symbols.classes[c.name.as_str()].clone();
        let base = match sym.base.as_deref() {
            None => ClassBase::Object,
            Some([m, t]) if m == "threading" && t == "Thread" => ClassBase::Thread,
            Some([b]) if self.symbols.classes.contains_key(b) && b != c.name.as_str() => ClassBase::Class(b.clone()),
            Some(other) => {
                let at = c.arguments.as_ref().map_or(c.range, |a| a.range);
                self.unsupported(at, format!("class `{}`: base `{}` (supported: object, threading.Thread, a class of the script)", c.name, other.join(".")));
                return None;
            }
        };
        let mut attrs = Vec::new();
        let mut methods = Vec::new();
        let mut ok = true;
        for st in &c.body {
            match st {
                ast::Stmt::Pass(_) => {}
                _ if is_docstring(st) => {}
                ast::Stmt::Assign(a) => match (a.targets.as_slice(), self.literal(&a.value)) {
                    ([ast::Expr::Name(n)], Some(v)) => attrs.push((n.id.to_string(), v)),
                    // `__enter__ = acquire`: the same function under a second name.
                    ([ast::Expr::Name(n)], None) if method_alias(a).is_some_and(|m| methods.iter().any(|f: &Function| f.name == m)) => {
                        let m = method_alias(a).expect("an alias");
                        let mut f = methods.iter().find(|f| f.name == m).expect("the method").clone();
                        f.name = n.id.to_string();
                        methods.push(f);
                    }
                    _ => {
                        self.unsupported(a.range, "a class attribute other than `name = literal`");
                        ok = false;
                    }
                },
                ast::Stmt::FunctionDef(f) if f.name.as_str() == "__del__" => {
                    self.unsupported(f.range, "`__del__` (finalizers are not modelled)");
                    ok = false;
                }
                ast::Stmt::FunctionDef(f) => {
                    if f.parameters.args.is_empty() {
                        self.unsupported(f.range, format!("method `{}` without `self`", f.name));
                        ok = false;
                        continue;
                    }
                    let qualified = format!("{}.{}", c.name, f.name);
                    match self.function_named(f, &qualified) {
                        Some(m) => methods.push(m),
                        None => ok = false,
                    }
                }
                other => {
                    self.unsupported(other.range(), "a statement in a class body other than `def`, `name = literal` or `pass`");
                    ok = false;
                }
            }
        }
        let loc = self.loc(c.range);
        ok.then(|| Class { name: c.name.to_string(), base, attrs, methods, loc })
    }

    fn function(&mut self, f: &ast::StmtFunctionDef) -> Option<Function> {
        self.function_named(f, f.name.as_str())
    }

    /// A `def`; `qualified` is `Class.method` for a method (its locals and
    /// signature are found under that name).
    fn function_named(&mut self, f: &ast::StmtFunctionDef, qualified: &str) -> Option<Function> {
        match f.decorator_list.as_slice() {
            [] => {}
            [d] if self.dotted(&d.expression) == ["atexit", "register"] => {
                if !f.parameters.args.iter().all(|p| p.default.is_some()) {
                    self.error(d.range(), format!("{}() missing required argument at exit (`@atexit.register` calls it with none)", f.name));
                    return None;
                }
            }
            _ => {
                self.unsupported(f.range, "decorators other than `@atexit.register`");
                return None;
            }
        }
        if f.is_async {
            self.unsupported(f.range, "`async def`");
            return None;
        }
        let a = &f.parameters;
        if !a.posonlyargs.is_empty() || !a.kwonlyargs.is_empty() {
            self.unsupported(f.range, format!("parameters of `{}` other than plain names", f.name));
            return None;
        }
        if let Some(d) = a.args.iter().filter_map(|p| p.default.as_deref()).find(|d| self.literal(d).is_none()) {
            self.unsupported(d.range(), "a default parameter value other than a literal");
            return None;
        }
        // Annotations of parameters and of the result are evaluated when
        // the `def` runs, with no call and no check point, and change
        // nothing a run shows: they are dropped.
        let defaults: Vec<Literal> = a.args.iter().filter_map(|p| p.default.as_deref().and_then(|d| self.literal(d))).collect();
        let mut params: Vec<String> = a.args.iter().map(|p| p.parameter.name.to_string()).collect();
        params.extend(a.vararg.iter().map(|v| format!("*{}", v.name)));
        params.extend(a.kwarg.iter().map(|v| format!("**{}", v.name)));
        let name = f.name.to_string();
        self.current_fn = Some(qualified.to_string());
        let ctx = Ctx { function: Some(qualified), loop_: LoopCtx::None };
        let body = self.block(&f.body, ctx);
        self.current_fn = None;
        let loc = self.loc(f.range);
        Some(Function { name, params, defaults, body, loc })
    }
}

/// Walks an expression looking for a poisoned name.
struct PoisonFinder<'a> {
    poisoned: &'a BTreeMap<String, TextRange>,
    /// The statement being lowered: its own refusal does not count.
    stmt: TextRange,
    found: &'a mut bool,
}

impl<'a> ast::visitor::Visitor<'a> for PoisonFinder<'_> {
    fn visit_expr(&mut self, e: &'a ast::Expr) {
        if let ast::Expr::Name(n) = e {
            if self.poisoned.get(n.id.as_str()).is_some_and(|r| *r != self.stmt) {
                *self.found = true;
            }
        }
        ast::visitor::walk_expr(self, e);
    }
}

/// The modules a statement's own code (not its nested blocks) names.
fn modules_used(kind: &StmtKind) -> Vec<Module> {
    let mut v = match kind {
        StmtKind::NewLock { ctor: LockCtor::AllocateLock, .. } => vec![Module::Thread],
        StmtKind::NewLock { .. } | StmtKind::NewThread { .. } | StmtKind::StartThread { .. } => vec![Module::Threading],
        StmtKind::StartNewThread { .. } | StmtKind::ThreadExit => vec![Module::Thread],
        StmtKind::Sleep { .. } | StmtKind::SleepFor { .. } => vec![Module::Time],
        StmtKind::SetHandler { .. } | StmtKind::RaiseSignal { .. } => vec![Module::Signal],
        StmtKind::Kill { .. } => vec![Module::Os, Module::Signal],
        StmtKind::PthreadKill { thread: ThreadRef::Main | ThreadRef::Current, .. } => vec![Module::Signal, Module::Threading],
        StmtKind::PthreadKill { .. } => vec![Module::Signal],
        StmtKind::InterruptMain { signal: None } => vec![Module::Thread],
        StmtKind::InterruptMain { signal: Some(_) } => vec![Module::Thread, Module::Signal],
        StmtKind::SysExit { .. } | StmtKind::Write { .. } => vec![Module::Sys],
        StmtKind::AtexitRegister {
            threading: false, ..
        }
        | StmtKind::AtexitRegisterValue {
            threading: false, ..
        }
        | StmtKind::AtexitUnregister { .. }
        | StmtKind::AtexitClear
        | StmtKind::AtexitRun => vec![Module::Atexit],
        StmtKind::AtexitRegister {
            threading: true, ..
        }
        | StmtKind::AtexitRegisterValue {
            threading: true, ..
        } => vec![Module::Threading],
        StmtKind::OsExit { .. } => vec![Module::Os],
        StmtKind::ThreadInit { .. } => vec![Module::Threading],
        StmtKind::SetHook { hook, .. } => vec![hook.module()],
        _ => vec![],
    };
    // What the statement's expressions name, at any depth.
    for e in kind.exprs() {
        walk_exprs_of(e, &mut |x| match x {
            Expr::ThreadQuery { query } => v.push(query.module()),
            Expr::IsMainThread | Expr::CurrentThreadName | Expr::Thread { .. } | Expr::Enumerate => v.push(Module::Threading),
            // `threading.Event()` needs `threading`, `queue.Queue()` `queue`.
            Expr::New { class, .. } if library::is_library(class) => v.extend(class.split('.').next().and_then(Module::from_name)),
            Expr::NewLock { ctor: LockCtor::AllocateLock } | Expr::ThreadCount => v.push(Module::Thread),
            Expr::NewLock { .. } => v.push(Module::Threading),
            Expr::Clock { .. } => v.push(Module::Time),
            // Module constants read as values.
            Expr::VersionInfo => v.push(Module::Sys),
            Expr::Pid => v.push(Module::Os),
            Expr::HookValue { hook } => v.push(hook.module()),
            Expr::BuiltinRef { function: BuiltinRef::SysExit } => v.push(Module::Sys),
            Expr::LockType => v.push(Module::Thread),
            Expr::Nsig | Expr::Signal { .. } | Expr::ItimerReal | Expr::HandlerConst { .. } => v.push(Module::Signal),
            _ => {}
        });
    }
    v
}

/// The byte offset of a (line, col) location, col counted in characters.
fn offset_of(source: &str, loc: Loc) -> usize {
    let mut offset = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        if i + 1 == loc.line as usize {
            let col = line.char_indices().nth(loc.col.saturating_sub(1) as usize).map_or(line.len(), |(b, _)| b);
            return offset + col;
        }
        offset += line.len();
    }
    source.len()
}

/// `alias = method` in a class body: the method's name.
pub(super) fn method_alias(a: &ast::StmtAssign) -> Option<&str> {
    match (a.targets.as_slice(), a.value.as_ref()) {
        ([ast::Expr::Name(_)], ast::Expr::Name(m)) => Some(m.id.as_str()),
        _ => None,
    }
}

/// Whether a statement is a bare string literal (a docstring or comment).
pub(super) fn is_docstring(s: &ast::Stmt) -> bool {
    matches!(s, ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::StringLiteral(_)))
}
