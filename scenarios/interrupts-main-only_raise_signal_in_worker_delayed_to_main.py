# Caveat 1: signal.raise_signal() in a worker delivers the signal to that
# worker's OS thread; the handler still runs in the main thread, but only once
# the main thread's sleep is over (it was not woken).
# Expected (Linux CPython):
#   worker: raised SIGUSR1
#   worker: handler has not run yet
#   handler: in main thread True
#   main: sleep over
#   (exit 0)
import signal
import threading
import time


def handler(signum, frame):
    print("handler: in main thread", threading.current_thread() is threading.main_thread())


def worker():
    time.sleep(0.05)
    signal.raise_signal(signal.SIGUSR1)
    print("worker: raised SIGUSR1")
    time.sleep(0.1)
    print("worker: handler has not run yet")


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.3)
print("main: sleep over")
