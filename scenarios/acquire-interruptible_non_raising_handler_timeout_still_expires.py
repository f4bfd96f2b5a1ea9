# Caveat 3: a non-raising handler interrupts a timed acquire, which then goes on
# waiting for the *remaining* time only. Signal at 0.1 s, timeout 0.3 s: the
# acquire still returns False at 0.3 s, before the worker speaks at 0.5 s.
# Expected (Linux CPython):
#   handler ran
#   main: acquire(timeout=0.3) returned False
#   worker: done, still holding the lock: True
#   (exit 0)
import os
import signal
import threading
import time

lock = threading.Lock()


def on_alarm(signum, frame):
    print("handler ran")


def worker():
    lock.acquire()
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGALRM)
    time.sleep(0.4)
    print("worker: done, still holding the lock:", lock.locked())
    lock.release()


signal.signal(signal.SIGALRM, on_alarm)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.05)
got = lock.acquire(timeout=0.3)
print("main: acquire(timeout=0.3) returned", got)
t.join()
