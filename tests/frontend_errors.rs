//! Unsupported or malformed scripts get a located error and exit status 2.
//!
//! Each `tests/bad/*.py` starts with `# expect: LINE:COL KIND: TEXT`: the
//! first diagnostic must be at LINE:COL, of KIND, and contain TEXT.

mod common;

use common::{pythread, root, scripts};

struct Expect {
    at: String,
    kind_and_text: String,
}

fn expectation(path: &std::path::Path) -> Expect {
    let source = std::fs::read_to_string(path).expect("readable");
    let first = source.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{}: first line must be `# expect: LINE:COL KIND: TEXT`", path.display()));
    let (at, kind_and_text) = rest.split_once(' ').expect("LINE:COL then text");
    Expect { at: at.to_string(), kind_and_text: kind_and_text.to_string() }
}

#[test]
fn every_bad_script_gets_a_located_error_and_exit_status_2() {
    let bad = scripts(&root().join("tests/bad"));
    assert!(bad.len() >= 25, "at least 25 bad scripts, found {}", bad.len());
    for path in bad {
        let rel = path.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let want = expectation(&path);
        let out = pythread(&["parse", &rel]);
        assert_eq!(out.status.code(), Some(2), "{rel}: exit status");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        let prefix = format!("{rel}:{}: ", want.at);
        assert!(first.starts_with(&prefix), "{rel}: want `{prefix}…`, got `{first}`");
        assert!(
            first[prefix.len()..].starts_with(want.kind_and_text.split(':').next().unwrap()),
            "{rel}: want kind of `{}`, got `{first}`",
            want.kind_and_text
        );
        let text = want.kind_and_text.split_once(": ").map_or("", |(_, t)| t);
        assert!(first.contains(text), "{rel}: want `{}` in `{first}`", want.kind_and_text);
        assert!(stderr.contains(" --> "), "{rel}: the source excerpt is shown:\n{stderr}");
    }
}

#[test]
fn json_errors_carry_path_line_column_and_kind() {
    let out = pythread(&["parse", "tests/bad/lock_as_thread.py", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    let e = &v["errors"][0];
    assert_eq!(e["path"], "tests/bad/lock_as_thread.py");
    assert_eq!(e["line"], 4);
    assert_eq!(e["col"], 1);
    assert_eq!(e["kind"], "error");
}

#[test]
fn several_problems_are_all_reported_in_line_order() {
    let src = "import threading\nx, y = 1, 2\nx = {a: 1 for a in (1,)}\nprint(z)\n";
    let errs = pythread_model::parse(src, "s.py").unwrap_err();
    let lines: Vec<u32> = errs.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
}

#[test]
fn a_missing_file_is_an_error_with_exit_status_2() {
    let out = pythread(&["parse", "no/such/file.py"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("no/such/file.py:1:1: error: cannot read file"), "{stderr}");
}

#[test]
fn a_directory_is_an_error_with_exit_status_2() {
    let out = pythread(&["parse", "scenarios"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn render_rejects_json_that_is_not_a_scenario_with_exit_status_2() {
    let dir = std::env::temp_dir().join(format!("pythread-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.json");
    std::fs::write(&f, "{\"imports\": 3}").unwrap();
    let out = pythread(&["render", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a scenario IR"));
}

#[test]
fn python_3_12_f_strings_with_nested_quotes_are_not_syntax_errors() {
    let src = "name = 'x'\nprint(f\"{name!r} {\"nested\"}\")\n";
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(s.main.len(), 2);
}

#[test]
fn a_refused_definition_gives_one_error_and_no_follow_ons() {
    // One real problem (the module outside the language); every use of the
    // names it binds would only repeat it.
    let src = "import multiprocessing\nimport threading\nq = multiprocessing.Queue()\ndef worker():\n    q.put(1)\n    item = q.get()\n    print(item)\nt = threading.Thread(target=worker)\nt.start()\nq.join()\n";
    let errs = pythread_model::parse(src, "s.py").unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].line, errs[0].col), (1, 8));
    assert!(errs[0].message.contains("`multiprocessing`"), "{errs:?}");
}

#[test]
fn a_missing_import_is_reported_once_and_an_import_in_a_block_is_not_missing() {
    let src = "def f():\n    import time\n    time.sleep(0.1)\nimport threading\nt = threading.Thread(target=f)\nt.start()\n";
    assert!(pythread_model::parse(src, "s.py").is_ok());
    let src = "time.sleep(1)\ntime.sleep(2)\n";
    let errs = pythread_model::parse(src, "s.py").unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("never imports `time`"), "{errs:?}");
}
