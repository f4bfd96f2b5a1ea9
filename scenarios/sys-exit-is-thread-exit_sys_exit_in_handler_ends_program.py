# Caveats 1 and 2: a signal handler always runs in the main thread, so
# sys.exit(4) in a handler raises SystemExit in the main thread and ends the
# program with status 4, even though a worker sent the signal. Here it
# interrupts the main thread's blocked acquire (Linux).
# Expected (Linux CPython):
#   handler: sys.exit(4) from MainThread
#   main: finally
#   worker: done
#   (exit 4)
import os
import signal
import sys
import threading
import time

lock = threading.Lock()


def handler(signum, frame):
    print("handler: sys.exit(4) from", threading.current_thread().name)
    sys.exit(4)


def worker():
    with lock:
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGUSR1)
        time.sleep(0.2)
    print("worker: done")


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.05)
try:
    lock.acquire()
    print("main: acquired")
finally:
    print("main: finally")
