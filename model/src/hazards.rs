//! Hazards: what can go wrong in a user's script, per variant, each with a
//! shortest trace that replays in the model.
//!
//! A breadth-first search over the model's transition system, like
//! `outcome::predict`, whose nodes carry one path-sensitive fact the model
//! state does not keep: which locks the main thread still holds since a
//! KeyboardInterrupt hit it (for `lock-left-held-after-interrupt`). Every
//! other hazard is read off one transition or one end state:
//!
//! ```text
//! hang                            end state, process still running
//! runs-forever                    a cycle of states no run can leave (bottom SCC with an edge)
//! ctrl-c-delayed                  main's timed wait ends ≥ DELAYED ms after a SIGINT that did not interrupt it
//! finally-skipped-at-exit         thread killed with a try/finally or with block open
//! lock-held-at-exit               thread killed holding a lock
//! work-lost-at-exit               thread killed before its target returned
//! lock-left-held-after-interrupt  KeyboardInterrupt in main while it holds L; L held at the end
//! uncaught-in-thread              thread ends, stderr grows
//! keyboardinterrupt-escapes-main  main's code ends by an uncaught KeyboardInterrupt
//! keyboardinterrupt-before-try    the same, raised before main's `try … except KeyboardInterrupt`
//! systemexit-code-lost            thread ends by SystemExit(n), n ≠ 0
//! assertion-failed                an `assert` statement runs with a false test
//! differs-across-platforms        two platforms' outcome sets differ (see `differences`)
//! task-never-done                 end state, a thread blocked in `Queue.join`
//! lost-wakeup                     end state, a thread blocked in the script's `cond.wait()` on a
//!                                 Condition the script notified while no thread waited on it
//! ```
//!
//! `lost-wakeup` needs a second path fact: the first `notify()`/`notify_all()`
//! the script (not the library: `Event.set` and `Queue.put` notify with no
//! waiter harmlessly) called on a Condition whose `_waiters` was empty.

use crate::caveats::interrupts_main_only::CheckKind;
use crate::machine::{Action, PyModel};
use crate::outcome::{Limits, Outcome, Stop};
use crate::state::{Block, Event, HandlerState, Life, Phase, State, Tid, MAIN};
use crate::variant::{Platform, Variant};
use serde::Serialize;
use stateright::Model;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// A kind of hazard: its stable identifier, how much it matters, what it
/// means, the usual remedy.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Kind {
    pub id: &'static str,
    pub severity: Severity,
    /// Why it has that severity, for specs/hazards.md.
    pub why: &'static str,
    pub explanation: &'static str,
    pub fix: &'static str,
}

/// How much a hazard matters to the script's user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing: platforms differ.
    Note,
    /// Worth a look: an exception left unhandled, work cut short, a Ctrl-C
    /// that waits.
    Warning,
    /// Something is lost: a run can hang or loop for ever, a `finally` is
    /// skipped, a lock stays held, an exit status is lost, an assertion
    /// fails.
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s {
            "note" => Ok(Severity::Note),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity `{s}` (error, warning, note)")),
        }
    }
}

