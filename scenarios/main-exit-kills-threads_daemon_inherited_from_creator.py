# Caveat 4: a Thread created without `daemon=` inherits the daemon flag of the
# thread that creates it. Created by a daemon thread, it is a daemon too, so
# it is killed at exit although it "looks" non-daemon.
# Expected (Linux CPython):
#   parent: started child, child alive: True
#   main: exiting
#   (exit 0; "child: finally" is never printed)
import threading
import time


def child():
    try:
        time.sleep(2)
    finally:
        print("child: finally")


def parent():
    c = threading.Thread(target=child)
    c.start()
    print("parent: started child, child alive:", c.is_alive())
    time.sleep(2)


p = threading.Thread(target=parent, daemon=True)
p.start()
time.sleep(0.1)
print("main: exiting")
