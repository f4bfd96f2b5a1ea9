# Caveat 3: lock.acquire(timeout=2) in the main thread and Ctrl-C at 0.5 s.
# The main thread holds the lock itself, so the timed acquire can only time out.
#
# Linux: Ctrl-C interrupts the wait at once; the assignment and the print
# after acquire() never run:
#   main: waiting up to 2 s
#   main: KeyboardInterrupt before the timeout; got is still None
#   (exit 0)
# Windows before 3.14: the wait is not interrupted; KeyboardInterrupt is raised
# only when the acquire times out at 2 s (same lines, 1.5 s later).
# pythread: ctrl-c
import _thread
import time

lock = _thread.allocate_lock()
lock.acquire()
got = None
print("main: waiting up to 2 s")
try:
    got = lock.acquire(timeout=2)
    print("main: acquire returned", got)
except KeyboardInterrupt:
    print("main: KeyboardInterrupt before the timeout; got is still", got)
