# Caveat 4 with two Ctrl-C presses: the first (0.5 s) interrupts the main
# thread's sleep; the main thread catches it and returns. The shutdown then
# joins the non-daemon worker, and the second press (about 1 s) interrupts
# that join: a KeyboardInterrupt is reported on stderr and the worker is
# killed without its `finally`.
# Expected (Linux CPython 3.11):
#   main: first Ctrl-C, returning
#   (stderr: KeyboardInterrupt; exit 0; "worker: finally" never printed)
# pythread: ctrl-c=2
import threading
import time


def worker():
    try:
        time.sleep(2)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
try:
    time.sleep(2)
except KeyboardInterrupt:
    print("main: first Ctrl-C, returning")
