# Caveat 3: RLock.acquire() goes through the same interruptible wait as Lock.
# A worker owns the RLock for 2 s; the main thread blocks in rlock.acquire()
# and Ctrl-C is pressed at 0.5 s. The KeyboardInterrupt is not caught.
# Expected (Linux CPython): KeyboardInterrupt raised at 0.5 s, traceback on
# stderr, then the shutdown joins the non-daemon worker (2 s), and the process
# dies of SIGINT (shell status 130):
#   main: blocking on the RLock
#   worker: releasing the RLock
# Windows before 3.14: the acquire returns only at 2 s, after the worker's line.
# pythread: ctrl-c
import threading
import time

rlock = threading.RLock()


def worker():
    rlock.acquire()
    rlock.acquire()
    time.sleep(2)
    print("worker: releasing the RLock")
    rlock.release()
    rlock.release()


t = threading.Thread(target=worker)
t.start()
print("main: blocking on the RLock")
time.sleep(0.05)
rlock.acquire()
print("main: got the RLock")
