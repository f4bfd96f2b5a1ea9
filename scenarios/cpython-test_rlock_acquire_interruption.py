# CPython: Lib/test/test_threadsignals.py test_rlock_acquire_interruption
# Same as test_lock_acquire_interruption with an RLock. The owner must be
# another thread (the owner would re-enter without blocking): a
# start_new_thread thread takes the RLock and ends without releasing it.
# Expected (Linux CPython):
#   main: RLock held elsewhere, acquire(blocking=False): False
#   main: KeyboardInterrupt from rlock.acquire(timeout=5)
#   alarm: sent SIGALRM 0.2 s ago
#   (exit 0)
import _thread
import os
import signal
import threading
import time

rlock = threading.RLock()


def alarm_interrupt(signum, frame):
    raise KeyboardInterrupt


def other_thread():
    rlock.acquire()


def alarm():
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGALRM)
    time.sleep(0.2)
    print("alarm: sent SIGALRM 0.2 s ago")


signal.signal(signal.SIGALRM, alarm_interrupt)
_thread.start_new_thread(other_thread, ())
time.sleep(0.05)
print("main: RLock held elsewhere, acquire(blocking=False):", rlock.acquire(blocking=False))
a = threading.Thread(target=alarm)
a.start()
try:
    rlock.acquire(timeout=5)
    print("main: acquire returned (test fails)")
except KeyboardInterrupt:
    print("main: KeyboardInterrupt from rlock.acquire(timeout=5)")
a.join()
