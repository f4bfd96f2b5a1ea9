# Hazard lock-left-held-after-interrupt, fixed: the update runs in `with lock:`.
# expect-hazard: lock-left-held-after-interrupt on */3.14/*
# Same program as lock-left-held-after-interrupt.py, but the lock is taken
# with `with lock:`: a KeyboardInterrupt raised during the update leaves the
# block through its exit, which releases the lock. Except on 3.14: there the
# eval breaker checks between `__enter__` and the protected block
# (gh-148874, fixed in 3.15), so a Ctrl-C handled right after the lock is
# taken leaves it held (interrupts-main-only_with_entry_handler_leaves_lock_held.py).
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
