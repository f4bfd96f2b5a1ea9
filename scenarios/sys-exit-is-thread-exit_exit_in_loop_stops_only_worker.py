# Caveat 2: _thread.exit() inside a loop of a start_new_thread thread stops
# that thread at once (the rest of the loop never runs), silently; the main
# thread's own loop runs to the end.
# Expected (Linux CPython):
#   worker: round 0
#   main: round 0
#   main: round 1
#   main: round 2
import _thread
import time


def worker():
    for i in range(3):
        print("worker: round", i)
        time.sleep(0.05)
        _thread.exit()


_thread.start_new_thread(worker, ())
time.sleep(0.1)
for i in range(3):
    print("main: round", i)
    time.sleep(0.05)
