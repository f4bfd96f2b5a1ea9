# Hazard uncaught-in-thread: a thread dies of an uncaught exception.
# expect-hazard: uncaught-in-thread on all
# The worker raises ValueError and nothing in it catches the exception:
# threading.excepthook prints a traceback on stderr, the thread ends, and
# the main thread carries on as if the work had been done (exit status 0).
# Remedy: catch the exception inside the thread and report it to the main
# thread (uncaught-in-thread_fixed.py).
import threading


def load_config():
    print("worker: loading the config")
    raise ValueError("bad config")


t = threading.Thread(target=load_config)
t.start()
t.join()
print("main: done")
