//! The compiler: a scenario's statements to flat instructions, with
//! loops, `try`, `with` and `break` / `continue` lowered to jumps and
//! blocks (the scheme in `program.rs`), names resolved to slots.

use super::*;

mod expressions;

impl Program {
    /// Compiles a scenario that the front end accepted (or a builder made).
    pub fn compile(s: &Scenario) -> Program {
        let mut globals: Vec<String> = vec!["__name__".to_string()];
        let mut codes = Vec::new();
        // Methods are code objects named `Class.method`, after the functions.
        let mut func_ids: Vec<String> = s.functions.iter().map(|f| f.name.clone()).collect();
        for c in &s.classes {
            func_ids.extend(c.methods.iter().map(|m| format!("{}.{}", c.name, m.name)));
        }
        // Lambdas are code objects `<lambda>#k`, after the methods.
        let lambdas = lambdas_of(s);
        func_ids.extend((0..lambdas.len()).map(|k| format!("<lambda>#{k}")));
        let mut attrs: Vec<String> = Vec::new();
        let env = Env { funcs: &func_ids, scenario: s, lambdas: &lambdas };
        // Module code: every name is global.
        let mut c = Compiler::new(env, &mut globals, &mut attrs, BTreeSet::new(), Vec::new());
        c.block(&s.main);
        c.text = Arc::from("(end of the main module)");
        c.emit(Op::Return, Loc::NONE);
        codes.push(c.finish("<module>", 0));
        let methods = s.classes.iter().flat_map(|c| c.methods.iter().map(move |m| (Some(c), m)));
        let lambda_fns: Vec<Function> = lambdas.iter().map(|(e, loc)| lambda_function(e, *loc)).collect();
        for (class, f) in s.functions.iter().map(|f| (None, f)).chain(methods).chain(lambda_fns.iter().map(|f| (None, f))) {
            let mut declared = BTreeSet::new();
            walk_block(&f.body, &mut |st| {
                if let StmtKind::Global { names } = &st.kind {
                    declared.extend(names.iter().cloned());
                }
            });
            let mut locals: Vec<String> = f.params.iter().map(|p| p.trim_start_matches('*').to_string()).collect();
            walk_block(&f.body, &mut |st| {
                for n in bound_names(&st.kind) {
                    if !declared.contains(&n) && !locals.contains(&n) {
                        locals.push(n);
                    }
                }
            });
            // A function with no locals still gets a frame of its own.
            let mut c = Compiler::new(env, &mut globals, &mut attrs, declared, locals);
            c.is_function = true;
            c.block(&f.body);
            c.text = Arc::from(format!("(end of {})", f.name).as_str());
            c.emit(Op::Return, f.loc);
            let name = match class {
                Some(k) => format!("{}.{}", k.name, f.name),
                None => f.name.clone(),
            };
            let mut code = c.finish(&name, f.params.len());
            code.vararg = f.params.iter().any(|p| p.starts_with('*') && !p.starts_with("**"));
            code.kwvar = f.params.last().is_some_and(|p| p.starts_with("**"));
            code.defaults = f.defaults.clone();
            codes.push(code);
        }
        let empty_run = codes.len() as CodeId;
        codes.push(Code {
            name: "run".to_string(),
            params: 1,
            vararg: false,
            kwvar: false,
            defaults: Vec::new(),
            ret: None,
            locals: vec!["self".to_string()],
            instrs: vec![Instr { op: Op::Return, loc: Loc::NONE, text: Arc::from("(end of Thread.run)") }],
        });
        let mut intern = |name: &str| -> AttrId {
            match attrs.iter().position(|a| a == name) {
                Some(i) => i as AttrId,
                None => {
                    attrs.push(name.to_string());
                    (attrs.len() - 1) as AttrId
                }
            }
        };
        let classes = s
            .classes
            .iter()
            .map(|c| ClassInfo {
                name: c.name.clone(),
                base: match &c.base {
                    ClassBase::Class(b) => s.classes.iter().position(|k| &k.name == b).map(|i| i as ClassId),
                    _ => None,
                },
                thread: s.is_thread_class(&c.name),
                methods: c
                    .methods
                    .iter()
                    .map(|m| {
                        let code = func_ids.iter().position(|f| *f == format!("{}.{}", c.name, m.name)).map_or(0, |i| (i + 1) as CodeId);
                        (intern(&m.name), code)
                    })
                    .collect(),
                attrs: c.attrs.iter().map(|(n, v)| (intern(n), v.clone())).collect(),
            })
            .collect();
        let kills = codes.iter().flat_map(|c| &c.instrs).any(|i| matches!(i.op, Op::Kill { .. }));
        // Keyword call sites, numbered for `State::kw_sites_run` (beyond 64
        // they share the last bit).
        let mut next = 0u8;
        for i in codes.iter_mut().flat_map(|c| &mut c.instrs) {
            if let Op::Acquire { kw_site: Some(site), .. } | Op::Print { kw_site: Some(site), .. } = &mut i.op {
                *site = next;
                next = (next + 1).min(63);
            }
        }
        let imports_threading = s.imports.iter().any(|i| i.module == Module::Threading);
        let wakes_main = codes
            .iter()
            .flat_map(|c| &c.instrs)
            .any(|i| matches!(i.op, Op::Kill { .. } | Op::PthreadKill { target: KillTarget::Main | KillTarget::Current, .. } | Op::RaiseSignal { .. }));
        let sends_signals = wakes_main || codes.iter().flat_map(|c| &c.instrs).any(|i| matches!(i.op, Op::PthreadKill { .. } | Op::InterruptMain { .. }));
        let clock = Clock::of(&codes);
        Program { scenario: s.clone(), codes, globals, kills, imports_threading, wakes_main, sends_signals, clock, classes, attrs, empty_run }
    }
}

