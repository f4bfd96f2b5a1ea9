# Caveat 4: threads started with _thread.start_new_thread are never joined at
# shutdown; like daemon threads they are killed, their `finally` skipped.
# Expected (Linux CPython):
#   worker: started
#   main: returning
#   (exit 0)
import _thread
import time


def worker():
    try:
        print("worker: started")
        time.sleep(2)
    finally:
        print("worker: finally")


_thread.start_new_thread(worker, ())
time.sleep(0.1)
print("main: returning")
