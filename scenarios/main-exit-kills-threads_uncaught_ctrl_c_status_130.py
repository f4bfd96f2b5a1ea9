# Caveat 4: an uncaught KeyboardInterrupt ends the main thread with a traceback;
# CPython then re-raises SIGINT on itself: the shell sees status 130. A daemon
# thread is killed without its `finally`.
# Expected (Linux CPython):
#   main: waiting for Ctrl-C
#   (stderr: KeyboardInterrupt; exit 130)
# pythread: ctrl-c
import threading
import time


def daemon():
    try:
        time.sleep(2)
    finally:
        print("daemon: finally")


t = threading.Thread(target=daemon, daemon=True)
t.start()
print("main: waiting for Ctrl-C", flush=True)
t.join()
