# Caveat 2: a thread that calls sys.exit() inside `with lock:` unwinds like
# any exception: the with block releases the lock, so the main thread can
# take it afterwards. The process goes on and exits with status 0.
# Expected (Linux CPython):
#   worker: holding the lock
#   main: acquire(timeout=1) -> True
#   main: done
import sys
import threading
import time

lock = threading.Lock()


def worker():
    with lock:
        print("worker: holding the lock")
        time.sleep(0.1)
        sys.exit()
    print("worker: not reached")


t = threading.Thread(target=worker, daemon=True)
t.start()
time.sleep(0.05)
got = lock.acquire(timeout=1)
print("main: acquire(timeout=1) ->", got)
print("main: done")
