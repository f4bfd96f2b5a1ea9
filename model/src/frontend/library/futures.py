# concurrent.futures' ThreadPoolExecutor and Future, trimmed from CPython
# 3.12's Lib/concurrent/futures/thread.py and _base.py. pythread runs this
# code for `concurrent.futures.ThreadPoolExecutor(...)`, on its copies of
# queue.Queue and threading's Condition and Semaphore. What differs by
# version is chosen by `sys.version_info`, read when the executor is made
# (CP44):
# - 3.8 registers `_python_exit` with `atexit.register` (after the shutdown
#   joins) and makes its workers daemon threads; 3.9+ registers it with
#   `threading._register_atexit` (before the joins), workers not daemon.
# - 3.8's `shutdown` has no `cancel_futures` (TypeError).
# - 3.12+ workers take a work item with `get_nowait()` and release the idle
#   semaphore only when the queue is empty; 3.8-3.11 block in `get()` and
#   release it after each item.
# The trims:
# - The module's globals (`_shutdown`, `_global_shutdown_lock`,
#   `_threads_queues`) are each executor's own, and each executor registers
#   its own `_python_exit` (the language runs no library code at import):
#   the same for one executor; with several, their exit functions run one
#   after the other, last made first, where CPython's one function first
#   wakes every worker and then joins them all.
# - The worker is a method (CPython passes a weak reference to the executor
#   to a module function: the executor lives as long as its workers here).
# - `queue.SimpleQueue` is pythread's `queue.Queue` (SimpleQueue is C: no
#   check point inside its put and get).
# - `submit` takes no keyword arguments for `fn` (the language has no
#   `**kwargs`); `max_workers=None` (its default depends on os.cpu_count()),
#   `initializer`, `initargs`, waiters (`wait`, `as_completed`), `map`,
#   done-callbacks' logging, `__repr__` and the InvalidStateError checks
#   (no executor path reaches them) are left out.
# - Worker threads are named `ThreadPoolExecutor-0_N` for every executor
#   (CPython numbers its executors: `-0`, `-1`, ...).
# - `result(timeout)` raises the built-in TimeoutError (3.11+; 3.8-3.10
#   raise concurrent.futures' own TimeoutError, not modelled).


class Error(Exception):
    pass


class CancelledError(Error):
    pass


class Future:

    def __init__(self):
        self._condition = Condition()
        self._state = 'PENDING'
        self._result = None
        self._exception = None
        self._done_callbacks = []

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception:
                pass

    def cancel(self):
        with self._condition:
            if self._state in ['RUNNING', 'FINISHED']:
                return False
            if self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']:
                return True
            self._state = 'CANCELLED'
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        with self._condition:
            return self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']

    def running(self):
        with self._condition:
            return self._state == 'RUNNING'

    def done(self):
        with self._condition:
            return self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED', 'FINISHED']

    def _get_result(self):
        if self._exception:
            raise self._exception
        else:
            return self._result

    def add_done_callback(self, fn):
        with self._condition:
            if self._state not in ['CANCELLED', 'CANCELLED_AND_NOTIFIED', 'FINISHED']:
                self._done_callbacks.append(fn)
                return
        try:
            fn(self)
        except Exception:
            pass

    def result(self, timeout=None):
        with self._condition:
            if self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']:
                raise CancelledError()
            elif self._state == 'FINISHED':
                return self._get_result()
            self._condition.wait(timeout)
            if self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']:
                raise CancelledError()
            elif self._state == 'FINISHED':
                return self._get_result()
            else:
                raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']:
                raise CancelledError()
            elif self._state == 'FINISHED':
                return self._exception
            self._condition.wait(timeout)
            if self._state in ['CANCELLED', 'CANCELLED_AND_NOTIFIED']:
                raise CancelledError()
            elif self._state == 'FINISHED':
                return self._exception
            else:
                raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == 'CANCELLED':
                self._state = 'CANCELLED_AND_NOTIFIED'
                return False
            elif self._state == 'PENDING':
                self._state = 'RUNNING'
                return True
            else:
                raise RuntimeError('Future in unexpected state')

    def set_result(self, result):
        with self._condition:
            self._result = result
            self._state = 'FINISHED'
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        with self._condition:
            self._exception = exception
            self._state = 'FINISHED'
            self._condition.notify_all()
        self._invoke_callbacks()


class _WorkItem:

    def __init__(self, future, fn, args):
        self.future = future
        self.fn = fn
        self.args = args

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


class ThreadPoolExecutor:

    def __init__(self, max_workers, thread_name_prefix=''):
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = Queue()
        self._idle_semaphore = Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = thread_name_prefix or "ThreadPoolExecutor-0"
        # The module's globals, this executor's own (see the top).
        self._global_shutdown = False
        self._global_shutdown_lock = threading.Lock()
        # The version's code paths, read once (`sys.version_info` is a new
        # tuple at each read here: read in the workers' loop, no state
        # would repeat).
        self._v39 = sys.version_info >= (3, 9)
        self._v312 = sys.version_info >= (3, 12)
        if self._v39:
            threading._register_atexit(self._python_exit)
        else:
            atexit.register(self._python_exit)

    def _python_exit(self):
        with self._global_shutdown_lock:
            self._global_shutdown = True
        for t in self._threads:
            self._work_queue.put(None)
        for t in self._threads:
            t.join()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False

    def submit(self, fn, *args):
        with self._shutdown_lock:
            with self._global_shutdown_lock:
                if self._broken:
                    raise RuntimeError(self._broken)
                if self._shutdown:
                    raise RuntimeError('cannot schedule new futures after shutdown')
                if self._global_shutdown:
                    raise RuntimeError('cannot schedule new futures after '
                                       'interpreter shutdown')
                f = Future()
                w = _WorkItem(f, fn, args)
                self._work_queue.put(w)
                self._adjust_thread_count()
                return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix, num_threads)
            t = threading.Thread(name=thread_name, target=self._worker)
            if not self._v39:
                t.daemon = True
            t.start()
            self._threads.add(t)

    def _worker(self):
        work_queue = self._work_queue
        while True:
            if self._v312:
                try:
                    work_item = work_queue.get_nowait()
                except Empty:
                    self._idle_semaphore.release()
                    work_item = work_queue.get(block=True)
                if work_item is not None:
                    work_item.run()
                    work_item = None
                    continue
            else:
                work_item = work_queue.get(block=True)
                if work_item is not None:
                    work_item.run()
                    work_item = None
                    self._idle_semaphore.release()
                    continue
            if self._global_shutdown or self._shutdown:
                self._shutdown = True
                work_queue.put(None)
                return

    def shutdown(self, wait=True, cancel_futures=None):
        if cancel_futures is not None and not self._v39:
            raise TypeError("shutdown() got an unexpected keyword argument 'cancel_futures'")
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
