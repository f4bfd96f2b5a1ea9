//! Differential conformance: the model against real interpreters.
//!
//! Each scenario runs under each interpreter a few times; every observed
//! outcome must be one the model predicts for the variant that matches the
//! interpreter (its `sys.platform` and `sys.version_info`, asked of it). A
//! divergence is a model bug to fix or an interpreter difference to record
//! (`KNOWN_DEVIATIONS`, `specs/conformance.md`).

use crate::interp::{self, RunSpec};
use crate::pool::parallel_map;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use pythread_model::check::trace_lines;
use pythread_model::frontend::parse;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome, Predicted};
use pythread_model::program::Program;
use pythread_model::render::render;
use pythread_model::scenario::Scenario;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// Where an interpreter is known to differ from CPython (the model follows
/// CPython): `(implementation, script file name, what it does)`. Each was
/// observed; `specs/conformance.md` lists them with the scenario that shows it.
pub const KNOWN_DEVIATIONS: &[(&str, &str, &str)] = &[
    ("PyPy", "acquire-interruptible_argument_errors.py", "negative timeout text: `must be strictly positive`"),
    ("PyPy", "cpython-lock_tests_test_timeout.py", "negative timeout text: `must be strictly positive`"),
    ("PyPy", "acquire-interruptible_release_unlocked_lock_runtime_error.py", "Lock.release() text: `cannot release un-acquired lock`"),
    ("PyPy", "acquire-interruptible_timeout_max_differs_by_platform.py", "accepts timeout=1e10 (no OverflowError)"),
];

/// The PyPy differences the model knows how to follow (`PyModel::as_pypy`):
/// runs that only they explain are counted as known, not as divergences.
pub const PYPY_RULE: &str = "PyPy: an uncaught KeyboardInterrupt in the main thread exits without joining non-daemon threads, a signal arriving while pending runs its handler again, signals still pending when a handler raises never run, signal.sigtimedwait is missing, or sys.unraisablehook gets another err_msg for a _thread thread's exception";

/// An interpreter and the variant that describes it.
#[derive(Clone, Debug)]
pub struct Interpreter {
    /// The command that runs it (`python3`, `pypy3`, a path).
    pub command: String,
    /// `platform.python_implementation()`: CPython, PyPy, …
    pub implementation: String,
    /// `platform.python_version()`.
    pub version: String,
    /// Its platform and minor version (exit mode: killed).
    pub variant: Variant,
    /// `threading` is imported at start-up, before the script runs (pyenv's
    /// 3.11.7 here: a `.pth` file imports it), so its `_shutdown` runs and
    /// checks for signals whatever the script imports.
    pub threading_preloaded: bool,
}

impl Interpreter {
    /// `python3 (CPython 3.11.7)`.
    pub fn label(&self) -> String {
        format!("{} ({} {})", self.command, self.implementation, self.version)
    }
}

const DETECT: &str = "import sys\npreloaded = 'threading' in sys.modules\nimport platform\nprint(sys.platform)\nprint(sys.version_info[0], sys.version_info[1], sys.version_info[2])\nprint(platform.python_implementation())\nprint(platform.python_version())\nprint(preloaded)";

