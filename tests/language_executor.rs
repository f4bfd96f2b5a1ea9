//! What real scripts around executors need: `concurrent.futures`'
//! ThreadPoolExecutor (pythread's copy of CPython's code, chosen by
//! `sys.version_info`), `with … as name`, exit functions registered as
//! values, `SystemExit.code`, the bitwise operators, `sigtimedwait`, and the
//! body of `if None:` that never runs.

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::Arc;

fn outcomes(src: &str, version: &str) -> Vec<Outcome> {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let v = Variant { platform: Platform::Linux, version: version.parse::<Version>().unwrap(), exit: ExitMode::Killed };
    let p = predict(&PyModel::new(Arc::new(Program::compile(&s)), v), Limits::default());
    assert!(p.complete, "the prediction finishes");
    p.outcomes.into_iter().map(|o| o.outcome).collect()
}

fn only(src: &str, version: &str) -> Outcome {
    let mut all = outcomes(src, version);
    assert_eq!(all.len(), 1, "one outcome: {all:#?}");
    all.remove(0)
}

#[test]
fn a_submitted_call_runs_on_a_worker_and_result_gives_its_value() {
    let src = "from concurrent.futures import ThreadPoolExecutor\ndef work(a, b):\n    return a * b\nwith ThreadPoolExecutor(max_workers=1) as pool:\n    f = pool.submit(work, 6, 7)\n    print(f.result(), f.done(), f.cancelled())\n";
    for version in ["3.8", "3.12", "3.14"] {
        assert_eq!(only(src, version).stdout, ["42 True False"], "under {version}");
    }
}

#[test]
fn a_task_s_exception_is_raised_again_by_result_in_the_caller() {
    let src = "import concurrent.futures\ndef boom():\n    raise KeyError('k')\npool = concurrent.futures.ThreadPoolExecutor(2)\nf = pool.submit(boom)\ntry:\n    f.result()\nexcept KeyError as e:\n    print('caught', e)\nprint(f.exception() is not None)\npool.shutdown()\n";
    assert_eq!(only(src, "3.12").stdout, ["caught 'k'", "True"]);
}

#[test]
fn workers_finish_before_atexit_functions_from_3_9_and_after_them_under_3_8() {
    let src = "import atexit, time\nfrom concurrent.futures import ThreadPoolExecutor\ndef work():\n    time.sleep(0.1)\n    print('work')\ndef bye():\n    print('atexit')\npool = ThreadPoolExecutor(1)\natexit.register(bye)\npool.submit(work)\n";
    assert_eq!(only(src, "3.8").stdout, ["atexit", "work"]);
    assert_eq!(only(src, "3.9").stdout, ["work", "atexit"]);
}

#[test]
fn shutdown_refuses_cancel_futures_under_3_8_and_a_shut_executor_refuses_work() {
    let src = "from concurrent.futures import ThreadPoolExecutor\ndef f():\n    pass\npool = ThreadPoolExecutor(1)\ntry:\n    pool.shutdown(wait=True, cancel_futures=True)\nexcept TypeError as e:\n    print(e)\ntry:\n    pool.submit(f)\nexcept RuntimeError as e:\n    print(e)\n";
    // 3.8 refuses the call before shutting anything down: the submit works.
    assert_eq!(only(src, "3.8").stdout, ["shutdown() got an unexpected keyword argument 'cancel_futures'"]);
    assert_eq!(only(src, "3.13").stdout, ["cannot schedule new futures after shutdown"]);
}

#[test]
fn an_exit_function_may_be_a_bound_method_with_its_arguments() {
    let src = "import atexit, threading\nclass Pool:\n    def __init__(self, name):\n        self.name = name\n        threading._register_atexit(self.stop)\n        atexit.register(self.report, 'late')\n    def stop(self):\n        print('stop', self.name)\n    def report(self, when, mark='!'):\n        print(self.name, when, mark)\na = Pool('a')\nb = Pool('b')\nprint('main')\n";
    assert_eq!(only(src, "3.12").stdout, ["main", "stop b", "stop a", "b late !", "a late !"]);
    let o = only(src, "3.8");
    assert_eq!(o.stderr, ["AttributeError"], "3.8 has no threading._register_atexit");
}

#[test]
fn system_exit_code_is_its_argument_or_none() {
    let o = only("import sys\ntry:\n    sys.exit(3)\nexcept SystemExit as e:\n    print(e.code)\ntry:\n    sys.exit()\nexcept SystemExit as e:\n    print(e.code)\n", "3.12");
    assert_eq!(o.stdout, ["3", "None"]);
}

#[test]
fn bitwise_operators_work_on_ints_bools_and_sets() {
    let o = only("print(6 ^ 3, 6 & 3, 4 | 1, True ^ True, True | False)\na = {1, 2, 3}\nb = {3, 4}\nprint(a & b, a | b == {1, 2, 3, 4}, a ^ b == {1, 2, 4})\ntry:\n    print(1.5 & 1)\nexcept TypeError as e:\n    print(e)\n", "3.12");
    assert_eq!(o.stdout, ["5 2 5 False True", "{3} True True", "unsupported operand type(s) for &: 'float' and 'int'"]);
}

#[test]
fn version_info_orders_as_a_tuple_by_the_variant_s_version() {
    let src = "import sys\nprint(sys.version_info >= (3, 9), sys.version_info < (3, 12), sys.version_info[1])\n";
    assert_eq!(only(src, "3.8").stdout, ["False True 8"]);
    assert_eq!(only(src, "3.13").stdout, ["True False 13"]);
}

#[test]
fn sigtimedwait_polls_gives_up_or_takes_a_held_signal() {
    let src = "import signal, os\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\nprint(signal.sigtimedwait([signal.SIGUSR1], 0))\nprint(signal.sigtimedwait([signal.SIGUSR1], 0.2))\nos.kill(os.getpid(), signal.SIGUSR1)\nprint(signal.sigtimedwait([signal.SIGUSR1], 1).si_signo)\n";
    assert_eq!(only(src, "3.12").stdout, ["None", "None", "10"]);
}

#[test]
fn the_body_of_if_none_never_runs_and_what_the_language_lacks_there_is_no_error() {
    let o = only("if None: multiprocessing.set_start_method(None)\nif 0:\n    print('never')\nelse:\n    print('else')\n", "3.12");
    assert_eq!(o.stdout, ["else"]);
    // Where the test is not a constant, the same call is refused.
    assert!(pythread_model::parse("x = 0\nif x: multiprocessing.set_start_method(None)\n", "s.py").is_err());
}

#[test]
fn a_method_with_star_args_gets_its_extra_arguments_once() {
    let o = only("class E:\n    def submit(self, fn, *args):\n        print(args)\n        fn(*args)\ndef work(n):\n    print('work', n)\nE().submit(work, 21)\n", "3.12");
    assert_eq!(o.stdout, ["(21,)", "work 21"]);
}
