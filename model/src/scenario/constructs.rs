//! The constructs a scenario uses, by name, so a test can check that the
//! corpus exercises every variant of the IR.
//!
//! [`used`] matches every IR enum exhaustively: adding a variant to the IR
//! does not compile until it is named here, and then the corpus test fails
//! until a scenario uses it.

use super::*;
use std::collections::BTreeSet;

/// Every construct name [`used`] can return.
pub const ALL: &[&str] = &[
    "import:_thread", "import:threading", "import:time", "import:signal", "import:os", "import:sys", "import:atexit", "import:queue", "import:concurrent.futures", "import:sched",
    "pragma:ctrl-c", "pragma:ctrl-c=N",
    "class:exception",
    "def:thread-target", "def:handler",
    "stmt:pass", "stmt:beyond", "stmt:global", "stmt:assign", "stmt:expr",
    "lock:allocate_lock", "lock:Lock", "lock:RLock",
    "thread:new", "thread:daemon=True", "thread:daemon=False", "thread:daemon-omitted",
    "stmt:release", "stmt:start_new_thread", "stmt:start",
    "stmt:join", "stmt:join-timeout",
    "stmt:sleep",
    "stmt:signal", "signal:old-handler", "handler:function", "handler:name", "stmt:alarm", "stmt:setitimer", "stmt:pause", "stmt:sys.stderr=None", "pthread_kill:ident", "expr:signal", "expr:ITIMER_REAL", "def:*args", "handler:SIG_IGN", "handler:SIG_DFL", "handler:default_int_handler",
    "stmt:os.kill", "stmt:pthread_kill", "pthread_kill:main", "pthread_kill:current", "pthread_kill:thread",
    "stmt:raise_signal", "stmt:interrupt_main", "stmt:interrupt_main(sig)",
    "sig:SIGINT", "sig:SIGTERM", "sig:SIGUSR1", "sig:SIGUSR2", "sig:SIGALRM",
    "stmt:sys.exit", "stmt:sys.exit(code)", "stmt:_thread.exit", "stmt:os._exit",
    "stmt:raise", "stmt:raise(arg)", "stmt:reraise", "stmt:raise-value",
    "exc:BaseException", "exc:Exception", "exc:KeyboardInterrupt", "exc:SystemExit",
    "exc:ValueError", "exc:RuntimeError", "exc:OverflowError", "exc:AssertionError",
    "exc:AttributeError", "exc:user", "exc:user-subclass", "exc:builtin-hierarchy",
    "stmt:try", "except:typed", "except:tuple", "except:bare", "except:as", "try:else", "try:finally",
    "stmt:with", "stmt:with-object", "with:as", "stmt:for", "stmt:if", "if:else", "stmt:while", "while:else", "stmt:break", "stmt:continue", "stmt:daemon-attribute", "stmt:setDaemon", "stmt:augassign", "stmt:return", "expr:call", "thread:args", "stmt:sleep-computed", "stmt:for-range-computed", "stmt:for-range-start-step", "stmt:for-in-sequence", "stmt:atexit.register", "stmt:threading._register_atexit", "atexit:value", "atexit:star-args", "stmt:atexit.unregister", "stmt:atexit._clear", "stmt:atexit._run_exitfuncs", "thread:new-and-start",
    "cmp:<", "cmp:<=", "cmp:>", "cmp:>=", "cmp:in", "cmp:not in",
    "binop:+", "binop:-", "binop:*", "binop:/", "binop://", "binop:%", "binop:&", "binop:|", "binop:^",
    "expr:fstring", "fstring:repr", "fstring:spec",
    "stmt:assert", "assert:msg",
    "stmt:print", "print:flush", "print:sep", "print:end", "print:file=stderr",
    "lit:None", "lit:bool", "lit:int", "lit:float", "lit:str",
    "expr:name", "expr:not", "expr:and", "expr:or",
    "cmp:==", "cmp:!=", "cmp:is", "cmp:is not",
    "acquire:()", "acquire:(blocking)", "acquire:(timeout)", "acquire:(blocking,timeout)",
    "expr:locked", "expr:is_alive", "expr:is-main-thread", "expr:current_thread().name",
    "expr:list", "expr:dict", "dict:merge", "expr:slice", "expr:copy", "setitem:nested", "expr:tuple", "expr:len", "expr:isinstance", "expr:pthread_sigmask", "expr:sigpending", "expr:sigwait", "expr:sigtimedwait", "expr:sum", "expr:sorted", "expr:abs", "expr:index", "expr:pop", "stmt:append", "stmt:remove", "stmt:setitem", "stmt:for-each", "for-each:unpack", "expr:list-repeat", "expr:set", "expr:set-display", "stmt:set.add",
    "class:plain", "class:subclass", "class:thread-subclass", "class:attribute", "def:method",
    "expr:list-comprehension", "expr:range", "expr:thread", "expr:new-lock", "expr:clock", "expr:_thread._count", "expr:current_thread()", "expr:main_thread()", "expr:get_ident()", "expr:_thread.get_ident()", "expr:active_count()", "expr:enumerate()", "expr:str", "expr:repr", "stmt:sys.stdout.write", "stmt:flush", "expr:attr", "expr:new", "expr:method", "expr:class-call", "stmt:setattr", "stmt:thread-init", "thread:name", "thread:forward", "thread:no-target",
    "expr:function-value", "expr:lambda", "expr:call-value", "call:*args", "call:**kwargs", "def:**kwargs", "thread:target-value", "def:defaults", "expr:if-else", "expr:rlock-method", "isinstance:rlock", "signal:value", "expr:signal.NSIG", "expr:os.getpid", "expr:hook", "expr:exception-class", "expr:builtin-ref", "stmt:sys.unraisablehook", "stmt:threading.excepthook", "expr:sys.version_info", "expr:type", "expr:_thread.LockType", "expr:handler-constant", "stmt:setswitchinterval", "expr:getswitchinterval",
];