/// Asks `command` what it is.
pub fn detect(command: &str) -> Result<Interpreter, String> {
    let out = Command::new(command).args(["-c", DETECT]).output().map_err(|e| format!("{command}: cannot run it: {e}"))?;
    if !out.status.success() {
        return Err(format!("{command}: exited with {} when asked its version", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let [platform, version_info, implementation, version, preloaded] = lines[..] else {
        return Err(format!("{command}: unexpected answer {text:?}"));
    };
    let platform = match platform {
        "linux" => Platform::Linux,
        "win32" | "cygwin" => Platform::Windows,
        _ => Platform::Posix,
    };
    let numbers: Vec<&str> = version_info.split(' ').collect();
    let minor = match numbers[..] {
        ["3", m, _] => m.parse::<u8>().ok().filter(|m| (8..=14).contains(m)),
        _ => None,
    }
    .ok_or_else(|| format!("{command}: Python {version} is not supported (3.8 to 3.14)"))?;
    // CPython's patch release matters (3.13.0 and 3.13.18 run a pending
    // handler at different places); the model follows PyPy as the newest
    // CPython of its language version.
    let micro = numbers.get(2).and_then(|m| m.parse::<u8>().ok());
    let version_of = match implementation {
        "CPython" => Version { minor, patch: micro },
        _ => Version::of(minor),
    };
    Ok(Interpreter {
        command: command.to_string(),
        implementation: implementation.to_string(),
        version: version.to_string(),
        variant: Variant { platform, version: version_of, exit: ExitMode::Killed },
        threading_preloaded: preloaded == "True",
    })
}

/// The variant `predict` and `check` assume when none is asked for: the
/// platform and version of the `python3` on PATH (`$PYTHREAD_PYTHON` names
/// another), threads killed at exit; else Linux and the newest version.
/// The second value says where it came from, for the output (`the python3
/// on PATH (CPython 3.11.7)`).
pub fn default_variant() -> (Variant, String) {
    let command = std::env::var("PYTHREAD_PYTHON").unwrap_or_else(|_| "python3".to_string());
    match detect(&command) {
        Ok(py) => {
            let as_cpython = if py.implementation == "CPython" { String::new() } else { format!(", predicted as CPython 3.{}", py.variant.version.minor) };
            (py.variant, format!("the {command} on PATH ({} {}{as_cpython})", py.implementation, py.version))
        }
        Err(e) => {
            let v = Variant { platform: Platform::Linux, version: Version::V3_14, exit: ExitMode::Killed };
            (v, format!("the newest ({e})"))
        }
    }
}

/// One of the nine interpreters `--all-interpreters` looks for.
#[derive(Clone, Debug)]
pub struct Slot {
    /// What it is, for people: `CPython 3.8 (pyenv)`.
    pub what: &'static str,
    /// `CPython` or `PyPy`.
    pub implementation: &'static str,
    /// The minor version it must report (none for PyPy).
    pub minor: Option<u8>,
    /// How to install it.
    pub install: &'static str,
}

/// The nine interpreters the project runs: pyenv's CPython 3.8–3.13, the
/// newest 3.13 and 3.14 (`.ci/install-cpython.sh`) and PyPy.
pub const SLOTS: [Slot; 9] = [
    Slot { what: "CPython 3.8 (pyenv)", implementation: "CPython", minor: Some(8), install: "pyenv install 3.8" },
    Slot { what: "CPython 3.9 (pyenv)", implementation: "CPython", minor: Some(9), install: "pyenv install 3.9" },
    Slot { what: "CPython 3.10 (pyenv)", implementation: "CPython", minor: Some(10), install: "pyenv install 3.10" },
    Slot { what: "CPython 3.11 (pyenv)", implementation: "CPython", minor: Some(11), install: "pyenv install 3.11" },
    Slot { what: "CPython 3.12 (pyenv)", implementation: "CPython", minor: Some(12), install: "pyenv install 3.12" },
    Slot { what: "CPython 3.13 (pyenv)", implementation: "CPython", minor: Some(13), install: "pyenv install 3.13.0" },
    Slot { what: "CPython 3.13, newest (python3.13)", implementation: "CPython", minor: Some(13), install: ".ci/install-cpython.sh 3.13" },
    Slot { what: "CPython 3.14 (python3.14)", implementation: "CPython", minor: Some(14), install: ".ci/install-cpython.sh 3.14" },
    Slot { what: "PyPy 3 (pypy3)", implementation: "PyPy", minor: None, install: "apt-get install pypy3" },
];

/// What `find_all` found.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    /// One per version found, in `SLOTS` order.
    pub found: Vec<Interpreter>,
    /// The slots not found: the slot and why.
    pub missing: Vec<(Slot, String)>,
}

/// pyenv's root: `$PYENV_ROOT`, `pyenv root`, or `~/.pyenv`.
fn pyenv_root() -> Option<PathBuf> {
    if let Some(r) = std::env::var_os("PYENV_ROOT").filter(|r| !r.is_empty()) {
        return Some(PathBuf::from(r));
    }
    if let Ok(out) = Command::new("pyenv").arg("root").output() {
        let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() && !root.is_empty() {
            return Some(PathBuf::from(root));
        }
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv"))
}

/// `name` in each directory of `PATH` (pyenv's shims left out: they only
/// redirect, slowly, to an interpreter found elsewhere), then in `also`.
fn on_path(name: &str, also: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let dirs = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    let extra = also.iter().map(PathBuf::from);
    for dir in dirs.into_iter().filter(|d| !d.ends_with("shims")).chain(extra) {
        let p = dir.join(name);
        if p.is_file() && !v.contains(&p.display().to_string()) {
            v.push(p.display().to_string());
        }
    }
    v
}

/// The candidate commands of a slot, in order.
fn candidates(slot: usize, pyenv: Option<&Path>) -> Vec<String> {
    match SLOTS[slot].minor {
        Some(minor) if slot < 6 => {
            // `versions/3.M.P` (not `3.M-dev`, `3.M.Pt`, …), newest first.
            let Some(root) = pyenv else { return Vec::new() };
            let prefix = format!("3.{minor}.");
            let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir(root.join("versions"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let patch = name.strip_prefix(&prefix)?.parse::<u32>().ok()?;
                    Some((patch, e.path().join("bin").join("python3")))
                })
                .filter(|(_, p)| p.is_file())
                .collect();
            dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
            dirs.into_iter().map(|(_, p)| p.display().to_string()).collect()
        }
        Some(minor) => on_path(&format!("python3.{minor}"), &["/usr/local/bin"]),
        None => on_path("pypy3", &["/usr/local/bin", "/usr/bin"]),
    }
}

/// Finds the nine interpreters (`SLOTS`): pyenv's versions (`pyenv root`
/// or `~/.pyenv`), `python3.13` and `python3.14` on `PATH` or in
/// `/usr/local/bin`, and `pypy3`. Each is asked its version; two that
/// report the same implementation and version count once, so a slot whose
/// only candidate repeats an earlier one (a `python3.13` that is pyenv's
/// 3.13.0) is missing.
pub fn find_all() -> Discovery {
    let pyenv = pyenv_root();
    let mut d = Discovery::default();
    for (i, slot) in SLOTS.iter().enumerate() {
        let mut why = "not found".to_string();
        let mut chosen = None;
        for c in candidates(i, pyenv.as_deref()) {
            match detect(&c) {
                Ok(py) if py.implementation != slot.implementation || slot.minor.is_some_and(|m| m != py.variant.version.minor) => {
                    why = format!("{c} is {} {}", py.implementation, py.version);
                }
                Ok(py) => match d.found.iter().find(|f| f.implementation == py.implementation && f.version == py.version) {
                    Some(f) => why = format!("{c} is {} {}, already run as {}", py.implementation, py.version, f.command),
                    None => {
                        chosen = Some(py);
                        break;
                    }
                },
                Err(e) => why = e,
            }
        }
        match chosen {
            Some(py) => d.found.push(py),
            None => d.missing.push((slot.clone(), why)),
        }
    }
    d
}

/// Where a case came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    /// A script given (or the corpus).
    Script,
    /// A generated timed scenario (`workloads::timed`).
    Generated,
    /// A check-point probe (`probes::generate`).
    Probe,
}

/// One scenario to run.
#[derive(Clone, Debug)]
pub struct Case {
    /// The script's file.
    pub path: PathBuf,
    /// The parsed scenario.
    pub scenario: Scenario,
    /// Where it came from (the precision figures count generated ones and
    /// probes).
    pub kind: CaseKind,
}

impl Case {
    /// The script's file name.
    pub fn name(&self) -> String {
        self.path.file_name().unwrap_or_default().to_string_lossy().into_owned()
    }

    /// Whether it was generated (a timed scenario).
    pub fn generated(&self) -> bool {
        self.kind == CaseKind::Generated
    }
}

/// A script from a file; `Err` is a one-line message.
pub fn load(path: &Path) -> Result<Case, String> {
    let (_, scenario) = pythread_model::frontend::parse_file(path).map_err(|diags| {
        let first = diags.first().map(|d| d.to_string()).unwrap_or_default();
        first.lines().next().unwrap_or("does not parse").to_string()
    })?;
    Ok(Case { path: path.to_path_buf(), scenario, kind: CaseKind::Script })
}

/// `n` timed workloads (`workloads::timed`) from `seed`, written as scripts
/// under `dir`.
pub fn generate(n: usize, seed: u64, dir: &Path) -> std::io::Result<Vec<Case>> {
    std::fs::create_dir_all(dir)?;
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = pythread_model::workloads::timed();
    let mut cases = Vec::new();
    for i in 0..n {
        let s = strategy.new_tree(&mut runner).map_err(|r| std::io::Error::other(r.to_string()))?.current();
        let source = format!("# generated by `pythread conform --seed {seed}`, case {i}\n{}", render(&s));
        let path = dir.join(format!("generated-{seed}-{i:04}.py"));
        std::fs::write(&path, &source)?;
        let scenario = parse(&source, &path.display().to_string()).map_err(|d| std::io::Error::other(format!("{d:?}")))?;
        cases.push(Case { path, scenario, kind: CaseKind::Generated });
    }
    Ok(cases)
}

/// `n` check-point probes (`probes::generate`) from `seed`, written as
/// scripts `probe-SEED-NNNN.py` under `dir`, each with a comment saying what
/// it probes.
pub fn probes(n: usize, seed: u64, dir: &Path) -> std::io::Result<Vec<Case>> {
    std::fs::create_dir_all(dir)?;
    let mut cases = Vec::new();
    for (i, p) in pythread_model::probes::probes(n, seed).iter().enumerate() {
        let source = format!("# probe by `pythread conform --probes {n} --seed {seed}`, probe {i}:\n# {}\n{}", p.describe(), render(&p.scenario()));
        let path = dir.join(format!("probe-{seed}-{i:04}.py"));
        std::fs::write(&path, &source)?;
        let scenario = parse(&source, &path.display().to_string()).map_err(|d| std::io::Error::other(format!("{d:?}")))?;
        cases.push(Case { path, scenario, kind: CaseKind::Probe });
    }
    Ok(cases)
}

/// What one scenario did under one interpreter.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// Every run's outcome was predicted.
    Agree,
    /// Some run's outcome is explained only by a known difference of the
    /// interpreter (which the model can follow; see `PYPY_RULE`).
    Known(String),
    /// A run's outcome was not (and two more runs confirmed it).
    Diverge(Box<Divergence>),
    /// Not compared, and why.
    Skipped(String),
}

/// A divergence, with what a person needs to judge it.
#[derive(Clone, Debug)]
pub struct Divergence {
    pub observed: Outcome,
    pub raw_stderr: String,
    pub predicted: Vec<Outcome>,
    /// The prediction closest to what was observed, with its trace.
    pub nearest: Predicted,
    /// The trace's lines, for people.
    pub nearest_trace: Vec<String>,
}

/// One (interpreter, scenario) result.
#[derive(Clone, Debug)]
pub struct CaseReport {
    pub interpreter: usize,
    pub case: usize,
    /// The variant predicted.
    pub variant: Variant,
    pub verdict: Verdict,
    /// How many outcomes the model predicts.
    pub predicted: usize,
    /// Exactly one predicted outcome, and every run showed it.
    pub precise: bool,
    /// Whether the prediction was complete (no limit stopped it).
    pub complete: bool,
}

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Runs per scenario and interpreter.
    pub runs: usize,
    /// Scenarios run at once.
    pub jobs: usize,
    /// Predict for this variant instead of the interpreter's own (to see a
    /// deliberately wrong model diverge).
    pub variant: Option<Variant>,
    /// Limits on each prediction.
    pub limits: Limits,
}

