//! Sequence diagrams of a trace: one lifeline per thread, what each thread
//! runs as a mark on its lifeline, signals as arrows (from the user for
//! Ctrl-C, from the sending thread otherwise), the process exit as a bar
//! across every lifeline.
//!
//! One `Diagram` feeds two renderers: Mermaid for `specs/` (it renders on the
//! code hosts people read) and SVG for the explorer's `as_svg`.

use crate::machine::{Action, PyModel};
use crate::outcome::{name, step_text};
use crate::program::{KillTarget, Op};
use crate::state::{Event, Phase, State, Tid, MAIN};
use std::fmt::Write;

/// One row of a sequence diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// `thread` ran a statement (or a handler, or a wait ended).
    Note { at: u64, thread: Tid, text: String },
    /// A signal: from the user (`None`: Ctrl-C) or a thread, to a thread.
    Signal { at: u64, from: Option<Tid>, to: Tid, text: String },
    /// Time passes to `to`.
    Time { to: u64 },
    /// The process exits.
    Exit { at: u64, text: String },
}

/// A trace as rows of a sequence diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    /// Lifeline names, by thread index (main first).
    pub threads: Vec<String>,
    /// Whether a Ctrl-C happens (the user gets a lifeline).
    pub user: bool,
    /// The rows, in order.
    pub marks: Vec<Mark>,
}

impl Diagram {
    /// The diagram of the path from `init` through `actions`; an action the
    /// model does not take ends the path.
    pub fn of_path(model: &PyModel, init: &State, actions: &[Action]) -> Diagram {
        let mut marks = Vec::new();
        let mut s = init.clone();
        for a in actions {
            let Some(next) = stateright::Model::next_state(model, &s, a.clone()) else { break };
            marks.extend(marks_of_step(model, &s, a, &next));
            s = next;
        }
        let mut enabled = Vec::new();
        stateright::Model::actions(model, &s, &mut enabled);
        if enabled.is_empty() && s.phase == Phase::Running {
            marks.push(Mark::Exit { at: s.now, text: "the run hangs: every thread waits and nothing can wake one".into() });
        }
        let threads = (0..s.threads.len() as Tid).map(|t| name(model, &s, t)).collect();
        let user = marks.iter().any(|m| matches!(m, Mark::Signal { from: None, .. }));
        Diagram { threads, user, marks }
    }

    /// Mermaid `sequenceDiagram` source.
    pub fn mermaid(&self) -> String {
        let mut out = String::from("sequenceDiagram\n");
        if self.user {
            out.push_str("    participant user as user (Ctrl-C)\n");
        }
        for (t, n) in self.threads.iter().enumerate() {
            let _ = writeln!(out, "    participant T{t} as {}", mermaid_text(n));
        }
        let all = if self.threads.len() > 1 { format!("T0,T{}", self.threads.len() - 1) } else { "T0".into() };
        for m in &self.marks {
            let _ = match m {
                Mark::Note { at, thread, text } => {
                    writeln!(out, "    Note over T{thread}: t={at}ms {}", mermaid_text(text))
                }
                Mark::Signal { at, from, to, text } => {
                    let from = from.map_or("user".to_string(), |f| format!("T{f}"));
                    writeln!(out, "    {from}->>T{to}: t={at}ms {}", mermaid_text(text))
                }
                Mark::Time { to } => writeln!(out, "    Note over {all}: time passes to t={to}ms"),
                Mark::Exit { at, text } => writeln!(out, "    Note over {all}: t={at}ms {}", mermaid_text(text)),
            };
        }
        out
    }

