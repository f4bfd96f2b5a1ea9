# Caveat 2, contrast: an exception other than SystemExit escaping a
# start_new_thread thread goes to sys.unraisablehook ("Exception ignored in
# thread started by ..." on stderr); the process goes on with status 0.
# Expected (Linux CPython): stdout
#   worker: raising
#   main: unaffected
# stderr: RuntimeError (unraisable); exit 0
import _thread
import time


def worker():
    print("worker: raising")
    raise RuntimeError("boom")


_thread.start_new_thread(worker, ())
time.sleep(0.1)
print("main: unaffected")
