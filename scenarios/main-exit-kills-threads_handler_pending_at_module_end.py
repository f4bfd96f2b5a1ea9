# Caveat 4 (issue 16): a handler still pending when the module's code ends.
# The worker makes SIGUSR2 pending with raise_signal (delivered to the worker:
# the main thread, blocked in lock.acquire(), is not woken), then sends SIGUSR1
# to the main thread, which wakes it. The blocked acquire runs the handlers in
# signal-number order: SIGUSR1's raises Wakeup, which stops the loop and leaves
# SIGUSR2 pending. 3.11+ have no check at an except handler's entry and `pass`
# has none, so the module ends with SIGUSR2 (default_int_handler) pending.
# Observed (3 runs each):
#   all: worker: SIGUSR2 pending / worker: sending SIGUSR1 to the main thread /
#        handler: SIGUSR1, raising Wakeup
#   3.8.18, 3.9.18, 3.10.13: KeyboardInterrupt at the except's entry, inside
#     the module (stderr: Wakeup, KeyboardInterrupt; exit 130)
#   3.11.7, 3.12.1, 3.13.0: run in threading._shutdown, "Exception ignored"
#     (stderr: KeyboardInterrupt; exit 0)
#   3.13.18: run right after the module (stderr: KeyboardInterrupt; exit 1)
#   3.14.10: run right after the module (stderr: KeyboardInterrupt; exit 130)
#   PyPy 3.9: SIGUSR2's handler never runs (exit 0, nothing on stderr)
import signal
import threading
import time


class Wakeup(Exception):
    pass


def on_usr1(signum, frame):
    print("handler: SIGUSR1, raising Wakeup")
    raise Wakeup


def worker():
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR2)
    print("worker: SIGUSR2 pending")
    time.sleep(0.1)
    print("worker: sending SIGUSR1 to the main thread")
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


signal.signal(signal.SIGUSR1, on_usr1)
signal.signal(signal.SIGUSR2, signal.default_int_handler)
lock = threading.Lock()
lock.acquire()
t = threading.Thread(target=worker)
t.start()
try:
    lock.acquire()
except Wakeup:
    pass
