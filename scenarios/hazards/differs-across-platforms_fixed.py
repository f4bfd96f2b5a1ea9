# Hazard differs-across-platforms, fixed: main waits only in time.sleep().
# expect-hazard: none
# Same program as differs-across-platforms.py, but the main thread polls:
# acquire(False) and t.is_alive() never block, and time.sleep(0.1) is
# interrupted by Ctrl-C on every platform and version. The worker is always
# waited for, so threads killed or surviving at exit make no difference.
# pythread: ctrl-c
import threading
import time


def worker():
    with lock:
        time.sleep(0.3)
        print("worker: progress 25%")
        time.sleep(0.5)
        print("worker: progress 75%")
        time.sleep(0.4)


try:
    lock = threading.Lock()
    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.05)
    print("main: waiting for the lock")
    got = False
    for _ in range(10):
        if not got:
            got = lock.acquire(False)
        if not got:
            time.sleep(0.1)
    print("main: got the lock:", got)
    for _ in range(20):
        if t.is_alive():
            time.sleep(0.1)
except KeyboardInterrupt:
    print("main: interrupted")
