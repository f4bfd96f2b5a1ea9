//! The renderer: [`Scenario`] → Python source that CPython and PyPy run and
//! that the front end parses back to the same scenario (locations aside).
//!
//! Spelling is canonical: one `import` per line, double-quoted strings with
//! escapes for anything but printable ASCII, `acquire(timeout=t)` when only a
//! timeout is given, `elif` for an `if` that is alone in an else block.

use crate::scenario::*;
use std::fmt::Write;

const INDENT: &str = "    ";

/// Renders a whole scenario as a Python script.
pub fn render(s: &Scenario) -> String {
    let mut out = String::new();
    match s.ctrl_c {
        0 => {}
        1 => out.push_str("# pythread: ctrl-c\n"),
        n => {
            let _ = writeln!(out, "# pythread: ctrl-c={n}");
        }
    }
    if !s.allow.is_empty() {
        let _ = writeln!(out, "# pythread: allow={}", s.allow.join(","));
    }
    for i in &s.imports {
        let _ = writeln!(out, "import {}", i.module.name());
    }
    for e in s.exceptions.iter().filter(|e| !crate::scenario::is_library_class(&e.name)) {
        let _ = write!(out, "\n\nclass {}({}):\n{INDENT}pass\n", e.name, e.base.name());
    }
    // pythread's copy of library classes is not the script's to write.
    for c in s.classes.iter().filter(|c| !c.is_library()) {
        class(&mut out, c);
    }
    for f in &s.functions {
        let _ = writeln!(out, "\n\ndef {}({}):", f.name, params(f));
        block(&mut out, &f.body, 1);
    }
    if !s.main.is_empty() {
        out.push_str("\n\n");
        block(&mut out, &s.main, 0);
    }
    out
}

/// `class Name(Base):` with its class attributes and methods.
fn class(out: &mut String, c: &Class) {
    let _ = match &c.base {
        ClassBase::Object => writeln!(out, "\n\nclass {}:", c.name),
        ClassBase::Thread => writeln!(out, "\n\nclass {}(threading.Thread):", c.name),
        ClassBase::Class(b) => writeln!(out, "\n\nclass {}({b}):", c.name),
    };
    for (name, value) in &c.attrs {
        line(out, 1, &format!("{name} = {}", literal(value)));
    }
    for m in &c.methods {
        if !c.attrs.is_empty() || !std::ptr::eq(m, &c.methods[0]) {
            out.push('\n');
        }
        line(out, 1, &format!("def {}({}):", m.name, params(m)));
        block(out, &m.body, 2);
    }
    if c.attrs.is_empty() && c.methods.is_empty() {
        line(out, 1, "pass");
    }
}

/// A signal a call sends, as the script names it.
fn sig_arg(s: &SigArg) -> String {
    match s {
        SigArg::Known(s) => format!("signal.{}", s.name()),
        SigArg::Value(e) => expr(e),
    }
}

