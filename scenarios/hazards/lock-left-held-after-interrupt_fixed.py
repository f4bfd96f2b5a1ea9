# Hazard lock-left-held-after-interrupt, fixed: the update runs in `with lock:`.
# expect-hazard: none
# Same program as lock-left-held-after-interrupt.py, but the lock is taken
# with `with lock:`: a KeyboardInterrupt raised during the update leaves the
# block through its exit, which releases the lock.
# pythread: ctrl-c
import threading
import time

try:
    lock = threading.Lock()
    try:
        with lock:
            print("main: updating the shared state")
            time.sleep(1)
        print("main: update done")
    except KeyboardInterrupt:
        print("main: update cancelled")
    print("main: lock still held:", lock.locked())
except KeyboardInterrupt:
    print("main: interrupted")
