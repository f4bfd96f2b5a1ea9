# Caveat 1 (issue 16): a keyword call does not check for signals at its end on
# 3.14 (adaptive CALL_KW, first run of the call site). The worker holds the
# lock, makes SIGUSR1 pending with raise_signal (the main thread's wait is not
# woken), then releases the lock.
# 3.8–3.13 and PyPy: the handler runs at the end of acquire(), before `got` is
# stored:
#   worker: SIGUSR1 pending / worker: releasing the lock /
#   handler: got = unset / main: Boom; got = unset   (exit 0)
# 3.14.10: `got` is stored; the handler runs inside the next print(), before it
# writes anything (PyObject_Str calls PyErr_CheckSignals), so "main: got True"
# is never printed:
#   worker: SIGUSR1 pending / worker: releasing the lock /
#   handler: got = True / main: Boom; got = True   (exit 0)
# Observed on all nine interpreters, 3 runs each.
import signal
import threading
import time


class Boom(Exception):
    pass


def handler(signum, frame):
    print("handler: got =", got)
    raise Boom


def worker():
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR1)
    print("worker: SIGUSR1 pending")
    time.sleep(0.1)
    print("worker: releasing the lock")
    lock.release()


signal.signal(signal.SIGUSR1, handler)
lock = threading.Lock()
lock.acquire()
got = "unset"
t = threading.Thread(target=worker)
t.start()
try:
    got = lock.acquire(timeout=2)
    print("main: got", got)
except Boom:
    print("main: Boom; got =", got)
t.join()
