//! What a step of the model shows to someone watching a run from outside:
//! the vocabulary in which a trace of the reference runtime is replayed in
//! the model (`pythread_impl::refine`).
//!
//! Only what both sides can see is compared: which thread ran which line,
//! what was printed, which handler ran, Ctrl-C presses, the exit, and when
//! (virtual time). Steps that show nothing (a wait ending, time passing, a
//! shutdown still waiting) are silent: the replay may take them freely.

use crate::machine::{Action, PyModel};
use crate::scenario::Sig;
use crate::state::{Millis, Phase, State, Tid};

/// One observable event.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Obs {
    /// The thread ran the statement (or shared-state test) on this line.
    Step { thread: Tid, line: u32 },
    /// A line was printed.
    Printed { text: String },
    /// A thread (the main thread, in every correct run) ran the handler of
    /// this signal.
    HandlerRan { thread: Tid, sig: Sig },
    /// Ctrl-C was pressed.
    CtrlC,
    /// The process exited with this status.
    Exited { status: i64 },
}

/// An observable event and the virtual time it happened at.
pub type Timed = (Obs, Millis);

/// What taking `action` from `before` (reaching `after`) shows, in order.
pub fn observe(model: &PyModel, before: &State, action: &Action, after: &State) -> Vec<Timed> {
    let at = before.now;
    let mut out = Vec::new();
    match action {
        Action::Tick | Action::Exit => {}
        Action::CtrlC { .. } => out.push((Obs::CtrlC, at)),
        Action::Step { thread, .. } => match model.handler_due(before, *thread) {
            // A signal whose handler became SIG_IGN/SIG_DFL after it tripped
            // is dropped silently.
            Some((sig, _)) => {
                if before.handler(sig).is_python() {
                    out.push((Obs::HandlerRan { thread: *thread, sig }, at));
                }
            }
            // The second write of a print is the same statement.
            None if before.threads[*thread as usize].frames.last().is_some_and(|f| f.at == crate::state::At::MidPrint) => {}
            None => {
                if let Some(instr) = model.next_instruction(before, *thread) {
                    // `atexit._run_exitfuncs()` calling its next function is
                    // the same statement, its loop in C (the function before
                    // may still have to return into it).
                    let depth = before.threads[*thread as usize].frames.len();
                    let looping = matches!(instr.op, crate::program::Op::AtexitRun)
                        && before
                            .exit_run
                            .as_ref()
                            .is_some_and(|r| r.caller.0 == *thread && r.caller.1 as usize <= depth);
                    if !looping {
                        out.push((
                            Obs::Step {
                                thread: *thread,
                                line: instr.loc.line,
                            },
                            at,
                        ));
                    }
                }
            }
        },
    }
    for line in &after.stdout[before.stdout.len().min(after.stdout.len())..] {
        out.push((Obs::Printed { text: line.to_string() }, at));
    }
    // The exit shows when the finalization ends the threads' run; a press
    // that kills the process after it shows as a press.
    if let (Phase::Running, Phase::Exited { status } | Phase::SignalsOff { status }) = (before.phase, after.phase) {
        out.push((Obs::Exited { status }, at));
    }
    out
}
