# An executor's workers finish their work at exit: 3.9+ joins them in
# threading._shutdown, before the atexit functions; 3.8's workers are
# daemon threads that its own atexit function joins, after the ones
# registered later.
import atexit
import time
from concurrent.futures import ThreadPoolExecutor


def work(n):
    time.sleep(0.1)
    print("work", n, "done")


def goodbye():
    print("atexit function")


pool = ThreadPoolExecutor(max_workers=1)
atexit.register(goodbye)
pool.submit(work, 1)
print("main done")
