# Caveat 1 (issue 16): the positional form of
# interrupts-main-only_keyword_acquire_stores_result_before_handler.py:
# lock.acquire(True, 2) is a plain CALL, which checks at its end on every
# version, so the handler runs before `got` is stored.
# Observed, identical on CPython 3.8.18 – 3.14.10 (all eight) and PyPy 3.9:
#   worker: SIGUSR1 pending
#   worker: releasing the lock
#   handler: got = unset
#   main: Boom; got = unset
#   (exit 0)
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
    got = lock.acquire(True, 2)
    print("main: got", got)
except Boom:
    print("main: Boom; got =", got)
t.join()
