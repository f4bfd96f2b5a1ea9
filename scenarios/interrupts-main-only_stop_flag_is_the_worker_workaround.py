# Caveat 1: since only the main thread gets KeyboardInterrupt, the usual
# workaround is a flag the main thread sets and the worker polls. Ctrl-C at
# 0.5 s interrupts the main thread's sleep; the worker notices the flag within
# 0.1 s and stops cleanly; the shutdown waits for it.
# Expected (Linux CPython):
#   main: Ctrl-C, asking the worker to stop
#   worker: stopping because of ctrl-c
#   (exit 0)
# pythread: ctrl-c
import threading
import time

reason = None


def worker():
    for _ in range(20):
        if reason is None:
            time.sleep(0.1)
    if reason == "ctrl-c":
        print("worker: stopping because of", reason)
    elif reason is not None:
        print("worker: stopping for another reason")
    else:
        print("worker: finished all work")


t = threading.Thread(target=worker)
t.start()
try:
    time.sleep(2.5)
except KeyboardInterrupt:
    print("main: Ctrl-C, asking the worker to stop")
    reason = "ctrl-c"
