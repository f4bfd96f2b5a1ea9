# Caveat 2: `raise SystemExit` in a threading.Thread ends only that thread.
# Its finally runs, threading.excepthook ignores SystemExit (nothing on
# stderr), and the main thread goes on; the exit status stays 0.
# Expected (Linux CPython):
#   worker: finally
#   main: worker alive after join: False
#   main: still running
import threading
import time


def worker():
    try:
        time.sleep(0.05)
        raise SystemExit
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: worker alive after join:", t.is_alive())
time.sleep(0.05)
print("main: still running")
