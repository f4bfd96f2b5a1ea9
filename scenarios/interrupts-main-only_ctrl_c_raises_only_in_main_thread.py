# Caveat 1: Ctrl-C raises KeyboardInterrupt in the main thread only. A worker
# sleeping in small steps (and catching KeyboardInterrupt, just in case) never
# sees it; the main thread's sleep is interrupted at the press (0.5 s).
# Expected (Linux CPython):
#   main: KeyboardInterrupt in MainThread
#   worker: finished in Thread-1 (worker), no KeyboardInterrupt
#   (exit 0; the shutdown joins the worker at 1 s)
# pythread: ctrl-c
import threading
import time


def worker():
    try:
        for _ in range(10):
            time.sleep(0.1)
        print("worker: finished in", threading.current_thread().name, "no KeyboardInterrupt")
    except KeyboardInterrupt:
        print("worker: KeyboardInterrupt")


t = threading.Thread(target=worker)
t.start()
try:
    time.sleep(2)
except KeyboardInterrupt:
    print("main: KeyboardInterrupt in", threading.current_thread().name)
