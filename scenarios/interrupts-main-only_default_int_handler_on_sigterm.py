# Caveat 1: signal.default_int_handler raises KeyboardInterrupt whatever the
# signal; installed for SIGTERM, a process-directed SIGTERM sent by a worker
# turns into a KeyboardInterrupt in the main thread, and on Linux it
# interrupts the main thread's blocked acquire at once.
# Expected (Linux CPython):
#   main: KeyboardInterrupt from SIGTERM; lock still held by worker: True
#   worker: done
#   (exit 0)
import os
import signal
import threading
import time

lock = threading.Lock()


def worker():
    with lock:
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)
    print("worker: done")


signal.signal(signal.SIGTERM, signal.default_int_handler)
t = threading.Thread(target=worker, daemon=False)
t.start()
time.sleep(0.05)
try:
    lock.acquire()
except KeyboardInterrupt:
    print("main: KeyboardInterrupt from SIGTERM; lock still held by worker:", lock.locked())
