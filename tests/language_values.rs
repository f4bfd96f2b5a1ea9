//! Values the language keeps and takes apart: `raise value` raises an
//! exception object kept in a value again, in whatever thread holds it,
//! chained to what that thread handles (but not to itself; anything else is
//! a TypeError); `for a, b in …` unpacks each item; `[x] * n` repeats;
//! `type(x)` is its class; `acquire` takes `blocking` by its truth.

use pythread_model::machine::PyModel;
use pythread_model::outcome::{predict, Limits, Outcome};
use pythread_model::program::Program;
use pythread_model::scenario::StmtKind;
use pythread_model::variant::{ExitMode, Platform, Variant, Version};
use std::sync::Arc;

fn only(src: &str) -> Outcome {
    let s = pythread_model::parse(src, "s.py").unwrap_or_else(|e| panic!("{e:?}"));
    let v = Variant { platform: Platform::Linux, version: "3.12".parse::<Version>().unwrap(), exit: ExitMode::Killed };
    let p = predict(&PyModel::new(Arc::new(Program::compile(&s)), v), Limits::default());
    assert!(p.complete);
    assert_eq!(p.outcomes.len(), 1, "{:#?}", p.outcomes);
    p.outcomes.into_iter().next().unwrap().outcome
}

#[test]
fn an_exception_kept_by_a_thread_is_raised_again_in_the_main_thread() {
    let src = "import threading\nkept = []\ndef work():\n    try:\n        raise ValueError('x')\n    except ValueError as e:\n        kept.append(e)\nt = threading.Thread(target=work)\nt.start()\nt.join()\nraise kept[0]\n";
    let s = pythread_model::parse(src, "s.py").unwrap();
    assert!(matches!(s.main.last().unwrap().kind, StmtKind::RaiseValue { .. }));
    let o = only(src);
    assert_eq!((o.stderr, o.exit), (vec!["ValueError".to_string()], Some(1)));
}

#[test]
fn raise_e_in_its_own_except_is_not_chained_to_itself_but_to_another() {
    let own = only("try:\n    raise KeyError('k')\nexcept KeyError as e:\n    raise e\n");
    assert_eq!(own.stderr, ["KeyError"]);
    let other = only("kept = []\ntry:\n    raise KeyError('k')\nexcept KeyError as e:\n    kept.append(e)\ntry:\n    raise ValueError('v')\nexcept ValueError:\n    raise kept[0]\n");
    assert_eq!(other.stderr, ["ValueError", "KeyError"]);
}

#[test]
fn raising_a_value_that_is_no_exception_is_a_type_error() {
    let o = only("x = 3\ntry:\n    raise x\nexcept TypeError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["exceptions must derive from BaseException"]);
}

#[test]
fn a_for_loop_unpacks_each_item_and_a_list_times_n_repeats_it() {
    let o = only("pairs = [(1, 'a'), (2, 'b')]\nfor n, s in pairs:\n    print(n, s)\nxs = [0] * 3\nprint(xs, 2 * [None], xs == [0, 0, 0])\ntry:\n    for a, b in [(1, 2, 3)]:\n        pass\nexcept ValueError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["1 a", "2 b", "[0, 0, 0] [None, None] True", "too many values to unpack (expected 2)"]);
}

#[test]
fn a_set_keeps_each_item_once_and_small_ints_come_out_ascending() {
    let o = only("s = set()\nprint(s, len(s))\ns.add(3)\ns.add(1)\ns.add(3)\nprint(s, len(s), 1 in s, 2 in s, s == set([1, 3]))\nfor x in s:\n    print(x)\nt = set('aba')\nprint(len(t))\nxs = []\ntry:\n    xs.add(1)\nexcept AttributeError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["set() 0", "{1, 3} 2 True False True", "1", "3", "2", "'list' object has no attribute 'add'"]);
}

#[test]
fn type_of_a_value_is_its_class_and_a_lock_s_is_lock_type() {
    let o = only("import _thread, threading\nclass W:\n    pass\nprint(type(1), type(W()), type(W()) == type(W()), type(None))\nlock = _thread.allocate_lock()\nprint(type(lock) == _thread.LockType, type(threading.RLock()) == _thread.LockType, type(threading.Thread()))\n");
    assert_eq!(o.stdout, ["<class 'int'> <class '__main__.W'> True <class 'NoneType'>", "True False <class 'threading.Thread'>"]);
}

#[test]
fn acquire_takes_blocking_by_its_truth() {
    let o = only("import _thread\nlock = _thread.allocate_lock()\nprint(lock.acquire(1), lock.acquire(1, 0.05), lock.acquire(0))\ntry:\n    lock.acquire(0, 1)\nexcept ValueError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["True False False", "can't specify a timeout for a non-blocking call"]);
}

#[test]
fn an_assert_message_is_evaluated_only_when_its_test_fails() {
    // As CPython 3.11 printed it: the passing asserts call nothing and make
    // no tuple; a failing one calls its message's function first.
    let o = only("def f(x):\n    print('evaluated', x)\n    return 'msg %d' % x\nn = 0\nassert n == 0, f(1)\nassert n == 0, ('made', [n])\ntry:\n    assert n == 1, f(2)\nexcept AssertionError as e:\n    print('caught', e)\nassert False, f(3)\n");
    assert_eq!(o.stdout, ["evaluated 2", "caught msg 2", "evaluated 3"]);
    assert_eq!((o.stderr, o.exit), (vec!["AssertionError".to_string()], Some(1)));
}
