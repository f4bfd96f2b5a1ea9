//! The real-time alarm, `signal.pause()`, handlers and signal numbers as
//! values, and `*args` (specs/cpython-findings.md, CP33): what the front
//! end accepts, and what the model predicts for it.

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::scenario::{Expr, Handler, Scenario, Sig, SigArg, StmtKind, ThreadRef};
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::Arc;

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

fn outcomes(src: &str, platform: Platform) -> Vec<Outcome> {
    let v = Variant { platform, version: "3.12".parse::<Version>().unwrap(), exit: ExitMode::Killed };
    let p = predict(&PyModel::new(Arc::new(Program::compile(&parse(src))), v), Limits::default());
    assert!(p.complete, "{src}");
    p.outcomes.into_iter().map(|o| o.outcome).collect()
}

fn only(src: &str) -> Outcome {
    let mut all = outcomes(src, Platform::Linux);
    assert_eq!(all.len(), 1, "one outcome: {all:#?}");
    all.remove(0)
}

#[test]
fn star_args_collect_the_extra_positional_arguments_in_a_tuple() {
    let src = "def f(a, *rest):\n    print(a, rest)\nf(1, 2, 3)\nf(4)\n";
    let s = parse(src);
    // Bound when the call runs (`objects::bind`), as a call of a value is,
    // so it renders back as written.
    let StmtKind::Expr { value: Expr::CallValue { args, .. } } = &s.main[0].kind else { panic!("{:?}", s.main[0]) };
    assert_eq!(args.len(), 3, "{args:?}");
    assert_eq!(only(src).stdout, ["1 (2, 3)", "4 ()"]);
}

#[test]
fn a_handler_with_star_args_gets_signum_and_frame() {
    let src = "import signal\ndef h(*args):\n    print(len(args), args[0])\nsignal.signal(signal.SIGUSR1, h)\nsignal.raise_signal(signal.SIGUSR1)\n";
    assert_eq!(only(src).stdout, ["2 10"]);
}

#[test]
fn an_alarm_interrupts_the_main_threads_sleep_and_its_handler_raises_there() {
    let src = "import signal, time\nclass Late(Exception):\n    pass\ndef h(signum, frame):\n    raise Late(signum)\nsignal.signal(signal.SIGALRM, h)\nsignal.alarm(1)\ntry:\n    time.sleep(5)\nexcept Late as e:\n    print('late', e, time.monotonic() < 2)\n";
    assert_eq!(only(src).stdout, ["late 14 True"]);
}

#[test]
fn an_alarm_at_the_default_handler_kills_the_process_with_sigalrm() {
    let o = only("import signal, time\nsignal.alarm(1)\ntime.sleep(5)\nprint('never')\n");
    assert_eq!((o.exit, o.stdout.len()), (Some(128 + 14), 0));
}

#[test]
fn a_cancelled_alarm_never_rings() {
    let o = only("import signal, time\nsignal.alarm(1)\nsignal.alarm(0)\ntime.sleep(2)\nprint('slept')\n");
    assert_eq!((o.exit, o.stdout), (Some(0), vec!["slept".to_string()]));
}

