# Caveat 1: a Python signal handler always runs in the main thread, whichever
# thread sent (or received) the signal. The worker sends SIGUSR1 to the process.
# Expected (Linux CPython):
#   worker: sending SIGUSR1 from Thread-1 (worker)
#   handler: running in MainThread
#   main: woke up
#   (exit 0)
import os
import signal
import threading
import time


def handler(signum, frame):
    print("handler: running in", threading.current_thread().name)


def worker():
    print("worker: sending SIGUSR1 from", threading.current_thread().name)
    os.kill(os.getpid(), signal.SIGUSR1)


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker, daemon=True)
t.start()
time.sleep(0.2)
print("main: woke up")
