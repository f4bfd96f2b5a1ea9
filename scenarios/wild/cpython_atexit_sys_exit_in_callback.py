# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/_test_atexit.py#L10-L70
# adapted: GeneralTest.setUp/tearDown (atexit._clear()), assert_raises_unraisable (L17-L24) and test_exit (L69-L70) made a module-level script; support.catch_unraisable_exception() → sys.unraisablehook swapped for a list's append in try/finally; self.assertEqual → assert; prints "SystemExit was unraisable" at the end
import atexit
import sys

def assert_raises_unraisable(exc_type, func, *args):
    unraisable = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        atexit.register(func, *args)
        atexit._run_exitfuncs()

        assert unraisable[0].object == func
        assert unraisable[0].exc_type == exc_type
        assert type(unraisable[0].exc_value) == exc_type
    finally:
        sys.unraisablehook = old_hook

atexit._clear()
assert_raises_unraisable(SystemExit, sys.exit)
atexit._clear()
print("SystemExit was unraisable")
