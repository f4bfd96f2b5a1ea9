# threading.py's Condition, Event, Semaphore, BoundedSemaphore and Timer,
# trimmed from CPython 3.13's Lib/threading.py (3.9-3.13 and PyPy have this
# code; see specs/cpython-findings.md CP29 for what 3.8 and 3.14 change).
# pythread runs this code in the model and the reference runtime, so their
# check points and where a KeyboardInterrupt can land inside them are
# CPython's by construction. The trims, each without a check point or a
# state a script can see:
# - Condition on an RLock: CPython copies the RLock's C methods
#   `_release_save`, `_acquire_restore` and `_is_owned` over the Python ones
#   (`hasattr`); here `self._rlock` (one `isinstance`) picks them. The Python
#   methods' frames that wrap `_release_save` and `_is_owned` add a check
#   point only where one already is (the call before, or the caller's
#   entry); `_acquire_restore` is called directly (its entry would be a new
#   check point) - CP39. `cond.acquire()`/`cond.release()` (CPython's
#   `self.acquire = lock.acquire`) are the lock's, found through `_lock`.
# - `_deque()` is a list (the waiters are only appended, indexed, removed).
# - `__enter__`/`__exit__` call `acquire()`/`release()`, which is what the
#   lock's `__enter__`/`__exit__` are (one C call each, as there); `__exit__`
#   takes the three exception arguments by name, not `*args`, and returns
#   release()'s None without a `return`.
# - Docstrings, `__repr__`, `_at_fork_reinit` and `isSet` are left out.

class Condition:

    def __init__(self, lock=None):
        if lock is None:
            lock = threading.RLock()
        self._lock = lock
        # CPython copies an RLock's C methods `_release_save`,
        # `_acquire_restore` and `_is_owned` over these (`hasattr`):
        # `_rlock` picks them where they are called.
        self._rlock = isinstance(lock, _thread.RLock)
        self._waiters = []

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, t, v, tb):
        self._lock.release()

    def _release_save(self):
        if self._rlock:
            return self._lock._release_save()
        self._lock.release()           # No state to save

    def _acquire_restore(self, x):
        self._lock.acquire()           # Ignore saved state

    def _is_owned(self):
        if self._rlock:
            return self._lock._is_owned()
        # Return True if lock is owned by current_thread.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        else:
            return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _thread.allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved_state = self._release_save()
        gotit = False
        try:    # restore state no matter what (e.g., KeyboardInterrupt)
            if timeout is None:
                waiter.acquire()
                gotit = True
            else:
                if timeout > 0:
                    gotit = waiter.acquire(True, timeout)
                else:
                    gotit = waiter.acquire(False)
            return gotit
        finally:
            # The RLock's C method directly: no Python frame, no check
            # point at its entry, and a wait no signal ends (CP39).
            if self._rlock:
                self._lock._acquire_restore(saved_state)
            else:
                self._acquire_restore(saved_state)
            if not gotit:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = time.monotonic() + waittime
                else:
                    waittime = endtime - time.monotonic()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters[0]
            try:
                waiter.release()
            except RuntimeError:
                # gh-92530: The previous call of notify() released the lock,
                # but was interrupted before removing it from the queue.
                pass
            else:
                n -= 1
            try:
                waiters.remove(waiter)
            except ValueError:
                pass

    def notify_all(self):
        self.notify(len(self._waiters))


class Event:

    def __init__(self):
        self._cond = Condition(threading.Lock())
        self._flag = False

    def is_set(self):
        return self._flag

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


class Semaphore:

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(threading.Lock())
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        rc = False
        endtime = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if endtime is None:
                        endtime = time.monotonic() + timeout
                    else:
                        timeout = endtime - time.monotonic()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                rc = True
        return rc

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):

    def __init__(self, value=1):
        super().__init__(value)
        self._initial_value = value

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Timer(threading.Thread):

    def __init__(self, interval, function, args=None, kwargs=None):
        threading.Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()
