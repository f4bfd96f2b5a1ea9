//! Where Python users look (issue 20): the wheel built here installs into a
//! new virtual environment and `pythread check` runs from it with no cargo on
//! PATH; the pre-commit hook of `.pre-commit-hooks.yaml`, run by the real
//! `pre-commit` from PyPI in a scratch git repository, checks the scripts
//! that have a `# pythread:` line and fails on an error the script does not
//! allow. Without pip or venv (or the network to PyPI) each test says so and
//! passes, unless `PYTHREAD_REQUIRE_PACKAGING=1` (set by `.ci/run`).

mod common;

use common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn required() -> bool {
    std::env::var_os("PYTHREAD_REQUIRE_PACKAGING").is_some_and(|v| v == "1")
}

/// Skips (or fails, where packaging is required) with a reason.
fn unavailable(why: &str) {
    assert!(!required(), "PYTHREAD_REQUIRE_PACKAGING=1 and {why}");
    eprintln!("skipped: {why}");
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// A new virtual environment, or why there is none.
fn venv(dir: &Path) -> Result<PathBuf, String> {
    let out = Command::new("python3").args(["-m", "venv"]).arg(dir).output().map_err(|e| format!("python3 does not run: {e}"))?;
    if !out.status.success() {
        return Err(format!("python3 -m venv fails: {}", text(&out)));
    }
    Ok(dir.join("bin"))
}

/// A PATH without cargo: the environment's bin, then the system's.
fn path_without_cargo(bin: &Path) -> String {
    format!("{}:/usr/bin:/bin", bin.display())
}

#[test]
fn the_wheel_installs_into_a_new_venv_and_checks_a_script_without_cargo() {
    let dir = scratch("wheel");
    let wheels = dir.join("wheels");
    // maturin builds the binary into the same target directory as this test
    // build (CARGO_TARGET_DIR is inherited), so nothing is built twice.
    let built = run(Command::new("python3").args(["-m", "pip", "wheel", "--no-deps", "-w"]).arg(&wheels).arg(root()));
    if !built.status.success() {
        return unavailable(&format!("pip cannot build the wheel (no pip, or no PyPI for maturin):\n{}", text(&built)));
    }
    let wheel = std::fs::read_dir(&wheels).expect("wheels").map(|e| e.expect("entry").path()).find(|p| p.extension().is_some_and(|x| x == "whl")).expect("a wheel");
    let bin = match venv(&dir.join("venv")) {
        Ok(b) => b,
        Err(why) => return unavailable(&why),
    };
    let installed = run(Command::new(bin.join("pip")).args(["install", "--no-deps", "--quiet"]).arg(&wheel));
    assert!(installed.status.success(), "pip install {}: {}", wheel.display(), text(&installed));
    let path = path_without_cargo(&bin);
    let cargo = run(Command::new("sh").args(["-c", "command -v cargo"]).env("PATH", &path));
    assert!(!cargo.status.success(), "cargo is not on the PATH the wheel runs with: {}", text(&cargo));
    let check = run(Command::new(bin.join("pythread"))
        .args(["check", "--platform", "linux", "--version", "3.13", "--exit", "killed", "--traces=none", "scenarios/hazards/hang.py"])
        .current_dir(root())
        .env_clear()
        .env("PATH", &path));
    let out = text(&check);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.contains("Your script: 1 finding(s): 1 error(s)") && out.contains(" hang "), "{out}");
    let module = run(Command::new(bin.join("python")).args(["-m", "pythread", "--version"]).env_clear().env("PATH", &path));
    assert!(module.status.success() && text(&module).starts_with("pythread "), "python -m pythread: {}", text(&module));
}

#[test]
fn the_pre_commit_hook_checks_marked_scripts_and_fails_on_errors_not_allowed() {
    let head = run(Command::new("git").args(["rev-parse", "HEAD"]).current_dir(root()));
    if !head.status.success() {
        return unavailable("the repository is not a git checkout (pre-commit installs hooks from a commit)");
    }
    let rev = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let dir = scratch("pre-commit");
    let bin = match venv(&dir.join("venv")) {
        Ok(b) => b,
        Err(why) => return unavailable(&why),
    };
    let pc = run(Command::new(bin.join("pip")).args(["install", "--quiet", "pre-commit"]));
    if !pc.status.success() {
        return unavailable(&format!("pre-commit cannot be installed from PyPI: {}", text(&pc)));
    }
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).expect("repo");
    let git = |args: &[&str]| {
        let o = run(Command::new("git").args(args).current_dir(&repo));
        assert!(o.status.success(), "git {args:?}: {}", text(&o));
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "hook@test"]);
    git(&["config", "user.name", "hook test"]);
    let hang = std::fs::read_to_string(root().join("scenarios/hazards/hang.py")).expect("hang.py");
    let body: String = hang.lines().filter(|l| !l.starts_with("# pythread:")).map(|l| format!("{l}\n")).collect();
    // Opted in: a hang, an error the hook must fail on.
    std::fs::write(repo.join("hangs.py"), format!("# pythread: check\n{body}")).expect("write");
    // Not opted in: left alone (the same hang).
    std::fs::write(repo.join("plain.py"), &body).expect("write");
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!("repos:\n-   repo: {}\n    rev: {rev}\n    hooks:\n    -   id: pythread-check\n        args: [--platform, linux, --version, '3.13', --exit, killed]\n", root().display()),
    )
    .expect("config");
    git(&["add", "."]);
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target directory").join("pre-commit");
    let hook = |repo: &Path| {
        run(Command::new(bin.join("pre-commit"))
            .args(["run", "--all-files"])
            .current_dir(repo)
            // Its own target directory: the hook builds the committed
            // sources, which must not replace this build's binary.
            .env("CARGO_TARGET_DIR", &target)
            .env("PRE_COMMIT_HOME", dir.join("cache")))
    };
    let failed = hook(&repo);
    let out = text(&failed);
    assert_eq!(failed.status.code(), Some(1), "the hook fails on the hang:\n{out}");
    assert!(out.contains("hangs.py:29") && out.contains(" hang "), "{out}");
    assert!(!out.contains("plain.py"), "a script without a `# pythread:` line is not checked:\n{out}");
    // The author allows the hang (and the exit hazards of its daemon
    // worker): the hook passes.
    std::fs::write(repo.join("hangs.py"), format!("# pythread: allow=hang,lock-held-at-exit\n{body}")).expect("write");
    git(&["add", "."]);
    let passed = hook(&repo);
    assert_eq!(passed.status.code(), Some(0), "allowed errors do not fail the hook:\n{}", text(&passed));
}
