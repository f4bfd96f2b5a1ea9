//! Which locks a state can still reach. A lock is reachable when a value
//! names it (in a frame, a thread's arguments, a global, a list, an
//! object's attribute, an exception, a hook, an atexit function), a `with`
//! block holds it, or a thread is about to enter one on it. The others are
//! garbage, as CPython would have freed them. Once the model's table of
//! locks is full (`MAX_LOCKS`), `Op::NewLock` frees them all and gives the
//! new lock the lowest slot, so a loop that makes a lock per turn (each
//! `Condition.wait` makes its waiter lock: `q.get(timeout=…)`,
//! `event.wait(…)` in a polling loop) runs on and comes back to states it
//! was in. (Reusing slots earlier would number a lock by the path that
//! made it, and split states that are one.)
//!
//! Lists, tuples, dicts and objects are all taken as reachable (the model
//! frees none of them), so a lock only they name is kept: conservative.
//!
//! ```text
//! reachable(s) = { l | Lock(l) in a value of s } ∪ { l | With{l} or EnterWith(l) in a frame of s }
//! new lock, table full: free every l ∉ reachable(s) (unlocked, held by nobody); take the lowest
//! ```

use crate::state::{At, Block, Exc, ExitFunc, Lock, LockId, Pending, State, Value};

/// The locks of `s` something can still reach, one bit per lock.
pub fn reachable_locks(s: &State) -> u64 {
    let mut m = 0u64;
    for th in s.threads.iter() {
        th.args.iter().for_each(|v| value(v, &mut m));
        for f in &th.frames {
            f.locals.iter().flatten().for_each(|v| value(v, &mut m));
            f.handling.iter().for_each(|e| exc(e, &mut m));
            for p in &f.pending {
                if let Pending::Raise(e) = p {
                    exc(e, &mut m);
                }
            }
            if let Some(e) = &f.unwinding {
                exc(e, &mut m);
            }
            for b in &f.blocks {
                if let Block::With { lock } = b {
                    m |= bit(*lock);
                }
            }
            if let At::EnterWith(lock) = f.at {
                m |= bit(lock);
            }
        }
    }
    s.globals.iter().flatten().for_each(|v| value(v, &mut m));
    s.lists.iter().flatten().for_each(|v| value(v, &mut m));
    s.objects.iter().flat_map(|o| &o.attrs).for_each(|(_, v)| value(v, &mut m));
    value(&s.hooks.unraisable, &mut m);
    value(&s.hooks.except, &mut m);
    s.atexit.iter().chain(s.threading_atexit.iter()).for_each(|f| exit_func(f, &mut m));
    if let Some(run) = &s.exit_run {
        run.pending.iter().for_each(|f| exit_func(f, &mut m));
        if let Some(v) = &run.running {
            value(v, &mut m);
        }
        if let Some(e) = &run.last {
            exc(e, &mut m);
        }
    }
    m
}

fn bit(l: LockId) -> u64 {
    1u64.checked_shl(u32::from(l)).unwrap_or(0)
}

fn exit_func(f: &ExitFunc, m: &mut u64) {
    value(&f.func, m);
    f.args.iter().for_each(|v| value(v, m));
}

fn exc(e: &Exc, m: &mut u64) {
    if let Some(v) = &e.arg {
        value(v, m);
    }
    if let Some(c) = &e.context {
        exc(c, m);
    }
}

fn value(v: &Value, m: &mut u64) {
    match v {
        Value::Lock(l) => *m |= bit(*l),
        Value::Exc(e) | Value::Traceback(e) => exc(e, m),
        Value::HookArgs(h) => {
            exc(&h.exc, m);
            if let Some((_, v)) = &h.unraisable {
                value(v, m);
            }
            if let Some(v) = &h.thread {
                value(v, m);
            }
        }
        _ => {}
    }
}

/// A slot for a new lock: every lock nothing reaches is freed (unlocked,
/// in no thread's holdings: the state is the same whatever it held), and
/// the lowest of them is returned; `None` when there is none.
pub fn free_slot(s: &mut State) -> Option<LockId> {
    let garbage = !reachable_locks(s) & (1u64.checked_shl(s.locks.len() as u32).unwrap_or(0).wrapping_sub(1));
    if garbage == 0 {
        return None;
    }
    let freed = Lock { reentrant: false, owner: None, count: 0 };
    for l in 0..s.locks.len() {
        if garbage & (1 << l) != 0 && s.locks[l] != freed {
            s.locks[l] = freed.clone();
        }
    }
    let holds_mask = garbage as u32;
    s.threads.update(|th| th.holds & holds_mask != 0, |th| th.holds &= !holds_mask);
    Some(garbage.trailing_zeros() as LockId)
}
