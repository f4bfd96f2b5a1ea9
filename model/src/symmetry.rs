//! Symmetry reduction: states that differ only by which worker thread is
//! which are explored once.
//!
//! A state's representative renumbers the non-main threads in a canonical
//! order (by their contents, with the `Thread-N` number erased) and rewrites
//! every reference to a thread (lock owners, `Thread` values in variables,
//! the shutdown's join target, the last event) to match. Searches key their
//! visited sets by the representative and go on from the state itself, so a
//! trace is always a real path of the model.
//!
//! Sound when no renumbering can change what a run shows. The model's rules
//! treat threads alike except for the main thread, which is never moved; a
//! thread's number shows only in its name and in `str()` of a thread object.
//! So `applies` refuses scripts that read `current_thread().name` or print
//! a variable that may hold a thread.
//!
//! ```text
//! representative(s) = π(s) where π sorts threads 1.. by hash(thread with Thread-N erased)
//! visited(s) ⇔ representative(s) ∈ seen
//! ```

use crate::program::{Op, PExpr, Program, VarRef};
use crate::state::{Event, Origin, State, Thread, Tid, Value};
use std::collections::BTreeSet;

/// Whether renumbering threads cannot change what a run of `program` shows.
pub fn applies(program: &Program) -> bool {
    // Variables that may hold a thread: assigned a new thread, or copied
    // from another variable.
    let mut threadish: BTreeSet<VarRef> = BTreeSet::new();
    let mut prints: Vec<&PExpr> = Vec::new();
    for code in &program.codes {
        for i in &code.instrs {
            match &i.op {
                // A value passed to a thread can be a thread that it prints:
                // not followed here, so no reduction.
                Op::NewThread { args, target, .. } if !args.is_empty() || target.is_some() => return false,
                Op::NewThread { var, .. } => {
                    threadish.insert(*var);
                }
                Op::Assign { var, value: PExpr::Var(_) } | Op::SetReg { reg: var, value: PExpr::Var(_) } => {
                    threadish.insert(*var);
                }
                // The same for a value passed to a function, and for lists
                // (their items are not renumbered).
                Op::Call { .. }
                | Op::CallValue { .. }
                | Op::SetHook { .. }
                | Op::AtexitRegister { .. }
                | Op::AtexitRegisterValue { .. }
                | Op::AtexitUnregister { .. }
                | Op::NewList { .. }
                | Op::NewTuple { .. }
                | Op::New { .. }
                | Op::CallMethod { .. } => return false,
                Op::Print { args, .. } => prints.extend(args),
                Op::Assert { msg: Some(m), .. } => prints.push(m),
                Op::SysExit { code: Some(c) } => prints.push(c),
                _ => {}
            }
            if i.op.mentions(&|e| matches!(e, PExpr::CurrentThreadName)) {
                return false;
            }
        }
    }
    !prints.iter().any(|e| e.any(&|x| matches!(x, PExpr::Var(v) if threadish.contains(v))))
}

/// The state with its non-main threads in canonical order.
pub fn representative(s: &State) -> State {
    let n = s.threads.len();
    if n <= 2 {
        return s.clone();
    }
    let keys: Vec<u64> = s.threads.iter().map(key).collect();
    let mut order: Vec<usize> = (1..n).collect();
    order.sort_by_key(|&i| keys[i]);
    // new_of[old] = new index
    let mut new_of = vec![0 as Tid; n];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = (new + 1) as Tid;
    }
    let map = |t: Tid| new_of[t as usize];
    let mut r = s.clone();
    r.threads = std::iter::once(0).chain(order.iter().copied()).map(|i| erased(&s.threads[i])).collect();
    for i in 0..r.threads.len() {
        // Copy a thread only when it holds a thread value.
        let holds_thread = r.threads[i].frames.iter().any(|f| f.locals.iter().flatten().any(|v| matches!(v, Value::Thread(_))));
        if holds_thread {
            for f in &mut r.threads[i].frames {
                for v in f.locals.iter_mut().flatten() {
                    rewrite(v, &map);
                }
            }
        }
    }
    // Copy the shared vectors only when they name a thread.
    if r.globals.iter().flatten().any(|v| matches!(v, Value::Thread(_))) {
        for v in r.globals.iter_mut().flatten() {
            rewrite(v, &map);
        }
    }
    if r.locks.iter().any(|l| l.owner.is_some_and(|o| map(o) != o)) {
        for l in r.locks.iter_mut() {
            l.owner = l.owner.map(map);
        }
    }
    r.shutdown_target = r.shutdown_target.map(map);
    r.event = match r.event {
        Event::HandlerRan { thread, sig, at } => Event::HandlerRan { thread: map(thread), sig, at },
        Event::ThreadSystemExit { thread, code } => Event::ThreadSystemExit { thread: map(thread), code },
        Event::StepAfterExit { thread } => Event::StepAfterExit { thread: map(thread) },
        Event::RLockReleased { by, owner } => Event::RLockReleased { by: map(by), owner: owner.map(map) },
        Event::Contended { thread } => Event::Contended { thread: map(thread) },
        e => e,
    };
    r
}

/// A thread without its name number (names are not observable here).
fn erased(t: &Thread) -> Thread {
    let mut t = t.clone();
    t.origin = match t.origin {
        Origin::Threading { .. } => Origin::Threading { number: 0 },
        Origin::Raw { .. } => Origin::Raw { number: 0 },
        o => o,
    };
    t
}

fn key(t: &Thread) -> u64 {
    t.hash_without_number()
}

fn rewrite(v: &mut Value, map: &impl Fn(Tid) -> Tid) {
    if let Value::Thread(x) = v {
        *x = map(*x);
    }
}

impl stateright::Representative for State {
    fn representative(&self) -> State {
        representative(self)
    }
}
