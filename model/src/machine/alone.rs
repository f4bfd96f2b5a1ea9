//! Steps that run alone: a partial-order reduction over the steps of
//! library code (specs/state-space.md §6).
//!
//! A step of a thread other than main, inside pythread's copy of
//! `threading.py`/`queue.py`, that reads and writes only its own frame,
//! attributes fixed since their object was made, and data a lock it holds
//! guards (a Queue's items under its mutex, a Condition's waiters under its
//! lock), commutes with every step that another thread, a Ctrl-C or the
//! clock can take before it: no other thread reaches that data without the
//! lock, and the step takes or frees no lock, blocks, wakes, prints or
//! signals nothing. Such a step is the only successor explored, and
//! `next_state` takes a whole run of them as one step (`PyModel::settle`);
//! the others come after it, in the same order.
//! Lock operations that can change who runs (an acquire that can block, a
//! release) stay interleaving points, so a thread's holdings are the same
//! along a run of alone steps; the script's frames are too (a return into
//! the script is not alone), which is what the exit hazards read.

use super::*;

/// The library's data and the locks that guard it, by class and attribute,
/// resolved for one program. `None` in [`PyModel::reduction`] explores
/// every interleaving.
#[derive(Debug)]
pub struct Guards {
    /// `(class, attribute, path)`: the attribute (and the list it holds) is
    /// read and written only while the lock at `path` from the object is
    /// held (queue.py's `with self.mutex`, threading.py's `with self._cond`).
    guarded: Vec<(ClassId, AttrId, Vec<AttrId>)>,
    /// `(class, attribute)` set only by `__init__`, before the object is
    /// shared.
    fixed: Vec<(ClassId, AttrId)>,
    /// `(class, attribute)` holding a Condition the library made for its
    /// object (a Queue's `not_empty`): its lock is the library's too, which
    /// only its holder releases.
    internal: Vec<(ClassId, AttrId)>,
    /// `threading.Condition`.
    condition: Option<ClassId>,
    /// A deliberately unsound reduction (tests only): any step of a thread
    /// other than main that can step runs alone, a `print` too.
    pub any_step: bool,
}

/// The attributes the guards speak of: a script that names one of them can
/// take or free a lock behind the library's back, so it gets no reduction.
const PRIVATE: [&str; 10] =
    [".mutex", "._lock", "._cond", ".not_empty", ".not_full", ".all_tasks_done", "._waiters", "._value", ".unfinished_tasks", ".queue"];

impl Guards {
    /// The guards of `program`'s library classes, or `None` when the script
    /// names their private attributes or runs no library code.
    pub fn of(program: &Program) -> Option<Guards> {
        let scripts_names = program.codes.iter().flat_map(|c| &c.instrs).any(|i| !i.loc.library && PRIVATE.iter().any(|p| i.text.contains(p)));
        // Nothing to reduce in a script that runs no library code: no cost.
        let runs_library = program.codes.iter().flat_map(|c| &c.instrs).any(|i| i.loc.library);
        if scripts_names || !runs_library {
            return None;
        }
        let class = |name: &str| program.classes.iter().position(|c| c.name == name).map(|c| c as ClassId);
        let attr = |name: &str| program.attr_id(name);
        let mut g = Guards { guarded: Vec::new(), fixed: Vec::new(), internal: Vec::new(), condition: class("threading.Condition"), any_step: false };
        let table: [(&str, &[&str], &[(&str, &[&str])], &[&str]); 4] = [
            ("threading.Condition", &["_lock", "_rlock"], &[("_waiters", &["_lock"])], &[]),
            ("queue.Queue", &["maxsize", "mutex", "not_empty", "not_full", "all_tasks_done"], &[("queue", &["mutex"]), ("unfinished_tasks", &["mutex"])], &["not_empty", "not_full", "all_tasks_done"]),
            ("threading.Event", &["_cond"], &[], &["_cond"]),
            ("threading.Semaphore", &["_cond", "_initial_value"], &[("_value", &["_cond", "_lock"])], &["_cond"]),
        ];
        for (name, fixed, guarded, internal) in table {
            let Some(c) = class(name) else { continue };
            g.fixed.extend(fixed.iter().filter_map(|a| attr(a)).map(|a| (c, a)));
            g.internal.extend(internal.iter().filter_map(|a| attr(a)).map(|a| (c, a)));
            for (a, path) in guarded {
                let path: Option<Vec<AttrId>> = path.iter().map(|p| attr(p)).collect();
                if let (Some(a), Some(path)) = (attr(a), path) {
                    g.guarded.push((c, a, path));
                }
            }
        }
        Some(g)
    }

