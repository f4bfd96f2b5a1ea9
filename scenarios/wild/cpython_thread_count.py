# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_thread.py#L16-L138
# adapted: POLL_SLEEP (L16) and test__count (L110-L138) made a module-level script; threading_helper.wait_threads_exit() dropped (the test already waits for the thread itself); support.gc_collect() → gc.collect(); self.assertEqual → assert
import _thread as thread
import gc
import time
import weakref

POLL_SLEEP = 0.010 # seconds = 10 ms

# Test the _count() function.
orig = thread._count()
mut = thread.allocate_lock()
mut.acquire()
started = []

def task():
    started.append(None)
    mut.acquire()
    mut.release()

thread.start_new_thread(task, ())
while not started:
    time.sleep(POLL_SLEEP)
assert thread._count() == orig + 1
# Allow the task to finish.
mut.release()
# The only reliable way to be sure that the thread ended from the
# interpreter's point of view is to wait for the function object to be
# destroyed.
done = []
wr = weakref.ref(task, lambda _: done.append(None))
del task
while not done:
    time.sleep(POLL_SLEEP)
    gc.collect()  # For PyPy or other GCs.
assert thread._count() == orig
