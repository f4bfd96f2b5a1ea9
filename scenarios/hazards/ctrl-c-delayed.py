# Hazard ctrl-c-delayed: Ctrl-C during a long timed wait that it does not cut short.
# expect-hazard: ctrl-c-delayed on linux/*/*, posix/*/*, windows/3.9/*, windows/3.10/*, windows/3.12/*, windows/3.13/*
# The main thread waits up to 2 s for a lock a worker holds. A Ctrl-C that
# comes during that wait ends it at once where the platform interrupts lock
# waits (POSIX; Windows from 3.14), but not on Windows before 3.14: there the
# KeyboardInterrupt comes only when the 2 s are over. Everywhere, a Ctrl-C
# that lands after the main thread's last check point and before its wait
# begins is not looked at until the wait ends: no check runs in between, and
# the signal's arrival is already past (research/eval-breaker.md §5).
# Remedy: wait in short slices (ctrl-c-delayed_fixed.py).
# pythread: ctrl-c
import threading
import time


def worker():
    with lock:
        time.sleep(3)


lock = threading.Lock()
t = threading.Thread(target=worker, daemon=True)
t.start()
time.sleep(0.1)
try:
    got = lock.acquire(timeout=2)
    print("main: got the lock:", got)
except KeyboardInterrupt:
    print("main: interrupted")
