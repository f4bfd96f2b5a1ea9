# The daemon flag set as an attribute (the spelling real code uses) before
# start(): the worker is killed when main ends, its `finally` skipped.
# Setting it again after start() raises RuntimeError.
import threading
import time


def worker():
    try:
        time.sleep(1)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.daemon = True
t.start()
try:
    t.daemon = False
except RuntimeError:
    print("main: too late to change")
time.sleep(0.1)
print("main: exiting")
