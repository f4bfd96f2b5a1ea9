//! The Python front end: script text → [`Scenario`], or located errors.
//!
//! ```text
//! source ──rustpython-parser──▶ Python AST ──lower──▶ Scenario
//!        ──lexer (comments)──▶ `# pythread: …` pragmas
//! ```
//! Lowering accepts exactly the subset of DESIGN.md ("The scenario
//! language") plus `if/elif/else`, `pass`, `global`, bare `raise` and
//! `class E(Exception): pass`. Anything else becomes a
//! `path:line:col: unsupported: <construct>` diagnostic; names that are never
//! defined, or objects used as the wrong kind, become `error:` diagnostics.
//! Lowering goes on after an error so one run reports every problem, and no
//! input makes it panic.

pub mod diagnostic;
mod names;

pub use diagnostic::{DiagKind, Diagnostic};

use crate::scenario::*;
use names::{Kind, Symbols};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::source_code::RandomLocator;
use rustpython_parser::text_size::TextRange;
use rustpython_parser::{lexer, Mode, Tok};

/// Parses a script into a scenario. `path` is used in diagnostics only.
pub fn parse(source: &str, path: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let mut lower = Lower::new(source, path);
    let module = match rustpython_parser::parse(source, Mode::Module, path) {
        Ok(ast::Mod::Module(m)) => m.body,
        Ok(_) => Vec::new(),
        Err(e) => {
            let at = e.offset.to_usize();
            lower.diag_at(at, at + 1, DiagKind::SyntaxError, e.error.to_string());
            return Err(lower.diags);
        }
    };
    let scenario = lower.module(&module);
    if lower.diags.is_empty() {
        Ok(scenario)
    } else {
        lower.diags.sort_by_key(|d| (d.line, d.col));
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
    /// Whether we are inside an `except` block (bare `raise` is allowed).
    in_except: bool,
}

struct Lower<'s> {
    path: String,
    source: &'s str,
    locator: RandomLocator<'s>,
    diags: Vec<Diagnostic>,
    symbols: Symbols,
    /// The function being lowered, for name lookups.
    current_fn: Option<String>,
}

impl<'s> Lower<'s> {
    fn new(source: &'s str, path: &str) -> Self {
        Lower {
            path: path.to_string(),
            source,
            locator: RandomLocator::new(source),
            diags: Vec::new(),
            symbols: Symbols::default(),
            current_fn: None,
        }
    }

    // ---- locations and diagnostics -------------------------------------

    fn loc(&mut self, range: TextRange) -> Loc {
        let at = self.locator.locate(range.start());
        Loc::new(at.row.get() as u32, at.column.get() as u32)
    }