pub const HANG: Kind = Kind {
    id: "hang",
    severity: Severity::Error,
    why: "the program never ends by itself, and where the wait ignores Ctrl-C not even that ends it",
    explanation: "a run can block forever: every thread waits and nothing can wake it",
    fix: "wait with a timeout in a retry loop (`while not lock.acquire(timeout=0.1): pass`) so Ctrl-C is seen between waits, also on Windows before 3.14",
};
pub const RUNS_FOREVER: Kind = Kind {
    id: "runs-forever",
    severity: Severity::Error,
    why: "the program never ends by itself",
    explanation: "a run can go round a loop forever: nothing it waits for or tests can ever change, and no Ctrl-C is left to end it",
    fix: "give the loop a way out (a flag or an Event another thread sets, a counter, a deadline), and catch KeyboardInterrupt around it",
};
pub const CTRL_C_DELAYED: Kind = Kind {
    id: "ctrl-c-delayed",
    severity: Severity::Warning,
    why: "the program still stops, later than the user asked",
    explanation: "Ctrl-C comes while the main thread waits in a wait it does not interrupt (or just before the wait begins, after the last check point): the KeyboardInterrupt comes only when the wait times out, 0.2 s or more later",
    fix: "wait in short slices in a loop (`while not done.wait(0.1): pass`, `lock.acquire(timeout=0.1)`), so a pending Ctrl-C is handled between them",
};
pub const FINALLY_SKIPPED_AT_EXIT: Kind = Kind {
    id: "finally-skipped-at-exit",
    severity: Severity::Error,
    why: "clean-up the code promises (a file flushed, state restored) never happens",
    explanation: "the process exits while a thread is inside try/finally or with: its finally block or with exit never runs",
    fix: "make the thread non-daemon, or join it before the main thread ends",
};
pub const LOCK_HELD_AT_EXIT: Kind = Kind {
    id: "lock-held-at-exit",
    severity: Severity::Error,
    why: "what the lock protected is left half-updated",
    explanation: "the process exits while a killed thread still holds a lock",
    fix: "join the thread (or make it non-daemon) so it releases the lock before the exit",
};
pub const WORK_LOST_AT_EXIT: Kind = Kind {
    id: "work-lost-at-exit",
    severity: Severity::Warning,
    why: "work is cut short, though often by design (a daemon that polls for ever)",
    explanation: "the process exits while a daemon thread (or one from _thread.start_new_thread) is still running its target: it is killed where it stands and the rest of its work never happens",
    fix: "join the thread before the main thread ends (signal it to stop first if it loops), or make it non-daemon",
};
pub const LOCK_LEFT_HELD_AFTER_INTERRUPT: Kind = Kind {
    id: "lock-left-held-after-interrupt",
    severity: Severity::Error,
    why: "every later acquire of that lock blocks for ever",
    explanation: "a KeyboardInterrupt between acquire() and release() leaves the lock held to the end",
    fix: "use `with lock:` (or try/finally: lock.release()) so the lock is released when an exception passes",
};
pub const UNCAUGHT_IN_THREAD: Kind = Kind {
    id: "uncaught-in-thread",
    severity: Severity::Warning,
    why: "the error is printed, but the program goes on and its exit status says nothing",
    explanation: "a thread ends with an uncaught exception: it is printed on stderr and the program goes on as if nothing happened",
    fix: "catch the exception in the thread function and hand it to the main thread (a variable read after join)",
};
pub const KEYBOARDINTERRUPT_ESCAPES_MAIN: Kind = Kind {
    id: "keyboardinterrupt-escapes-main",
    severity: Severity::Warning,
    why: "Ctrl-C still stops the program, with a traceback instead of a clean exit",
    explanation: "Ctrl-C raises KeyboardInterrupt in the main thread and nothing catches it: traceback, and the process ends by SIGINT (exit status 130; on Windows 3221225786, STATUS_CONTROL_C_EXIT)",
    fix: "wrap the main thread's waiting code in try/except KeyboardInterrupt and shut down cleanly",
};
pub const KEYBOARDINTERRUPT_BEFORE_TRY: Kind = Kind {
    id: "keyboardinterrupt-before-try",
    severity: Severity::Note,
    why: "only a Ctrl-C in the first moments of the run; the script handles it after that",
    explanation: "only if Ctrl-C comes before the main thread reaches this `try` that catches KeyboardInterrupt: then nothing catches it, and the program ends with a traceback (a race confined to start-up)",
    fix: "enter the try before the threads start (or set the SIGINT handler first), so a Ctrl-C during start-up is caught too",
};
pub const SYSTEMEXIT_CODE_LOST: Kind = Kind {
    id: "systemexit-code-lost",
    severity: Severity::Error,
    why: "the exit status a caller (a shell, CI) reads is wrong",
    explanation: "sys.exit(n) with n ≠ 0 in a thread ends only that thread: the process exit status ignores n",
    fix: "store the status where the main thread sees it and call sys.exit(status) in the main thread after join",
};
pub const ASSERTION_FAILED: Kind = Kind {
    id: "assertion-failed",
    severity: Severity::Error,
    why: "the script's own invariant is broken",
    explanation: "an assert statement of the script can fail",
    fix: "wait for what the assertion expects (join the thread, or hold the lock) before asserting",
};
pub const TASK_NEVER_DONE: Kind = Kind {
    id: "task-never-done",
    severity: Severity::Error,
    why: "`q.join()` waits for ever: a hang",
    explanation: "`q.join()` can wait forever: a task taken from the queue is never marked done (an exception in the worker skipped `task_done()`, or the worker ended)",
    fix: "call `q.task_done()` in a `finally:` right after each `q.get()`, so a task that fails is still counted as done (and catch what it raises in the worker)",
};
pub const LOST_WAKEUP: Kind = Kind {
    id: "lost-wakeup",
    severity: Severity::Error,
    why: "the waiting thread waits for ever: a hang",
    explanation: "`notify()` ran while no thread waited on the Condition, and a thread that waits on it afterwards waits forever: the wakeup was lost",
    fix: "wait for a state, not for a notification: set a flag under the lock before notifying and wait with `cond.wait_for(lambda: flag)` (or `while not flag: cond.wait()`); or use a `threading.Event`, which remembers",
};
pub const DIFFERS_ACROSS_PLATFORMS: Kind = Kind {
    id: "differs-across-platforms",
    severity: Severity::Note,
    why: "each run is right where it runs; it matters when the script must behave alike everywhere",
    explanation: "the script can end differently on one platform than on another",
    fix: "avoid behaviour the platforms define differently (blocking waits without timeout under Ctrl-C, POSIX-only signals)",
};

