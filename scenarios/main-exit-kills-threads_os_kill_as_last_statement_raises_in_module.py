# Caveat 4 (issue 16): os.kill(os.getpid(), …) as the module's last statement.
# The handler still runs inside the module (3.11+: inside os.kill; 3.8–3.10:
# at the check that ends the call), so its exception is an ordinary uncaught
# exception of the main thread: traceback and status 1, not "exit 0 with Boom
# printed at shutdown".
# Observed, identical on CPython 3.8.18 – 3.14.10 (all eight) and PyPy 3.9:
#   main: last statement next
#   handler: raising Boom
#   (stderr: Boom; exit 1)
import os
import signal


class Boom(Exception):
    pass


def handler(signum, frame):
    print("handler: raising Boom")
    raise Boom


signal.signal(signal.SIGUSR1, handler)
print("main: last statement next")
os.kill(os.getpid(), signal.SIGUSR1)
