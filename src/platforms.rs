//! `differs-across-platforms` said exactly: which platforms differ, what
//! each run ends with, and the cause where it is one the analysis can name
//! (a POSIX-only name, a process signal landing on another thread, a lock
//! wait Windows does not interrupt before 3.14), each with its own fix.

use crate::report::compress_within;
use pythread_model::hazards::{last_line, Difference, DIFFERS_ACROSS_PLATFORMS};
use pythread_model::machine::{Action, PyModel};
use pythread_model::variant::{Platform, Variant};

/// Why two platforms' runs differ, as far as the runs show.
enum Cause {
    /// One platform's run stops with AttributeError (at this line): the
    /// script uses a name Windows lacks (`signal.SIGUSR1`, `os.getppid` …).
    PosixOnly { windows_line: u32 },
    /// POSIX against Linux: a process signal may land on another thread.
    SignalLandsElsewhere,
    /// Windows before 3.14 against POSIX: Ctrl-C does not interrupt a
    /// lock wait of the main thread.
    WindowsWaitNotInterrupted,
    /// Anything else: the outcomes are shown, the cause is not named.
    Other,
}

fn attribute_error(o: &pythread_model::outcome::Outcome) -> bool {
    o.stderr.iter().any(|e| e == "AttributeError")
}

fn cause(d: &Difference, lacks: &PyModel) -> Cause {
    let (has, no) = (d.has.platform, d.lacks.platform);
    let windows_attribute_error = match &d.instead {
        Some((o, path)) if no == Platform::Windows && attribute_error(o) && !attribute_error(&d.outcome) => Some(last_line(lacks, path)),
        _ => None,
    };
    if let Some(line) = windows_attribute_error {
        return Cause::PosixOnly { windows_line: line };
    }
    let pressed = d.actions.iter().any(|a| matches!(a, Action::CtrlC { .. }));
    match (has, no) {
        (Platform::Posix, Platform::Linux) | (Platform::Linux, Platform::Posix) => Cause::SignalLandsElsewhere,
        (_, Platform::Windows) if pressed && !d.lacks.version.is_314() => Cause::WindowsWaitNotInterrupted,
        _ => Cause::Other,
    }
}

/// The explanation and the fix for the first difference `d` (`lacks` is the
/// model of the platform without its outcome; `text` gives a script line).
pub fn explain(d: &Difference, lacks: &PyModel, text: &dyn Fn(u32) -> String) -> (String, String) {
    let instead = match &d.instead {
        Some((o, _)) => format!(" and ends instead: {}", o.summary()),
        None => String::new(),
    };
    let runs = format!("under {} the script can end: {}; under {} it never does{instead}", d.has, d.outcome.summary(), d.lacks);
    match cause(d, lacks) {
        Cause::PosixOnly { windows_line } => (
            format!(
                "on Windows the script stops at line {windows_line} (`{}`) with AttributeError: it uses a POSIX-only name there; {runs}",
                text(windows_line).trim()
            ),
            "if the script must run on Windows, guard its POSIX-only part (`if hasattr(signal, \"SIGUSR1\"):` or `if sys.platform != \"win32\":`); a script meant for POSIX only can ignore this note".to_string(),
        ),
        Cause::SignalLandsElsewhere => (
            format!(
                "a process signal (os.kill, Ctrl-C) may land on any thread under POSIX (macOS, the BSDs), where Linux gives it to the main thread: its handler still runs in the main thread, but a wait there is not cut short; {runs}"
            ),
            "send the signal to the main thread (`signal.pthread_kill(threading.main_thread().ident, sig)`), or block it in the other threads (`signal.pthread_sigmask(signal.SIG_BLOCK, {sig})` first thing in each)".to_string(),
        ),
        Cause::WindowsWaitNotInterrupted => (
            format!(
                "on Windows before 3.14 Ctrl-C does not interrupt the main thread's lock waits (`lock.acquire()`, `with lock:`, and what waits on one: `join()`, `Event.wait()`, `Queue.get()`): the KeyboardInterrupt waits until the wait ends; {runs}"
            ),
            "wait in short slices in a loop (`while not lock.acquire(timeout=0.1): pass`, `while t.is_alive(): t.join(0.1)`), so Ctrl-C is handled between them on every platform".to_string(),
        ),
        Cause::Other => (format!("{}: {runs}", DIFFERS_ACROSS_PLATFORMS.explanation), DIFFERS_ACROSS_PLATFORMS.fix.to_string()),
    }
}

/// The platform pairs that differ, each with the variants of the platform
/// that has the outcome among those `explored`: `posix/*/* vs linux,
/// windows/3.14/* vs linux`.
pub fn pairs(diffs: &[Difference], explored: &[Variant]) -> String {
    let mut groups: Vec<((Platform, Platform), Vec<Variant>)> = Vec::new();
    for d in diffs {
        let key = (d.has.platform, d.lacks.platform);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(d.has),
            None => groups.push((key, vec![d.has])),
        }
    }
    groups.iter().map(|((_, lacks), has)| format!("{} vs {}", compress_within(has, explored), lacks.name())).collect::<Vec<_>>().join(", ")
}