/// Every hazard kind, in report order.
pub const KINDS: [Kind; 15] = [
    HANG,
    RUNS_FOREVER,
    CTRL_C_DELAYED,
    FINALLY_SKIPPED_AT_EXIT,
    LOCK_HELD_AT_EXIT,
    WORK_LOST_AT_EXIT,
    LOCK_LEFT_HELD_AFTER_INTERRUPT,
    UNCAUGHT_IN_THREAD,
    KEYBOARDINTERRUPT_ESCAPES_MAIN,
    KEYBOARDINTERRUPT_BEFORE_TRY,
    SYSTEMEXIT_CODE_LOST,
    ASSERTION_FAILED,
    TASK_NEVER_DONE,
    LOST_WAKEUP,
    DIFFERS_ACROSS_PLATFORMS,
];

/// The kind with this identifier.
pub fn kind(id: &str) -> Option<Kind> {
    KINDS.into_iter().find(|k| k.id == id)
}

/// One hazard found under one variant, with its shortest trace.
#[derive(Clone, Debug)]
pub struct Found {
    pub kind: Kind,
    /// The script line it points at (0 when none applies).
    pub line: u32,
    /// The actions from the initial state to where it happens.
    pub actions: Vec<Action>,
}

/// The hazards and outcomes of one scenario under one variant.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub variant: Variant,
    /// False when a limit stopped the search: hazards may be missing.
    pub complete: bool,
    /// Nodes explored (model states × the lock-interrupt fact).
    pub states: usize,
    /// The first (shortest) occurrence of each hazard kind, in `KINDS` order.
    pub found: Vec<Found>,
    /// Every outcome with the actions of a shortest run to it.
    pub outcomes: BTreeMap<Outcome, Vec<Action>>,
    /// What stopped the search early (then `complete` is false).
    pub stop: Option<Stop>,
    /// When a limit stopped it: the loop the deepest run was in (see
    /// `Prediction::looping_at`).
    pub looping_at: Option<crate::scenario::Loc>,
}

/// A search node: a model state plus the locks main holds since a
/// KeyboardInterrupt hit it (bit per lock) and the line it was hit at, and
/// since when a SIGINT has been pending (`NONE` when it is not).
#[derive(Clone)]
struct Node {
    state: State,
    interrupted_locks: u32,
    interrupt_line: u32,
    sigint_since: crate::state::Millis,
    /// The first notify of the script that no waiter could see: the
    /// Condition's object and the script's line (0: none yet).
    lost_notify: (crate::state::ObjId, u32),
}

