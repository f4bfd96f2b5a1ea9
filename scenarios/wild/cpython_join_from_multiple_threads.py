# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_threading.py#L529-L553
# adapted: test method body made a module-level script
import threading
import time

# Thread.join() should be thread-safe
errors = []

def worker():
    time.sleep(0.005)

def joiner(thread):
    try:
        thread.join()
    except Exception as e:
        errors.append(e)

for N in range(2, 20):
    threads = [threading.Thread(target=worker)]
    for i in range(N):
        threads.append(threading.Thread(target=joiner,
                                        args=(threads[0],)))
    for t in threads:
        t.start()
    time.sleep(0.01)
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
