//! Lowering of expressions and call arguments: Python AST → [`Expr`],
//! literals, signals, handlers and the objects a call names.

use super::names::Kind;
use super::{Ctx, LoopCtx, Lower};
use crate::scenario::*;
use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange};

impl Lower<'_> {

    pub(super) fn expr(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Expr> {
        if self.expr_depth >= super::MAX_EXPR_DEPTH {
            // Reported once, at the outermost level past the bound.
            if self.expr_depth == super::MAX_EXPR_DEPTH {
                self.unsupported(e.range(), format!("an expression nested more than {} levels deep", super::MAX_EXPR_DEPTH));
            }
            return None;
        }
        self.expr_depth += 1;
        let lowered = self.expr_at_depth(e, ctx);
        self.expr_depth -= 1;
        lowered
    }

    fn expr_at_depth(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Expr> {
        use ast::Expr as E;
        let range = e.range();
        match e {
            E::UnaryOp(u) if u.op == ast::UnaryOp::USub && self.literal(e).is_some() => self.literal(e).map(|value| Expr::Lit { value }),
            E::NumberLiteral(_) | E::StringLiteral(_) | E::BytesLiteral(_) | E::BooleanLiteral(_) | E::NoneLiteral(_) => {
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
            E::BinOp(b) => {
                let Some(op) = bin_op(b.op) else {
                    self.unsupported(range, format!("operator `{}` (supported: + - * / // % & | ^)", b.op.as_str()));
                    return None;
                };
                // `[a, b] * n` / `n * [a, b]`: a new list, repeated.
                if op == BinOp::Mult {
                    let (list, count) = match (b.left.as_ref(), b.right.as_ref()) {
                        (ast::Expr::List(l), n) | (n, ast::Expr::List(l)) => (Some(l), n),
                        _ => (None, b.right.as_ref()),
                    };
                    if let Some(l) = list {
                        let mut items = Vec::new();
                        for e in &l.elts {
                            items.push(self.expr(e, ctx)?);
                        }
                        let count = Box::new(self.expr(count, ctx)?);
                        return Some(Expr::ListRepeat { items, count });
                    }
                }
                let left = self.expr(&b.left, ctx)?;
                let right = self.expr(&b.right, ctx)?;
                Some(Expr::BinOp { op, left: Box::new(left), right: Box::new(right) })
            }
            // `-x` of a value that is not a literal: `0 - x`.
            E::UnaryOp(u) if u.op == ast::UnaryOp::USub => {
                let operand = self.expr(&u.operand, ctx)?;
                Some(Expr::BinOp { op: BinOp::Sub, left: Box::new(Expr::int(0)), right: Box::new(operand) })
            }
            E::FString(f) => self.fstring(f, ctx),
            E::Name(n) if self.imports.function_aliases.contains(n.id.as_str()) && !ctx.function.and_then(|f| self.symbols.locals.get(f)).is_some_and(|l| l.contains_key(n.id.as_str())) => {
                self.unsupported(range, format!("`{}` (an alias of `{}`) used as a value", n.id, self.dotted(e).join(".")));
                None
            }
            E::Name(n) => {
                let name = n.id.as_str();
                match self.symbols.kind_of(name, ctx.function) {
                    // Locks and threads are values too (passed to a function,
                    // kept in a variable).
                    Some(Kind::Value | Kind::Lock | Kind::Thread) => Some(Expr::Name { name: name.to_string() }),
                    Some(Kind::Function) if self.symbols.functions.contains_key(name) => Some(Expr::FuncRef { function: name.to_string() }),
                    Some(other) => {
                        self.unsupported(range, format!("`{name}` ({}) used as a value", other.describe()));
                        None
                    }
                    None if name == "id" || name == "int" => Some(Expr::BuiltinRef { function: if name == "id" { BuiltinRef::Id } else { BuiltinRef::Int } }),
                    // An exception class as a value (`exc_type == ValueError`).
                    None if ExcType::builtin_from_name(name).is_some() || self.symbols.exceptions.contains_key(name) => {
                        let exc = ExcType::builtin_from_name(name).or_else(|| self.symbols.exceptions.get(name).cloned())?;
                        Some(Expr::ExcClass { exc })
                    }
                    None => {
                        self.error(range, format!("name '{name}' is not defined"));
                        None
                    }
                }
            }
            E::Attribute(a) => {
                if a.attr.as_str() == "name" && self.dotted_call(&a.value).as_deref() == Some("threading.current_thread") {
                    return Some(Expr::CurrentThreadName);
                }
                if self.is_object(&a.value, ctx) {
                    return self.attribute(a, ctx);
                }
                match self.dotted(e).iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    ["signal", "ITIMER_REAL"] => return Some(Expr::ItimerReal),
                    ["signal", "NSIG"] => return Some(Expr::Nsig),
                    ["sys", "version_info"] => return Some(Expr::VersionInfo),
                    ["_thread", "LockType"] => return Some(Expr::LockType),
                    ["sys", "unraisablehook"] => return Some(Expr::HookValue { hook: Hook::Unraisable }),
                    ["sys", "exit"] => return Some(Expr::BuiltinRef { function: BuiltinRef::SysExit }),
                    ["threading", "excepthook"] => return Some(Expr::HookValue { hook: Hook::Except }),
                    ["signal", "SIG_IGN"] => return Some(Expr::HandlerConst { handler: Handler::Ignore }),
                    ["signal", "SIG_DFL"] => return Some(Expr::HandlerConst { handler: Handler::Default }),
                    ["signal", "default_int_handler"] => return Some(Expr::HandlerConst { handler: Handler::DefaultInt }),
                    ["signal", name] => {
                        if let Some(signal) = Sig::from_name(name) {
                            return Some(Expr::Signal { signal });
                        }
                    }
                    _ => {}
                }
                // An attribute of a call's result or an item
                // (`sigtimedwait(…).si_signo`, `xs[0].code`): read when it runs.
                if self.dotted(&a.value).is_empty() {
                    let value = self.expr(&a.value, ctx)?;
                    return Some(Expr::Attr { value: Box::new(value), attr: a.attr.to_string() });
                }
                self.unsupported(range, format!("attribute `{}` as a value", self.dotted(e).join(".")));
                None
            }
            E::Call(call) => {
                if let Some(lowered) = self.class_call(call, ctx) {
                    return lowered;
                }
                if let Some(lowered) = self.new_lock(call) {
                    return lowered;
                }
                // `threading.Thread(…)` as a value (`[Thread(…) for _ in …]`).
                if self.dotted(&call.func) == ["threading", "Thread"] {
                    let spec = self.thread_spec(call, ctx, false)?;
                    return Some(Expr::Thread { spec: Box::new(spec) });
                }
                // `t.getName()` (deprecated since 3.10) is `t.name`.
                if let ast::Expr::Attribute(a) = call.func.as_ref() {
                    if a.attr.as_str() == "getName" && call.arguments.is_empty() && (self.is_object(&a.value, ctx) || a.value.is_call_expr()) {
                        let value = self.expr(&a.value, ctx)?;
                        return Some(Expr::Attr { value: Box::new(value), attr: "name".into() });
                    }
                }
                let path = self.method_path(call, ctx);
                match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    [obj, "acquire"] => {
                        let lock = self.object(obj, Kind::Lock, range)?;
                        let [blocking, timeout] = self.opt_args::<2>(call, "acquire", &["blocking", "timeout"])?;
                        let blocking = match blocking {
                            Some(b) => match self.literal(&b) {
                                Some(Literal::Bool(b)) => Some(b),
                                // Taken by its truth (`p` in the argument clinic).
                                Some(Literal::Int(i)) => Some(i != 0),
                                _ => {
                                    self.unsupported(b.range(), "`blocking` other than True, False or an int");
                                    return None;
                                }
                            },
                            None => None,
                        };
                        let timeout = match timeout {
                            Some(t) => Some(Box::new(match self.literal(&t) {
                                Some(Literal::Int(i)) => Expr::int(i),
                                Some(Literal::Float(f)) => Expr::Lit { value: Literal::Float(f) },
                                _ => self.expr(&t, ctx)?,
                            })),
                            None => None,
                        };
                        let keywords = !call.arguments.keywords.is_empty();
                        Some(Expr::Acquire { lock, blocking, timeout, keywords })
                    }
                    [obj, m @ ("_release_save" | "_acquire_restore" | "_is_owned")] => {
                        let lock = self.object(obj, Kind::Lock, range)?;
                        let method = RLockMethod::ALL.into_iter().find(|r| r.name() == *m).expect("one of the names above");
                        let state = match method {
                            RLockMethod::AcquireRestore => {
                                let [state] = self.args::<1>(call, m, &[])?;
                                Some(Box::new(self.expr(&state, ctx)?))
                            }
                            _ => {
                                self.args::<0>(call, m, &[])?;
                                None
                            }
                        };
                        Some(Expr::RLockCall { lock, method, state })
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
                    ["threading", f @ ("current_thread" | "currentThread" | "main_thread" | "get_ident" | "active_count" | "activeCount")] => {
                        self.args::<0>(call, &format!("threading.{f}"), &[])?;
                        let query = match *f {
                            "current_thread" | "currentThread" => ThreadQuery::Current,
                            "main_thread" => ThreadQuery::Main,
                            "get_ident" => ThreadQuery::Ident,
                            _ => ThreadQuery::ActiveCount,
                        };
                        Some(Expr::ThreadQuery { query })
                    }
                    ["os", "getpid"] => {
                        self.args::<0>(call, "os.getpid", &[])?;
                        Some(Expr::Pid)
                    }
                    ["_thread", "get_ident"] => {
                        self.args::<0>(call, "_thread.get_ident", &[])?;
                        Some(Expr::ThreadQuery { query: ThreadQuery::LowIdent })
                    }
                    ["threading", "enumerate"] => {
                        self.args::<0>(call, "threading.enumerate", &[])?;
                        Some(Expr::Enumerate)
                    }
                    ["sys", "getswitchinterval"] => {
                        self.args::<0>(call, "sys.getswitchinterval", &[])?;
                        Some(Expr::SwitchInterval)
                    }
                    ["_thread", "_count"] => {
                        self.args::<0>(call, "_thread._count", &[])?;
                        Some(Expr::ThreadCount)
                    }
                    ["time", f @ ("time" | "monotonic" | "perf_counter")] => {
                        self.args::<0>(call, &format!("time.{f}"), &[])?;
                        Some(Expr::Clock { function: f.to_string() })
                    }
                    [f @ ("str" | "repr")] if !self.symbols.functions.contains_key(*f) => {
                        let [value] = self.args::<1>(call, f, &[])?;
                        Some(Expr::Convert { value: Box::new(self.expr(&value, ctx)?), repr: *f == "repr" })
                    }
                    [f @ ("sum" | "sorted" | "abs")] if !self.symbols.functions.contains_key(*f) => {
                        let [value] = self.args::<1>(call, f, &[])?;
                        let function = Builtin::ALL.into_iter().find(|b| b.name() == *f).expect("one of the names above");
                        // `sum(range(n))`: a range is a list of its items here.
                        let value = if function == Builtin::Abs { self.expr(&value, ctx)? } else { self.iterable(&value, ctx)? };
                        Some(Expr::Builtin { function, value: Box::new(value) })
                    }
                    ["set"] if !self.symbols.functions.contains_key("set") => {
                        let [from] = self.opt_args::<1>(call, "set", &[])?;
                        let from = match from {
                            Some(v) => Some(Box::new(self.iterable(&v, ctx)?)),
                            None => None,
                        };
                        Some(Expr::NewSet { from })
                    }
                    ["signal", "pthread_sigmask"] => {
                        let [how, signals] = self.args::<2>(call, "signal.pthread_sigmask", &[])?;
                        let Some(how) = SigHow::ALL.into_iter().find(|h| self.dotted(&how) == ["signal", h.name()]) else {
                            self.unsupported(how.range(), "a `how` other than `signal.SIG_BLOCK`, `SIG_UNBLOCK` or `SIG_SETMASK`");
                            return None;
                        };
                        Some(Expr::SigMask { how, signals: Box::new(self.expr(&signals, ctx)?) })
                    }
                    ["signal", "sigpending"] => {
                        self.args::<0>(call, "signal.sigpending", &[])?;
                        Some(Expr::SigPending)
                    }
                    ["signal", "sigwait"] => {
                        let [signals] = self.args::<1>(call, "signal.sigwait", &[])?;
                        Some(Expr::SigWait { signals: Box::new(self.expr(&signals, ctx)?), timeout: None })
                    }
                    ["signal", "sigtimedwait"] => {
                        let [signals, timeout] = self.args::<2>(call, "signal.sigtimedwait", &[])?;
                        let signals = Box::new(self.expr(&signals, ctx)?);
                        Some(Expr::SigWait { signals, timeout: Some(Box::new(self.expr(&timeout, ctx)?)) })
                    }
                    ["isinstance"] if !self.symbols.functions.contains_key("isinstance") => {
                        let [value, class] = self.args::<2>(call, "isinstance", &[])?;
                        let value = Box::new(self.expr(&value, ctx)?);
                        let types = match &class {
                            ast::Expr::Tuple(t) => t.elts.iter().map(|c| self.instance_of(c)).collect::<Option<Vec<_>>>()?,
                            c => vec![self.instance_of(c)?],
                        };
                        Some(Expr::IsInstance { value, types })
                    }
                    ["type"] if !self.symbols.functions.contains_key("type") => {
                        let [value] = self.args::<1>(call, "type", &[])?;
                        Some(Expr::TypeOf { value: Box::new(self.expr(&value, ctx)?) })
                    }
                    ["len"] if !self.symbols.functions.contains_key("len") => {
                        let [value] = self.args::<1>(call, "len", &[])?;
                        Some(Expr::Len { value: Box::new(self.expr(&value, ctx)?) })
                    }
                    [_, "copy"] if call.arguments.is_empty() && !self.symbols.classes.values().any(|c| c.methods.iter().any(|m| m == "copy")) => {
                        let ast::Expr::Attribute(a) = call.func.as_ref() else { return None };
                        let value = self.expr(&a.value, ctx)?;
                        Some(Expr::Builtin { function: Builtin::Copy, value: Box::new(value) })
                    }
                    [obj, "pop"] => {
                        let list = self.object(obj, Kind::Value, range)?;
                        let [index] = self.opt_args::<1>(call, "pop", &[])?;
                        let index = match index {
                            Some(i) => Some(Box::new(self.expr(&i, ctx)?)),
                            None => None,
                        };
                        Some(Expr::Pop { list, index })
                    }
                    [] if matches!(call.func.as_ref(), ast::Expr::Attribute(a) if a.attr.as_str() == "format" && a.value.is_string_literal_expr()) => {
                        self.str_format(call, ctx)
                    }
                    [f] if self.symbols.functions.contains_key(*f) && self.symbols.kind_of(f, ctx.function) == Some(Kind::Function) && (call.arguments.args.iter().any(|a| a.is_starred_expr()) || call.arguments.keywords.iter().any(|k| k.arg.is_none()) || self.symbols.signatures.get(*f).is_some_and(|(params, _)| params.iter().any(|p| p.starts_with('*')))) => {
                        self.call_value(call, ctx)
                    }
                    [f] if self.symbols.functions.contains_key(*f) && self.symbols.kind_of(f, ctx.function) == Some(Kind::Function) => {
                        let f = f.to_string();
                        let keywords: Vec<(Option<&str>, &ast::Expr, TextRange)> =
                            call.arguments.keywords.iter().map(|k| (k.arg.as_ref().map(|a| a.as_str()), &k.value, k.range)).collect();
                        let args = self.bind_args(&f, &call.arguments.args, &keywords, range, ctx)?;
                        Some(Expr::Call { function: f, args })
                    }
                    _ if self.callable_value(&call.func, ctx) => self.call_value(call, ctx),
                    _ => {
                        self.unsupported(range, format!("call of `{}` here", path.join(".")));
                        None
                    }
                }
            }
            E::Lambda(l) => self.lambda(l, ctx),
            E::If(i) => {
                let test = Box::new(self.expr(&i.test, ctx)?);
                let body = Box::new(self.expr(&i.body, ctx)?);
                let orelse = Box::new(self.expr(&i.orelse, ctx)?);
                Some(Expr::IfElse { test, body, orelse })
            }
            E::List(l) => Some(Expr::List { items: self.displayed_items(&l.elts, "list", ctx)? }),
            E::ListComp(lc) => self.list_comprehension(lc, ctx),
            E::Tuple(t) => Some(Expr::Tuple { items: self.displayed_items(&t.elts, "tuple", ctx)? }),
            E::Set(st) => Some(Expr::SetDisplay { items: self.displayed_items(&st.elts, "set", ctx)? }),
            E::Dict(d) => {
                let mut items = Vec::new();
                for item in &d.items {
                    let key = match &item.key {
                        Some(k) => Some(self.expr(k, ctx)?),
                        None => None,
                    };
                    items.push((key, self.expr(&item.value, ctx)?));
                }
                Some(Expr::Dict { items })
            }
            E::Subscript(sub) if matches!(sub.slice.as_ref(), E::Slice(s) if s.step.is_none()) => {
                let E::Slice(s) = sub.slice.as_ref() else { unreachable!("matched above") };
                let value = Box::new(self.expr(&sub.value, ctx)?);
                let lower = match &s.lower {
                    Some(e) => Some(Box::new(self.expr(e, ctx)?)),
                    None => None,
                };
                let upper = match &s.upper {
                    Some(e) => Some(Box::new(self.expr(e, ctx)?)),
                    None => None,
                };
                Some(Expr::Slice { value, lower, upper })
            }
            E::Subscript(sub) if !matches!(sub.slice.as_ref(), E::Slice(_)) => {
                let value = self.expr(&sub.value, ctx)?;
                let index = self.expr(&sub.slice, ctx)?;
                Some(Expr::Index { value: Box::new(value), index: Box::new(index) })
            }
            other => {
                let what = match other {
                    E::TString(_) => "t-string",
                    E::Lambda(_) => "lambda",
                    E::UnaryOp(_) => "this unary operator",
                    E::ListComp(_) => "list comprehension",
                    E::Tuple(_) => "tuple",
                    E::DictComp(_) => "dict comprehension",
                    E::Set(_) | E::SetComp(_) => "set",
                    E::Generator(_) => "generator expression",
                    E::If(_) => "conditional expression",
                    E::Subscript(_) | E::Slice(_) => "a slice with a step",
                    E::Await(_) | E::Yield(_) | E::YieldFrom(_) => "await/yield",
                    E::Named(_) => "`:=`",
                    E::EllipsisLiteral(_) => "`...`",
                    E::Starred(_) => "`*` unpacking",
                    _ => "this expression",
                };
                self.unsupported(range, what);
                None
            }
        }
    }

    /// Whether a call's callee is a value the script computed: a variable
    /// (a parameter holding a function), an attribute of an object that is
    /// not a method some class defines (`self.fn`), a lambda, a call's
    /// result.
    fn callable_value(&self, callee: &ast::Expr, ctx: Ctx) -> bool {
        match callee {
            ast::Expr::Name(n) => self.symbols.kind_of(n.id.as_str(), ctx.function) == Some(Kind::Value),
            ast::Expr::Attribute(a) => self.is_object(&a.value, ctx),
            ast::Expr::Lambda(_) | ast::Expr::Subscript(_) | ast::Expr::Call(_) => true,
            _ => false,
        }
    }

    /// A call's keyword arguments as the dict they are passed as (`**m`
    /// merged in where it stands).
    pub(super) fn keyword_dict(&mut self, keywords: &[ast::Keyword], ctx: Ctx) -> Option<Expr> {
        let mut items = Vec::new();
        for k in keywords {
            let key = k.arg.as_ref().map(|name| Expr::str(name.as_str()));
            items.push((key, self.expr(&k.value, ctx)?));
        }
        Some(Expr::Dict { items })
    }

    /// `callee(args, *star, **dstar)` of a value: bound to the parameters
    /// when it runs (CPython's CALL, or CALL_FUNCTION_EX with `*`/`**`).
    /// Named keywords are passed as the dict `**{'name': value}` is.
    fn call_value(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<Expr> {
        let dstar = match call.arguments.keywords.as_slice() {
            [] => None,
            [k] if k.arg.is_none() => Some(Box::new(self.expr(&k.value, ctx)?)),
            keywords => Some(Box::new(self.keyword_dict(keywords, ctx)?)),
        };
        let callee = Box::new(self.expr(&call.func, ctx)?);
        let mut args = Vec::new();
        let mut star = None;
        for (i, a) in call.arguments.args.iter().enumerate() {
            match a {
                ast::Expr::Starred(st) if i + 1 == call.arguments.args.len() => star = Some(Box::new(self.expr(&st.value, ctx)?)),
                ast::Expr::Starred(_) => {
                    self.unsupported(a.range(), "`*` arguments other than the last");
                    return None;
                }
                _ => args.push(self.expr(a, ctx)?),
            }
        }
        Some(Expr::CallValue { callee, args, star, dstar })
    }

    /// `lambda params: body`, lowered with its parameters as its own
    /// names; one that reads a name of the enclosing function (a closure)
    /// is refused.
    fn lambda(&mut self, l: &ast::ExprLambda, ctx: Ctx) -> Option<Expr> {
        let mut params = Vec::new();
        if let Some(p) = &l.parameters {
            if !p.posonlyargs.is_empty() || !p.kwonlyargs.is_empty() || p.vararg.is_some() || p.kwarg.is_some() || p.args.iter().any(|a| a.default.is_some()) {
                self.unsupported(p.range, "lambda parameters other than plain names");
                return None;
            }
            params.extend(p.args.iter().map(|a| a.parameter.name.to_string()));
        }
        if let Some(outer) = ctx.function.and_then(|f| self.symbols.locals.get(f)) {
            let mut closure = None;
            let mut find = NameFinder(&mut |n: &ast::ExprName| {
                if closure.is_none() && !params.iter().any(|p| p == n.id.as_str()) && outer.contains_key(n.id.as_str()) {
                    closure = Some((n.id.to_string(), n.range));
                }
            });
            ast::visitor::Visitor::visit_expr(&mut find, &l.body);
            if let Some((name, range)) = closure {
                self.unsupported(range, format!("a lambda that reads `{name}` of the enclosing function (a closure)"));
                return None;
            }
        }
        let scope = format!("<lambda>@{}", u32::from(l.range.start()));
        self.symbols.locals.insert(scope.clone(), params.iter().map(|p| (p.clone(), Kind::Value)).collect());
        let outer_fn = self.current_fn.replace(scope.clone());
        // Its body as an expression statement: a call the language has as
        // a statement (`print(…)`) stays one, and the lambda returns None.
        let kind = self.expr_stmt(&l.body, Ctx { function: Some(&scope), loop_: LoopCtx::None });
        self.current_fn = outer_fn;
        let kind = match kind? {
            StmtKind::Expr { value } => StmtKind::Return { value: Some(value) },
            other => other,
        };
        // No place of its own: an expression has none (its code shows the
        // statement's).
        Some(Expr::Lambda { params, body: vec![Stmt { kind, loc: Loc::NONE }] })
    }

    /// The items of a list or tuple display (`what`), lowered; `*` unpacking
    /// is refused.
    pub(super) fn displayed_items(&mut self, elts: &[ast::Expr], what: &str, ctx: Ctx) -> Option<Vec<Expr>> {
        let mut items = Vec::new();
        for item in elts {
            if item.is_starred_expr() {
                self.unsupported(item.range(), format!("`*` unpacking in a {what}"));
                return None;
            }
            items.push(self.expr(item, ctx)?);
        }
        Some(items)
    }

    pub(super) fn compare(&mut self, c: &ast::ExprCompare, ctx: Ctx) -> Option<Expr> {
        let ([op], [right]) = (&*c.ops, &*c.comparators) else {
            self.unsupported(c.range, "chained comparison");
            return None;
        };
        let op = match op {
            ast::CmpOp::Eq => CmpOp::Eq,
            ast::CmpOp::NotEq => CmpOp::NotEq,
            ast::CmpOp::Is => CmpOp::Is,
            ast::CmpOp::IsNot => CmpOp::IsNot,
            ast::CmpOp::Lt => CmpOp::Lt,
            ast::CmpOp::LtE => CmpOp::LtE,
            ast::CmpOp::Gt => CmpOp::Gt,
            ast::CmpOp::GtE => CmpOp::GtE,
            ast::CmpOp::In => CmpOp::In,
            ast::CmpOp::NotIn => CmpOp::NotIn,
        };
        let current = self.dotted_call(&c.left).as_deref() == Some("threading.current_thread");
        let main = self.dotted_call(right).as_deref() == Some("threading.main_thread");
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
    pub(super) fn literal(&self, e: &ast::Expr) -> Option<Literal> {
        match e {
            ast::Expr::NoneLiteral(_) => Some(Literal::None),
            ast::Expr::BooleanLiteral(b) => Some(Literal::Bool(b.value)),
            ast::Expr::StringLiteral(s) => Some(Literal::Str(s.value.to_str().to_string())),
            ast::Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64().map(Literal::Int),
                ast::Number::Float(f) => Some(Literal::Float(Float(*f))),
                ast::Number::Complex { .. } => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match u.operand.as_ref() {
                ast::Expr::NumberLiteral(n) => match &n.value {
                    // -2**63 is the one negative i64 whose magnitude is not one.
                    ast::Number::Int(i) if i.as_u64() == Some(1 << 63) => Some(Literal::Int(i64::MIN)),
                    ast::Number::Int(i) => i.as_i64().and_then(i64::checked_neg).map(Literal::Int),
                    ast::Number::Float(f) => Some(Literal::Float(Float(-*f))),
                    ast::Number::Complex { .. } => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// `f"…"`: text and replacement fields with `!r`/`!s` and a plain format
    /// spec (`.2f`, `d`, `s`).
    fn fstring(&mut self, f: &ast::ExprFString, ctx: Ctx) -> Option<Expr> {
        let mut parts: Vec<FPart> = Vec::new();
        let text = |parts: &mut Vec<FPart>, t: &str| match parts.last_mut() {
            Some(FPart::Text { text }) => text.push_str(t),
            _ => parts.push(FPart::Text { text: t.to_string() }),
        };
        for part in f.value.iter() {
            let elements = match part {
                ast::FStringPart::Literal(l) => {
                    text(&mut parts, &l.value);
                    continue;
                }
                ast::FStringPart::FString(fs) => &fs.elements,
            };
            for el in elements.iter() {
                match el {
                    ast::InterpolatedStringElement::Literal(l) => text(&mut parts, &l.value),
                    ast::InterpolatedStringElement::Interpolation(i) => {
                        if i.debug_text.is_some() {
                            self.unsupported(i.range, "`=` in an f-string field");
                            return None;
                        }
                        let repr = match i.conversion {
                            ast::ConversionFlag::None | ast::ConversionFlag::Str => false,
                            ast::ConversionFlag::Repr => true,
                            ast::ConversionFlag::Ascii => {
                                self.unsupported(i.range, "`!a` in an f-string");
                                return None;
                            }
                        };
                        let mut spec = String::new();
                        if let Some(fs) = &i.format_spec {
                            for e in fs.elements.iter() {
                                match e {
                                    ast::InterpolatedStringElement::Literal(l) => spec.push_str(&l.value),
                                    ast::InterpolatedStringElement::Interpolation(_) => {
                                        self.unsupported(fs.range, "a computed format spec");
                                        return None;
                                    }
                                }
                            }
                            let plain = matches!(spec.as_str(), "" | "d" | "s" | "f")
                                || spec.strip_prefix('.').and_then(|r| r.strip_suffix('f')).is_some_and(|d| d.parse::<u8>().is_ok());
                            if !plain {
                                self.unsupported(fs.range, format!("format spec `{spec}` (supported: d, s, f, .Nf)"));
                                return None;
                            }
                        }
                        let value = self.expr(&i.expression, ctx)?;
                        parts.push(FPart::Value { value, repr, spec });
                    }
                }
            }
        }
        Some(Expr::FString { parts })
    }

    /// `True` or `False`.
    pub(super) fn flag(&mut self, e: &ast::Expr, what: &str) -> Option<bool> {
        match self.literal(e) {
            Some(Literal::Bool(b)) => Some(b),
            _ => {
                self.unsupported(e.range(), format!("{what} other than True or False"));
                None
            }
        }
    }

    pub(super) fn number(&mut self, e: &ast::Expr, what: &str) -> Option<Number> {
        match self.literal(e) {
            Some(Literal::Int(i)) => Some(Number::Int(i)),
            Some(Literal::Float(f)) if !f.get().is_nan() => Some(Number::Float(f)),
            _ => {
                self.unsupported(e.range(), format!("{what} other than a number literal"));
                None
            }
        }
    }

    /// A module-level name bound once to a constant of `signal`, where a
    /// read of it in `ctx` finds that binding: the constant's name.
    fn signal_const(&self, e: &ast::Expr, ctx: Ctx) -> Option<String> {
        let ast::Expr::Name(n) = e else { return None };
        let local = ctx.function.and_then(|f| self.symbols.locals.get(f)).is_some_and(|l| l.contains_key(n.id.as_str()));
        if local {
            return None;
        }
        self.symbols.signal_consts.get(n.id.as_str()).cloned()
    }

    /// `signal.SIGxxx`, or a name bound once to one (`signum`).
    pub(super) fn signal(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Sig> {
        if let Some(s) = self.signal_const(e, ctx).and_then(|c| Sig::from_name(&c)) {
            return Some(s);
        }
        let path = self.dotted(e);
        if let [m, name] = path.as_slice() {
            if m == "signal" {
                if let Some(s) = Sig::from_name(name) {
                    return Some(s);
                }
            }
        }
        self.unsupported(e.range(), format!("signal `{}` (supported: signal.SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, or a module-level name bound once to one)", path.join(".")));
        None
    }

    /// The signal a call sends: known now (`signal.SIGUSR1`, a name bound
    /// once to one), or any other value, read when the call runs (CP40).
    pub(super) fn signal_arg(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<SigArg> {
        if let Some(s) = self.signal_const(e, ctx).and_then(|c| Sig::from_name(&c)) {
            return Some(SigArg::Known(s));
        }
        let path = self.dotted(e);
        if let ["signal", name] = path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            if *name != "NSIG" {
                return Some(SigArg::Known(self.signal(e, ctx)?));
            }
        }
        Some(SigArg::Value(Box::new(self.expr(e, ctx)?)))
    }

    /// `signal.ITIMER_REAL`, or a name bound once to it.
    pub(super) fn itimer_real(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<()> {
        if self.signal_const(e, ctx).as_deref() == Some("ITIMER_REAL") || self.dotted(e) == ["signal", "ITIMER_REAL"] {
            return Some(());
        }
        self.unsupported(e.range(), "an interval timer other than `signal.ITIMER_REAL`");
        None
    }

    pub(super) fn handler(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Handler> {
        let path = self.dotted(e);
        match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["signal", "SIG_IGN"] => Some(Handler::Ignore),
            ["signal", "SIG_DFL"] => Some(Handler::Default),
            ["signal", "default_int_handler"] => Some(Handler::DefaultInt),
            // A handler `signal.signal` returned earlier.
            [name] if self.symbols.kind_of(name, ctx.function) == Some(Kind::Value) => Some(Handler::Name(name.to_string())),
            [name] => match self.symbols.functions.get(*name) {
                Some(2) => Some(Handler::Function(name.to_string())),
                Some(n) if *n <= 2 && self.symbols.varargs.contains(*name) => Some(Handler::Function(name.to_string())),
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
                self.unsupported(e.range(), "a handler other than a function of the script, SIG_IGN, SIG_DFL, default_int_handler or a name holding one");
                None
            }
        }
    }

    /// The arguments of a call of function `f` of the script, in parameter
    /// order: positional ones, then keywords by name, then the defaults.
    /// Python's TypeErrors for a bad binding are errors here.
    pub(super) fn bind_args(
        &mut self,
        f: &str,
        positional: &[ast::Expr],
        keywords: &[(Option<&str>, &ast::Expr, TextRange)],
        range: TextRange,
        ctx: Ctx,
    ) -> Option<Vec<Expr>> {
        let (params, defaults) = self.symbols.signatures.get(f).cloned().unwrap_or_default();
        self.bind_with(f, &params, &defaults, positional, keywords, range, ctx)
    }

    /// Binds a call's arguments to parameters `params` (with `defaults`)
    /// of the callee shown as `f` in errors.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn bind_with(
        &mut self,
        f: &str,
        params: &[String],
        defaults: &[Option<Literal>],
        positional: &[ast::Expr],
        keywords: &[(Option<&str>, &ast::Expr, TextRange)],
        range: TextRange,
        ctx: Ctx,
    ) -> Option<Vec<Expr>> {
        // `**kwargs`: the keywords no other parameter takes, as a dict.
        if let Some((_, before)) = params.split_last().filter(|(last, _)| last.starts_with("**")) {
            let mut known = Vec::new();
            let mut items = Vec::new();
            for &(name, value, kw_range) in keywords {
                match name {
                    None => {
                        self.unsupported(kw_range, "`**` arguments");
                        return None;
                    }
                    Some(n) if before.iter().any(|p| p == n) => known.push((name, value, kw_range)),
                    Some(n) => items.push((Some(Expr::str(n)), self.expr(value, ctx)?)),
                }
            }
            let mut args = self.bind_with(f, before, &defaults[..before.len()], positional, &known, range, ctx)?;
            args.push(Expr::Dict { items });
            return Some(args);
        }
        // `*args`: the positional arguments beyond the others, as a tuple.
        if let Some((_, fixed)) = params.split_last().filter(|(last, _)| last.starts_with('*')) {
            let at = fixed.len().min(positional.len());
            let mut args = self.bind_with(f, fixed, &defaults[..fixed.len()], &positional[..at], keywords, range, ctx)?;
            let mut items = Vec::new();
            for a in &positional[at..] {
                if matches!(a, ast::Expr::Starred(_)) {
                    self.unsupported(a.range(), "`*` arguments");
                    return None;
                }
                items.push(self.expr(a, ctx)?);
            }
            args.push(Expr::Tuple { items });
            return Some(args);
        }
        if positional.len() > params.len() {
            self.error(range, format!("{f}() takes {} positional argument(s) but {} were given", params.len(), positional.len()));
            return None;
        }
        let mut slots: Vec<Option<Expr>> = vec![None; params.len()];
        for (i, a) in positional.iter().enumerate() {
            if matches!(a, ast::Expr::Starred(_)) {
                self.unsupported(a.range(), "`*` arguments");
                return None;
            }
            slots[i] = Some(self.expr(a, ctx)?);
        }
        for &(name, value, kw_range) in keywords {
            let Some(name) = name else {
                self.unsupported(kw_range, "`**` arguments");
                return None;
            };
            let Some(i) = params.iter().position(|p| p == name) else {
                self.error(kw_range, format!("{f}() got an unexpected keyword argument '{name}'"));
                return None;
            };
            if slots[i].is_some() {
                self.error(kw_range, format!("{f}() got multiple values for argument '{name}'"));
                return None;
            }
            slots[i] = Some(self.expr(value, ctx)?);
        }
        let mut args = Vec::with_capacity(params.len());
        for (i, slot) in slots.into_iter().enumerate() {
            match slot.or_else(|| defaults[i].clone().map(|value| Expr::Lit { value })) {
                Some(e) => args.push(e),
                None => {
                    self.error(range, format!("{f}() missing required argument: '{}'", params[i]));
                    return None;
                }
            }
        }
        Some(args)
    }

    /// A function of the script that takes `arity` arguments.
    pub(super) fn target_function(&mut self, e: &ast::Expr, arity: usize) -> Option<String> {
        let name = self.target_name(e)?;
        match self.symbols.functions[&name] {
            p if p == arity => Some(name),
            p => {
                self.error(e.range(), format!("thread target `{name}` takes {p} argument(s), and is given {arity}"));
                None
            }
        }
    }

    /// A thread target: the name of a function of the script.
    pub(super) fn target_name(&mut self, e: &ast::Expr) -> Option<String> {
        let ast::Expr::Name(n) = e else {
            let what = if matches!(e, ast::Expr::Lambda(_)) { "lambda as a thread target" } else { "a thread target other than a function name" };
            self.unsupported(e.range(), what);
            return None;
        };
        if !self.symbols.functions.contains_key(n.id.as_str()) {
            self.error(e.range(), format!("name '{}' is not defined as a function", n.id));
            return None;
        }
        Some(n.id.to_string())
    }

    /// `t.ident`, `threading.main_thread().ident` or `threading.get_ident()`.
    pub(super) fn thread_ident(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<ThreadRef> {
        if self.dotted_call(e).as_deref() == Some("threading.get_ident") {
            return Some(ThreadRef::Current);
        }
        if let ast::Expr::Attribute(a) = e {
            if a.attr.as_str() == "ident" {
                if self.dotted_call(&a.value).as_deref() == Some("threading.main_thread") {
                    return Some(ThreadRef::Main);
                }
                if let ast::Expr::Name(n) = a.value.as_ref() {
                    let name = self.object(n.id.as_str(), Kind::Thread, n.range)?;
                    return Some(ThreadRef::Named(name));
                }
            }
        }
        // A literal names no thread a run can have.
        if self.literal(e).is_some() {
            self.unsupported(e.range(), "a thread id other than a value from `t.ident` or `threading.get_ident()` (idents are known only at run time)");
            return None;
        }
        // Any other value: the thread whose ident it is, found when sent.
        Some(ThreadRef::Ident(self.expr(e, ctx)?))
    }

    /// `"… {} …".format(a, b)` with automatic (`{}`) or numbered (`{0}`)
    /// fields, `!r` and a format spec: the f-string it equals.
    fn str_format(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<Expr> {
        let ast::Expr::Attribute(a) = call.func.as_ref() else { return None };
        let ast::Expr::StringLiteral(lit) = a.value.as_ref() else { return None };
        if !call.arguments.keywords.is_empty() || call.arguments.args.iter().any(|x| x.is_starred_expr()) {
            self.unsupported(call.range(), "`str.format` with keyword or `*` arguments");
            return None;
        }
        let args = call.arguments.args.iter().map(|x| self.expr(x, ctx)).collect::<Option<Vec<_>>>()?;
        let text = lit.value.to_str().to_string();
        let mut parts = Vec::new();
        let (mut literal, mut next) = (String::new(), 0usize);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let field: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let (head, spec) = field.split_once(':').unwrap_or((&field, ""));
                    let (index, conv) = head.split_once('!').unwrap_or((head, ""));
                    let at = if index.is_empty() {
                        next += 1;
                        next - 1
                    } else if let Ok(i) = index.parse::<usize>() {
                        i
                    } else {
                        self.unsupported(lit.range, "`str.format` fields other than `{}`, `{N}`, `!r` and a format spec");
                        return None;
                    };
                    if !matches!(conv, "" | "r" | "s") || spec.contains('{') {
                        self.unsupported(lit.range, "`str.format` fields other than `{}`, `{N}`, `!r` and a format spec");
                        return None;
                    }
                    let Some(value) = args.get(at).cloned() else {
                        self.error(call.range(), format!("Replacement index {at} out of range for positional args tuple (Python raises IndexError)"));
                        return None;
                    };
                    if !literal.is_empty() {
                        parts.push(FPart::Text { text: std::mem::take(&mut literal) });
                    }
                    parts.push(FPart::Value { value, repr: conv == "r", spec: spec.to_string() });
                }
                '}' => {
                    self.error(lit.range, "Single '}' encountered in format string (Python raises ValueError)");
                    return None;
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(FPart::Text { text: literal });
        }
        Some(Expr::FString { parts })
    }

    /// A class `isinstance` tests against: `signal.Signals` or an
    /// exception class.
    fn instance_of(&mut self, e: &ast::Expr) -> Option<InstanceOf> {
        if self.dotted(e) == ["signal", "Signals"] {
            return Some(InstanceOf::Signals);
        }
        if self.dotted(e) == ["_thread", "RLock"] {
            return Some(InstanceOf::RLock);
        }
        self.exc_type(e).map(InstanceOf::Exc)
    }

    pub(super) fn exc_type(&mut self, e: &ast::Expr) -> Option<ExcType> {
        // A library's class (`queue.Empty`, or `Empty` from `from queue
        // import Empty`) by its dotted path.
        let path = self.dotted(e).join(".");
        if path.contains('.') {
            if let Some(t) = self.symbols.exceptions.get(&path) {
                return Some(t.clone());
            }
        }
        let ast::Expr::Name(n) = e else {
            self.unsupported(e.range(), "an exception class other than a plain name or a library's (`queue.Empty`)");
            return None;
        };
        let name = n.id.as_str();
        if let Some(t) = ExcType::builtin_from_name(name) {
            return Some(t);
        }
        if let Some(t) = self.symbols.exceptions.get(name) {
            return Some(t.clone());
        }
        self.unsupported(n.range, format!("exception class `{name}` (supported: CPython's built-in exception classes and the script's own `class Name(Base)`)"));
        None
    }

    /// A call's function as a dotted path, imports resolved; a method of an
    /// object's attribute is `[receiver, method]` with the receiver as
    /// written (`self.lock.acquire` → `["self.lock", "acquire"]`).
    pub(super) fn method_path(&self, call: &ast::ExprCall, ctx: Ctx) -> Vec<String> {
        if let ast::Expr::Attribute(a) = call.func.as_ref() {
            if let Some(receiver) = self.attribute_path(&a.value, ctx) {
                return vec![receiver, a.attr.to_string()];
            }
        }
        self.dotted(&call.func)
    }

    /// A name that must hold a lock or a thread.
    pub(super) fn object(&mut self, name: &str, want: Kind, range: TextRange) -> Option<String> {
        // An attribute (`self.lock`): what it holds is known when it runs.
        if name.contains('.') {
            return Some(name.to_string());
        }
        match self.symbols.kind_of(name, self.current_fn.as_deref()) {
            Some(k) if k == want => Some(name.to_string()),
            // A parameter or a name assigned a computed value: what it holds
            // is known only when the code runs (a wrong object raises
            // AttributeError then, as in Python).
            Some(Kind::Value) => Some(name.to_string()),
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
    pub(super) fn args<const N: usize>(&mut self, call: &ast::ExprCall, what: &str, keywords: &[&str]) -> Option<[ast::Expr; N]> {
        let slots = self.opt_args::<N>(call, what, keywords)?;
        if slots.iter().any(Option::is_none) {
            self.unsupported(call.range(), format!("`{what}` takes {N} argument(s) here"));
            return None;
        }
        Some(slots.map(|s| s.expect("checked above")))
    }

    /// Up to `N` arguments, positional first, then by keyword name.
    pub(super) fn opt_args<const N: usize>(&mut self, call: &ast::ExprCall, what: &str, keywords: &[&str]) -> Option<[Option<ast::Expr>; N]> {
        let mut slots: [Option<ast::Expr>; N] = std::array::from_fn(|_| None);
        if call.arguments.args.len() > N {
            self.unsupported(call.range(), format!("`{what}` with {} positional arguments", call.arguments.args.len()));
            return None;
        }
        for (i, a) in call.arguments.args.iter().enumerate() {
            if matches!(a, ast::Expr::Starred(_)) {
                self.unsupported(a.range(), "`*` arguments");
                return None;
            }
            slots[i] = Some(a.clone());
        }
        for kw in &call.arguments.keywords {
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

/// The operators of the language, from the AST's.
pub(super) fn bin_op(op: ast::Operator) -> Option<BinOp> {
    Some(match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mult,
        ast::Operator::Div => BinOp::Div,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::BitAnd => BinOp::BitAnd,
        ast::Operator::BitOr => BinOp::BitOr,
        ast::Operator::BitXor => BinOp::BitXor,
        _ => return None,
    })
}

/// Calls a closure on every name an expression reads.
struct NameFinder<'f>(&'f mut dyn FnMut(&ast::ExprName));

impl<'a> ast::visitor::Visitor<'a> for NameFinder<'_> {
    fn visit_expr(&mut self, e: &'a ast::Expr) {
        if let ast::Expr::Name(n) = e {
            (self.0)(n);
        }
        ast::visitor::walk_expr(self, e);
    }
}
