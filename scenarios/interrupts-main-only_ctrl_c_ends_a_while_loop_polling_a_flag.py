# A worker polls a stop flag in a `while` loop; main waits in a `while`
# loop of its own until Ctrl-C, then sets the flag and joins. The
# KeyboardInterrupt lands in main only, at a check point of its loop.
# pythread: ctrl-c
import threading
import time

running = True


def worker():
    while running:
        time.sleep(0.1)
    else:
        print("worker: flag cleared")


t = threading.Thread(target=worker)
t.start()
try:
    while True:
        time.sleep(0.5)
except KeyboardInterrupt:
    print("main: Ctrl-C")
    running = False
t.join()
print("main: done")
