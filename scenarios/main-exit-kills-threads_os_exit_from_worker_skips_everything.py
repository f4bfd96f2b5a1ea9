# Caveat 4: os._exit(7) from a worker ends the process at once: no `finally` in
# any thread, no joins; the status is 7.
# Expected (Linux CPython):
#   main: sleeping
#   worker: os._exit(7)
#   (exit 7; neither finally is printed)
import os
import threading
import time


def worker():
    try:
        time.sleep(0.1)
        print("worker: os._exit(7)", flush=True)
        os._exit(7)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
try:
    print("main: sleeping", flush=True)
    time.sleep(1)
finally:
    print("main: finally")