/// `Node::sigint_since` when no SIGINT is pending.
const NONE: crate::state::Millis = crate::state::Millis::MAX;

/// How late (ms) a KeyboardInterrupt must come for `ctrl-c-delayed`: waits
/// in slices of 0.1 s, the usual remedy, stay under it.
pub const DELAYED: crate::state::Millis = 200;

/// The visited-set key of a node (its state's up to symmetry, when `reduce`).
fn fingerprint(limits: &Limits, reduce: bool, n: &Node) -> u64 {
    let mut h = DefaultHasher::new();
    limits.visited_key(reduce, &n.state).hash(&mut h);
    n.interrupted_locks.hash(&mut h);
    n.interrupt_line.hash(&mut h);
    n.sigint_since.hash(&mut h);
    n.lost_notify.hash(&mut h);
    h.finish()
}

/// The script line thread `t` is at in `s` (0 if it has no code left):
/// inside library code (`Event.wait`), the script's line that called it.
fn line_of(model: &PyModel, s: &State, t: Tid) -> u32 {
    s.threads[t as usize].frames.iter().rev().map(|f| model.instr(f).loc).find(|l| !l.library).map_or(0, |l| l.line)
}

/// The library's code for `class.method` (`queue.Queue`, `join`), where
/// the script uses that class.
fn library_method(model: &PyModel, class: &str, method: &str) -> Option<crate::program::CodeId> {
    let p = &model.program;
    let c = p.classes.iter().position(|c| c.name == class)?;
    let m = p.attrs.iter().position(|a| a == method)?;
    p.method(c as crate::program::ClassId, m as crate::program::AttrId)
}

/// The library code the end-state hazards look for: `Condition.wait`,
/// `notify`/`notify_all`, `Queue.join`, and the Condition's `_waiters`.
struct LibraryCode {
    wait: Option<crate::program::CodeId>,
    notify: [Option<crate::program::CodeId>; 2],
    queue_join: Option<crate::program::CodeId>,
    waiters: Option<crate::program::AttrId>,
}

impl LibraryCode {
    fn of(model: &PyModel) -> LibraryCode {
        LibraryCode {
            wait: library_method(model, "threading.Condition", "wait"),
            notify: [library_method(model, "threading.Condition", "notify"), library_method(model, "threading.Condition", "notify_all")],
            queue_join: library_method(model, "queue.Queue", "join"),
            waiters: model.program.attrs.iter().position(|a| a == "_waiters").map(|a| a as crate::program::AttrId),
        }
    }

    /// The Condition (its object) that thread `t` waits on in a `wait()`
    /// the script called, if it does.
    fn scripts_wait(&self, model: &PyModel, s: &State, t: Tid) -> Option<crate::state::ObjId> {
        let frames = &s.threads[t as usize].frames;
        frames.iter().enumerate().find_map(|(i, f)| {
            let called_by_script = i > 0 && !model.instr(&frames[i - 1]).loc.library;
            match f.locals.first() {
                Some(Some(crate::state::Value::Obj(o))) if Some(f.code) == self.wait && called_by_script => Some(*o),
                _ => None,
            }
        })
    }

    /// The Condition thread `t` has just begun to notify in this step, by
    /// the script's own call, when no thread waits on it.
    fn notify_unseen(&self, model: &PyModel, before: &State, after: &State, t: Tid) -> Option<crate::state::ObjId> {
        let (b, a) = (&before.threads[t as usize].frames, &after.threads[t as usize].frames);
        // The call's frame, maybe with the steps that run alone after it
        // (`PyModel::settle`) above: none of them frees a waiter.
        if a.len() <= b.len() || b.last().is_some_and(|f| model.instr(f).loc.library) {
            return None;
        }
        let top = &a[b.len()];
        if !self.notify.contains(&Some(top.code)) {
            return None;
        }
        let Some(Some(this @ crate::state::Value::Obj(o))) = top.locals.first() else { return None };
        let waiters = crate::objects::get(&model.program, &after.objects, this, self.waiters?).ok()?;
        match waiters {
            crate::state::Value::List(l) if after.lists[l as usize].is_empty() => Some(*o),
            _ => None,
        }
    }
}

