# Caveat 2, contrast: _thread.exit() in the main thread raises SystemExit there,
# which ends the program (status 0, no code) after joining non-daemon threads.
# Expected (Linux CPython):
#   main: calling _thread.exit()
#   main: finally
#   worker: joined at shutdown
#   (exit 0)
import _thread
import threading
import time


def worker():
    time.sleep(0.1)
    print("worker: joined at shutdown")


t = threading.Thread(target=worker, daemon=False)
t.start()
try:
    print("main: calling _thread.exit()")
    _thread.exit()
    print("main: not reached")
finally:
    print("main: finally")
