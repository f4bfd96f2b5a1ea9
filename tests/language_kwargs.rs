//! Keyword arguments as CPython binds them: `**kwargs` parameters collect
//! the keywords no other parameter takes; `f(**d)` and a computed
//! function's keywords bind by name when the call runs (TypeError for an
//! unexpected or repeated one); `Thread.__init__(self, *args, **kwargs)`
//! passes a subclass's arguments on to Thread's parameters; `Timer` takes
//! `kwargs`; `x[a:b]` slices and `x.copy()` copies.

mod common;

fn only(src: &str) -> pythread_model::outcome::Outcome {
    common::only_outcome(src, "3.12")
}

#[test]
fn a_kwargs_parameter_collects_the_keywords_no_other_parameter_takes() {
    let o = only("def f(a, *args, **kwargs):\n    print(a, args, kwargs)\nf(1)\nf(1, 2, 3, x=4, a2='z')\nf(a=5, b=6)\n");
    assert_eq!(o.stdout, ["1 () {}", "1 (2, 3) {'x': 4, 'a2': 'z'}", "5 () {'b': 6}"]);
}

#[test]
fn a_dict_passed_with_two_stars_binds_by_name_when_the_call_runs() {
    let o = only("def h(a, b=2):\n    print(a, b)\nh(**{'b': 3, 'a': 1})\ng = h\ng(7, b=8)\ntry:\n    h(1, **{'a': 2})\nexcept TypeError as e:\n    print(e)\ntry:\n    g(1, c=3)\nexcept TypeError as e:\n    print(e)\ntry:\n    g(**[1])\nexcept TypeError as e:\n    print(e)\n");
    assert_eq!(
        o.stdout,
        ["1 3", "7 8", "h() got multiple values for argument 'a'", "h() got an unexpected keyword argument 'c'", "h() argument after ** must be a mapping, not list"]
    );
}

#[test]
fn a_subclass_passes_its_arguments_on_to_thread() {
    let src = "import threading\ndef work(n, mode=None):\n    print(threading.current_thread().name, n, mode)\nclass W(threading.Thread):\n    def __init__(self, *args, **kwargs):\n        threading.Thread.__init__(self, *args, **kwargs)\nw = W(target=work, name='w1', args=(1,), kwargs={'mode': 'fast'})\nw.start()\nw.join()\nv = W(None, work, 'w2', (2,))\nv.start()\nv.join()\n";
    assert_eq!(only(src).stdout, ["w1 1 fast", "w2 2 None"]);
}

#[test]
fn a_timer_calls_its_function_with_args_and_kwargs() {
    let src = "import threading\ndef f(*args, **kwargs):\n    print(args, kwargs)\nt = threading.Timer(0.01, f, args=[1], kwargs={'k': 2})\nt.start()\nt.join()\nu = threading.Timer(0.01, f)\nu.args.append('x')\nu.kwargs['y'] = 3\nu.start()\nu.join()\n";
    assert_eq!(only(src).stdout, ["(1,) {'k': 2}", "('x',) {'y': 3}"]);
}

#[test]
fn slices_and_copies_make_new_values() {
    let o = only("a = [1, 2, 3, 4]\nb = a[:]\nb.append(5)\nd = {'x': 1}\ne = d.copy()\ne['y'] = 2\nprint(a[1:3], a[-2:], a[:-1], a[5:], (1, 2, 3)[1:], 'hello'[1:3], a, b, d, e)\n");
    assert_eq!(o.stdout, ["[2, 3] [3, 4] [1, 2, 3] [] (2, 3) el [1, 2, 3, 4] [1, 2, 3, 4, 5] {'x': 1} {'x': 1, 'y': 2}"]);
}

#[test]
fn keyword_calls_render_back_to_the_same_scenario() {
    let src = "import threading\ndef f(a, *args, **kwargs):\n    print(a, args[1:], kwargs.copy())\nf(1, x=2)\ng = f\ng(3, *[4], **{'k': 5})\nclass W(threading.Thread):\n    def __init__(self, *args, **kwargs):\n        threading.Thread.__init__(self, *args, **kwargs)\n";
    common::assert_renders_back(src);
}