    /// Whether objects of `class` are of `of` (a subclass counts).
    fn is(program: &Program, mut class: ClassId, of: ClassId) -> bool {
        loop {
            if class == of {
                return true;
            }
            match program.classes[class as usize].base {
                Some(b) => class = b,
                None => return false,
            }
        }
    }
}

/// The most steps `settle` takes after one: a run of alone steps ends
/// before this (each goes forward in its thread's code, no loop), but the
/// deliberately unsound reduction runs loops alone.
const MOST_ALONE: usize = 1000;

impl PyModel {
    /// `s` after every step that runs alone from it, one after the other:
    /// a state where one does is never a choice (it is the only step), so
    /// the searches do not keep it (specs/state-space.md §6). What the
    /// properties read of the step that led to `s` (`event`) is kept: an
    /// alone step has none of its own.
    pub(crate) fn settle(&self, mut s: State) -> State {
        if self.reduction.is_none() {
            return s;
        }
        let event = std::mem::take(&mut s.event);
        for _ in 0..MOST_ALONE {
            match self.alone(&s) {
                Some((_, next)) => s = next,
                None => break,
            }
        }
        s.event = event;
        s
    }

    /// The thread whose next step runs alone, if any, with the state that
    /// step leads to (deciding takes the step).
    pub fn alone(&self, s: &State) -> Option<(Tid, State)> {
        let g = self.reduction.as_deref()?;
        if s.phase != Phase::Running || s.beyond_model {
            return None;
        }
        let step = |t: Tid| self.take(s, Action::Step { thread: t, land: MAIN }).map(|next| (t, next));
        if g.any_step {
            return (1..s.threads.len() as Tid)
                .find(|&t| self.can_step(s, t) && s.threads[t as usize].frames.last().is_some_and(|f| f.wait.is_none()))
                .and_then(step);
        }
        (0..s.threads.len() as Tid).filter(|&t| self.touches_only_its_own(g, s, t)).find_map(|t| self.invisible_step(s, t).map(|next| (t, next)))
    }

