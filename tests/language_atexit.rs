//! atexit's own functions (CP48): `_run_exitfuncs()` calls the registered
//! functions now, last first, and forgets them; `unregister` inside one
//! keeps an earlier one from being called up to 3.13 (3.14 loops over a
//! copy); what one raises goes to `sys.unraisablehook` from 3.10, or is
//! printed and raised by `_run_exitfuncs()` (3.8, 3.9); `_clear()`;
//! built-in functions (`sys.exit`) and `*args` registered.

mod common;

use common::{assert_renders_back, only_outcome};

const RUN: &str = "import atexit\nimport sys\ncalls = []\ndef note(what):\n    calls.append(what)\ndef failing():\n    atexit.unregister(note)\n    raise ValueError('v')\nargs = ('last',)\natexit.register(note, 'first')\natexit.register(failing)\natexit.register(note, *args)\natexit.register(sys.exit, 3)\nseen = []\nsys.unraisablehook = seen.append\ntry:\n    atexit._run_exitfuncs()\nexcept Exception as e:\n    print('raised', type(e).__name__)\nprint(calls, [type(x.exc_value).__name__ for x in seen], [x.object for x in seen][-1] is failing)\natexit._run_exitfuncs()\nprint('again', calls)\n";

#[test]
fn run_exitfuncs_calls_them_last_first_and_gives_what_they_raise_to_the_hook() {
    let o = only_outcome(RUN, "3.12");
    assert_eq!(
        o.stdout,
        [
            "['last'] ['SystemExit', 'ValueError'] True",
            "again ['last']"
        ]
    );
    assert!(o.stderr.is_empty(), "{:?}", o.stderr);
    assert_eq!(o.exit, Some(0));
}

#[test]
fn before_3_10_run_exitfuncs_prints_each_error_and_raises_the_last() {
    let o = only_outcome(RUN, "3.9");
    assert_eq!(o.stdout, ["raised ValueError"]);
    // `[x.object for x in seen][-1]` of an empty list: IndexError.
    assert_eq!(o.stderr, ["ValueError", "IndexError"]);
    assert_eq!(o.exit, Some(1));
}

#[test]
fn from_3_13_the_hook_gets_none_as_object_and_3_14_calls_an_unregistered_one_anyway() {
    let o = only_outcome(RUN, "3.13");
    assert_eq!(
        o.stdout,
        [
            "['last'] ['SystemExit', 'ValueError'] False",
            "again ['last']"
        ]
    );
    let o = only_outcome(RUN, "3.14");
    assert_eq!(
        o.stdout,
        [
            "['last', 'first'] ['SystemExit', 'ValueError'] False",
            "again ['last', 'first']"
        ]
    );
}

#[test]
fn clear_forgets_them_and_a_function_hook_gets_what_one_raises_at_exit() {
    let src = "import atexit\nimport sys\ndef never():\n    print('never')\ndef bye():\n    print('bye')\n    raise KeyError('k')\ndef hook(args):\n    print('hook', args.exc_type.__name__, args.err_msg)\natexit.register(never)\natexit._clear()\natexit.register(bye)\nsys.unraisablehook = hook\n";
    let o = only_outcome(src, "3.12");
    assert_eq!(
        o.stdout,
        ["bye", "hook KeyError Exception ignored in atexit callback"]
    );
    assert!(o.stderr.is_empty(), "{:?}", o.stderr);
    let o = only_outcome(src, "3.9");
    assert_eq!(o.stdout, ["bye"]);
    assert_eq!(o.stderr, ["KeyError"]);
    assert_eq!(o.exit, Some(0));
}

#[test]
fn the_atexit_calls_render_back_as_written() {
    assert_renders_back(RUN);
}
