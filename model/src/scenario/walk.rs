//! Walking a scenario: the nested blocks and the expressions of each
//! statement, and of each expression, in source and evaluation order.

use super::*;

impl StmtKind {
    /// The nested blocks of a compound statement, in source order.
    pub fn blocks(&self) -> Vec<&Block> {
        match self {
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut v = vec![body];
                v.extend(handlers.iter().map(|h| &h.body));
                v.push(orelse);
                v.push(finalbody);
                v
            }
            StmtKind::With { body, .. }
            | StmtKind::WithObject { body, .. }
            | StmtKind::For { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForIn { body, .. }
            | StmtKind::ForEach { body, .. } => vec![body],
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => vec![body, orelse],
            _ => vec![],
        }
    }

    /// Mutable access to the nested blocks, in source order.
    pub fn blocks_mut(&mut self) -> Vec<&mut Block> {
        match self {
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut v = vec![body];
                v.extend(handlers.iter_mut().map(|h| &mut h.body));
                v.push(orelse);
                v.push(finalbody);
                v
            }
            StmtKind::With { body, .. }
            | StmtKind::WithObject { body, .. }
            | StmtKind::For { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForIn { body, .. }
            | StmtKind::ForEach { body, .. } => vec![body],
            StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => vec![body, orelse],
            _ => vec![],
        }
    }
}

/// Visits every statement of a block, depth first, in source order.
pub fn walk_block<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for stmt in block {
        f(stmt);
        for child in stmt.kind.blocks() {
            walk_block(child, f);
        }
    }
}

impl StmtKind {
    /// The expressions of the statement itself (not of its nested blocks),
    /// in evaluation order.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            StmtKind::Assign { value, .. }
            | StmtKind::AugAssign { value, .. }
            | StmtKind::Expr { value }
            | StmtKind::Return { value: Some(value) }
            | StmtKind::SleepFor { seconds: value }
            | StmtKind::SysExit { code: Some(value) }
            | StmtKind::If { test: value, .. }
            | StmtKind::While { test: value, .. }
            | StmtKind::ForEach { iterable: value, .. }
            | StmtKind::Alarm { seconds: value, .. }
            | StmtKind::RaiseValue { value }
            | StmtKind::SetSwitchInterval { value }
            | StmtKind::SetHook { value, .. }
            | StmtKind::Raise { exception: Some(RaiseExc { arg: Some(value), .. }) } => vec![value],
            StmtKind::Kill { signal: SigArg::Value(value) } | StmtKind::RaiseSignal { signal: SigArg::Value(value) } | StmtKind::InterruptMain { signal: Some(SigArg::Value(value)) } => vec![&**value],
            StmtKind::PthreadKill { thread, signal } => {
                let t = match thread {
                    ThreadRef::Ident(e) => Some(e),
                    _ => None,
                };
                let s = match signal {
                    SigArg::Value(e) => Some(&**e),
                    SigArg::Known(_) => None,
                };
                t.into_iter().chain(s).collect()
            }
            StmtKind::NewThread { args, name, .. } => args.iter().chain(name.iter()).collect(),
            StmtKind::StartNewThread { args, .. }
            | StmtKind::StartThread { args, .. }
            | StmtKind::AtexitRegister { args, .. } => args.iter().collect(),
            StmtKind::AtexitRegisterValue {
                callee, args, star, ..
            } => std::iter::once(callee).chain(args).chain(star).collect(),
            StmtKind::AtexitUnregister { callee } => vec![callee],
            StmtKind::ForIn { items, .. } => items.iter().collect(),
            StmtKind::ForRange { start, stop, step, .. } => start.iter().chain([stop]).chain(step.iter()).collect(),
            StmtKind::Assert { test, msg } => std::iter::once(test).chain(msg.iter()).collect(),
            StmtKind::Print { args, .. } => args.iter().collect(),
            StmtKind::Append { value, .. } | StmtKind::Remove { value, .. } | StmtKind::SetAdd { value, .. } => vec![value],
            StmtKind::SetItem { target, index, value } => vec![value, target, index],
            StmtKind::SetAttr { object, value, .. } => vec![value, object],
            StmtKind::WithObject { enter_args, context, .. } => context.iter().map(|c| &**c).chain(enter_args).collect(),
            StmtKind::Write { text, .. } => vec![text],
            StmtKind::ThreadInit { object, spec } => std::iter::once(object).chain(spec.exprs()).collect(),
            _ => vec![],
        }
    }
}

