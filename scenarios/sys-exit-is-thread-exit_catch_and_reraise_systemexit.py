# Caveat 2: SystemExit in a thread is an ordinary exception: it can be caught
# (`except SystemExit as e` sees the code) and re-raised; re-raised, it still
# only ends the thread, silently.
# Expected (Linux CPython):
#   worker: caught SystemExit with code 7
#   main: worker gone: True
#   (exit 0)
import sys
import threading


def worker():
    try:
        sys.exit(7)
    except SystemExit as e:
        print("worker: caught SystemExit with code", e)
        raise


t = threading.Thread(target=worker)
t.start()
t.join()
print("main: worker gone:", not t.is_alive())
