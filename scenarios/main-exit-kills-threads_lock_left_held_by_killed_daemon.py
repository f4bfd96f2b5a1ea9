# Caveat 4: a daemon thread killed at exit never leaves its `with` block, so a
# lock it holds is never released (harmless here, fatal for a lock shared with
# another process's view of the world, e.g. a file being written).
# Expected (Linux CPython):
#   daemon: holding the lock
#   main: acquire(timeout=0.1): False
#   main: exiting with the lock still held: True
#   (exit 0; "daemon: released" is never printed)
import threading
import time

lock = threading.Lock()


def daemon():
    with lock:
        print("daemon: holding the lock")
        time.sleep(2)
    print("daemon: released")


t = threading.Thread(target=daemon, daemon=True)
t.start()
time.sleep(0.05)
print("main: acquire(timeout=0.1):", lock.acquire(timeout=0.1))
print("main: exiting with the lock still held:", lock.locked())
