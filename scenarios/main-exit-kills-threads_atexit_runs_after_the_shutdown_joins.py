# atexit functions run after `threading._shutdown` has joined the non-daemon
# threads, last registered first, in the main thread; a daemon thread still
# runs beside them and is killed only after the last one. One that raises
# is reported on stderr and the next one runs; the exit status stays 0.
# `threading._register_atexit` (3.9+; 3.8 has no such function) runs its
# functions as the shutdown begins, before the joins.
import atexit
import threading
import time


def worker(name, seconds):
    time.sleep(seconds)
    print(name, "done")


def goodbye(who):
    print("atexit:", who)
    if who == "second":
        raise RuntimeError("cleanup failed")


@atexit.register
def flush_logs():
    time.sleep(0.4)
    print("atexit: logs flushed")


def before_joins():
    print("threading atexit: worker alive:", t.is_alive())


t = threading.Thread(target=worker, args=("worker", 0.1))
t.start()
threading.Thread(target=worker, args=("daemon", 0.3), daemon=True).start()
atexit.register(goodbye, "first")
atexit.register(goodbye, "second")
try:
    threading._register_atexit(before_joins)
except AttributeError:
    print("main: no threading._register_atexit")
print("main: done")
