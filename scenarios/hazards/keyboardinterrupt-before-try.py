# Hazard keyboardinterrupt-before-try: a Ctrl-C during start-up is not caught.
# expect-hazard: keyboardinterrupt-before-try on all
# The main thread starts a worker, then waits for it inside
# try/except KeyboardInterrupt. A Ctrl-C that comes after the worker started
# and before the `try` is reached is not caught: a traceback, and the
# process ends by SIGINT (status 130; on Windows 3221225786). Only a press in
# that short window does it; a later one is caught.
# Remedy: enter the try before the worker starts
# (keyboardinterrupt-before-try_fixed.py).
# pythread: ctrl-c
import threading
import time


def work():
    time.sleep(1)
    print("worker: done")


t = threading.Thread(target=work, daemon=True)
t.start()
try:
    t.join()
    print("main: done")
except KeyboardInterrupt:
    print("main: cancelled")
