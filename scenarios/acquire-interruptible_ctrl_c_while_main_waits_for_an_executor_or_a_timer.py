# pythread: ctrl-c
# Caveat 3 (acquire-interruptible): the main thread waits for ThreadPoolExecutor.shutdown(wait=True) to join its worker, then for a threading.Timer to fire (timer.join()); both block in a thread's lock. Ctrl-C interrupts either on POSIX and on Windows from 3.14; on Windows before 3.14 the KeyboardInterrupt comes only when the wait ends. (future.result() waits in a Condition: acquire-interruptible_ctrl_c_while_main_waits_for_a_future.py.)
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    time.sleep(0.5)
    return n * 2


def fire():
    print("timer fired")


pool = ThreadPoolExecutor(max_workers=1)
future = pool.submit(job, 21)
timer = threading.Timer(0.5, fire)
try:
    pool.shutdown(wait=True)
    print("shut down with", future.result())
    timer.start()
    timer.join()
except KeyboardInterrupt:
    print("interrupted")
