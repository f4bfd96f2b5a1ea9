//! Refinement: every run of the runtime is a run of the model. A trace
//! recorded by [`crate::exec::run`] is replayed in the model's transition
//! system (`init_states` / `actions` / `next_state`), keeping every model
//! state consistent with the trace so far; the first event no model state
//! can produce is reported with both sides' states.
//!
//! ```text
//! frontier := {(s, 0) | s ∈ init}
//! for (s, i) in frontier (breadth first, each pair once):
//!     for every action a from s, s' = next(s, a), shown = observe(s, a, s'):
//!         shown = []                      → (s', i)            a silent step
//!         shown = trace[i .. i+k] (k ≥ 1) → (s', i + k)        times equal too
//! accept when some (s, n) has s final and Outcome::of(s) = the run's outcome,
//!     or the run was given up (it runs forever) and some (s, n) can go on
//! ```

use crate::trace::{Entry, Event};
use pythread_model::machine::PyModel;
use pythread_model::observe::{observe, Obs, Timed};
use pythread_model::outcome::Outcome;
use pythread_model::state::State;
use stateright::Model;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};

/// Whether virtual timestamps must match too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Virtual clock: every event at the model's time.
    Exact,
    /// Real clock: orderings only.
    Ignore,
}

/// Why a trace is not a run of the model.
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// How many observable events the model could follow.
    pub matched: usize,
    /// The runtime's observable events.
    pub trace: Vec<Timed>,
    /// The model states that had followed the trace that far (at most a few).
    pub model_states: Vec<State>,
    /// The runtime's side: its raw events (waits, locks, signals included)
    /// up to the one the model does not allow.
    pub runtime_events: Vec<Entry>,
    /// What went wrong, in words.
    pub reason: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.reason)?;
        writeln!(f, "runtime trace ({} observable events; the model followed {}):", self.trace.len(), self.matched)?;
        for (i, (obs, at)) in self.trace.iter().enumerate() {
            let mark = if i == self.matched { "  <-- no model state allows this" } else { "" };
            writeln!(f, "  {i:3}. t={at}ms {obs:?}{mark}")?;
        }
        writeln!(f, "the runtime's last events before that one (all kinds):")?;
        for e in &self.runtime_events {
            writeln!(f, "  t={}ms thread {} {:?}", e.at, e.thread, e.event)?;
        }
        for s in &self.model_states {
            writeln!(f, "model state after event {}: {}", self.matched, summary(s))?;
        }
        Ok(())
    }
}

/// A short picture of a model state: per thread its life, pc and wait.
fn summary(s: &State) -> String {
    let threads: Vec<String> = s
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = t.frames.last().map(|f| format!("code {} pc {}{}", f.code, f.pc, if f.wait.is_some() { " (blocked)" } else { "" }));
            format!("thread {i} {:?} {}", t.life, at.unwrap_or_default())
        })
        .collect();
    format!("t={}ms phase {:?} tripped {:#b}; {}; stdout {:?}", s.now, s.phase, s.tripped, threads.join(", "), s.stdout)
}

/// What a runtime event shows, if anything.
fn observe_entry(e: &Entry) -> Option<Timed> {
    let obs = match &e.event {
        Event::Statement { line, .. } => Obs::Step { thread: e.thread, line: *line },
        Event::Printed { text } => Obs::Printed { text: text.clone() },
        Event::HandlerRan { sig } => Obs::HandlerRan { thread: e.thread, sig: *sig },
        Event::CtrlC => Obs::CtrlC,
        Event::Exited { status } => Obs::Exited { status: *status },
        _ => return None,
    };
    Some((obs, e.at))
}

/// The observable events of a runtime trace.
pub fn observable(trace: &[Entry]) -> Vec<Timed> {
    trace.iter().filter_map(observe_entry).collect()
}

fn fingerprint(s: &State) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Replays `trace` (ending in `outcome`) in `model`.
pub fn check(model: &PyModel, trace: &[Entry], outcome: &Outcome, timing: Timing) -> Result<(), Mismatch> {
    // Every interleaving: a run of the runtime takes any order of steps,
    // the partial-order reduction one order of those that commute.
    // The lines the runtime printed, each one (`state::output` folds
    // repeats in a search).
    let model = &model.clone().without_reduction().with_exact_output();
    let events = observable(trace);
    let same = |a: &[Timed], b: &[Timed]| {
        a.len() == b.len() && a.iter().zip(b).all(|((x, tx), (y, ty))| x == y && (timing == Timing::Ignore || tx == ty))
    };
    let mut seen: HashSet<(u64, usize)> = HashSet::new();
    let mut queue: VecDeque<(State, usize)> = VecDeque::new();
    for s in model.init_states() {
        if seen.insert((fingerprint(&s), 0)) {
            queue.push_back((s, 0));
        }
    }
    // A run given up at its horizon was cut short, not ended: the model
    // must follow all of it and be able to go on.
    let given_up = outcome.hang && trace.iter().any(|e| matches!(e.event, Event::GaveUp));
    let mut best = 0;
    let mut best_states: Vec<State> = Vec::new();
    let mut finals: Vec<Outcome> = Vec::new();
    let mut actions = Vec::new();
    while let Some((s, i)) = queue.pop_front() {
        if i > best {
            best = i;
            best_states.clear();
        }
        if i == best && best_states.len() < 3 {
            best_states.push(s.clone());
        }
        actions.clear();
        model.actions(&s, &mut actions);
        if given_up && !actions.is_empty() && i == events.len() {
            return Ok(());
        }
        if actions.is_empty() && i == events.len() {
            let o = Outcome::of(&s);
            if &o == outcome {
                return Ok(());
            }
            finals.push(o);
        }
        for a in actions.drain(..) {
            let Some(next) = model.next_state(&s, a.clone()) else { continue };
            let shown = observe(model, &s, &a, &next);
            let j = i + shown.len();
            if j > events.len() || !same(&shown, &events[i..j]) {
                continue;
            }
            if seen.insert((fingerprint(&next), j)) {
                queue.push_back((next, j));
            }
        }
    }
    let reason = if best == events.len() {
        format!(
            "the model follows every event, but ends in {} and never in the run's outcome {}",
            finals.iter().map(Outcome::summary).collect::<Vec<_>>().join(" or "),
            outcome.summary()
        )
    } else {
        format!("event {best} ({:?}) is not a step the model can take", events[best].0)
    };
    // The raw events up to, and with, the observable one that failed.
    let last = trace.iter().enumerate().filter(|(_, e)| observe_entry(e).is_some()).nth(best).map_or(trace.len(), |(i, _)| i + 1);
    let runtime_events = trace[last.saturating_sub(12)..last].to_vec();
    Err(Mismatch { matched: best, trace: events, model_states: best_states, runtime_events, reason })
}
