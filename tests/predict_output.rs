//! `predict`'s text output for people (issue 19): the outcomes first, each
//! distinct one once with the variants that have it, then the traces
//! `--traces` asks for, a loop's repeated steps folded.

mod common;

use common::pythread;

fn script(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pythread-predict-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn out(args: &[&str]) -> String {
    String::from_utf8_lossy(&pythread(args).stdout).into_owned()
}

const POLL: &str = "import threading\nimport time\n\nstop = False\n\n\ndef work():\n    time.sleep(3)\n\n\nt = threading.Thread(target=work)\nt.start()\nwhile t.is_alive():\n    time.sleep(0.05)\nprint(\"done\")\n";

#[test]
fn outcomes_come_first_each_once_with_the_variants_that_have_it() {
    let s = script("join.py", "# pythread: ctrl-c\nimport threading\nimport time\n\n\ndef work():\n    time.sleep(0.5)\n\n\nt = threading.Thread(target=work)\nt.start()\nt.join()\nprint('done')\n");
    let text = out(&["predict", "--platform", "all", "--version", "3.13", "--traces", "none", &s]);
    let summary = text.split("distinct outcome(s), with the variants that have each:").nth(1).expect("a summary");
    assert!(summary.contains("exit 0 | stdout: done  [all here]"), "{text}");
    // One version and one exit mode explored: written as themselves, not `*`.
    assert!(summary.contains("[windows/3.13/killed]"), "{text}");
    assert!(!text.contains("shortest traces"), "{text}");
}

#[test]
fn shortest_gives_one_trace_per_outcome_and_all_one_per_variant() {
    let s = script("two.py", "# pythread: ctrl-c\nimport time\ntime.sleep(1)\nprint('done')\n");
    let short = out(&["predict", "--platform", "all", "--version", "3.13", &s]);
    let all = out(&["predict", "--platform", "all", "--version", "3.13", "--traces", "all", &s]);
    let count = |t: &str| t.lines().filter(|l| l.trim_start().starts_with("outcome ") && l.contains(" under ")).count();
    let distinct = short.lines().filter(|l| l.starts_with("  ") && l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains(". exit")).count();
    assert_eq!(count(&short), distinct, "{short}");
    assert!(count(&all) > count(&short), "{all}");
}

#[test]
fn a_polling_loop_is_folded_with_its_count() {
    let s = script("poll.py", POLL);
    let text = out(&["predict", "--version", "3.13", "--platform", "linux", &s]);
    let fold = text.lines().find(|l| l.contains(" steps above × ") || l.contains("the step above × ")).unwrap_or_else(|| panic!("{text}"));
    // 3 s of 50 ms sleeps: about sixty passes.
    let times: usize = fold.split(" × ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).expect("a count");
    assert!(times >= 50, "{fold}");
    assert!(text.lines().count() < 80, "{text}");
}

#[test]
fn version_all_is_every_minor_version_grouped_where_they_agree() {
    let s = script("allv.py", "import threading\nprint('hi')\n");
    let text = out(&["predict", "--version", "all", "--platform", "linux", "--exit", "killed", "--traces", "none", &s]);
    for minor in 8..=14 {
        assert!(text.contains(&format!("under linux/3.{minor}/killed")), "3.{minor}:\n{text}");
    }
    assert!(text.contains("1. exit 0 | stdout: hi  [all here]"), "{text}");
    let groups = out(&["predict", "--version", "groups", "--platform", "linux", "--exit", "killed", "--traces", "none", &s]);
    assert_eq!(groups.lines().filter(|l| l.contains(" under linux/")).count(), 5, "{groups}");
}
