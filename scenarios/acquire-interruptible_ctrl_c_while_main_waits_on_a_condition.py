# pythread: ctrl-c
# Caveat 3 (acquire-interruptible): the main thread waits on a threading.Condition, first in a `while not ready: cond.wait()` loop, then in `cond.wait_for(...)`, for a worker that notifies at 0.5 s and at 1 s. Condition.wait blocks in its waiter lock's acquire(): Ctrl-C interrupts it on POSIX and on Windows from 3.14, and the KeyboardInterrupt leaves `with cond:`, which releases the condition's lock; on Windows before 3.14 it comes only once the worker has notified.
import threading
import time

cond = threading.Condition()
ready = []


def producer():
    for step in (1, 2):
        time.sleep(0.5)
        with cond:
            ready.append(step)
            cond.notify_all()


worker = threading.Thread(target=producer, daemon=True)
worker.start()
try:
    with cond:
        while not ready:
            cond.wait()
        print("first", ready)
        cond.wait_for(lambda: len(ready) == 2)
        print("second", ready)
except KeyboardInterrupt:
    print("interrupted", ready)
