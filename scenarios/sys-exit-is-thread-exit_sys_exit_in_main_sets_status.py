# Caveat 2, contrast: sys.exit(3) in the main thread ends the program with
# status 3, but only after non-daemon threads are joined.
# Expected (Linux CPython):
#   main: sys.exit(3)
#   worker: finished after main's sys.exit
#   (exit 3)
import sys
import threading
import time


def worker():
    time.sleep(0.2)
    print("worker: finished after main's sys.exit")


t = threading.Thread(target=worker)
t.start()
print("main: sys.exit(3)")
sys.exit(3)
