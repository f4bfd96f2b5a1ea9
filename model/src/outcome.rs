//! Outcome prediction: every reachable end state of the model, as a user
//! sees it (stdout lines, stderr exception names, exit status or a hang),
//! each with one shortest trace.
//!
//! A breadth-first search over the model's transition system
//! (`init_states` / `actions` / `next_state`): the first path that reaches an
//! outcome is a shortest one. Paths are acyclic (see `machine/mod.rs`), so the
//! search ends; `Limits` stop it early and mark the prediction incomplete.

use crate::machine::{Action, PyModel};
use crate::program::Op;
use crate::state::{Life, Phase, State, Tid, MAIN};
use crate::variant::Variant;
use serde::Serialize;
use stateright::Model;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// What a user sees at the end of one run.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Lines printed to stdout, in order.
    pub stdout: Vec<String>,
    /// Blocks of `stdout` printed two or more times in a row from the same
    /// place, as `[from, to)` line ranges (nested ones inside the ones
    /// around them): a loop that prints on every turn (`state::output`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<(usize, usize)>,
    /// Exception class names reported on stderr, in order.
    pub stderr: Vec<String>,
    /// The exit status as a shell reports it; `None` for a hang.
    pub exit: Option<i64>,
    /// Whether the run never ends: it blocks forever (a hang), or (with
    /// `forever`) goes round a loop that nothing can leave.
    pub hang: bool,
    /// The run goes round a cycle of states with no way out (`while True:`
    /// with no Ctrl-C left to end it): it runs forever without blocking.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forever: bool,
}

impl Outcome {
    pub fn of(s: &State) -> Outcome {
        let (exit, hang) = match s.phase {
            Phase::Exited { status } | Phase::SignalsOff { status } => (Some(status), false),
            Phase::Running => (None, true),
        };
        let (stdout, repeated) = crate::state::output::unfold(&s.stdout);
        Outcome {
            stdout,
            repeated,
            stderr: s.stderr.iter().map(|l| l.to_string()).collect(),
            exit,
            hang,
            forever: false,
        }
    }

    /// A run that goes round the cycle `s` is in, forever.
    pub fn forever(s: &State) -> Outcome {
        Outcome { exit: None, hang: true, forever: true, ..Outcome::of(s) }
    }

    /// The outcome as a real run shows it: a run that never ends is one
    /// that never ends, looping or blocked.
    pub fn as_observed(&self) -> Outcome {
        Outcome { forever: false, ..self.clone() }
    }

    /// Whether a real run that showed `seen` is this outcome: the same
    /// end and stderr, and stdout the same but for blocks this outcome
    /// repeats, which the run may print any number of times from two up.
    pub fn admits(&self, seen: &Outcome) -> bool {
        if self.repeated.is_empty() {
            return self == seen;
        }
        let plain = |o: &Outcome| Outcome { stdout: Vec::new(), repeated: Vec::new(), ..o.clone() };
        plain(self) == plain(seen) && seen.repeated.is_empty() && self.admits_stdout(&seen.stdout)
    }

    /// Whether a real run that printed `lines` printed this outcome's
    /// stdout (its repeated blocks any number of times from two up).
    pub fn admits_stdout(&self, lines: &[String]) -> bool {
        crate::state::output::admits(&self.stdout, &self.repeated, lines)
    }

    /// Stdout as one line: `a / b ×2+ / [c / d] ×2+`.
    pub fn stdout_line(&self) -> String {
        if self.stdout.is_empty() {
            return "(nothing)".to_string();
        }
        let mut out = String::new();
        for (i, line) in self.stdout.iter().enumerate() {
            if i > 0 {
                out.push_str(" / ");
            }
            for &(from, to) in self.repeated.iter().filter(|&&(f, _)| f == i) {
                if to - from > 1 {
                    out.push('[');
                }
            }
            out.push_str(line);
            // Inner ranges close first: the shorter ones.
            let mut closing: Vec<(usize, usize)> = self.repeated.iter().copied().filter(|&(_, t)| t == i + 1).collect();
            closing.sort_by_key(|&(f, _)| std::cmp::Reverse(f));
            for (from, to) in closing {
                out.push_str(if to - from > 1 { "] ×2+" } else { " ×2+" });
            }
        }
        out
    }