/// How alike a prediction is to an observation: shared leading stdout
/// lines, then equal stderr, exit and hang.
fn likeness(p: &Outcome, o: &Outcome) -> usize {
    let shared = p.stdout.iter().zip(&o.stdout).take_while(|(a, b)| a == b).count();
    shared * 4 + usize::from(p.stderr == o.stderr) * 2 + usize::from(p.exit == o.exit) + usize::from(p.hang == o.hang)
}

/// Runs every case under every interpreter.
pub fn conform(interpreters: &[Interpreter], cases: &[Case], options: &Options) -> Vec<CaseReport> {
    let jobs: Vec<(usize, usize)> = (0..interpreters.len()).flat_map(|i| (0..cases.len()).map(move |c| (i, c))).collect();
    parallel_map(&jobs, options.jobs, |&(i, c)| one(&interpreters[i], i, &cases[c], c, options))
}

fn one(py: &Interpreter, i: usize, case: &Case, c: usize, options: &Options) -> CaseReport {
    let report = judge(py, i, case, c, options);
    // The prediction is dropped by now: give its memory back, or the next
    // search finds the process over the memory limit and stops at once.
    pythread_model::limits::release_freed_memory();
    report
}

fn judge(py: &Interpreter, i: usize, case: &Case, c: usize, options: &Options) -> CaseReport {
    let variant = options.variant.unwrap_or(py.variant);
    let report = |verdict, predicted, precise| CaseReport { interpreter: i, case: c, variant, verdict, predicted, precise, complete: true };
    if let Some((_, _, why)) = KNOWN_DEVIATIONS.iter().find(|(imp, name, _)| *imp == py.implementation && *name == case.name()) {
        return report(Verdict::Skipped(format!("known {} deviation: {why}", py.implementation)), 0, false);
    }
    let mut model = PyModel::new(Arc::new(Program::compile(&case.scenario)), variant);
    model.threading_preloaded = py.threading_preloaded;
    let prediction = predict(&model, options.limits);
    if !prediction.complete {
        let skipped = Verdict::Skipped("the prediction is incomplete (a limit stopped it)".into());
        return CaseReport { complete: false, ..report(skipped, prediction.outcomes.len(), false) };
    }
    // A real run that never ends cannot tell a loop from a wait.
    let expected: Vec<Outcome> = prediction.outcomes.iter().map(|p| p.outcome.as_observed()).collect();
    let expected: Vec<&Outcome> = expected.iter().collect();
    let spec = RunSpec { presses: case.scenario.ctrl_c, ..RunSpec::default() };
    let mut all_seen_single = prediction.outcomes.len() == 1;
    // What PyPy's known difference allows besides, computed when needed.
    let pypy = py.implementation == "PyPy";
    let mut pypy_outcomes: Option<Vec<Outcome>> = None;
    let mut known = false;
    for _ in 0..options.runs.max(1) {
        let seen = match interp::run(&py.command, &case.path, &spec) {
            Ok(seen) => seen,
            Err(e) => return report(Verdict::Skipped(format!("{} did not run: {e}", py.command)), expected.len(), false),
        };
        if expected.iter().any(|e| e.admits(&seen.outcome)) {
            continue;
        }
        // Confirm twice more, so that a loaded machine (a slow start that a
        // 0.5 s Ctrl-C press overtakes) cannot fake a divergence.
        let again: Vec<_> = (0..2).filter_map(|_| interp::run(&py.command, &case.path, &spec).ok()).collect();
        if again.len() < 2 || again.iter().any(|a| expected.iter().any(|e| e.admits(&a.outcome))) {
            all_seen_single = false;
            continue;
        }
        if pypy {
            let alt = pypy_outcomes.get_or_insert_with(|| {
                let mut m = PyModel::new(model.program.clone(), variant).as_pypy();
                m.threading_preloaded = py.threading_preloaded;
                predict(&m, options.limits).outcomes.into_iter().map(|p| p.outcome).collect()
            });
            if [&seen, &again[0], &again[1]].iter().all(|r| alt.iter().any(|e| e.admits(&r.outcome))) {
                // Precise still, if PyPy's rule predicts one outcome only.
                known = true;
                all_seen_single &= alt.len() == 1;
                continue;
            }
        }
        let observed = again[0].clone();
        let nearest = prediction
            .outcomes
            .iter()
            .max_by_key(|p| likeness(&p.outcome, &observed.outcome))
            .expect("a complete prediction has an outcome")
            .clone();
        let nearest_trace = trace_lines(&model, &nearest.actions);
        let d = Divergence {
            observed: observed.outcome,
            raw_stderr: observed.raw_stderr,
            predicted: expected.iter().map(|o| (*o).clone()).collect(),
            nearest,
            nearest_trace,
        };
        return report(Verdict::Diverge(Box::new(d)), expected.len(), false);
    }
    let verdict = if known { Verdict::Known(PYPY_RULE.into()) } else { Verdict::Agree };
    report(verdict, prediction.outcomes.len(), all_seen_single)
}

