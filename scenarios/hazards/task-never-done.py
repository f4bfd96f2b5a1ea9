# Hazard task-never-done: q.join() waits for a task that is never marked done.
# expect-hazard: task-never-done on */*/*
# A worker takes numbers from a queue and calls task_done() after each. The
# 0 makes it raise ZeroDivisionError before task_done(): the exception ends
# the worker (printed on stderr), the 0 and the 2 after it are never counted
# as done, and the main thread's jobs.join() waits forever.
# Remedy: call task_done() in a finally: after each get(), and handle what a
# job raises inside the worker (task-never-done_fixed.py).
import queue
import threading

jobs = queue.Queue()


def worker():
    while True:
        n = jobs.get()
        print("10 /", n, "=", 10 // n)
        jobs.task_done()


threading.Thread(target=worker, daemon=True).start()
for n in (5, 0, 2):
    jobs.put(n)
jobs.join()
print("all jobs done")
