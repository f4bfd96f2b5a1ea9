//! The model as stateright's explorer shows it (`pythread explore`).
//!
//! The explorer prints a state with `{:#?}` and an action with
//! `format_action`, neither of which sees the scenario. So this wrapper
//! carries the model beside each state (`View`) and a label beside each
//! action (`Labeled`), both left out of hashing and equality: the state
//! space and its fingerprints are exactly `PyModel`'s.
//!
//! ```text
//! t=100ms  running  Ctrl-C presses left: 1
//! threads
//!   MainThread              line 7   lock.acquire()   blocked on lock `lock` (held by Thread-1 (worker))
//!   Thread-1 (worker)       line 3   time.sleep(1)    blocked until t=1000ms
//! locks
//!   `lock`  Lock  held by Thread-1 (worker)
//! ```

use crate::diagram::Diagram;
use crate::machine::{Action, PyModel, WaitFor};
use crate::outcome::{describe, name};
use crate::state::{At, Block, HandlerState, Life, Phase, State, Tid, Value, MAIN};
use crate::scenario::Sig;
use stateright::{Model, Path, Property};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A model state with the model that reads it (for `Debug`).
#[derive(Clone)]
pub struct View {
    /// The state itself: its hash and equality are the view's.
    pub state: State,
    /// The model, to name lines, locks and threads.
    model: Arc<PyModel>,
}

impl PartialEq for View {
    fn eq(&self, other: &View) -> bool {
        self.state == other.state
    }
}

impl Eq for View {}

impl Hash for View {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.state.hash(h)
    }
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_state(&self.model, &self.state))
    }
}

/// An action with the words the explorer shows for it.
#[derive(Clone)]
pub struct Labeled {
    /// The model's action: its hash and equality are the label's.
    pub action: Action,
    /// `MainThread: line 7 lock.acquire()`.
    pub label: Arc<str>,
}

impl PartialEq for Labeled {
    fn eq(&self, other: &Labeled) -> bool {
        self.action == other.action
    }
}

impl Eq for Labeled {}

impl Hash for Labeled {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.action.hash(h)
    }
}

impl fmt::Debug for Labeled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// The explorer's model: `PyModel` with readable states and actions.
pub struct Explorer {
    /// The model explored.
    pub model: Arc<PyModel>,
    /// Its properties, which `properties()` wraps by index.
    inner: Vec<Property<PyModel>>,
}

impl Explorer {
    pub fn new(model: PyModel) -> Explorer {
        let inner = model.properties();
        assert!(inner.len() <= CONDITIONS.len(), "more properties than CONDITIONS has wrappers");
        Explorer { model: Arc::new(model), inner }
    }

    fn view(&self, state: State) -> View {
        View { state, model: self.model.clone() }
    }
}

/// Property conditions are plain `fn`s, so each wrapper finds the inner
/// property by its index.
fn condition<const I: usize>(e: &Explorer, v: &View) -> bool {
    (e.inner[I].condition)(&e.model, &v.state)
}

type Condition = fn(&Explorer, &View) -> bool;

const CONDITIONS: [Condition; 36] = [
    condition::<0>, condition::<1>, condition::<2>, condition::<3>, condition::<4>, condition::<5>,
    condition::<6>, condition::<7>, condition::<8>, condition::<9>, condition::<10>, condition::<11>,
    condition::<12>, condition::<13>, condition::<14>, condition::<15>, condition::<16>, condition::<17>,
    condition::<18>, condition::<19>, condition::<20>, condition::<21>, condition::<22>, condition::<23>,
    condition::<24>, condition::<25>, condition::<26>, condition::<27>, condition::<28>, condition::<29>,
    condition::<30>, condition::<31>, condition::<32>, condition::<33>, condition::<34>, condition::<35>,
];

impl Model for Explorer {
    type State = View;
    type Action = Labeled;

    fn init_states(&self) -> Vec<View> {
        self.model.init_states().into_iter().map(|s| self.view(s)).collect()
    }

    fn actions(&self, v: &View, actions: &mut Vec<Labeled>) {
        let mut inner = Vec::new();
        self.model.actions(&v.state, &mut inner);
        for action in inner {
            let label = action_label(&self.model, &v.state, &action);
            actions.push(Labeled { action, label: Arc::from(label) });
        }
    }

