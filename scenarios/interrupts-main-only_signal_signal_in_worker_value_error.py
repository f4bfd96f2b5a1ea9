# Caveat 1: only the main thread may install a signal handler;
# signal.signal() in another thread raises ValueError.
# Expected (Linux CPython):
#   worker: ValueError signal only works in main thread of the main interpreter
#   main: signal.signal works here
#   (exit 0)
import signal
import threading


def handler(signum, frame):
    pass


def worker():
    try:
        signal.signal(signal.SIGINT, handler)
        print("worker: handler installed")
    except ValueError as e:
        print("worker: ValueError", e)


t = threading.Thread(target=worker)
t.start()
t.join()
signal.signal(signal.SIGINT, handler)
print("main: signal.signal works here")
