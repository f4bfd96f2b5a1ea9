# Caveat 1: a signal directed at a worker thread (pthread_kill) runs the
# handler in the main thread, but does not wake the main thread: the main
# thread's acquire(timeout=0.5) runs to its timeout first, and the handler's
# exception is raised right after it returns (the assignment never happens).
# Expected (Linux CPython):
#   worker: sent SIGUSR1 to itself
#   worker: 0.2 s later the main thread is still waiting
#   main: Wakeup raised after the acquire timed out; got = None
#   (exit 0)
import signal
import threading
import time


class Wakeup(Exception):
    pass


lock = threading.Lock()
got = None


def handler(signum, frame):
    raise Wakeup


def worker():
    time.sleep(0.1)
    signal.pthread_kill(t.ident, signal.SIGUSR1)
    print("worker: sent SIGUSR1 to itself")
    time.sleep(0.2)
    print("worker: 0.2 s later the main thread is still waiting")


signal.signal(signal.SIGUSR1, handler)
lock.acquire()
t = threading.Thread(target=worker)
t.start()
try:
    got = lock.acquire(timeout=0.5)
except Wakeup:
    print("main: Wakeup raised after the acquire timed out; got =", got)
