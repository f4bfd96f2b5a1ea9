# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_queue.py#L26-L151
# adapted: _TriggerThread (L26-L44) and BlockingTestMixin.do_blocking_test (L60-L71) made module-level, driven by the blocking put/get lines of basic_queue_test (L133-L134, L150-L151) on a full / empty queue.Queue(QUEUE_SIZE=5); threading_helper.join_thread(thread) → thread.join(); self.fail → raise AssertionError; prints each result
import queue
import threading
import time

QUEUE_SIZE = 5

# A thread to run a function that unclogs a blocked Queue.
class _TriggerThread(threading.Thread):
    def __init__(self, fn, args):
        self.fn = fn
        self.args = args
        self.startedEvent = threading.Event()
        threading.Thread.__init__(self)

    def run(self):
        # The sleep isn't necessary, but is intended to give the blocking
        # function in the main thread a chance at actually blocking before
        # we unclog it.  But if the sleep is longer than the timeout-based
        # tests wait in their blocking functions, those tests will fail.
        # So we give them much longer timeout values compared to the
        # sleep here (I aimed at 10 seconds for blocking functions --
        # they should never actually wait that long - they should make
        # progress as soon as we call self.fn()).
        time.sleep(0.1)
        self.startedEvent.set()
        self.fn(*self.args)

def do_blocking_test(block_func, block_args, trigger_func, trigger_args):
    thread = _TriggerThread(trigger_func, trigger_args)
    thread.start()
    try:
        result = block_func(*block_args)
        # If block_func returned before our thread made the call, we failed!
        if not thread.startedEvent.is_set():
            raise AssertionError("blocking function %r appeared not to block" %
                                 block_func)
        return result
    finally:
        thread.join() # make sure the thread terminates

q = queue.Queue(QUEUE_SIZE)
for i in range(QUEUE_SIZE):
    q.put(i)
full = 3 * 2 * QUEUE_SIZE
# Test a blocking put
print(do_blocking_test(q.put, (full,), q.get, ()))
print(do_blocking_test(q.put, (full, True, 10), q.get, ()))
# Empty it
for i in range(QUEUE_SIZE):
    q.get()
# Test a blocking get
print(do_blocking_test(q.get, (), q.put, ('empty',)))
print(do_blocking_test(q.get, (True, 10), q.put, ('empty',)))
