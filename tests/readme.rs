//! Every example in README.md is run here and its output compared, so the
//! README cannot drift from what the tool does (issue 19): each ```text
//! block that starts with `$ pythread …` is run from the repository root
//! and must print what the block shows (timings and the interpreter's patch
//! release masked; a block ending in `…` shows a prefix); the commands of
//! "Run it on your script" run on a copy of a corpus script; the Rust
//! example is the runtime crate's doctest, line for line.

mod common;

use std::path::Path;
use std::process::Command;

/// A fenced block of the README: its info string, first line number, lines
/// (the list item's indentation removed).
struct Block {
    info: String,
    line: usize,
    lines: Vec<String>,
}

fn blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let mut out = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        let indent = raw.len() - trimmed.len();
        match (&mut open, trimmed.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some((indent, Block { info: info.trim().to_string(), line: i + 1, lines: Vec::new() }));
            }
            (Some(_), Some("")) => out.push(open.take().expect("open").1),
            (Some((indent, block)), _) => block.lines.push(raw.get(*indent..).unwrap_or(raw.trim_start()).to_string()),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md: a code block is never closed");
    out
}

/// What may differ between two runs of the same command: times, and the
/// patch release of the python3 on PATH.
fn normalize(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    // `0.00s`, `12.3s` → `Ns`; `CPython 3.11.7` → `CPython 3.x`.
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            if rest[n..].starts_with('s') && rest[..n].contains('.') && !rest[n..].starts_with("s)") {
                out.push_str("Ns");
                rest = &rest[n + 1..];
                continue;
            }
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("CPython 3.") {
            let n = after.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(after.len());
            out.push_str("CPython 3.x");
            rest = &after[n..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    // Columns padded to a time's width move with it.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits `$ pythread a b 'c d'` into its arguments (no quoting is used in
/// the README's commands beyond plain words).
fn command_args(line: &str) -> Vec<String> {
    line.trim_start_matches("$ pythread").split_whitespace().map(str::to_string).collect()
}

#[test]
fn every_pythread_example_in_the_readme_prints_what_the_readme_shows() {
    let examples: Vec<Block> = blocks().into_iter().filter(|b| b.info == "text" && b.lines.first().is_some_and(|l| l.starts_with("$ pythread"))).collect();
    assert!(examples.len() >= 4, "the README shows parse, predict, check and conform examples; found {}", examples.len());
    let mut failures = Vec::new();
    // Last first, so that blessing a block keeps the line numbers of those
    // before it.
    for b in examples.iter().rev() {
        let args = command_args(&b.lines[0]);
        let out = Command::new(env!("CARGO_BIN_EXE_pythread"))
            .args(&args)
            .current_dir(common::root())
            .env_remove("PYTHREAD_PYTHON")
            .env("NO_COLOR", "1")
            .output()
            .expect("pythread runs");
        let mut raw: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
        raw.extend(String::from_utf8_lossy(&out.stderr).lines().map(str::to_string));
        let mut got: Vec<String> = raw.iter().map(|l| normalize(l)).collect();
        got.retain(|l| !l.is_empty());
        if std::env::var_os("PYTHREAD_BLESS").is_some() {
            bless(b, &raw);
            continue;
        }
        let mut want: Vec<String> = b.lines[1..].iter().map(|l| normalize(l)).filter(|l| !l.is_empty()).collect();
        let prefix = want.last().is_some_and(|l| l == "…");
        if prefix {
            want.pop();
            got.truncate(want.len());
        }
        if got != want {
            let first = got.iter().zip(&want).position(|(g, w)| g != w).unwrap_or(got.len().min(want.len()));
            failures.push(format!(
                "README.md:{}: `{}` prints, from line {} of its output:\n  got:  {:?}\n  want: {:?}",
                b.line,
                b.lines[0],
                first + 1,
                got.get(first),
                want.get(first)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `PYTHREAD_BLESS=1`: writes this output into the README's block (a
/// block ending in `…` keeps as many lines as it had).
fn bless(b: &Block, output: &[String]) {
    let path = common::root().join("README.md");
    let text = std::fs::read_to_string(&path).expect("README.md");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let open = b.line - 1;
    let indent: String = lines[open].chars().take_while(|c| *c == ' ').collect();
    let old = b.lines.len();
    let mut new: Vec<String> = vec![lines[open + 1].clone()];
    let keep = if b.lines.last().is_some_and(|l| l.trim() == "…") { (old - 2).min(output.len()) } else { output.len() };
    new.extend(output[..keep].iter().map(|l| if l.is_empty() { String::new() } else { format!("{indent}{l}") }));
    if keep < output.len() {
        new.push(format!("{indent}…"));
    }
    lines.splice(open + 1..open + 1 + old, new);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write README.md");
}

#[test]
fn the_first_screen_commands_run_on_a_script() {
    let block = blocks().into_iter().find(|b| b.info == "sh" && b.lines.iter().any(|l| l.contains("my_script.py"))).expect("the first screen's commands");
    assert_eq!(block.lines[0], "cargo build --release", "the first screen builds first");
    let dir = tempfile_dir();
    let script = dir.join("my_script.py");
    std::fs::copy(common::root().join("scenarios/hazards/lock-left-held-after-interrupt.py"), &script).expect("copy a corpus script");
    let mut ran = 0;
    for line in &block.lines[1..] {
        let command = line.split('#').next().expect("a command").trim();
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args[0], "./target/release/pythread", "README.md:{}: {line}", block.line);
        let args: Vec<String> = args[1..].iter().map(|a| if *a == "my_script.py" { script.display().to_string() } else { a.to_string() }).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_pythread")).args(&args).current_dir(common::root()).env("NO_COLOR", "1").output().expect("pythread runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "README.md: `{command}` exits 0\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
        // What the comment after the command promises.
        if args[0] == "predict" {
            assert!(stdout.contains("distinct outcome(s)") && stdout.contains("shortest trace"), "`{command}`: outcomes and traces\n{stdout}");
        }
        if args.iter().any(|a| a == "--ctrl-c") {
            assert!(stdout.contains("Ctrl-C pressed"), "`{command}`: a trace with Ctrl-C\n{stdout}");
        }
        if args[0] == "check" {
            assert!(stdout.contains("lock-left-held-after-interrupt"), "`{command}`: the findings\n{stdout}");
        }
        ran += 1;
    }
    assert_eq!(ran, 3);
}

/// A fresh directory under the target directory (no temp-file crate needed).
fn tempfile_dir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

#[test]
fn the_readmes_rust_example_is_the_runtime_crates_doctest() {
    let block = blocks().into_iter().find(|b| b.info == "rust").expect("the README's Rust example");
    let doc = std::fs::read_to_string(common::root().join("impl/src/lib.rs")).expect("impl/src/lib.rs");
    let doctest: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("//!")).map(str::trim).collect();
    // Each line of the README's block, in order, in the doctest (which
    // `cargo test` runs).
    let mut at = 0;
    for line in block.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match doctest[at..].iter().position(|d| *d == line) {
            Some(i) => at += i + 1,
            None => panic!("README.md:{}: `{line}` is not the next line of impl/src/lib.rs's doctest", block.line),
        }
    }
}

#[test]
fn the_readmes_commands_are_those_ci_and_the_loom_suite_run() {
    let sh: Vec<Block> = blocks().into_iter().filter(|b| b.info == "sh").collect();
    let has = |cmd: &str| sh.iter().any(|b| b.lines.iter().any(|l| l.trim() == cmd));
    // The two commands: CI runs the test command (the main job is `check`,
    // which the corpus and hazards tests run script by script).
    assert!(has("cargo run --release -- check"), "README: the main job");
    assert!(has("cargo test --release"), "README: the test command");
    let ci = std::fs::read_to_string(common::root().join(".ci/run")).expect(".ci/run");
    assert!(ci.lines().any(|l| l.trim() == "cargo test --release"), ".ci/run runs the README's test command");
    // The loom command: what impl/tests/loom_suite.rs runs inside the tests.
    let loom = r#"RUSTFLAGS="--cfg pythread_loom" CARGO_TARGET_DIR=target/loom cargo test -p pythread-impl --release -- --nocapture"#;
    assert!(has(loom), "README: the loom command");
    let suite = std::fs::read_to_string(common::root().join("impl/tests/loom_suite.rs")).expect("loom_suite.rs");
    for part in [r#""--cfg pythread_loom""#, r#".join("loom")"#, r#""-p", "pythread-impl", "--release", "--", "--nocapture""#] {
        assert!(suite.contains(part), "loom_suite.rs runs the README's loom command: {part}");
    }
}

#[test]
fn the_readmes_pre_commit_example_names_the_hook_this_repository_defines() {
    let yaml = blocks().into_iter().find(|b| b.info == "yaml").expect("the README's pre-commit example");
    let hooks = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).expect(".pre-commit-hooks.yaml");
    let id = |text: &str| text.lines().find_map(|l| l.trim().trim_start_matches('-').trim().strip_prefix("id: ").map(str::to_string));
    let wanted = id(&yaml.lines.join("\n")).expect("the example names a hook");
    let defined = id(&hooks).expect("the hooks file defines one");
    assert_eq!(wanted, defined, "README.md:{}", yaml.line);
    // The install commands the README gives are those tests/packaging.rs runs.
    let packaging = std::fs::read_to_string(common::root().join("tests/packaging.rs")).expect("packaging.rs");
    assert!(packaging.contains(r#""-m", "pip", "wheel""#) && packaging.contains(r#"["-m", "pythread", "--version"]"#));
}
