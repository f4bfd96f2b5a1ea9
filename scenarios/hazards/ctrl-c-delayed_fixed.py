# Hazard ctrl-c-delayed, fixed: the main thread waits in slices of 0.1 s.
# expect-hazard: none
# Same program as ctrl-c-delayed.py, but the 2 s wait is twenty waits of
# 0.1 s: a Ctrl-C that a wait does not cut short is handled when that slice
# ends, at most 0.1 s later.
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
    got = False
    for _ in range(20):
        if not got:
            got = lock.acquire(timeout=0.1)
    print("main: got the lock:", got)
except KeyboardInterrupt:
    print("main: interrupted")