/// Locks held by `MAIN` in `s`, one bit each.
fn main_locks(s: &State) -> u32 {
    s.locks
        .iter()
        .enumerate()
        .filter(|(_, l)| l.count > 0 && l.owner == Some(MAIN))
        .fold(0, |m, (i, _)| m | (1 << i))
}

/// Whether the main thread's timed wait ended in this step while a SIGINT
/// with a Python-level handler was pending and had not interrupted it.
fn sigint_waited_out(before: &State, after: &State) -> bool {
    let (b, a) = (&before.threads[MAIN as usize], &after.threads[MAIN as usize]);
    let timed_wait = b.frames.last().and_then(|f| f.wait).is_some_and(|w| w.deadline.is_some());
    let ended = a.frames.len() == b.frames.len() && a.frames.last().is_some_and(|f| f.wait.is_none());
    let python = matches!(before.handler(crate::scenario::Sig::SIGINT), HandlerState::DefaultInt | HandlerState::Function(_));
    timed_wait && ended && !b.woken && before.is_tripped(crate::scenario::Sig::SIGINT) && python
}

/// The line of the main module's first `try` whose `except` catches
/// KeyboardInterrupt (by name, as BaseException, or bare), not counting
/// function bodies.
fn ki_try_line(model: &PyModel) -> Option<u32> {
    use crate::scenario::{ExcType, StmtKind};
    let mut first = None;
    crate::scenario::walk_block(&model.program.scenario.main, &mut |st| {
        if let StmtKind::Try { handlers, .. } = &st.kind {
            let catches = handlers.iter().any(|h| h.catches(&ExcType::KeyboardInterrupt));
            if catches && !st.loc.library && st.loc.line > 0 && first.is_none() {
                first = Some(st.loc.line);
            }
        }
    });
    first
}

/// The hazards one transition shows.
fn edge_hazards(model: &PyModel, before: &State, action: &Action, after: &State, out: &mut Vec<(Kind, u32)>) {
    if let Action::Step { thread: t, .. } = *action {
        let (b, a) = (&before.threads[t as usize], &after.threads[t as usize]);
        let new_stderr = &after.stderr[before.stderr.len().min(after.stderr.len())..];
        if t != MAIN && b.life == Life::Running && a.life == Life::Done && !new_stderr.is_empty() {
            out.push((UNCAUGHT_IN_THREAD, line_of(model, before, t)));
        }
        // Main's code ends by the KeyboardInterrupt (status 130); one raised
        // inside threading._shutdown is only "ignored" (status unchanged).
        // Not one raised by the check right after the module (3.13.15+,
        // 3.14): no try in the script can catch that one.
        let ends_main = b.life == Life::Running && matches!(a.life, Life::ShuttingDown { .. });
        let at_module_end = matches!(after.event, Event::HandlerRan { at: CheckKind::ModuleEnd, .. });
        if t == MAIN && ends_main && !at_module_end && new_stderr.iter().any(|n| &*n.text() == "KeyboardInterrupt") {
            // Before the script's own `try … except KeyboardInterrupt` was
            // reached, while main has neither waited nor let time pass: the
            // script does catch it, a moment later; the window is its
            // start-up. A Ctrl-C that ends a wait before the `try` (a
            // `sleep`, a `join`) is one the script leaves uncaught.
            let line = line_of(model, before, t);
            let waiting = b.frames.last().is_some_and(|f| f.wait.is_some());
            match ki_try_line(model) {
                Some(at) if line < at && before.now == 0 && !waiting => out.push((KEYBOARDINTERRUPT_BEFORE_TRY, at)),
                _ => out.push((KEYBOARDINTERRUPT_ESCAPES_MAIN, line)),
            }
        }
        if let Event::ThreadSystemExit { thread, code } = after.event {
            if thread == t && code != 0 {
                out.push((SYSTEMEXIT_CODE_LOST, line_of(model, before, t)));
            }
        }
        let handler_ran = matches!(after.event, Event::HandlerRan { .. });
        if !handler_ran && model.assertion_fails(before, t) {
            out.push((ASSERTION_FAILED, line_of(model, before, t)));
        }
    }
    for (i, (b, a)) in before.threads.iter().zip(&after.threads).enumerate() {
        if a.life != Life::Killed || b.life == Life::Killed {
            continue;
        }
        // The script's blocks: the library's own (a `with self.mutex:`
        // inside `Queue.get`) are its business, and a run of steps that
        // run alone (`machine/alone.rs`) leaves the script's untouched.
        let open = b.frames.iter().filter(|f| !model.instr(f).loc.library).flat_map(|f| &f.blocks).any(|bl| matches!(bl, Block::Finally { .. } | Block::With { .. }));
        let line = line_of(model, before, i as Tid);
        if open {
            out.push((FINALLY_SKIPPED_AT_EXIT, line));
        }
        if b.holds != 0 {
            out.push((LOCK_HELD_AT_EXIT, line));
        }
        // Killed while its target still ran (a `Life::Running` thread has
        // not returned from it).
        if b.life == Life::Running && i as Tid != MAIN {
            out.push((WORK_LOST_AT_EXIT, line));
        }
    }
}

