# Hazard differs-across-platforms: the outcomes depend on the platform.
# expect-hazard: differs-across-platforms on all
# The main thread waits for a lock with acquire(timeout=1) and Ctrl-C is
# pressed while it waits. On Linux (and on Windows from 3.14) the wait is
# interrupted at once, so "main: interrupted" can come between the worker's
# two progress lines. On Windows before 3.14 the acquire cannot be
# interrupted: KeyboardInterrupt comes only when the timeout expires, after
# both lines, and that ordering is impossible.
# Remedy: wait only in time.sleep(), which Ctrl-C interrupts on every
# platform, polling the lock and the thread (differs-across-platforms_fixed.py).
# pythread: ctrl-c
import threading
import time


def worker():
    with lock:
        time.sleep(0.3)
        print("worker: progress 25%")
        time.sleep(0.5)
        print("worker: progress 75%")
        time.sleep(0.4)


try:
    lock = threading.Lock()
    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.05)
    print("main: waiting for the lock")
    got = lock.acquire(timeout=1)
    print("main: got the lock:", got)
    t.join()
except KeyboardInterrupt:
    print("main: interrupted")
