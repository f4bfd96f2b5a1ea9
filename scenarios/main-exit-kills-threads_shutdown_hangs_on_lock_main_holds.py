# Caveat 4: the shutdown joins non-daemon threads, so a main thread that returns
# while holding a lock a non-daemon worker waits for makes the process hang at
# exit. Ctrl-C (0.5 s) interrupts the shutdown's join: KeyboardInterrupt is
# reported ("Exception ignored in: <module 'threading'>" in 3.11) and the
# worker is killed without its `finally`.
# Expected (Linux CPython 3.11):
#   main: returning while holding the lock
#   (stderr: KeyboardInterrupt; exit 0)
# Windows before 3.14: the shutdown's join is a lock acquire too, and cannot be
# interrupted: the process hangs for good.
# pythread: ctrl-c
import threading

lock = threading.Lock()


def worker():
    try:
        lock.acquire()
        print("worker: got the lock")
    finally:
        print("worker: finally")


lock.acquire()
t = threading.Thread(target=worker)
t.start()
print("main: returning while holding the lock")
