//! Compiling expressions: pure ones evaluated inside a step, and what
//! must be a step of its own hoisted into registers (an acquire that can
//! block, a call, a list or object made, a comprehension's loop), with the
//! receivers of methods written as attributes (`self.lock`).

use super::*;

impl Compiler<'_> {
    pub(super) fn attr(&mut self, name: &str) -> AttrId {
        match self.attrs.iter().position(|a| a == name) {
            Some(i) => i as AttrId,
            None => {
                self.attrs.push(name.to_string());
                (self.attrs.len() - 1) as AttrId
            }
        }
    }

    /// A receiver written as `name` or `name.attr…` (`self.lock`), as a
    /// pure expression.
    pub(super) fn receiver_expr(&mut self, path: &str) -> PExpr {
        let mut parts = path.split('.');
        let mut e = PExpr::Var(self.var(parts.next().unwrap_or_default()));
        for attr in parts {
            e = PExpr::Attr(Box::new(e), self.attr(attr));
        }
        e
    }

    /// Where a new lock or thread goes: its name's variable, or for an
    /// attribute (`self.lock = threading.Lock()`) a register, stored into
    /// the attribute by `store_attribute`.
    pub(super) fn target(&mut self, path: &str) -> VarRef {
        if path.contains('.') {
            self.reg()
        } else {
            self.var(path)
        }
    }

    /// `path = reg` when `path` is an attribute (a step of its own: the
    /// store after the constructor's call).
    pub(super) fn store_attribute(&mut self, path: &str, reg: VarRef, loc: Loc) {
        if let Some((object, attr)) = path.rsplit_once('.') {
            let object = self.receiver_expr(object);
            let attr = self.attr(attr);
            self.emit(Op::SetAttr { object, attr, value: PExpr::Var(reg) }, loc);
        }
    }

    /// The variable that holds the lock or thread a method is called on: an
    /// attribute (`self.lock`) is read into a register first.
    pub(super) fn receiver(&mut self, path: &str, loc: Loc) -> VarRef {
        if !path.contains('.') {
            return self.var(path);
        }
        let value = self.receiver_expr(path);
        let reg = self.reg();
        self.emit(Op::SetReg { reg, value }, loc);
        reg
    }

    pub(super) fn class_id(&self, name: &str) -> ClassId {
        self.scenario.classes.iter().position(|c| c.name == name).map_or(0, |i| i as ClassId)
    }

    /// The code of `method` as `class` has it (a `ClassCall`).
    pub(super) fn method_code(&self, class: &str, method: &str) -> CodeId {
        match self.scenario.method(class, method) {
            Some((owner, m)) => self.func(&format!("{}.{}", owner.name, m.name)),
            None => 0,
        }
    }

    pub(super) fn sig_ref(&mut self, s: &SigArg, loc: Loc) -> SigRef {
        match s {
            SigArg::Known(sig) => SigRef::Known(*sig),
            SigArg::Value(e) => SigRef::Value(self.expr(e, loc)),
        }
    }

    pub(super) fn thread_op(&mut self, spec: &ThreadSpec, loc: Loc) -> Box<ThreadOp> {
        let target = spec.target.as_ref().map(|t| self.expr(t, loc));
        let args = spec.args.iter().map(|a| self.expr(a, loc)).collect();
        let name = spec.name.as_ref().map(|n| self.expr(n, loc));
        let func = spec.function.as_ref().map(|f| self.func(f));
        let forward = spec.forward.as_ref().map(|f| (self.expr(&f.0, loc), self.expr(&f.1, loc)));
        Box::new(ThreadOp { func, target, args, daemon: spec.daemon, name, forward })
    }

    /// Compiles an expression to a pure one, hoisting acquires (which can
    /// block) into statements that store their result in registers.
    pub(super) fn expr(&mut self, e: &Expr, loc: Loc) -> PExpr {
        match e {
            Expr::Lit { value } => PExpr::Lit(value.clone()),
            Expr::Name { name } => PExpr::Var(self.var(name)),
            Expr::Not { operand } => PExpr::Not(Box::new(self.expr(operand, loc))),
            Expr::And { operands } | Expr::Or { operands } => {
                let is_and = matches!(e, Expr::And { .. });
                if operands.iter().skip(1).any(has_acquire) {
                    // Short-circuit must decide whether later acquires run.
                    let reg = self.reg();
                    let mut exits = Vec::new();
                    for (i, o) in operands.iter().enumerate() {
                        let v = self.expr(o, loc);
                        self.emit(Op::SetReg { reg, value: v }, loc);
                        if i + 1 < operands.len() {
                            exits.push(self.emit(Op::JumpIf { cond: PExpr::Var(reg), when: !is_and, to: 0 }, loc));
                        }
                    }
                    let end = self.here();
                    for x in exits {
                        self.patch(x, end);
                    }
                    PExpr::Var(reg)
                } else {
                    let parts = operands.iter().map(|o| self.expr(o, loc)).collect();
                    if is_and {
                        PExpr::And(parts)
                    } else {
                        PExpr::Or(parts)
                    }
                }
            }
            Expr::Compare { op, left, right } => {
                let l = self.expr(left, loc);
                let r = self.expr(right, loc);
                PExpr::Cmp(*op, Box::new(l), Box::new(r))
            }
            Expr::Acquire { lock, blocking, timeout, keywords } => {
                let lock = self.receiver(lock, loc);
                let timeout = timeout.as_ref().map(|t| self.expr(t, loc));
                let reg = self.reg();
                self.emit(Op::Acquire { lock, blocking: *blocking, timeout, dest: Some(reg), kw_site: self.kw_site(*keywords) }, loc);
                PExpr::Var(reg)
            }
            Expr::BinOp { op: op @ (BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor), left, right } => {
                // Of two sets it makes a set: a step of its own, as a list.
                let left = self.expr(left, loc);
                let right = self.expr(right, loc);
                let var = self.reg();
                self.emit(Op::Bitwise { var, op: *op, left, right }, loc);
                PExpr::Var(var)
            }
            Expr::BinOp { op, left, right } => {
                let l = self.expr(left, loc);
                let r = self.expr(right, loc);
                PExpr::Bin(*op, Box::new(l), Box::new(r))
            }
            Expr::FString { parts } => PExpr::Format(
                parts
                    .iter()
                    .map(|p| match p {
                        FPart::Text { text } => PFPart::Text(Arc::from(text.as_str())),
                        FPart::Value { value, repr, spec } => {
                            PFPart::Value { value: self.expr(value, loc), repr: *repr, spec: Arc::from(spec.as_str()) }
                        }
                    })
                    .collect(),
            ),
            Expr::Call { function, args } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.func(function);
                let reg = self.reg();
                self.emit(Op::Call { func, args, dest: Some(reg) }, loc);
                PExpr::Var(reg)
            }
            Expr::FuncRef { function } => PExpr::Func(self.func(function)),
            Expr::RLockCall { lock, method, state } => {
                let lock = self.receiver(lock, loc);
                let state = state.as_ref().map(|e| self.expr(e, loc));
                let dest = self.reg();
                self.emit(Op::RLock { lock, method: *method, state, dest: Some(dest) }, loc);
                PExpr::Var(dest)
            }
            Expr::IfElse { test, body, orelse } => {
                // The test, then one branch only: each branch's calls run
                // only when it is taken (POP_JUMP_IF_FALSE, no check).
                let reg = self.reg();
                let cond = self.expr(test, loc);
                let to_else = self.emit(Op::JumpIf { cond, when: false, to: 0 }, loc);
                let v = self.expr(body, loc);
                self.emit(Op::SetReg { reg, value: v }, loc);
                let to_end = self.emit(Op::Jump { to: 0 }, loc);
                let at_else = self.here();
                self.patch(to_else, at_else);
                let v = self.expr(orelse, loc);
                self.emit(Op::SetReg { reg, value: v }, loc);
                let end = self.here();
                self.patch(to_end, end);
                PExpr::Var(reg)
            }
            Expr::Lambda { .. } => {
                let k = self.lambdas.iter().position(|(l, _)| l == e).unwrap_or(0);
                PExpr::Func(self.func(&format!("<lambda>#{k}")))
            }
            Expr::CallValue { callee, args, star, dstar } => {
                let callee = self.expr(callee, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let star = star.as_ref().map(|s| self.expr(s, loc));
                let dstar = dstar.as_ref().map(|s| self.expr(s, loc));
                let reg = self.reg();
                self.emit(Op::CallValue { callee, args, star, dstar, dest: Some(reg) }, loc);
                PExpr::Var(reg)
            }
            Expr::Locked { lock } => PExpr::Locked(self.receiver(lock, loc)),
            Expr::IsAlive { thread } => PExpr::IsAlive(self.receiver(thread, loc)),
            Expr::List { items } => {
                // A list inside an expression: made in a step of its own,
                // held in a register.
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let var = self.reg();
                self.emit(Op::NewList { var, items }, loc);
                PExpr::Var(var)
            }
            Expr::Dict { items } => {
                // BUILD_MAP: keys and values in order, then the dict
                // (DICT_UPDATE for a `**m` item).
                let items = items.iter().map(|(k, v)| (k.as_ref().map(|k| self.expr(k, loc)), self.expr(v, loc))).collect();
                let var = self.reg();
                self.emit(Op::NewDict { var, items }, loc);
                PExpr::Var(var)
            }
            Expr::Tuple { items } => {
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let var = self.reg();
                self.emit(Op::NewTuple { var, items }, loc);
                PExpr::Var(var)
            }
            Expr::Len { value } => PExpr::Len(Box::new(self.expr(value, loc))),
            Expr::IsInstance { value, types } => PExpr::IsInstance(Box::new(self.expr(value, loc)), types.iter().cloned().collect()),
            Expr::Builtin { function, value } => {
                // A call in a step of its own (`sorted` makes a list).
                let value = self.expr(value, loc);
                let dest = self.reg();
                self.emit(Op::Builtin { function: *function, value, dest }, loc);
                PExpr::Var(dest)
            }
            Expr::Slice { value, lower, upper } => {
                // BUILD_SLICE and BINARY_SUBSCR: a new list in a step.
                let value = self.expr(value, loc);
                let lower = lower.as_ref().map(|e| self.expr(e, loc));
                let upper = upper.as_ref().map(|e| self.expr(e, loc));
                let dest = self.reg();
                self.emit(Op::Slice { value, lower, upper, dest }, loc);
                PExpr::Var(dest)
            }
            Expr::Index { value, index } => {
                let v = self.expr(value, loc);
                let i = self.expr(index, loc);
                PExpr::Index(Box::new(v), Box::new(i))
            }
            Expr::Pop { list, index } => {
                let index = index.as_ref().map(|i| self.expr(i, loc));
                let list = self.receiver_expr(list);
                let reg = self.reg();
                self.emit(Op::ListPop { list, index, dest: Some(reg) }, loc);
                PExpr::Var(reg)
            }
            Expr::NewLock { ctor } => {
                let reg = self.reg();
                self.emit(Op::NewLock { var: reg, reentrant: ctor.is_reentrant() }, loc);
                PExpr::Var(reg)
            }
            Expr::IsMainThread => PExpr::IsMainThread,
            Expr::Clock { .. } => PExpr::Now,
            Expr::ThreadCount => PExpr::ThreadCount,
            Expr::Signal { signal } => PExpr::Signal(*signal),
            Expr::ItimerReal => PExpr::ItimerReal,
            Expr::Nsig => PExpr::Nsig,
            Expr::Pid => PExpr::Lit(Literal::Int(crate::values::PID)),
            Expr::TypeOf { value } => PExpr::TypeOf(Box::new(self.expr(value, loc))),
            Expr::LockType => PExpr::LockType,
            Expr::ExcClass { exc } => PExpr::Type(crate::text::Text::new(&crate::objects::exc_class_name(exc))),
            Expr::HookValue { hook } => PExpr::Hook(*hook),
            Expr::BuiltinRef { function } => PExpr::BuiltinRef(*function),
            Expr::SwitchInterval => PExpr::SwitchInterval,
            Expr::HandlerConst { handler } => PExpr::Handler(match handler {
                Handler::Ignore => crate::state::HandlerState::Ignore,
                Handler::DefaultInt => crate::state::HandlerState::DefaultInt,
                // Only the three constants are lowered to this.
                _ => crate::state::HandlerState::Default,
            }),
            Expr::SigMask { how, signals } => {
                let signals = self.expr(signals, loc);
                let dest = self.reg();
                self.emit(Op::SigMask { how: *how, signals, dest }, loc);
                PExpr::Var(dest)
            }
            Expr::SigPending => {
                let dest = self.reg();
                self.emit(Op::SigPending { dest }, loc);
                PExpr::Var(dest)
            }
            Expr::SigWait { signals, timeout } => {
                let signals = self.expr(signals, loc);
                let timeout = timeout.as_ref().map(|t| self.expr(t, loc));
                let dest = self.reg();
                self.emit(Op::SigWait { signals, timeout, dest }, loc);
                PExpr::Var(dest)
            }
            Expr::ThreadQuery { query } => PExpr::ThreadQuery(*query),
            Expr::Enumerate => {
                let dest = self.reg();
                self.emit(Op::Enumerate { dest }, loc);
                PExpr::Var(dest)
            }
            Expr::VersionInfo => {
                // A tuple, made in a step of its own as a list is.
                let dest = self.reg();
                self.emit(Op::VersionInfo { dest }, loc);
                PExpr::Var(dest)
            }
            Expr::Convert { value, repr } => PExpr::Convert(Box::new(self.expr(value, loc)), *repr),
            Expr::CurrentThreadName => PExpr::CurrentThreadName,
            Expr::Attr { value, attr } => {
                let v = self.expr(value, loc);
                PExpr::Attr(Box::new(v), self.attr(attr))
            }
            Expr::New { class, args, thread, kwargs } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let kwargs = kwargs.as_ref().map(|k| self.expr(k, loc));
                let thread = thread.as_ref().map(|t| self.thread_op(t, loc));
                let init = self.scenario.method(class, "__init__").map(|(owner, _)| self.func(&format!("{}.__init__", owner.name)));
                let class = self.class_id(class);
                let dest = self.reg();
                self.emit(Op::New { class, init, args, kwargs, thread, dest }, loc);
                PExpr::Var(dest)
            }
            Expr::Method { value, method, args } => {
                let object = self.expr(value, loc);
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let method = self.attr(method);
                let reg = self.reg();
                self.emit(Op::CallMethod { object, method, args, dest: Some(reg) }, loc);
                PExpr::Var(reg)
            }
            Expr::ClassCall { class, method, args } => {
                let args = args.iter().map(|a| self.expr(a, loc)).collect();
                let func = self.method_code(class, method);
                let reg = self.reg();
                self.emit(Op::Call { func, args, dest: Some(reg) }, loc);
                PExpr::Var(reg)
            }
            Expr::Range { start, stop, step } => {
                let start = start.as_ref().map(|e| self.expr(e, loc));
                let stop = self.expr(stop, loc);
                let step = step.as_ref().map(|e| self.expr(e, loc));
                let var = self.reg();
                self.emit(Op::NewRange { var, start, stop, step }, loc);
                PExpr::Var(var)
            }
            Expr::NewSet { from } => {
                let from = from.as_ref().map(|e| self.expr(e, loc));
                let var = self.reg();
                self.emit(Op::NewSet { var, from, display: false }, loc);
                PExpr::Var(var)
            }
            Expr::SetDisplay { items } => {
                // The items as a tuple, then the set made from it.
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let tuple = self.reg();
                self.emit(Op::NewTuple { var: tuple, items }, loc);
                let var = self.reg();
                self.emit(Op::NewSet { var, from: Some(PExpr::Var(tuple)), display: true }, loc);
                PExpr::Var(var)
            }
            Expr::ListRepeat { items, count } => {
                let items = items.iter().map(|i| self.expr(i, loc)).collect();
                let count = self.expr(count, loc);
                let var = self.reg();
                self.emit(Op::RepeatList { var, items, count }, loc);
                PExpr::Var(var)
            }
            Expr::Thread { spec } => {
                let op = self.thread_op(spec, loc);
                let var = self.reg();
                // No target: `Thread.run` does nothing (the code after the
                // functions' and methods').
                let func = op.func.unwrap_or((self.funcs.len() + 1) as CodeId);
                self.emit(Op::NewThread { var, func, target: op.target, daemon: op.daemon, args: op.args, name: op.name }, loc);
                PExpr::Var(var)
            }
            Expr::ListComp { elt, var, iterable, cond } => {
                // BUILD_LIST, then a loop over the iterable (evaluated once)
                // whose back edge checks as any loop's; the variable is a
                // register of its own.
                let list = self.reg();
                self.emit(Op::NewList { var: list, items: Vec::new() }, loc);
                let value = self.expr(iterable, loc);
                let seq = self.reg();
                self.emit(Op::SetReg { reg: seq, value }, loc);
                let counter = self.reg();
                let item = self.reg();
                self.emit(Op::ForInit { counter }, loc);
                let head = self.emit(Op::ForNextEach { counter, seq, var: item, exit: 0 }, loc);
                self.scoped.push((var.clone(), item));
                if let Some(c) = cond {
                    let c = self.expr(c, loc);
                    self.emit(Op::JumpIf { cond: c, when: false, to: head as Pc }, loc);
                }
                let v = self.expr(elt, loc);
                self.scoped.pop();
                self.emit(Op::CompAppend { list: PExpr::Var(list), value: v }, loc);
                self.emit(Op::Jump { to: head as Pc }, loc);
                let end = self.here();
                self.patch(head, end);
                PExpr::Var(list)
            }
        }
    }
}

