# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_queue.py#L154-L203
# adapted: BaseQueueTestMixin.worker, queue_join_test and test_queue_join made a module-level script with self.type2test = queue.Queue (self.cum / self.cumlock → globals); self.assertEqual → assert; self.fail → raise AssertionError; prints "done" at the end
import queue
import threading

cum = 0
cumlock = threading.Lock()

def worker(q):
    global cum
    while True:
        x = q.get()
        if x < 0:
            q.task_done()
            return
        with cumlock:
            cum += x
        q.task_done()

def queue_join_test(q):
    global cum
    cum = 0
    threads = []
    for i in (0,1):
        thread = threading.Thread(target=worker, args=(q,))
        thread.start()
        threads.append(thread)
    for i in range(100):
        q.put(i)
    q.join()
    assert cum == sum(range(100)), (
                     "q.join() did not block until all tasks were done")
    for i in (0,1):
        q.put(-1)         # instruct the threads to close
    q.join()                # verify that you can join twice
    for thread in threads:
        thread.join()

# Test that a queue join()s successfully, and before anything else
# (done twice for insurance).
q = queue.Queue()
queue_join_test(q)
queue_join_test(q)
try:
    q.task_done()
except ValueError:
    pass
else:
    raise AssertionError("Did not detect task count going negative")
print("done")
