//! pythread's copy of threading.py and queue.py (`model/src/frontend/library/`):
//! a script that makes a `threading.Event()`, a semaphore or a queue gets those
//! classes, lowered from the copy without a single diagnostic, marked as
//! library code, left out of the rendered script and given back by the
//! parse; a class of the script with the same name stays the script's own.

mod common;

use common::pythread;
use pythread_model::scenario::{Scenario, StmtKind};

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{}\n{src}", e.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")))
}

fn class_names(s: &Scenario) -> Vec<&str> {
    s.classes.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn every_library_class_lowers_without_errors_with_the_classes_it_uses() {
    let cases: [(&str, &[&str]); 6] = [
        ("threading.Event()", &["threading.Condition", "threading.Event"]),
        ("threading.Semaphore(2)", &["threading.Condition", "threading.Semaphore"]),
        ("threading.BoundedSemaphore(2)", &["threading.Condition", "threading.Semaphore", "threading.BoundedSemaphore"]),
        ("threading.Condition(threading.Lock())", &["threading.Condition"]),
        ("queue.Queue()", &["threading.Condition", "queue.Queue"]),
        ("queue.LifoQueue(3)", &["threading.Condition", "queue.Queue", "queue.LifoQueue"]),
    ];
    for (made, classes) in cases {
        let s = parse(&format!("import threading\nimport queue\nx = {made}\n"));
        assert_eq!(class_names(&s), classes, "{made}");
        for c in &s.classes {
            assert!(c.is_library() && c.loc.library, "{} is library code", c.name);
            assert!(c.methods.iter().all(|m| m.loc.library && m.body.iter().all(|st| st.loc.library)), "{}: every node is located in threading.py", c.name);
        }
        // The script's own statement is the script's.
        assert!(!s.main[0].loc.library);
        assert_eq!(s.main[0].loc.line, 3);
    }
}

#[test]
fn a_queue_brings_its_exception_classes_which_except_clauses_name_by_module() {
    let s = parse("import queue\nq = queue.Queue(1)\ntry:\n    q.get_nowait()\nexcept queue.Empty:\n    print('empty')\n");
    let exceptions: Vec<&str> = s.exceptions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(exceptions, ["queue.Empty", "queue.Full"]);
    // Left out of the rendering, as the library's classes are.
    let rendered = pythread_model::render::render(&s);
    assert!(!rendered.contains("class "), "{rendered}");
    assert_eq!(parse(&rendered).without_locations(), s.without_locations());
    // `from queue import Empty` names the same class.
    let t = parse("from queue import Queue, Empty\nq = Queue()\ntry:\n    q.get(False)\nexcept Empty:\n    pass\n");
    assert!(matches!(&t.main[1].kind, StmtKind::Try { handlers, .. } if handlers[0].types[0].name() == "queue.Empty"));
    // A script without a queue gets none of them.
    assert!(parse("import threading\nev = threading.Event()\n").exceptions.is_empty());
}

#[test]
fn a_library_step_in_a_trace_names_the_scripts_line_then_the_librarys() {
    // `q.get()` blocks inside threading.py's Condition.wait until the
    // worker puts: the step names line 14, then the library's line. The
    // steps inside the library that nothing else sees are left out.
    let dir = std::env::temp_dir().join(format!("pythread-queue-trace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("q.py");
    std::fs::write(
        &script,
        "import queue\nimport threading\nimport time\nq = queue.Queue()\n\n\ndef put():\n    time.sleep(0.1)\n    q.put(1)\n\n\nt = threading.Thread(target=put)\nt.start()\nprint(q.get())\nt.join()\n",
    )
    .unwrap();
    let out = pythread(&["predict", script.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("line 14  print(q.get(True, None))  [threading.py:") && stdout.contains("waiter.acquire()]  blocks"), "{stdout}");
    assert!(!stdout.contains("main     queue.py:") && !stdout.contains("main     threading.py:"), "no step is named by a library line alone:\n{stdout}");
    assert!(stdout.contains("stdout: 1"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_script_that_makes_no_library_object_gets_no_library_class() {
    let s = parse("import threading\nlock = threading.Lock()\nwith lock:\n    pass\n");
    assert!(s.classes.is_empty(), "{:?}", class_names(&s));
}

#[test]
fn the_renderer_leaves_library_classes_out_and_the_parse_gives_them_back() {
    let src = "import threading\nready = threading.Event()\nready.set()\nprint(ready.wait(0.1))\n";
    let s = parse(src);
    let text = pythread_model::render(&s);
    assert!(!text.contains("class ") && !text.contains("_cond"), "no library code in:\n{text}");
    assert_eq!(parse(&text).without_locations(), s.without_locations());
}

#[test]
fn with_over_a_library_object_is_a_with_of_its_enter_and_exit() {
    let s = parse("import threading\nsem = threading.Semaphore(1)\nwith sem:\n    pass\n");
    let StmtKind::WithObject { object, enter_args, .. } = &s.main[1].kind else { panic!("{:?}", s.main[1]) };
    assert_eq!(object, "sem");
    // `__enter__ = acquire`: its defaults, blocking=True and timeout=None.
    assert_eq!(enter_args.len(), 2);
}

#[test]
fn a_class_of_the_script_named_event_is_its_own() {
    let src = "import threading\n\nclass Event:\n    def set(self):\n        print(\"mine\")\n\nmine = Event()\ntheirs = threading.Event()\nmine.set()\ntheirs.set()\nprint(theirs.is_set())\n";
    let s = parse(src);
    assert!(class_names(&s).contains(&"Event") && class_names(&s).contains(&"threading.Event"), "{:?}", class_names(&s));
    let path = std::env::temp_dir().join(format!("pythread-library-{}.py", std::process::id()));
    std::fs::write(&path, src).expect("write");
    let out = pythread(&["predict", path.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("stdout: mine / True"), "{stdout}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_trace_into_library_code_names_threading_py_lines() {
    let src = "import threading\nready = threading.Event()\nready.set()\n";
    let path = std::env::temp_dir().join(format!("pythread-library-trace-{}.py", std::process::id()));
    std::fs::write(&path, src).expect("write");
    let out = pythread(&["predict", path.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("threading.py:") && stdout.contains("line 3"), "{stdout}");
    let _ = std::fs::remove_file(&path);
}
