# A daemon worker still sleeps when the main thread ends.
# `threading.enumerate()` lists it beside the main thread, and
# `active_count()` counts both, until the exit kills it: its last print
# never comes. The main thread finds itself with `current_thread()`,
# `main_thread()` and `get_ident()`.
import threading
import time


def worker():
    time.sleep(0.5)
    print("worker done")


t = threading.Thread(target=worker, name="worker", daemon=True)
t.start()
names = [th.name for th in threading.enumerate()]
print("alive:", names, threading.active_count())
me = threading.current_thread()
print("main is main:", me is threading.main_thread(), me.name)
print("ident matches:", threading.get_ident() == me.ident)
print("%s sees %d threads" % (me.name, len(names)))
