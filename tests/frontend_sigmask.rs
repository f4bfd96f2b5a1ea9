//! Blocked signals (`pthread_sigmask`, `sigpending`, `sigwait`), bare
//! `raise` outside an `except` body, `isinstance`, set displays,
//! `str.format` and `print(file=sys.stderr)` (specs/cpython-findings.md,
//! CP37 and CP38): what the front end accepts, and what the model predicts.

use pythread_model::caveats::acquire_interruptible::{wakes, Route, WaitKind};
use pythread_model::caveats::interrupts_main_only::{arrival, released, take_held, Arrival};
use pythread_model::caveats::Rules;
use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::scenario::{Expr, FPart, Scenario, Sig, StmtKind};
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::Arc;

fn parse(src: &str) -> Scenario {
    pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

fn variant(platform: Platform) -> Variant {
    Variant { platform, version: "3.12".parse::<Version>().unwrap(), exit: ExitMode::Killed }
}

fn outcomes(src: &str, platform: Platform) -> Vec<Outcome> {
    let p = predict(&PyModel::new(Arc::new(Program::compile(&parse(src))), variant(platform)), Limits::default());
    assert!(p.complete, "{src}");
    p.outcomes.into_iter().map(|o| o.outcome).collect()
}

fn only(src: &str, platform: Platform) -> Outcome {
    let mut all = outcomes(src, platform);
    assert_eq!(all.len(), 1, "one outcome: {all:#?}");
    all.remove(0)
}

const HELD: &str = "import signal, os\n\
def h(signum, frame):\n    print('handler', signum)\n\
signal.signal(signal.SIGUSR1, h)\n\
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n\
os.kill(os.getpid(), signal.SIGUSR1)\n\
print('held', signal.sigpending() == {signal.SIGUSR1})\n\
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])\n\
print('unblocked')\n";

#[test]
fn a_blocked_signal_is_held_until_unblocked_and_its_handler_runs_before_the_call_returns() {
    assert_eq!(only(HELD, Platform::Linux).stdout, ["held True", "handler 10", "unblocked"]);
}

#[test]
fn windows_has_no_pthread_sigmask() {
    let o = only(HELD, Platform::Windows);
    assert_eq!((o.exit, o.stderr), (Some(1), vec!["AttributeError".to_string()]));
}

#[test]
fn a_worker_started_before_the_block_takes_the_signal_and_the_handler_still_runs_in_main() {
    let src = "import signal, os, threading, time\n\
def h(signum, frame):\n    print('handler in', threading.current_thread().name)\n\
signal.signal(signal.SIGUSR1, h)\n\
def idle():\n    time.sleep(1)\n\
t = threading.Thread(target=idle)\nt.start()\n\
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n\
os.kill(os.getpid(), signal.SIGUSR1)\n\
print('pending', len(signal.sigpending()))\n\
t.join()\n";
    // The C handler ran on the worker; the main thread's check after
    // os.kill runs the Python handler, and nothing is held.
    for o in outcomes(src, Platform::Linux) {
        assert_eq!(o.stdout, ["handler in MainThread", "pending 0"], "{o:?}");
    }
}

#[test]
fn sigwait_takes_a_held_signal_without_running_its_handler() {
    let src = "import signal, threading, os\n\
def h(signum, frame):\n    print('handler')\n\
signal.signal(signal.SIGUSR1, h)\n\
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])\n\
def send():\n    os.kill(os.getpid(), signal.SIGUSR1)\n\
t = threading.Thread(target=send)\nt.start()\n\
got = signal.sigwait([signal.SIGUSR1])\n\
print(got == 10, isinstance(got, signal.Signals), '{!r}'.format(got))\n\
t.join()\n";
    assert_eq!(only(src, Platform::Linux).stdout, ["True True <Signals.SIGUSR1: 10>"]);
}

#[test]
fn a_handled_signal_ends_a_sleep_on_the_main_thread_but_not_a_sigwait() {
    let r = Rules { variant: variant(Platform::Linux), mutation: None, pypy: false };
    assert!(wakes(r, WaitKind::Sleep, Route::OnMainThread));
    assert!(!wakes(r, WaitKind::SigWait, Route::OnMainThread));
    // sigtimedwait gets EINTR: the handler runs during the wait.
    assert!(wakes(r, WaitKind::SigTimedWait, Route::OnMainThread));
}

#[test]
fn a_bare_raise_in_a_helper_re_raises_what_its_caller_handles_or_is_a_runtime_error() {
    let src = "def again():\n    raise\n\
try:\n    try:\n        raise KeyError('k')\n    except KeyError:\n        again()\nexcept KeyError as e:\n    print('caller', isinstance(e, LookupError))\n\
try:\n    again()\nexcept RuntimeError as e:\n    print(e, isinstance(e, (KeyError, Exception)))\n";
    assert_eq!(only(src, Platform::Linux).stdout, ["caller True", "No active exception to reraise True"]);
}

#[test]
fn str_format_is_read_as_the_f_string_it_equals() {
    let s = parse("x = 1\nprint('a {} b {!r} {{}} {0:d}'.format(x, 'y'))\n");
    let StmtKind::Print { args, .. } = &s.main[1].kind else { panic!("{:?}", s.main[1]) };
    let Expr::FString { parts } = &args[0] else { panic!("{args:?}") };
    assert_eq!(parts.len(), 6, "{parts:?}");
    assert!(matches!(&parts[4], FPart::Text { text } if text == " {} "), "{parts:?}");
    assert_eq!(only("x = 1\nprint('a {} b {!r} {{}} {0:d}'.format(x, 'y'))\n", Platform::Linux).stdout, ["a 1 b 'y' {} 1"]);
}

#[test]
fn a_print_to_stderr_evaluates_its_arguments_and_writes_nothing_the_model_keeps() {
    let o = only("import sys\nprint('to stderr', file=sys.stderr)\nprint('to stdout', file=sys.stdout)\nprint(1 / 0, file=sys.stderr)\n", Platform::Linux);
    assert_eq!((o.stdout, o.stderr), (vec!["to stdout".to_string()], vec!["ZeroDivisionError".to_string()]));
}

#[test]
fn a_set_display_holds_each_item_once() {
    assert_eq!(only("s = {3, 1, 3}\nprint(len(s), 1 in s, s == {1, 3})\n", Platform::Linux).stdout, ["2 True True"]);
}

#[test]
fn the_kernel_holds_what_a_thread_blocks_and_sigwait_takes_the_lowest_numbered_its_own_first() {
    let (usr1, alrm) = (Sig::SIGUSR1.bit(), Sig::SIGALRM.bit());
    assert_eq!(arrival(Sig::SIGUSR1, 0, 0, true), Arrival::Delivered);
    assert_eq!(arrival(Sig::SIGUSR1, usr1, 0, true), Arrival::HeldForProcess);
    assert_eq!(arrival(Sig::SIGUSR1, usr1, 0, false), Arrival::HeldForThread);
    assert_eq!(arrival(Sig::SIGUSR1, 0, usr1, true), Arrival::HeldForThread, "a sigwait takes it even unblocked");
    let (mut process, mut own) = (usr1 | alrm, alrm);
    assert_eq!(take_held(&mut process, &mut own, alrm), Some(Sig::SIGALRM));
    assert_eq!((process, own), (usr1 | alrm, 0), "the thread's own first");
    assert_eq!(take_held(&mut process, &mut own, usr1 | alrm), Some(Sig::SIGUSR1), "lowest number first");
    assert_eq!(take_held(&mut process, &mut own, Sig::SIGINT.bit()), None);
    let (mut process, mut own) = (usr1 | alrm, Sig::SIGTERM.bit());
    assert_eq!(released(&mut process, &mut own, usr1), alrm | Sig::SIGTERM.bit());
    assert_eq!((process, own), (usr1, 0));
}
