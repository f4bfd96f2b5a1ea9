//! Running a script under a real interpreter and reading its outcome the way
//! the model states outcomes: stdout lines, the exception class names
//! reported on stderr, and the exit status as a shell reports it (or a hang).
//!
//! The child starts in its own process group, with SIGINT at its default
//! disposition (a background CI job may inherit it ignored, and then Python
//! installs no KeyboardInterrupt handler) and with unbuffered stdout (the model's output is what a terminal
//! shows; a pipe would lose buffered lines at `os._exit`).

use pythread_model::outcome::Outcome;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to run one script.
#[derive(Clone, Debug)]
pub struct RunSpec {
    /// Ctrl-C presses to send (a process SIGINT each).
    pub presses: u32,
    /// When the first press is sent.
    pub first_press: Duration,
    /// Time between presses.
    pub press_gap: Duration,
    /// A run still going after this is a hang (it is then killed).
    pub hang_after: Duration,
}

impl Default for RunSpec {
    fn default() -> Self {
        RunSpec {
            presses: 0,
            first_press: Duration::from_millis(500),
            press_gap: Duration::from_millis(500),
            hang_after: Duration::from_secs(10),
        }
    }
}

/// What one run showed, with its raw stderr for reports.
#[derive(Clone, Debug)]
pub struct Observed {
    pub outcome: Outcome,
    pub raw_stderr: String,
    pub elapsed: Duration,
}

/// How long a press waits for the interpreter's SIGINT handler at most (a
/// script may set SIGINT back to its default as soon as it starts).
const STARTUP_LIMIT: Duration = Duration::from_secs(3);

/// Whether process `pid` catches SIGINT now (`SigCgt` in
/// `/proc/PID/status`); true where that cannot be read.
fn catches_sigint(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return true };
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        // SIGINT is signal 2: bit 1 of the mask.
        .is_none_or(|mask| mask & (1 << 1) != 0)
}

const LAUNCHER: &str =
    "import os, signal, sys\nsignal.signal(signal.SIGINT, signal.SIG_DFL)\nos.execvp(sys.argv[1], sys.argv[1:])";

/// Runs `script` under `python` (e.g. `python3`, `pypy3`).
pub fn run(python: &str, script: &Path, spec: &RunSpec) -> std::io::Result<Observed> {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(python)
        // Its own process group: a Ctrl-C typed at our terminal (or sent to
        // our group) does not reach it; only our presses do.
        .process_group(0)
        .args(["-c", LAUNCHER, python])
        .arg(script)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let mut presses = 0;
    // Presses wait until the interpreter has installed its SIGINT handler:
    // one sent while it still starts up (slow on a loaded machine) would
    // kill it by the default action, an outcome no script has.
    let mut ready = false;
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break Some(st);
        }
        let elapsed = start.elapsed();
        ready = ready || elapsed >= STARTUP_LIMIT || catches_sigint(child.id());
        if ready && presses < spec.presses && elapsed >= spec.first_press + spec.press_gap * presses {
            let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
            presses += 1;
        }
        if elapsed > spec.hang_after {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let exit = status.map(|st| {
        use std::os::unix::process::ExitStatusExt;
        st.code().map(i64::from).unwrap_or_else(|| 128 + i64::from(st.signal().unwrap_or(0)))
    });
    let mut stdout: Vec<String> = out.split('\n').map(String::from).collect();
    if stdout.last().is_some_and(|l| l.is_empty()) {
        stdout.pop();
    }
    Ok(Observed {
        outcome: Outcome { stdout, repeated: Vec::new(), stderr: exception_names(&err), exit, hang: exit.is_none(), forever: false },
        raw_stderr: err,
        elapsed,
    })
}

/// The exception class names of the tracebacks on stderr, in order: the
/// first unindented line after each `Traceback (most recent call last):`
/// block, up to its colon; and a report with no frame at all (3.13.18 and
/// 3.14's check right after the module print only `KeyboardInterrupt`): a
/// last line that is a class name alone or followed by `: message`.
pub fn exception_names(stderr: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_traceback = false;
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let bare = |line: &str| {
        let name = line.split(": ").next().unwrap_or(line);
        let ident = |w: &str| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let class = name.rsplit('.').next().is_some_and(|n| n.starts_with(|c: char| c.is_ascii_uppercase()));
        std::ptr::eq(line, last) && name.split('.').all(ident) && class
    };
    for line in stderr.lines() {
        if line.starts_with("Traceback (most recent call last):") {
            in_traceback = true;
            continue;
        }
        if !in_traceback && bare(line) {
            names.push(line.split(':').next().unwrap_or(line).rsplit('.').next().unwrap_or(line).to_string());
            continue;
        }
        if in_traceback && !line.starts_with(' ') && !line.is_empty() {
            in_traceback = false;
            let name = line.split(':').next().unwrap_or(line).trim();
            let name = name.rsplit('.').next().unwrap_or(name);
            names.push(name.to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_press_waits_for_the_interpreter_to_catch_sigint() {
        // `sleep` never installs a handler; Python does as it starts.
        let mut sleeper = Command::new("sleep").arg("5").spawn().expect("sleep runs");
        std::thread::sleep(Duration::from_millis(100));
        assert!(!catches_sigint(sleeper.id()));
        let _ = sleeper.kill();
        let _ = sleeper.wait();
        let mut py = Command::new("python3").args(["-c", "import time; print('up', flush=True); time.sleep(5)"]).stdout(Stdio::piped()).spawn().expect("python3 runs");
        let mut line = [0u8; 3];
        py.stdout.take().unwrap().read_exact(&mut line).expect("python3 prints");
        assert!(catches_sigint(py.id()));
        let _ = py.kill();
        let _ = py.wait();
    }
}