    fn next_state(&self, v: &View, a: Labeled) -> Option<View> {
        self.model.next_state(&v.state, a.action).map(|s| self.view(s))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        self.inner
            .iter()
            .zip(CONDITIONS)
            .map(|(p, condition)| Property { expectation: p.expectation.clone(), name: p.name, condition })
            .collect()
    }

    fn format_action(&self, a: &Labeled) -> String {
        a.label.to_string()
    }

    fn format_step(&self, last: &View, a: Labeled) -> Option<String> {
        let next = self.model.next_state(&last.state, a.action.clone())?;
        let step = describe(&self.model, &last.state, &a.action, &next);
        Some(format!("last step: {}\n\n{}", step.split_whitespace().collect::<Vec<_>>().join(" "), render_state(&self.model, &next)))
    }

    fn as_svg(&self, path: Path<View, Labeled>) -> Option<String> {
        let actions: Vec<Action> = path.into_actions().into_iter().map(|a| a.action).collect();
        let init = self.model.init_states().pop()?;
        Some(Diagram::of_path(&self.model, &init, &actions).svg())
    }
}

/// What the explorer lists as a next choice.
fn action_label(model: &PyModel, s: &State, a: &Action) -> String {
    match *a {
        Action::Tick => "time passes".into(),
        Action::Exit => "the process exits".into(),
        Action::CtrlC { land } if land != MAIN => format!("Ctrl-C (SIGINT lands on {})", name(model, s, land)),
        Action::CtrlC { .. } => "Ctrl-C".into(),
        Action::Step { thread, land } => {
            let who = model.thread_name(s, thread);
            let th = &s.threads[thread as usize];
            if th.frames.is_empty() {
                return match (s.shutdown_target, land) {
                    (None, x) if x != MAIN => format!("{who}: threading._shutdown() joins {}", name(model, s, x)),
                    _ => format!("{who}: threading._shutdown()"),
                };
            }
            if thread == MAIN {
                if let Some((sig, _)) = model.handler_due(s, thread) {
                    return format!("{who}: run the {} handler", sig.name());
                }
            }
            let waiting = model.waiting_for(s, thread).is_some();
            let next = if waiting { th.frames.last().map(|f| model.instr(f).clone()) } else { model.next_instruction(s, thread) };
            match next {
                Some(i) if i.loc.line > 0 => {
                    let on = if land != MAIN { format!(" (signal lands on {})", name(model, s, land)) } else { String::new() };
                    let mid_print = th.frames.last().is_some_and(|f| f.at == At::MidPrint);
                    let resume = if waiting { " (wait ends)" } else if mid_print { " (its newline)" } else { "" };
                    format!("{who}: {} {}{resume}{on}", i.loc.line_label(), i.text)
                }
                Some(i) => format!("{who}: {}", i.text),
                None => format!("{who}: past a check point"),
            }
        }
    }
}

