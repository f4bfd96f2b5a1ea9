//! Dicts, as CPython keeps them: a display `{k: v}` (a repeated key keeps
//! its first place and its last value), `d[k]` (KeyError for a missing key,
//! TypeError for an unhashable one), `d[k] = v` and `d[a][b] += n` at any
//! depth, `len`, `in`, iteration over the keys in insertion order, `==`
//! in any order, `repr`, `{**m}` merged in; and `os.getpid()` as a value
//! `os.kill` takes.

mod common;

fn only(src: &str) -> pythread_model::outcome::Outcome {
    common::only_outcome(src, "3.12")
}

#[test]
fn a_display_keeps_a_repeated_key_in_its_first_place_with_its_last_value() {
    let o = only("d = {'a': 1, 'b': 2, 'a': 3}\nprint(d, len(d))\nfor k in d:\n    print(k, d[k])\n");
    assert_eq!(o.stdout, ["{'a': 3, 'b': 2} 2", "a 3", "b 2"]);
}

#[test]
fn items_are_set_and_updated_at_any_depth() {
    let o = only("d = {}\nd['x'] = {'n': 0}\nd['x']['n'] += 5\nd[(1, 2)] = [0]\nd[(1, 2)][0] = 'z'\nprint(d)\nprint(d == {(1, 2): ['z'], 'x': {'n': 5}}, d != {'x': {'n': 5}})\n");
    assert_eq!(o.stdout, ["{'x': {'n': 5}, (1, 2): ['z']}", "True True"]);
}

#[test]
fn a_missing_key_is_a_key_error_and_an_unhashable_one_a_type_error() {
    let o = only("d = {1: 'one'}\ntry:\n    d[2]\nexcept KeyError as e:\n    print('KeyError', e)\ntry:\n    d[[1]] = 0\nexcept TypeError as e:\n    print(e)\nprint(1 in d, 2 in d, 1.0 in d, True in d)\n");
    assert_eq!(o.stdout, ["KeyError 2", "unhashable type: 'list'", "True False True True"]);
}

#[test]
fn an_item_of_something_else_cannot_be_set() {
    let o = only("t = (1, 2)\ntry:\n    t[0] = 5\nexcept TypeError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["'tuple' object does not support item assignment"]);
}

#[test]
fn a_name_bound_to_os_getpid_is_the_pid_os_kill_takes() {
    let src = "import os\nimport signal\npid = os.getpid()\ndef h(signum, frame):\n    print('handled', signum)\nsignal.signal(signal.SIGUSR1, h)\nos.kill(pid, signal.SIGUSR1)\nprint(pid == os.getpid())\n";
    let o = only(src);
    assert_eq!(o.stdout, ["handled 10", "True"]);
    let twice = "import os\nimport signal\npid = os.getpid()\npid = 1\nos.kill(pid, signal.SIGUSR1)\n";
    let errs = pythread_model::parse(twice, "s.py").expect_err("a name bound twice may be another pid");
    assert!(errs[0].message.contains("a pid other than"), "{errs:?}");
}

#[test]
fn a_dict_renders_back_to_the_same_scenario() {
    let src = "d = {'k': [1, 2], 3: {'n': 0}}\nd[3]['n'] += 1\nprint(d)\n";
    common::assert_renders_back(src);
}

#[test]
fn a_mapping_after_two_stars_is_merged_in_where_it_stands() {
    let o = only("a = {'x': 1}\nb = {**a, 'y': 2, **{'x': 3}}\nprint(b)\ntry:\n    c = {**[1]}\nexcept TypeError as e:\n    print(e)\n");
    assert_eq!(o.stdout, ["{'x': 3, 'y': 2}", "'list' object is not a mapping"]);
}
