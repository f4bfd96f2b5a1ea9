# Caveat 4: Ctrl-C while the interpreter's shutdown is joining a non-daemon
# thread: a KeyboardInterrupt traceback is printed ("Exception ignored in:
# <module 'threading'>" in 3.11) and the thread is killed without its
# `finally`.
# Expected (Linux CPython 3.11):
#   main: end of main
#   (stderr: KeyboardInterrupt; exit 0; "worker: finally" is never printed)
# pythread: ctrl-c
import threading
import time


def worker():
    try:
        time.sleep(2)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
print("main: end of main")
