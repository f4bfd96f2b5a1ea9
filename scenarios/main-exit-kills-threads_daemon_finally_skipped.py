# Caveat 4: when the main thread exits, a daemon thread is killed without
# running its `finally` block.
# Expected (Linux CPython):
#   daemon: started
#   main: exiting
#   (exit 0; "daemon: finally" is never printed)
import threading
import time


def daemon():
    try:
        print("daemon: started")
        time.sleep(2)
        print("daemon: woke up")
    finally:
        print("daemon: finally")


t = threading.Thread(target=daemon, daemon=True)
t.start()
time.sleep(0.1)
print("main: exiting")
