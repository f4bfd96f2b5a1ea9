//! Lock slots: taking, giving back and waiting for a lock, and
//! `try_finally` (a `finally` that a killed thread never runs).

use super::*;

impl<'rt> Py<'rt> {
    pub(crate) fn new_lock(&mut self, reentrant: bool) -> LockId {
        let s = self.s();
        // Lock indices are never reused (a Condition.wait makes one per wait).
        assert!(s.locks.len() <= LockId::MAX as usize, "pythread-impl: a runtime makes at most 65536 locks (lib.rs, Limitations)");
        s.locks.push(LockSlot { reentrant, owner: None, count: 0 });
        (s.locks.len() - 1) as LockId
    }

    pub(crate) fn lock_slot(&mut self, l: LockId) -> LockSlot {
        self.s().locks[l as usize]
    }

    /// Takes lock `l` if this thread can; returns whether it did.
    pub(crate) fn try_take(&mut self, l: LockId) -> bool {
        let me = self.me;
        if !Self::ready(self.s(), me, WaitOn::Lock(l)) {
            return false;
        }
        let s = self.s();
        let lk = &mut s.locks[l as usize];
        lk.owner = Some(me);
        lk.count += 1;
        let count = lk.count;
        s.threads[me as usize].holds |= 1u64.checked_shl(l as u32).unwrap_or(0);
        self.record(Event::Acquired { lock: l, count });
        true
    }

    /// Releases lock `l`: `Ok(false)` when it was not held (plain) or not
    /// owned by this thread (RLock), for the caller's error.
    #[inline]
    pub(crate) fn give_back(&mut self, l: LockId) -> bool {
        let me = self.me;
        let s = self.s();
        let lk = &mut s.locks[l as usize];
        if lk.count == 0 || (lk.reentrant && lk.owner != Some(me)) {
            return false;
        }
        lk.count -= 1;
        let count = lk.count;
        if count == 0 {
            // Only the owner has the lock's bit (`try_take` sets it for the
            // thread it makes owner, and a lock changes owner only free).
            if let Some(owner) = lk.owner.take() {
                s.threads[owner as usize].holds &= !1u64.checked_shl(l as u32).unwrap_or(0);
            }
        }
        let (tracing, sleepers) = (s.tracing, s.sleepers);
        if tracing {
            self.record(Event::Released { lock: l, count });
        }
        if sleepers > 0 {
            self.notify();
        }
        true
    }

    /// Acquire with Python's argument rules, the fast path, then a wait.
    #[inline]
    pub(crate) fn acquire_lock(&mut self, l: LockId, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        // `lock.acquire()` of a free lock (or an RLock this thread owns),
        // with nothing the check point would do: no real-clock press or
        // alarm due, the thread not stopped, no trace to write. The same
        // effect as the general path below, without its calls.
        if blocking && timeout == -1.0 {
            let me = self.me;
            let s = self.s();
            let quiet = !s.tracing && (s.clock.kind.is_virtual() || (s.presses.is_empty() && s.alarm.is_none()));
            let running = s.phase != Phase::Hung && s.threads[me as usize].life != Life::Killed;
            let lk = &mut s.locks[l as usize];
            if quiet && running && (lk.count == 0 || (lk.reentrant && lk.owner == Some(me))) {
                lk.owner = Some(me);
                lk.count += 1;
                s.threads[me as usize].holds |= 1u64.checked_shl(l as u32).unwrap_or(0);
                return Ok(true);
            }
        }
        self.acquire_lock_slow(l, blocking, timeout)
    }

    /// `acquire_lock` past its fast path: the check point, Python's
    /// argument rules, a try, then a wait.
    #[inline(never)]
    fn acquire_lock_slow(&mut self, l: LockId, blocking: bool, timeout: f64) -> Result<bool, PyException> {
        self.checkpoint()?;
        let wait = acquire_args(self.inner.variant, blocking, timeout)?;
        if self.try_take(l) {
            return Ok(true);
        }
        let Some(wait) = wait else { return Ok(false) };
        let deadline = wait.map(|ms| self.now() + ms);
        if self.wait(WaitOn::Lock(l), deadline)? {
            Ok(self.try_take(l))
        } else {
            Ok(false)
        }
    }

    /// An RLock's `_acquire_restore`: the fast path, then a wait no signal
    /// ends (`WaitKind::Restore`), then held `count` deep.
    pub(crate) fn acquire_restore(&mut self, l: LockId, count: u32) -> Result<(), PyException> {
        self.checkpoint()?;
        while !self.try_take(l) {
            self.wait(WaitOn::Restore(l), None)?;
        }
        self.set_lock_count(l, count);
        Ok(())
    }

    /// Sets a held RLock's depth (`_release_save`, `_acquire_restore`).
    pub(crate) fn set_lock_count(&mut self, l: LockId, count: u32) {
        self.s().locks[l as usize].count = count;
    }

    /// Which locks each thread holds (bit per lock), for invariant checks.
    pub fn holdings(&mut self) -> Vec<u64> {
        self.s().threads.iter().map(|t| t.holds).collect()
    }

    /// Runs `body`, then `finally` — unless this thread was stopped by the
    /// process exit, in which case nothing more of it runs (caveat 4).
    pub fn try_finally<T>(
        &mut self,
        body: impl FnOnce(&mut Py<'rt>) -> Result<T, PyException>,
        finally: impl FnOnce(&mut Py<'rt>) -> Result<(), PyException>,
    ) -> Result<T, PyException> {
        let r = body(self);
        if matches!(&r, Err(e) if e.is_killed()) {
            return r;
        }
        finally(self)?;
        r
    }
}
