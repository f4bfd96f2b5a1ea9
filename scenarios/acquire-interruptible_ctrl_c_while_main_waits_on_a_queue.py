# pythread: ctrl-c
# The main thread waits in `q.get()` for an item a worker puts after 0.5 s.
# `Queue.get` is Python code in queue.py: `with self.not_empty:`, then
# `Condition.wait`, which blocks in a lock's acquire(). Ctrl-C interrupts
# that acquire on POSIX (and on Windows from 3.14): the KeyboardInterrupt
# leaves through Condition.wait's `finally` and get()'s `with`, and the item
# stays queued, its task not done. On Windows before 3.14 it comes only
# when the item arrives.
import queue
import threading
import time

q = queue.Queue()


def producer():
    time.sleep(0.5)
    q.put("job")


t = threading.Thread(target=producer)
t.start()
try:
    item = q.get()
    print("got", item, sep=": ")
    q.task_done()
    q.join()
except KeyboardInterrupt:
    print(f"interrupted with {q.qsize()} queued", end=" (Ctrl-C)\n")
t.join()
print(f"unfinished tasks: {q.unfinished_tasks}")