/// Names a statement binds (assignment targets, loop variables, `as`).
fn bound_names(kind: &StmtKind) -> Vec<String> {
    match kind {
        StmtKind::Assign { target, .. }
        | StmtKind::AugAssign { target, .. }
        | StmtKind::NewLock { target, .. }
        | StmtKind::NewThread { target, .. } => {
            // An attribute (`self.lock`) binds no name.
            if target.contains('.') {
                vec![]
            } else {
                vec![target.clone()]
            }
        }
        StmtKind::ForEach { unpack, .. } if !unpack.is_empty() => unpack.clone(),
        StmtKind::For { var, .. } | StmtKind::ForRange { var, .. } | StmtKind::ForIn { var, .. } | StmtKind::ForEach { var, .. } => vec![var.clone()],
        StmtKind::Try { handlers, .. } => handlers.iter().filter_map(|h| h.name.clone()).collect(),
        StmtKind::SetHandler { old: Some(old), .. } => vec![old.clone()],
        _ => vec![],
    }
}

/// What encloses the statement being compiled, innermost last: what a
/// `break` or `continue` must undo on its way out (CPython ≥ 3.9 compiles it
/// the same way: pop the blocks, run a `finally` body inline, leave a `with`).
#[derive(Clone)]
enum Ctl {
    /// A loop: `continue` jumps to `head`; `break` jumps are patched to its end.
    Loop { head: Pc, breaks: Vec<usize> },
    /// A `try` body with `except` clauses.
    Except,
    /// An `except` clause's body.
    Handler { name: Option<VarRef> },
    /// A `try` body, its `except` clauses or its `else`, with this `finally`.
    Finally { body: Block },
    /// A `with lock:` body.
    With,
    /// A `with object:` body: the object in `mgr`, the `except` block of
    /// its `__exit__` on the block stack.
    WithObject { mgr: VarRef },
}

/// What every code object's compiler reads: the code ids of functions and
/// methods, and the scenario (for its classes).
#[derive(Clone, Copy)]
struct Env<'a> {
    funcs: &'a [String],
    scenario: &'a Scenario,
    /// The scenario's lambdas (`<lambda>#k` is the k-th), each with the
    /// place of the statement it is in.
    lambdas: &'a [(Expr, Loc)],
}

/// Every distinct lambda of a scenario, in order of appearance, with the
/// place of the statement that holds it (its code's instructions show it).
fn lambdas_of(s: &Scenario) -> Vec<(Expr, Loc)> {
    let mut found: Vec<(Expr, Loc)> = Vec::new();
    let blocks = s.functions.iter().map(|f| &f.body).chain(s.classes.iter().flat_map(|c| c.methods.iter().map(|m| &m.body))).chain([&s.main]);
    for b in blocks {
        walk_block(b, &mut |st| {
            for e in st.kind.exprs() {
                crate::scenario::walk_exprs_of(e, &mut |x| {
                    if matches!(x, Expr::Lambda { .. }) && !found.iter().any(|(f, _)| f == x) {
                        found.push((x.clone(), st.loc));
                    }
                });
            }
        });
    }
    found
}

