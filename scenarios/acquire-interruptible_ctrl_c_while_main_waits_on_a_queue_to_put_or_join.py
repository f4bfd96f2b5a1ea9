# pythread: ctrl-c
# Caveat 3 (acquire-interruptible): the main thread waits in three queue calls, each a Condition.wait in queue.py: put() into a full Queue(1), join() until every task is done, and get() from an empty LifoQueue. A worker takes one job each 0.5 s and marks it done, then puts a result. Ctrl-C interrupts whichever wait main is in on POSIX and on Windows from 3.14, and leaves the tasks not yet done counted in unfinished_tasks; on Windows before 3.14 the KeyboardInterrupt comes only when that wait ends.
import queue
import threading
import time

jobs = queue.Queue(1)
jobs.put("first")
results = queue.LifoQueue()


def worker():
    for _ in range(2):
        time.sleep(0.5)
        item = jobs.get()
        jobs.task_done()
    time.sleep(0.5)
    results.put(item)


t = threading.Thread(target=worker, daemon=True)
t.start()
try:
    jobs.put("second")
    print("put")
    jobs.join()
    print("joined")
    print("got", results.get())
except KeyboardInterrupt:
    print("interrupted with", jobs.unfinished_tasks, "unfinished")
