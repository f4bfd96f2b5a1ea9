# CPython: Lib/test/test_threadsignals.py test_interrupted_timed_acquire
# Repeated signals must not restart a timed acquire's full timeout: the
# remaining time is recomputed after each interruption. Signals at 0.1, 0.2,
# 0.3 and 0.4 s; acquire(timeout=0.5) still returns False at 0.5 s, before the
# sender's last line at 0.7 s (a restarted timeout would end at 0.9 s).
# Expected (Linux CPython):
#   handler
#   handler
#   handler
#   handler
#   main: timed out False
#   sender: sent 4 signals, 0.3 s ago
#   (exit 0)
import _thread
import os
import signal
import time

done = _thread.allocate_lock()
done.acquire()
lock = _thread.allocate_lock()
lock.acquire()


def my_handler(signum, frame):
    print("handler")


def send_signals():
    for _ in range(4):
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGUSR1)
    time.sleep(0.3)
    print("sender: sent 4 signals, 0.3 s ago")
    done.release()


signal.signal(signal.SIGUSR1, my_handler)
_thread.start_new_thread(send_signals, ())
got = lock.acquire(timeout=0.5)
print("main: timed out", got)
done.acquire()