    /// The enabling half: thread `t` stands at a library statement whose
    /// reads and writes no other thread, signal or tick can reach now.
    fn touches_only_its_own(&self, g: &Guards, s: &State, t: Tid) -> bool {
        let th = &s.threads[t as usize];
        if th.life != Life::Running || th.woken {
            return false;
        }
        let Some(f) = th.frames.last() else { return false };
        // Main only away from its check points, where it passes one decides
        // where a handler runs; unless no signal can come any more.
        let at_ok = f.at == At::Go || (t == MAIN && matches!(f.at, At::Check(_)) && self.no_signal_can_come(s));
        if f.wait.is_some() || !at_ok || f.handlers_running || f.unwinding.is_some() || th.frames.len() + 1 >= MAX_FRAMES {
            return false;
        }
        // The end of a finally body entered by an exception re-raises it,
        // maybe out of the thread (a traceback on stderr).
        if th.frames.iter().any(|f| f.pending.iter().any(|p| matches!(p, Pending::Raise(_)))) {
            return false;
        }
        let instr = self.instr(f);
        if !instr.loc.library {
            return false;
        }
        let reads = |e: &PExpr| self.reads_own(g, s, t, f, e);
        let local = |v: &VarRef| matches!(v, VarRef::Local(_));
        match &instr.op {
            Op::Assign { var, value } => local(var) && reads(value),
            Op::SetReg { reg, value } => local(reg) && reads(value),
            Op::JumpIf { cond, .. } => reads(cond),
            Op::Call { args, dest, .. } => dest.as_ref().is_none_or(local) && args.iter().all(reads),
            Op::CallMethod { object, args, dest, .. } => {
                dest.as_ref().is_none_or(local)
                    && reads(object)
                    && args.iter().all(reads)
                    && matches!(self.eval(s, t, f, object), Ok(Value::Obj(_)))
            }
            Op::NewLock { var, .. } => local(var),
            Op::NewList { var, items } | Op::NewTuple { var, items } => local(var) && items.iter().all(reads),
            Op::ListAppend { list, value } | Op::ListRemove { list, value } => self.guarded_list(g, s, t, f, list) && reads(value),
            Op::ListPop { list, index, dest } => {
                self.guarded_list(g, s, t, f, list) && index.as_ref().is_none_or(reads) && dest.as_ref().is_none_or(local)
            }
            Op::SetAttr { object, attr, value } => {
                reads(object)
                    && reads(value)
                    && matches!(self.eval(s, t, f, object), Ok(Value::Obj(o)) if self.guard_held(g, s, t, o, *attr))
            }
            // A lock it holds: a plain Lock's non-blocking acquire fails and
            // an RLock's succeeds, whatever other threads do meanwhile.
            Op::Acquire { lock, blocking, timeout: None, dest, .. } => {
                let Some(l) = read(s, f, *lock).and_then(|v| crate::objects::lock_in(&self.program, &s.objects, &v)) else { return false };
                let lk = &s.locks[l as usize];
                dest.as_ref().is_none_or(local) && lk.owner == Some(t) && (lk.reentrant || *blocking == Some(false))
            }
            _ => false,
        }
    }

    /// Whether no signal is tripped, pending or still to come (no press
    /// left, no alarm, nothing in the script sends one): the main thread's
    /// check points then find nothing to run.
    fn no_signal_can_come(&self, s: &State) -> bool {
        s.presses_left == 0
            && s.tripped == 0
            && s.alarm.is_none()
            && s.kernel_pending == 0
            && s.queued == [0; 5]
            && !self.program.sends_signals
            && s.threads.iter().all(|th| th.kernel_pending == 0)
    }

    /// Whether evaluating `e` in thread `t` reads only what no other thread
    /// can change now: its locals, fixed attributes, guarded data whose lock
    /// it holds, the clock (no tick comes while it can step).
    fn reads_own(&self, g: &Guards, s: &State, t: Tid, f: &Frame, e: &PExpr) -> bool {
        let reads = |e: &PExpr| self.reads_own(g, s, t, f, e);
        // A list's items are read when its value is inspected.
        let inspected = |e: &PExpr| {
            reads(e)
                && match self.eval(s, t, f, e) {
                    Ok(Value::List(l) | Value::Dict(l) | Value::Set(l)) => self.guards_list(g, s, t, l),
                    Ok(_) => true,
                    Err(_) => false,
                }
        };
        match e {
            PExpr::Lit(_) | PExpr::Var(VarRef::Local(_)) | PExpr::Func(_) | PExpr::Type(_) | PExpr::BuiltinRef(_) | PExpr::LockType | PExpr::IsMainThread | PExpr::Now => true,
            PExpr::Not(x) | PExpr::Len(x) => inspected(x),
            PExpr::And(xs) | PExpr::Or(xs) => xs.iter().all(inspected),
            PExpr::Cmp(_, a, b) | PExpr::Bin(_, a, b) => inspected(a) && inspected(b),
            PExpr::Index(x, i) => inspected(x) && reads(i),
            PExpr::Attr(x, a) => reads(x) && matches!(self.eval(s, t, f, x), Ok(Value::Obj(o)) if self.attr_is_own(g, s, t, o, *a)),
            PExpr::Locked(v) => read(s, f, *v)
                .and_then(|v| crate::objects::lock_in(&self.program, &s.objects, &v))
                .is_some_and(|l| s.locks[l as usize].owner == Some(t)),
            _ => false,
        }
    }