    /// One line for people: `exit 0 | stdout: a / b | stderr: ValueError`;
    /// a block a loop printed two or more times shows once, `×2+`.
    pub fn summary(&self) -> String {
        let end = match self.exit {
            Some(code) => format!("exit {code}"),
            None if self.forever => "RUNS FOREVER".to_string(),
            None => "HANG".to_string(),
        };
        let out = self.stdout_line();
        let mut s = format!("{end} | stdout: {out}");
        if !self.stderr.is_empty() {
            s.push_str(&format!(" | stderr: {}", self.stderr.join(", ")));
        }
        s
    }
}

pub use crate::limits::{Limits, Stop};

/// An outcome and the shortest trace found to it.
#[derive(Clone, Debug, Serialize)]
pub struct Predicted {
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Numbered steps, one line each.
    pub trace: Vec<String>,
    /// The actions of the trace (replayable with `next_state`).
    #[serde(skip)]
    pub actions: Vec<Action>,
}

/// All outcomes of one scenario under one variant.
#[derive(Clone, Debug, Serialize)]
pub struct Prediction {
    pub variant: Variant,
    /// False when a limit stopped the search: outcomes may be missing.
    pub complete: bool,
    /// Unique states explored.
    pub states: usize,
    /// Outcomes, sorted.
    pub outcomes: Vec<Predicted>,
    /// What stopped the search early (then `complete` is false).
    pub stop: Option<Stop>,
    /// When a limit stopped it: the line of the loop the deepest run was
    /// in (a loop whose states never repeat, such as a counter without
    /// bound, goes on until a limit stops it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub looping_at: Option<crate::scenario::Loc>,
}

/// The loop a thread of `s` is in (the main thread first), by where its
/// head is (the script's line, or a line of pythread's library code).
pub fn loop_of(model: &PyModel, s: &State) -> Option<crate::scenario::Loc> {
    s.threads
        .iter()
        .filter_map(|th| th.frames.last())
        .find_map(|f| model.program.codes[f.code as usize].loop_line(f.pc))
}

/// Explores the model and returns every outcome with a shortest trace.
/// A node expanded: its successors, or none (an end).
enum Expanded {
    End,
    Steps(Vec<(Action, State, u64)>),
}

pub fn predict(model: &PyModel, limits: Limits) -> Prediction {
    let model = &limits.model(model);
    let mut budget = limits.budget();
    // Each state: (parent index, action from the parent). A state itself is
    // kept only while it waits in the queue: a trace is replayed from the
    // start (specs/state-space.md §3).
    let mut parents: Vec<Option<(usize, Action)>> = Vec::new();
    let mut depth: Vec<u32> = Vec::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut queue: VecDeque<(usize, State)> = VecDeque::new();
    let reduce = limits.reduces(model);
    for s in model.init_states() {
        if seen.insert(limits.visited_key(reduce, &s), parents.len()).is_none() {
            queue.push_back((parents.len(), s));
            parents.push(None);
            depth.push(0);
        }
    }
    let mut ends: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut stop = None;
    // Every transition (from, to), for the cycles a run cannot leave.
    let mut edges: Vec<(u32, u32)> = Vec::new();
    'search: while !queue.is_empty() {
        let batch: Vec<(usize, State)> = queue.drain(..queue.len().min(crate::frontier::BATCH)).collect();
        // Each node's successors with their keys, computed in parallel.
        let expanded = crate::frontier::expand(limits.jobs, &batch, |(_, state)| {
            let Some(next) = model.successors(state) else { return Expanded::End };
            Expanded::Steps(
                next.into_iter().map(|(a, n)| {
                    let fp = limits.visited_key(reduce, &n);
                    (a, n, fp)
                })
                .collect(),
            )
        });
        for ((i, state), expanded) in batch.into_iter().zip(expanded) {
            if let Some(why) = budget.spent(parents.len()) {
                stop = Some(why);
                break 'search;
            }
            let next = match expanded {
                Expanded::End if state.beyond_model => {
                    // Not an outcome: the run goes on beyond what the model holds.
                    stop.get_or_insert(Stop::BeyondModel);
                    continue;
                }
                Expanded::End => {
                    ends.entry(Outcome::of(&state)).or_insert(i);
                    continue;
                }
                Expanded::Steps(next) => next,
            };
            if !budget.may_expand(depth[i] as usize) {
                stop.get_or_insert(Stop::MaxDepth);
                continue;
            }
            for (a, next, fp) in next {
                match seen.entry(fp) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let j = parents.len();
                        e.insert(j);
                        edges.push((i as u32, j as u32));
                        queue.push_back((j, next));
                        parents.push(Some((i, a)));
                        depth.push(depth[i] + 1);
                    }
                    std::collections::hash_map::Entry::Occupied(e) => edges.push((i as u32, *e.get() as u32)),
                }
            }
        }
    }
    let path = |at: usize| crate::frontier::path(&parents, at);
    if stop.is_none() {
        // A cycle no run can leave is an end of its own: the run goes round
        // it forever (only meaningful when every state was explored).
        for i in crate::forever::closed_cycles(parents.len(), &edges) {
            let s = replay_path(model, &path(i));
            ends.entry(Outcome::forever(&s)).or_insert(i);
        }
    }
    // Traces are built within the same limits: a loop that prints can end
    // in thousands of outcomes, each with a long trace. Past a limit, the
    // rest keep their outcome and get no trace (the search says INCOMPLETE).
    let mut outcomes = Vec::with_capacity(ends.len());
    for (outcome, end) in ends {
        let actions = path(end);
        let over = budget.spent_now();
        if let Some(why) = over {
            stop.get_or_insert(why);
        }
        let trace = if over.is_some() {
            vec!["(no trace: a search limit was reached before it was written)".to_string()]
        } else {
            let (mut lines, mut last) = (Vec::new(), None);
            let mut before = model.init_states().pop().expect("an initial state");
            for a in &actions {
                let after = model.next_state(&before, a.clone()).expect("replays");
                push_step(model, &mut lines, &mut last, &before, a, &after);
                before = after;
            }
            lines
        };
        outcomes.push(Predicted { outcome, trace, actions });
    }
    // Breadth first, the state met last is one of the deepest.
    let looping_at = match stop {
        None | Some(Stop::BeyondModel) => None,
        Some(_) => parents.len().checked_sub(1).and_then(|last| loop_of(model, &replay_path(model, &path(last)))),
    };
    Prediction { variant: model.variant, complete: stop.is_none(), states: parents.len(), outcomes, stop, looping_at }
}

