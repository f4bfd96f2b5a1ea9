# Caveat 1 (issue 16): a raising handler made pending by os.kill(os.getpid(), …)
# as the LAST statement of a `try` body runs while the `try` is still active,
# so `except Boom:` catches it. 3.11+ run it inside os.kill (os_kill_impl calls
# PyErr_CheckSignals); 3.8–3.10 at the check that ends the call instruction.
# Observed, identical on CPython 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1,
# 3.13.0, 3.13.18, 3.14.10 and PyPy 3.9:
#   before
#   caught
#   after
#   (exit 0)
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
except Boom:
    print("caught")
print("after")
