# The fix for task-never-done.py: the worker marks each task done in a
# finally: and handles what a job raises, so jobs.join() returns once every
# number has been tried.
# expect-hazard: none
import queue
import threading

jobs = queue.Queue()


def worker():
    while True:
        n = jobs.get()
        try:
            print("10 /", n, "=", 10 // n)
        except ZeroDivisionError:
            print("10 /", n, "fails")
        finally:
            jobs.task_done()


threading.Thread(target=worker, daemon=True).start()
for n in (5, 0, 2):
    jobs.put(n)
jobs.join()
print("all jobs done")