/// Explores the model and returns its hazards (except
/// `differs-across-platforms`, which compares analyses) and outcomes.
pub fn analyze(model: &PyModel, limits: Limits) -> Analysis {
    let model = &limits.model(model);
    let mut budget = limits.budget();
    let mut depth: Vec<u32> = Vec::new();
    // A node is kept only while it waits in the queue (`predict` does the
    // same): the states of the few nodes wanted later are replayed.
    let mut parents: Vec<Option<(usize, Action)>> = Vec::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut queue: VecDeque<(usize, Node)> = VecDeque::new();
    let reduce = limits.reduces(model);
    let library = LibraryCode::of(model);
    for state in model.init_states() {
        let n = Node { state, interrupted_locks: 0, interrupt_line: 0, sigint_since: NONE, lost_notify: (0, 0) };
        if seen.insert(fingerprint(&limits, reduce, &n), parents.len()).is_none() {
            queue.push_back((parents.len(), n));
            parents.push(None);
            depth.push(0);
        }
    }
    let mut first: BTreeMap<&'static str, (usize, u32)> = BTreeMap::new();
    let mut ends: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut stop = None;
    // Every transition (from, to), for the cycles a run cannot leave.
    let mut edges: Vec<(u32, u32)> = Vec::new();
    'search: while !queue.is_empty() {
        let batch: Vec<(usize, Node)> = queue.drain(..queue.len().min(crate::frontier::BATCH)).collect();
        // Each node's successors, with the hazards its edges show and
        // their keys, computed in parallel (`frontier.rs`).
        let expanded = crate::frontier::expand(limits.jobs, &batch, |(_, node)| {
            let next = model.successors(&node.state)?;
            Some(
                next.into_iter().map(|(a, next)| {
                    let (n, hits) = successor(model, &library, node, &a, next);
                    let fp = fingerprint(&limits, reduce, &n);
                    (a, n, hits, fp)
                })
                .collect::<Vec<_>>(),
            )
        });
        for ((i, node), expanded) in batch.into_iter().zip(expanded) {
            if let Some(why) = budget.spent(parents.len()) {
                stop = Some(why);
                break 'search;
            }
            let node = &node;
            let Some(successors) = expanded else {
                if node.state.beyond_model {
                    stop.get_or_insert(Stop::BeyondModel);
                } else {
                    end_hazards(model, &library, node, i, &mut ends, &mut first);
                }
                continue;
            };
            if !budget.may_expand(depth[i] as usize) {
                stop.get_or_insert(Stop::MaxDepth);
                continue;
            }
            for (a, n, hits, fp) in successors {
                let j = match seen.entry(fp) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        edges.push((i as u32, *e.get() as u32));
                        *e.get()
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let j = parents.len();
                        e.insert(j);
                        queue.push_back((j, n));
                        parents.push(Some((i, a)));
                        depth.push(depth[i] + 1);
                        edges.push((i as u32, j as u32));
                        j
                    }
                };
                for (k, l) in hits {
                    // The hazard shows on reaching `j`; BFS order makes the
                    // first node recorded one at the least depth.
                    first.entry(k.id).or_insert((j, l));
                }
            }
        }
    }
    let path = |at: usize| crate::frontier::path(&parents, at);
    if stop.is_none() {
        // Only meaningful when every state was explored (as in `predict`).
        let mut cycles = crate::forever::closed_cycles(parents.len(), &edges);
        // The first in breadth-first order is the nearest.
        cycles.sort_unstable();
        for i in cycles {
            let s = &crate::outcome::replay_path(model, &path(i));
            let t = (0..s.threads.len() as Tid).find(|&t| !s.threads[t as usize].frames.is_empty()).unwrap_or(MAIN);
            let forever = Outcome::forever(s);
            ends.entry(forever).or_insert(i);
            first.entry(RUNS_FOREVER.id).or_insert((i, line_of(model, s, t)));
        }
    }
    let found = KINDS
        .iter()
        .filter_map(|k| first.get(k.id).map(|&(node, line)| Found { kind: *k, line, actions: path(node) }))
        .collect();
    let outcomes = ends.into_iter().map(|(o, n)| (o, path(n))).collect();
    let looping_at = match stop {
        None | Some(Stop::BeyondModel) => None,
        Some(_) => parents.len().checked_sub(1).and_then(|last| crate::outcome::loop_of(model, &crate::outcome::replay_path(model, &path(last)))),
    };
    Analysis { variant: model.variant, complete: stop.is_none(), states: parents.len(), found, outcomes, stop, looping_at }
}

