//! Hooks for exceptions no code catches: `threading.excepthook` (a
//! `threading.Thread`'s) and `sys.unraisablehook` (a `_thread` thread's),
//! set by the script to a function (run in the failing thread, which stays
//! alive until it returns), a list's `append` (which keeps the argument) or
//! something not callable (its TypeError is reported); exception classes
//! as values; what the unraisable hook gets by version (CP46).

mod common;

use pythread_model::outcome::Outcome;

fn only_under(src: &str, version: &str) -> Outcome {
    common::only_outcome(src, version)
}

const THREAD_HOOK: &str = "import threading\ndef hook(args):\n    print(threading.current_thread().name, args.exc_type, args.exc_value, args.thread is t, t.is_alive())\ndef work():\n    raise ValueError('boom')\nthreading.excepthook = hook\nt = threading.Thread(target=work, name='w')\nt.start()\nt.join()\nprint(t.is_alive())\n";

#[test]
fn a_function_set_as_excepthook_runs_in_the_failing_thread_instead_of_the_report() {
    let o = only_under(THREAD_HOOK, "3.12");
    assert_eq!(o.stdout, ["w <class 'ValueError'> boom True True", "False"]);
    assert!(o.stderr.is_empty(), "{:?}", o.stderr);
}

#[test]
fn without_a_hook_of_the_script_the_report_is_written() {
    let o = only_under(&THREAD_HOOK.replace("threading.excepthook = hook\n", ""), "3.12");
    assert_eq!(o.stderr, ["ValueError"]);
}

#[test]
fn a_hook_that_raises_or_is_not_callable_reports_its_own_error() {
    let raising = THREAD_HOOK.replace("    print(threading.current_thread().name", "    raise KeyError('hook')\n    print(threading.current_thread().name");
    assert_eq!(only_under(&raising, "3.12").stderr, ["KeyError"]);
    let not_callable = THREAD_HOOK.replace("threading.excepthook = hook", "threading.excepthook = 0");
    assert_eq!(only_under(&not_callable, "3.12").stderr, ["TypeError"]);
}

const RAW_HOOK: &str = "import _thread\nimport sys\nimport time\nkept = []\ndef task():\n    started.release()\n    raise KeyError('k')\nsys.unraisablehook = kept.append\nstarted = _thread.allocate_lock()\nstarted.acquire()\n_thread.start_new_thread(task, ())\nstarted.acquire()\nwhile _thread._count() > 0:\n    time.sleep(0.01)\na = kept[0]\nprint(a.exc_type == KeyError, a.object is task, a.err_msg == 'Exception ignored in thread started by', a.exc_traceback == a.exc_value.__traceback__)\n";

#[test]
fn a_lists_append_keeps_what_the_unraisable_hook_gets_which_differs_from_313() {
    assert_eq!(only_under(RAW_HOOK, "3.12").stdout, ["True True True True"]);
    assert_eq!(only_under(RAW_HOOK, "3.13").stdout, ["True False False True"]);
    assert!(only_under(RAW_HOOK, "3.12").stderr.is_empty());
}

#[test]
fn hooks_render_back_to_the_same_scenario() {
    common::assert_renders_back(RAW_HOOK);
}
