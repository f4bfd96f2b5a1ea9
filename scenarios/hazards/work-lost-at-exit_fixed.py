# The fix for work-lost-at-exit.py: the main thread joins the daemon thread,
# so every batch is saved before the process exits.
# expect-hazard: none
import threading
import time


def save_batches():
    for batch in range(1, 4):
        time.sleep(0.2)
        print("saver: batch", batch, "saved")


t = threading.Thread(target=save_batches, daemon=True)
t.start()
time.sleep(0.3)
t.join()
print("main: done")
