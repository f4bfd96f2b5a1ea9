# Caveat 3: on Windows a SIGINT raised in a worker sets the SIGINT event; only
# 3.14's lock wait (and time.sleep in every version) listens to it.
# The main thread waits up to 1 s for a lock a daemon worker holds. At 0.1 s
# the worker calls signal.raise_signal(SIGINT), at 0.3 s it prints.
# - Windows 3.14: the SIGINT event ends the wait at once; the KeyboardInterrupt
#   comes at 0.1 s, before the worker's line.
# - Windows ≤ 3.13: the lock wait does not listen to the event (thread_nt.h);
#   the KeyboardInterrupt comes when the wait times out at 1 s, after it.
# - Linux/POSIX: raise_signal in a worker is thread-directed, so the main
#   thread is not woken either (cpython-findings.md §2): as Windows ≤ 3.13.
import signal
import threading
import time


def worker():
    with lock:
        time.sleep(0.1)
        signal.raise_signal(signal.SIGINT)
        time.sleep(0.2)
        print("worker: still holding the lock")
        time.sleep(2)


lock = threading.Lock()
t = threading.Thread(target=worker, daemon=True)
t.start()
time.sleep(0.05)
try:
    got = lock.acquire(timeout=1)
    print("main: acquire returned", got)
except KeyboardInterrupt:
    print("main: interrupted")
