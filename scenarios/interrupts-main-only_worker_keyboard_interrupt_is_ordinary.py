# Caveat 1: a worker may raise KeyboardInterrupt itself; it is an ordinary
# exception there: threading.excepthook prints its traceback, the main thread
# goes on and the exit status is 0.
# Expected (Linux CPython): stdout
#   main: worker ended, main goes on
# stderr: "Exception in thread Thread-1 (worker)" ... KeyboardInterrupt; exit 0
import threading


def worker():
    raise KeyboardInterrupt


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: worker ended, main goes on")
