# Caveat 2: sys.exit(3) in a threading.Thread only ends that thread: its
# `finally` runs, threading.excepthook ignores SystemExit (nothing on stderr),
# and the process exit status is not 3 but 0.
# Expected (Linux CPython):
#   worker: calling sys.exit(3)
#   worker: finally
#   main: worker alive: False
#   main: still running, exits normally
#   (exit 0)
import sys
import threading


def worker():
    try:
        print("worker: calling sys.exit(3)")
        sys.exit(3)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: worker alive:", t.is_alive())
print("main: still running, exits normally")
