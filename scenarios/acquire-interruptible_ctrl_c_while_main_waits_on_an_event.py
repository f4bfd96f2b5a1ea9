# pythread: ctrl-c
# The main thread waits on a threading.Event that a worker sets after 0.5 s,
# and a worker list drops the worker once it is done. `Event.wait()` is
# Python code in threading.py: `with self._cond:`, then `Condition.wait`,
# which blocks in a lock's acquire(). Ctrl-C interrupts that acquire on
# POSIX (and on Windows from 3.14): the KeyboardInterrupt leaves through
# Condition.wait's `finally` (which takes the condition's lock back) and
# Event.wait's `with` (which lets it go). On Windows before 3.14 it comes
# only when the worker sets the event.
import threading
import time

ready = threading.Event()
workers = []


def prepare():
    time.sleep(0.5)
    ready.set()
    workers.remove("prepare")


workers.append("prepare")
t = threading.Thread(target=prepare)
t.start()
try:
    if ready.wait():
        print("ready")
except KeyboardInterrupt:
    print(f"interrupted; set: {ready.is_set()}")
t.join()
print(f"workers left: {len(workers)}")
