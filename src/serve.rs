//! `pythread serve`: the playground (issue 20). A page, served from the
//! binary, where a script is edited and, on each change, shown with its
//! outcomes as a variants × outcomes table, its findings as marks on their
//! lines (each opening its trace), the sequence diagram of the selected
//! outcome (the `Diagram` of specs/ and the explorer), and a link that
//! opens stateright's explorer at that outcome's trace.
//!
//! ```text
//! GET  /              the page (HTML, CSS and JavaScript inline: no CDN)
//! POST /api/analyze   body: the script → outcomes, findings, diagrams; or located errors
//! POST /api/explore   body: {"script", "variant", "outcome"} → {"url"} of an explorer at that trace
//! ```
//!
//! Bad input gets a clear refusal and the server keeps serving: an empty
//! body, one over `MAX_BODY`, text that is not UTF-8 (400, 413); a script
//! outside the language gets its located errors. Every search is bounded
//! (`LIMITS`), and at most `ANALYSES` run at once; a request that waits
//! longer than `QUEUE_WAIT` for its turn gets 503.

use crate::report;
use pythread_model::diagram::Diagram;
use pythread_model::frontend;
use pythread_model::hazards::{self, Analysis};
use pythread_model::limits::Limits;
use pythread_model::machine::{Action, PyModel};
use pythread_model::outcome::{trace_steps, Outcome};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The largest script the playground takes.
pub const MAX_BODY: usize = 1 << 20;
/// Searches at once (the machine's cores do the rest in turn).
const ANALYSES: usize = 2;
/// How long a request waits for its turn before a 503.
const QUEUE_WAIT: Duration = Duration::from_secs(60);
/// Threads that take requests (reading, refusing, queueing).
const WORKERS: usize = 8;

/// The variants the playground shows: each platform under the two newest
/// versions, threads killed at exit (what every real system does).
pub fn variants() -> Vec<Variant> {
    let mut v = Vec::new();
    for version in [Version::V3_13, Version::V3_14] {
        for platform in Platform::ALL {
            v.push(Variant { platform, version, exit: ExitMode::Killed });
        }
    }
    v
}

/// The bounds of one search: a playground answers in seconds.
fn limits() -> Limits {
    Limits { max_states: 200_000, timeout: Duration::from_secs(3), ..Limits::default() }
}

/// A response: status and JSON body.
pub type Reply = (u16, Value);

fn refusal(status: u16, why: &str) -> Reply {
    (status, json!({ "error": why }))
}