/// The hazards an end state shows (no step left): a hang and what it
/// waits for, a lock an interrupted main still holds; and its outcome.
fn end_hazards(model: &PyModel, library: &LibraryCode, node: &Node, i: usize, ends: &mut BTreeMap<Outcome, usize>, first: &mut BTreeMap<&'static str, (usize, u32)>) {
    let s = &node.state;
    ends.entry(Outcome::of(s)).or_insert(i);
    if s.phase == Phase::Running {
        let t = (0..s.threads.len() as Tid).find(|&t| s.threads[t as usize].frames.last().is_some_and(|f| f.wait.is_some())).unwrap_or(MAIN);
        first.entry(HANG.id).or_insert((i, line_of(model, s, t)));
        for t in 0..s.threads.len() as Tid {
            let th = &s.threads[t as usize];
            if th.frames.last().is_none_or(|f| f.wait.is_none()) {
                continue;
            }
            if th.frames.iter().any(|f| Some(f.code) == library.queue_join) {
                first.entry(TASK_NEVER_DONE.id).or_insert((i, line_of(model, s, t)));
            }
            let (obj, line) = node.lost_notify;
            if line != 0 && library.scripts_wait(model, s, t) == Some(obj) {
                first.entry(LOST_WAKEUP.id).or_insert((i, line));
            }
        }
    }
    if node.interrupted_locks & main_locks(s) != 0 {
        first.entry(LOCK_LEFT_HELD_AFTER_INTERRUPT.id).or_insert((i, node.interrupt_line));
    }
}

