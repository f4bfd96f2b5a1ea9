# Caveats 1 and 4: a signal handler's exception interrupts the main thread's
# join() of a non-daemon worker.
# Expected by the documented rules (and CPython 3.13+): the worker is still
# alive and the shutdown waits for it:
#   main: Stop raised in join; worker alive: True
#   worker: finally
#   (exit 0)
# Observed on Linux CPython 3.11 (3.9.8-3.12, CPython issue gh-90882): the
# interrupted join releases the worker's tstate lock and marks it stopped, so
# is_alive() is False, the shutdown does not wait, and the worker is killed
# without its `finally`:
#   main: Stop raised in join; worker alive: False
#   (exit 0)
import os
import signal
import threading
import time


class Stop(Exception):
    pass


def handler(signum, frame):
    raise Stop


def worker():
    try:
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGUSR1)
        time.sleep(0.2)
    finally:
        print("worker: finally")


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker)
t.start()
try:
    t.join()
except Stop:
    print("main: Stop raised in join; worker alive:", t.is_alive())
