# signal.alarm(1) while the main thread waits for a lock a worker holds for
# two seconds. The kernel sends SIGALRM to the process and Linux gives it to
# the main thread: its acquire fails with EINTR, the handler runs and
# raises, and the acquire gives up without the lock (caveat 3). The handler
# takes `*args`; `signal.signal` hands back the handler it replaced, which
# is put back at the end. Windows has no SIGALRM: AttributeError.
import signal
import threading
import time


class TimeUp(Exception):
    pass


def on_alarm(*args):
    print(f"alarm: {len(args)} arguments")
    raise TimeUp("too slow")


def holder():
    with lock:
        time.sleep(2)


lock = threading.Lock()
old = signal.signal(signal.SIGALRM, on_alarm)
t = threading.Thread(target=holder, daemon=True)
t.start()
time.sleep(0.1)
signal.alarm(1)
try:
    lock.acquire()
    print("got the lock")
except TimeUp as e:
    print(f"gave up: {e}")
signal.alarm(0)
signal.signal(signal.SIGALRM, old)
t.join()
print("done")