/// The state a search's path of actions leads to (each action was taken
/// from the state before it).
pub fn replay_path(model: &PyModel, actions: &[Action]) -> State {
    let mut s = model.init_states().pop().expect("an initial state");
    for a in actions {
        s = model.next_state(&s, a.clone()).expect("a search's path replays");
    }
    s
}

/// Replays actions from the initial state; `None` if one is not enabled.
pub fn replay(model: &PyModel, actions: &[Action]) -> Option<State> {
    let mut s = model.init_states().pop()?;
    for a in actions {
        let mut enabled = Vec::new();
        model.actions(&s, &mut enabled);
        if !enabled.contains(a) {
            return None;
        }
        s = model.next_state(&s, a.clone())?;
    }
    Some(s)
}

/// Adds one step to numbered trace `lines`. The steps a thread takes
/// inside the library (threading.py, queue.py) right after one of its own
/// are left out when nothing shows: no wait, no output, no handler, no end.
/// The script's line that called in is the step shown; what the library
/// does that another thread can see (blocks, wakes up, gets a lock) stays.
/// `last` is the thread of the step before.
pub fn push_step(model: &PyModel, lines: &mut Vec<String>, last: &mut Option<Tid>, before: &State, action: &Action, after: &State) {
    let thread = match action {
        Action::Step { thread, .. } => Some(*thread),
        _ => None,
    };
    if !(thread.is_some() && thread == *last && quiet_library_step(model, before, action, after)) {
        lines.push(format!("{:>3}. {}", lines.len() + 1, describe(model, before, action, after)));
    }
    *last = thread;
}

/// One step of a trace for programs (SARIF's code flows): who took it and
/// the script line it ran (0 when none: time passing, Ctrl-C, the exit).
#[derive(Clone, Debug, Serialize)]
pub struct TraceStep {
    /// The step as `push_step` writes it, numbered.
    pub text: String,
    /// The thread's short name (`main`, `Thread-1 (worker)`), if a thread took it.
    pub thread: Option<String>,
    /// The script's line: the statement's, or inside the library the line
    /// of the script that called in.
    pub line: u32,
}

