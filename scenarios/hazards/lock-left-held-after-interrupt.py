# Hazard lock-left-held-after-interrupt: Ctrl-C between acquire() and release().
# expect-hazard: lock-left-held-after-interrupt on all
# The main thread takes a lock by hand, updates shared state, and releases
# it. Ctrl-C during the update raises KeyboardInterrupt between acquire()
# and release(); the program catches it and goes on, but release() was
# skipped: the lock stays held and every later acquire() of it blocks.
# Remedy: `with lock:` (or try/finally: lock.release()), so the lock is
# released however the block is left (lock-left-held-after-interrupt_fixed.py).
# pythread: ctrl-c
import threading
import time

try:
    lock = threading.Lock()
    try:
        lock.acquire()
        print("main: updating the shared state")
        time.sleep(1)
        lock.release()
        print("main: update done")
    except KeyboardInterrupt:
        print("main: update cancelled")
    print("main: lock still held:", lock.locked())
except KeyboardInterrupt:
    print("main: interrupted")
