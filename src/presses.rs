//! Ctrl-C presses asked for on the command line (`--ctrl-c[=N]`, beside the
//! script's `# pythread: ctrl-c` comment), and the note for a script that
//! handles Ctrl-C when no press is asked for: without one, its
//! `except KeyboardInterrupt` never runs in the model.

use pythread_model::scenario::{walk_block, ExcType, Scenario, Sig, StmtKind};

/// The most presses the model explores (as the comment's `ctrl-c=N`).
pub const MAX_PRESSES: u32 = 16;

/// `--ctrl-c[=N]`: `N` presses (16 at most; 0 for none, whatever the
/// script's comment says); the comment's count when the option is absent.
pub fn apply(s: &mut Scenario, asked: Option<u32>) -> Result<(), String> {
    match asked {
        Some(n) if n > MAX_PRESSES => Err(format!("--ctrl-c takes a press count from 0 to {MAX_PRESSES}, not {n}")),
        Some(n) => {
            s.ctrl_c = n;
            Ok(())
        }
        None => Ok(()),
    }
}

/// Where the script (not pythread's library code) shows that it handles
/// Ctrl-C: the line of its first `except KeyboardInterrupt` (or
/// `BaseException`, or a bare `except:`) or `signal.signal(SIGINT, …)`.
pub fn handles_ctrl_c(s: &Scenario) -> Option<u32> {
    let mut first: Option<u32> = None;
    let mut look = |stmt: &pythread_model::scenario::Stmt| {
        if stmt.loc.library {
            return;
        }
        let hit = match &stmt.kind {
            StmtKind::Try { handlers, .. } => handlers.iter().any(|h| h.catches(&ExcType::KeyboardInterrupt)),
            StmtKind::SetHandler { signal, .. } => *signal == Sig::SIGINT,
            _ => false,
        };
        if hit && stmt.loc.line > 0 && first.is_none_or(|l| stmt.loc.line < l) {
            first = Some(stmt.loc.line);
        }
    };
    walk_block(&s.main, &mut look);
    for f in &s.functions {
        walk_block(&f.body, &mut look);
    }
    for c in &s.classes {
        for m in &c.methods {
            walk_block(&m.body, &mut look);
        }
    }
    first
}

/// The note for a script that handles Ctrl-C and is run with no press.
pub fn note(s: &Scenario, script: &str) -> Option<String> {
    if s.ctrl_c > 0 {
        return None;
    }
    let line = handles_ctrl_c(s)?;
    Some(format!(
        "note: {script}:{line} handles Ctrl-C, but no Ctrl-C is pressed in these runs: add --ctrl-c (or --ctrl-c=N for N presses, or a `# pythread: ctrl-c` comment in the script) to press it at every moment"
    ))
}