/// A `def`'s parameters, the last ones before `*args` with their defaults.
fn params(f: &Function) -> String {
    let fixed = f.params.iter().take_while(|p| !p.starts_with('*')).count();
    let first_default = fixed.saturating_sub(f.defaults.len());
    f.params
        .iter()
        .enumerate()
        .map(|(i, p)| match f.defaults.get(i.wrapping_sub(first_default)).filter(|_| i >= first_default && i < fixed) {
            Some(d) => format!("{p}={}", literal(d)),
            None => p.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `threading.Thread.__init__`'s keyword arguments, from `start` on.
fn thread_keywords(spec: &ThreadSpec, mut parts: Vec<String>) -> String {
    if let Some(f) = &spec.function {
        parts.push(format!("target={f}"));
    }
    if let Some(t) = &spec.target {
        parts.push(format!("target={}", expr(t)));
    }
    if !spec.args.is_empty() {
        let a: Vec<String> = spec.args.iter().map(expr).collect();
        parts.push(format!("args=({}{})", a.join(", "), if a.len() == 1 { "," } else { "" }));
    }
    if let Some(d) = spec.daemon {
        parts.push(format!("daemon={}", py_bool(d)));
    }
    if let Some(n) = &spec.name {
        parts.push(format!("name={}", expr(n)));
    }
    if let Some(f) = &spec.forward {
        if !matches!(&f.0, Expr::Tuple { items } if items.is_empty()) {
            parts.push(format!("*{}", expr(&f.0)));
        }
        if !matches!(&f.1, Expr::Dict { items } if items.is_empty()) {
            parts.push(format!("**{}", expr(&f.1)));
        }
    }
    parts.join(", ")
}

/// Renders one statement's head as a single line (compound statements end
/// with `:`), for traces and the human form of the IR.
pub fn stmt_head(kind: &StmtKind) -> String {
    match kind {
        StmtKind::Try { .. } => "try:".to_string(),
        StmtKind::Beyond { what, source } => format!("<beyond the model: {what}; {} line(s) left out>", source.lines().count()),
        StmtKind::With { lock, .. } => format!("with {lock}:"),
        StmtKind::WithObject { object, context, target, .. } => {
            let manager = context.as_deref().map_or_else(|| object.clone(), expr);
            let target = target.as_ref().map(|t| format!(" as {t}")).unwrap_or_default();
            format!("with {manager}{target}:")
        }
        StmtKind::For { var, count, .. } => format!("for {var} in range({count}):"),
        StmtKind::ForIn { var, items, .. } => {
            let a: Vec<String> = items.iter().map(expr).collect();
            // A one-element tuple needs its comma.
            format!("for {var} in ({}{}):", a.join(", "), if a.len() == 1 { "," } else { "" })
        }
        StmtKind::ForEach { unpack, iterable, .. } if !unpack.is_empty() => format!("for {} in {}:", unpack.join(", "), expr(iterable)),
        StmtKind::ForEach { var, iterable, .. } => format!("for {var} in {}:", expr(iterable)),
        StmtKind::ForRange { var, start, stop, step, .. } => {
            let mut args: Vec<String> = start.iter().map(expr).collect();
            if start.is_none() && step.is_some() {
                args.push("0".to_string());
            }
            args.push(expr(stop));
            args.extend(step.iter().map(expr));
            format!("for {var} in range({}):", args.join(", "))
        }
        StmtKind::If { test, .. } => format!("if {}:", expr(test)),
        StmtKind::While { test, .. } => format!("while {}:", expr(test)),
        simple => simple_stmt(simple),
    }
}

fn block(out: &mut String, stmts: &Block, depth: usize) {
    if stmts.is_empty() {
        line(out, depth, "pass");
    }
    for s in stmts {
        stmt(out, &s.kind, depth);
    }
}

fn line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
    out.push_str(text);
    out.push('\n');
}

fn stmt(out: &mut String, kind: &StmtKind, depth: usize) {
    match kind {
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            line(out, depth, "try:");
            block(out, body, depth + 1);
            for h in handlers {
                let mut head = String::from("except");
                match h.types.len() {
                    0 => {}
                    1 => {
                        head.push(' ');
                        head.push_str(h.types[0].name());
                    }
                    _ => {
                        let names: Vec<&str> = h.types.iter().map(|t| t.name()).collect();
                        let _ = write!(head, " ({})", names.join(", "));
                    }
                }
                if let Some(n) = &h.name {
                    let _ = write!(head, " as {n}");
                }
                head.push(':');
                line(out, depth, &head);
                block(out, &h.body, depth + 1);
            }
            if !orelse.is_empty() {
                line(out, depth, "else:");
                block(out, orelse, depth + 1);
            }
            if !finalbody.is_empty() || handlers.is_empty() {
                line(out, depth, "finally:");
                block(out, finalbody, depth + 1);
            }
        }
        StmtKind::With { body, .. }
        | StmtKind::WithObject { body, .. }
        | StmtKind::For { body, .. }
        | StmtKind::ForRange { body, .. }
        | StmtKind::ForIn { body, .. }
        | StmtKind::ForEach { body, .. } => {
            line(out, depth, &stmt_head(kind));
            block(out, body, depth + 1);
        }
        StmtKind::If { .. } => if_chain(out, kind, depth, "if"),
        // Written back as it was, so it is cut again when read.
        StmtKind::Beyond { source, .. } => source.lines().for_each(|l| line(out, depth, l)),
        StmtKind::While { body, orelse, .. } => {
            line(out, depth, &stmt_head(kind));
            block(out, body, depth + 1);
            if !orelse.is_empty() {
                line(out, depth, "else:");
                block(out, orelse, depth + 1);
            }
        }
        simple => line(out, depth, &simple_stmt(simple)),
    }
}

fn if_chain(out: &mut String, kind: &StmtKind, depth: usize, keyword: &str) {
    let StmtKind::If { test, body, orelse } = kind else { unreachable!() };
    line(out, depth, &format!("{keyword} {}:", expr(test)));
    block(out, body, depth + 1);
    match orelse.as_slice() {
        [] => {}
        [only] if matches!(only.kind, StmtKind::If { .. }) => if_chain(out, &only.kind, depth, "elif"),
        _ => {
            line(out, depth, "else:");
            block(out, orelse, depth + 1);
        }
    }
}

fn simple_stmt(kind: &StmtKind) -> String {
    match kind {
        StmtKind::Beyond { source, .. } => source.clone(),
        StmtKind::Pass => "pass".into(),
        StmtKind::Global { names } => format!("global {}", names.join(", ")),
        StmtKind::Assign { target, value } => format!("{target} = {}", expr(value)),
        StmtKind::AugAssign { target, op, value } => format!("{target} {}= {}", op.symbol(), expr(value)),
        StmtKind::NewLock { target, ctor } => format!("{target} = {}()", lock_ctor(*ctor)),
        StmtKind::NewThread { target, function, daemon, args, name } => format!("{target} = {}", thread_call(function, *daemon, args, name.as_ref())),
        StmtKind::StartThread { function, daemon, args } => format!("{}.start()", thread_call(function, *daemon, args, None)),
        StmtKind::Return { value: None } => "return".into(),
        StmtKind::Return { value: Some(v) } => format!("return {}", expr(v)),
        StmtKind::Expr { value } => expr(value),
        StmtKind::Release { lock } => format!("{lock}.release()"),
        StmtKind::StartNewThread { function, args } => {
            let a: Vec<String> = args.iter().map(expr).collect();
            format!("_thread.start_new_thread({function}, ({}{}))", a.join(", "), if a.len() == 1 { "," } else { "" })
        }
        StmtKind::Start { thread } => format!("{thread}.start()"),
        StmtKind::AtexitRegister { function, args, threading } => {
            let call = if *threading { "threading._register_atexit" } else { "atexit.register" };
            let mut parts = vec![function.clone()];
            parts.extend(args.iter().map(expr));
            format!("{call}({})", parts.join(", "))
        }
        StmtKind::AtexitRegisterValue {
            callee,
            args,
            star,
            threading,
        } => {
            let call = if *threading {
                "threading._register_atexit"
            } else {
                "atexit.register"
            };
            let mut parts: Vec<String> = std::iter::once(callee).chain(args).map(expr).collect();
            parts.extend(star.iter().map(|s| format!("*{}", expr(s))));
            format!("{call}({})", parts.join(", "))
        }
        StmtKind::AtexitUnregister { callee } => format!("atexit.unregister({})", expr(callee)),
        StmtKind::AtexitClear => "atexit._clear()".into(),
        StmtKind::AtexitRun => "atexit._run_exitfuncs()".into(),
        StmtKind::SetDaemon {
            thread,
            daemon,
            method: false,
        } => format!(
            "{thread}.daemon = {}",
            if *daemon { "True" } else { "False" }
        ),
        StmtKind::SetDaemon {
            thread,
            daemon,
            method: true,
        } => format!(
            "{thread}.setDaemon({})",
            if *daemon { "True" } else { "False" }
        ),
        StmtKind::Join { thread, timeout } => match timeout {
            None => format!("{thread}.join()"),
            Some(t) => format!("{thread}.join({})", number(*t)),
        },
        StmtKind::Sleep { seconds } => format!("time.sleep({})", number(*seconds)),
        StmtKind::SleepFor { seconds } => format!("time.sleep({})", expr(seconds)),
        StmtKind::SetHandler { signal, handler, old } => {
            let h = match handler {
                Handler::Function(f) | Handler::Name(f) => f.clone(),
                Handler::Ignore => "signal.SIG_IGN".into(),
                Handler::Default => "signal.SIG_DFL".into(),
                Handler::DefaultInt => "signal.default_int_handler".into(),
            };
            let old = old.as_ref().map(|o| format!("{o} = ")).unwrap_or_default();
            format!("{old}signal.signal(signal.{}, {h})", signal.name())
        }
        StmtKind::Alarm { seconds, itimer: false } => format!("signal.alarm({})", expr(seconds)),
        StmtKind::Alarm { seconds, itimer: true } => format!("signal.setitimer(signal.ITIMER_REAL, {})", expr(seconds)),
        StmtKind::Pause => "signal.pause()".into(),
        StmtKind::SetStderr { none: true } => "sys.stderr = None".into(),
        StmtKind::SetSwitchInterval { value } => format!("sys.setswitchinterval({})", expr(value)),
        StmtKind::SetHook { hook, value } => format!("{} = {}", hook.name(), expr(value)),
        StmtKind::SetStderr { none: false } => "sys.stderr = sys.__stderr__".into(),
        StmtKind::Kill { signal } => format!("os.kill(os.getpid(), {})", sig_arg(signal)),
        StmtKind::PthreadKill { thread, signal } => {
            let t = match thread {
                ThreadRef::Main => "threading.main_thread().ident".to_string(),
                ThreadRef::Current => "threading.get_ident()".to_string(),
                ThreadRef::Named(n) => format!("{n}.ident"),
                ThreadRef::Ident(e) => expr(e),
            };
            format!("signal.pthread_kill({t}, {})", sig_arg(signal))
        }
        StmtKind::RaiseSignal { signal } => format!("signal.raise_signal({})", sig_arg(signal)),
        StmtKind::InterruptMain { signal } => match signal {
            None => "_thread.interrupt_main()".into(),
            Some(s) => format!("_thread.interrupt_main({})", sig_arg(s)),
        },
        StmtKind::SysExit { code } => match code {
            None => "sys.exit()".into(),
            Some(c) => format!("sys.exit({})", expr(c)),
        },
        StmtKind::ThreadExit => "_thread.exit()".into(),
        StmtKind::Write { flush: Some(stream), .. } => format!("sys.{stream}.flush()"),
        StmtKind::Write { text, flush: None } => format!("sys.stdout.write({})", expr(text)),
        StmtKind::OsExit { code } => format!("os._exit({code})"),
        StmtKind::Raise { exception } => match exception {
            None => "raise".into(),
            Some(RaiseExc { exc, arg: None }) => format!("raise {}", exc.name()),
            Some(RaiseExc { exc, arg: Some(a) }) => format!("raise {}({})", exc.name(), expr(a)),
        },
        StmtKind::RaiseValue { value } => format!("raise {}", expr(value)),
        StmtKind::Assert { test, msg } => match msg {
            None => format!("assert {}", expr(test)),
            Some(m) => format!("assert {}, {}", expr(test), expr(m)),
        },
        StmtKind::Print { args, flush, sep, end, stderr } => {
            let mut parts: Vec<String> = args.iter().map(expr).collect();
            if let Some(sep) = sep {
                parts.push(format!("sep={}", crate::values::py_repr(&crate::state::Value::Str(crate::text::Text::new(sep)))));
            }
            if let Some(end) = end {
                parts.push(format!("end={}", crate::values::py_repr(&crate::state::Value::Str(crate::text::Text::new(end)))));
            }
            if *stderr {
                parts.push("file=sys.stderr".into());
            }
            if *flush {
                parts.push("flush=True".into());
            }
            format!("print({})", parts.join(", "))
        }
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::Try { .. }
        | StmtKind::With { .. }
        | StmtKind::WithObject { .. }
        | StmtKind::For { .. }
        | StmtKind::ForRange { .. }
        | StmtKind::ForIn { .. }
        | StmtKind::ForEach { .. }
        | StmtKind::If { .. }
        | StmtKind::While { .. } => {
            stmt_head(kind)
        }
        StmtKind::Append { list, value } => format!("{list}.append({})", expr(value)),
        StmtKind::SetAdd { set, value } => format!("{set}.add({})", expr(value)),
        StmtKind::Remove { list, value } => format!("{list}.remove({})", expr(value)),
        StmtKind::SetItem { target, index, value } => format!("{}[{}] = {}", operand(target, ATOM), expr(index), expr(value)),
        StmtKind::SetAttr { object, attr, value } => format!("{}.{attr} = {}", operand(object, ATOM), expr(value)),
        StmtKind::ThreadInit { object, spec } => format!("threading.Thread.__init__({})", thread_keywords(spec, vec![expr(object)])),
    }
}

/// The precedence of a negative number (`-1`: a unary minus).
const NEGATIVE: u8 = 11;
/// The precedence of an atom, a call, an attribute or a subscript.
const ATOM: u8 = 12;

/// Binding strength, Python's precedence: higher binds tighter.
fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Lambda { .. } => 0,
        Expr::IfElse { .. } => 1,
        Expr::Or { .. } => 2,
        Expr::And { .. } => 3,
        Expr::Not { .. } => 4,
        Expr::Compare { .. } | Expr::IsMainThread => 5,
        Expr::BinOp { op: BinOp::BitOr, .. } => 6,
        Expr::BinOp { op: BinOp::BitXor, .. } => 7,
        Expr::BinOp { op: BinOp::BitAnd, .. } => 8,
        Expr::BinOp { op: BinOp::Add | BinOp::Sub, .. } => 9,
        Expr::BinOp { .. } => 10,
        Expr::Lit { value: Literal::Int(i) } if *i < 0 => NEGATIVE,
        Expr::Lit { value: Literal::Float(f) } if f.get().is_sign_negative() => NEGATIVE,
        _ => ATOM,
    }
}

