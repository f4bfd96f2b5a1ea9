# Caveat 1: a signal's C handler only sets a flag (trip_signal in
# Modules/signalmodule.c), so signals that arrive while one is pending merge:
# two thread-directed SIGUSR1 (they do not wake the main thread) run the
# handler once, when the main thread's wait ends. PyPy queues them instead
# and runs the handler twice.
# Expected (Linux CPython):
#   handler: SIGUSR1
#   main: done
#   (exit 0)
import signal
import threading
import time


def on_usr1(signum, frame):
    print("handler: SIGUSR1")


def worker():
    time.sleep(0.1)
    signal.pthread_kill(t.ident, signal.SIGUSR1)
    signal.pthread_kill(t.ident, signal.SIGUSR1)


signal.signal(signal.SIGUSR1, on_usr1)
lock = threading.Lock()
lock.acquire()
t = threading.Thread(target=worker)
t.start()
lock.acquire(timeout=0.5)
t.join()
print("main: done")
