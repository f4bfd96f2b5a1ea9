# Values real scripts compute while they wait for Ctrl-C: a counter with
# `+=`, arithmetic, comparisons, `in`, f-strings and %-formatting. A worker
# adds under a lock; main polls until the count reaches its target or
# Ctrl-C comes, and reports how far it got.
# pythread: ctrl-c
import threading
import time

lock = threading.Lock()
count = 0
target = 6


def worker():
    global count
    n = 0
    while n < 3:
        with lock:
            count += 2
        n = n + 1
        time.sleep(0.1)


t = threading.Thread(target=worker, daemon=True)
t.start()
try:
    while count <= target - 1:
        time.sleep(0.05)
    print(f"reached {count}/{target} ({count / target:.1f})")
except KeyboardInterrupt:
    left = target - count
    print("interrupted with %d left" % left)
    print(f"{'main'!r} halves: {left // 2}, rest {left % 2}, scaled {left * 10}")
    if "Main" not in threading.current_thread().name and left >= 0:
        print("odd name")
    elif count > 0 and "Main" in threading.current_thread().name and count >= 2:
        print("some work done")