/// The node `next` makes after `a` from `node`, with the hazards the edge
/// shows.
fn successor(model: &PyModel, library: &LibraryCode, node: &Node, a: &Action, next: State) -> (Node, Vec<(Kind, u32)>) {
    let mut hits = Vec::new();
    edge_hazards(model, &node.state, a, &next, &mut hits);
    // Which locks main still holds since a KeyboardInterrupt hit it.
    let held = main_locks(&next);
    let mut mask = node.interrupted_locks & held;
    let mut line = node.interrupt_line;
    if let (Action::Step { thread: MAIN, .. }, Event::HandlerRan { thread: MAIN, sig, .. }) = (&a, &next.event) {
        let sig = *sig;
        if node.state.handler(sig) == HandlerState::DefaultInt && held != 0 && mask == 0 {
            line = line_of(model, &node.state, MAIN);
        }
        if node.state.handler(sig) == HandlerState::DefaultInt {
            mask |= held;
        }
    }
    if mask == 0 {
        line = 0;
    }
    let tripped = next.is_tripped(crate::scenario::Sig::SIGINT);
    let since = match (tripped, node.sigint_since) {
        (false, _) => NONE,
        (true, NONE) => next.now,
        (true, since) => since,
    };
    if matches!(a, Action::Step { thread: MAIN, .. }) && since != NONE && next.now - since >= DELAYED && sigint_waited_out(&node.state, &next) {
        hits.push((CTRL_C_DELAYED, line_of(model, &node.state, MAIN)));
    }
    let mut lost_notify = node.lost_notify;
    if let (Action::Step { thread, .. }, (_, 0)) = (&a, lost_notify) {
        if let Some(o) = library.notify_unseen(model, &node.state, &next, *thread) {
            lost_notify = (o, line_of(model, &node.state, *thread));
        }
    }
    let n = Node { state: next, interrupted_locks: mask, interrupt_line: line, sigint_since: since, lost_notify };
    (n, hits)
}

/// The last script line a trace runs (where the runs part ways, roughly).
pub fn last_line(model: &PyModel, actions: &[Action]) -> u32 {
    let Some(mut s) = model.init_states().pop() else { return 0 };
    let mut line = 0;
    for a in actions {
        if let Action::Step { thread, .. } = a {
            let l = line_of(model, &s, *thread);
            if l > 0 {
                line = l;
            }
        }
        match model.next_state(&s, a.clone()) {
            Some(n) => s = n,
            None => break,
        }
    }
    line
}

/// An outcome one variant has and another lacks.
#[derive(Clone, Debug)]
pub struct Difference {
    /// The variant with the outcome.
    pub has: Variant,
    /// The variant without it.
    pub lacks: Variant,
    pub outcome: Outcome,
    /// A shortest run to it under `has`.
    pub actions: Vec<Action>,
    /// An outcome `lacks` has that `has` does not (if any), with its run.
    pub instead: Option<(Outcome, Vec<Action>)>,
}

/// An outcome with Windows' exit status for Ctrl-C (0xC000013A) written as
/// POSIX's 130: the same end, spelled by each platform's shell.
fn same_end(o: &Outcome) -> Outcome {
    let mut o = o.clone();
    if o.exit == Some(crate::machine::STATUS_CONTROL_C_EXIT) {
        o.exit = Some(130);
    }
    o
}

/// `differs-across-platforms`: for each version and exit mode, the first
/// platform pair whose outcome sets differ (Linux against the others), a
/// Ctrl-C exit status counting as the same on both.
pub fn differences(analyses: &[Analysis]) -> Vec<Difference> {
    let mut out = Vec::new();
    let ends = |a: &Analysis| a.outcomes.keys().map(same_end).collect::<std::collections::BTreeSet<_>>();
    for a in analyses.iter().filter(|a| a.variant.platform == Platform::Linux) {
        for b in analyses.iter().filter(|b| {
            b.variant.platform != Platform::Linux && b.variant.version == a.variant.version && b.variant.exit == a.variant.exit
        }) {
            let (ea, eb) = (ends(a), ends(b));
            let (has, lacks, lacking) = match a.outcomes.keys().find(|o| !eb.contains(&same_end(o))) {
                Some(_) => (a, b, &eb),
                None if b.outcomes.keys().any(|o| !ea.contains(&same_end(o))) => (b, a, &ea),
                None => continue,
            };
            let having = if std::ptr::eq(lacking, &eb) { &ea } else { &eb };
            let (outcome, actions) = has.outcomes.iter().find(|(o, _)| !lacking.contains(&same_end(o))).expect("differs");
            let instead = lacks
                .outcomes
                .iter()
                .find(|(o, _)| !having.contains(&same_end(o)))
                .map(|(o, p)| (o.clone(), p.clone()));
            out.push(Difference {
                has: has.variant,
                lacks: lacks.variant,
                outcome: outcome.clone(),
                actions: actions.clone(),
                instead,
            });
        }
    }
    out
}
