# Caveat 2: sys.exit() in a thread unwinds like any exception, so a `with lock:`
# block releases its lock on the way out.
# Expected (Linux CPython):
#   worker: exiting while holding the lock
#   main: lock locked after worker exit: False
#   main: acquire(False): True
#   (exit 0)
import sys
import threading

lock = threading.Lock()


def worker():
    with lock:
        print("worker: exiting while holding the lock")
        sys.exit()


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: lock locked after worker exit:", lock.locked())
print("main: acquire(False):", lock.acquire(False))
