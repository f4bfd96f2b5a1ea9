# Caveat 3: a handler that raises makes the blocked acquire() raise that
# exception, and the lock is not taken by the main thread. Here the worker
# sends SIGUSR2 to the process while holding the lock.
# Expected (Linux CPython):
#   main: Interrupted raised by acquire()
#   main: lock still locked: True
#   worker: releasing
#   main: acquire(False) now: True
#   (exit 0)
import os
import signal
import threading
import time


class Interrupted(Exception):
    pass


lock = threading.Lock()


def handler(signum, frame):
    raise Interrupted("SIGUSR2")


def worker():
    with lock:
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGUSR2)
        time.sleep(0.2)
        print("worker: releasing")


signal.signal(signal.SIGUSR2, handler)
t = threading.Thread(target=worker, daemon=True)
t.start()
time.sleep(0.05)
try:
    lock.acquire()
    print("main: acquired (not expected on Linux)")
except Interrupted:
    print("main: Interrupted raised by acquire()")
    print("main: lock still locked:", lock.locked())
t.join()
print("main: acquire(False) now:", lock.acquire(False))
