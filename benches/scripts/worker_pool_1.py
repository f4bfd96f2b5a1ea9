# pythread: ctrl-c
import queue
import threading

tasks = queue.Queue()
stop = threading.Event()


def worker():
    while not stop.is_set():
        item = tasks.get()
        if item is None:
            break
        print("done", item)
        tasks.task_done()


threads = [threading.Thread(target=worker) for _ in range(1)]
for t in threads:
    t.start()
try:
    for i in range(4):
        tasks.put(i)
    tasks.join()
except KeyboardInterrupt:
    print("interrupted")
finally:
    stop.set()
    for t in threads:
        tasks.put(None)
    for t in threads:
        t.join()
