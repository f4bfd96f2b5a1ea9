# Caveat 3, lock rules: releasing an unlocked Lock raises RuntimeError. A plain
# Lock has no owner, so a different thread may release it; releasing twice fails.
# Expected (Linux CPython):
#   worker: released the main thread's lock
#   main: locked after worker release: False
#   main: RuntimeError release unlocked lock
#   (exit 0)
import threading
import time

lock = threading.Lock()


def worker():
    lock.release()
    print("worker: released the main thread's lock")


lock.acquire()
t = threading.Thread(target=worker, daemon=False)
t.start()
t.join()
print("main: locked after worker release:", lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("main: RuntimeError", e)