/// The construct names a scenario uses.
pub fn used(s: &Scenario) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for i in &s.imports {
        out.insert(match i.module {
            Module::Thread => "import:_thread",
            Module::Threading => "import:threading",
            Module::Time => "import:time",
            Module::Signal => "import:signal",
            Module::Os => "import:os",
            Module::Sys => "import:sys",
            Module::Atexit => "import:atexit",
            Module::Queue => "import:queue",
            Module::Futures => "import:concurrent.futures",
            Module::Sched => "import:sched",
        });
    }
    match s.ctrl_c {
        0 => {}
        1 => {
            out.insert("pragma:ctrl-c");
        }
        _ => {
            out.insert("pragma:ctrl-c=N");
        }
    }
    if !s.exceptions.is_empty() {
        out.insert("class:exception");
    }
    for f in &s.functions {
        out.insert(if f.params.is_empty() { "def:thread-target" } else { "def:handler" });
        if f.params.iter().any(|p| p.starts_with('*') && !p.starts_with("**")) {
            out.insert("def:*args");
        }
        if f.params.last().is_some_and(|p| p.starts_with("**")) {
            out.insert("def:**kwargs");
        }
        if !f.defaults.is_empty() {
            out.insert("def:defaults");
        }
        walk_block(&f.body, &mut |st| stmt(st, &mut out));
    }
    for c in &s.classes {
        out.insert(match c.base {
            ClassBase::Object => "class:plain",
            ClassBase::Thread => "class:thread-subclass",
            ClassBase::Class(_) => "class:subclass",
        });
        if !c.attrs.is_empty() {
            out.insert("class:attribute");
        }
        for m in &c.methods {
            out.insert("def:method");
            walk_block(&m.body, &mut |st| stmt(st, &mut out));
        }
    }
    walk_block(&s.main, &mut |st| stmt(st, &mut out));
    out
}