/// Renders `e`, parenthesised when its precedence is below `min`.
fn operand(e: &Expr, min: u8) -> String {
    let s = expr(e);
    if precedence(e) < min {
        format!("({s})")
    } else {
        s
    }
}

/// Renders an expression.
pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Lit { value } => literal(value),
        Expr::Name { name } => name.clone(),
        Expr::Not { operand: o } => format!("not {}", operand(o, 4)),
        // A nested and/or of the same kind keeps its parentheses so that the
        // parse gives back the same tree.
        Expr::And { operands } => operands.iter().map(|o| operand(o, 4)).collect::<Vec<_>>().join(" and "),
        Expr::Or { operands } => operands.iter().map(|o| operand(o, 3)).collect::<Vec<_>>().join(" or "),
        Expr::Compare { op, left, right } => {
            format!("{} {} {}", operand(left, 6), op.symbol(), operand(right, 6))
        }
        Expr::Acquire { lock, blocking, timeout, keywords: true } => {
            let mut args = Vec::new();
            if let Some(b) = blocking {
                args.push(format!("blocking={}", py_bool(*b)));
            }
            if let Some(t) = timeout {
                args.push(format!("timeout={}", expr(t)));
            }
            format!("{lock}.acquire({})", args.join(", "))
        }
        Expr::Acquire { lock, blocking, timeout, keywords: false } => match (blocking, timeout) {
            (None, None) => format!("{lock}.acquire()"),
            (Some(b), None) => format!("{lock}.acquire({})", py_bool(*b)),
            (None, Some(t)) => format!("{lock}.acquire(timeout={})", expr(t)),
            (Some(b), Some(t)) => format!("{lock}.acquire({}, {})", py_bool(*b), expr(t)),
        },
        Expr::BinOp { op, left, right } => {
            // Left-associative: a right operand of the same strength keeps
            // its parentheses (`a - (b - c)`).
            let p = precedence(e);
            format!("{} {} {}", operand(left, p), op.symbol(), operand(right, p + 1))
        }
        Expr::FString { parts } => fstring(parts),
        Expr::Locked { lock } => format!("{lock}.locked()"),
        Expr::RLockCall { lock, method, state } => format!("{lock}.{}({})", method.name(), state.as_deref().map(expr).unwrap_or_default()),
        Expr::IsAlive { thread } => format!("{thread}.is_alive()"),
        Expr::IsMainThread => "threading.current_thread() is threading.main_thread()".into(),
        Expr::CurrentThreadName => "threading.current_thread().name".into(),
        Expr::Clock { function } => format!("time.{function}()"),
        Expr::ThreadCount => "_thread._count()".into(),
        Expr::ThreadQuery { query } => format!("{}()", query.function()),
        Expr::Enumerate => "threading.enumerate()".into(),
        Expr::Signal { signal } => format!("signal.{}", signal.name()),
        Expr::NewSet { from: None } => "set()".into(),
        Expr::SetDisplay { items } => format!("{{{}}}", items.iter().map(expr).collect::<Vec<_>>().join(", ")),
        Expr::NewSet { from: Some(v) } => format!("set({})", expr(v)),
        Expr::ListRepeat { items, count } => format!("[{}] * {}", items.iter().map(expr).collect::<Vec<_>>().join(", "), operand(count, NEGATIVE)),
        Expr::ItimerReal => "signal.ITIMER_REAL".into(),
        Expr::Nsig => "signal.NSIG".into(),
        Expr::Pid => "os.getpid()".into(),
        Expr::HookValue { hook } => hook.name().into(),
        Expr::ExcClass { exc } => exc.name().into(),
        Expr::BuiltinRef { function } => function.name().into(),
        Expr::VersionInfo => "sys.version_info".into(),
        Expr::TypeOf { value } => format!("type({})", expr(value)),
        Expr::LockType => "_thread.LockType".into(),
        Expr::SwitchInterval => "sys.getswitchinterval()".into(),
        Expr::HandlerConst { handler } => match handler {
            Handler::Ignore => "signal.SIG_IGN".into(),
            Handler::Default => "signal.SIG_DFL".into(),
            Handler::DefaultInt => "signal.default_int_handler".into(),
            Handler::Function(n) | Handler::Name(n) => n.clone(),
        },
        Expr::SigMask { how, signals } => format!("signal.pthread_sigmask(signal.{}, {})", how.name(), expr(signals)),
        Expr::SigPending => "signal.sigpending()".into(),
        Expr::SigWait { signals, timeout: None } => format!("signal.sigwait({})", expr(signals)),
        Expr::SigWait { signals, timeout: Some(t) } => format!("signal.sigtimedwait({}, {})", expr(signals), expr(t)),
        Expr::Convert { value, repr } => format!("{}({})", if *repr { "repr" } else { "str" }, expr(value)),
        Expr::Call { function, args } => format!("{function}({})", args.iter().map(expr).collect::<Vec<_>>().join(", ")),
        Expr::FuncRef { function } => function.clone(),
        // The test and the body bind tighter than `if`; the else branch
        // may itself be a conditional.
        Expr::IfElse { test, body, orelse } => format!("{} if {} else {}", operand(body, 2), operand(test, 2), operand(orelse, 1)),
        Expr::Lambda { params, body } => {
            let body = match body.as_slice() {
                [Stmt { kind: StmtKind::Return { value: Some(v) }, .. }] => expr(v),
                [one] => stmt_head(&one.kind),
                _ => "None".into(),
            };
            match params.is_empty() {
                true => format!("lambda: {body}"),
                false => format!("lambda {}: {body}", params.join(", ")),
            }
        }
        Expr::CallValue { callee, args, star, dstar } => {
            let args = args.iter().map(expr).chain(star.iter().map(|s| format!("*{}", expr(s)))).chain(dstar.iter().map(|s| format!("**{}", expr(s))));
            format!("{}({})", operand(callee, ATOM), args.collect::<Vec<_>>().join(", "))
        }
        Expr::List { items } => format!("[{}]", items.iter().map(expr).collect::<Vec<_>>().join(", ")),
        Expr::Dict { items } => format!(
            "{{{}}}",
            items
                .iter()
                .map(|(k, v)| match k {
                    Some(k) => format!("{}: {}", expr(k), expr(v)),
                    None => format!("**{}", operand(v, ATOM)),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Expr::Len { value } => format!("len({})", expr(value)),
        Expr::IsInstance { value, types } => match types.as_slice() {
            [one] => format!("isinstance({}, {})", expr(value), one.name()),
            _ => format!("isinstance({}, ({}))", expr(value), types.iter().map(InstanceOf::name).collect::<Vec<_>>().join(", ")),
        },
        Expr::Tuple { items } => match items.as_slice() {
            [one] => format!("({},)", expr(one)),
            _ => format!("({})", items.iter().map(expr).collect::<Vec<_>>().join(", ")),
        },
        Expr::Builtin { function: Builtin::Copy, value } => format!("{}.copy()", operand(value, ATOM)),
        Expr::Builtin { function, value } => format!("{}({})", function.name(), expr(value)),
        Expr::Slice { value, lower, upper } => {
            let bound = |b: &Option<Box<Expr>>| b.as_deref().map(expr).unwrap_or_default();
            format!("{}[{}:{}]", operand(value, ATOM), bound(lower), bound(upper))
        }
        Expr::Index { value, index } => format!("{}[{}]", operand(value, ATOM), expr(index)),
        Expr::Pop { list, index } => format!("{list}.pop({})", index.as_ref().map(|i| expr(i)).unwrap_or_default()),
        Expr::Attr { value, attr } => format!("{}.{attr}", operand(value, ATOM)),
        Expr::New { class, args, thread: None, kwargs } => {
            // Keywords bound when the call runs are written as keywords.
            let keywords = match kwargs.as_deref() {
                Some(Expr::Dict { items }) if items.iter().all(|(k, _)| matches!(k, None | Some(Expr::Lit { value: Literal::Str(_) }))) => items
                    .iter()
                    .map(|(k, v)| match k {
                        Some(Expr::Lit { value: Literal::Str(name) }) => format!("{name}={}", expr(v)),
                        _ => format!("**{}", operand(v, ATOM)),
                    })
                    .collect(),
                Some(other) => vec![format!("**{}", expr(other))],
                None => Vec::new(),
            };
            format!("{class}({})", args.iter().map(expr).chain(keywords).collect::<Vec<_>>().join(", "))
        }
        Expr::New { class, thread: Some(spec), .. } => format!("{class}({})", thread_keywords(spec, Vec::new())),
        Expr::Method { value, method, args } => {
            format!("{}.{method}({})", operand(value, ATOM), args.iter().map(expr).collect::<Vec<_>>().join(", "))
        }
        Expr::ClassCall { class, method, args } => format!("{class}.{method}({})", args.iter().map(expr).collect::<Vec<_>>().join(", ")),
        Expr::Range { start, stop, step } => {
            let mut args: Vec<String> = start.iter().map(|s| expr(s)).collect();
            if start.is_none() && step.is_some() {
                args.push("0".to_string());
            }
            args.push(expr(stop));
            args.extend(step.iter().map(|s| expr(s)));
            format!("range({})", args.join(", "))
        }
        Expr::Thread { spec } => format!("threading.Thread({})", thread_keywords(spec, Vec::new())),
        Expr::NewLock { ctor } => format!("{}()", lock_ctor(*ctor)),
        Expr::ListComp { elt, var, iterable, cond } => {
            let cond = cond.as_ref().map(|c| format!(" if {}", operand(c, 3))).unwrap_or_default();
            format!("[{} for {var} in {}{cond}]", expr(elt), operand(iterable, 3))
        }
    }
}

/// `f'…{value!r:spec}…'`: single-quoted, so the double-quoted string
/// literals of its expressions need no escapes before 3.12.
fn fstring(parts: &[FPart]) -> String {
    let mut out = String::from("f'");
    for p in parts {
        match p {
            FPart::Text { text } => {
                for c in text.chars() {
                    match c {
                        '{' => out.push_str("{{"),
                        '}' => out.push_str("}}"),
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c => out.push(c),
                    }
                }
            }
            FPart::Value { value, repr, spec } => {
                out.push('{');
                out.push_str(&expr(value));
                if *repr {
                    out.push_str("!r");
                }
                if !spec.is_empty() {
                    out.push(':');
                    out.push_str(spec);
                }
                out.push('}');
            }
        }
    }
    out.push('\'');
    out
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Renders a number as a Python literal that reads back to the same value.
pub fn number(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => float(f.get()),
    }
}

fn float(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "1e999".into() } else { "-1e999".into() };
    }
    // Rust's shortest round-trip form ("0.5", "1.0", "1e300") is valid Python.
    let s = format!("{f:?}");
    if s.contains(['.', 'e', 'E', 'n', 'i']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// Renders a literal.
pub fn literal(l: &Literal) -> String {
    match l {
        Literal::None => "None".into(),
        Literal::Bool(b) => py_bool(*b).into(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => float(f.get()),
        Literal::Str(s) => string(s),
    }
}

/// A double-quoted Python string literal.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// The human form of the IR: every statement with its script location,
/// nested by block, for `pythread parse`.
pub fn outline(s: &Scenario) -> String {
    let mut out = String::new();
    let imports: Vec<&str> = s.imports.iter().map(|i| i.module.name()).collect();
    let _ = writeln!(out, "imports: {}", if imports.is_empty() { "(none)".into() } else { imports.join(", ") });
    match s.ctrl_c {
        0 => out.push_str("ctrl-c: never pressed\n"),
        1 => out.push_str("ctrl-c: pressed once, at any moment\n"),
        n => {
            let _ = writeln!(out, "ctrl-c: pressed {n} times, each at any moment");
        }
    }
    for e in &s.exceptions {
        let _ = writeln!(out, "class {}({})  [{}]", e.name, e.base.name(), e.loc);
    }
    for c in &s.classes {
        let base = match &c.base {
            ClassBase::Object => String::new(),
            ClassBase::Thread => "(threading.Thread)".into(),
            ClassBase::Class(b) => format!("({b})"),
        };
        let _ = writeln!(out, "class {}{base}  [{}]", c.name, c.loc);
        for (name, value) in &c.attrs {
            let _ = writeln!(out, "  {name} = {}", literal(value));
        }
        for m in &c.methods {
            let _ = writeln!(out, "  def {}({})  [{}, method]", m.name, m.params.join(", "), m.loc);
            outline_block(&mut out, &m.body, 2);
        }
    }
    for f in &s.functions {
        let role = if f.params.is_empty() { "thread target" } else { "signal handler" };
        let _ = writeln!(out, "def {}({})  [{}, {role}]", f.name, f.params.join(", "), f.loc);
        outline_block(&mut out, &f.body, 1);
    }
    out.push_str("main thread:\n");
    outline_block(&mut out, &s.main, 1);
    out
}

fn outline_block(out: &mut String, block: &Block, depth: usize) {
    for st in block {
        let at = format!("{}", st.loc);
        let _ = writeln!(out, "  {at:<8}{}{}", INDENT.repeat(depth - 1), stmt_head(&st.kind));
        match &st.kind {
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                outline_block(out, body, depth + 1);
                for h in handlers {
                    let types: Vec<&str> = h.types.iter().map(|t| t.name()).collect();
                    let name = h.name.as_ref().map(|n| format!(" as {n}")).unwrap_or_default();
                    let what = if types.is_empty() { "except".to_string() } else { format!("except ({}){name}", types.join(", ")) };
                    let _ = writeln!(out, "  {:<8}{}{what}:", format!("{}", h.loc), INDENT.repeat(depth - 1));
                    outline_block(out, &h.body, depth + 1);
                }
                if !orelse.is_empty() {
                    let _ = writeln!(out, "  {:<8}{}else:", "", INDENT.repeat(depth - 1));
                    outline_block(out, orelse, depth + 1);
                }
                if !finalbody.is_empty() {
                    let _ = writeln!(out, "  {:<8}{}finally:", "", INDENT.repeat(depth - 1));
                    outline_block(out, finalbody, depth + 1);
                }
            }
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                outline_block(out, body, depth + 1);
                if !orelse.is_empty() {
                    let _ = writeln!(out, "  {:<8}{}else:", "", INDENT.repeat(depth - 1));
                    outline_block(out, orelse, depth + 1);
                }
            }
            StmtKind::With { body, .. } | StmtKind::WithObject { body, .. } | StmtKind::For { body, .. } | StmtKind::ForRange { body, .. } | StmtKind::ForIn { body, .. } => {
                outline_block(out, body, depth + 1)
            }
            _ => {}
        }
    }
}

/// `threading.Thread(target=f, args=(…), daemon=d)`.
fn thread_call(function: &str, daemon: Option<bool>, args: &[Expr], name: Option<&Expr>) -> String {
    let mut s = format!("threading.Thread(target={function}");
    if !args.is_empty() {
        let a: Vec<String> = args.iter().map(expr).collect();
        // A one-element tuple needs its comma.
        let _ = write!(s, ", args=({}{})", a.join(", "), if a.len() == 1 { "," } else { "" });
    }
    if let Some(d) = daemon {
        let _ = write!(s, ", daemon={}", py_bool(d));
    }
    if let Some(n) = name {
        let _ = write!(s, ", name={}", expr(n));
    }
    s.push(')');
    s
}

/// The callee of a lock constructor.
fn lock_ctor(ctor: LockCtor) -> &'static str {
    match ctor {
        LockCtor::AllocateLock => "_thread.allocate_lock",
        LockCtor::Lock => "threading.Lock",
        LockCtor::RLock => "threading.RLock",
    }
}
