# Hazard finally-skipped-at-exit: a daemon thread's `finally` never runs.
# expect-hazard: finally-skipped-at-exit on */*/killed
# A daemon thread writes a report and closes its file in `finally`. The main
# thread finishes first; at exit the daemon thread is killed where it stands,
# without running its `finally` block, so the file is never closed.
# (Only where threads survive the process exit does the cleanup run.)
# Remedy: make the main thread wait for the worker (t.join()) before it
# ends, or make the thread non-daemon (finally-skipped-at-exit_fixed.py).
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
print("main: done")
