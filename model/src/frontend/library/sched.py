# sched.scheduler, trimmed from CPython 3.12's Lib/sched.py. pythread runs
# this code for `sched.scheduler(...)`, on its copy of threading's RLock.
# The trims:
# - An event is a plain tuple `(time, priority, sequence, action,
#   argument, kwargs)`, where CPython's is a named tuple `sched.Event` of
#   those fields (its `repr` and field names differ; ordering and equality,
#   all the scheduler uses, are the same).
# - The queue is kept sorted by inserting each event in its place, where
#   CPython keeps a heap (`heapq`, C code): the first event is the same, and
#   every change happens under the scheduler's lock, so no other thread can
#   tell; a signal handler in the main thread can run between the steps of
#   an insert here, where CPython has no check point inside `heappush`.
# - The default time and delay functions are `time.monotonic()` and
#   `time.sleep()` called directly (CPython binds the functions), and the
#   sequence number is a counter (CPython's `itertools.count()`).
# - `enterabs`'s first parameter is `when` (CPython's `time` would hide
#   the module here); `run` reads the first event's fields one by one (the
#   language has no unpacking assignment; all under the lock); `queue` (the
#   property) and the docstrings are left out.

class scheduler:

    def __init__(self, timefunc=None, delayfunc=None):
        self._queue = []
        self._lock = threading.RLock()
        self.timefunc = timefunc
        self.delayfunc = delayfunc
        self._sequence = 0

    def _now(self):
        if self.timefunc is None:
            return time.monotonic()
        return self.timefunc()

    def _wait(self, delay):
        if self.delayfunc is None:
            time.sleep(delay)
        else:
            self.delayfunc(delay)

    def enterabs(self, when, priority, action, argument=None, kwargs=None):
        if argument is None:
            argument = ()
        if kwargs is None:
            kwargs = {}
        with self._lock:
            event = (when, priority, self._sequence, action, argument, kwargs)
            self._sequence += 1
            q = self._queue
            q.append(event)
            i = len(q) - 1
            while i > 0 and q[i] < q[i - 1]:
                before = q[i - 1]
                q[i - 1] = q[i]
                q[i] = before
                i -= 1
        return event

    def enter(self, delay, priority, action, argument=None, kwargs=None):
        when = self._now() + delay
        return self.enterabs(when, priority, action, argument, kwargs)

    def cancel(self, event):
        with self._lock:
            self._queue.remove(event)

    def empty(self):
        with self._lock:
            return not self._queue

    def run(self, blocking=True):
        lock = self._lock
        q = self._queue
        while True:
            with lock:
                if not q:
                    break
                event = q[0]
                when = event[0]
                action = event[3]
                now = self._now()
                if when > now:
                    delay = True
                else:
                    delay = False
                    q.pop(0)
            if delay:
                if not blocking:
                    return when - now
                self._wait(when - now)
            else:
                action(*event[4], **event[5])
                self._wait(0)
