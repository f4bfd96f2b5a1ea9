# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L55-L206
# adapted: Counter, TestThread and test_various_ops (L172-L206) made one module-level script; random.random()/10000 delay replaced by a fixed 0.0001 s; verbose prints dropped; testcase.assertX / self.assertX → assert; the native_id set check, the repr regex checks and the ident checks dropped; prints "all tasks done" at the end
import threading
import time

# A trivial mutable counter.
class Counter(object):
    def __init__(self):
        self.value = 0
    def inc(self):
        self.value += 1
    def dec(self):
        self.value -= 1
    def get(self):
        return self.value

class TestThread(threading.Thread):
    def __init__(self, name, sema, mutex, nrunning):
        threading.Thread.__init__(self, name=name)
        self.sema = sema
        self.mutex = mutex
        self.nrunning = nrunning

    def run(self):
        delay = 0.0001

        with self.sema:
            with self.mutex:
                self.nrunning.inc()
                assert self.nrunning.get() <= 3

            time.sleep(delay)

            with self.mutex:
                self.nrunning.dec()
                assert self.nrunning.get() >= 0

NUMTASKS = 10

# no more than 3 of the 10 can run at once
sema = threading.BoundedSemaphore(value=3)
mutex = threading.RLock()
numrunning = Counter()

threads = []

for i in range(NUMTASKS):
    t = TestThread("<thread %d>"%i, sema, mutex, numrunning)
    threads.append(t)
    assert t.ident is None
    t.start()

for t in threads:
    t.join()
    assert not t.is_alive()
print('all tasks done')
assert numrunning.get() == 0