/// The function a lambda is: `def <lambda>(params): return body`.
fn lambda_function(e: &Expr, loc: Loc) -> Function {
    let Expr::Lambda { params, body } = e else { unreachable!("lambdas_of finds lambdas only") };
    // Its statement shows where the lambda is written.
    let body = body.iter().map(|st| Stmt { kind: st.kind.clone(), loc }).collect();
    Function { name: "<lambda>".into(), params: params.clone(), defaults: Vec::new(), body, loc }
}

struct Compiler<'a> {
    funcs: &'a [String],
    lambdas: &'a [(Expr, Loc)],
    scenario: &'a Scenario,
    /// Attribute and method names, interned.
    attrs: &'a mut Vec<String>,

    /// The enclosing loops and blocks, innermost last.
    ctl: Vec<Ctl>,
    /// The jumps of `return` statements, to the code's end.
    returns: Vec<usize>,
    /// The register a `return value` writes.
    ret: Option<u16>,
    globals: &'a mut Vec<String>,
    declared_global: BTreeSet<String>,
    locals: Vec<String>,
    is_function: bool,
    instrs: Vec<Instr>,
    next_reg: usize,
    /// The statement being compiled, for its instructions' `text`.
    text: Arc<str>,
    /// Comprehension variables in scope, each in a register.
    scoped: Vec<(String, VarRef)>,
}

impl<'a> Compiler<'a> {
    fn new(env: Env<'a>, globals: &'a mut Vec<String>, attrs: &'a mut Vec<String>, declared: BTreeSet<String>, locals: Vec<String>) -> Self {
        let is_function = !locals.is_empty() || !declared.is_empty();
        Compiler { funcs: env.funcs, lambdas: env.lambdas, scenario: env.scenario, attrs, ctl: Vec::new(), returns: Vec::new(), ret: None, globals, declared_global: declared, locals, is_function, instrs: Vec::new(), next_reg: 0, text: Arc::from(""), scoped: Vec::new() }
    }

    fn finish(mut self, name: &str, params: usize) -> Code {
        // `return` jumps to the code's final `Return`.
        let end = (self.instrs.len() - 1) as Pc;
        for j in std::mem::take(&mut self.returns) {
            self.patch(j, end);
        }
        Code { name: name.to_string(), params, vararg: false, kwvar: false, defaults: Vec::new(), ret: self.ret, locals: self.locals, instrs: self.instrs }
    }

    fn var(&mut self, name: &str) -> VarRef {
        // A comprehension's variable, innermost first.
        if let Some((_, v)) = self.scoped.iter().rev().find(|(n, _)| n == name) {
            return *v;
        }
        if self.is_function && !self.declared_global.contains(name) {
            if let Some(i) = self.locals.iter().position(|l| l == name) {
                return VarRef::Local(i as u16);
            }
        }
        match self.globals.iter().position(|g| g == name) {
            Some(i) => VarRef::Global(i as u16),
            None => {
                self.globals.push(name.to_string());
                VarRef::Global((self.globals.len() - 1) as u16)
            }
        }
    }

    /// A call site with keyword arguments gets a site number
    /// (`Program::compile` numbers them across code objects).
    fn kw_site(&self, keywords: bool) -> Option<u8> {
        keywords.then_some(0)
    }

    fn reg(&mut self) -> VarRef {
        self.locals.push(format!("${}", self.next_reg));
        self.next_reg += 1;
        VarRef::Local((self.locals.len() - 1) as u16)
    }

    fn func(&self, name: &str) -> CodeId {
        // The front end guarantees the function exists; a builder-made
        // scenario naming an unknown function gets code 0 (the module), which
        // a test would notice at once.
        self.funcs.iter().position(|f| f == name).map_or(0, |i| (i + 1) as CodeId)
    }

    fn emit(&mut self, op: Op, loc: Loc) -> usize {
        self.instrs.push(Instr { op, loc, text: self.text.clone() });
        self.instrs.len() - 1
    }

    fn here(&self) -> Pc {
        self.instrs.len() as Pc
    }

    fn patch(&mut self, at: usize, to: Pc) {
        match &mut self.instrs[at].op {
            Op::Jump { to: t } | Op::JumpIf { to: t, .. } => *t = to,
            Op::ForNext { exit, .. } | Op::ForNextIn { exit, .. } | Op::ForNextItem { exit, .. } | Op::ForNextEach { exit, .. } => *exit = to,
            Op::SetupExcept { handler } => *handler = to,
            Op::SetupFinally { finally } => *finally = to,
            Op::ExceptMatch { next, .. } => *next = to,
            _ => unreachable!("patching a non-jump"),
        }
    }

    fn block(&mut self, b: &Block) {
        for st in b {
            self.stmt(st);
        }
    }