/// Totals for one interpreter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub scenarios: usize,
    pub agree: usize,
    pub known: usize,
    pub diverge: usize,
    pub skipped: usize,
    /// Generated scenarios, and those with exactly one predicted outcome
    /// that every run showed.
    pub generated: usize,
    pub precise: usize,
    /// Probes, and those with exactly one predicted outcome that every run
    /// showed.
    pub probes: usize,
    pub probes_precise: usize,
}

/// The totals per interpreter.
pub fn tally(reports: &[CaseReport], cases: &[Case], interpreters: usize) -> Vec<Tally> {
    let mut t = vec![Tally::default(); interpreters];
    for r in reports {
        let x = &mut t[r.interpreter];
        x.scenarios += 1;
        match r.verdict {
            Verdict::Agree => x.agree += 1,
            Verdict::Known(_) => x.known += 1,
            Verdict::Diverge(_) => x.diverge += 1,
            Verdict::Skipped(_) => x.skipped += 1,
        }
        match cases[r.case].kind {
            CaseKind::Generated => {
                x.generated += 1;
                x.precise += usize::from(r.precise);
            }
            CaseKind::Probe => {
                x.probes += 1;
                x.probes_precise += usize::from(r.precise);
            }
            CaseKind::Script => {}
        }
    }
    t
}