fn stmt(st: &Stmt, out: &mut BTreeSet<&'static str>) {
    match &st.kind {
        StmtKind::Pass => {
            out.insert("stmt:pass");
        }
        StmtKind::Beyond { .. } => {
            out.insert("stmt:beyond");
        }
        StmtKind::Global { .. } => {
            out.insert("stmt:global");
        }
        StmtKind::Assign { value, .. } => {
            out.insert("stmt:assign");
            expr(value, out);
        }
        StmtKind::Return { value } => {
            out.insert("stmt:return");
            if let Some(v) = value {
                expr(v, out);
            }
        }
        StmtKind::AugAssign { value, .. } => {
            out.insert("stmt:augassign");
            expr(value, out);
        }
        StmtKind::NewLock { ctor, .. } => {
            out.insert(match ctor {
                LockCtor::AllocateLock => "lock:allocate_lock",
                LockCtor::Lock => "lock:Lock",
                LockCtor::RLock => "lock:RLock",
            });
        }
        StmtKind::StartThread { args, .. } => {
            out.insert("thread:new-and-start");
            for a in args {
                expr(a, out);
            }
        }
        StmtKind::NewThread { daemon, args, name, .. } => {
            out.insert("thread:new");
            if let Some(n) = name {
                out.insert("thread:name");
                expr(n, out);
            }
            if !args.is_empty() {
                out.insert("thread:args");
            }
            for a in args {
                expr(a, out);
            }
            out.insert(match daemon {
                Some(true) => "thread:daemon=True",
                Some(false) => "thread:daemon=False",
                None => "thread:daemon-omitted",
            });
        }
        StmtKind::Expr { value } => {
            out.insert("stmt:expr");
            expr(value, out);
        }
        StmtKind::Release { .. } => {
            out.insert("stmt:release");
        }
        StmtKind::StartNewThread { args, .. } => {
            out.insert("stmt:start_new_thread");
            if !args.is_empty() {
                out.insert("thread:args");
            }
            for a in args {
                expr(a, out);
            }
        }
        StmtKind::AtexitRegister { args, threading, .. } => {
            out.insert(if *threading { "stmt:threading._register_atexit" } else { "stmt:atexit.register" });
            for a in args {
                expr(a, out);
            }
        }
        StmtKind::AtexitRegisterValue { callee, args, star, threading } => {
            out.insert(if *threading { "stmt:threading._register_atexit" } else { "stmt:atexit.register" });
            out.insert("atexit:value");
            if star.is_some() {
                out.insert("atexit:star-args");
            }
            expr(callee, out);
            for a in args.iter().chain(star) {
                expr(a, out);
            }
        }
        StmtKind::AtexitUnregister { callee } => {
            out.insert("stmt:atexit.unregister");
            expr(callee, out);
        }
        StmtKind::AtexitClear => {
            out.insert("stmt:atexit._clear");
        }
        StmtKind::AtexitRun => {
            out.insert("stmt:atexit._run_exitfuncs");
        }
        StmtKind::SetDaemon { method, .. } => {
            out.insert(if *method { "stmt:setDaemon" } else { "stmt:daemon-attribute" });
        }
        StmtKind::Start { .. } => {
            out.insert("stmt:start");
        }
        StmtKind::Join { timeout, .. } => {
            out.insert(if timeout.is_some() { "stmt:join-timeout" } else { "stmt:join" });
        }
        StmtKind::SleepFor { seconds } => {
            out.insert("stmt:sleep-computed");
            expr(seconds, out);
        }
        StmtKind::Sleep { .. } => {
            out.insert("stmt:sleep");
        }
        StmtKind::SetHandler { signal, handler, old } => {
            out.insert("stmt:signal");
            if old.is_some() {
                out.insert("signal:old-handler");
            }
            sig(*signal, out);
            out.insert(match handler {
                Handler::Function(_) => "handler:function",
                Handler::Ignore => "handler:SIG_IGN",
                Handler::Default => "handler:SIG_DFL",
                Handler::DefaultInt => "handler:default_int_handler",
                Handler::Name(_) => "handler:name",
            });
        }
        StmtKind::Alarm { seconds, itimer } => {
            out.insert(if *itimer { "stmt:setitimer" } else { "stmt:alarm" });
            expr(seconds, out);
        }
        StmtKind::RaiseValue { value } => {
            out.insert("stmt:raise-value");
            expr(value, out);
        }
        StmtKind::Pause => {
            out.insert("stmt:pause");
        }
        StmtKind::SetHook { hook, value } => {
            out.insert(match hook {
                Hook::Unraisable => "stmt:sys.unraisablehook",
                Hook::Except => "stmt:threading.excepthook",
            });
            expr(value, out);
        }
        StmtKind::SetSwitchInterval { value } => {
            out.insert("stmt:setswitchinterval");
            expr(value, out);
        }
        StmtKind::SetStderr { .. } => {
            out.insert("stmt:sys.stderr=None");
        }
        StmtKind::Kill { signal } => {
            out.insert("stmt:os.kill");
            sig_arg(signal, out);
        }
        StmtKind::PthreadKill { thread, signal } => {
            out.insert("stmt:pthread_kill");
            out.insert(match thread {
                ThreadRef::Main => "pthread_kill:main",
                ThreadRef::Current => "pthread_kill:current",
                ThreadRef::Named(_) => "pthread_kill:thread",
                ThreadRef::Ident(_) => "pthread_kill:ident",
            });
            if let ThreadRef::Ident(e) = thread {
                expr(e, out);
            }
            sig_arg(signal, out);
        }
        StmtKind::RaiseSignal { signal } => {
            out.insert("stmt:raise_signal");
            sig_arg(signal, out);
        }
        StmtKind::InterruptMain { signal } => match signal {
            None => {
                out.insert("stmt:interrupt_main");
            }
            Some(s) => {
                out.insert("stmt:interrupt_main(sig)");
                sig_arg(s, out);
            }
        },
        StmtKind::SysExit { code } => {
            out.insert(if code.is_some() { "stmt:sys.exit(code)" } else { "stmt:sys.exit" });
            if let Some(c) = code {
                expr(c, out);
            }
        }
        StmtKind::ThreadExit => {
            out.insert("stmt:_thread.exit");
        }
        StmtKind::Write { flush: Some(_), .. } => {
            out.insert("stmt:flush");
        }
        StmtKind::Write { text, flush: None } => {
            out.insert("stmt:sys.stdout.write");
            expr(text, out);
        }
        StmtKind::OsExit { .. } => {
            out.insert("stmt:os._exit");
        }
        StmtKind::Raise { exception } => match exception {
            None => {
                out.insert("stmt:reraise");
            }
            Some(r) => {
                out.insert(if r.arg.is_some() { "stmt:raise(arg)" } else { "stmt:raise" });
                exc(&r.exc, out);
                if let Some(a) = &r.arg {
                    expr(a, out);
                }
            }
        },
        StmtKind::Try { handlers, orelse, finalbody, .. } => {
            out.insert("stmt:try");
            for h in handlers {
                out.insert(match h.types.len() {
                    0 => "except:bare",
                    1 => "except:typed",
                    _ => "except:tuple",
                });
                if h.name.is_some() {
                    out.insert("except:as");
                }
                for t in &h.types {
                    exc(t, out);
                }
            }
            if !orelse.is_empty() {
                out.insert("try:else");
            }
            if !finalbody.is_empty() {
                out.insert("try:finally");
            }
        }
        StmtKind::With { .. } => {
            out.insert("stmt:with");
        }
        StmtKind::WithObject { context, target, .. } => {
            out.insert("stmt:with-object");
            if target.is_some() {
                out.insert("with:as");
            }
            if let Some(c) = context {
                expr(c, out);
            }
        }
        StmtKind::For { .. } => {
            out.insert("stmt:for");
        }
        StmtKind::ForIn { items, .. } => {
            out.insert("stmt:for-in-sequence");
            for e in items {
                expr(e, out);
            }
        }
        StmtKind::ForEach { iterable, unpack, .. } => {
            if !unpack.is_empty() {
                out.insert("for-each:unpack");
            }
            out.insert("stmt:for-each");
            expr(iterable, out);
        }
        StmtKind::SetAdd { value, .. } => {
            out.insert("stmt:set.add");
            expr(value, out);
        }
        StmtKind::Append { value, .. } => {
            out.insert("stmt:append");
            expr(value, out);
        }
        StmtKind::Remove { value, .. } => {
            out.insert("stmt:remove");
            expr(value, out);
        }
        StmtKind::SetItem { target, index, value } => {
            out.insert("stmt:setitem");
            if !matches!(target, Expr::Name { .. }) {
                out.insert("setitem:nested");
            }
            expr(target, out);
            expr(index, out);
            expr(value, out);
        }
        StmtKind::ForRange { start, stop, step, .. } => {
            out.insert("stmt:for-range-computed");
            if start.is_some() || step.is_some() {
                out.insert("stmt:for-range-start-step");
            }
            for e in start.iter().chain([stop]).chain(step) {
                expr(e, out);
            }
        }
        StmtKind::While { test, orelse, .. } => {
            out.insert("stmt:while");
            if !orelse.is_empty() {
                out.insert("while:else");
            }
            expr(test, out);
        }
        StmtKind::Break => {
            out.insert("stmt:break");
        }
        StmtKind::Continue => {
            out.insert("stmt:continue");
        }
        StmtKind::If { test, orelse, .. } => {
            out.insert("stmt:if");
            if !orelse.is_empty() {
                out.insert("if:else");
            }
            expr(test, out);
        }
        StmtKind::Assert { test, msg } => {
            out.insert("stmt:assert");
            expr(test, out);
            if let Some(m) = msg {
                out.insert("assert:msg");
                expr(m, out);
            }
        }
        StmtKind::SetAttr { object, value, .. } => {
            out.insert("stmt:setattr");
            expr(object, out);
            expr(value, out);
        }
        StmtKind::ThreadInit { object, spec } => {
            out.insert("stmt:thread-init");
            expr(object, out);
            thread_spec(spec, out);
        }
        StmtKind::Print { args, flush, sep, end, stderr } => {
            out.insert("stmt:print");
            if *stderr {
                out.insert("print:file=stderr");
            }
            if *flush {
                out.insert("print:flush");
            }
            if sep.is_some() {
                out.insert("print:sep");
            }
            if end.is_some() {
                out.insert("print:end");
            }
            for a in args {
                expr(a, out);
            }
        }
    }
}