/// The script line a step of thread `t` runs (as `describe` shows it).
pub fn step_line(model: &PyModel, before: &State, t: Tid) -> u32 {
    let Some(f) = before.threads[t as usize].frames.last() else { return 0 };
    let instr = if f.wait.is_some() { Some(model.instr(f).clone()) } else { model.next_instruction(before, t) };
    match instr {
        // Past a check point, no statement runs (`describe` names no line).
        None => 0,
        Some(i) if !i.loc.library => i.loc.line,
        Some(_) => script_line(model, before, t),
    }
}

/// The script line thread `t` stands at: its innermost frame's line outside
/// the library (inside threading.py, the script's line that called in).
pub fn script_line(model: &PyModel, s: &State, t: Tid) -> u32 {
    s.threads[t as usize].frames.iter().rev().map(|f| model.instr(f).loc).find(|l| !l.library && l.line > 0).map_or(0, |l| l.line)
}

/// `trace_lines` with each step's thread and line.
pub fn trace_steps(model: &PyModel, actions: &[Action]) -> Vec<TraceStep> {
    // The lines as printed, not folded: one run repeats nothing for ever.
    let model = &model.clone().with_exact_output();
    let mut steps = Vec::new();
    let mut lines = Vec::new();
    let Some(mut s): Option<State> = model.init_states().pop() else { return steps };
    let mut last = None;
    for a in actions {
        let Some(next) = model.next_state(&s, a.clone()) else { break };
        let before = lines.len();
        push_step(model, &mut lines, &mut last, &s, a, &next);
        if lines.len() > before {
            let (thread, line) = match a {
                Action::Step { thread, .. } => (Some(name(model, &s, *thread)), step_line(model, &s, *thread)),
                _ => (None, 0),
            };
            steps.push(TraceStep { text: lines[before].clone(), thread, line });
        }
        s = next;
    }
    steps
}

/// A step inside library code that nothing outside its thread sees.
fn quiet_library_step(model: &PyModel, before: &State, action: &Action, after: &State) -> bool {
    let Action::Step { thread, .. } = *action else { return false };
    let (b, a) = (&before.threads[thread as usize], &after.threads[thread as usize]);
    let Some(f) = b.frames.last() else { return false };
    let library = f.wait.is_none() && model.next_instruction(before, thread).map_or(model.instr(f).loc.library, |i| i.loc.library);
    let waits = a.frames.last().is_some_and(|g| g.wait.is_some());
    let handler = matches!(after.event, crate::state::Event::HandlerRan { .. });
    library
        && !waits
        && !handler
        && a.life == b.life
        && after.phase == before.phase
        && after.stdout.len() == before.stdout.len()
        && after.stderr.len() == before.stderr.len()
        && after.threads.len() == before.threads.len()
}

/// One trace step for people:
/// `t=200ms  main  line 12  lock.acquire(timeout=1)  blocks`.
pub fn describe(model: &PyModel, before: &State, action: &Action, after: &State) -> String {
    let when = format!("t={}ms", before.now);
    match action {
        Action::Step { thread, .. } => {
            let who = name(model, before, *thread);
            format!("{when:<9} {who:<8} {}", step_text(model, before, action, after))
        }
        _ => format!("{when:<9} {}", step_text(model, before, action, after)),
    }
}

