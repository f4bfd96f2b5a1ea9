# Hazard keyboardinterrupt-escapes-main, fixed: main catches KeyboardInterrupt.
# expect-hazard: none
# Same program as keyboardinterrupt-escapes-main.py, but the main thread's
# code runs inside try/except KeyboardInterrupt and prints a message
# instead of a traceback. It waits in join(0.1) slices, so the press is seen
# at once on every platform, and the download thread is not a daemon, so it
# finishes whatever the platform does with threads at exit.
# pythread: ctrl-c
import threading
import time


def download():
    time.sleep(1)
    print("worker: download finished")


try:
    t = threading.Thread(target=download)
    t.start()
    print("main: waiting for the download")
    for _ in range(20):
        if t.is_alive():
            t.join(0.1)
    print("main: done")
except KeyboardInterrupt:
    print("main: cancelled by Ctrl-C")