fn thread_spec(spec: &ThreadSpec, out: &mut BTreeSet<&'static str>) {
    if let Some(t) = &spec.target {
        out.insert("thread:target-value");
        expr(t, out);
    }
    for a in &spec.args {
        expr(a, out);
    }
    if let Some(n) = &spec.name {
        out.insert("thread:name");
        expr(n, out);
    }
    if let Some(f) = &spec.forward {
        out.insert("thread:forward");
        expr(&f.0, out);
        expr(&f.1, out);
    }
}

fn sig_arg(s: &SigArg, out: &mut BTreeSet<&'static str>) {
    match s {
        SigArg::Known(s) => sig(*s, out),
        SigArg::Value(e) => {
            out.insert("signal:value");
            expr(e, out);
        }
    }
}

fn sig(s: Sig, out: &mut BTreeSet<&'static str>) {
    out.insert(match s {
        Sig::SIGINT => "sig:SIGINT",
        Sig::SIGTERM => "sig:SIGTERM",
        Sig::SIGUSR1 => "sig:SIGUSR1",
        Sig::SIGUSR2 => "sig:SIGUSR2",
        Sig::SIGALRM => "sig:SIGALRM",
    });
}

fn exc(e: &ExcType, out: &mut BTreeSet<&'static str>) {
    out.insert(match e {
        ExcType::BaseException => "exc:BaseException",
        ExcType::Exception => "exc:Exception",
        ExcType::KeyboardInterrupt => "exc:KeyboardInterrupt",
        ExcType::SystemExit => "exc:SystemExit",
        ExcType::ValueError => "exc:ValueError",
        ExcType::RuntimeError => "exc:RuntimeError",
        ExcType::OverflowError => "exc:OverflowError",
        ExcType::AssertionError => "exc:AssertionError",
        ExcType::AttributeError => "exc:AttributeError",
        ExcType::User { base, .. } if **base == ExcType::Exception => "exc:user",
        ExcType::User { .. } => "exc:user-subclass",
        _ => "exc:builtin-hierarchy",
    });
}

