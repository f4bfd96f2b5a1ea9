//! Lowering of what touches the script's classes: `Class(…)`, `obj.attr`,
//! `obj.method(…)`, `super().method(…)`, `Base.method(self, …)`, and
//! `Thread.__init__` in a subclass of Thread.

use super::names::Kind;
use super::{Ctx, Lower};
use crate::scenario::*;
use ruff_python_ast as ast;
use ruff_text_size::{Ranged, TextRange};

/// Keyword arguments of a call, as `bind_args` takes them.
type Keywords<'a> = Vec<(Option<&'a str>, &'a ast::Expr, TextRange)>;

fn keywords(call: &ast::ExprCall) -> Keywords<'_> {
    call.arguments.keywords.iter().map(|k| (k.arg.as_ref().map(|a| a.as_str()), &k.value, k.range)).collect()
}

impl Lower<'_> {
    /// The class whose method is being lowered.
    fn current_class(&self, ctx: Ctx) -> Option<String> {
        let (class, _) = ctx.function?.rsplit_once('.')?;
        self.symbols.classes.contains_key(class).then(|| class.to_string())
    }

    /// Whether `e` is an object the script made (a name holding a value, an
    /// attribute of one, a call's result), not a module or a class.
    pub(super) fn is_object(&self, e: &ast::Expr, ctx: Ctx) -> bool {
        match e {
            ast::Expr::Name(n) => {
                matches!(self.symbols.kind_of(n.id.as_str(), ctx.function), Some(Kind::Value | Kind::Lock | Kind::Thread))
            }
            ast::Expr::Attribute(a) => self.is_object(&a.value, ctx),
            ast::Expr::Subscript(s) => self.is_object(&s.value, ctx),
            ast::Expr::Call(c) => match c.func.as_ref() {
                ast::Expr::Name(n) => self.symbols.classes.contains_key(n.id.as_str()),
                ast::Expr::Attribute(a) => self.is_object(&a.value, ctx),
                _ => false,
            },
            _ => false,
        }
    }

    /// `a.b.c` when `a` is an object and `b`, `c` its attributes: the
    /// receiver of a lock's, a thread's or a list's method, kept as written
    /// (`self.lock`); `None` for anything else.
    pub(super) fn attribute_path(&self, e: &ast::Expr, ctx: Ctx) -> Option<String> {
        match e {
            ast::Expr::Attribute(a) => {
                let inner = match a.value.as_ref() {
                    ast::Expr::Name(n) if self.is_object(&a.value, ctx) => n.id.to_string(),
                    ast::Expr::Attribute(_) => self.attribute_path(&a.value, ctx)?,
                    _ => return None,
                };
                Some(format!("{inner}.{}", a.attr))
            }
            _ => None,
        }
    }

    /// The one `for` (and at most one `if`) of a list comprehension, and
    /// its variable; `None` after a diagnostic.
    fn comprehension_parts<'a>(&mut self, lc: &'a ast::ExprListComp) -> Option<(&'a ast::Comprehension, String)> {
        let [g] = lc.generators.as_slice() else {
            self.unsupported(lc.range, "a list comprehension with more than one `for`");
            return None;
        };
        if g.is_async || g.ifs.len() > 1 {
            self.unsupported(lc.range, "a list comprehension with `async for` or more than one `if`");
            return None;
        }
        let ast::Expr::Name(n) = &g.target else {
            self.unsupported(g.target.range(), "a comprehension target other than a plain name");
            return None;
        };
        Some((g, n.id.to_string()))
    }

    /// Runs `f` with `var` known as a value in the current scope (a
    /// comprehension's own variable, whatever the name means outside).
    fn with_comprehension_var<T>(&mut self, var: &str, ctx: Ctx, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        fn scope<'b>(symbols: &'b mut super::names::Symbols, function: Option<&str>) -> &'b mut std::collections::BTreeMap<String, Kind> {
            match function {
                Some(name) => symbols.locals.entry(name.to_string()).or_default(),
                None => &mut symbols.module,
            }
        }
        let outer = scope(&mut self.symbols, ctx.function).insert(var.to_string(), Kind::Value);
        let result = f(self);
        match outer {
            Some(k) => scope(&mut self.symbols, ctx.function).insert(var.to_string(), k),
            None => scope(&mut self.symbols, ctx.function).remove(var),
        };
        result
    }

    /// What a comprehension iterates over: a value, or `range(…)`.
    pub(super) fn iterable(&mut self, e: &ast::Expr, ctx: Ctx) -> Option<Expr> {
        let ast::Expr::Call(call) = e else { return self.expr(e, ctx) };
        if self.dotted(&call.func) != ["range"] || self.symbols.functions.contains_key("range") {
            return self.expr(e, ctx);
        }
        if !call.arguments.keywords.is_empty() || call.arguments.args.is_empty() || call.arguments.args.len() > 3 {
            self.error(call.range(), "range expected 1 to 3 integer arguments");
            return None;
        }
        let mut parts = Vec::new();
        for a in &call.arguments.args {
            parts.push(Box::new(self.expr(a, ctx)?));
        }
        let mut parts = parts.into_iter();
        Some(match call.arguments.args.len() {
            1 => Expr::Range { start: None, stop: parts.next()?, step: None },
            2 => Expr::Range { start: parts.next(), stop: parts.next()?, step: None },
            _ => Expr::Range { start: parts.next(), stop: parts.next()?, step: parts.next() },
        })
    }

    /// `[elt for var in iterable if cond]`.
    pub(super) fn list_comprehension(&mut self, lc: &ast::ExprListComp, ctx: Ctx) -> Option<Expr> {
        let (g, var) = self.comprehension_parts(lc)?;
        let iterable = self.iterable(&g.iter, ctx)?;
        let (cond, elt) = self.with_comprehension_var(&var, ctx, |this| {
            let cond = match g.ifs.first() {
                Some(c) => Some(Box::new(this.expr(c, ctx)?)),
                None => None,
            };
            Some((cond, this.expr(&lc.elt, ctx)?))
        })?;
        Some(Expr::ListComp { elt: Box::new(elt), var, iterable: Box::new(iterable), cond })
    }

    /// `[t.start() for t in threads]` as a statement: the loop it stands
    /// for (the list of what the calls return is dropped), so the calls
    /// may be statements (`start`, `join`).
    pub(super) fn comprehension_statement(&mut self, lc: &ast::ExprListComp, ctx: Ctx) -> Option<StmtKind> {
        let (g, var) = self.comprehension_parts(lc)?;
        let iterable = self.iterable(&g.iter, ctx)?;
        let loc = self.loc(lc.elt.range());
        let body = self.with_comprehension_var(&var, ctx, |this| {
            let call = this.expr_stmt(&lc.elt, ctx)?;
            let mut body = vec![Stmt { kind: call, loc }];
            if let Some(c) = g.ifs.first() {
                let test = this.expr(c, ctx)?;
                body = vec![Stmt { kind: StmtKind::If { test, body, orelse: Vec::new() }, loc }];
            }
            Some(body)
        })?;
        Some(StmtKind::ForEach { var, iterable, body, unpack: Vec::new() })
    }

    /// `value.attr` of an object.
    pub(super) fn attribute(&mut self, a: &ast::ExprAttribute, ctx: Ctx) -> Option<Expr> {
        let value = self.expr(&a.value, ctx)?;
        Some(Expr::Attr { value: Box::new(value), attr: a.attr.to_string() })
    }

    /// A call that involves a class of the script, lowered; `None` when the
    /// call is not one (the caller goes on), `Some(None)` after an error.
    pub(super) fn class_call(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<Option<Expr>> {
        let range = call.range();
        // `threading.Event()`: a class of pythread's copy of the library.
        if matches!(call.func.as_ref(), ast::Expr::Attribute(_) | ast::Expr::Name(_)) {
            let path = self.dotted(&call.func).join(".");
            if super::library::is_library(&path) && self.symbols.classes.contains_key(&path) {
                return Some(self.new_object(&path, call, ctx));
            }
        }
        match call.func.as_ref() {
            // `Class(args)`
            ast::Expr::Name(n) if self.symbols.classes.contains_key(n.id.as_str()) && self.symbols.kind_of(n.id.as_str(), ctx.function) == Some(Kind::Class) => {
                Some(self.new_object(n.id.as_str(), call, ctx))
            }
            ast::Expr::Attribute(a) => {
                let method = a.attr.as_str();
                // `super().method(args)` in a method of the script.
                if let ast::Expr::Call(s) = a.value.as_ref() {
                    if matches!(s.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "super") && s.arguments.is_empty() {
                        let Some(class) = self.current_class(ctx) else {
                            self.unsupported(range, "`super()` outside a method of a class of the script");
                            return Some(None);
                        };
                        let base = self.symbols.mro(&class).get(1).cloned();
                        let Some(base) = base.filter(|b| self.symbols.defining(b, method).is_some()) else {
                            self.unsupported(range, format!("`super().{method}(…)` of a method no base class of the script defines"));
                            return Some(None);
                        };
                        let Some(me) = self.self_name(ctx) else {
                            self.unsupported(range, "`super()` in a method without parameters");
                            return Some(None);
                        };
                        return Some(self.class_method_call(&base, method, Some(me), call, ctx));
                    }
                }
                // `Class.method(self, args)`
                if let ast::Expr::Name(n) = a.value.as_ref() {
                    if self.symbols.classes.contains_key(n.id.as_str()) && self.symbols.kind_of(n.id.as_str(), ctx.function) == Some(Kind::Class) {
                        return Some(self.class_method_call(n.id.as_str(), method, None, call, ctx));
                    }
                }
                // `obj.method(args)` of a method some class of the script defines.
                if self.symbols.any_method(method) && self.is_object(&a.value, ctx) && !self.builtin_method(&a.value, method, ctx) {
                    let value = match self.expr(&a.value, ctx) {
                        Some(v) => v,
                        None => return Some(None),
                    };
                    let args = self.method_args(method, call, ctx);
                    return Some(args.map(|args| Expr::Method { value: Box::new(value), method: method.to_string(), args }));
                }
                None
            }
            _ => None,
        }
    }

    /// Whether `receiver.method(…)` is a lock's, a thread's or a list's
    /// method rather than one of the script's classes': the name is one of
    /// theirs and the receiver is not known to be an object whose class
    /// (or a base) defines it (`static_class`: `self` in such a class, a
    /// name assigned `Class(…)`, `self.attr` assigned one).
    fn builtin_method(&self, receiver: &ast::Expr, method: &str, ctx: Ctx) -> bool {
        const BUILTIN: &[&str] = &["start", "join", "is_alive", "setDaemon", "acquire", "release", "locked", "append", "pop", "_release_save", "_acquire_restore", "_is_owned"];
        if !BUILTIN.contains(&method) {
            return false;
        }
        !self.static_class(receiver, ctx).is_some_and(|c| self.symbols.defining(&c, method).is_some())
    }

    /// The class of the object an expression holds, where the script says
    /// it: a name assigned `Class(…)`, `self`, or `self.attr` assigned
    /// `Class(…)` in a method.
    pub(super) fn static_class(&self, e: &ast::Expr, ctx: Ctx) -> Option<String> {
        match e {
            ast::Expr::Name(n) => match self.current_class(ctx) {
                Some(c) if self.self_name(ctx).as_deref() == Some(n.id.as_str()) => Some(c),
                _ => self.symbols.constructed.get(n.id.as_str()).cloned(),
            },
            ast::Expr::Attribute(a) => {
                let owner = self.static_class(&a.value, ctx)?;
                self.symbols.attr_class(&owner, a.attr.as_str()).cloned()
            }
            _ => None,
        }
    }

    /// The current method's first parameter (`self`).
    fn self_name(&self, ctx: Ctx) -> Option<String> {
        self.symbols.signatures.get(ctx.function?).and_then(|(params, _)| params.first().cloned())
    }

    /// `Class(args)`: bound to its `__init__` (after `self`), or, for a
    /// subclass of Thread with no `__init__` of the script, to Thread's.
    fn new_object(&mut self, class: &str, call: &ast::ExprCall, ctx: Ctx) -> Option<Expr> {
        match self.symbols.defining(class, "__init__") {
            Some(owner) => {
                let qualified = format!("{owner}.__init__");
                let starred = self.symbols.signatures.get(&qualified).is_some_and(|(params, _)| params.iter().any(|p| p.starts_with('*')))
                    || call.arguments.keywords.iter().any(|k| k.arg.is_none());
                if starred {
                    // Bound when it runs: the arguments as written.
                    let mut args = Vec::new();
                    for a in &call.arguments.args {
                        if a.is_starred_expr() {
                            self.unsupported(a.range(), "`*` arguments to a class");
                            return None;
                        }
                        args.push(self.expr(a, ctx)?);
                    }
                    let kwargs = self.keyword_dict(&call.arguments.keywords, ctx)?;
                    return Some(Expr::New { class: class.to_string(), args, thread: None, kwargs: Some(Box::new(kwargs)) });
                }
                let args = self.bind_method(&qualified, true, &call.arguments.args, &keywords(call), call.range(), ctx)?;
                Some(Expr::New { class: class.to_string(), args, thread: None, kwargs: None })
            }
            None if self.symbols.is_thread_class(class) => {
                let spec = self.thread_spec(call, ctx, false)?;
                Some(Expr::New { class: class.to_string(), args: Vec::new(), thread: Some(Box::new(spec)), kwargs: None })
            }
            None => {
                if !call.arguments.is_empty() {
                    self.error(call.range(), format!("{class}() takes no arguments"));
                    return None;
                }
                Some(Expr::New { class: class.to_string(), args: Vec::new(), thread: None, kwargs: None })
            }
        }
    }

    /// `Class.method(…)`; with `self_name`, `super().method(…)` (the
    /// method's `self` is passed first).
    fn class_method_call(&mut self, class: &str, method: &str, self_name: Option<String>, call: &ast::ExprCall, ctx: Ctx) -> Option<Expr> {
        let Some(owner) = self.symbols.defining(class, method) else {
            self.error(call.range(), format!("type object '{class}' has no attribute '{method}'"));
            return None;
        };
        let qualified = format!("{owner}.{method}");
        let args = match self_name {
            Some(me) => {
                let mut args = vec![Expr::Name { name: me }];
                args.extend(self.bind_method(&qualified, true, &call.arguments.args, &keywords(call), call.range(), ctx)?);
                args
            }
            None => self.bind_method(&qualified, false, &call.arguments.args, &keywords(call), call.range(), ctx)?,
        };
        Some(Expr::ClassCall { class: class.to_string(), method: method.to_string(), args })
    }

    /// The arguments of `obj.method(…)`: bound by name when every class of
    /// the script that defines `method` gives it the same parameters,
    /// else positional only.
    fn method_args(&mut self, method: &str, call: &ast::ExprCall, ctx: Ctx) -> Option<Vec<Expr>> {
        // The receiver's class, where the script says it; else every class
        // of the script that defines the method (pythread's library classes
        // only when none does).
        let known = match call.func.as_ref() {
            ast::Expr::Attribute(a) => self.static_class(&a.value, ctx).and_then(|c| self.symbols.defining(&c, method)),
            _ => None,
        };
        let defining = |lib: bool| -> Vec<String> {
            self.symbols
                .classes
                .iter()
                .filter(|(name, c)| super::library::is_library(name) == lib && c.methods.iter().any(|m| m == method))
                .map(|(name, _)| format!("{name}.{method}"))
                .collect()
        };
        // The library's own code calls the library's methods (a `get` of the
        // script is not `Queue.get`).
        let in_library = call.range().start().to_usize() >= self.library_at;
        let owners: Vec<String> = match known {
            Some(c) => vec![format!("{c}.{method}")],
            None => Some(defining(in_library)).filter(|v| !v.is_empty()).unwrap_or_else(|| defining(!in_library)),
        };
        let sigs: Vec<_> = owners.iter().filter_map(|q| self.symbols.signatures.get(q).cloned()).collect();
        let same = sigs.windows(2).all(|w| w[0].0[1..] == w[1].0[1..] && w[0].1[1..] == w[1].1[1..]);
        if sigs.iter().any(|(params, _)| params.last().is_some_and(|p| p.starts_with("**"))) {
            self.unsupported(call.range(), format!("a call of method `{method}`, which takes `**kwargs` (a function's or a class's call can)"));
            return None;
        }
        if same {
            let mut args = self.bind_method(&owners[0], true, &call.arguments.args, &keywords(call), call.range(), ctx)?;
            // The call binds `*args` again when it runs (`objects::bind`):
            // it gets the arguments beyond the others one by one.
            if sigs.first().is_some_and(|(params, _)| params.last().is_some_and(|p| p.starts_with('*'))) {
                if let Some(Expr::Tuple { items }) = args.pop() {
                    args.extend(items);
                }
            }
            return Some(args);
        }
        if !call.arguments.keywords.is_empty() {
            self.unsupported(call.range(), format!("keyword arguments to `{method}`, which classes of the script define with different parameters"));
            return None;
        }
        let mut args = Vec::new();
        for a in &call.arguments.args {
            args.push(self.expr(a, ctx)?);
        }
        Some(args)
    }

    /// Binds a call of method `qualified` (`Class.method`); `skip_self`:
    /// its first parameter is given by the call's receiver.
    pub(super) fn bind_method(
        &mut self,
        qualified: &str,
        skip_self: bool,
        positional: &[ast::Expr],
        keywords: &Keywords<'_>,
        range: TextRange,
        ctx: Ctx,
    ) -> Option<Vec<Expr>> {
        let (mut params, mut defaults) = self.symbols.signatures.get(qualified).cloned().unwrap_or_default();
        if skip_self && !params.is_empty() {
            params.remove(0);
            defaults.remove(0);
        }
        let shown = qualified.rsplit('.').next().unwrap_or(qualified).to_string();
        self.bind_with(&shown, &params, &defaults, positional, keywords, range, ctx)
    }

    /// `threading.Thread.__init__(self, …)` or `super().__init__(…)` in a
    /// subclass of Thread: `None` when the call is neither.
    pub(super) fn thread_init(&mut self, call: &ast::ExprCall, ctx: Ctx) -> Option<Option<StmtKind>> {
        let ast::Expr::Attribute(a) = call.func.as_ref() else { return None };
        if a.attr.as_str() != "__init__" {
            return None;
        }
        let explicit = self.dotted(&a.value) == ["threading", "Thread"];
        let via_super = matches!(a.value.as_ref(), ast::Expr::Call(s) if matches!(s.func.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "super") && s.arguments.is_empty())
            && self.current_class(ctx).is_some_and(|c| {
                // No base of the script's defines `__init__`: Thread's is next.
                self.symbols.is_thread_class(&c) && self.symbols.mro(&c).get(1).is_none_or(|b| self.symbols.defining(b, "__init__").is_none())
            });
        if !explicit && !via_super {
            return None;
        }
        let object = if explicit {
            let Some((first, rest)) = call.arguments.args.split_first() else {
                self.error(call.range(), "descriptor '__init__' of 'Thread' object needs an argument");
                return Some(None);
            };
            if !rest.is_empty() && !matches!(rest, [ast::Expr::Starred(_)]) {
                self.unsupported(rest[0].range(), "positional arguments to threading.Thread (use `target=`)");
                return Some(None);
            }
            match self.expr(first, ctx) {
                Some(e) => e,
                None => return Some(None),
            }
        } else {
            match self.self_name(ctx) {
                Some(me) => Expr::Name { name: me },
                None => {
                    self.unsupported(call.range(), "`super()` in a method without parameters");
                    return Some(None);
                }
            }
        };
        let spec = self.thread_spec(call, ctx, explicit);
        Some(spec.map(|spec| StmtKind::ThreadInit { object, spec }))
    }

    /// `threading.Thread`'s keyword arguments (`target=`, `args=`,
    /// `kwargs=`, `daemon=`, `name=`); `skip_first`: the first positional
    /// argument is `self`.
    pub(super) fn thread_spec(&mut self, call: &ast::ExprCall, ctx: Ctx, skip_first: bool) -> Option<ThreadSpec> {
        let positional = if skip_first { &call.arguments.args[1..] } else { &call.arguments.args[..] };
        // `*args, **kwargs` passed on: bound to Thread's parameters when
        // the call runs.
        let star = match positional {
            [ast::Expr::Starred(s)] => Some(&s.value),
            _ => None,
        };
        let dstar = match call.arguments.keywords.as_slice() {
            [k] if k.arg.is_none() => Some(&k.value),
            _ => None,
        };
        if star.is_some() || dstar.is_some() {
            if (star.is_none() && !positional.is_empty()) || (dstar.is_none() && !call.arguments.keywords.is_empty()) {
                self.unsupported(call.range(), "other arguments beside `*args` or `**kwargs` passed on to threading.Thread");
                return None;
            }
            let args = match star {
                Some(e) => self.expr(e, ctx)?,
                None => Expr::Tuple { items: Vec::new() },
            };
            let kwargs = match dstar {
                Some(e) => self.expr(e, ctx)?,
                None => Expr::Dict { items: Vec::new() },
            };
            return Some(ThreadSpec { forward: Some(Box::new((args, kwargs))), ..ThreadSpec::default() });
        }
        if !positional.is_empty() {
            self.unsupported(call.range(), "positional arguments to threading.Thread (use `target=`)");
            return None;
        }
        let mut spec = ThreadSpec::default();
        let mut target = None;
        let mut args: &[ast::Expr] = &[];
        let mut kwargs: Keywords<'_> = Vec::new();
        for kw in &call.arguments.keywords {
            match kw.arg.as_ref().map(|a| a.as_str()) {
                Some("target") => {
                    if matches!(&kw.value, ast::Expr::NoneLiteral(_)) {
                        continue;
                    }
                    // A function of the script by name is bound now; any
                    // other value (a bound method, a lambda) when it runs.
                    match &kw.value {
                        ast::Expr::Name(n) if self.symbols.kind_of(n.id.as_str(), ctx.function) == Some(Kind::Function) => {
                            target = Some((n.id.to_string(), kw.value.range()));
                        }
                        other => spec.target = Some(Box::new(self.expr(other, ctx)?)),
                    }
                }
                Some("args") => {
                    args = match &kw.value {
                        ast::Expr::Tuple(t) => &t.elts,
                        ast::Expr::List(l) => &l.elts,
                        other => {
                            self.unsupported(other.range(), "`args=` other than a tuple or list written out");
                            return None;
                        }
                    };
                }
                Some("kwargs") => {
                    let ast::Expr::Dict(d) = &kw.value else {
                        self.unsupported(kw.value.range(), "`kwargs=` other than a dict written out");
                        return None;
                    };
                    for item in d.iter() {
                        match &item.key {
                            Some(ast::Expr::StringLiteral(k)) => kwargs.push((Some(k.value.to_str()), &item.value, k.range)),
                            _ => {
                                self.unsupported(item.value.range(), "a `kwargs=` key other than a string literal");
                                return None;
                            }
                        }
                    }
                }
                Some("daemon") => match self.literal(&kw.value) {
                    Some(Literal::Bool(b)) => spec.daemon = Some(b),
                    Some(Literal::None) => spec.daemon = None,
                    _ => {
                        self.unsupported(kw.value.range(), "`daemon=` other than True, False or None");
                        return None;
                    }
                },
                Some("name") => spec.name = Some(self.expr(&kw.value, ctx)?),
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
        match target {
            Some((function, at)) => {
                spec.args = self.bind_args(&function, args, &kwargs, at, ctx)?;
                spec.function = Some(function);
            }
            None if spec.target.is_some() => {
                if let Some((_, _, at)) = kwargs.first() {
                    self.unsupported(*at, "`kwargs=` with a target other than a function's name");
                    return None;
                }
                spec.args = self.displayed_items(args, "tuple", ctx)?;
            }
            None if !args.is_empty() || !kwargs.is_empty() => {
                self.unsupported(call.range(), "`args=` or `kwargs=` without `target=`");
                return None;
            }
            None => {}
        }
        Some(spec)
    }
}
