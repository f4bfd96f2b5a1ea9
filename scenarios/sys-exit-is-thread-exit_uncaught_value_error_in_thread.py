# Caveat 2, contrast: any exception other than SystemExit that escapes a
# threading.Thread is reported by threading.excepthook ("Exception in thread
# ..." and a traceback on stderr), but the process still exits with status 0.
# Expected (Linux CPython): stdout
#   worker: raising ValueError
#   main: exit status stays 0
# stderr: ValueError traceback; exit 0
import threading


def worker():
    print("worker: raising ValueError")
    raise ValueError("bad value in worker")


t = threading.Thread(target=worker, daemon=True)
t.start()
t.join()
print("main: exit status stays 0")
