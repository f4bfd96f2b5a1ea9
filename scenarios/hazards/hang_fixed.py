# Hazard hang, fixed: the main thread waits in bounded, timed slices.
# expect-hazard: none
# Same program as hang.py, but the main thread waits with
# acquire(timeout=0.1) in a bounded loop. Every slice ends by itself, so a
# Ctrl-C is acted on within 0.1 s even on Windows before 3.14, and without
# a Ctrl-C the main thread gives up after 1 s instead of waiting forever.
# pythread: ctrl-c
import threading


def worker():
    lock.acquire()
    print("worker: took the lock (and forgot to release it)")


try:
    lock = threading.Lock()
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    print("main: waiting for the lock")
    got = False
    for _ in range(10):
        if not got:
            got = lock.acquire(timeout=0.1)
    print("main: got the lock:", got)
except KeyboardInterrupt:
    print("main: interrupted, giving up")
