# Caveat 4: join(timeout) that times out leaves a daemon thread running; when
# the main thread then exits, the daemon is killed mid-loop.
# Expected (Linux CPython):
#   daemon: tick
#   daemon: tick
#   main: join(0.3) timed out, alive: True
#   (exit 0; "daemon: finally" is never printed)
import threading
import time


def daemon():
    try:
        for _ in range(10):
            print("daemon: tick")
            time.sleep(0.2)
    finally:
        print("daemon: finally")


t = threading.Thread(target=daemon, daemon=True)
t.start()
t.join(0.3)
print("main: join(0.3) timed out, alive:", t.is_alive())