#[test]
fn alarm_takes_an_int_and_windows_has_none() {
    let o = only("import signal\ntry:\n    signal.alarm(1.5)\nexcept TypeError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["'float' object cannot be interpreted as an integer"]);
    let win = outcomes("import signal\nsignal.alarm(1)\n", Platform::Windows);
    assert!(win.iter().all(|o| o.stderr == ["AttributeError"] && o.exit == Some(1)), "{win:#?}");
}

#[test]
fn pause_returns_only_after_a_signal_lands_on_the_main_thread() {
    // A signal to the main thread ends the pause; `interrupt_main` only
    // sets the flag, so the pause goes on for ever.
    let poke = "import signal, threading, time\ndef h(s, f):\n    print('handled')\nsignal.signal(signal.SIGUSR1, h)\nmain = threading.get_ident()\ndef poke():\n    time.sleep(0.1)\n    signal.pthread_kill(main, signal.SIGUSR1)\nt = threading.Thread(target=poke)\nt.start()\nsignal.pause()\nprint('back')\n";
    assert_eq!(only(poke).stdout, ["handled", "back"]);
    let flag = "import signal, threading, _thread, time\ndef h(s, f):\n    print('handled')\nsignal.signal(signal.SIGINT, h)\ndef poke():\n    time.sleep(0.1)\n    _thread.interrupt_main()\nt = threading.Thread(target=poke, daemon=True)\nt.start()\nsignal.pause()\nprint('back')\n";
    let o = only(flag);
    assert!(o.hang && o.stdout.is_empty(), "{o:?}");
}

#[test]
fn signal_returns_the_old_handler_and_takes_it_back() {
    let src = "import signal\ndef h(s, f):\n    print('mine')\nold = signal.signal(signal.SIGUSR1, h)\nsignal.raise_signal(signal.SIGUSR1)\nsignal.signal(signal.SIGUSR1, old)\nsignal.raise_signal(signal.SIGUSR1)\nprint('not reached')\n";
    let s = parse(src);
    assert!(matches!(&s.main[0].kind, StmtKind::SetHandler { old: Some(o), .. } if o == "old"));
    assert!(matches!(&s.main[2].kind, StmtKind::SetHandler { handler: Handler::Name(n), .. } if n == "old"));
    // The second SIGUSR1 meets SIG_DFL again: the process dies of it.
    let o = only(src);
    assert_eq!((o.stdout, o.exit), (vec!["mine".to_string()], Some(128 + 10)));
}

#[test]
fn a_module_level_name_bound_once_to_a_signal_stands_for_it_but_a_parameter_of_that_name_does_not() {
    let src = "import signal\nsignum = signal.SIGUSR1\ndef h(signum, frame):\n    print(signum == 10)\nsignal.signal(signum, h)\nsignal.raise_signal(signum)\n";
    let s = parse(src);
    assert!(matches!(&s.main[1].kind, StmtKind::SetHandler { signal: Sig::SIGUSR1, .. }));
    assert_eq!(only(src).stdout, ["True"]);
    // Bound twice: a value read when the call runs (CP40): the second
    // binding's SIGUSR2, whose default action ends the process.
    let twice = "import signal\nsig = signal.SIGUSR1\nsig = signal.SIGUSR2\nsignal.raise_signal(sig)\n";
    assert!(matches!(&parse(twice).main[2].kind, StmtKind::RaiseSignal { signal: SigArg::Value(_) }));
    assert_eq!(only(twice).exit, Some(128 + 12));
}

#[test]
fn pthread_kill_finds_the_thread_an_ident_value_names() {
    let src = "import signal, threading\ndef h(s, f):\n    print('in', threading.current_thread().name)\nsignal.signal(signal.SIGUSR2, h)\ntid = threading.get_ident()\nsignal.pthread_kill(tid, signal.SIGUSR2)\n";
    let s = parse(src);
    assert!(matches!(&s.main[2].kind, StmtKind::PthreadKill { thread: ThreadRef::Ident(_), .. }));
    assert_eq!(only(src).stdout, ["in MainThread"]);
}

#[test]
fn with_stderr_none_only_a_thread_made_before_still_reports() {
    let src = "import sys, threading\ndef fails():\n    1 / 0\nearly = threading.Thread(target=fails)\nsys.stderr = None\nlate = threading.Thread(target=fails)\nearly.start()\nearly.join()\nlate.start()\nlate.join()\n";
    assert!(matches!(parse(src).main[1].kind, StmtKind::SetStderr { none: true }));
    assert_eq!(only(src).stderr, ["ZeroDivisionError"]);
    // Put back: reported again.
    let back = "import sys, threading\ndef fails():\n    1 / 0\nsys.stderr = None\nt = threading.Thread(target=fails)\nsys.stderr = sys.__stderr__\nt.start()\nt.join()\n";
    assert_eq!(only(back).stderr, ["ZeroDivisionError"]);
    // The main thread's own traceback goes nowhere; the status stays 1.
    let main = only("import sys\nsys.stderr = None\nraise KeyError('k')\n");
    assert_eq!((main.stderr.len(), main.exit), (0, Some(1)));
}
