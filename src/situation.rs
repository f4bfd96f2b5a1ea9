//! A finding's explanation and fix said for the script and the variants that
//! show it (issue 19): the exit status of the platforms at hand, which
//! threads wait where in a hang, why a Ctrl-C waited on this platform, which
//! thread the exit killed. The kind's general text stays where the trace
//! says nothing more.

use pythread_model::hazards::{self, Kind};
use pythread_model::machine::{Action, PyModel};
use pythread_model::outcome::{name, replay, script_line};
use pythread_model::state::{Life, State, Tid};
use pythread_model::variant::{Platform, Variant};

/// Whether Ctrl-C leaves a lock wait of the main thread alone in `v`.
fn uninterruptible(v: &Variant) -> bool {
    v.platform == Platform::Windows && !v.version.is_314()
}

/// The script line a thread stands at, with its text: `line 32 (`x = q.get()`)`.
fn at(model: &PyModel, s: &State, t: Tid, text: &dyn Fn(u32) -> String) -> String {
    let line = script_line(model, s, t);
    if line == 0 {
        "the end of its code".to_string()
    } else {
        format!("line {line} (`{}`)", text(line).trim())
    }
}

/// The explanation and fix of finding `kind` under `variants`, whose
/// shortest trace is `actions` in `model`.
pub fn explain(kind: Kind, variants: &[Variant], model: &PyModel, actions: &[Action], text: &dyn Fn(u32) -> String) -> (String, String) {
    let general = (kind.explanation.to_string(), kind.fix.to_string());
    let windows = variants.iter().filter(|v| v.platform == Platform::Windows).count();
    match kind.id {
        id if id == hazards::KEYBOARDINTERRUPT_ESCAPES_MAIN.id => {
            let status = match windows {
                0 => "exit status 130",
                n if n == variants.len() => "exit status 3221225786, STATUS_CONTROL_C_EXIT",
                _ => "exit status 130; on Windows 3221225786, STATUS_CONTROL_C_EXIT",
            };
            (
                format!("Ctrl-C raises KeyboardInterrupt in the main thread and nothing catches it: traceback, and the process ends by SIGINT ({status})"),
                general.1,
            )
        }
        id if id == hazards::HANG.id => {
            let Some(end) = replay(model, actions) else { return general };
            let waiting: Vec<String> = (0..end.threads.len() as Tid)
                .filter(|&t| end.threads[t as usize].frames.last().is_some_and(|f| f.wait.is_some()))
                .map(|t| format!("{} at {}", name(model, &end, t), at(model, &end, t, text)))
                .collect();
            let who = if waiting.is_empty() { String::new() } else { format!(" ({} waits)", waiting.join(", ")) };
            if variants.iter().all(uninterruptible) {
                (
                    format!("on Windows before 3.14 a run can block forever{who}: Ctrl-C does not interrupt the main thread's lock wait, so not even it ends the program"),
                    general.1,
                )
            } else {
                (
                    format!("a run can block forever{who}: every thread waits and nothing can wake it"),
                    "make sure what each wait waits for always happens (release in a `finally:` or use `with`, set the Event or put the sentinel in a `finally:`), or wait with a timeout and handle the timeout".to_string(),
                )
            }
        }
        id if id == hazards::CTRL_C_DELAYED.id => {
            if variants.iter().all(uninterruptible) {
                (
                    "on Windows before 3.14 Ctrl-C does not interrupt the main thread's lock wait (`acquire(timeout=…)`, and `join`, `Event.wait`, `Queue.get` with a timeout): the KeyboardInterrupt comes only when the wait times out".to_string(),
                    general.1,
                )
            } else if !variants.iter().any(uninterruptible) {
                (
                    "Ctrl-C comes just after the main thread's last check point before this wait begins: the KeyboardInterrupt waits until the wait times out (a window of a few instructions, on every platform)".to_string(),
                    "wait in short slices in a loop (`while not done.wait(0.1): pass`), so a Ctrl-C that just missed a check point is handled at the next".to_string(),
                )
            } else {
                general
            }
        }
        id if [hazards::FINALLY_SKIPPED_AT_EXIT.id, hazards::LOCK_HELD_AT_EXIT.id, hazards::WORK_LOST_AT_EXIT.id].contains(&id) => {
            // The state before the trace's last step (the exit) and after it.
            let Some((last, rest)) = actions.split_last() else { return general };
            let Some(before) = replay(model, rest) else { return general };
            let Some(end) = stateright::Model::next_state(model, &before, last.clone()) else { return general };
            let killed: Vec<String> = (1..end.threads.len() as Tid)
                .filter(|&t| end.threads[t as usize].life == Life::Killed && before.threads[t as usize].life != Life::Killed)
                .map(|t| format!("{} at {}", name(model, &before, t), at(model, &before, t, text)))
                .collect();
            if killed.is_empty() {
                return general;
            }
            (format!("{}: killed {}", kind.explanation, killed.join(", ")), general.1)
        }
        _ => general,
    }
}
