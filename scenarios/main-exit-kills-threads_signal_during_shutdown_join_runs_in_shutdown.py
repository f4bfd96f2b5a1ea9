# Caveat 4 (issue 16): a signal that becomes pending only while the shutdown
# joins a non-daemon thread (raise_signal in the worker: the main thread's
# join is not woken). When the join returns, the next check in
# threading._shutdown runs the handler; its exception is printed as "Exception
# ignored …" and the status stays 0. This holds on 3.13.18 and 3.14.10 too:
# their check right after the module came before the signal.
# Observed, identical on CPython 3.8.18 – 3.14.10 (all eight) and PyPy 3.9:
#   main: end of the module
#   worker: SIGUSR1 pending
#   worker: done
#   handler: raising Boom
#   (stderr: Boom; exit 0)
import signal
import threading
import time


class Boom(Exception):
    pass


def handler(signum, frame):
    print("handler: raising Boom")
    raise Boom


def worker():
    time.sleep(0.2)
    signal.raise_signal(signal.SIGUSR1)
    print("worker: SIGUSR1 pending")
    time.sleep(0.1)
    print("worker: done")


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker)
t.start()
print("main: end of the module")
