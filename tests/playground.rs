//! `pythread serve`, the playground (issue 20): its API gives a script's
//! outcomes per variant, its findings at their lines and the diagram of each
//! outcome, and opens the explorer at a trace; bad input through every door
//! (a script outside the language, a binary file, an empty request, a 10 MB
//! paste, 50 requests at once) gets a located error or a clear refusal while
//! the server keeps serving; in headless Chromium the page, given a script,
//! shows the table, a finding's mark and the diagram (screenshot:
//! `target/playground.png`). Without Chromium the browser test says so and
//! passes, unless `PYTHREAD_REQUIRE_CHROMIUM` is set, as CI sets it.

mod common;

use common::{chromium_or_skip, headless, root};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SCRIPT: &str = "scenarios/hazards/lock-left-held-after-interrupt.py";

/// The playground process (its stderr in a file, read when a request gets
/// no answer), killed when the test ends however it ends.
struct Server {
    /// The `pythread serve` process.
    child: Child,
    /// The port it took.
    port: u16,
    /// The file its stderr goes to.
    stderr: std::path::PathBuf,
    /// Its stdout, kept open: a server that prints to a closed pipe fails.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Whether the process still runs, and what it wrote to stderr.
    fn health(&mut self) -> String {
        let state = match self.child.try_wait() {
            Ok(None) => "still running".to_string(),
            Ok(Some(status)) => format!("ended: {status}"),
            Err(e) => format!("unknown: {e}"),
        };
        format!("the server is {state}; its stderr: {:?}", std::fs::read_to_string(&self.stderr).unwrap_or_default())
    }
}

/// `pythread serve` on a port the system picks (read from its first line:
/// no free port guessed and raced for with the tests running beside it).
fn serve() -> Server {
    static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let stderr = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("playground-{}-{n}.stderr", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_pythread"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).expect("a file for its stderr"))
        .spawn()
        .expect("pythread serve starts");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let _ = stdout.read_line(&mut line);
    let port = pythread::serve::announced_port(&line);
    let mut server = Server { child, port: 0, stderr, _stdout: stdout };
    match port {
        Some(port) => server.port = port,
        None => panic!("pythread serve announces its address: {line:?}; {}", server.health()),
    }
    server
}

/// One HTTP/1.1 request: status and body (a refusal may come before the
/// whole body is sent: a failed write is not an error here).
fn http(port: u16, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    try_http(port, method, path, body).unwrap_or_else(|response| panic!("{method} {path}: no response: {response:?}"))
}

/// One request, or what came back when it was not an HTTP response.
fn try_http(port: u16, method: &str, path: &str, body: &[u8]) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(300))).expect("timeout");
    let head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = s.write_all(head.as_bytes()).and_then(|()| s.write_all(body));
    let mut response = Vec::new();
    let read = s.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).to_string();
    let Some((head, body)) = response.split_once("\r\n\r\n") else { return Err(format!("{response:?} (reading: {read:?})")) };
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).expect("a status");
    Ok((status, body.to_string()))
}

fn analyze(server: &mut Server, script: &[u8]) -> (u16, Value) {
    let (status, body) = try_http(server.port, "POST", "/api/analyze", script).unwrap_or_else(|response| panic!("POST /api/analyze: no response: {response}; {}", server.health()));
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
}

#[test]
fn the_api_gives_outcomes_per_variant_findings_at_their_lines_and_diagrams() {
    let mut server = serve();
    let source = std::fs::read(root().join(SCRIPT)).expect("the script");
    let (status, v) = analyze(&mut server, &source);
    assert_eq!(status, 200, "{v}");
    let variants = v["variants"].as_array().expect("variants");
    assert_eq!(variants.len(), 6, "{v}");
    let outcomes = v["outcomes"].as_array().expect("outcomes");
    let cancelled = outcomes.iter().find(|o| o["summary"].as_str().is_some_and(|s| s.contains("main: update cancelled"))).expect("the interrupted outcome");
    assert_eq!(cancelled["variants"].as_array().expect("its variants").len(), 6);
    assert!(cancelled["svg"].as_str().is_some_and(|s| s.starts_with("<svg") && s.contains("Ctrl-C")), "{cancelled}");
    let finding = v["findings"].as_array().expect("findings").iter().find(|f| f["id"] == "lock-left-held-after-interrupt").expect("the finding");
    assert_eq!(finding["line"], 17);
    assert_eq!(finding["severity"], "error");
    assert!(finding["trace"].as_array().is_some_and(|t| !t.is_empty()));
    // The explorer at that outcome's trace.
    let request = serde_json::json!({ "script": String::from_utf8_lossy(&source), "variant": cancelled["trace_variant"], "path": cancelled["explorer_path"] });
    let (status, body) = http(server.port, "POST", "/api/explore", request.to_string().as_bytes());
    assert_eq!(status, 200, "{body}");
    let url: Value = serde_json::from_str(&body).expect("json");
    let url = url["url"].as_str().expect("a url").to_string();
    let (host, path) = url.trim_start_matches("http://").split_once("/#/steps").expect("an explorer URL");
    let port: u16 = host.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port");
    // Its API answers for the last state of the path: the trace is one it can follow.
    let (status, states) = http(port, "GET", &format!("/.states{path}"), b"");
    assert_eq!(status, 200, "{states}");
}

