//! Which locks a state can still reach. A lock is reachable when a value
//! names it (in a frame, a thread's arguments, a global, a list, an
//! object's attribute, an exception, a hook, an atexit function), a `with`
//! block holds it, or a thread is about to enter one on it. The others are
//! garbage, as CPython would have freed them. `Op::NewLock` frees them all
//! and gives the new lock the lowest slot freed (a new slot when none is),
//! so a loop that makes a lock per turn (each `Condition.wait` makes its
//! waiter lock: `q.get(timeout=…)`, `event.wait(…)` in a polling loop)
//! comes back at its next turn to the state it was in. (Until 2026-12-03
//! slots were reused only once all `MAX_LOCKS` were taken, so that lock
//! numbers followed the order of making; such a loop then came back only
//! after 32 turns. Either way a number depends on the path, since threads
//! make locks in any order: specs/state-space.md §5 has the trade.)
//!
//! For locks, lists, tuples, dicts and objects are all taken as reachable,
//! so a lock only they name is kept: conservative. Lists, tuples, dicts and
//! sets are freed only once their table is full (`MAX_LISTS`): a
//! list is reachable when a value outside the lists names it, or a
//! reachable list holds it (objects are never freed, so their attributes
//! count as outside), and a new one takes the lowest unreachable slot.
//!
//! ```text
//! reachable(s) = { l | Lock(l) in a value of s } ∪ { l | With{l} or EnterWith(l) in a frame of s }
//! new lock:             free every l ∉ reachable(s) (unlocked, held by nobody); take the lowest
//! new list, table full:  free every list nothing outside the lists reaches (emptied); take the lowest
//! ```

use super::{At, Block, BuiltinFn, Exc, ListId, Lock, LockId, Pending, State, Value, MAX_LISTS};

/// The locks of `s` something can still reach, one bit per lock.
pub fn reachable_locks(s: &State) -> u64 {
    let mut m = 0u64;
    for th in s.threads.iter() {
        for f in &th.frames {
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
    roots(s, &mut |v| value(v, &mut m));
    s.lists.iter().flatten().for_each(|v| value(v, &mut m));
    m
}

/// The lists (tuples, dicts, sets) of `s` something can still reach, one
/// bit per list; a list past the 64th is never garbage.
pub fn reachable_lists(s: &State) -> u64 {
    let mut m = 0u64;
    let mut todo: Vec<ListId> = Vec::new();
    roots(s, &mut |v| lists_named(v, &mut todo));
    while let Some(l) = todo.pop() {
        let b = 1u64.checked_shl(u32::from(l)).unwrap_or(0);
        if b == 0 || m & b != 0 {
            continue;
        }
        m |= b;
        if let Some(items) = s.lists.get(l as usize) {
            items.iter().for_each(|v| lists_named(v, &mut todo));
        }
    }
    m
}

/// Calls `f` with every value `s` holds outside its lists: in the threads'
/// arguments and frames (what they handle and re-raise included), the
/// globals, the objects' attributes, the hooks and the exit functions.
fn roots(s: &State, f: &mut impl FnMut(&Value)) {
    for th in s.threads.iter() {
        th.args.iter().for_each(&mut *f);
        for fr in &th.frames {
            fr.locals.iter().flatten().for_each(&mut *f);
            fr.handling.iter().for_each(|e| exc_values(e, f));
            for p in &fr.pending {
                if let Pending::Raise(e) = p {
                    exc_values(e, f);
                }
            }
            if let Some(e) = &fr.unwinding {
                exc_values(e, f);
            }
        }
    }
    s.globals.iter().flatten().for_each(&mut *f);
    s.objects.iter().flat_map(|o| &o.attrs).for_each(|(_, v)| f(v));
    f(&s.hooks.unraisable);
    f(&s.hooks.except);
    for e in s.atexit.iter().chain(s.threading_atexit.iter()) {
        f(&e.func);
        e.args.iter().for_each(&mut *f);
    }
    if let Some(run) = &s.exit_run {
        for e in &run.pending {
            f(&e.func);
            e.args.iter().for_each(&mut *f);
        }
        if let Some(v) = &run.running {
            f(v);
        }
        if let Some(e) = &run.last {
            exc_values(e, f);
        }
    }
}

/// The values an exception holds: its argument, and its context's.
fn exc_values(e: &Exc, f: &mut impl FnMut(&Value)) {
    if let Some(v) = &e.arg {
        f(v);
    }
    if let Some(c) = &e.context {
        exc_values(c, f);
    }
}

/// The lists a value names, directly or through the exceptions and hook
/// arguments it holds.
fn lists_named(v: &Value, todo: &mut Vec<ListId>) {
    match v {
        Value::List(l) | Value::Tuple(l) | Value::Set(l) | Value::Dict(l) | Value::Builtin(BuiltinFn::Append(l)) => todo.push(*l),
        Value::Exc(e) | Value::Traceback(e) => exc_values(e, &mut |v| lists_named(v, todo)),
        Value::HookArgs(h) => {
            exc_values(&h.exc, &mut |v| lists_named(v, todo));
            if let Some((_, v)) = &h.unraisable {
                lists_named(v, todo);
            }
            if let Some(v) = &h.thread {
                lists_named(v, todo);
            }
        }
        _ => {}
    }
}

fn bit(l: LockId) -> u64 {
    1u64.checked_shl(u32::from(l)).unwrap_or(0)
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
    let garbage = unreached(reachable_locks(s), s.locks.len());
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

/// A slot for a new list once the table is full: every list nothing
/// reaches is emptied (its contents are garbage: the state is the same
/// whatever it held), and the lowest of them is returned; `None` when the
/// table is not full or nothing is garbage.
pub fn free_list_slot(s: &mut State) -> Option<ListId> {
    if s.lists.len() < MAX_LISTS {
        return None;
    }
    let garbage = unreached(reachable_lists(s), s.lists.len());
    if garbage == 0 {
        return None;
    }
    for l in 0..s.lists.len().min(64) {
        if garbage & (1 << l) != 0 && !s.lists[l].is_empty() {
            s.lists[l] = Vec::new();
        }
    }
    Some(garbage.trailing_zeros() as ListId)
}

/// Whether a new list has no slot: the table is full and every list in it
/// is reachable.
pub fn lists_full(s: &State) -> bool {
    s.lists.len() >= MAX_LISTS && unreached(reachable_lists(s), s.lists.len()) == 0
}

/// The slots of a table of `len` that `reached` leaves out, one bit each
/// (the first 64).
fn unreached(reached: u64, len: usize) -> u64 {
    !reached & 1u64.checked_shl(len as u32).unwrap_or(0).wrapping_sub(1)
}
