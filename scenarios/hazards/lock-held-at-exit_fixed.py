# Hazard lock-held-at-exit, fixed: the main thread joins the worker first.
# expect-hazard: none
# Same program as lock-held-at-exit.py, but the main thread waits for the
# refresh with t.join(), so the worker always leaves its `with lock:` block
# (releasing the lock) before the process exits.
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
t.join()
print("main: cache ready:", not lock.locked())
print("main: exiting")