/// Checks a request body: the script, or the refusal.
pub fn script_of(body: &[u8]) -> Result<&str, Reply> {
    if body.len() > MAX_BODY {
        return Err(refusal(413, &format!("the script is over {} KiB; the playground takes scripts up to {} KiB", MAX_BODY / 1024, MAX_BODY / 1024)));
    }
    let text = std::str::from_utf8(body).map_err(|e| refusal(400, &format!("the script is not UTF-8 text (byte {})", e.valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(refusal(400, "empty script: type or paste a Python script"));
    }
    Ok(text)
}

/// The action indices of `actions` in the explorer (which lists a state's
/// actions in the model's order): `/0/i/j/…`.
fn explorer_path(model: &PyModel, actions: &[Action]) -> String {
    use stateright::Model;
    let mut path = String::from("/0");
    let Some(mut s) = model.init_states().pop() else { return path };
    for a in actions {
        let mut enabled = Vec::new();
        model.actions(&s, &mut enabled);
        let Some(i) = enabled.iter().position(|e| e == a) else { break };
        path.push_str(&format!("/{i}"));
        let Some(next) = model.next_state(&s, a.clone()) else { break };
        s = next;
    }
    path
}

/// Everything the page shows for one script.
pub fn analyze(source: &str) -> Reply {
    let scenario = match frontend::parse(source, "playground.py") {
        Ok(s) => s,
        Err(diags) => {
            let errors: Vec<Value> = diags.iter().map(|d| json!({ "line": d.line, "col": d.col, "message": d.message })).collect();
            return (200, json!({ "errors": errors }));
        }
    };
    let program = Arc::new(Program::compile(&scenario));
    let variants = variants();
    let analyses: Vec<Analysis> = variants.iter().map(|&v| hazards::analyze(&PyModel::new(program.clone(), v), limits())).collect();
    // Each outcome once, with the variants that have it and the first one's run.
    let mut outcomes: BTreeMap<Outcome, (Vec<Variant>, Variant, Vec<Action>)> = BTreeMap::new();
    for a in &analyses {
        for (o, path) in &a.outcomes {
            outcomes.entry(o.clone()).or_insert_with(|| (Vec::new(), a.variant, path.clone())).0.push(a.variant);
        }
    }
    let outcomes: Vec<Value> = outcomes
        .iter()
        .map(|(o, (have, first, actions))| {
            let model = PyModel::new(program.clone(), *first);
            let init = stateright::Model::init_states(&model).pop().expect("an initial state");
            json!({
                "summary": o.summary(),
                "variants": have.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
                "trace_variant": first.to_string(),
                "trace": trace_steps(&model, actions),
                "svg": Diagram::of_path(&model, &init, actions).svg(),
                "explorer_path": explorer_path(&model, actions),
            })
        })
        .collect();
    let findings: Vec<Value> = report::group(&program, source, &analyses)
        .iter()
        .map(|h| {
            json!({
                "id": h.id, "severity": h.severity.name(), "line": h.line, "variants": h.variants,
                "explanation": h.explanation, "fix": h.fix, "trace_variant": h.trace_variant, "trace": h.trace,
                "allowed": h.allowed,
            })
        })
        .collect();
    let incomplete: Vec<String> = analyses.iter().filter(|a| !a.complete).map(|a| format!("{}: {}", a.variant, a.stop.map_or("stopped".into(), |s| s.describe()))).collect();
    (
        200,
        json!({
            "variants": variants.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
            "outcomes": outcomes,
            "findings": findings,
            "complete": incomplete.is_empty(),
            "incomplete": incomplete,
        }),
    )
}

/// At most `ANALYSES` searches at once.
struct Turns {
    /// Searches running now.
    running: Mutex<usize>,
    /// Signalled when one ends.
    freed: Condvar,
}

impl Turns {
    /// Runs `f` in its turn, or `None` after `QUEUE_WAIT`.
    fn run<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        let guard = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let (mut n, timeout) = self.freed.wait_timeout_while(guard, QUEUE_WAIT, |n| *n >= ANALYSES).unwrap_or_else(|e| e.into_inner());
        if timeout.timed_out() && *n >= ANALYSES {
            return None;
        }
        *n += 1;
        drop(n);
        let out = f();
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.freed.notify_one();
        Some(out)
    }
}

/// The explorer the page last opened (one at a time: a new one replaces it).
struct Explorers {
    /// The running `pythread explore` and the script file it reads.
    child: Mutex<Option<(std::process::Child, std::path::PathBuf)>>,
}

impl Drop for Explorers {
    fn drop(&mut self) {
        if let Some((mut c, _)) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Starts `pythread explore` on the script under `variant` on a free port
/// and gives the URL of the explorer at `path`.
fn open_explorer(explorers: &Explorers, request: &Value) -> Reply {
    let (Some(script), Some(variant), Some(path)) = (request["script"].as_str(), request["variant"].as_str(), request["path"].as_str()) else {
        return refusal(400, "expected {\"script\": …, \"variant\": …, \"path\": …}");
    };
    let Ok(script) = script_of(script.as_bytes()) else { return refusal(400, "empty or oversized script") };
    let Some(v) = variants().into_iter().find(|v| v.to_string() == variant) else { return refusal(400, &format!("unknown variant `{variant}`")) };
    if !path.starts_with("/0") || !path.chars().all(|c| c.is_ascii_digit() || c == '/') {
        return refusal(400, "a path is /0/i/j/…");
    }
    let Ok(exe) = std::env::current_exe() else { return refusal(500, "cannot find the pythread binary") };
    // One file per explorer opened (a new one replaces the last).
    static OPENED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!("pythread-playground-{}-{n}.py", std::process::id()));
    if let Err(e) = std::fs::write(&file, script) {
        return refusal(500, &format!("cannot write the script: {e}"));
    }
    let mut slot = explorers.child.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((mut old, old_file)) = slot.take() {
        let _ = old.kill();
        let _ = old.wait();
        let _ = std::fs::remove_file(old_file);
    }
    let mut command = std::process::Command::new(exe);
    command
        .arg("explore")
        .arg(&file)
        .args(["--platform", v.platform.name(), "--version", &v.version.to_string(), "--exit", v.exit.name(), "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    // The explorer ends with the playground, however that ends.
    #[cfg(target_os = "linux")]
    unsafe {
        use std::os::unix::process::CommandExt;
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return refusal(500, &format!("cannot start the explorer: {e}")),
    };
    // The port the system picked, from the line that announces it; the rest
    // of its output is drained so that it never writes to a closed pipe.
    let port = child.stdout.take().and_then(|out| {
        let mut lines = std::io::BufRead::lines(std::io::BufReader::new(out));
        let port = lines.by_ref().map_while(Result::ok).find_map(|l| announced_port(&l));
        std::thread::spawn(move || lines.for_each(drop));
        port
    });
    *slot = Some((child, file));
    let Some(port) = port else { return refusal(500, "the explorer did not start") };
    // Answer once it listens.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (200, json!({ "url": format!("http://127.0.0.1:{port}/#/steps{path}") }));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    refusal(500, "the explorer did not start")
}

const PAGE: &str = include_str!("playground.html");

fn respond(request: tiny_http::Request, (status, body): Reply) {
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"application/json"[..]).expect("a header");
    // One body with its length (tiny_http would chunk a long one).
    let response = tiny_http::Response::from_string(body.to_string()).with_status_code(status).with_header(header).with_chunked_threshold(usize::MAX);
    let _ = request.respond(response);
}

fn handle(mut request: tiny_http::Request, turns: &Turns, explorers: &Explorers) {
    let url = request.url().to_string();
    match (request.method(), url.as_str()) {
        (tiny_http::Method::Get, "/") | (tiny_http::Method::Get, "/index.html") => {
            let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/html; charset=utf-8"[..]).expect("a header");
            let _ = request.respond(tiny_http::Response::from_string(PAGE).with_header(header).with_chunked_threshold(usize::MAX));
        }
        (tiny_http::Method::Post, "/api/analyze") | (tiny_http::Method::Post, "/api/explore") => {
            if request.body_length().is_some_and(|n| n > MAX_BODY * 2) {
                return respond(request, refusal(413, &format!("the request is over {} KiB; the playground takes scripts up to {} KiB", MAX_BODY * 2 / 1024, MAX_BODY / 1024)));
            }
            let mut body = Vec::new();
            if let Err(e) = request.as_reader().take((MAX_BODY * 2 + 1) as u64).read_to_end(&mut body) {
                return respond(request, refusal(400, &format!("cannot read the request: {e}")));
            }
            let reply = if url == "/api/analyze" {
                match script_of(&body) {
                    Ok(script) => turns.run(|| analyze(script)).unwrap_or_else(|| refusal(503, "busy: too many scripts at once; try again")),
                    Err(r) => r,
                }
            } else {
                match serde_json::from_slice::<Value>(&body) {
                    Ok(v) => open_explorer(explorers, &v),
                    Err(e) => refusal(400, &format!("not JSON: {e}")),
                }
            };
            respond(request, reply)
        }
        _ => respond(request, refusal(404, "not found: the playground is at /")),
    }
}

/// The port in the line `serve` or `explore` prints once it listens on
/// 127.0.0.1 (`… at http://127.0.0.1:PORT/…`); `None` for any other line.
pub fn announced_port(line: &str) -> Option<u16> {
    line.split("http://127.0.0.1:").nth(1)?.split('/').next()?.parse().ok()
}

/// Serves the playground at `addr` until the process ends. Once it listens
/// it prints the address it took (with port 0, the one the system picked),
/// so whoever started it need not guess a free port and race for it.
pub fn serve(addr: &str) -> Result<(), String> {
    let server = Arc::new(tiny_http::Server::http(addr).map_err(|e| format!("cannot serve on {addr}: {e}"))?);
    println!("pythread playground at http://{}/ (Ctrl-C stops)", server.server_addr());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let turns = Arc::new(Turns { running: Mutex::new(0), freed: Condvar::new() });
    let explorers = Arc::new(Explorers { child: Mutex::new(None) });
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, turns, explorers) = (server.clone(), turns.clone(), explorers.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    // A panic in one request must not take the server down.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(request, &turns, &explorers)));
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}
