# With sys.stderr = None an uncaught exception is reported nowhere: a
# thread's SystemExit was silent anyway, and now a ZeroDivisionError in a
# thread made after the change and in a _thread thread are silent too. A
# threading.Thread made before it keeps the stream it saw when it was made
# (Thread._stderr), so its traceback still appears. The main thread's
# exit status is unchanged (CPython writes no traceback; PyPy does).
import _thread
import sys
import threading
import time


def quits():
    sys.exit(3)


def fails():
    1 / 0


early = threading.Thread(target=fails)
sys.stderr = None
late = threading.Thread(target=fails)
quitter = threading.Thread(target=quits)
for t in (early, late, quitter):
    t.start()
    t.join()
_thread.start_new_thread(fails, ())
time.sleep(0.2)
sys.stderr = sys.__stderr__
print("all ended", flush=True)