    fn stmt(&mut self, st: &Stmt) {
        let saved = std::mem::replace(&mut self.text, Arc::from(crate::render::stmt_head(&st.kind)));
        self.stmt_kind(st);
        self.text = saved;
    }

    fn stmt_kind(&mut self, st: &Stmt) {
        let loc = st.loc;
        match &st.kind {
            StmtKind::Pass | StmtKind::Global { .. } => {
                self.emit(Op::Nop, loc);
            }
            StmtKind::Beyond { .. } => {
                self.emit(Op::Beyond, loc);
            }
            StmtKind::SetHook { hook, value } => {
                let value = self.expr(value, loc);
                self.emit(Op::SetHook { hook: *hook, value }, loc);
            }
            StmtKind::Assign { target, value: Expr::List { items } } => {
                // BUILD_LIST and the store: one step, as no call is between.
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let var = self.var(target);
                self.emit(Op::NewList { var, items }, loc);
            }
            StmtKind::Assign { target, value } => {
                let value = self.expr(value, loc);
                let var = self.var(target);
                self.emit(Op::Assign { var, value }, loc);
            }
            StmtKind::SetAdd { set, value } => {
                let value = self.expr(value, loc);
                let set = self.receiver_expr(set);
                self.emit(Op::SetAdd { set, value }, loc);
            }
            StmtKind::Append { list, value } => {
                let value = self.expr(value, loc);
                let list = self.receiver_expr(list);
                self.emit(Op::ListAppend { list, value }, loc);
            }
            StmtKind::Remove { list, value } => {
                let value = self.expr(value, loc);
                let list = self.receiver_expr(list);
                self.emit(Op::ListRemove { list, value }, loc);
            }
            StmtKind::Expr { value: Expr::Pop { list, index } } => {
                let index = index.as_ref().map(|i| self.expr(i, loc));
                let list = self.receiver_expr(list);
                self.emit(Op::ListPop { list, index, dest: None }, loc);
            }
            StmtKind::SetItem { target, index, value } => {
                let value = self.expr(value, loc);
                let index = self.expr(index, loc);
                let target = self.expr(target, loc);
                self.emit(Op::SetItem { target, index, value }, loc);
            }
            StmtKind::SetAttr { object, attr, value } => {
                let value = self.expr(value, loc);
                let object = self.expr(object, loc);
                let attr = self.attr(attr);
                self.emit(Op::SetAttr { object, attr, value }, loc);
            }
            StmtKind::ThreadInit { object, spec } => {
                let object = self.expr(object, loc);
                let thread = self.thread_op(spec, loc);
                self.emit(Op::ThreadInit { object, thread }, loc);
            }
            StmtKind::ForEach { var, iterable, body, unpack } => {
                // The iterable is evaluated once, before the loop; its items
                // are read as the loop goes.
                let value = self.expr(iterable, loc);
                let seq = self.reg();
                self.emit(Op::SetReg { reg: seq, value }, loc);
                let counter = self.reg();
                let item = if unpack.is_empty() { self.var(var) } else { self.reg() };
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNextEach { counter, seq, var: item, exit: 0 }, loc);
                if !unpack.is_empty() {
                    let targets = unpack.iter().map(|n| self.var(n)).collect();
                    self.emit(Op::Unpack { value: item, targets }, loc);
                }
                self.for_body(head, body, loc);
            }
            StmtKind::AugAssign { target, op, value } => {
                let value = self.expr(value, loc);
                let var = self.var(target);
                let value = PExpr::Bin(*op, Box::new(PExpr::Var(var)), Box::new(value));
                self.emit(Op::Assign { var, value }, loc);
            }
            StmtKind::NewLock { target, ctor } => {
                let var = self.target(target);
                self.emit(Op::NewLock { var, reentrant: ctor.is_reentrant() }, loc);
                self.store_attribute(target, var, loc);
            }
            StmtKind::NewThread { target, function, daemon, args, name } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let name = name.as_ref().map(|n| self.expr(n, loc));
                let var = self.target(target);
                let func = self.func(function);
                self.emit(Op::NewThread { var, func, target: None, daemon: *daemon, args, name }, loc);
                self.store_attribute(target, var, loc);
            }
            StmtKind::StartThread { function, daemon, args } => {
                // `Thread(...)` and `.start()`: two calls, each a statement
                // here, the thread held in a register between them.
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let var = self.reg();
                let func = self.func(function);
                self.emit(Op::NewThread { var, func, target: None, daemon: *daemon, args, name: None }, loc);
                self.emit(Op::Start { thread: var }, loc);
            }
            StmtKind::AtexitRegister { function, args, threading } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(
                    Op::AtexitRegister {
                        func,
                        args,
                        threading: *threading,
                    },
                    loc,
                );
            }
            StmtKind::AtexitRegisterValue {
                callee,
                args,
                star,
                threading,
            } => {
                let callee = self.expr(callee, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let star = star.as_ref().map(|s| self.expr(s, loc));
                self.emit(
                    Op::AtexitRegisterValue {
                        callee,
                        args,
                        star,
                        threading: *threading,
                    },
                    loc,
                );
            }
            StmtKind::AtexitUnregister { callee } => {
                let callee = self.expr(callee, loc);
                self.emit(Op::AtexitUnregister { callee }, loc);
            }
            StmtKind::AtexitClear => {
                self.emit(Op::AtexitClear, loc);
            }
            StmtKind::AtexitRun => {
                self.emit(Op::AtexitRun, loc);
            }
            StmtKind::Expr {
                value: Expr::Call { function, args },
            } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(Op::Call { func, args, dest: None }, loc);
            }
            StmtKind::Expr { value: Expr::Method { value, method, args } } => {
                let object = self.expr(value, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let method = self.attr(method);
                self.emit(Op::CallMethod { object, method, args, dest: None }, loc);
            }
            StmtKind::Expr { value: Expr::ClassCall { class, method, args } } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.method_code(class, method);
                self.emit(Op::Call { func, args, dest: None }, loc);
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    let v = self.expr(v, loc);
                    let reg = match self.ret {
                        Some(r) => VarRef::Local(r),
                        None => {
                            let r = self.reg();
                            if let VarRef::Local(i) = r {
                                self.ret = Some(i);
                            }
                            r
                        }
                    };
                    self.emit(Op::SetReg { reg, value: v }, loc);
                }
                // Leave every block (a `finally` runs, a `with` releases).
                if !self.ctl.is_empty() {
                    self.unwind_to(usize::MAX, loc);
                }
                let j = self.emit(Op::Jump { to: 0 }, loc);
                self.returns.push(j);
            }
            StmtKind::Expr { value: Expr::Acquire { lock, blocking, timeout, keywords } } => {
                let lock = self.receiver(lock, loc);
                let timeout = timeout.as_ref().map(|t| self.expr(t, loc));
                self.emit(Op::Acquire { lock, blocking: *blocking, timeout, dest: None, kw_site: self.kw_site(*keywords) }, loc);
            }
            StmtKind::Expr { value } => {
                // Evaluated for effect: hoisted acquires run, the value is dropped.
                let value = self.expr(value, loc);
                let reg = self.reg();
                self.emit(Op::Assign { var: reg, value }, loc);
            }
            StmtKind::Release { lock } => {
                let lock = self.receiver(lock, loc);
                self.emit(Op::Release { lock }, loc);
            }
            StmtKind::StartNewThread { function, args } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                self.emit(Op::StartNewThread { func, args }, loc);
            }
            StmtKind::Start { thread } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::Start { thread }, loc);
            }
            StmtKind::SetDaemon { thread, daemon, .. } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::SetDaemon { thread, daemon: *daemon }, loc);
            }
            StmtKind::Join { thread, timeout } => {
                let thread = self.receiver(thread, loc);
                self.emit(Op::Join { thread, timeout: *timeout }, loc);
            }
            StmtKind::Sleep { seconds } => {
                self.emit(Op::Sleep { seconds: *seconds }, loc);
            }
            StmtKind::SleepFor { seconds } => {
                let seconds = self.expr(seconds, loc);
                self.emit(Op::SleepFor { seconds }, loc);
            }
            StmtKind::SetHandler { signal, handler, old } => {
                let handler = match handler {
                    Handler::Function(f) => HandlerRef::Function(self.func(f)),
                    Handler::Ignore => HandlerRef::Ignore,
                    Handler::Default => HandlerRef::Default,
                    Handler::DefaultInt => HandlerRef::DefaultInt,
                    Handler::Name(n) => HandlerRef::Var(self.var(n)),
                };
                let old = old.as_ref().map(|o| self.var(o));
                self.emit(Op::SetHandler { sig: *signal, handler, old }, loc);
            }
            StmtKind::Alarm { seconds, itimer } => {
                let seconds = self.expr(seconds, loc);
                self.emit(Op::Alarm { seconds, itimer: *itimer }, loc);
            }
            StmtKind::Pause => {
                self.emit(Op::Pause, loc);
            }
            StmtKind::SetStderr { none } => {
                self.emit(Op::SetStderr { none: *none }, loc);
            }
            StmtKind::SetSwitchInterval { value } => {
                let value = self.expr(value, loc);
                self.emit(Op::SetSwitchInterval { value }, loc);
            }
            StmtKind::Kill { signal } => {
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::Kill { sig }, loc);
            }
            StmtKind::PthreadKill { thread, signal } => {
                let target = match thread {
                    ThreadRef::Main => KillTarget::Main,
                    ThreadRef::Current => KillTarget::Current,
                    ThreadRef::Named(n) => KillTarget::Thread(self.receiver(n, loc)),
                    ThreadRef::Ident(e) => KillTarget::Ident(self.expr(e, loc)),
                };
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::PthreadKill { target, sig }, loc);
            }
            StmtKind::RaiseSignal { signal } => {
                let sig = self.sig_ref(signal, loc);
                self.emit(Op::RaiseSignal { sig }, loc);
            }
            StmtKind::InterruptMain { signal } => {
                let sig = signal.as_ref().map(|s| self.sig_ref(s, loc));
                self.emit(Op::InterruptMain { sig }, loc);
            }
            StmtKind::SysExit { code } => {
                let code = code.as_ref().map(|c| self.expr(c, loc));
                self.emit(Op::SysExit { code }, loc);
            }
            StmtKind::ThreadExit => {
                self.emit(Op::ThreadExit, loc);
            }
            StmtKind::Write { text, flush } => {
                let text = flush.is_none().then(|| self.expr(text, loc));
                self.emit(Op::Write { text }, loc);
            }
            StmtKind::OsExit { code } => {
                self.emit(Op::OsExit { code: *code }, loc);
            }
            StmtKind::Raise { exception: Some(r) } => {
                let arg = r.arg.as_ref().map(|a| self.expr(a, loc));
                self.emit(Op::Raise { exc: r.exc.clone(), arg }, loc);
            }
            StmtKind::Raise { exception: None } => {
                self.emit(Op::Reraise, loc);
            }
            StmtKind::RaiseValue { value } => {
                let value = self.expr(value, loc);
                self.emit(Op::RaiseValue { value }, loc);
            }
            StmtKind::Assert { test, msg } => {
                let test = self.expr(test, loc);
                // CPython evaluates the message only when the test fails: a
                // message that needs steps of its own (a call, a tuple made)
                // runs them after a jump that a passing test takes.
                let jump = self.emit(Op::JumpIf { cond: test.clone(), when: true, to: 0 }, loc);
                let msg = msg.as_ref().map(|m| self.expr(m, loc));
                if self.here() as usize == jump + 1 {
                    self.instrs.pop();
                    self.emit(Op::Assert { test, msg }, loc);
                } else {
                    // Reached only when the test failed: it is not read again
                    // (another thread may have changed what it reads since).
                    self.emit(Op::Assert { test: PExpr::Lit(Literal::Bool(false)), msg }, loc);
                    let end = self.here();
                    self.patch(jump, end);
                }
            }
            StmtKind::Print { args, flush, sep, end, stderr } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let kw_site = self.kw_site(*flush || sep.is_some() || end.is_some() || *stderr);
                let (sep, end) = (sep.clone().unwrap_or_else(|| " ".into()), end.clone().unwrap_or_else(|| "\n".into()));
                self.emit(Op::Print { args, sep, end, kw_site, stderr: *stderr }, loc);
            }
            StmtKind::If { test, body, orelse } => {
                let cond = self.expr(test, loc);
                let jump_else = self.emit(Op::JumpIf { cond, when: false, to: 0 }, loc);
                self.block(body);
                if orelse.is_empty() {
                    let end = self.here();
                    self.patch(jump_else, end);
                } else {
                    let jump_end = self.emit(Op::Jump { to: 0 }, loc);
                    let else_at = self.here();
                    self.patch(jump_else, else_at);
                    self.block(orelse);
                    let end = self.here();
                    self.patch(jump_end, end);
                }
            }
            StmtKind::For { var, count, body } => {
                let counter = self.reg();
                let var = self.var(var);
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNext { counter, count: *count, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::ForIn { var, items, body } => {
                let items: Vec<VarRef> = items
                    .iter()
                    .map(|item| {
                        let value = self.expr(item, loc);
                        let reg = self.reg();
                        self.emit(Op::SetReg { reg, value }, loc);
                        reg
                    })
                    .collect();
                let counter = self.reg();
                let var = self.var(var);
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNextItem { counter, items, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::ForRange { var, start, stop, step, body } => {
                // range()'s arguments are evaluated once, before the loop.
                let counter = self.reg();
                match start {
                    Some(start) => {
                        let value = self.expr(start, loc);
                        self.emit(Op::SetReg { reg: counter, value }, loc);
                    }
                    None => {
                        self.emit(Op::ForInit { counter }, loc);
                    }
                }
                let stop = self.expr(stop, loc);
                let bound = self.reg();
                self.emit(Op::SetReg { reg: bound, value: stop }, loc);
                let step = step.as_ref().map(|step| {
                    let value = self.expr(step, loc);
                    let reg = self.reg();
                    self.emit(Op::SetReg { reg, value }, loc);
                    reg
                });
                let var = self.var(var);
                let head = self.emit(Op::ForNextIn { counter, bound, step, var, exit: 0 }, loc);
                self.for_body(head, body, loc);
            }
            StmtKind::While { test, body, orelse } => {
                // head: test → else; body; back edge to head; else: orelse; end.
                let head = self.here();
                let cond = self.expr(test, loc);
                let exit = self.emit(Op::JumpIf { cond, when: false, to: 0 }, loc);
                self.ctl.push(Ctl::Loop { head, breaks: Vec::new() });
                self.block(body);
                let Some(Ctl::Loop { breaks, .. }) = self.ctl.pop() else { unreachable!("loop context") };
                self.emit(Op::Jump { to: head }, loc);
                let else_at = self.here();
                self.patch(exit, else_at);
                self.block(orelse);
                let end = self.here();
                for b in breaks {
                    self.patch(b, end);
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let Some(at) = self.ctl.iter().rposition(|c| matches!(c, Ctl::Loop { .. })) else {
                    // The front end refuses a `break` outside a loop.
                    self.emit(Op::Nop, loc);
                    return;
                };
                self.unwind_to(at, loc);
                if matches!(st.kind, StmtKind::Break) {
                    let j = self.emit(Op::Jump { to: 0 }, loc);
                    if let Some(Ctl::Loop { breaks, .. }) = self.ctl.get_mut(at) {
                        breaks.push(j);
                    }
                } else if let Some(Ctl::Loop { head, .. }) = self.ctl.get(at) {
                    let head = *head;
                    self.emit(Op::Jump { to: head }, loc);
                }
            }
            StmtKind::With { lock, body } => {
                let lock = self.receiver(lock, loc);
                self.emit(Op::WithEnter { lock }, loc);
                self.ctl.push(Ctl::With);
                self.block(body);
                self.ctl.pop();
                self.emit(Op::WithExit, loc);
            }
            StmtKind::WithObject { object, enter_args, body, context, target } => self.with_object(object, context.as_deref(), target.as_deref(), enter_args, body, loc),
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let setup_finally = (!finalbody.is_empty()).then(|| self.emit(Op::SetupFinally { finally: 0 }, loc));
                if setup_finally.is_some() {
                    self.ctl.push(Ctl::Finally { body: finalbody.clone() });
                }
                let setup_except = (!handlers.is_empty()).then(|| self.emit(Op::SetupExcept { handler: 0 }, loc));
                if setup_except.is_some() {
                    self.ctl.push(Ctl::Except);
                }
                self.block(body);
                if setup_except.is_some() {
                    self.ctl.pop();
                }
                let mut to_after = Vec::new();
                if let Some(setup) = setup_except {
                    self.emit(Op::PopBlock, loc);
                    self.block(orelse);
                    to_after.push(self.emit(Op::Jump { to: 0 }, loc));
                    let first = self.here();
                    self.patch(setup, first);
                    for h in handlers {
                        let name = h.name.as_ref().map(|n| self.var(n));
                        let m = self.emit(Op::ExceptMatch { types: h.types.clone(), name, next: 0 }, h.loc);
                        self.ctl.push(Ctl::Handler { name });
                        self.block(&h.body);
                        self.ctl.pop();
                        self.emit(Op::ExceptEnd { name }, h.loc);
                        to_after.push(self.emit(Op::Jump { to: 0 }, h.loc));
                        let next = self.here();
                        self.patch(m, next);
                    }
                    self.emit(Op::Unwind, loc);
                }
                let after = self.here();
                for j in to_after {
                    self.patch(j, after);
                }
                if let Some(setup) = setup_finally {
                    self.ctl.pop();
                    self.emit(Op::EnterFinally, loc);
                    let f = self.here();
                    self.patch(setup, f);
                    self.block(finalbody);
                    self.emit(Op::EndFinally, loc);
                }
            }
        }
    }

    /// `with object: body` as CPython runs it (PEP 343): `__enter__()`,
    /// the body in a block whose exception calls `__exit__` (re-raised
    /// unless that returns true), `__exit__(None, None, None)` when the
    /// body ends or leaves by `return`/`break`/`continue` (`unwind_to`).
    /// `__exit__` is given None for the exception's type, value and
    /// traceback on every path: the model's exceptions are not values.
    fn with_object(&mut self, object: &str, context: Option<&Expr>, target: Option<&str>, enter_args: &[Expr], body: &Block, loc: Loc) {
        let value = match context {
            Some(e) => self.expr(e, loc),
            None => self.receiver_expr(object),
        };
        let mgr = self.reg();
        self.emit(Op::SetReg { reg: mgr, value }, loc);
        let enter = self.attr("__enter__");
        let args = enter_args.iter().map(|a| self.expr(a, loc)).collect();
        let dest = target.map(|t| self.var(t));
        self.emit(Op::CallMethod { object: PExpr::Var(mgr), method: enter, args, dest }, loc);
        let setup = self.emit(Op::SetupExcept { handler: 0 }, loc);
        self.ctl.push(Ctl::WithObject { mgr });
        self.block(body);
        self.ctl.pop();
        self.emit(Op::PopBlock, loc);
        self.exit_call(mgr, None, loc);
        let done = self.emit(Op::Jump { to: 0 }, loc);
        let handler = self.here();
        self.patch(setup, handler);
        let m = self.emit(Op::ExceptMatch { types: vec![ExcType::BaseException], name: None, next: 0 }, loc);
        self.ctl.push(Ctl::Handler { name: None });
        let swallowed = self.reg();
        self.exit_call(mgr, Some(swallowed), loc);
        let keep = self.emit(Op::JumpIf { cond: PExpr::Var(swallowed), when: false, to: 0 }, loc);
        self.emit(Op::ExceptEnd { name: None }, loc);
        let suppressed = self.emit(Op::Jump { to: 0 }, loc);
        let reraise = self.here();
        self.patch(keep, reraise);
        self.emit(Op::Reraise, loc);
        self.ctl.pop();
        let unwind = self.here();
        self.patch(m, unwind);
        self.emit(Op::Unwind, loc);
        let after = self.here();
        self.patch(done, after);
        self.patch(suppressed, after);
    }

    /// `mgr.__exit__(None, None, None)`, its result in `dest`.
    fn exit_call(&mut self, mgr: VarRef, dest: Option<VarRef>, loc: Loc) {
        let exit = self.attr("__exit__");
        let none = || PExpr::Lit(Literal::None);
        self.emit(Op::CallMethod { object: PExpr::Var(mgr), method: exit, args: vec![none(), none(), none()], dest }, loc);
    }

    /// A `for` loop's body after its head instruction (at `head`): the back
    /// edge, and the head's exit and the `break`s patched to the loop's end.
    fn for_body(&mut self, head: usize, body: &Block, loc: Loc) {
        self.ctl.push(Ctl::Loop { head: head as Pc, breaks: Vec::new() });
        self.block(body);
        let Some(Ctl::Loop { breaks, .. }) = self.ctl.pop() else { unreachable!("loop context") };
        self.emit(Op::Jump { to: head as Pc }, loc);
        let end = self.here();
        self.patch(head, end);
        for b in breaks {
            self.patch(b, end);
        }
    }

    /// Undoes the blocks inside `ctl[at]` (a loop), innermost first, as a
    /// `break` or `continue` leaves them: a `try` block is popped, an
    /// `except` clause ends, a `finally` body runs inline, a `with` releases.
    fn unwind_to(&mut self, at: usize, loc: Loc) {
        // `usize::MAX`: every block (a `return`).
        let from = if at == usize::MAX { 0 } else { at + 1 };
        for i in (from..self.ctl.len()).rev() {
            match self.ctl[i].clone() {
                Ctl::Loop { .. } => {}
                Ctl::Except => {
                    self.emit(Op::PopBlock, loc);
                }
                Ctl::Handler { name } => {
                    self.emit(Op::ExceptEnd { name }, loc);
                }
                Ctl::With => {
                    self.emit(Op::WithExit, loc);
                }
                Ctl::WithObject { mgr } => {
                    self.emit(Op::PopBlock, loc);
                    self.exit_call(mgr, None, loc);
                }
                Ctl::Finally { body } => {
                    self.emit(Op::PopBlock, loc);
                    // The finally body runs with only what encloses it.
                    let inner = self.ctl.split_off(i);
                    self.block(&body);
                    self.ctl.extend(inner);
                }
            }
        }
    }
}