#[test]
fn bad_input_gets_a_located_error_or_a_refusal_and_the_server_keeps_serving() {
    let mut server = serve();
    let port = server.port;
    let bad = std::fs::read(root().join("tests/bad/lock_as_thread.py")).expect("a bad script");
    let (status, v) = analyze(&mut server, &bad);
    assert_eq!(status, 200);
    assert_eq!(v["errors"][0]["line"], 4, "{v}");
    assert_eq!(v["errors"][0]["message"], "`lock` is a lock, not a thread");
    let (status, v) = analyze(&mut server, &[0xff, 0xfe, 0, 1, 2]);
    assert_eq!(status, 400);
    assert!(v["error"].as_str().is_some_and(|e| e.contains("not UTF-8")), "{v}");
    let (status, v) = analyze(&mut server, b"");
    assert_eq!(status, 400);
    assert!(v["error"].as_str().is_some_and(|e| e.starts_with("empty script")), "{v}");
    let paste = vec![b'x'; 10 << 20];
    let (status, v) = analyze(&mut server, &paste);
    assert_eq!(status, 413, "{v}");
    let (status, _) = http(port, "POST", "/api/explore", b"{\"script\": 1}");
    assert_eq!(status, 400);
    let (status, _) = http(port, "GET", "/nowhere", b"");
    assert_eq!(status, 404);
    // 50 requests at once: each answered (analysed, or refused as busy).
    let small = b"import threading\n\ndef work():\n    print('w')\n\nt = threading.Thread(target=work)\nt.start()\nt.join()\nprint('done')\n";
    let answers: Vec<u16> = (0..50)
        .map(|_| std::thread::spawn(move || http(port, "POST", "/api/analyze", small).0))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("a client"))
        .collect();
    assert!(answers.iter().all(|&s| s == 200 || s == 503), "{answers:?}");
    assert!(answers.iter().filter(|&&s| s == 200).count() >= 2, "{answers:?}");
    // And it still serves.
    let (status, v) = analyze(&mut server, small);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["outcomes"][0]["summary"], "exit 0 | stdout: w / done");
    let (status, page) = http(port, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(page.contains("pythread playground") && !page.contains("https://"), "the page loads nothing from elsewhere");
}

/// `encodeURIComponent` for the page's `#script=`.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn the_page_shows_the_table_a_findings_mark_and_the_diagram_in_a_browser() {
    let Some(browser) = chromium_or_skip() else { return };
    let server = serve();
    let source = std::fs::read_to_string(root().join(SCRIPT)).expect("the script");
    // The script goes in as if typed: the page fills the editor and fires
    // its input event.
    let url = format!("http://127.0.0.1:{}/#script={}", server.port, encode(&source));
    let out = headless(&browser, &["--dump-dom".to_string()], &url);
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(dom.contains("id=\"table\""), "the outcomes table:\n{dom}");
    assert!(dom.contains("main: update cancelled"), "an outcome in the table");
    assert!(dom.contains("class=\"mark error\" data-line=\"17\""), "the finding's mark on line 17");
    assert!(dom.contains("lock-left-held-after-interrupt"), "the finding");
    assert!(dom.contains("<svg"), "the selected outcome's diagram");
    let _ = std::fs::create_dir_all(root().join("target"));
    let shot = root().join("target").join("playground.png");
    let _ = std::fs::remove_file(&shot);
    headless(&browser, &[format!("--screenshot={}", shot.display())], &url);
    assert!(shot.exists(), "a screenshot at {}", shot.display());
}
