# Caveat 4: the kill at exit is not an exception: a daemon thread's bare
# `except:`, its `else` and its `finally` all stay silent.
# Expected (Linux CPython):
#   daemon: working
#   main: exiting
#   (exit 0)
import threading
import time


def daemon():
    try:
        print("daemon: working")
        time.sleep(2)
    except:
        print("daemon: bare except")
        raise
    else:
        print("daemon: else")
    finally:
        print("daemon: finally")


t = threading.Thread(target=daemon, daemon=True)
t.start()
time.sleep(0.1)
print("main: exiting")
