# Caveat 4: an uncaught exception in the main thread prints its traceback, but
# non-daemon threads are still joined before the process exits with status 1;
# daemon threads are killed.
# Expected (Linux CPython):
#   main: raising RuntimeError
#   joined: finally
#   (stderr: RuntimeError; exit 1; "daemon: finally" is never printed)
import threading
import time


def joined():
    try:
        time.sleep(0.2)
    finally:
        print("joined: finally")


def daemon():
    try:
        time.sleep(2)
    finally:
        print("daemon: finally")


a = threading.Thread(target=joined)
b = threading.Thread(target=daemon, daemon=True)
a.start()
b.start()
print("main: raising RuntimeError")
raise RuntimeError("main failed")
