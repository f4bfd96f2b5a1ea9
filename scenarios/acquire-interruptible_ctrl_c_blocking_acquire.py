# Caveat 3: a blocking lock.acquire() in the main thread and Ctrl-C.
# A worker takes the lock and keeps it for 2 s; the main thread blocks in
# lock.acquire() with no timeout; Ctrl-C is pressed while it waits.
#
# Linux (every version): the SIGINT interrupts the wait, KeyboardInterrupt is
# raised by acquire() at once, and the lock is NOT taken:
#   main: waiting for the lock
#   main: KeyboardInterrupt while waiting; lock taken by main: False
#   worker: releasing the lock
#   (exit 0)
# Windows before 3.14: the acquire cannot be interrupted; the exception appears
# only after the worker releases the lock at 2 s, so "worker: releasing" comes first.
# pythread: ctrl-c
import threading
import time

lock = threading.Lock()


def worker():
    with lock:
        time.sleep(2)
        print("worker: releasing the lock")


t = threading.Thread(target=worker, daemon=False)
t.start()
print("main: waiting for the lock")
time.sleep(0.05)
got = False
try:
    got = lock.acquire()
    print("main: acquired", got)
except KeyboardInterrupt:
    print("main: KeyboardInterrupt while waiting; lock taken by main:", got)
t.join()
