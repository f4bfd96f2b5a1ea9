# Caveat 3 (PEP 475): a signal handler that does not raise lets an interrupted
# lock.acquire() carry on waiting. The worker holds the lock, sends SIGUSR1 to
# the process at 0.1 s (the main thread's wait is interrupted, the handler
# runs), and releases the lock at 0.3 s; only then does acquire() return.
# Expected (Linux CPython):
#   main: blocking in acquire()
#   handler: SIGUSR1 handled in main thread: True
#   worker: releasing the lock
#   main: acquire() returned True
#   (exit 0)
import os
import signal
import threading
import time

lock = threading.Lock()


def handler(signum, frame):
    print("handler: SIGUSR1 handled in main thread:", threading.current_thread() is threading.main_thread())


def worker():
    lock.acquire()
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGUSR1)
    time.sleep(0.2)
    print("worker: releasing the lock")
    lock.release()


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.05)
print("main: blocking in acquire()")
got = lock.acquire()
print("main: acquire() returned", got)
t.join()
