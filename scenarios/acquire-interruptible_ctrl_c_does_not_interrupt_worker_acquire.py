# Caveats 1 and 3: a lock acquire in a worker thread is never interrupted by
# Ctrl-C; only the main thread sees KeyboardInterrupt. The main thread holds
# the lock and sleeps; Ctrl-C at 0.5 s interrupts the main thread's sleep, the
# main thread releases the lock in `finally`, and the worker's acquire, which
# waited the whole time, succeeds.
# Expected (Linux CPython):
#   worker: waiting for the lock
#   main: KeyboardInterrupt
#   worker: acquired True in Thread-1 (worker)
#   (exit 0)
# pythread: ctrl-c
import threading
import time

lock = threading.Lock()


def worker():
    print("worker: waiting for the lock")
    got = lock.acquire()
    print("worker: acquired", got, "in", threading.current_thread().name)
    lock.release()


lock.acquire()
t = threading.Thread(target=worker)
t.start()
try:
    time.sleep(2)
except KeyboardInterrupt:
    print("main: KeyboardInterrupt")
finally:
    lock.release()
t.join()
