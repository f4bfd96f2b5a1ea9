# Caveat 1 (issue 16): the same signal at the end of a `try` body with a
# `finally`: the handler's exception is raised inside the `try`, so the
# `finally` runs; the exception then escapes and "after" is never printed.
# Observed, identical on CPython 3.8.18 – 3.14.10 (all eight) and PyPy 3.9:
#   before
#   finally
#   (stderr: Boom; exit 1)
import os
import signal


class Boom(Exception):
    pass


def handler(signum, frame):
    raise Boom


signal.signal(signal.SIGUSR1, handler)
try:
    print("before")
    os.kill(os.getpid(), signal.SIGUSR1)
finally:
    print("finally")
print("after")
