//! Calls of the script's functions bind their arguments as Python does:
//! positional, then keywords by name, then the defaults; `Thread(args=…,
//! kwargs=…)` the same. A bad binding is Python's TypeError, reported as a
//! located error before anything runs.

use pythread_model::scenario::{Expr, Literal, Scenario, StmtKind};

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

fn first_error(src: &str) -> String {
    let errs = pythread_model::parse(src, "s.py").unwrap_err();
    assert_eq!(errs.len(), 1, "one error: {errs:?}");
    format!("{}:{} {}", errs[0].line, errs[0].col, errs[0].message)
}

fn ints(args: &[Expr]) -> Vec<i64> {
    args.iter()
        .map(|a| match a {
            Expr::Lit { value: Literal::Int(i) } => *i,
            other => panic!("not an int literal: {other:?}"),
        })
        .collect()
}

const DEF: &str = "def f(a, b=2, c=3):\n    return a + b + c\n";

#[test]
fn keywords_and_defaults_become_arguments_in_parameter_order() {
    let s = parse(&format!("{DEF}x = f(1, c=30)\n"));
    let StmtKind::Assign { value: Expr::Call { args, .. }, .. } = &s.main[0].kind else { panic!("{:?}", s.main[0]) };
    assert_eq!(ints(args), vec![1, 2, 30]);
}

#[test]
fn thread_kwargs_bind_like_a_call() {
    let s = parse(&format!("import threading\n{DEF}t = threading.Thread(target=f, args=(1,), kwargs={{\"b\": 20}})\n"));
    let StmtKind::NewThread { args, .. } = &s.main[0].kind else { panic!("{:?}", s.main[0]) };
    assert_eq!(ints(args), vec![1, 20, 3]);
}

#[test]
fn a_bad_binding_is_pythons_type_error_at_its_place() {
    assert_eq!(first_error(&format!("{DEF}f()\n")), "3:1 f() missing required argument: 'a'");
    assert_eq!(first_error(&format!("{DEF}f(1, 2, 3, 4)\n")), "3:1 f() takes 3 positional argument(s) but 4 were given");
    assert_eq!(first_error(&format!("{DEF}f(1, d=4)\n")), "3:6 f() got an unexpected keyword argument 'd'");
    assert_eq!(first_error(&format!("{DEF}f(1, a=4)\n")), "3:6 f() got multiple values for argument 'a'");
}

#[test]
fn a_nested_def_that_reads_no_name_of_its_function_is_lifted_and_a_closure_is_refused() {
    // A handler that sets a global, defined inside the function that
    // installs it: the same as a module-level def (no check point runs).
    let src = "import signal\nflag = False\ndef install():\n    def handler(signum, frame):\n        global flag\n        flag = True\n    signal.signal(signal.SIGINT, handler)\ninstall()\n";
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let names: Vec<&str> = s.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["install", "handler"]);
    assert_eq!(s.functions[1].loc.line, 4, "the lifted def keeps its own location");
    let rendered = pythread_model::render::render(&s);
    assert_eq!(pythread_model::parse(&rendered, "r.py").unwrap().without_locations(), s.without_locations());
    // One that reads the function's own name is a closure: refused, naming it.
    let closure = "def outer():\n    n = 1\n    def inner():\n        print(n)\n    inner()\nouter()\n";
    let errs = pythread_model::parse(closure, "s.py").unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("reads `n`"), "{errs:?}");
    // Two nested defs of one name cannot both be lifted.
    let twice = "def a():\n    def h():\n        pass\n    h()\ndef b():\n    def h():\n        pass\n    h()\na()\nb()\n";
    let errs = pythread_model::parse(twice, "s.py").unwrap_err();
    assert!(errs[0].message.contains("named `h`"), "{errs:?}");
}

#[test]
fn defs_nested_forty_deep_are_all_lifted() {
    // Each level's body was read twice, once for its names and once for
    // its reads: 2^40 visits here, where one visit per level now does.
    let mut src = String::new();
    for i in 0..40 {
        src.push_str(&format!("{}def f{i}():\n", " ".repeat(i)));
    }
    src.push_str(&format!("{}pass\nf0()\n", " ".repeat(40)));
    let s = parse(&src);
    assert_eq!(s.functions.len(), 40);
    assert_eq!(s.functions[39].name, "f39");
}
