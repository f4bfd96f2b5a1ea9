//! Locks: `Lock` (any thread may release it) and `RLock` (owned, counted;
//! only the owner may release: `rlock_release` in `Modules/_threadmodule.c`
//! raises `RuntimeError("cannot release un-acquired lock")`).
//!
//! ```text
//! acquire(t, l) enabled ⇔ l.count = 0 ∨ (l is RLock ∧ l.owner = t)
//! release(t, l): Lock: l.count = 1 → free, else RuntimeError
//!                RLock: l.owner = t → count − 1, else RuntimeError
//! ```

use super::{HasRules, Mutation, Rules};
use stateright::Model;
use crate::state::{Event, Lock, State, Tid};
use stateright::Property;

pub const AT_MOST_ONE_HOLDER: &str = "lock-held-by-at-most-one-thread";
pub const RLOCK_RELEASED_ONLY_BY_OWNER: &str = "rlock-released-only-by-owner";

/// Whether thread `t` can take `lock` now.
pub fn available(r: Rules, lock: &Lock, t: Tid) -> bool {
    if r.mutation == Some(Mutation::AcquireIgnoresHolder) {
        return true;
    }
    lock.count == 0 || (lock.reentrant && lock.owner == Some(t))
}

/// Whether thread `t` may release the RLock.
pub fn may_release_rlock(r: Rules, lock: &Lock, t: Tid) -> bool {
    lock.owner == Some(t) || (r.mutation == Some(Mutation::RLockReleasedByAnyone) && lock.count > 0)
}

/// What an RLock's `_release_save()` by thread `t` does, the lock held
/// `count` deep by `owner` (CP39; `rlock_release_save`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseSave {
    /// RuntimeError "cannot release un-acquired lock": not held (3.14:
    /// not held by `t`).
    Refused,
    /// 3.8–3.13 and PyPy check only the count: they release another
    /// thread's hold and give its `(count, owner)`. Beyond the model.
    OthersHold,
    /// `t`'s hold, `count` deep, released at once.
    Released(u32),
}

/// `_release_save()`'s rule (observed under nine interpreters, CP39).
pub fn release_save(version: crate::variant::Version, count: u32, owner: Option<Tid>, t: Tid) -> ReleaseSave {
    match (count, owner) {
        (0, _) => ReleaseSave::Refused,
        (_, o) if o != Some(t) && version.is_314() => ReleaseSave::Refused,
        (_, o) if o != Some(t) => ReleaseSave::OthersHold,
        (n, _) => ReleaseSave::Released(n),
    }
}

/// How many threads think they hold lock `id`.
pub fn holders(s: &State, id: usize) -> usize {
    s.threads.iter().filter(|t| t.holds & (1 << id) != 0).count()
}

pub fn properties<M: Model<State = State> + HasRules>() -> Vec<Property<M>> {
    vec![
        Property::always(AT_MOST_ONE_HOLDER, |_: &M, s: &State| (0..s.locks.len()).all(|i| holders(s, i) <= 1)),
        Property::sometimes("witness-lock-held-by-at-most-one-thread", |_: &M, s: &State| {
            matches!(s.event, Event::Contended { .. })
        }),
        Property::always(RLOCK_RELEASED_ONLY_BY_OWNER, |_: &M, s: &State| match s.event {
            Event::RLockReleased { by, owner } => owner == Some(by),
            _ => true,
        }),
        Property::sometimes("witness-rlock-released-only-by-owner", |_: &M, s: &State| {
            matches!(s.event, Event::RLockReleased { .. })
        }),
    ]
}
