# Caveat 2: _thread.exit() raises SystemExit; a _thread.start_new_thread
# thread ends silently (its finally runs), and the process goes on.
# Expected (Linux CPython):
#   worker: before _thread.exit()
#   worker: finally
#   main: done
#   (exit 0, empty stderr)
import _thread
import time


def worker():
    try:
        print("worker: before _thread.exit()")
        _thread.exit()
        print("worker: after _thread.exit() (never printed)")
    finally:
        print("worker: finally")


_thread.start_new_thread(worker, ())
time.sleep(0.1)
print("main: done")