    fn diag_at(&mut self, start: usize, end: usize, kind: DiagKind, message: String) {
        let start = start.min(self.source.len());
        let mut s = start;
        while !self.source.is_char_boundary(s) {
            s -= 1;
        }
        let at = self.locator.locate((s as u32).into());
        self.diags.push(Diagnostic {
            path: self.path.clone(),
            line: at.row.get() as u32,
            col: at.column.get() as u32,
            kind,
            message,
            span: (s, end.max(s)),
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

    // ---- module level --------------------------------------------------

    fn module(&mut self, body: &[ast::Stmt]) -> Scenario {
        let mut s = Scenario { ctrl_c: self.pragmas(), ..Scenario::default() };
        self.symbols = names::collect(body);
        for (name, range) in self.symbols.conflicts.clone() {
            self.unsupported(range, format!("name `{name}` holds objects of different kinds (a lock, a thread, a value)"));
        }
        for stmt in body {
            match stmt {
                ast::Stmt::Import(i) => self.import(i, &mut s),
                ast::Stmt::ClassDef(c) => self.class(c, &mut s),
                ast::Stmt::FunctionDef(f) => {
                    if let Some(f) = self.function(f) {
                        s.functions.push(f);
                    }
                }
                other => {
                    let ctx = Ctx { function: None, in_except: false };
                    if let Some(st) = self.stmt(other, ctx) {
                        s.main.push(st);
                    }
                }
            }
        }
        self.check_imports(&s);
        s
    }

    /// `# pythread: ctrl-c[=N]` comments, found with the real lexer so a
    /// `#` inside a string is never mistaken for one.
    fn pragmas(&mut self) -> u32 {
        let mut presses = 0;
        let comments: Vec<(String, TextRange)> = lexer::lex(self.source, Mode::Module)
            .filter_map(|t| match t {
                Ok((Tok::Comment(text), range)) => Some((text, range)),
                _ => None,
            })
            .collect();
        for (text, range) in comments {
            let body = text.trim_start_matches('#').trim();
            let Some(rest) = body.strip_prefix("pythread:") else { continue };
            let rest = rest.trim();
            if rest == "ctrl-c" {
                presses = 1;
            } else if let Some(n) = rest.strip_prefix("ctrl-c=") {
                match n.trim().parse::<u32>() {
                    Ok(n) if (1..=16).contains(&n) => presses = n,
                    _ => self.error(range, format!("ctrl-c pragma needs a press count from 1 to 16, not `{}`", n.trim())),
                }
            } else {
                self.unsupported(range, format!("pragma `{rest}` (known: `ctrl-c`, `ctrl-c=N`)"));
            }
        }
        presses
    }

    fn import(&mut self, i: &ast::StmtImport, s: &mut Scenario) {
        for alias in &i.names {
            if alias.asname.is_some() {
                self.unsupported(alias.range, "`import … as …`");
                continue;
            }
            match Module::from_name(alias.name.as_str()) {
                Some(module) => {
                    if !s.imports(module) {
                        let loc = self.loc(i.range);
                        s.imports.push(Import { module, loc });
                    }
                }
                None => self.unsupported(
                    alias.range,
                    format!("import of module `{}` (supported: _thread, threading, time, signal, os, sys)", alias.name),
                ),
            }
        }
    }

    /// Every module a statement uses must be imported: Python would raise
    /// NameError at the first use.
    fn check_imports(&mut self, s: &Scenario) {
        let mut missing = Vec::new();
        let blocks = s.functions.iter().map(|f| &f.body).chain(std::iter::once(&s.main));
        for b in blocks {
            walk_block(b, &mut |st| {
                for m in modules_used(&st.kind) {
                    if !s.imports(m) {
                        missing.push((m, st.loc));
                    }
                }
            });
        }
        for (m, loc) in missing {
            let at = offset_of(self.source, loc);
            self.diag_at(at, at + 1, DiagKind::Error, format!("name '{}' is not defined (add `import {}`)", m.name(), m.name()));
        }
    }

    fn class(&mut self, c: &ast::StmtClassDef, s: &mut Scenario) {
        let base_ok = matches!(c.bases.as_slice(), [ast::Expr::Name(n)] if n.id.as_str() == "Exception");
        if !base_ok || !c.keywords.is_empty() {
            self.unsupported(c.range, format!("class `{}`: only `class Name(Exception): pass` is supported", c.name));
            return;
        }
        if !c.decorator_list.is_empty() {
            self.unsupported(c.range, "class decorators");
            return;
        }
        for st in &c.body {
            if !matches!(st, ast::Stmt::Pass(_)) && !is_docstring(st) {
                self.unsupported(st.range(), "a class body other than `pass`");
                return;
            }
        }
        let loc = self.loc(c.range);
        s.exceptions.push(ExceptionClass { name: c.name.to_string(), loc });
    }

    fn function(&mut self, f: &ast::StmtFunctionDef) -> Option<Function> {
        if !f.decorator_list.is_empty() {
            self.unsupported(f.range, "decorators");
            return None;
        }
        let a = &f.args;
        if !a.posonlyargs.is_empty() || a.vararg.is_some() || !a.kwonlyargs.is_empty() || a.kwarg.is_some() {
            self.unsupported(f.range, format!("parameters of `{}` other than plain names", f.name));
            return None;
        }
        if a.args.iter().any(|p| p.default.is_some()) {
            self.unsupported(f.range, format!("default parameter values in `{}`", f.name));
            return None;
        }
        if f.returns.is_some() || a.args.iter().any(|p| p.def.annotation.is_some()) {
            self.unsupported(f.range, "type annotations");
            return None;
        }
        let params: Vec<String> = a.args.iter().map(|p| p.def.arg.to_string()).collect();
        if params.len() != 0 && params.len() != 2 {
            self.unsupported(
                f.range,
                format!("`{}` takes {} parameters: thread targets take none, signal handlers take (signum, frame)", f.name, params.len()),
            );
            return None;
        }
        let name = f.name.to_string();
        self.current_fn = Some(name.clone());
        let ctx = Ctx { function: Some(&name), in_except: false };
        let body = self.block(&f.body, ctx);
        self.current_fn = None;
        let loc = self.loc(f.range);
        Some(Function { name: name.clone(), params, body, loc })
    }

    // ---- statements ----------------------------------------------------

    fn block(&mut self, body: &[ast::Stmt], ctx: Ctx) -> Block {
        body.iter().filter_map(|s| self.stmt(s, ctx)).collect()
    }

    fn stmt(&mut self, stmt: &ast::Stmt, ctx: Ctx) -> Option<Stmt> {
        let range = stmt.range();
        let kind = self.stmt_kind(stmt, ctx)?;
        let loc = self.loc(range);
        Some(Stmt { kind, loc })
    }

    fn stmt_kind(&mut self, stmt: &ast::Stmt, ctx: Ctx) -> Option<StmtKind> {
        use ast::Stmt as S;
        let range = stmt.range();
        match stmt {
            S::Pass(_) => Some(StmtKind::Pass),
            S::Expr(e) if is_docstring(stmt) => {
                let _ = e;
                None
            }
            S::Expr(e) => self.expr_stmt(&e.value, ctx),
            S::Assign(a) => self.assign(a, ctx),
            S::Global(g) => {
                if ctx.function.is_none() {
                    self.unsupported(range, "`global` at module level");
                    return None;
                }
                Some(StmtKind::Global { names: g.names.iter().map(|n| n.to_string()).collect() })
            }
            S::If(i) => {
                let test = self.expr(&i.test, ctx)?;
                let body = self.block(&i.body, ctx);
                let orelse = self.block(&i.orelse, ctx);
                Some(StmtKind::If { test, body, orelse })
            }
            S::For(f) => self.for_(f, ctx),
            S::With(w) => self.with(w, ctx),
            S::Try(t) => self.try_(t, ctx),
            S::Raise(r) => self.raise(r, ctx),
            S::Assert(a) => {
                let test = self.expr(&a.test, ctx)?;
                let msg = match &a.msg {
                    Some(m) => Some(self.expr(m, ctx)?),
                    None => None,
                };
                Some(StmtKind::Assert { test, msg })
            }
            S::Import(_) => {
                self.unsupported(range, "`import` inside a block (imports go at module level)");
                None
            }
            S::ImportFrom(_) => {
                self.unsupported(range, "`from … import …` (write `import module`)");
                None
            }
            S::FunctionDef(_) => {
                self.unsupported(range, "a nested `def` (functions go at module level)");
                None
            }
            S::ClassDef(_) => {
                self.unsupported(range, "a nested `class`");
                None
            }
            S::While(_) => {
                self.unsupported(range, "`while` loop (only the bounded `for _ in range(N):` is supported)");
                None
            }
            other => {
                let what = match other {
                    S::Return(_) => "`return`",
                    S::Break(_) => "`break`",
                    S::Continue(_) => "`continue`",
                    S::Delete(_) => "`del`",
                    S::AugAssign(_) => "augmented assignment (`+=` and friends)",
                    S::AnnAssign(_) => "annotated assignment",
                    S::Nonlocal(_) => "`nonlocal`",
                    S::AsyncFunctionDef(_) => "`async def`",
                    S::AsyncFor(_) => "`async for`",
                    S::AsyncWith(_) => "`async with`",
                    S::TryStar(_) => "`except*`",
                    S::Match(_) => "`match` statement",
                    S::TypeAlias(_) => "`type` alias",
                    _ => "this statement",
                };
                self.unsupported(range, what);
                None
            }
        }
    }

    /// A call used as a statement.
    fn expr_stmt(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<StmtKind> {
        let ast::Expr::Call(call) = e else {
            let value = self.expr(e, ctx)?;
            return Some(StmtKind::Expr { value });
        };
        let range = call.range;
        let path = dotted(&call.func);
        let path_ref: Vec<&str> = path.iter().map(String::as_str).collect();
        match path_ref.as_slice() {
            ["print"] => self.print(call, ctx),
            ["time", "sleep"] => {
                let [arg] = self.args::<1>(call, "time.sleep", &[])?;
                let seconds = self.number(&arg, "time.sleep's seconds")?;
                if seconds.as_f64() < 0.0 {
                    self.error(range, "sleep length must be non-negative (Python raises ValueError)");
                    return None;
                }
                Some(StmtKind::Sleep { seconds })
            }
            ["signal", "signal"] => {
                let [sig, handler] = self.args::<2>(call, "signal.signal", &[])?;
                let signal = self.signal(&sig)?;
                let handler = self.handler(&handler)?;
                Some(StmtKind::SetHandler { signal, handler })
            }
            ["os", "kill"] => {
                let [pid, sig] = self.args::<2>(call, "os.kill", &[])?;
                                if dotted_call(&pid).as_deref() != Some("os.getpid") {
                    self.unsupported(pid.range(), "a pid other than `os.getpid()`");
                    return None;
                }
                Some(StmtKind::Kill { signal: self.signal(&sig)? })
            }
            ["signal", "pthread_kill"] => {
                let [target, sig] = self.args::<2>(call, "signal.pthread_kill", &[])?;
                let thread = self.thread_ident(&target)?;
                Some(StmtKind::PthreadKill { thread, signal: self.signal(&sig)? })
            }
            ["signal", "raise_signal"] => {
                let [sig] = self.args::<1>(call, "signal.raise_signal", &[])?;
                Some(StmtKind::RaiseSignal { signal: self.signal(&sig)? })
            }
            ["_thread", "interrupt_main"] => {
                let [sig] = self.opt_args::<1>(call, "_thread.interrupt_main", &["signum"])?;
                let signal = match sig {
                    Some(s) => Some(self.signal(&s)?),
                    None => None,
                };
                Some(StmtKind::InterruptMain { signal })
            }
            ["_thread", "start_new_thread"] => {
                let [f, args] = self.args::<2>(call, "_thread.start_new_thread", &[])?;
                                if !matches!(&args, ast::Expr::Tuple(t) if t.elts.is_empty()) {
                    self.unsupported(args.range(), "thread arguments other than `()`");
                    return None;
                }
                let function = self.target_function(&f)?;
                Some(StmtKind::StartNewThread { function })
            }
            ["sys", "exit"] => {
                let [code] = self.opt_args::<1>(call, "sys.exit", &[])?;
                let code = match code {
                    Some(c) => Some(self.expr(&c, ctx)?),
                    None => None,
                };
                Some(StmtKind::SysExit { code })
            }
            ["_thread", "exit"] => {
                self.args::<0>(call, "_thread.exit", &[])?;
                Some(StmtKind::ThreadExit)
            }
            ["os", "_exit"] => {
                let [code] = self.args::<1>(call, "os._exit", &[])?;
                                match self.literal(&code) {
                    Some(Literal::Int(n)) => Some(StmtKind::OsExit { code: n }),
                    _ => {
                        self.unsupported(code.range(), "an exit code other than an int literal");
                        None
                    }
                }
            }
            [obj, "release"] => {
                let lock = self.object(obj, Kind::Lock, range)?;
                self.args::<0>(call, "release", &[])?;
                Some(StmtKind::Release { lock })
            }
            [obj, "start"] => {
                let thread = self.object(obj, Kind::Thread, range)?;
                self.args::<0>(call, "start", &[])?;
                Some(StmtKind::Start { thread })
            }
            [obj, "join"] => {
                let thread = self.object(obj, Kind::Thread, range)?;
                let [timeout] = self.opt_args::<1>(call, "join", &["timeout"])?;
                let timeout = match timeout {
                    Some(t) => Some(self.number(&t, "join's timeout")?),
                    None => None,
                };
                Some(StmtKind::Join { thread, timeout })
            }
            _ => {
                let value = self.expr(e, ctx)?;
                Some(StmtKind::Expr { value })
            }
        }
    }

    fn print(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<StmtKind> {
        let mut flush = false;
        for kw in &call.keywords {
            match kw.arg.as_ref().map(|a| a.as_str()) {
                Some("flush") => match self.literal(&kw.value) {
                    Some(Literal::Bool(b)) => flush = b,
                    _ => {
                        self.unsupported(kw.range, "`flush=` other than True or False");
                        return None;
                    }
                },
                Some(other) => {
                    self.unsupported(kw.range, format!("print's `{other}=` argument"));
                    return None;
                }
                None => {
                    self.unsupported(kw.range, "`**` arguments");
                    return None;
                }
            }
        }
        let mut args = Vec::new();
        for a in &call.args {
            args.push(self.expr(a, ctx)?);
        }
        Some(StmtKind::Print { args, flush })
    }

    fn assign(&mut self, a: &ast::StmtAssign, ctx: Ctx) -> Option<StmtKind> {
        let [ast::Expr::Name(target)] = a.targets.as_slice() else {
            self.unsupported(a.range, "assignment to anything but one plain name");
            return None;
        };
        let target = target.id.to_string();
        if let ast::Expr::Call(call) = a.value.as_ref() {
            let path = dotted(&call.func).join(".");
            let ctor = match path.as_str() {
                "_thread.allocate_lock" | "_thread.allocate" => Some(LockCtor::AllocateLock),
                "threading.Lock" => Some(LockCtor::Lock),
                "threading.RLock" => Some(LockCtor::RLock),
                _ => None,
            };
            if let Some(ctor) = ctor {
                self.args::<0>(call, &path, &[])?;
                return Some(StmtKind::NewLock { target, ctor });
            }
            if path == "threading.Thread" {
                return self.new_thread(call, target);
            }
            if path == "_thread.start_new_thread" {
                self.unsupported(a.range, "keeping the ident `start_new_thread` returns (call it as a statement)");
                return None;
            }
        }
        let value = self.expr(&a.value, ctx)?;
        Some(StmtKind::Assign { target, value })
    }

    fn new_thread(&mut self, call: &ast::ExprCall, target: String) -> Option<StmtKind> {
        if !call.args.is_empty() {
            self.unsupported(call.range, "positional arguments to threading.Thread (use `target=`)");
            return None;
        }
        let mut function = None;
        let mut daemon = None;
        for kw in &call.keywords {
            match kw.arg.as_ref().map(|a| a.as_str()) {
                Some("target") => function = Some(self.target_function(&kw.value)?),
                Some("daemon") => match self.literal(&kw.value) {
                    Some(Literal::Bool(b)) => daemon = Some(b),
                    Some(Literal::None) => daemon = None,
                    _ => {
                        self.unsupported(kw.value.range(), "`daemon=` other than True, False or None");
                        return None;
                    }
                },
                Some(other) => {
                    self.unsupported(kw.range, format!("threading.Thread's `{other}=` argument"));
                    return None;
                }
                None => {
                    self.unsupported(kw.range, "`**` arguments");
                    return None;
                }
            }
        }
        let Some(function) = function else {
            self.unsupported(call.range, "threading.Thread without `target=`");
            return None;
        };
        Some(StmtKind::NewThread { target, function, daemon })
    }

    fn for_(&mut self, f: &ast::StmtFor, ctx: Ctx) -> Option<StmtKind> {
        let ast::Expr::Name(var) = f.target.as_ref() else {
            self.unsupported(f.target.range(), "a loop target other than a plain name");
            return None;
        };
        if !f.orelse.is_empty() {
            self.unsupported(f.range, "`for … else`");
            return None;
        }
        let count = match f.iter.as_ref() {
            ast::Expr::Call(c) if dotted(&c.func) == ["range"] && c.keywords.is_empty() && c.args.len() == 1 => {
                match self.literal(&c.args[0]) {
                    Some(Literal::Int(n)) if (0..=10_000).contains(&n) => n as u32,
                    _ => {
                        self.unsupported(c.args[0].range(), "a range bound other than an int literal from 0 to 10000");
                        return None;
                    }
                }
            }
            other => {
                self.unsupported(other.range(), "a loop over anything but `range(N)` with a literal N");
                return None;
            }
        };
        let body = self.block(&f.body, ctx);
        Some(StmtKind::For { var: var.id.to_string(), count, body })
    }

    fn with(&mut self, w: &ast::StmtWith, ctx: Ctx) -> Option<StmtKind> {
        let [item] = w.items.as_slice() else {
            self.unsupported(w.range, "`with` over several context managers");
            return None;
        };
        if item.optional_vars.is_some() {
            self.unsupported(w.range, "`with … as …`");
            return None;
        }
        let ast::Expr::Name(n) = &item.context_expr else {
            self.unsupported(item.context_expr.range(), "`with` over anything but a lock held by a name");
            return None;
        };
        let lock = self.object(n.id.as_str(), Kind::Lock, n.range)?;
        let body = self.block(&w.body, ctx);
        Some(StmtKind::With { lock, body })
    }

    fn try_(&mut self, t: &ast::StmtTry, ctx: Ctx) -> Option<StmtKind> {
        let body = self.block(&t.body, ctx);
        let mut handlers = Vec::new();
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let types = match h.type_.as_deref() {
                None => Vec::new(),
                Some(ast::Expr::Tuple(tuple)) => {
                    let mut v = Vec::new();
                    for e in &tuple.elts {
                        v.push(self.exc_type(e)?);
                    }
                    v
                }
                Some(e) => vec![self.exc_type(e)?],
            };
            let inner = Ctx { in_except: true, ..ctx };
            let hbody = self.block(&h.body, inner);
            let loc = self.loc(h.range);
            handlers.push(ExceptHandler { types, name: h.name.as_ref().map(|n| n.to_string()), body: hbody, loc });
        }
        let orelse = self.block(&t.orelse, ctx);
        let finalbody = self.block(&t.finalbody, ctx);
        Some(StmtKind::Try { body, handlers, orelse, finalbody })
    }

    fn raise(&mut self, r: &ast::StmtRaise, ctx: Ctx) -> Option<StmtKind> {
        if r.cause.is_some() {
            self.unsupported(r.range, "`raise … from …`");
            return None;
        }
        let Some(exc) = r.exc.as_deref() else {
            if !ctx.in_except {
                self.unsupported(r.range, "bare `raise` outside an `except` block");
                return None;
            }
            return Some(StmtKind::Raise { exception: None });
        };
        let (class, arg) = match exc {
            ast::Expr::Call(c) => {
                if !c.keywords.is_empty() || c.args.len() > 1 {
                    self.unsupported(c.range, "an exception with more than one argument");
                    return None;
                }
                let arg = match c.args.first() {
                    Some(a) => match self.literal(a) {
                        Some(l) => Some(l),
                        None => {
                            self.unsupported(a.range(), "an exception argument other than a literal");
                            return None;
                        }
                    },
                    None => None,
                };
                (c.func.as_ref(), arg)
            }
            other => (other, None),
        };
        let exc = self.exc_type(class)?;
        let raisable = ExcType::RAISABLE.contains(&exc) || matches!(exc, ExcType::User(_));
        if !raisable {
            self.unsupported(class.range(), format!("raising `{}` (raise KeyboardInterrupt, SystemExit, ValueError, RuntimeError or a class of the script)", exc.name()));
            return None;
        }
        Some(StmtKind::Raise { exception: Some(RaiseExc { exc, arg }) })
    }

    // ---- expressions ---------------------------------------------------

    fn expr(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Expr> {
        use ast::Expr as E;
        let range = e.range();
        match e {
            E::Constant(_) | E::UnaryOp(ast::ExprUnaryOp { op: ast::UnaryOp::USub, .. }) => {
                match self.literal(e) {
                    Some(value) => Some(Expr::Lit { value }),
                    None => {
                        self.unsupported(range, "this literal (supported: str, int, float, bool, None)");
                        None
                    }
                }
            }
            E::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                Some(Expr::Not { operand: Box::new(self.expr(&u.operand, ctx)?) })
            }
            E::BoolOp(b) => {
                let mut operands = Vec::new();
                for v in &b.values {
                    operands.push(self.expr(v, ctx)?);
                }
                Some(match b.op {
                    ast::BoolOp::And => Expr::And { operands },
                    ast::BoolOp::Or => Expr::Or { operands },
                })
            }
            E::Compare(c) => self.compare(c, ctx),
            E::Name(n) => {
                let name = n.id.as_str();
                match self.symbols.kind_of(name, ctx.function) {
                    Some(Kind::Value) => Some(Expr::Name { name: name.to_string() }),
                    Some(other) => {
                        self.unsupported(range, format!("`{name}` ({}) used as a value", other.describe()));
                        None
                    }
                    None => {
                        self.error(range, format!("name '{name}' is not defined"));
                        None
                    }
                }
            }
            E::Attribute(a) => {
                if a.attr.as_str() == "name" && dotted_call(&a.value).as_deref() == Some("threading.current_thread") {
                    return Some(Expr::CurrentThreadName);
                }
                self.unsupported(range, format!("attribute `{}` as a value", dotted(e).join(".")));
                None
            }
            E::Call(call) => {
                let path = dotted(&call.func);
                match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    [obj, "acquire"] => {
                        let lock = self.object(obj, Kind::Lock, range)?;
                        let [blocking, timeout] = self.opt_args::<2>(call, "acquire", &["blocking", "timeout"])?;
                        let blocking = match blocking {
                            Some(b) => match self.literal(&b) {
                                Some(Literal::Bool(b)) => Some(b),
                                _ => {
                                    self.unsupported(b.range(), "`blocking` other than True or False");
                                    return None;
                                }
                            },
                            None => None,
                        };
                        let timeout = match timeout {
                            Some(t) => Some(self.number(&t, "acquire's timeout")?),
                            None => None,
                        };
                        let keywords = !call.keywords.is_empty();
                        Some(Expr::Acquire { lock, blocking, timeout, keywords })
                    }
                    [obj, "locked"] => {
                        let lock = self.object(obj, Kind::Lock, range)?;
                        self.args::<0>(call, "locked", &[])?;
                        Some(Expr::Locked { lock })
                    }
                    [obj, "is_alive"] => {
                        let thread = self.object(obj, Kind::Thread, range)?;
                        self.args::<0>(call, "is_alive", &[])?;
                        Some(Expr::IsAlive { thread })
                    }
                    [] => {
                        self.unsupported(range, "a call of a computed function");
                        None
                    }
                    [f] if self.symbols.functions.contains_key(*f) => {
                        self.unsupported(range, format!("calling `{f}` directly (functions run only as thread targets and signal handlers)"));
                        None
                    }
                    _ => {
                        self.unsupported(range, format!("call of `{}` here", path.join(".")));
                        None
                    }
                }
            }
            other => {
                let what = match other {
                    E::JoinedStr(_) | E::FormattedValue(_) => "f-string",
                    E::Lambda(_) => "lambda",
                    E::BinOp(_) => "arithmetic and string operators",
                    E::UnaryOp(_) => "this unary operator",
                    E::List(_) | E::ListComp(_) => "list",
                    E::Tuple(_) => "tuple",
                    E::Dict(_) | E::DictComp(_) => "dict",
                    E::Set(_) | E::SetComp(_) => "set",
                    E::GeneratorExp(_) => "generator expression",
                    E::IfExp(_) => "conditional expression",
                    E::Subscript(_) | E::Slice(_) => "subscript",
                    E::Await(_) | E::Yield(_) | E::YieldFrom(_) => "await/yield",
                    E::NamedExpr(_) => "`:=`",
                    E::Starred(_) => "`*` unpacking",
                    _ => "this expression",
                };
                self.unsupported(range, what);
                None
            }
        }
    }

    fn compare(&mut self, c: &ast::ExprCompare, ctx: Ctx) -> Option<Expr> {
        let ([op], [right]) = (c.ops.as_slice(), c.comparators.as_slice()) else {
            self.unsupported(c.range, "chained comparison");
            return None;
        };
        let op = match op {
            ast::CmpOp::Eq => CmpOp::Eq,
            ast::CmpOp::NotEq => CmpOp::NotEq,
            ast::CmpOp::Is => CmpOp::Is,
            ast::CmpOp::IsNot => CmpOp::IsNot,
            _ => {
                self.unsupported(c.range, "comparison operator (supported: ==, !=, is, is not)");
                return None;
            }
        };
        let current = dotted_call(&c.left).as_deref() == Some("threading.current_thread");
        let main = dotted_call(right).as_deref() == Some("threading.main_thread");
        if current && main && matches!(op, CmpOp::Is | CmpOp::IsNot) {
            return Some(if op == CmpOp::Is {
                Expr::IsMainThread
            } else {
                Expr::Not { operand: Box::new(Expr::IsMainThread) }
            });
        }
        let left = self.expr(&c.left, ctx)?;
        let right = self.expr(right, ctx)?;
        Some(Expr::Compare { op, left: Box::new(left), right: Box::new(right) })
    }

    /// A literal, with `-` folded into numbers; `None` if `e` is not one.
    fn literal(&self, e: &ast::Expr) -> Option<Literal> {
        match e {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::None => Some(Literal::None),
                ast::Constant::Bool(b) => Some(Literal::Bool(*b)),
                ast::Constant::Str(s) => Some(Literal::Str(s.clone())),
                ast::Constant::Int(i) => i64::try_from(i).ok().map(Literal::Int),
                ast::Constant::Float(f) => Some(Literal::Float(Float(*f))),
                _ => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match u.operand.as_ref() {
                ast::Expr::Constant(c) => match &c.value {
                    ast::Constant::Int(i) => i64::try_from(&-i.clone()).ok().map(Literal::Int),
                    ast::Constant::Float(f) => Some(Literal::Float(Float(-*f))),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    fn number(&mut self, e: &ast::Expr, what: &str) -> Option<Number> {
        match self.literal(e) {
            Some(Literal::Int(i)) => Some(Number::Int(i)),
            Some(Literal::Float(f)) if !f.get().is_nan() => Some(Number::Float(f)),
            _ => {
                self.unsupported(e.range(), format!("{what} other than a number literal"));
                None
            }
        }
    }

    fn signal(&mut self, e: &ast::Expr) -> Option<Sig> {
        let path = dotted(e);
        if let [m, name] = path.as_slice() {
            if m == "signal" {
                if let Some(s) = Sig::from_name(name) {
                    return Some(s);
                }
            }
        }
        self.unsupported(e.range(), format!("signal `{}` (supported: signal.SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM)", path.join(".")));
        None
    }

    fn handler(&mut self, e: &ast::Expr) -> Option<Handler> {
        let path = dotted(e);
        match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["signal", "SIG_IGN"] => Some(Handler::Ignore),
            ["signal", "SIG_DFL"] => Some(Handler::Default),
            ["signal", "default_int_handler"] => Some(Handler::DefaultInt),
            [name] => match self.symbols.functions.get(*name) {
                Some(2) => Some(Handler::Function(name.to_string())),
                Some(_) => {
                    self.error(e.range(), format!("handler `{name}` must take (signum, frame)"));
                    None
                }
                None => {
                    self.error(e.range(), format!("name '{name}' is not defined as a function"));
                    None
                }
            },
            _ => {
                self.unsupported(e.range(), "a handler other than a function of the script, SIG_IGN, SIG_DFL or default_int_handler");
                None
            }
        }
    }

    fn target_function(&mut self, e: &ast::Expr) -> Option<String> {
        let ast::Expr::Name(n) = e else {
            let what = if matches!(e, ast::Expr::Lambda(_)) { "lambda as a thread target" } else { "a thread target other than a function name" };
            self.unsupported(e.range(), what);
            return None;
        };
        match self.symbols.functions.get(n.id.as_str()) {
            Some(0) => Some(n.id.to_string()),
            Some(_) => {
                self.error(e.range(), format!("thread target `{}` must take no parameters", n.id));
                None
            }
            None => {
                self.error(e.range(), format!("name '{}' is not defined as a function", n.id));
                None
            }
        }
    }

    /// `t.ident` or `threading.main_thread().ident`.
    fn thread_ident(&mut self, e: &ast::Expr) -> Option<ThreadRef> {
        if let ast::Expr::Attribute(a) = e {
            if a.attr.as_str() == "ident" {
                if dotted_call(&a.value).as_deref() == Some("threading.main_thread") {
                    return Some(ThreadRef::Main);
                }
                if let ast::Expr::Name(n) = a.value.as_ref() {
                    let name = self.object(n.id.as_str(), Kind::Thread, n.range)?;
                    return Some(ThreadRef::Named(name));
                }
            }
        }
        self.unsupported(e.range(), "a thread id other than `t.ident` or `threading.main_thread().ident`");
        None
    }

    fn exc_type(&mut self, e: &ast::Expr) -> Option<ExcType> {
        let ast::Expr::Name(n) = e else {
            self.unsupported(e.range(), "an exception class other than a plain name");
            return None;
        };
        let name = n.id.as_str();
        if let Some(t) = ExcType::builtin_from_name(name) {
            return Some(t);
        }
        if self.symbols.exceptions.contains(name) {
            return Some(ExcType::User(name.to_string()));
        }
        self.unsupported(n.range, format!("exception class `{name}` (supported: {} and `class Name(Exception)` of the script)",
            ExcType::BUILTIN.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ")));
        None
    }

    /// A name that must hold a lock or a thread.
    fn object(&mut self, name: &str, want: Kind, range: TextRange) -> Option<String> {
        match self.symbols.kind_of(name, self.current_fn.as_deref()) {
            Some(k) if k == want => Some(name.to_string()),
            Some(k) => {
                self.error(range, format!("`{name}` is {}, not {}", k.describe(), want.describe()));
                None
            }
            None if Module::from_name(name).is_some() => {
                self.unsupported(range, format!("`{name}.…` call here"));
                None
            }
            None => {
                self.error(range, format!("name '{name}' is not defined"));
                None
            }
        }
    }

    /// Exactly `N` arguments, positional or by keyword name; `None` after a
    /// diagnostic.
    fn args<const N: usize>(&mut self, call: &ast::ExprCall, what: &str, keywords: &[&str]) -> Option<[ast::Expr; N]> {
        let slots = self.opt_args::<N>(call, what, keywords)?;
        if slots.iter().any(Option::is_none) {
            self.unsupported(call.range, format!("`{what}` takes {N} argument(s) here"));
            return None;
        }
        Some(slots.map(|s| s.expect("checked above")))
    }

    /// Up to `N` arguments, positional first, then by keyword name.
    fn opt_args<const N: usize>(&mut self, call: &ast::ExprCall, what: &str, keywords: &[&str]) -> Option<[Option<ast::Expr>; N]> {
        let mut slots: [Option<ast::Expr>; N] = std::array::from_fn(|_| None);
        if call.args.len() > N {
            self.unsupported(call.range, format!("`{what}` with {} positional arguments", call.args.len()));
            return None;
        }
        for (i, a) in call.args.iter().enumerate() {
            if matches!(a, ast::Expr::Starred(_)) {
                self.unsupported(a.range(), "`*` arguments");
                return None;
            }
            slots[i] = Some(a.clone());
        }
        for kw in &call.keywords {
            let Some(name) = kw.arg.as_ref() else {
                self.unsupported(kw.range, "`**` arguments");
                return None;
            };
            match keywords.iter().position(|k| *k == name.as_str()) {
                Some(i) if i < N && slots[i].is_none() => slots[i] = Some(kw.value.clone()),
                Some(_) => {
                    self.error(kw.range, format!("`{what}` got argument `{name}` twice"));
                    return None;
                }
                None => {
                    self.unsupported(kw.range, format!("`{what}`'s `{name}=` argument"));
                    return None;
                }
            }
        }
        Some(slots)
    }
}

/// The modules a statement's own code (not its nested blocks) names.
fn modules_used(kind: &StmtKind) -> Vec<Module> {
    let mut v = match kind {
        StmtKind::NewLock { ctor: LockCtor::AllocateLock, .. } => vec![Module::Thread],
        StmtKind::NewLock { .. } | StmtKind::NewThread { .. } => vec![Module::Threading],
        StmtKind::StartNewThread { .. } | StmtKind::ThreadExit => vec![Module::Thread],
        StmtKind::Sleep { .. } => vec![Module::Time],
        StmtKind::SetHandler { .. } | StmtKind::RaiseSignal { .. } => vec![Module::Signal],
        StmtKind::Kill { .. } => vec![Module::Os, Module::Signal],
        StmtKind::PthreadKill { thread: ThreadRef::Main, .. } => vec![Module::Signal, Module::Threading],
        StmtKind::PthreadKill { .. } => vec![Module::Signal],
        StmtKind::InterruptMain { signal: None } => vec![Module::Thread],
        StmtKind::InterruptMain { signal: Some(_) } => vec![Module::Thread, Module::Signal],
        StmtKind::SysExit { .. } => vec![Module::Sys],
        StmtKind::OsExit { .. } => vec![Module::Os],
        _ => vec![],
    };
    let mut exprs: Vec<&Expr> = Vec::new();
    match kind {
        StmtKind::Assign { value, .. } | StmtKind::Expr { value } => exprs.push(value),
        StmtKind::SysExit { code: Some(c) } => exprs.push(c),
        StmtKind::If { test, .. } => exprs.push(test),
        StmtKind::Assert { test, msg } => {
            exprs.push(test);
            exprs.extend(msg.iter());
        }
        StmtKind::Print { args, .. } => exprs.extend(args.iter()),
        _ => {}
    }
    while let Some(e) = exprs.pop() {
        match e {
            Expr::IsMainThread | Expr::CurrentThreadName => v.push(Module::Threading),
            Expr::Not { operand } => exprs.push(operand),
            Expr::And { operands } | Expr::Or { operands } => exprs.extend(operands.iter()),
            Expr::Compare { left, right, .. } => {
                exprs.push(left);
                exprs.push(right);
            }
            _ => {}
        }
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

/// Whether a statement is a bare string literal (a docstring or comment).
fn is_docstring(s: &ast::Stmt) -> bool {
    matches!(s, ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Str(_))))
}

/// `a.b.c` → `["a", "b", "c"]`; empty when `e` is not a dotted name.
fn dotted(e: &ast::Expr) -> Vec<String> {
    match e {
        ast::Expr::Name(n) => vec![n.id.to_string()],
        ast::Expr::Attribute(a) => {
            let mut v = dotted(&a.value);
            if v.is_empty() {
                return v;
            }
            v.push(a.attr.to_string());
            v
        }
        _ => Vec::new(),
    }
}

/// `a.b()` with no arguments → `"a.b"`.
fn dotted_call(e: &ast::Expr) -> Option<String> {
    match e {
        ast::Expr::Call(c) if c.args.is_empty() && c.keywords.is_empty() => {
            let d = dotted(&c.func);
            (!d.is_empty()).then(|| d.join("."))
        }
        _ => None,
    }
}