impl Expr {
    /// The expressions directly inside this one, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Lit { .. } | Expr::Name { .. } | Expr::FuncRef { .. } | Expr::Locked { .. } | Expr::IsAlive { .. } | Expr::IsMainThread | Expr::CurrentThreadName | Expr::NewLock { .. } | Expr::Clock { .. } | Expr::ThreadCount | Expr::ThreadQuery { .. } | Expr::Enumerate | Expr::Signal { .. } | Expr::ItimerReal | Expr::Nsig | Expr::Pid | Expr::HookValue { .. } | Expr::ExcClass { .. } | Expr::BuiltinRef { .. } | Expr::VersionInfo | Expr::LockType | Expr::HandlerConst { .. } | Expr::SwitchInterval | Expr::SigPending => vec![],
            Expr::Not { operand } => vec![operand],
            Expr::IfElse { test, body, orelse } => vec![test, body, orelse],
            Expr::RLockCall { state, .. } => state.iter().map(|e| &**e).collect(),
            Expr::Lambda { body, .. } => body.iter().flat_map(|st| st.kind.exprs()).collect(),
            Expr::CallValue { callee, args, star, dstar } => std::iter::once(&**callee).chain(args.iter()).chain(star.iter().map(|e| &**e)).chain(dstar.iter().map(|e| &**e)).collect(),
            Expr::And { operands } | Expr::Or { operands } => operands.iter().collect(),
            Expr::Compare { left, right, .. } | Expr::BinOp { left, right, .. } | Expr::Index { value: left, index: right } => vec![left, right],
            Expr::FString { parts } => parts
                .iter()
                .filter_map(|p| match p {
                    FPart::Value { value, .. } => Some(value),
                    FPart::Text { .. } => None,
                })
                .collect(),
            Expr::Acquire { timeout, .. } => timeout.iter().map(|t| &**t).collect(),
            Expr::Call { args, .. } | Expr::List { items: args } | Expr::Tuple { items: args } | Expr::SetDisplay { items: args } | Expr::ClassCall { args, .. } => args.iter().collect(),
            Expr::ListRepeat { items, count } => items.iter().chain([&**count]).collect(),
            Expr::Dict { items } => items.iter().flat_map(|(k, v)| k.iter().chain([v])).collect(),
            Expr::Slice { value, lower, upper } => std::iter::once(&**value).chain(lower.iter().map(|e| &**e)).chain(upper.iter().map(|e| &**e)).collect(),
            Expr::NewSet { from } => from.iter().map(|e| &**e).collect(),
            Expr::Len { value } | Expr::TypeOf { value } | Expr::IsInstance { value, .. } | Expr::SigMask { signals: value, .. } | Expr::Attr { value, .. } | Expr::Convert { value, .. } | Expr::Builtin { value, .. } => vec![value],
            Expr::SigWait { signals, timeout } => std::iter::once(&**signals).chain(timeout.iter().map(|t| &**t)).collect(),
            Expr::Pop { index, .. } => index.iter().map(|i| &**i).collect(),
            Expr::New { args, thread, kwargs, .. } => args.iter().chain(thread.iter().flat_map(|t| t.exprs())).chain(kwargs.iter().map(|k| &**k)).collect(),
            Expr::Method { value, args, .. } => std::iter::once(&**value).chain(args.iter()).collect(),
            Expr::Range { start, stop, step } => start.iter().map(|e| &**e).chain([&**stop]).chain(step.iter().map(|e| &**e)).collect(),
            Expr::Thread { spec } => spec.exprs().collect(),
            Expr::ListComp { elt, iterable, cond, .. } => vec![&**iterable, &**elt].into_iter().chain(cond.iter().map(|c| &**c)).collect(),
        }
    }
}

/// Visits an expression and every expression inside it, outermost first.
pub fn walk_exprs_of<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    for c in e.children() {
        walk_exprs_of(c, f);
    }
}

/// Visits every expression of a block's statements, nested blocks included.
pub fn walk_block_exprs<'a>(block: &'a Block, f: &mut impl FnMut(&'a Expr)) {
    walk_block(block, &mut |st| {
        for e in st.kind.exprs() {
            walk_exprs_of(e, f);
        }
    });
}
