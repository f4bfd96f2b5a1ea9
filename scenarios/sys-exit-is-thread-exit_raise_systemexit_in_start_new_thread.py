# Caveat 2: `raise SystemExit("bye")` in a start_new_thread thread is cleared
# silently by the thread runner, message and all: stderr stays empty.
# Expected (Linux CPython):
#   worker: raising SystemExit
#   main: still here
#   (exit 0)
import _thread
import time


def worker():
    print("worker: raising SystemExit")
    raise SystemExit("bye")


_thread.start_new_thread(worker, ())
time.sleep(0.1)
print("main: still here")
