# pythread: ctrl-c
# A worker holds the only slot of a threading.BoundedSemaphore for 0.5 s;
# the main thread asks for it with a 2 s timeout and measures the wait
# with time.monotonic(). Semaphore.acquire is Python code in threading.py
# (`with self._cond:`, a loop around Condition.wait with the time left):
# Ctrl-C interrupts the lock acquire inside it on POSIX (and on Windows
# from 3.14). On Windows before 3.14 the KeyboardInterrupt comes only when
# the worker gives the slot back.
import threading
import time

slots = threading.BoundedSemaphore(1)


def hold():
    with slots:
        time.sleep(0.5)


worker = threading.Thread(target=hold)
worker.start()
time.sleep(0.1)
start = time.monotonic()
try:
    got = slots.acquire(timeout=2)
    waited = time.monotonic() - start
    print(f"got the slot: {got}, after {waited < 1}")
    slots.release()
except KeyboardInterrupt:
    print("interrupted while waiting for the slot")
worker.join()