fn lit(l: &Literal, out: &mut BTreeSet<&'static str>) {
    out.insert(match l {
        Literal::None => "lit:None",
        Literal::Bool(_) => "lit:bool",
        Literal::Int(_) => "lit:int",
        Literal::Float(_) => "lit:float",
        Literal::Str(_) => "lit:str",
    });
}

fn expr(e: &Expr, out: &mut BTreeSet<&'static str>) {
    match e {
        Expr::Lit { value } => lit(value, out),
        Expr::Name { .. } => {
            out.insert("expr:name");
        }
        Expr::Not { operand } => {
            out.insert("expr:not");
            expr(operand, out);
        }
        Expr::And { operands } | Expr::Or { operands } => {
            out.insert(if matches!(e, Expr::And { .. }) { "expr:and" } else { "expr:or" });
            for o in operands {
                expr(o, out);
            }
        }
        Expr::Compare { op, left, right } => {
            out.insert(match op {
                CmpOp::Eq => "cmp:==",
                CmpOp::NotEq => "cmp:!=",
                CmpOp::Is => "cmp:is",
                CmpOp::IsNot => "cmp:is not",
                CmpOp::Lt => "cmp:<",
                CmpOp::LtE => "cmp:<=",
                CmpOp::Gt => "cmp:>",
                CmpOp::GtE => "cmp:>=",
                CmpOp::In => "cmp:in",
                CmpOp::NotIn => "cmp:not in",
            });
            expr(left, out);
            expr(right, out);
        }
        Expr::RLockCall { state, .. } => {
            out.insert("expr:rlock-method");
            if let Some(s) = state {
                expr(s, out);
            }
        }
        Expr::IfElse { test, body, orelse } => {
            out.insert("expr:if-else");
            for e in [test, body, orelse] {
                expr(e, out);
            }
        }
        Expr::SwitchInterval => {
            out.insert("expr:getswitchinterval");
        }
        Expr::Nsig => {
            out.insert("expr:signal.NSIG");
        }
        Expr::Pid => {
            out.insert("expr:os.getpid");
        }
        Expr::HookValue { .. } => {
            out.insert("expr:hook");
        }
        Expr::ExcClass { .. } => {
            out.insert("expr:exception-class");
        }
        Expr::BuiltinRef { .. } => {
            out.insert("expr:builtin-ref");
        }
        Expr::VersionInfo => {
            out.insert("expr:sys.version_info");
        }
        Expr::TypeOf { value } => {
            out.insert("expr:type");
            expr(value, out);
        }
        Expr::LockType => {
            out.insert("expr:_thread.LockType");
        }
        Expr::HandlerConst { .. } => {
            out.insert("expr:handler-constant");
        }
        Expr::FuncRef { .. } => {
            out.insert("expr:function-value");
        }
        Expr::Lambda { body, .. } => {
            out.insert("expr:lambda");
            walk_block(body, &mut |st| stmt(st, out));
        }
        Expr::CallValue { callee, args, star, dstar } => {
            out.insert("expr:call-value");
            if star.is_some() {
                out.insert("call:*args");
            }
            if dstar.is_some() {
                out.insert("call:**kwargs");
            }
            for a in std::iter::once(&**callee).chain(args).chain(star.iter().map(|s| &**s)).chain(dstar.iter().map(|s| &**s)) {
                expr(a, out);
            }
        }
        Expr::Call { args, .. } => {
            out.insert("expr:call");
            for a in args {
                expr(a, out);
            }
        }
        Expr::Slice { value, lower, upper } => {
            out.insert("expr:slice");
            for e in std::iter::once(&**value).chain(lower.iter().map(|e| &**e)).chain(upper.iter().map(|e| &**e)) {
                expr(e, out);
            }
        }
        Expr::Dict { items } => {
            out.insert("expr:dict");
            for (k, v) in items {
                match k {
                    Some(k) => expr(k, out),
                    None => {
                        out.insert("dict:merge");
                    }
                }
                expr(v, out);
            }
        }
        Expr::List { items } => {
            out.insert("expr:list");
            for a in items {
                expr(a, out);
            }
        }
        Expr::Tuple { items } => {
            out.insert("expr:tuple");
            for i in items {
                expr(i, out);
            }
        }
        Expr::Len { value } => {
            out.insert("expr:len");
            expr(value, out);
        }
        Expr::IsInstance { value, types } => {
            out.insert("expr:isinstance");
            if types.contains(&InstanceOf::RLock) {
                out.insert("isinstance:rlock");
            }
            expr(value, out);
        }
        Expr::Builtin { function, value } => {
            out.insert(match function {
                Builtin::Sum => "expr:sum",
                Builtin::Sorted => "expr:sorted",
                Builtin::Abs => "expr:abs",
                Builtin::Copy => "expr:copy",
            });
            expr(value, out);
        }
        Expr::Index { value, index } => {
            out.insert("expr:index");
            expr(value, out);
            expr(index, out);
        }
        Expr::Pop { index, .. } => {
            out.insert("expr:pop");
            if let Some(i) = index {
                expr(i, out);
            }
        }
        Expr::BinOp { op, left, right } => {
            out.insert(match op {
                BinOp::Add => "binop:+",
                BinOp::Sub => "binop:-",
                BinOp::Mult => "binop:*",
                BinOp::Div => "binop:/",
                BinOp::FloorDiv => "binop://",
                BinOp::Mod => "binop:%",
                BinOp::BitAnd => "binop:&",
                BinOp::BitOr => "binop:|",
                BinOp::BitXor => "binop:^",
            });
            expr(left, out);
            expr(right, out);
        }
        Expr::FString { parts } => {
            out.insert("expr:fstring");
            for p in parts {
                if let FPart::Value { value, repr, spec } = p {
                    if *repr {
                        out.insert("fstring:repr");
                    }
                    if !spec.is_empty() {
                        out.insert("fstring:spec");
                    }
                    expr(value, out);
                }
            }
        }
        Expr::Acquire { blocking, timeout, .. } => {
            out.insert(match (blocking, timeout) {
                (None, None) => "acquire:()",
                (Some(_), None) => "acquire:(blocking)",
                (None, Some(_)) => "acquire:(timeout)",
                (Some(_), Some(_)) => "acquire:(blocking,timeout)",
            });
        }
        Expr::Locked { .. } => {
            out.insert("expr:locked");
        }
        Expr::IsAlive { .. } => {
            out.insert("expr:is_alive");
        }
        Expr::IsMainThread => {
            out.insert("expr:is-main-thread");
        }
        Expr::CurrentThreadName => {
            out.insert("expr:current_thread().name");
        }
        Expr::Attr { value, .. } => {
            out.insert("expr:attr");
            expr(value, out);
        }
        Expr::New { args, thread, .. } => {
            out.insert("expr:new");
            for a in args {
                expr(a, out);
            }
            if let Some(spec) = thread {
                thread_spec(spec, out);
            }
        }
        Expr::Method { value, args, .. } => {
            out.insert("expr:method");
            expr(value, out);
            for a in args {
                expr(a, out);
            }
        }
        Expr::Range { start, stop, step } => {
            out.insert("expr:range");
            for e in start.iter().chain(std::iter::once(stop)).chain(step.iter()) {
                expr(e, out);
            }
        }
        Expr::NewLock { .. } => {
            out.insert("expr:new-lock");
        }
        Expr::Clock { .. } => {
            out.insert("expr:clock");
        }
        Expr::ThreadCount => {
            out.insert("expr:_thread._count");
        }
        Expr::ThreadQuery { query } => {
            out.insert(match query {
                ThreadQuery::Current => "expr:current_thread()",
                ThreadQuery::Main => "expr:main_thread()",
                ThreadQuery::Ident => "expr:get_ident()",
                ThreadQuery::LowIdent => "expr:_thread.get_ident()",
                ThreadQuery::ActiveCount => "expr:active_count()",
            });
        }
        Expr::Enumerate => {
            out.insert("expr:enumerate()");
        }
        Expr::Signal { signal } => {
            out.insert("expr:signal");
            sig(*signal, out);
        }
        Expr::ItimerReal => {
            out.insert("expr:ITIMER_REAL");
        }
        Expr::SigMask { signals, .. } => {
            out.insert("expr:pthread_sigmask");
            expr(signals, out);
        }
        Expr::SigPending => {
            out.insert("expr:sigpending");
        }
        Expr::SigWait { signals, timeout } => {
            out.insert(if timeout.is_some() { "expr:sigtimedwait" } else { "expr:sigwait" });
            expr(signals, out);
            if let Some(t) = timeout {
                expr(t, out);
            }
        }
        Expr::SetDisplay { items } => {
            out.insert("expr:set-display");
            for e in items {
                expr(e, out);
            }
        }
        Expr::NewSet { from } => {
            out.insert("expr:set");
            if let Some(e) = from {
                expr(e, out);
            }
        }
        Expr::ListRepeat { items, count } => {
            out.insert("expr:list-repeat");
            for e in items.iter().chain([&**count]) {
                expr(e, out);
            }
        }
        Expr::Convert { value, repr } => {
            out.insert(if *repr { "expr:repr" } else { "expr:str" });
            expr(value, out);
        }
        Expr::Thread { spec } => {
            out.insert("expr:thread");
            if spec.function.is_none() {
                out.insert("thread:no-target");
            }
            thread_spec(spec, out);
        }
        Expr::ListComp { elt, iterable, cond, .. } => {
            out.insert("expr:list-comprehension");
            expr(elt, out);
            expr(iterable, out);
            if let Some(c) = cond {
                expr(c, out);
            }
        }
        Expr::ClassCall { args, .. } => {
            out.insert("expr:class-call");
            for a in args {
                expr(a, out);
            }
        }
    }
}
