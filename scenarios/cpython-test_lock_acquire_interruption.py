# CPython: Lib/test/test_threadsignals.py test_lock_acquire_interruption
# A SIGALRM handler raising KeyboardInterrupt interrupts lock.acquire(timeout=5)
# on a lock the main thread holds itself, long before the timeout. The test
# uses signal.alarm(1); here a helper thread sends SIGALRM to the process at
# 0.1 s and reports 0.2 s later, after the main thread already saw the
# exception (proof that acquire was interrupted, not timed out).
# Expected (Linux CPython):
#   main: KeyboardInterrupt from acquire(timeout=5)
#   alarm: sent SIGALRM 0.2 s ago
#   (exit 0)
import os
import signal
import threading
import time


def alarm_interrupt(signum, frame):
    raise KeyboardInterrupt


def alarm():
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGALRM)
    time.sleep(0.2)
    print("alarm: sent SIGALRM 0.2 s ago")


signal.signal(signal.SIGALRM, alarm_interrupt)
lock = threading.Lock()
lock.acquire()
a = threading.Thread(target=alarm)
a.start()
try:
    lock.acquire(timeout=5)
    print("main: acquire returned (test fails)")
except KeyboardInterrupt:
    print("main: KeyboardInterrupt from acquire(timeout=5)")
signal.signal(signal.SIGALRM, signal.SIG_DFL)
a.join()
