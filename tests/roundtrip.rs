//! The renderer and the front end are inverse: `parse(render(s)) == s`
//! (locations aside) for generated scenarios, and renderings are Python
//! that CPython compiles and runs.

mod common;

use proptest::prelude::*;
use pythread_model::{generate, parse, render};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn parsing_a_rendered_scenario_gives_it_back(s in generate::scenario()) {
        let text = render(&s);
        let back = parse(&text, "rendered.py").map_err(|e| {
            TestCaseError::fail(format!("{}\n--- rendered ---\n{text}", e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")))
        })?;
        prop_assert_eq!(back.without_locations(), s, "rendered:\n{}", text);
    }

    #[test]
    fn the_front_end_never_panics_on_arbitrary_text(src in "(?s).{0,200}") {
        let _ = parse(&src, "fuzz.py");
    }

    #[test]
    fn the_front_end_never_panics_on_python_shaped_text(
        lines in prop::collection::vec(prop::sample::select(vec![
            "import threading", "import _thread, signal", "def f():", "    pass", "    with lock:",
            "lock = threading.Lock()", "t = threading.Thread(target=f)", "t.start()", "try:",
            "except KeyboardInterrupt as e:", "finally:", "        print(e)", "for i in range(3):",
            "if lock.acquire(timeout=-1):", "raise", "global x", "x = not x == 1", "  ", "elif x:",
            "signal.signal(signal.SIGINT, f)", "print(\"\\u00e9\", 1e999, -0.0)", "\u{e9} = 1", "\t\tpass",
        ]), 0..12)
    ) {
        let _ = parse(&lines.join("\n"), "shaped.py");
    }
}

/// Runs a script under python3 for at most `limit`; returns stderr.
fn run_python(text: &str, limit: Duration) -> String {
    let dir = std::env::temp_dir().join(format!("pythread-roundtrip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.py");
    std::fs::write(&file, text).unwrap();
    let mut child = Command::new("python3")
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut err = String::new();
    use std::io::Read;
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    err
}

#[test]
fn rendered_scenarios_compile_and_run_under_python3_without_a_syntax_error() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config { rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..Config::default() });
    let strategy = generate::scenario();
    let mut texts = Vec::new();
    for _ in 0..300 {
        texts.push(render(&strategy.new_tree(&mut runner).unwrap().current()));
    }
    // Compile all of them (cheap): any SyntaxError fails.
    let dir = std::env::temp_dir().join(format!("pythread-compile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("s{i:03}.py")), t).unwrap();
    }
    let out = Command::new("python3")
        .args(["-c", "import sys, pathlib\nfor p in sorted(pathlib.Path(sys.argv[1]).glob('*.py')):\n    compile(p.read_text(), str(p), 'exec')\n"])
        .arg(&dir)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Run a sample for real: no SyntaxError or NameError of our making.
    for t in texts.iter().take(12) {
        let err = run_python(t, Duration::from_secs(3));
        assert!(!err.contains("SyntaxError"), "{err}\n--- script ---\n{t}");
    }
}
