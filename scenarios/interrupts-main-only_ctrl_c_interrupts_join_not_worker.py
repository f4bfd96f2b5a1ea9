# Caveat 1: Ctrl-C interrupts the main thread's join(); the worker itself never
# sees a KeyboardInterrupt.
# Expected (Linux CPython 3.13+): the worker goes on and the shutdown waits for it:
#   main: KeyboardInterrupt in join; worker alive: True
#   worker: finished
#   (exit 0)
# Observed on Linux CPython 3.11 (and 3.9.8-3.12): the interrupted join
# releases the worker's internal tstate lock and marks it stopped (CPython
# issue gh-90882, from the bpo-45274 fix), so is_alive() says False, the
# shutdown does not wait, and the worker is killed at 0.5 s:
#   main: KeyboardInterrupt in join; worker alive: False
#   (exit 0)
# pythread: ctrl-c
import threading
import time


def worker():
    time.sleep(1)
    print("worker: finished")


t = threading.Thread(target=worker)
t.start()
try:
    t.join()
except KeyboardInterrupt:
    print("main: KeyboardInterrupt in join; worker alive:", t.is_alive())
