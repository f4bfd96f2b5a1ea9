# A daemon worker takes numbers from a queue.Queue; the main thread waits
# in `q.join()` until each number is marked done, prints what the worker
# did and ends. The worker is then blocked in `q.get()` (a lock's acquire
# inside Condition.wait): as a daemon it is killed at exit without running
# anything more. A non-daemon worker would hang the exit instead (the
# shutdown joins it).
import queue
import threading

q = queue.Queue()
done = []


def worker():
    while True:
        n = q.get()
        done.append(abs(n))
        q.task_done()


threading.Thread(target=worker, daemon=True).start()
for n in (-1, 2):
    q.put(n)
q.join()
print(sorted(done), sum(done))
