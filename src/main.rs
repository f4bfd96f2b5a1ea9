//! The `pythread` command line.
//!
//! Exit status: 0 success (every property holds), 1 a property is violated
//! (or, with `check --fail-on`, a finding at or above that severity),
//! 2 bad input (a located error, an unreadable file, bad arguments),
//! 3 incomplete (a limit stopped the exploration).

/// The allocator: a search makes and drops millions of small states, on
/// every core (glibc's malloc spent a quarter of a search's time, more with
/// two threads; BENCHMARKS.md §6).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand, ValueEnum};
use pythread_model::check::{check, CheckReport};
use pythread_model::frontend::{self, Diagnostic};
use pythread_model::machine::PyModel;
use pythread::report;
use pythread_model::hazards::{analyze, Analysis};
use pythread_model::outcome::{predict, Limits};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use pythread_model::{render, Scenario};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// An executable specification of Python's thread caveats.
#[derive(Parser)]
#[command(name = "pythread", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// `check`'s output formats: also SARIF.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    /// For people.
    Text,
    /// For programs (pythread's own JSON).
    Json,
    /// SARIF 2.1.0, for code-scanning views and editors: a rule per hazard
    /// and property, a result per finding at its line, the trace as a code
    /// flow; a script outside the language is a result too.
    Sarif,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a script of the scenario language and print its IR (exit 2 and
    /// located errors if it is outside the subset).
    Parse {
        /// The Python script.
        script: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Turn a scenario's JSON IR (from `parse --format json`) back into Python.
    Render {
        /// The JSON file; `-` or nothing reads standard input.
        input: Option<PathBuf>,
    },
    /// Print every possible outcome of a script (stdout, stderr exception
    /// names, exit status or hang), each with a shortest trace.
    Predict {
        /// The Python script.
        script: PathBuf,
        #[command(flatten)]
        presses: PressArgs,
        #[command(flatten)]
        variants: VariantArgs,
        #[command(flatten)]
        limits: LimitArgs,
        /// Which traces to print after the outcomes: none, shortest (one per
        /// distinct outcome) or all (one per outcome under every variant).
        /// A loop's repeated steps are shown once with their count.
        #[arg(long, value_enum, default_value = "shortest")]
        traces: pythread::traces::Traces,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check every caveat property of scripts under every variant (no
    /// script: the whole corpus under scenarios/). Exit 0 all hold,
    /// 1 a violation, 2 bad input, 3 incomplete.
    Check {
        /// Python scripts or directories (default: scenarios/).
        scripts: Vec<PathBuf>,
        #[command(flatten)]
        presses: PressArgs,
        #[command(flatten)]
        variants: VariantArgs,
        #[command(flatten)]
        limits: LimitArgs,
        /// Show each finding's fix and shortest trace, a loop's repeated
        /// steps folded: `--traces` (or `=shortest`, `=all`) for every
        /// script, `--traces=none` for none [default: shown for one script].
        #[arg(long, value_enum, value_name = "WHICH", num_args = 0..=1, default_missing_value = "shortest", require_equals = true)]
        traces: Option<pythread::traces::Traces>,
        /// Exit 1 when a finding of the script is at least this severe:
        /// error (a run can hang, a `finally` is lost, a lock stays held, an
        /// exit status is lost), warning (also: an exception left unhandled,
        /// work cut short, a Ctrl-C that waits), note (also: platforms
        /// differ), or never.
        #[arg(long = "fail-on", value_name = "SEVERITY", default_value = "never")]
        fail_on: String,
        /// Check only the scripts with a `# pythread:` line (`# pythread:
        /// check`, `ctrl-c`, `allow=…`), skipping the others: how a
        /// repository opts scripts in to the pre-commit hook.
        #[arg(long = "marked-only")]
        marked_only: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Run scenarios under real interpreters and check that every observed
    /// outcome is one the model predicts for the interpreter's platform and
    /// version. Exit 0 all agree, 1 a divergence, 2 bad input, 3 incomplete.
    Conform(ConformArgs),
    /// Regenerate the generated blocks of specs/*.md from the model (between
    /// `<!-- pythread:begin … -->` and `<!-- pythread:end -->`). With
    /// --check, change nothing and exit 1 if a block is stale.
    Spec {
        /// Only report stale blocks (exit 1 if any).
        #[arg(long)]
        check: bool,
        /// The repository root, holding specs/ and scenarios/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Serve stateright's explorer for a script under one variant: click
    /// through its states (each thread's line and wait, locks and owners,
    /// pending signals, clock, output) with the path so far drawn as a
    /// sequence diagram. Runs until interrupted. --platform, --version and
    /// --exit take one value each here (not `all`); by default those of the
    /// python3 on PATH, and killed.
    Explore {
        /// The Python script.
        script: PathBuf,
        #[command(flatten)]
        presses: PressArgs,
        #[command(flatten)]
        variants: VariantArgs,
        /// Address to serve on (port 0: one the system picks; the line
        /// "Exploring … at http://…" names it).
        #[arg(long, default_value = "127.0.0.1:3000")]
        addr: String,
    },
    /// Serve the playground: a page where a script is edited and, on each
    /// change, shown with its outcomes (variants × outcomes), its findings
    /// marked on their lines, the sequence diagram of the selected outcome
    /// and a link that opens the explorer at its trace. Localhost only by
    /// default; everything is served from the binary.
    Serve {
        /// Address to serve on (port 0: one the system picks; the first
        /// line printed names it).
        #[arg(long, default_value = "127.0.0.1:8740")]
        addr: String,
    },
}

#[derive(clap::Args, Clone)]
struct ConformArgs {
    /// Python scripts or directories to run (default: the corpus, unless
    /// --cases or --probes asks for generated scenarios only).
    scripts: Vec<PathBuf>,
    /// An interpreter to run them under (repeat for several) [default:
    /// python3, unless --all-interpreters].
    #[arg(long = "python")]
    pythons: Vec<String>,
    /// Run under every interpreter of the project that is installed: pyenv's
    /// CPython 3.8–3.13, python3.13 and python3.14 (on PATH or in
    /// /usr/local/bin) and pypy3, one per reported version; says which of
    /// the nine it did not find.
    #[arg(long)]
    all_interpreters: bool,
    /// Also run this many generated scenarios (the events of different
    /// threads at least 50 ms apart; see specs/conformance.md).
    #[arg(long, default_value_t = 0)]
    cases: usize,
    /// Also run this many check-point probes: deterministic scripts that
    /// signal themselves at every position of the language
    /// (specs/conformance.md).
    #[arg(long, default_value_t = 0)]
    probes: usize,
    /// The seed of the generated scenarios and probes [default: from the clock].
    #[arg(long)]
    seed: Option<u64>,
    /// Add the corpus (scenarios/) to the scripts or generated scenarios.
    #[arg(long)]
    corpus: bool,
    /// Scenarios run at once [default: the number of cores].
    #[arg(long)]
    jobs: Option<usize>,
    /// Runs per scenario and interpreter.
    #[arg(long, default_value_t = 2)]
    runs: usize,
    /// Where generated scenarios and probes are written [default: a
    /// temporary directory].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Predict for this variant instead of each interpreter's own (a
    /// deliberately wrong model shows what a divergence report looks like).
    #[command(flatten)]
    variants: VariantArgs,
    #[command(flatten)]
    limits: LimitArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args, Clone)]
struct VariantArgs {
    /// linux (the kernel delivers a process signal to the main thread),
    /// posix (any POSIX system: a process signal may land on any thread),
    /// windows (no POSIX signals between threads; Ctrl-C sets the SIGINT
    /// event; lock waits uninterruptible before 3.14), or all [predict: the platform of the python3 on PATH, else linux;
    /// check: all].
    #[arg(long)]
    platform: Option<String>,
    /// 3.8 … 3.14, a patch release (3.13.0), all (every minor version 3.8 …
    /// 3.14; predict shows outcomes grouped where versions agree), or
    /// groups (one version for each group that behaves alike: 3.9, 3.10,
    /// 3.12, 3.13, 3.14) [predict: the version of the python3 on PATH
    /// ($PYTHREAD_PYTHON names another), else 3.14; check: groups, and for
    /// scripts you name the python3's too].
    #[arg(long = "version")]
    version: Option<String>,
    /// killed (threads still running when the process exits are killed
    /// without their `finally`: every real system), survive (they run on:
    /// the documentation's "system defined" case), or all [predict: killed;
    /// check: all].
    #[arg(long)]
    exit: Option<String>,
}

#[derive(clap::Args, Clone)]
struct PressArgs {
    /// Press Ctrl-C N times (1 if N is left out), each at any moment of the
    /// run: every timing is explored. 0 presses none. Without the option,
    /// the script's `# pythread: ctrl-c[=N]` comment decides (none without
    /// one).
    #[arg(long = "ctrl-c", value_name = "N", num_args = 0..=1, default_missing_value = "1", require_equals = true)]
    ctrl_c: Option<u32>,
}

#[derive(clap::Args, Clone)]
struct LimitArgs {
    /// Stop exploring a scenario/variant after this many unique states.
    #[arg(long, default_value_t = 1_000_000)]
    max_states: usize,
    /// Stop exploring a scenario/variant after this many seconds.
    #[arg(long, default_value_t = 60.0)]
    timeout: f64,
    /// Explore every state, also those that differ only by which worker
    /// thread is which (no symmetry reduction).
    #[arg(long)]
    no_symmetry: bool,
    /// Explore every interleaving, also of steps inside library code that no
    /// other thread, signal or tick can tell apart (no partial-order
    /// reduction).
    #[arg(long)]
    no_reduction: bool,
    /// Threads one search may use [default: every core]. The states found
    /// and the traces shown are the same for any number.
    #[arg(long)]
    jobs: Option<usize>,
    /// Do not follow a run further than this many steps.
    #[arg(long)]
    max_depth: Option<usize>,
    /// Stop exploring before the process uses this many MiB [default: a quarter of
    /// the machine's memory].
    #[arg(long)]
    max_memory: Option<u64>,
}

impl LimitArgs {
    fn limits(&self) -> Result<Limits, String> {
        if !(self.timeout.is_finite() && self.timeout > 0.0) {
            return Err(format!("--timeout must be a positive number of seconds, not {}", self.timeout));
        }
        if self.max_states == 0 {
            return Err("--max-states must be at least 1".into());
        }
        if self.max_depth == Some(0) {
            return Err("--max-depth must be at least 1".into());
        }
        if self.jobs == Some(0) {
            return Err("--jobs must be at least 1".into());
        }
        let max_memory = match self.max_memory {
            Some(0) => return Err("--max-memory must be at least 1 (MiB)".into()),
            Some(mb) => Some(mb.saturating_mul(1 << 20)),
            None => pythread_model::limits::default_memory_limit(),
        };
        Ok(Limits {
            max_states: self.max_states,
            timeout: Duration::from_secs_f64(self.timeout),
            symmetry: !self.no_symmetry,
            reduction: !self.no_reduction,
            jobs: self.jobs.unwrap_or_else(pythread_model::frontier::all_cores),
            max_depth: self.max_depth,
            max_memory,
        })
    }
}

impl VariantArgs {
    /// The variant an axis left out takes: the python3 on PATH's platform
    /// and version (and where they came from, for the output), when one of
    /// those two is left out.
    fn default_variant(&self) -> (Variant, Option<String>) {
        if self.platform.is_none() || self.version.is_none() {
            let (v, from) = pythread::conform::default_variant();
            (v, Some(from))
        } else {
            (Variant::DEFAULT, None)
        }
    }

    /// The variants selected; an axis left out is `default` (or every
    /// value when `default` is `None`).
    fn variants(&self, default: Option<Variant>) -> Result<Vec<Variant>, String> {
        let platforms: Vec<Platform> = match (self.platform.as_deref(), default) {
            (Some("all"), _) | (None, None) => Platform::ALL.to_vec(),
            (None, Some(d)) => vec![d.platform],
            (Some(p), _) => vec![p.parse()?],
        };
        let versions: Vec<Version> = match (self.version.as_deref(), default) {
            (Some("all"), _) => (8..=14).map(Version::of).collect(),
            (Some("groups"), _) | (None, None) => Version::GROUPS.to_vec(),
            (None, Some(d)) => vec![d.version],
            (Some(v), _) => vec![v.parse()?],
        };
        let exits: Vec<ExitMode> = match (self.exit.as_deref(), default) {
            (Some("all"), _) | (None, None) => ExitMode::ALL.to_vec(),
            (None, Some(d)) => vec![d.exit],
            (Some(e), _) => vec![e.parse()?],
        };
        let mut out = Vec::new();
        for &platform in &platforms {
            for &version in &versions {
                for &exit in &exits {
                    out.push(Variant { platform, version, exit });
                }
            }
        }
        Ok(out)
    }
}

/// mimalloc's settings, made before the runtime's first allocation.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static ALLOCATOR_SETTINGS: extern "C" fn() = pythread_model::limits::allocator_settings;

fn main() -> ExitCode {
    // Linux made them from `.init_array` above.
    #[cfg(not(target_os = "linux"))]
    pythread_model::limits::allocator_settings();
    // `pythread check | head` should end quietly like other Unix tools, not
    // panic on a closed pipe: restore SIGPIPE's default (Rust ignores it).
    #[cfg(unix)]
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { script, format } => parse(&script, format),
        Command::Render { input } => render_json(input),
        Command::Predict { script, presses, variants, limits, traces, format } => predict_cmd(&script, &presses, &variants, &limits, traces, format),
        Command::Check { scripts, presses, variants, limits, traces, fail_on, marked_only, format } => {
            let fail_on = match fail_on.as_str() {
                "never" => None,
                other => match other.parse::<pythread_model::hazards::Severity>() {
                    Ok(s) => Some(s),
                    Err(e) => return usage_error(&format!("--fail-on: {e}, or never")),
                },
            };
            check_cmd(scripts, &presses, &variants, &limits, traces, fail_on, marked_only, format)
        }
        Command::Conform(args) => conform_cmd(&args),
        Command::Spec { check, root } => spec_cmd(&root, check),
        Command::Explore { script, presses, variants, addr } => explore_cmd(&script, &presses, &variants, &addr),
        Command::Serve { addr } => {
            match pythread::serve::serve(&addr) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => usage_error(&e),
            }
        }
    }
}

fn spec_cmd(root: &std::path::Path, check: bool) -> ExitCode {
    let pages = match pythread::spec::Generator::new(root).pages() {
        Ok(p) => p,
        Err(e) => return usage_error(&e.to_string()),
    };
    let blocks: Vec<&pythread::spec::Block> = pages.iter().flat_map(|p| &p.blocks).collect();
    let stale: Vec<_> = blocks.iter().filter(|b| b.stale).collect();
    if check {
        for b in &stale {
            println!("{}:{}: stale: `{}`", b.file.display(), b.line, b.request);
        }
        if stale.is_empty() {
            println!("specs: {} generated block(s) in {} page(s), all up to date", blocks.len(), pages.len());
            return ExitCode::SUCCESS;
        }
        println!("specs: {} of {} generated block(s) stale; run `pythread spec` to regenerate", stale.len(), blocks.len());
        return ExitCode::from(1);
    }
    match pythread::spec::write(&pages) {
        Ok(written) => {
            for b in &stale {
                println!("{}:{}: regenerated `{}`", b.file.display(), b.line, b.request);
            }
            println!("specs: {} page(s) rewritten, {} generated block(s) in all", written.len(), blocks.len());
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

fn explore_cmd(script: &PathBuf, presses: &PressArgs, variants: &VariantArgs, addr: &str) -> ExitCode {
    let (default, _) = variants.default_variant();
    let variant = match variants.variants(Some(default)) {
        Ok(v) if v.len() == 1 => v[0],
        Ok(_) => return usage_error("explore takes one variant: give --platform, --version and --exit without `all`"),
        Err(e) => return usage_error(&e),
    };
    let scenario = match load(script, presses, Format::Text) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Some(note) = pythread::presses::note(&scenario, &script.display().to_string()) {
        println!("{note}");
    }
    // The explorer's server panics on an address it cannot bind: try first,
    // and take the port the system picks for port 0 (announced below).
    let addr = match std::net::TcpListener::bind(addr).and_then(|l| l.local_addr()) {
        Ok(a) => a.to_string(),
        Err(e) => return usage_error(&format!("cannot serve on {addr}: {e}")),
    };
    let model = PyModel::new(Arc::new(Program::compile(&scenario)), variant);
    println!("Exploring {} under {variant} at http://{addr}/ (Ctrl-C stops)", script.display());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let _ = stateright::Model::checker(pythread_model::explore::Explorer::new(model)).serve(addr.as_str());
    ExitCode::SUCCESS
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// The script, parsed, with the Ctrl-C presses the command line asks for.
fn load(script: &PathBuf, presses: &PressArgs, format: Format) -> Result<Scenario, ExitCode> {
    match frontend::parse_file(script) {
        Ok((_, mut s)) => match pythread::presses::apply(&mut s, presses.ctrl_c) {
            Ok(()) => Ok(s),
            Err(e) => Err(usage_error(&e)),
        },
        Err(diags) => {
            report(script, &diags, format);
            Err(ExitCode::from(2))
        }
    }
}

fn predict_cmd(script: &PathBuf, presses: &PressArgs, variants: &VariantArgs, limits: &LimitArgs, traces: pythread::traces::Traces, format: Format) -> ExitCode {
    // The platform and version of the user's python3, unless asked.
    let (default, from) = variants.default_variant();
    let variants_asked = variants;
    let (variants, limits) = match (variants.variants(Some(default)), limits.limits()) {
        (Ok(v), Ok(l)) => (v, l),
        (Err(e), _) | (_, Err(e)) => return usage_error(&e),
    };
    let scenario = match load(script, presses, format) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let note = pythread::presses::note(&scenario, &script.display().to_string());
    if let (Some(note), Format::Text) = (&note, format) {
        println!("{note}");
    }
    if let (Some(from), Format::Text) = (&from, format) {
        let d = variants.first().copied().unwrap_or(default);
        let what = match (variants_asked.platform.is_none(), variants_asked.version.is_none()) {
            (true, true) => format!("{} and {}, those", d.platform.name(), d.version),
            (true, false) => format!("{}, the platform", d.platform.name()),
            _ => format!("{}, the version", d.version),
        };
        println!("(by default {what} of {from}; --platform, --version and --exit choose others)");
    }
    let program = Arc::new(Program::compile(&scenario));
    let mut all_complete = true;
    let mut json = Vec::new();
    let several = variants.len() > 1;
    let explored = variants.clone();
    // Distinct outcomes in order of first appearance: summary, the variants
    // that have it, and its shortest trace under each.
    let mut distinct: Vec<(String, Vec<Variant>, Vec<Vec<String>>)> = Vec::new();
    for variant in variants {
        let p = predict(&PyModel::new(program.clone(), variant), limits);
        all_complete &= p.complete;
        for o in &p.outcomes {
            let summary = o.outcome.summary();
            match distinct.iter_mut().find(|d| d.0 == summary) {
                Some(d) => {
                    d.1.push(variant);
                    d.2.push(o.trace.clone());
                }
                None => distinct.push((summary, vec![variant], vec![o.trace.clone()])),
            }
        }
        match format {
            Format::Json => {
                let mut v = serde_json::to_value(&p).expect("prediction serializes");
                v["script"] = serde_json::json!(script.display().to_string());
                v["ctrl_c_presses"] = serde_json::json!(scenario.ctrl_c);
                v["variant"] = serde_json::json!(variant);
                if let Some(from) = &from {
                    v["default_from"] = serde_json::json!(from);
                }
                if let Some(note) = &note {
                    v["note"] = serde_json::json!(note);
                }
                json.push(v);
            }
            Format::Text => {
                let status = match p.stop {
                    None => "complete".to_string(),
                    Some(why) => {
                        let looping = p.looping_at.map(|l| format!(" (the loop at {} does not come back to a state it was in: a counter without bound?)", l.line_label())).unwrap_or_default();
                        format!("INCOMPLETE: {}{looping}; outcomes may be missing", why.describe())
                    }
                };
                println!("{} under {variant}: {} outcome(s), {} states, {status}", script.display(), p.outcomes.len(), p.states);
            }
        }
    }
    if format == Format::Text && !distinct.is_empty() {
        use pythread::traces::{fold, Traces};
        println!("\n{} distinct outcome(s){}:", distinct.len(), if several { ", with the variants that have each" } else { "" });
        for (i, (summary, vs, _)) in distinct.iter().enumerate() {
            let under = if several { format!("  [{}]", report::compress_within(vs, &explored)) } else { String::new() };
            println!("  {}. {summary}{under}", i + 1);
        }
        match traces {
            Traces::None => println!("(--traces shortest or all shows how each comes about)"),
            Traces::Shortest | Traces::All => {
                let which = if traces == Traces::All { "under every variant" } else { "one per outcome" };
                println!("\nshortest traces ({which}; a loop's repeated steps are folded):");
                for (i, (_, vs, ts)) in distinct.iter().enumerate() {
                    let shown = if traces == Traces::All { vs.len() } else { 1 };
                    for (v, t) in vs.iter().zip(ts).take(shown) {
                        println!("  outcome {} under {v}:", i + 1);
                        for line in fold(t) {
                            println!("      {line}");
                        }
                    }
                }
            }
        }
    }
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&json).expect("json"));
    }
    if all_complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// The corpus: `scenarios/` with `hazards/`, without the wild corpus
/// (`scenarios/wild/`: real scripts, most outside the language yet; name
/// it to check it).
const CORPUS: &str = "scenarios";
const WILD: &str = "scenarios/wild";

/// The `.py` files under a path (a file itself, or a directory recursively;
/// the wild corpus only when named itself).
fn collect_scripts(path: &PathBuf, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    collect_under(path, path, out)
}

fn collect_under(root: &PathBuf, path: &PathBuf, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        if path.ends_with(WILD) && root != path {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for e in entries {
            if e.is_dir() || e.extension().is_some_and(|x| x == "py") {
                collect_under(root, &e, out)?;
            }
        }
    } else {
        out.push(path.clone());
    }
    Ok(())
}

fn check_cmd(
    scripts: Vec<PathBuf>,
    presses: &PressArgs,
    variants_asked: &VariantArgs,
    limits: &LimitArgs,
    traces: Option<pythread::traces::Traces>,
    fail_on: Option<pythread_model::hazards::Severity>,
    marked_only: bool,
    format: CheckFormat,
) -> ExitCode {
    let (mut variants, limits) = match (variants_asked.variants(None), limits.limits()) {
        (Ok(v), Ok(l)) => (v, l),
        (Err(e), _) | (_, Err(e)) => return usage_error(&e),
    };
    // The user's own scripts: the version of their python3 too, when it is
    // not one the default versions stand for.
    let mut from = None;
    if !scripts.is_empty() && variants_asked.version.is_none() {
        let (theirs, said) = pythread::conform::default_variant();
        if !variants.iter().any(|v| v.version == theirs.version) {
            let extra: Vec<Variant> = variants.iter().map(|v| Variant { version: theirs.version, ..*v }).collect();
            let mut seen = std::collections::BTreeSet::new();
            variants.extend(extra);
            variants.retain(|v| seen.insert(*v));
            variants.sort();
            let groups = Version::GROUPS.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
            from = Some(format!("(versions {groups}, one for each group that behaves alike, and {}, that of {said}; --version chooses others)", theirs.version));
        }
    }
    if scripts.is_empty() && !std::path::Path::new(CORPUS).is_dir() {
        return usage_error(&format!(
            "no script given, and no {CORPUS}/ here (the corpus, in the pythread repository): name your script, as in `pythread check my_script.py`"
        ));
    }
    let roots = if scripts.is_empty() { vec![PathBuf::from(CORPUS)] } else { scripts };
    let mut files = Vec::new();
    for r in &roots {
        if let Err(e) = collect_scripts(r, &mut files) {
            return usage_error(&format!("{}: {e}", r.display()));
        }
    }
    if marked_only {
        // A `# pythread:` comment line (the frontend reads the same lines as
        // pragmas; a file that is not text has none).
        let marked = |f: &PathBuf| std::fs::read_to_string(f).is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("# pythread:")));
        files.retain(marked);
        if files.is_empty() && format == CheckFormat::Text {
            println!("no script with a `# pythread:` line among those given: nothing to check");
            return ExitCode::SUCCESS;
        }
    }
    let (mut bad, mut violated, mut incomplete) = (false, false, false);
    let mut programs = Vec::new();
    let mut notes = Vec::new();
    // A script pythread cannot read: its located errors (on stderr, or as
    // SARIF results).
    let mut errors: Vec<Diagnostic> = Vec::new();
    for file in &files {
        match frontend::parse_file(file) {
            Ok((_, mut s)) => {
                if let Err(e) = pythread::presses::apply(&mut s, presses.ctrl_c) {
                    return usage_error(&e);
                }
                notes.extend(pythread::presses::note(&s, &file.display().to_string()));
                programs.push((file.clone(), Arc::new(Program::compile(&s))));
            }
            Err(diags) => {
                bad = true;
                if format == CheckFormat::Sarif {
                    errors.extend(diags);
                } else {
                    report(file, &diags, Format::Text);
                }
            }
        }
    }
    // The corpus asks for its presses itself: a note per script there
    // would only be noise.
    if files.len() > 1 {
        notes.clear();
    }
    let started = std::time::Instant::now();
    let jobs: Vec<(usize, Variant)> =
        (0..programs.len()).flat_map(|i| variants.iter().map(move |&v| (i, v))).collect();
    let reports = run_checks(&programs, &jobs, limits);
    let style = report::Style::detect();
    let mut failures = Vec::new();
    let mut by_script: Vec<Vec<Analysis>> = programs.iter().map(|_| Vec::new()).collect();
    let mut rows = Vec::new();
    let mut stops: Vec<pythread_model::limits::Stop> = Vec::new();
    // `script:line` of the loops that never came back to a state.
    let mut loops: Vec<String> = Vec::new();
    for (&(i, variant), (r, a, seconds)) in jobs.iter().zip(reports) {
        let (file, program) = &programs[i];
        let mut stopped_by: Vec<pythread_model::limits::Stop> = r.stop.into_iter().collect();
        stopped_by.extend(a.stop.filter(|w| Some(*w) != r.stop));
        let verdict = if !r.violations.is_empty() {
            violated = true;
            "VIOLATED"
        } else if !r.complete || !a.complete {
            incomplete = true;
            for why in &stopped_by {
                if !stops.contains(why) {
                    stops.push(*why);
                }
            }
            if let Some(l) = a.looping_at {
                let at = if l.library { l.line_label() } else { format!("{}:{}", file.display(), l.line) };
                if !loops.contains(&at) {
                    loops.push(at);
                }
            }
            "INCOMPLETE"
        } else {
            "holds"
        };
        rows.push((file.display().to_string(), variant, verdict, r.states, seconds, a.found.len(), stopped_by));
        let model = PyModel::new(program.clone(), variant);
        for (name, actions) in r.violations {
            failures.push((file.clone(), variant, name, pythread_model::outcome::trace_steps(&model, &actions)));
        }
        by_script[i].push(a);
    }
    let mut hazards = Vec::new();
    for ((file, program), analyses) in programs.iter().zip(&by_script) {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        hazards.push((file.display().to_string(), report::group(program, &source, analyses)));
    }
    // The script's findings at or above --fail-on.
    let failing: usize = hazards.iter().flat_map(|(_, hs)| hs).filter(|h| !h.allowed && fail_on.is_some_and(|f| h.severity >= f)).count();
    let findings_exit = |code: ExitCode| if failing > 0 && code == ExitCode::SUCCESS { ExitCode::from(1) } else { code };
    let status = || if bad { ExitCode::from(2) } else if violated { ExitCode::from(1) } else if incomplete { ExitCode::from(3) } else { ExitCode::SUCCESS };
    if format == CheckFormat::Sarif {
        let violations: Vec<pythread::sarif::Violation> = failures
            .iter()
            .map(|(f, v, name, steps)| pythread::sarif::Violation { script: f.display().to_string(), variant: *v, property: name, steps: steps.clone() })
            .collect();
        let log = pythread::sarif::log(&hazards, &violations, &errors);
        println!("{}", serde_json::to_string_pretty(&log).expect("sarif"));
        if incomplete {
            eprintln!("pythread: INCOMPLETE: a limit stopped some checks ({}); findings may be missing", stops.iter().map(|w| w.describe()).collect::<Vec<_>>().join("; "));
        }
        return findings_exit(status());
    }
    if format == CheckFormat::Json {
        let json = serde_json::json!({
            "checks": rows.iter().map(|(f, v, verdict, states, secs, _, stopped_by)| serde_json::json!({
                "script": f, "variant": v, "verdict": verdict, "states": states, "seconds": secs, "stopped_by": stopped_by,
            })).collect::<Vec<_>>(),
            "violations": failures.iter().map(|(f, v, name, trace)| serde_json::json!({
                "script": f.display().to_string(), "variant": v, "property": name,
                "trace": trace.iter().map(|s| &s.text).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "hazards": hazards.iter().map(|(f, hs)| serde_json::json!({"script": f, "hazards": hs})).collect::<Vec<_>>(),
            "complete": !incomplete,
            "failing_findings": failing,
            "notes": notes,
            "stopped_by": stops,
            "loops_without_end": loops,
        });
        println!("{}", serde_json::to_string_pretty(&json).expect("json"));
        return findings_exit(status());
    }
    for note in &notes {
        println!("{note}");
    }
    if let Some(from) = &from {
        println!("{from}");
    }
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(8).max(8);
    // `properties`: the model's own invariants on these runs; `findings`:
    // the script's hazards.
    println!("{:<w$} {:<20} {:<10} {:>9} {:>8} {:>8}", "scenario", "variant", "properties", "states", "time", "findings");
    for (f, v, verdict, states, secs, n, _) in &rows {
        let verdict = if *verdict == "holds" { verdict.to_string() } else { style.bad(verdict) };
        println!("{f:<w$} {:<20} {verdict:<10} {states:>9} {secs:>7.2}s {n:>8}", v.to_string());
    }
    let traces = match traces {
        Some(pythread::traces::Traces::None) => false,
        Some(_) => true,
        None => programs.len() == 1,
    };
    if hazards.iter().any(|(_, hs)| !hs.is_empty()) {
        println!();
        for (f, hs) in &hazards {
            report::print_text(f, hs, traces, style);
        }
        if !traces {
            println!("(--traces shows each finding's fix and shortest trace)");
        }
    }
    let checks = jobs.len();
    for (file, variant, name, trace) in &failures {
        println!("\nVIOLATION {name} in {} under {variant}:", file.display());
        for l in trace {
            println!("  {}", l.text);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    if bad {
        println!("\n{checks} checks in {elapsed:.1}s; some scripts could not be parsed (see above)");
        ExitCode::from(2)
    } else if violated {
        println!("\n{checks} checks in {elapsed:.1}s: {} violation(s)", failures.len());
        ExitCode::from(1)
    } else if incomplete {
        let mut why: Vec<String> = stops.iter().map(|w| w.describe()).collect();
        if !loops.is_empty() {
            why.push(format!("the loop at {} does not come back to a state it was in (a counter without bound?)", loops.join(", ")));
        }
        let incomplete_rows = rows.iter().filter(|r| r.2 == "INCOMPLETE").count();
        println!(
            "\n{checks} checks in {elapsed:.1}s: INCOMPLETE: {} of them stopped early ({}); nothing is proved for those",
            incomplete_rows,
            why.join("; ")
        );
        ExitCode::from(3)
    } else {
        println!(
            "\n{checks} checks in {elapsed:.1}s.\nThe model: every property holds on {} script(s) × {} variant(s) (pythread's rules of CPython, checked on these runs; not a verdict on the script).",
            files.len(),
            variants.len()
        );
        let count = |s: pythread_model::hazards::Severity| hazards.iter().flat_map(|(_, hs)| hs).filter(|h| h.severity == s).count();
        use pythread_model::hazards::Severity::{Error, Note, Warning};
        let n = count(Error) + count(Warning) + count(Note);
        let whose = if files.len() == 1 { "Your script" } else { "Your scripts" };
        println!("{whose}: {n} finding(s): {} error(s), {} warning(s), {} note(s).", count(Error), count(Warning), count(Note));
        if failing > 0 {
            println!("{failing} finding(s) at or above --fail-on: exit 1");
        }
        findings_exit(ExitCode::SUCCESS)
    }
}

/// Runs the checks on every core, with a progress bar on a terminal; the
/// reports come back in job order.
/// Each script × variant's property check and hazard search, with the
/// seconds both took: `--timeout` bounds the two together.
fn run_checks(programs: &[(PathBuf, Arc<Program>)], jobs: &[(usize, Variant)], limits: Limits) -> Vec<(CheckReport, Analysis, f64)> {
    let bar = indicatif::ProgressBar::new(jobs.len() as u64);
    // Shown only on a terminal, and only once a check takes over a second.
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let started = std::time::Instant::now();
    let shown = std::sync::atomic::AtomicBool::new(false);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} checks, {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The cores are shared between the checks running at once and each
    // check's own search (`--jobs`): one big check gets them all.
    let workers = pythread::pool::default_workers().min(jobs.len()).max(1);
    let limits = Limits { jobs: (limits.jobs / workers).max(1), ..limits };
    let results = pythread::pool::parallel_map(jobs, workers, |&(i, variant)| {
        let (file, program) = &programs[i];
        let model = PyModel::new(program.clone(), variant);
        let start = std::time::Instant::now();
        let checked = check(&model, limits);
        let r = (checked, analyze(&model, limits.after(start)), start.elapsed().as_secs_f64());
        if started.elapsed().as_secs_f64() > 1.0 && !shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_message(file.display().to_string());
        bar.inc(1);
        r
    });
    bar.finish_and_clear();
    results
}

fn parse(script: &PathBuf, format: Format) -> ExitCode {
    match frontend::parse_file(script) {
        Ok((_, scenario)) => {
            match format {
                Format::Text => print!("{}", render::outline(&scenario)),
                Format::Json => println!("{}", serde_json::to_string_pretty(&scenario).expect("IR serializes")),
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(script, &diags, format);
            ExitCode::from(2)
        }
    }
}

/// Prints diagnostics: one located line each plus the source excerpt, or a
/// JSON object `{"errors": [...]}` on stdout for programs.
fn report(script: &PathBuf, diags: &[Diagnostic], format: Format) {
    match format {
        Format::Json => {
            println!("{}", serde_json::json!({ "errors": diags }));
        }
        Format::Text => {
            let source = std::fs::read_to_string(script).unwrap_or_default();
            for d in diags {
                eprintln!("{}", d.render(&source));
            }
            eprintln!("{} error(s) in {}", diags.len(), script.display());
        }
    }
}

fn render_json(input: Option<PathBuf>) -> ExitCode {
    let (name, text) = match input.as_deref() {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => (p.display().to_string(), std::fs::read_to_string(p)),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{name}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    match serde_json::from_str::<Scenario>(&text) {
        Ok(s) => {
            print!("{}", render::render(&s));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{name}:{}:{}: error: not a scenario IR: {e}", e.line(), e.column());
            ExitCode::from(2)
        }
    }
}

fn read_stdin() -> (String, std::io::Result<String>) {
    let mut s = String::new();
    let r = std::io::stdin().read_to_string(&mut s).map(|_| s);
    ("<stdin>".to_string(), r)
}

fn conform_cmd(args: &ConformArgs) -> ExitCode {
    use pythread::conform::{self, Verdict};
    let limits = match args.limits.limits() {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    if args.runs == 0 {
        return usage_error("--runs must be at least 1");
    }
    if args.jobs == Some(0) {
        return usage_error("--jobs must be at least 1");
    }
    if args.cases == 0 && args.probes == 0 && (args.seed.is_some() || args.out.is_some()) {
        return usage_error("--seed and --out are about generated scenarios and probes: give --cases N or --probes N too");
    }
    // A variant given on the command line overrides each interpreter's own.
    let wrong = args.variants.platform.is_some() || args.variants.version.is_some() || args.variants.exit.is_some();
    let variant = if wrong {
        match args.variants.variants(Some(Variant::DEFAULT)) {
            Ok(v) if v.len() == 1 => Some(v[0]),
            Ok(_) => return usage_error("conform predicts for one variant: `all` is not allowed here (leave --platform, --version and --exit out to predict each interpreter as what it is, or give one value each)"),
            Err(e) => return usage_error(&e),
        }
    } else {
        None
    };
    let mut interpreters: Vec<conform::Interpreter> = Vec::new();
    let mut missing = Vec::new();
    if args.all_interpreters {
        let found = conform::find_all();
        interpreters = found.found;
        missing = found.missing;
        if interpreters.is_empty() {
            eprintln!("error: --all-interpreters found none of the nine interpreters");
            for (slot, why) in &missing {
                eprintln!("  {}: {why} (install: {})", slot.what, slot.install);
            }
            return ExitCode::from(2);
        }
    }
    let default = ["python3".to_string()];
    let pythons: &[String] = if args.pythons.is_empty() && !args.all_interpreters { &default } else { &args.pythons };
    for p in pythons {
        match conform::detect(p) {
            // One run per interpreter version.
            Ok(i) if interpreters.iter().any(|x| x.implementation == i.implementation && x.version == i.version) => {}
            Ok(i) => interpreters.push(i),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut paths = Vec::new();
    let use_corpus = args.corpus || (args.scripts.is_empty() && args.cases == 0 && args.probes == 0);
    let mut roots = args.scripts.clone();
    if use_corpus {
        roots.push(PathBuf::from(CORPUS));
    }
    for p in &roots {
        if let Err(e) = collect_scripts(p, &mut paths) {
            eprintln!("error: {}: {e}", p.display());
            return ExitCode::from(2);
        }
    }
    let mut cases = Vec::new();
    for p in &paths {
        match conform::load(p) {
            Ok(c) => cases.push(c),
            Err(e) => {
                // Already located: `path:line:col: kind: message`.
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    });
    let dir = args.out.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("pythread-conform-{seed}")));
    if args.cases > 0 {
        match conform::generate(args.cases, seed, &dir) {
            Ok(g) => cases.extend(g),
            Err(e) => {
                eprintln!("error: cannot write the generated scenarios under {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    if args.probes > 0 {
        match conform::probes(args.probes, seed, &dir) {
            Ok(g) => cases.extend(g),
            Err(e) => {
                eprintln!("error: cannot write the probes under {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    let options = conform::Options { runs: args.runs, jobs: args.jobs.unwrap_or_else(pythread::pool::default_workers), variant, limits };
    let reports = conform::conform(&interpreters, &cases, &options);
    let tallies = conform::tally(&reports, &cases, interpreters.len());
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "seed": seed,
                "interpreters": interpreters.iter().zip(&tallies).map(|(i, t)| serde_json::json!({
                    "command": i.command, "implementation": i.implementation, "version": i.version,
                    "variant": (options.variant.unwrap_or(i.variant)).to_string(),
                    "scenarios": t.scenarios, "agree": t.agree, "known": t.known, "diverge": t.diverge, "skipped": t.skipped,
                    "generated": t.generated, "precise": t.precise,
                    "probes": t.probes, "probes_precise": t.probes_precise,
                })).collect::<Vec<_>>(),
                "missing": missing.iter().map(|(slot, why)| serde_json::json!({
                    "interpreter": slot.what, "why": why, "install": slot.install,
                })).collect::<Vec<_>>(),
                "results": reports.iter().map(|r| {
                    let (verdict, detail) = match &r.verdict {
                        Verdict::Agree => ("agree", serde_json::Value::Null),
                        Verdict::Known(why) => ("known", serde_json::json!(why)),
                        Verdict::Skipped(why) => ("skipped", serde_json::json!(why)),
                        Verdict::Diverge(d) => ("diverge", serde_json::json!({
                            "observed": d.observed, "predicted": d.predicted,
                            "nearest": d.nearest.outcome, "nearest_trace": d.nearest_trace,
                        })),
                    };
                    serde_json::json!({
                        "interpreter": interpreters[r.interpreter].command, "script": cases[r.case].path.display().to_string(),
                        "variant": r.variant.to_string(), "verdict": verdict, "detail": detail, "predicted_outcomes": r.predicted,
                    })
                }).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
        }
        Format::Text => {
            for (slot, why) in &missing {
                println!("not found: {}: {why} (install: {})", slot.what, slot.install);
            }
            let w = interpreters.iter().map(|i| i.label().len()).max().unwrap_or(0).max(34);
            println!("{:<w$} {:<20} {:>9} {:>6} {:>6} {:>8} {:>8}", "interpreter", "predicted as", "scenarios", "agree", "known", "diverge", "skipped");
            for (i, t) in interpreters.iter().zip(&tallies) {
                let v = options.variant.unwrap_or(i.variant);
                println!("{:<w$} {:<20} {:>9} {:>6} {:>6} {:>8} {:>8}", i.label(), v.to_string(), t.scenarios, t.agree, t.known, t.diverge, t.skipped);
            }
            for (i, t) in interpreters.iter().zip(&tallies) {
                if t.generated > 0 {
                    println!(
                        "{}: {} of {} generated scenarios ({:.1}%) have exactly one predicted outcome, and every run showed it",
                        i.command,
                        t.precise,
                        t.generated,
                        100.0 * t.precise as f64 / t.generated as f64
                    );
                }
                if t.probes > 0 {
                    println!(
                        "{}: {} of {} probes ({:.1}%) have exactly one predicted outcome, and every run showed it",
                        i.command,
                        t.probes_precise,
                        t.probes,
                        100.0 * t.probes_precise as f64 / t.probes as f64
                    );
                }
            }
            // A probe runs the same way every time: more than one predicted
            // outcome is the model's imprecision, worth a look.
            let imprecise = conform::imprecise_probes(&reports, &cases);
            if !imprecise.is_empty() {
                println!("\nprobes with more than one predicted outcome (a probe has one outcome per interpreter):");
                for r in imprecise {
                    println!("  {} under {}: {} outcomes predicted", cases[r.case].name(), interpreters[r.interpreter].command, r.predicted);
                }
            }
            for r in &reports {
                match &r.verdict {
                    Verdict::Diverge(_) => println!("\n{}", conform::describe(r, &cases, &interpreters)),
                    Verdict::Skipped(why) | Verdict::Known(why) => {
                        let what = if matches!(r.verdict, Verdict::Known(_)) { "known difference" } else { "skipped" };
                        println!("{what}: {} under {}: {why}", cases[r.case].name(), interpreters[r.interpreter].command);
                    }
                    _ => {}
                }
            }
            if args.cases > 0 || args.probes > 0 {
                let what = match (args.cases > 0, args.probes > 0) {
                    (true, true) => "generated scenarios and probes",
                    (true, false) => "generated scenarios",
                    _ => "probes",
                };
                println!("\n{what}: seed {seed} (rerun with --seed {seed}), under {}", dir.display());
            }
        }
    }
    let diverged = tallies.iter().any(|t| t.diverge > 0);
    let incomplete = reports.iter().any(|r| !r.complete);
    if diverged {
        ExitCode::from(1)
    } else if incomplete {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}
