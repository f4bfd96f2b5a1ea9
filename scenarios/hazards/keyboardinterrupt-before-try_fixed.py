# Hazard keyboardinterrupt-before-try, fixed: the try comes first.
# expect-hazard: none
# Same program as keyboardinterrupt-before-try.py, but the worker is made and
# started inside the try, so no thread runs before a Ctrl-C can be caught.
# pythread: ctrl-c
import threading
import time


def work():
    time.sleep(1)
    print("worker: done")


try:
    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join()
    print("main: done")
except KeyboardInterrupt:
    print("main: cancelled")