    fn attr_is_own(&self, g: &Guards, s: &State, t: Tid, o: ObjId, a: AttrId) -> bool {
        let class = s.objects[o as usize].class;
        g.fixed.iter().any(|&(c, x)| x == a && Guards::is(&self.program, class, c)) || self.guard_held(g, s, t, o, a)
    }

    /// Whether attribute `a` of object `o` is guarded by a lock `t` holds,
    /// one that only its holder frees.
    fn guard_held(&self, g: &Guards, s: &State, t: Tid, o: ObjId, a: AttrId) -> bool {
        let class = s.objects[o as usize].class;
        let Some((_, _, path)) = g.guarded.iter().find(|&&(c, x, _)| x == a && Guards::is(&self.program, class, c)) else { return false };
        let mut at = Value::Obj(o);
        for step in path {
            let Ok(v) = crate::objects::get(&self.program, &s.objects, &at, *step) else { return false };
            at = v;
        }
        let Value::Lock(l) = at else { return false };
        let lock = &s.locks[l as usize];
        if lock.owner != Some(t) {
            return false;
        }
        // A script's Condition(lock): the script may free that lock from
        // another thread. An RLock only its owner frees; the library's own
        // Conditions hold locks the script cannot name.
        let is_condition = g.condition.is_some_and(|c| Guards::is(&self.program, class, c));
        !is_condition || lock.reentrant || self.library_made(g, s, o)
    }

    /// Whether Condition `o` is one a library object made for itself.
    fn library_made(&self, g: &Guards, s: &State, o: ObjId) -> bool {
        s.objects.iter().any(|x| {
            x.attrs.iter().any(|(a, v)| *v == Value::Obj(o) && g.internal.iter().any(|&(c, ia)| ia == *a && Guards::is(&self.program, x.class, c)))
        })
    }

    /// Whether list `l` is held by a guarded attribute whose lock `t` holds
    /// (a Queue's items, a Condition's waiters).
    fn guards_list(&self, g: &Guards, s: &State, t: Tid, l: ListId) -> bool {
        s.objects.iter().enumerate().any(|(o, obj)| {
            obj.attrs.iter().any(|(a, v)| matches!(v, Value::List(x) if *x == l) && self.guard_held(g, s, t, o as ObjId, *a))
        })
    }

    fn guarded_list(&self, g: &Guards, s: &State, t: Tid, f: &Frame, list: &PExpr) -> bool {
        self.reads_own(g, s, t, f, list) && matches!(self.eval(s, t, f, list), Ok(Value::List(l)) if self.guards_list(g, s, t, l))
    }

    /// The other half, read off the step's result: it printed, raised out
    /// of the thread, blocked, ended, took or freed a lock, touched the
    /// script's frames, or jumped back (a loop, so runs of alone steps end)
    /// — any of these and the step interleaves as usual.
    fn invisible_step(&self, s: &State, t: Tid) -> Option<State> {
        let next = self.take(s, Action::Step { thread: t, land: MAIN })?;
        let (a, b) = (&s.threads[t as usize], &next.threads[t as usize]);
        let in_script = |f: &&Frame| !self.instr(f).loc.library;
        let depth = b.frames.len();
        let went_back = depth == 0 || depth <= a.frames.len() && {
            let (fa, fb) = (&a.frames[depth - 1], &b.frames[depth - 1]);
            fa.code == fb.code && fb.pc <= fa.pc
        };
        let invisible = next.event == Event::None
            && !next.beyond_model
            // Unchanged, not the same length: a print taken into a fold
            // (`state::output`) can leave the length as it was.
            && next.stdout == s.stdout
            && next.stdout_open == s.stdout_open
            && next.stderr == s.stderr
            && b.life == Life::Running
            && b.holds == a.holds
            && b.frames.last().is_some_and(|f| f.wait.is_none() && (f.at == At::Go || t == MAIN && matches!(f.at, At::Check(_))))
            && !went_back
            && a.frames.iter().filter(in_script).eq(b.frames.iter().filter(in_script));
        invisible.then_some(next)
    }
}
