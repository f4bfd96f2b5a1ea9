# Hazard lock-held-at-exit: a thread still holds a lock when the process exits.
# expect-hazard: lock-held-at-exit on */*/killed
# A daemon thread updates a shared cache inside `with lock:`. The main thread
# gives up waiting after 0.1 s and ends; at exit the daemon thread is killed
# inside its `with` block, so the lock is never released and the update is
# left half done.
# Remedy: join the thread before exiting (lock-held-at-exit_fixed.py).
import threading
import time

lock = threading.Lock()


def refresh_cache():
    with lock:
        print("cache: refreshing")
        time.sleep(0.5)
        print("cache: refreshed")


t = threading.Thread(target=refresh_cache, daemon=True)
t.start()
time.sleep(0.05)
print("main: cache ready:", lock.acquire(timeout=0.1))
print("main: exiting")