/// A divergence for people: the script, what was observed, what the model
/// predicts, and the shortest trace of the nearest prediction.
pub fn describe(r: &CaseReport, cases: &[Case], interpreters: &[Interpreter]) -> String {
    use std::fmt::Write;
    let Verdict::Diverge(d) = &r.verdict else { return String::new() };
    let mut out = String::new();
    let case = &cases[r.case];
    let _ = writeln!(out, "DIVERGENCE {} under {} (predicted as {})", case.path.display(), interpreters[r.interpreter].label(), r.variant);
    let _ = writeln!(out, "  observed:  {}", d.observed.summary());
    for (n, p) in d.predicted.iter().enumerate() {
        let _ = writeln!(out, "  {} {}", if n == 0 { "predicted:" } else { "          " }, p.summary());
    }
    let _ = writeln!(out, "  nearest prediction ({}), its shortest trace:", d.nearest.outcome.summary());
    for l in &d.nearest_trace {
        let _ = writeln!(out, "    {l}");
    }
    if !d.raw_stderr.trim().is_empty() {
        let _ = writeln!(out, "  the interpreter's stderr:");
        for l in d.raw_stderr.lines().take(20) {
            let _ = writeln!(out, "    | {l}");
        }
    }
    out
}

/// The probes the model gives more than one outcome. A probe's run is
/// deterministic, so each is a place where the model is less precise than
/// the interpreter.
pub fn imprecise_probes<'a>(reports: &'a [CaseReport], cases: &[Case]) -> Vec<&'a CaseReport> {
    reports.iter().filter(|r| cases[r.case].kind == CaseKind::Probe && r.complete && r.predicted > 1).collect()
}