/// What a step did, without its time and thread: `line 12  lock.acquire()  blocks`.
pub fn step_text(model: &PyModel, before: &State, action: &Action, after: &State) -> String {
    match action {
        Action::Tick => format!("time passes to t={}ms", after.now),
        Action::Exit => "the process exits".to_string(),
        Action::CtrlC { .. } if matches!(before.phase, Phase::SignalsOff { .. }) => {
            "Ctrl-C pressed after Python turned signal handling off: SIGINT's default action kills the process (status 130)"
                .to_string()
        }
        Action::CtrlC { land } => {
            let on = if *land == MAIN { String::new() } else { format!(" (SIGINT lands on {})", name(model, before, *land)) };
            format!("Ctrl-C pressed{on}")
        }
        Action::Step { thread, land } => {
            let th = &before.threads[*thread as usize];
            if let crate::state::Event::HandlerRan { sig, .. } = after.event {
                return format!("runs the {} handler", sig.name());
            }
            let Some(f) = th.frames.last() else {
                // threading._shutdown joins the non-daemon threads one by one.
                if after.phase == before.phase {
                    match (before.shutdown_target, after.shutdown_target) {
                        (None, Some(x)) => return format!("threading._shutdown() joins {}", name(model, before, x)),
                        (Some(x), None) => return format!("threading._shutdown(): the join of {} returns", name(model, before, x)),
                        _ => {}
                    }
                }
                let mut status = match after.phase {
                    Phase::Exited { status } => format!("; the process exits with status {status}"),
                    Phase::SignalsOff { status } => format!("; Python finalizes (signal handling off) to exit with status {status}"),
                    Phase::Running => String::new(),
                };
                let killed: Vec<String> = (1..after.threads.len() as u8)
                    .filter(|&i| after.threads[i as usize].life == Life::Killed && before.threads[i as usize].life != Life::Killed)
                    .map(|i| name(model, before, i))
                    .collect();
                if !killed.is_empty() {
                    status.push_str(&format!(", killing {}", killed.join(", ")));
                }
                return format!("threading._shutdown() is done{status}");
            };
            // The instruction the step runs: a wait's, or the next one past
            // the check point and the control it stands at.
            let next = if f.wait.is_some() { Some(model.instr(f).clone()) } else { model.next_instruction(before, *thread) };
            let ended = after.threads[*thread as usize].life != th.life || after.threads[*thread as usize].frames.len() < th.frames.len();
            let instr = match next {
                Some(i) => i,
                // Its code ends: the last instruction names it.
                None if ended => model.program.codes[f.code as usize].instrs.last().cloned().expect("a code ends with Return"),
                None => return "goes past an eval-breaker check point (nothing pending)".to_string(),
            };
            let line = if instr.loc.line > 0 { format!("{:<8}", instr.loc.line_label()) } else { String::new() };
            let what = if f.wait.is_some() {
                match &instr.op {
                    Op::Acquire { .. } | Op::WithEnter { .. } => {
                        if after.threads[*thread as usize].holds != th.holds {
                            "gets the lock".to_string()
                        } else {
                            "times out".to_string()
                        }
                    }
                    Op::Sleep { .. } | Op::SleepFor { .. } => "wakes up".to_string(),
                    Op::Join { .. } => "join returns".to_string(),
                    _ => "resumes".to_string(),
                }
            } else {
                let blocked = after.threads[*thread as usize].frames.last().is_some_and(|g| g.wait.is_some())
                    && after.threads[*thread as usize].frames.len() == th.frames.len();
                let mut s = if blocked {
                    "blocks".to_string()
                } else if f.at == crate::state::At::MidPrint {
                    "writes its newline".to_string()
                } else if after.threads[*thread as usize].frames.last().is_some_and(|g| g.at == crate::state::At::MidPrint) {
                    "writes its text".to_string()
                } else {
                    String::new()
                };
                if matches!(instr.op, Op::Kill { .. }) && *land != MAIN {
                    s.push_str(&format!("(signal lands on {})", name(model, before, *land)));
                }
                s
            };
            // Inside the library, the script's line that called in comes
            // first: the user reads their own code, then where it waits.
            let caller = th.frames.iter().rev().map(|f| model.instr(f)).find(|i| !i.loc.library && i.loc.line > 0);
            let mut text = match caller {
                Some(c) if instr.loc.library => format!("{:<8} {}  [{} {}]", c.loc.line_label(), c.text, instr.loc.line_label(), instr.text),
                _ => format!("{line} {}", instr.text),
            };
            if !what.is_empty() {
                text.push_str("  ");
                text.push_str(&what);
            }
            match (before.phase, after.phase) {
                (Phase::Running, Phase::Exited { status }) => {
                    text.push_str(&format!("  → the process exits with status {status}"))
                }
                (Phase::Running, Phase::SignalsOff { status }) => {
                    text.push_str(&format!("  → Python finalizes (signal handling off) to exit with status {status}"))
                }
                _ => {}
            }
            let ended = after.threads[*thread as usize].life != th.life
                && matches!(after.threads[*thread as usize].life, Life::Done);
            if ended && *thread != MAIN {
                text.push_str("  → the thread ends");
            }
            text
        }
    }
}

/// A thread's short name in traces: `main`, `Thread-1 (worker)`, `Dummy-2`.
pub fn name(model: &PyModel, s: &State, t: u8) -> String {
    if t == MAIN {
        "main".to_string()
    } else {
        model.thread_name(s, t)
    }
}
