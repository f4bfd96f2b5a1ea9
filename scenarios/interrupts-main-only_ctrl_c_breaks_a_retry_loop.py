# A retry loop: main tries a lock a worker holds, `continue`s after each
# timeout, and `break`s out of the loop on Ctrl-C. The worker is made a
# daemon the old way (setDaemon), so it does not keep the process alive.
# pythread: ctrl-c
import threading
import time

lock = threading.Lock()


def worker():
    with lock:
        time.sleep(5)


t = threading.Thread(target=worker)
t.setDaemon(True)
t.start()
time.sleep(0.1)
for attempt in range(3):
    try:
        if not lock.acquire(timeout=0.5):
            print("main: busy, retrying")
            continue
    except KeyboardInterrupt:
        print("main: Ctrl-C")
        break
    print("main: got it")
    lock.release()
    break
print("main: done")
