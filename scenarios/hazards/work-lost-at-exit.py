# Hazard work-lost-at-exit: a daemon thread is killed before it finishes.
# expect-hazard: work-lost-at-exit on */*/killed
# A daemon thread saves three batches, one every 0.2 s. Nothing in it needs
# a `finally` to go wrong: the main thread ends after 0.3 s, the process
# exits, and the daemon thread is killed in the middle of its loop, so the
# last batches are never saved. (Only where threads survive the process
# exit does the work go on.)
# Remedy: wait for the worker (t.join()) before the main thread ends
# (work-lost-at-exit_fixed.py), or make it non-daemon.
import threading
import time


def save_batches():
    for batch in range(1, 4):
        time.sleep(0.2)
        print("saver: batch", batch, "saved")


t = threading.Thread(target=save_batches, daemon=True)
t.start()
time.sleep(0.3)
print("main: done")
