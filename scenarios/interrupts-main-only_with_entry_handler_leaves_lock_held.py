# Caveat 1 (issue 16): a raising handler pending while the main thread waits
# to enter `with lock:` (the worker makes SIGUSR1 pending with raise_signal,
# which does not wake the main thread, then releases the lock).
# Observed (3 runs each); all print "worker: SIGUSR1 pending",
# "worker: releasing the lock", "handler: raising Boom", then:
#   3.8.18, 3.9.18: main: Boom; state = before the with ; lock still held: False
#     (checked right inside the block, before its first statement; __exit__ runs)
#   3.10.13 – 3.13.18: main: Boom; state = in the with block ; lock still held: False
#     (no check at the entry; the assignment runs, then print() runs the
#     handler before writing its text, so "main: in the with block" is missing)
#   3.14.10: main: Boom; state = before the with ; lock still held: True
#     (checked after __enter__ but outside the protected range: __exit__ never
#     runs and the lock stays held; gh-148874)
#   PyPy 3.9: like 3.8/3.9
#   (exit 0 everywhere)
import signal
import threading
import time


class Boom(Exception):
    pass


def handler(signum, frame):
    print("handler: raising Boom")
    raise Boom


def worker():
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR1)
    print("worker: SIGUSR1 pending")
    time.sleep(0.1)
    print("worker: releasing the lock")
    lock.release()


signal.signal(signal.SIGUSR1, handler)
lock = threading.Lock()
lock.acquire()
t = threading.Thread(target=worker)
t.start()
state = "before the with"
try:
    with lock:
        state = "in the with block"
        print("main: in the with block")
    print("main: after the with block")
except Boom:
    print("main: Boom; state =", state, "; lock still held:", lock.locked())
t.join()