    /// A standalone SVG picture (light lines on the explorer's dark panel).
    pub fn svg(&self) -> String {
        const LANE: usize = 190;
        const ROW: usize = 22;
        const TOP: usize = 30;
        let lanes = self.threads.len() + usize::from(self.user);
        let x_of = |t: Option<Tid>| -> usize {
            let lane = match t {
                None => 0,
                Some(t) => t as usize + usize::from(self.user),
            };
            20 + lane * LANE + LANE / 2
        };
        let width = 40 + lanes * LANE + 260;
        let height = TOP + (self.marks.len() + 2) * ROW;
        let mut out = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='monospace' font-size='11'>"
        );
        let mut heads: Vec<(Option<Tid>, &str)> = Vec::new();
        if self.user {
            heads.push((None, "user (Ctrl-C)"));
        }
        heads.extend(self.threads.iter().enumerate().map(|(t, n)| (Some(t as Tid), n.as_str())));
        for (t, n) in heads {
            let x = x_of(t);
            let _ = write!(
                out,
                "<text x='{x}' y='16' fill='#fff' text-anchor='middle' font-weight='bold'>{}</text><line x1='{x}' y1='{}' x2='{x}' y2='{height}' stroke='#888' stroke-dasharray='4 3'/>",
                xml(n),
                TOP - 8
            );
        }
        for (i, m) in self.marks.iter().enumerate() {
            let y = TOP + i * ROW + ROW / 2;
            let _ = match m {
                Mark::Note { at, thread, text } => {
                    let x = x_of(Some(*thread));
                    write!(
                        out,
                        "<circle cx='{x}' cy='{y}' r='4' fill='#8cf'/><text x='{}' y='{}' fill='#ddd'>t={at}ms {}</text>",
                        x + 8,
                        y + 4,
                        xml(text)
                    )
                }
                Mark::Signal { at, from, to, text } => {
                    let (x1, x2) = (x_of(*from), x_of(Some(*to)));
                    let dir = if x2 >= x1 { -6i64 } else { 6 };
                    let tip = x2 as i64 + if x1 == x2 { 0 } else { dir };
                    write!(
                        out,
                        "<line x1='{x1}' y1='{y}' x2='{x2}' y2='{y}' stroke='#fc6' stroke-width='2'/><polygon points='{x2},{y} {tip},{} {tip},{}' fill='#fc6'/><text x='{}' y='{}' fill='#fc6'>t={at}ms {}</text>",
                        y - 4,
                        y + 4,
                        x1.min(x2) + 8,
                        y - 4,
                        xml(text)
                    )
                }
                Mark::Time { to } => write!(
                    out,
                    "<text x='20' y='{}' fill='#aaa' font-style='italic'>⋯ time passes to t={to}ms</text>",
                    y + 4
                ),
                Mark::Exit { at, text } => write!(
                    out,
                    "<rect x='20' y='{}' width='{}' height='8' fill='#e55'/><text x='{}' y='{}' fill='#f99'>t={at}ms {}</text>",
                    y - 4,
                    lanes * LANE,
                    lanes * LANE + 28,
                    y + 4,
                    xml(text)
                ),
            };
        }
        out.push_str("</svg>");
        out
    }
}

/// The rows one step adds.
fn marks_of_step(model: &PyModel, before: &State, action: &Action, after: &State) -> Vec<Mark> {
    let at = before.now;
    let mut marks = Vec::new();
    let exited = matches!((before.phase, after.phase), (Phase::Running | Phase::SignalsOff { .. }, Phase::Exited { .. }));
    match *action {
        Action::Tick => marks.push(Mark::Time { to: after.now }),
        Action::Exit => {}
        Action::CtrlC { land } => {
            // Windows: the console's SIGINT is handled for the main thread.
            marks.push(Mark::Signal { at, from: None, to: land, text: "Ctrl-C (SIGINT)".into() })
        }
        Action::Step { thread, land } => {
            let text = step_text(model, before, action, after).trim().to_string();
            let handler = matches!(after.event, Event::HandlerRan { .. });
            match signal_target(model, before, thread, land) {
                Some(to) if !handler => marks.push(Mark::Signal { at, from: Some(thread), to, text }),
                _ => marks.push(Mark::Note { at, thread, text }),
            }
        }
    }
    if exited {
        let Phase::Exited { status } = after.phase else { unreachable!("exited") };
        marks.push(Mark::Exit { at: after.now, text: format!("the process exits with status {status}") });
    }
    marks
}

/// Where the signal a thread's next statement sends goes, if it sends one.
fn signal_target(model: &PyModel, s: &State, t: Tid, land: Tid) -> Option<Tid> {
    let th = &s.threads[t as usize];
    let f = th.frames.last()?;
    if f.wait.is_some() {
        return None;
    }
    match &model.instr(f).op {
        Op::Kill { .. } => Some(land),
        Op::InterruptMain { .. } => Some(MAIN),
        Op::RaiseSignal { .. } => Some(t),
        Op::PthreadKill { target: KillTarget::Main, .. } => Some(MAIN),
        Op::PthreadKill { target: KillTarget::Current, .. } => Some(t),
        Op::PthreadKill { target: KillTarget::Thread(v), .. } => model.read_var(s, f, *v).and_then(|v| s.thread_in(&v)),
        _ => None,
    }
}

/// Mermaid message text: `;` and `#` would end or escape the message.
fn mermaid_text(s: &str) -> String {
    s.replace('#', "#35;").replace(';', "#59;").replace('\n', " ")
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&apos;")
}
