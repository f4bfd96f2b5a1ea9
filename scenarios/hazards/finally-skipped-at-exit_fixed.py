# Hazard finally-skipped-at-exit, fixed: the main thread joins the worker.
# expect-hazard: none
# Same program as finally-skipped-at-exit.py, but the main thread waits for
# the writer with t.join() before it ends, so the writer's `finally` always
# runs, whatever the platform does with threads at exit.
import threading
import time


def write_report():
    try:
        print("writer: writing the report")
        time.sleep(0.5)
        print("writer: report written")
    finally:
        print("writer: file closed")


t = threading.Thread(target=write_report, daemon=True)
t.start()
time.sleep(0.1)
t.join()
print("main: done")