/// Whether evaluating `e` runs a statement of its own (an acquire that
/// can block, a call of a function of the script, a list made or popped).
pub(super) fn has_acquire(e: &Expr) -> bool {
    match e {
        Expr::Acquire { .. } | Expr::Call { .. } | Expr::CallValue { .. } | Expr::RLockCall { .. } | Expr::List { .. } | Expr::Dict { .. } | Expr::SetDisplay { .. } | Expr::Pop { .. } | Expr::Builtin { .. } | Expr::Slice { .. } | Expr::Enumerate | Expr::Tuple { .. } | Expr::New { .. } | Expr::Method { .. } | Expr::ClassCall { .. } => true,
        Expr::Attr { value, .. } => has_acquire(value),
        Expr::ListComp { .. } | Expr::Range { .. } | Expr::Thread { .. } | Expr::NewLock { .. } => true,
        Expr::SigMask { .. } | Expr::SigPending | Expr::SigWait { .. } => true,
        Expr::Len { value } | Expr::IsInstance { value, .. } | Expr::TypeOf { value } => has_acquire(value),
        Expr::Index { value, index } => has_acquire(value) || has_acquire(index),
        Expr::Not { operand } => has_acquire(operand),
        Expr::IfElse { test, body, orelse } => has_acquire(test) || has_acquire(body) || has_acquire(orelse),
        Expr::And { operands } | Expr::Or { operands } => operands.iter().any(has_acquire),
        Expr::Compare { left, right, .. } | Expr::BinOp { left, right, .. } => has_acquire(left) || has_acquire(right),
        Expr::FString { parts } => parts.iter().any(|p| matches!(p, FPart::Value { value, .. } if has_acquire(value))),
        _ => false,
    }
}
