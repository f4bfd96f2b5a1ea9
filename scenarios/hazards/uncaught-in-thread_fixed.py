# Hazard uncaught-in-thread, fixed: the worker catches and reports its error.
# expect-hazard: none
# Same program as uncaught-in-thread.py, but the worker catches the
# ValueError, prints it, and records the failure in a module variable that
# the main thread reads after join().
import threading

failed = False


def load_config():
    global failed
    try:
        print("worker: loading the config")
        raise ValueError("bad config")
    except ValueError as e:
        print("worker: config error:", e)
        failed = True


t = threading.Thread(target=load_config)
t.start()
t.join()
print("main: done, config failed:", failed)
