# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_sched.py#L10-L158
# adapted: TIMEOUT (support.SHORT_TIMEOUT → its default 30.0), class Timer (L13-L37) and test_cancel_concurrent (L128-L158) made a module-level script; threading_helper.join_thread(t) → t.join(); self.assertEqual / assertTrue → assert
import queue
import sched
import threading

TIMEOUT = 30.0

class Timer:
    def __init__(self):
        self._cond = threading.Condition()
        self._time = 0
        self._stop = 0

    def time(self):
        with self._cond:
            return self._time

    # increase the time but not beyond the established limit
    def sleep(self, t):
        assert t >= 0
        with self._cond:
            t += self._time
            while self._stop < t:
                self._time = self._stop
                self._cond.wait()
            self._time = t

    # advance time limit for user code
    def advance(self, t):
        assert t >= 0
        with self._cond:
            self._stop += t
            self._cond.notify_all()

q = queue.Queue()
fun = q.put
timer = Timer()
scheduler = sched.scheduler(timer.time, timer.sleep)
now = timer.time()
event1 = scheduler.enterabs(now + 1, 1, fun, (1,))
event2 = scheduler.enterabs(now + 2, 1, fun, (2,))
event4 = scheduler.enterabs(now + 4, 1, fun, (4,))
event5 = scheduler.enterabs(now + 5, 1, fun, (5,))
event3 = scheduler.enterabs(now + 3, 1, fun, (3,))
t = threading.Thread(target=scheduler.run)
t.start()
timer.advance(1)
assert q.get(timeout=TIMEOUT) == 1
assert q.empty()
scheduler.cancel(event2)
scheduler.cancel(event5)
timer.advance(1)
assert q.empty()
timer.advance(1)
assert q.get(timeout=TIMEOUT) == 3
assert q.empty()
timer.advance(1)
assert q.get(timeout=TIMEOUT) == 4
assert q.empty()
timer.advance(1000)
t.join()
assert q.empty()
assert timer.time() == 4
