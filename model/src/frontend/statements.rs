//! Lowering of statements: Python AST → [`StmtKind`].

use super::names::{target_names, Kind};
use super::{is_docstring, Ctx, LoopCtx, Lower};
use crate::scenario::*;
use ruff_python_ast as ast;
use ruff_text_size::Ranged;

impl Lower<'_> {

    pub(super) fn block(&mut self, body: &[ast::Stmt], ctx: Ctx) -> Block {
        body.iter().filter_map(|s| self.stmt(s, ctx)).collect()
    }

    /// One statement; `None` when it is refused (with a diagnostic) or uses
    /// a poisoned name (quietly). Either way the names it binds are poisoned.
    pub(super) fn stmt(&mut self, stmt: &ast::Stmt, ctx: Ctx) -> Option<Stmt> {
        let range = stmt.range();
        if self.head_uses_poisoned(stmt) {
            self.poison_targets(stmt);
            return None;
        }
        let before = self.diags.len();
        let kind = self.stmt_kind(stmt, ctx);
        if kind.is_none() && self.diags.len() > before {
            self.poison_targets(stmt);
        }
        let loc = self.loc(range);
        Some(Stmt { kind: kind?, loc })
    }

    /// Whether the statement's own expressions (not its nested blocks) read
    /// a poisoned name.
    pub(super) fn head_uses_poisoned(&self, stmt: &ast::Stmt) -> bool {
        use ast::Stmt as S;
        if self.poisoned.is_empty() {
            return false;
        }
        let r = stmt.range();
        match stmt {
            S::If(i) => self.uses_poisoned(&i.test, r),
            S::While(w) => self.uses_poisoned(&w.test, r),
            S::For(f) => self.uses_poisoned(&f.iter, r),
            S::With(w) => w.items.iter().any(|i| self.uses_poisoned(&i.context_expr, r)),
            S::Try(_) | S::FunctionDef(_) | S::ClassDef(_) => false,
            S::Expr(e) => self.uses_poisoned(&e.value, r),
            S::Assign(a) => {
                self.uses_poisoned(&a.value, r) || a.targets.iter().any(|t| !matches!(t, ast::Expr::Name(_)) && self.uses_poisoned(t, r))
            }
            S::AugAssign(a) => self.uses_poisoned(&a.value, r) || self.uses_poisoned(&a.target, r),
            S::Return(x) => x.value.as_deref().is_some_and(|v| self.uses_poisoned(v, r)),
            S::Raise(x) => x.exc.as_deref().is_some_and(|v| self.uses_poisoned(v, r)),
            S::Assert(a) => self.uses_poisoned(&a.test, r),
            _ => false,
        }
    }

    /// Poisons the names a refused statement would have bound.
    pub(super) fn poison_targets(&mut self, stmt: &ast::Stmt) {
        let mut names = Vec::new();
        match stmt {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, &mut names)),
            ast::Stmt::AugAssign(a) => target_names(&a.target, &mut names),
            ast::Stmt::For(f) => target_names(&f.target, &mut names),
            ast::Stmt::With(w) => w.items.iter().filter_map(|i| i.optional_vars.as_deref()).for_each(|t| target_names(t, &mut names)),
            ast::Stmt::FunctionDef(f) => names.push(f.name.to_string()),
            ast::Stmt::ClassDef(c) => names.push(c.name.to_string()),
            _ => {}
        }
        let range = stmt.range();
        for n in names {
            self.poisoned.entry(n).or_insert(range);
        }
    }

    /// `elif` and `else` clauses as a nested `if` in the `else` block.
    pub(super) fn elif_else(&mut self, clauses: &[ast::ElifElseClause], ctx: Ctx) -> Block {
        let Some((first, rest)) = clauses.split_first() else { return Vec::new() };
        match &first.test {
            None => self.block(&first.body, ctx),
            Some(test) => {
                if self.uses_poisoned(test, first.range) {
                    return Vec::new();
                }
                let Some(t) = self.expr(test, ctx) else { return Vec::new() };
                let body = self.block(&first.body, ctx);
                let orelse = self.elif_else(rest, ctx);
                let loc = self.loc(first.range);
                vec![Stmt { kind: StmtKind::If { test: t, body, orelse }, loc }]
            }
        }
    }

    /// The operator of `x op= value`, or the located refusal of one the
    /// language lacks.
    fn aug_op(&mut self, op: ast::Operator, range: ruff_text_size::TextRange) -> Option<BinOp> {
        let found = super::expressions::bin_op(op);
        if found.is_none() {
            self.unsupported(range, format!("operator `{}=` (supported: += -= *= /= //= %=)", op.as_str()));
        }
        found
    }

    pub(super) fn stmt_kind(&mut self, stmt: &ast::Stmt, ctx: Ctx) -> Option<StmtKind> {
        use ast::Stmt as S;
        let range = stmt.range();
        match stmt {
            S::Pass(p) => Some(match self.cuts.get(&p.range.start()) {
                Some(c) => StmtKind::Beyond { what: c.what.clone(), source: c.source.clone() },
                None => StmtKind::Pass,
            }),
            S::Expr(e) if is_docstring(stmt) => {
                let _ = e;
                None
            }
            S::Expr(e) => self.expr_stmt(&e.value, ctx),
            S::Assign(a) => self.assign(a, ctx),
            S::Return(r) => {
                if ctx.function.is_none() {
                    self.diag(range, super::DiagKind::SyntaxError, "'return' outside function");
                    return None;
                }
                let value = match &r.value {
                    Some(v) => Some(self.expr(v, ctx)?),
                    None => None,
                };
                Some(StmtKind::Return { value })
            }
            // `obj.attr op= value`: `obj.attr = obj.attr op value`, one step
            // as `name op= value` is.
            S::AugAssign(a) if matches!(a.target.as_ref(), ast::Expr::Attribute(t) if self.is_object(&t.value, ctx)) => {
                let ast::Expr::Attribute(t) = a.target.as_ref() else { unreachable!("matched above") };
                let op = self.aug_op(a.op, range)?;
                let object = self.expr(&t.value, ctx)?;
                let value = self.expr(&a.value, ctx)?;
                let current = Expr::Attr { value: Box::new(object.clone()), attr: t.attr.to_string() };
                let value = Expr::BinOp { op, left: Box::new(current), right: Box::new(value) };
                Some(StmtKind::SetAttr { object, attr: t.attr.to_string(), value })
            }
            // `target[index] op= value`: `target[index] = target[index] op
            // value`, one step (the target and index are read twice, as
            // names and literals can be without a difference).
            S::AugAssign(a) if matches!(a.target.as_ref(), ast::Expr::Subscript(s) if !matches!(s.slice.as_ref(), ast::Expr::Slice(_))) => {
                let ast::Expr::Subscript(t) = a.target.as_ref() else { unreachable!("matched above") };
                let op = self.aug_op(a.op, range)?;
                let target = self.expr(&t.value, ctx)?;
                let index = self.expr(&t.slice, ctx)?;
                if !pure(&target) || !pure(&index) {
                    self.unsupported(range, "augmented assignment to an item whose container or index is computed by a call");
                    return None;
                }
                let value = self.expr(&a.value, ctx)?;
                let current = Expr::Index { value: Box::new(target.clone()), index: Box::new(index.clone()) };
                let value = Expr::BinOp { op, left: Box::new(current), right: Box::new(value) };
                Some(StmtKind::SetItem { target, index, value })
            }
            S::AugAssign(a) => {
                let ast::Expr::Name(n) = a.target.as_ref() else {
                    self.unsupported(a.target.range(), "augmented assignment to anything but a plain name");
                    return None;
                };
                let op = self.aug_op(a.op, range)?;
                match self.symbols.kind_of(n.id.as_str(), ctx.function) {
                    Some(Kind::Value) | None => {}
                    Some(k) => {
                        self.error(n.range, format!("`{}` is {}, not a value", n.id, k.describe()));
                        return None;
                    }
                }
                let value = self.expr(&a.value, ctx)?;
                Some(StmtKind::AugAssign { target: n.id.to_string(), op, value })
            }
            S::Global(g) => {
                if ctx.function.is_none() {
                    self.unsupported(range, "`global` at module level");
                    return None;
                }
                Some(StmtKind::Global { names: g.names.iter().map(|n| n.to_string()).collect() })
            }
            S::If(i) => {
                let test = self.expr(&i.test, ctx)?;
                let mark = self.diags.len();
                let mut body = self.block(&i.body, ctx);
                // CPython's compiler emits nothing for the body of an `if`
                // whose test is a false constant (`if None:`): it never runs,
                // so what the language lacks there is no error (the body is
                // kept when it lowers, and dropped when it does not).
                if super::names::always_false(&i.test) && self.diags.len() > mark {
                    self.diags.truncate(mark);
                    body.clear();
                }
                let orelse = self.elif_else(&i.elif_else_clauses, ctx);
                Some(StmtKind::If { test, body, orelse })
            }
            S::For(f) if f.is_async => {
                self.unsupported(range, "`async for`");
                None
            }
            S::With(w) if w.is_async => {
                self.unsupported(range, "`async with`");
                None
            }
            S::Try(t) if t.is_star => {
                self.unsupported(range, "`except*`");
                None
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
            // Imports are resolved before lowering (`names::imports`).
            S::Import(_) | S::ImportFrom(_) => None,
            S::FunctionDef(_) => {
                let why = self.nested.get(&range.start()).cloned().unwrap_or_else(|| "a nested `def` in a method".to_string());
                self.unsupported(range, why);
                None
            }
            S::ClassDef(_) => {
                self.unsupported(range, "a nested `class`");
                None
            }
            S::While(w) => {
                let test = self.expr(&w.test, ctx)?;
                let body = self.block(&w.body, Ctx { loop_: LoopCtx::Body, ..ctx });
                let orelse = self.block(&w.orelse, ctx);
                Some(StmtKind::While { test, body, orelse })
            }
            S::Break(_) | S::Continue(_) => {
                let word = if matches!(stmt, S::Break(_)) { "break" } else { "continue" };
                match ctx.loop_ {
                    LoopCtx::None => {
                        self.diag(range, super::DiagKind::SyntaxError, format!("'{word}' outside loop"));
                        None
                    }
                    LoopCtx::Finally => {
                        self.unsupported(range, format!("`{word}` inside a `finally` body"));
                        None
                    }
                    LoopCtx::Body => Some(if word == "break" { StmtKind::Break } else { StmtKind::Continue }),
                }
            }
            other => {
                let what = match other {
                    S::Delete(_) => "`del`",
                    S::AnnAssign(_) => "annotated assignment",
                    S::Nonlocal(_) => "`nonlocal`",
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
    pub(super) fn expr_stmt(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<StmtKind> {
        if let ast::Expr::ListComp(lc) = e {
            if matches!(lc.elt.as_ref(), ast::Expr::Call(_)) {
                return self.comprehension_statement(lc, ctx);
            }
        }
        let ast::Expr::Call(call) = e else {
            let value = self.expr(e, ctx)?;
            return Some(StmtKind::Expr { value });
        };
        let range = call.range();
        if let Some(lowered) = self.thread_init(call, ctx) {
            return lowered;
        }
        // A method of a class of the script, before the built-in methods
        // of the same name (a subclass of Thread may define `start`;
        // `class_call` leaves a lock's or a thread's own to them).
        if let Some(lowered) = self.class_call(call, ctx) {
            return lowered.map(|value| StmtKind::Expr { value });
        }
        // `threading.Thread(...).start()`
        if let ast::Expr::Attribute(a) = call.func.as_ref() {
            if let ast::Expr::Call(inner) = a.value.as_ref() {
                if a.attr.as_str() == "start" && call.arguments.is_empty() && self.dotted(&inner.func) == ["threading", "Thread"] {
                    let StmtKind::NewThread { function, daemon, args, name, .. } = self.new_thread(inner, String::new(), ctx)? else {
                        unreachable!("new_thread makes a NewThread")
                    };
                    if name.is_some() {
                        self.unsupported(inner.range(), "`name=` in `threading.Thread(…).start()` (name the thread: `t = threading.Thread(…, name=…)`)");
                        return None;
                    }
                    return Some(StmtKind::StartThread { function, daemon, args });
                }
            }
        }
        let path = self.method_path(call, ctx);
        let path_ref: Vec<&str> = path.iter().map(String::as_str).collect();
        match path_ref.as_slice() {
            ["print"] => self.print(call, ctx),
            [obj, "append"] if obj.contains('.') || self.symbols.kind_of(obj, ctx.function).is_some() => {
                let list = self.object(obj, Kind::Value, range)?;
                let [value] = self.args::<1>(call, "append", &[])?;
                let value = self.expr(&value, ctx)?;
                Some(StmtKind::Append { list, value })
            }
            [obj, "add"] if obj.contains('.') || self.symbols.kind_of(obj, ctx.function).is_some() => {
                let set = self.object(obj, Kind::Value, range)?;
                let [value] = self.args::<1>(call, "add", &[])?;
                let value = self.expr(&value, ctx)?;
                Some(StmtKind::SetAdd { set, value })
            }
            [obj, "remove"] if obj.contains('.') || self.symbols.kind_of(obj, ctx.function).is_some() => {
                let list = self.object(obj, Kind::Value, range)?;
                let [value] = self.args::<1>(call, "remove", &[])?;
                let value = self.expr(&value, ctx)?;
                Some(StmtKind::Remove { list, value })
            }
            ["time", "sleep"] => {
                let [arg] = self.args::<1>(call, "time.sleep", &[])?;
                if self.literal(&arg).is_none() {
                    let seconds = self.expr(&arg, ctx)?;
                    return Some(StmtKind::SleepFor { seconds });
                }
                let seconds = self.number(&arg, "time.sleep's seconds")?;
                if seconds.as_f64() < 0.0 {
                    self.error(range, "sleep length must be non-negative (Python raises ValueError)");
                    return None;
                }
                Some(StmtKind::Sleep { seconds })
            }
            ["signal", "signal"] => {
                let [sig, handler] = self.args::<2>(call, "signal.signal", &[])?;
                let signal = self.signal(&sig, ctx)?;
                let handler = self.handler(&handler, ctx)?;
                Some(StmtKind::SetHandler { signal, handler, old: None })
            }
            // `setattr(obj, "attr", value)` is `obj.attr = value`.
            ["setattr"] if !self.symbols.functions.contains_key("setattr") => {
                let [obj, attr, value] = self.args::<3>(call, "setattr", &[])?;
                let ast::Expr::StringLiteral(name) = &attr else {
                    self.unsupported(attr.range(), "`setattr` with an attribute name other than a string literal");
                    return None;
                };
                let name = name.value.to_str().to_string();
                if let (ast::Expr::Name(t), "daemon", Some(Literal::Bool(_))) = (&obj, name.as_str(), self.literal(&value)) {
                    let thread = self.object(t.id.as_str(), Kind::Thread, t.range)?;
                    let daemon = self.flag(&value, "`daemon`")?;
                    return Some(StmtKind::SetDaemon { thread, daemon, method: false });
                }
                if !self.is_object(&obj, ctx) {
                    self.unsupported(obj.range(), "`setattr` on anything but an object of a class of the script or a thread's `daemon`");
                    return None;
                }
                let value = self.expr(&value, ctx)?;
                let object = self.expr(&obj, ctx)?;
                Some(StmtKind::SetAttr { object, attr: name, value })
            }
            ["signal", "alarm"] => {
                let [seconds] = self.args::<1>(call, "signal.alarm", &[])?;
                Some(StmtKind::Alarm { seconds: self.expr(&seconds, ctx)?, itimer: false })
            }
            ["signal", "setitimer"] => {
                let [which, seconds] = self.args::<2>(call, "signal.setitimer", &[])?;
                self.itimer_real(&which, ctx)?;
                Some(StmtKind::Alarm { seconds: self.expr(&seconds, ctx)?, itimer: true })
            }
            ["signal", "pause"] => {
                self.args::<0>(call, "signal.pause", &[])?;
                Some(StmtKind::Pause)
            }
            ["os", "kill"] => {
                let [pid, sig] = self.args::<2>(call, "os.kill", &[])?;
                let own = self.dotted_call(&pid).as_deref() == Some("os.getpid") || matches!(&pid, ast::Expr::Name(n) if self.symbols.pid_names.contains(n.id.as_str()));
                if !own {
                    self.unsupported(pid.range(), "a pid other than `os.getpid()` (or a module-level name bound once to it)");
                    return None;
                }
                Some(StmtKind::Kill { signal: self.signal_arg(&sig, ctx)? })
            }
            ["signal", "pthread_kill"] => {
                let [target, sig] = self.args::<2>(call, "signal.pthread_kill", &[])?;
                let thread = self.thread_ident(&target, ctx)?;
                Some(StmtKind::PthreadKill { thread, signal: self.signal_arg(&sig, ctx)? })
            }
            ["signal", "raise_signal"] => {
                let [sig] = self.args::<1>(call, "signal.raise_signal", &[])?;
                Some(StmtKind::RaiseSignal { signal: self.signal_arg(&sig, ctx)? })
            }
            ["_thread", "interrupt_main"] => {
                let [sig] = self.opt_args::<1>(call, "_thread.interrupt_main", &["signum"])?;
                let signal = match sig {
                    Some(s) => Some(self.signal_arg(&s, ctx)?),
                    None => None,
                };
                Some(StmtKind::InterruptMain { signal })
            }
            ["_thread", "start_new_thread"] => {
                let [f, args] = self.args::<2>(call, "_thread.start_new_thread", &[])?;
                let ast::Expr::Tuple(t) = &args else {
                    self.unsupported(args.range(), "thread arguments other than a tuple written out");
                    return None;
                };
                let function = self.target_function(&f, t.elts.len())?;
                let mut values = Vec::new();
                for item in &t.elts {
                    if item.is_starred_expr() {
                        self.unsupported(item.range(), "`*` arguments");
                        return None;
                    }
                    values.push(self.expr(item, ctx)?);
                }
                Some(StmtKind::StartNewThread { function, args: values })
            }
            ["sys", "stdout", "write"] => {
                let [text] = self.args::<1>(call, "sys.stdout.write", &[])?;
                Some(StmtKind::Write { text: self.expr(&text, ctx)?, flush: None })
            }
            ["sys", stream @ ("stdout" | "stderr"), "flush"] => {
                self.args::<0>(call, &format!("sys.{stream}.flush"), &[])?;
                Some(StmtKind::Write { text: Expr::lit(Literal::None), flush: Some(stream.to_string()) })
            }
            ["sys", "setswitchinterval"] => {
                let [value] = self.args::<1>(call, "sys.setswitchinterval", &[])?;
                Some(StmtKind::SetSwitchInterval { value: self.expr(&value, ctx)? })
            }
            ["sys", "exit"] => {
                let [code] = self.opt_args::<1>(call, "sys.exit", &[])?;
                let code = match code {
                    Some(c) => Some(self.expr(&c, ctx)?),
                    None => None,
                };
                Some(StmtKind::SysExit { code })
            }
            ["atexit", "register"] | ["threading", "_register_atexit"] => {
                let Some((f, positional)) = call.arguments.args.split_first() else {
                    self.error(range, "register() takes at least 1 argument (0 given)");
                    return None;
                };
                let threading = path_ref[0] == "threading";
                let named = matches!(f, ast::Expr::Name(n) if self.symbols.functions.contains_key(n.id.as_str()));
                if !named || positional.last().is_some_and(|a| a.is_starred_expr()) {
                    // Any other value (a bound method, a variable), or
                    // `*args`: what it calls is known when it is registered.
                    if let Some(kw) = call.arguments.keywords.first() {
                        self.unsupported(kw.range, "keyword arguments for a registered value other than a function's name");
                        return None;
                    }
                    let (plain, star) = match positional.split_last() {
                        Some((ast::Expr::Starred(st), before)) => (before, Some(&*st.value)),
                        _ => (positional, None),
                    };
                    if let Some(star) = plain.iter().find(|a| a.is_starred_expr()) {
                        self.unsupported(star.range(), "`*` unpacking before the last argument");
                        return None;
                    }
                    let callee = self.expr(f, ctx)?;
                    let args = plain
                        .iter()
                        .map(|a| self.expr(a, ctx))
                        .collect::<Option<Vec<_>>>()?;
                    let star = match star {
                        Some(st) => Some(self.expr(st, ctx)?),
                        None => None,
                    };
                    return Some(StmtKind::AtexitRegisterValue {
                        callee,
                        args,
                        star,
                        threading,
                    });
                }
                let function = self.target_name(f)?;
                let mut keywords = Vec::new();
                for kw in &call.arguments.keywords {
                    let Some(name) = kw.arg.as_ref() else {
                        self.unsupported(kw.range, "`**` arguments");
                        return None;
                    };
                    keywords.push((Some(name.as_str()), &kw.value, kw.range));
                }
                let args = self.bind_args(&function, positional, &keywords, f.range(), ctx)?;
                Some(StmtKind::AtexitRegister { function, args, threading: path_ref[0] == "threading" })
            }
            ["atexit", "unregister"] => {
                let [f] = self.args::<1>(call, "atexit.unregister", &[])?;
                Some(StmtKind::AtexitUnregister {
                    callee: self.expr(&f, ctx)?,
                })
            }
            ["atexit", "_clear"] => {
                self.args::<0>(call, "atexit._clear", &[])?;
                Some(StmtKind::AtexitClear)
            }
            ["atexit", "_run_exitfuncs"] => {
                self.args::<0>(call, "atexit._run_exitfuncs", &[])?;
                Some(StmtKind::AtexitRun)
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
            // `threading.Thread.start(self)` in a subclass that overrides
            // `start`.
            ["threading", "Thread", method @ ("start" | "join")] => {
                let Some(ast::Expr::Name(me)) = call.arguments.args.first() else {
                    self.unsupported(range, format!("`threading.Thread.{method}` of anything but a name"));
                    return None;
                };
                let thread = self.object(me.id.as_str(), Kind::Thread, me.range)?;
                if *method == "start" {
                    if call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
                        self.unsupported(range, "`threading.Thread.start` takes only the thread here");
                        return None;
                    }
                    return Some(StmtKind::Start { thread });
                }
                let timeout = match (&call.arguments.args[1..], call.arguments.keywords.as_slice()) {
                    ([], []) => None,
                    ([t], []) => Some(self.number(t, "join's timeout")?),
                    _ => {
                        self.unsupported(range, "`threading.Thread.join` with arguments other than a number literal");
                        return None;
                    }
                };
                Some(StmtKind::Join { thread, timeout })
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
            [obj, "setDaemon"] => {
                let thread = self.object(obj, Kind::Thread, range)?;
                let [flag] = self.args::<1>(call, "setDaemon", &["daemonic"])?;
                let daemon = self.flag(&flag, "setDaemon's argument")?;
                Some(StmtKind::SetDaemon { thread, daemon, method: true })
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

    pub(super) fn print(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<StmtKind> {
        let mut flush = false;
        let mut stderr = false;
        let (mut sep, mut end) = (None, None);
        for kw in &call.arguments.keywords {
            match kw.arg.as_ref().map(|a| a.as_str()) {
                Some("file") => match self.dotted(&kw.value).iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    ["sys", "stderr" | "__stderr__"] => stderr = true,
                    ["sys", "stdout" | "__stdout__"] => {}
                    _ => {
                        self.unsupported(kw.range, "`file=` other than `sys.stdout` or `sys.stderr`");
                        return None;
                    }
                },
                Some(which @ ("sep" | "end")) => match self.literal(&kw.value) {
                    Some(Literal::Str(text)) => *(if which == "sep" { &mut sep } else { &mut end }) = Some(text),
                    // None is the default.
                    Some(Literal::None) => {}
                    _ => {
                        self.unsupported(kw.range, format!("`{which}=` other than a string literal or None"));
                        return None;
                    }
                },
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
        for a in &call.arguments.args {
            args.push(self.expr(a, ctx)?);
        }
        Some(StmtKind::Print { args, flush, sep, end, stderr })
    }

    pub(super) fn assign(&mut self, a: &ast::StmtAssign, ctx: Ctx) -> Option<StmtKind> {
        // `enum = threading.enumerate`: an alias (a store, no call).
        if let [ast::Expr::Name(n)] = a.targets.as_slice() {
            if ctx.function.is_none() && self.imports.function_aliases.contains(n.id.as_str()) {
                return Some(StmtKind::Pass);
            }
        }
        if let [target @ ast::Expr::Attribute(_)] = a.targets.as_slice() {
            if let Some(hook) = Hook::ALL.into_iter().find(|h| self.dotted(target).join(".") == h.name()) {
                return Some(StmtKind::SetHook { hook, value: self.expr(&a.value, ctx)? });
            }
            if self.dotted(target) == ["sys", "stderr"] {
                if matches!(a.value.as_ref(), ast::Expr::NoneLiteral(_)) {
                    return Some(StmtKind::SetStderr { none: true });
                }
                if self.dotted(&a.value) == ["sys", "__stderr__"] {
                    return Some(StmtKind::SetStderr { none: false });
                }
                self.unsupported(a.value.range(), "`sys.stderr` set to anything but None or `sys.__stderr__`");
                return None;
            }
        }
        if let [ast::Expr::Attribute(attr)] = a.targets.as_slice() {
            if let (ast::Expr::Name(obj), "daemon", Some(Literal::Bool(_))) = (attr.value.as_ref(), attr.attr.as_str(), self.literal(&a.value)) {
                let thread = self.object(obj.id.as_str(), Kind::Thread, obj.range)?;
                let daemon = self.flag(&a.value, "`daemon`")?;
                return Some(StmtKind::SetDaemon { thread, daemon, method: false });
            }
            // `self.lock = threading.Lock()`, `self.t = threading.Thread(…)`.
            if let (Some(path), ast::Expr::Call(call)) = (self.attribute_path(&a.targets[0], ctx), a.value.as_ref()) {
                if let Some(made) = self.constructor(call, path, ctx) {
                    return made;
                }
            }
            if self.is_object(&attr.value, ctx) {
                let value = self.expr(&a.value, ctx)?;
                let object = self.expr(&attr.value, ctx)?;
                return Some(StmtKind::SetAttr { object, attr: attr.attr.to_string(), value });
            }
        }
        if let [ast::Expr::Subscript(sub)] = a.targets.as_slice() {
            if !matches!(sub.slice.as_ref(), ast::Expr::Slice(_)) {
                if let ast::Expr::Name(obj) = sub.value.as_ref() {
                    self.object(obj.id.as_str(), Kind::Value, obj.range)?;
                }
                let value = self.expr(&a.value, ctx)?;
                let target = self.expr(&sub.value, ctx)?;
                let index = self.expr(&sub.slice, ctx)?;
                return Some(StmtKind::SetItem { target, index, value });
            }
        }
        let [ast::Expr::Name(target)] = a.targets.as_slice() else {
            self.unsupported(a.range, "assignment to anything but one plain name, `value[index]` or an attribute");
            return None;
        };
        let target = target.id.to_string();
        if let ast::Expr::Call(call) = a.value.as_ref() {
            if let Some(made) = self.constructor(call, target.clone(), ctx) {
                return made;
            }
            // `old = signal.signal(sig, handler)` keeps the handler replaced.
            if self.dotted(&call.func) == ["signal", "signal"] {
                let Some(StmtKind::SetHandler { signal, handler, .. }) = self.expr_stmt(&a.value, ctx) else { return None };
                return Some(StmtKind::SetHandler { signal, handler, old: Some(target) });
            }
            if self.dotted(&call.func) == ["_thread", "start_new_thread"] {
                self.unsupported(a.range, "keeping the ident `start_new_thread` returns (call it as a statement)");
                return None;
            }
        }
        let value = self.expr(&a.value, ctx)?;
        Some(StmtKind::Assign { target, value })
    }

    /// `target = threading.Lock()` (and the other lock constructors) or
    /// `target = threading.Thread(…)`, `target` a name or an attribute
    /// (`self.lock`); `None` when the call is neither.
    fn constructor(&mut self, call: &ast::ExprCall, target: String, ctx: Ctx) -> Option<Option<StmtKind>> {
        let path = self.dotted(&call.func).join(".");
        if path == "threading.Thread" {
            return Some(self.new_thread(call, target, ctx));
        }
        let ctor = lock_ctor(&path)?;
        Some(self.args::<0>(call, &path, &[]).map(|_| StmtKind::NewLock { target, ctor }))
    }

    /// `threading.Lock()` and friends as a value.
    pub(super) fn new_lock(&mut self, call: &ast::ExprCall) -> Option<Option<Expr>> {
        let path = self.dotted(&call.func).join(".");
        let ctor = lock_ctor(&path)?;
        Some(self.args::<0>(call, &path, &[]).map(|_| Expr::NewLock { ctor }))
    }

    pub(super) fn new_thread(&mut self, call: &ast::ExprCall, target: String, ctx: Ctx) -> Option<StmtKind> {
        let spec = self.thread_spec(call, ctx, false)?;
        let Some(function) = spec.function else {
            // No target: its `run` does nothing.
            return Some(StmtKind::Assign { target, value: Expr::Thread { spec: Box::new(spec) } });
        };
        Some(StmtKind::NewThread { target, function, daemon: spec.daemon, args: spec.args, name: spec.name })
    }

    pub(super) fn for_(&mut self, f: &ast::StmtFor, ctx: Ctx) -> Option<StmtKind> {
        if !f.orelse.is_empty() {
            self.unsupported(f.range, "`for … else`");
            return None;
        }
        // `for a, b in value:` unpacks each item (any iterable value).
        if let ast::Expr::Tuple(ast::ExprTuple { elts, .. }) = f.target.as_ref() {
            let mut unpack = Vec::new();
            for e in elts {
                let ast::Expr::Name(n) = e else {
                    self.unsupported(e.range(), "a loop target other than plain names");
                    return None;
                };
                unpack.push(n.id.to_string());
            }
            let iterable = self.iterable(&f.iter, ctx)?;
            let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
            return Some(StmtKind::ForEach { var: String::new(), iterable, body, unpack });
        }
        let ast::Expr::Name(var) = f.target.as_ref() else {
            self.unsupported(f.target.range(), "a loop target other than a plain name or names");
            return None;
        };
        let count = match f.iter.as_ref() {
            ast::Expr::Tuple(ast::ExprTuple { elts, .. }) | ast::Expr::List(ast::ExprList { elts, .. }) => {
                let mut items = Vec::new();
                for e in elts {
                    items.push(self.expr(e, ctx)?);
                }
                let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
                return Some(StmtKind::ForIn { var: var.id.to_string(), items, body });
            }
            ast::Expr::Call(c) if self.dotted(&c.func) == ["range"] && c.arguments.keywords.is_empty() && matches!(c.arguments.args.len(), 2 | 3) => {
                let args = &c.arguments.args;
                let start = self.expr(&args[0], ctx)?;
                let stop = self.expr(&args[1], ctx)?;
                let step = match args.get(2) {
                    Some(a) => Some(self.expr(a, ctx)?),
                    None => None,
                };
                let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
                return Some(StmtKind::ForRange { var: var.id.to_string(), start: Some(start), stop, step, body });
            }
            ast::Expr::Call(c) if self.dotted(&c.func) == ["range"] && c.arguments.keywords.is_empty() && c.arguments.args.len() == 1 => {
                match self.literal(&c.arguments.args[0]) {
                    Some(Literal::Int(n)) if (0..=10_000).contains(&n) => n as u32,
                    // Any other int (a long loop, a negative bound) counts
                    // as a bound held in a value does.
                    None | Some(Literal::Int(_)) => {
                        let stop = self.expr(&c.arguments.args[0], ctx)?;
                        let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
                        return Some(StmtKind::ForRange { var: var.id.to_string(), start: None, stop, step: None, body });
                    }
                    _ => {
                        self.unsupported(c.arguments.args[0].range(), "a range bound other than an int");
                        return None;
                    }
                }
            }
            // Any other value: its items are read as the loop goes (a list,
            // a str; anything else raises TypeError when the loop starts).
            other => {
                let iterable = self.expr(other, ctx)?;
                let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
                return Some(StmtKind::ForEach { var: var.id.to_string(), iterable, body, unpack: Vec::new() });
            }
        };
        let body = self.block(&f.body, Ctx { loop_: LoopCtx::Body, ..ctx });
        Some(StmtKind::For { var: var.id.to_string(), count, body })
    }

    pub(super) fn with(&mut self, w: &ast::StmtWith, ctx: Ctx) -> Option<StmtKind> {
        let [item] = w.items.as_slice() else {
            self.unsupported(w.range, "`with` over several context managers");
            return None;
        };
        let target = match item.optional_vars.as_deref() {
            None => None,
            Some(ast::Expr::Name(n)) => Some(n.id.to_string()),
            Some(other) => {
                self.unsupported(other.range(), "`with … as` anything but a name");
                return None;
            }
        };
        // An object whose class has `__enter__` (a threading.Condition), or
        // one made here (`with ThreadPoolExecutor(2) as pool:`).
        let made = match &item.context_expr {
            ast::Expr::Call(c) => Some(self.dotted(&c.func).join(".")).filter(|class| self.symbols.classes.contains_key(class)),
            _ => None,
        };
        if let Some(class) = made.clone().or_else(|| self.static_class(&item.context_expr, ctx)) {
            if let Some(owner) = self.symbols.defining(&class, "__enter__") {
                let (object, context) = match &item.context_expr {
                    _ if made.is_some() => (String::new(), Some(Box::new(self.expr(&item.context_expr, ctx)?))),
                    ast::Expr::Name(n) => (n.id.to_string(), None),
                    other => (self.attribute_path(other, ctx)?, None),
                };
                let enter_args = self.bind_method(&format!("{owner}.__enter__"), true, &[], &Vec::new(), w.range, ctx)?;
                let body = self.block(&w.body, ctx);
                return Some(StmtKind::WithObject { object, enter_args, body, context, target });
            }
        }
        if target.is_some() {
            self.unsupported(w.range, "`with … as …` over anything but an object with `__enter__`");
            return None;
        }
        let lock = match &item.context_expr {
            ast::Expr::Name(n) => self.object(n.id.as_str(), Kind::Lock, n.range)?,
            other => match self.attribute_path(other, ctx) {
                Some(path) => path,
                None => {
                    self.unsupported(other.range(), "`with` over anything but a lock held by a name or an attribute");
                    return None;
                }
            },
        };
        let body = self.block(&w.body, ctx);
        Some(StmtKind::With { lock, body })
    }

    pub(super) fn try_(&mut self, t: &ast::StmtTry, ctx: Ctx) -> Option<StmtKind> {
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
            let hbody = self.block(&h.body, ctx);
            let loc = self.loc(h.range);
            handlers.push(ExceptHandler { types, name: h.name.as_ref().map(|n| n.to_string()), body: hbody, loc });
        }
        let orelse = self.block(&t.orelse, ctx);
        let in_finally = if ctx.loop_ == LoopCtx::None { LoopCtx::None } else { LoopCtx::Finally };
        let finalbody = self.block(&t.finalbody, Ctx { loop_: in_finally, ..ctx });
        Some(StmtKind::Try { body, handlers, orelse, finalbody })
    }

    pub(super) fn raise(&mut self, r: &ast::StmtRaise, ctx: Ctx) -> Option<StmtKind> {
        if r.cause.is_some() {
            self.unsupported(r.range, "`raise … from …`");
            return None;
        }
        let Some(exc) = r.exc.as_deref() else {
            // Outside an `except` body it re-raises whatever the thread is
            // handling when it runs (a caller's), or raises RuntimeError.
            return Some(StmtKind::Raise { exception: None });
        };
        // `raise e`, `raise errors[0]`: an exception object held in a value.
        let holds_value = match exc {
            ast::Expr::Name(n) => matches!(self.symbols.kind_of(n.id.as_str(), ctx.function), Some(Kind::Value | Kind::Lock | Kind::Thread)),
            ast::Expr::Subscript(_) => true,
            ast::Expr::Attribute(_) => !self.symbols.exceptions.contains_key(&self.dotted(exc).join(".")),
            _ => false,
        };
        if holds_value {
            return Some(StmtKind::RaiseValue { value: self.expr(exc, ctx)? });
        }
        let (class, arg) = match exc {
            ast::Expr::Call(c) => {
                if !c.arguments.keywords.is_empty() || c.arguments.args.len() > 1 {
                    self.unsupported(c.range(), "an exception with more than one argument");
                    return None;
                }
                let arg = match c.arguments.args.first() {
                    Some(a) => Some(self.expr(a, ctx)?),
                    None => None,
                };
                (c.func.as_ref(), arg)
            }
            other => (other, None),
        };
        let exc = self.exc_type(class)?;
        Some(StmtKind::Raise { exception: Some(RaiseExc { exc, arg }) })
    }

}

/// The lock constructor a dotted callee names.
fn lock_ctor(path: &str) -> Option<LockCtor> {
    match path {
        "_thread.allocate_lock" | "_thread.allocate" => Some(LockCtor::AllocateLock),
        "threading.Lock" => Some(LockCtor::Lock),
        "threading.RLock" => Some(LockCtor::RLock),
        _ => None,
    }
}

/// Whether reading `e` twice is the same as reading it once: names,
/// literals, attributes and items of those (no call, no new object).
fn pure(e: &Expr) -> bool {
    match e {
        Expr::Lit { .. } | Expr::Name { .. } | Expr::Signal { .. } => true,
        Expr::Attr { value, .. } => pure(value),
        Expr::Index { value, index } => pure(value) && pure(index),
        _ => false,
    }
}
