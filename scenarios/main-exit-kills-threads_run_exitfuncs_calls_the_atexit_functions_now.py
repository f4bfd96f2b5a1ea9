# Caveat 4 (main-exit-kills-threads): atexit._run_exitfuncs() calls the atexit functions now, last registered first, and forgets them; atexit.unregister inside one keeps an earlier one from being called. What one raises goes to sys.unraisablehook from 3.10 (SystemExit too); 3.8, 3.9 and PyPy print it and raise the last one from _run_exitfuncs(). atexit._clear() forgets them; what is registered after runs at exit, and what it raises goes to the script's own hook (3.10+).
import atexit
import sys

calls = []


def note(what):
    calls.append(what)


def failing():
    atexit.unregister(note)
    raise ValueError("from an atexit function")


def bye():
    print("at exit", calls)
    raise RuntimeError("from the last atexit function")


def shout(args):
    print("hook:", type(args.exc_value).__name__)


atexit.register(note, "first")
atexit.register(failing)
last = ("last",)
atexit.register(note, *last)
atexit.register(sys.exit, 3)
seen = []
old = sys.unraisablehook
sys.unraisablehook = seen.append
try:
    atexit._run_exitfuncs()
except Exception as e:
    print("raised", type(e).__name__)
finally:
    sys.unraisablehook = old
print(calls, [type(x.exc_value).__name__ for x in seen])
atexit.register(note, "never")
atexit._clear()
atexit.register(bye)
sys.unraisablehook = shout
print("end")
