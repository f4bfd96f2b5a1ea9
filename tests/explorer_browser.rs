//! The explorer in a real browser: `pythread explore` serves stateright's
//! web UI for a corpus scenario; headless Chromium loads a path of eight
//! actions and the rendered page must name the threads, the script lines,
//! the lock's owner and the properties' status. A screenshot is left in
//! `target/explorer.png` (README, the `pythread explore` item of the tour).
//!
//! Chromium is Debian's `chromium` (`.ci/run` installs it). Without it the
//! test says so and passes, unless `PYTHREAD_REQUIRE_CHROMIUM` is set, as
//! CI sets it.

mod common;

use common::{chromium_or_skip, headless, root};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SCRIPT: &str = "scenarios/acquire-interruptible_ctrl_c_blocking_acquire.py";

/// The explorer process, killed when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}


/// Starts `pythread explore` on a port the system picks (read from the
/// line that announces it: no free port guessed and raced for with the
/// tests running beside it) and waits until it serves.
fn serve() -> (Server, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pythread"))
        .current_dir(root())
        .args(["explore", SCRIPT, "--platform", "linux", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("pythread runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("a first line");
    let port = pythread::serve::announced_port(&line).unwrap_or_else(|| panic!("explore announces its address: {line}"));
    let server = Server(child);
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (server, port);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the explorer never listened on port {port}");
}

/// One HTTP/1.1 request; the response body.
fn http(port: u16, method: &str, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).expect("timeout");
    write!(s, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").expect("send");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("a response");
    let (head, body) = response.split_once("\r\n\r\n").expect("headers end");
    assert!(head.starts_with("HTTP/1.1 200"), "{method} {path}: {head}");
    body.to_string()
}

/// Follows, through the explorer's JSON API, the actions whose labels start
/// with these texts, one after the other; the path of action indices.
fn path_of(port: u16, labels: &[&str]) -> String {
    let mut path = String::from("/0");
    for want in labels {
        let states: Value = serde_json::from_str(&http(port, "GET", &format!("/.states{path}"))).expect("json");
        let choices = states.as_array().expect("an array of next steps");
        let i = choices
            .iter()
            .position(|c| c["action"].as_str().is_some_and(|a| a.starts_with(want)))
            .unwrap_or_else(|| panic!("no action `{want}…` after {path}; choices: {:?}", choices.iter().map(|c| &c["action"]).collect::<Vec<_>>()));
        path.push_str(&format!("/{i}"));
    }
    path
}



/// The page's text as a reader sees it: tags dropped, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    squeeze(&out)
}

/// Runs of whitespace as one space (the page's layout is not under test).
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_explorer_in_chromium_shows_threads_lines_locks_and_property_status() {
    let Some(browser) = chromium_or_skip() else { return };
    let (_server, port) = serve();
    // The properties' final status, not "Searching".
    http(port, "POST", "/.runtocompletion");
    let steps = [
        "MainThread: line 17 lock = threading.Lock()",
        "MainThread: line 26 t = threading.Thread",
        "MainThread: line 27 t.start()",
        "MainThread: line 28 print",
        "MainThread: line 28 print(\"main: waiting for the lock\") (its newline)",
        "MainThread: past a check point",
        "MainThread: line 29 time.sleep(0.05)",
        "Thread-1 (worker): line 21 with lock:",
        "Ctrl-C",
        "MainThread: run the SIGINT handler",
    ];
    let path = path_of(port, &steps);
    let url = format!("http://127.0.0.1:{port}/#/steps{path}");
    let out = headless(&browser, &["--dump-dom".to_string()], &url);
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    let text = text_of(&dom);
    for step in steps {
        assert!(text.contains(&squeeze(step)), "the path of actions lists `{step}`:\n{text}");
    }
    for shown in [
        // The current state, as a debugger shows it.
        "last step: t=0ms main runs the SIGINT handler",
        "MainThread",
        "Thread-1 (worker)",
        "line 22  time.sleep(2)",
        "`lock` Lock: held by Thread-1 (worker)",
        "stderr: \"KeyboardInterrupt\"",
        // The properties' status.
        "Safety holds:",
        "Always interrupt-handled-only-in-main",
        "Example found:",
        "Sometimes witness-blocked-acquire-interrupted",
        "Progress: Done",
    ] {
        assert!(text.contains(&squeeze(shown)), "the page shows `{shown}`:\n{text}");
    }
    // The sequence diagram: a lifeline per thread and the Ctrl-C arrow.
    assert!(dom.contains("<svg"), "the page has the sequence diagram");
    assert!(dom.contains("t=0ms Ctrl-C (SIGINT)"), "the diagram draws the Ctrl-C");

    // `target/` is not there when the build went to CARGO_TARGET_DIR.
    let _ = std::fs::create_dir_all(root().join("target"));
    let shot = root().join("target").join("explorer.png");
    let out = headless(&browser, &[format!("--screenshot={}", shot.display())], &url);
    assert!(shot.exists(), "chromium wrote {}: {}", shot.display(), String::from_utf8_lossy(&out.stderr));
    eprintln!("screenshot: {}", shot.display());
}
