# CPython: Lib/test/test_threadsignals.py test_lock_acquire_retries_on_intr
# A non-raising SIGUSR1 handler: the blocked acquire() is interrupted, the
# handler runs, and the acquire is retried; it returns True once the other
# thread releases the lock.
# Expected (Linux CPython):
#   handler: signal received
#   other: releasing
#   main: sig_recvd True result True
#   (exit 0)
import _thread
import os
import signal
import time

lock = _thread.allocate_lock()
sig_recvd = False


def my_handler(signum, frame):
    global sig_recvd
    sig_recvd = True
    print("handler: signal received")


def other_thread():
    lock.acquire()
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGUSR1)
    time.sleep(0.2)
    print("other: releasing")
    lock.release()


signal.signal(signal.SIGUSR1, my_handler)
_thread.start_new_thread(other_thread, ())
time.sleep(0.05)
result = lock.acquire()
print("main: sig_recvd", sig_recvd, "result", result)
assert sig_recvd and result, "acquire was not retried"
signal.signal(signal.SIGUSR1, signal.SIG_DFL)
