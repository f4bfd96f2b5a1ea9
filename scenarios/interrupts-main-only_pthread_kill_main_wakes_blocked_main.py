# Caveat 1: a signal directed at the *main* thread with pthread_kill does wake
# its blocked acquire on Linux (EINTR); the handler raises at once.
# Expected (Linux CPython):
#   main: Wakeup, lock held by worker: True
#   worker: releasing
#   (exit 0)
# Windows: signal.pthread_kill does not exist (AttributeError in the worker).
import signal
import threading
import time


class Wakeup(Exception):
    pass


lock = threading.Lock()


def handler(signum, frame):
    raise Wakeup


def worker():
    with lock:
        time.sleep(0.1)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR2)
        time.sleep(0.2)
        print("worker: releasing")


signal.signal(signal.SIGUSR2, handler)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.05)
try:
    lock.acquire()
    print("main: acquired")
except Wakeup:
    print("main: Wakeup, lock held by worker:", lock.locked())
