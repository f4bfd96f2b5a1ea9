# Caveat 4, contrast: a non-daemon threading.Thread is joined when the main
# thread ends, so its `finally` runs before the process exits.
# Expected (Linux CPython):
#   main: end of main
#   worker: finally
#   (exit 0)
import threading
import time


def worker():
    try:
        time.sleep(0.2)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker, daemon=False)
t.start()
print("main: end of main")
