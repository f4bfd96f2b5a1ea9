# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/_test_atexit.py#L119-L132
# adapted: test_atexit_with_unregistered_function made a module-level script, with GeneralTest.setUp's atexit._clear() first; support.catch_unraisable_exception() → sys.unraisablehook swapped for a list's append in try/finally; self.assertEqual → assert
import atexit
import sys

atexit._clear()

# See bpo-46025 for more info
def func():
    atexit.unregister(func)
    1/0
atexit.register(func)
try:
    unraisable = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        atexit._run_exitfuncs()
        assert unraisable[0].object == func
        assert unraisable[0].exc_type == ZeroDivisionError
        assert type(unraisable[0].exc_value) == ZeroDivisionError
    finally:
        sys.unraisablehook = old_hook
finally:
    atexit.unregister(func)
