# Caveat 1 (issue 16): where a pending handler runs differs between 3.8/3.9,
# 3.10, 3.11–3.13 and 3.14. Part 1: SIGUSR2 (quiet) becomes pending while the
# main thread waits to enter `with lock:`. Part 2: SIGUSR2 becomes pending
# while it waits in lock2.acquire(); then SIGUSR1 wakes it, its handler raises
# Wakeup and leaves SIGUSR2 pending as the except handler is entered.
# Observed (3 runs each; "SIGUSR2, state = …" lines in order, exit 0 everywhere):
#   3.8.18, 3.9.18:   before the with   | in the try     (with entry: first check
#                     inside the block; except entry: checked)
#   3.10.13:          in the with block | in the try     (no check at with entry;
#                     except entry: checked)
#   3.11.7 – 3.13.18: in the with block | in the except  (neither entry checks;
#                     print() checks before writing)
#   3.14.10:          before the with   | in the except  (with entry checks)
#   PyPy 3.9:         before the with   | (never: the SIGUSR2 left pending when
#                     SIGUSR1's handler raised does not run)
# Full output on 3.11.7:
#   handler: SIGUSR2, state = in the with block
#   main: in the with block
#   handler: SIGUSR1, state = in the try
#   handler: SIGUSR2, state = in the except
#   main: caught Wakeup
import signal
import threading
import time


class Wakeup(Exception):
    pass


def on_usr1(signum, frame):
    print("handler: SIGUSR1, state =", state)
    raise Wakeup


def on_usr2(signum, frame):
    print("handler: SIGUSR2, state =", state)


def worker():
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR2)
    time.sleep(0.1)
    lock.release()
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR2)
    time.sleep(0.1)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


signal.signal(signal.SIGUSR1, on_usr1)
signal.signal(signal.SIGUSR2, on_usr2)
lock = threading.Lock()
lock.acquire()
lock2 = threading.Lock()
lock2.acquire()
t = threading.Thread(target=worker)
t.start()
state = "before the with"
with lock:
    state = "in the with block"
    print("main: in the with block")
state = "in the try"
try:
    lock2.acquire()
except Wakeup:
    state = "in the except"
    print("main: caught Wakeup")
t.join()
