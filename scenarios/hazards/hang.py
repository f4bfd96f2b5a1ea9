# Hazard hang: a blocking lock.acquire() in the main thread can wait forever.
# expect-hazard: hang on linux/*/*, posix/*/*, windows/3.9/*, windows/3.10/*, windows/3.12/*, windows/3.13/*
# A worker takes the lock and forgets to release it. The main thread then
# waits for the lock with acquire() and no timeout, and the user presses
# Ctrl-C to give up. On Linux/POSIX, and on Windows from 3.14, a press during
# the wait interrupts it with KeyboardInterrupt. On Windows before 3.14 a lock
# acquire cannot be interrupted: the program hangs for good. On POSIX too, a
# press that lands after the main thread's last check point and before the
# wait begins is never looked at (no check comes, no EINTR either: the
# signal has already arrived), and the program hangs; Windows 3.14's wait
# finds the SIGINT event still set and does not.
# Remedy: wait in short timed slices so that Ctrl-C is seen between them,
# and give up after a bounded time (hang_fixed.py).
# pythread: ctrl-c
import threading


def worker():
    lock.acquire()
    print("worker: took the lock (and forgot to release it)")


try:
    lock = threading.Lock()
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    print("main: waiting for the lock")
    lock.acquire()
    print("main: got the lock")
except KeyboardInterrupt:
    print("main: interrupted, giving up")