/// A state as a debugger shows it: clock and process, each thread's line
/// and wait, locks and owners, signals, output.
pub fn render_state(model: &PyModel, s: &State) -> String {
    let mut out = String::new();
    let process = match s.phase {
        Phase::Running => "running".to_string(),
        Phase::SignalsOff { status } => format!("finalized, signal handling off, exits with status {status} next"),
        Phase::Exited { status } => format!("exited with status {status}"),
    };
    out.push_str(&format!("t={}ms  process {process}  Ctrl-C presses left: {}\n", s.now, s.presses_left));
    out.push_str("threads\n");
    let width = (0..s.threads.len() as Tid).map(|t| model.thread_name(s, t).len()).max().unwrap_or(0);
    for t in 0..s.threads.len() as Tid {
        let th = &s.threads[t as usize];
        let mut who = model.thread_name(s, t);
        if th.daemon {
            who.push_str(" [daemon]");
        }
        let at = match th.frames.last() {
            Some(f) => {
                let i = model.instr(f);
                let handler = if t == MAIN && th.frames.len() > 1 { "in a handler, " } else { "" };
                let tries = f.blocks.iter().filter(|b| matches!(b, Block::Finally { .. } | Block::With { .. })).count();
                let tries = if tries > 0 { format!("  ({tries} finally/with open)") } else { String::new() };
                if i.loc.line > 0 {
                    format!("{handler}{:<8} {}{tries}", i.loc.line_label(), i.text)
                } else {
                    format!("{handler}{}{tries}", i.text)
                }
            }
            None => String::new(),
        };
        let state = match th.life {
            Life::NotStarted => "not started".to_string(),
            Life::Done => "finished".to_string(),
            Life::Killed => "killed by the process exit".to_string(),
            Life::ShuttingDown { status } if th.frames.is_empty() => match s.shutdown_target {
                Some(x) => format!("in threading._shutdown() (status {status}), joining {}", model.thread_name(s, x)),
                None => format!("in threading._shutdown() (status {status})"),
            },
            Life::Running | Life::ShuttingDown { .. } => match model.waiting_for(s, t) {
                None => "ready".to_string(),
                Some((what, deadline)) => {
                    let until = match deadline {
                        Some(d) if d <= s.now => format!(" until t={d}ms, now over"),
                        Some(d) => format!(" until t={d}ms"),
                        None => String::new(),
                    };
                    match what {
                        WaitFor::Lock(l) => {
                            let owner = s.locks[l as usize].owner.map_or("free".to_string(), |o| format!("held by {}", model.thread_name(s, o)));
                            format!("blocked on lock {} ({owner}){until}", lock_name(model, s, l))
                        }
                        WaitFor::Thread(x) => format!("blocked joining {}{until}", model.thread_name(s, x)),
                        WaitFor::Sleep => format!("sleeping{until}"),
                        WaitFor::Other => format!("blocked{until}"),
                    }
                }
            },
        };
        let flags = if th.forgotten { "  (forgotten by threading: a join of it was interrupted)" } else { "" };
        let at = if at.is_empty() { String::new() } else { format!("{at}  ") };
        out.push_str(&format!("  {who:<w$}  {at}[{state}]{flags}\n", w = width + 9));
    }
    if !s.locks.is_empty() {
        out.push_str("locks\n");
        for (l, lock) in s.locks.iter().enumerate() {
            let kind = if lock.reentrant { "RLock" } else { "Lock" };
            let owner = match lock.owner {
                Some(o) if lock.reentrant => format!("held by {} ({} deep)", model.thread_name(s, o), lock.count),
                Some(o) => format!("held by {}", model.thread_name(s, o)),
                None => "free".to_string(),
            };
            out.push_str(&format!("  {} {kind}: {owner}\n", lock_name(model, s, l as u8)));
        }
    }
    let pending: Vec<&str> = Sig::ALL.iter().filter(|&&g| s.is_tripped(g)).map(|g| g.name()).collect();
    let handlers: Vec<String> = Sig::ALL
        .iter()
        .filter(|&&g| s.handler(g) != if g == Sig::SIGINT { HandlerState::DefaultInt } else { HandlerState::Default })
        .map(|&g| format!("{}={}", g.name(), handler_name(model, s.handler(g))))
        .collect();
    out.push_str(&format!(
        "signals\n  pending: {}\n  handlers: SIGINT=default_int_handler unless listed{}\n",
        if pending.is_empty() { "none".to_string() } else { pending.join(", ") },
        if handlers.is_empty() { String::new() } else { format!("; {}", handlers.join(", ")) },
    ));
    let lines = |v: &[crate::text::Text]| if v.is_empty() { "(nothing)".to_string() } else { v.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(" / ") };
    out.push_str(&format!("stdout: {}\nstderr: {}\n", lines(&s.stdout), lines(&s.stderr)));
    out
}

/// A lock by the first module name that holds it, else by its number.
fn lock_name(model: &PyModel, s: &State, l: u8) -> String {
    model
        .program
        .globals
        .iter()
        .zip(s.globals.iter())
        .find(|(_, v)| **v == Some(Value::Lock(l)))
        .map_or(format!("#{l}"), |(n, _)| format!("`{n}`"))
}

fn handler_name(model: &PyModel, h: HandlerState) -> String {
    match h {
        HandlerState::Default => "SIG_DFL".into(),
        HandlerState::Ignore => "SIG_IGN".into(),
        HandlerState::DefaultInt => "default_int_handler".into(),
        HandlerState::Function(c) => model.program.codes[c as usize].name.to_string(),
    }
}
