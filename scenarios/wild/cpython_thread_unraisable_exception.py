# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_thread.py#L140-L156
# adapted: test method body made a module-level script; support.catch_unraisable_exception() → sys.unraisablehook swapped for a list's append in try/finally; threading_helper.wait_threads_exit() → a loop until _thread._count() is back to its value before the start; self.assertX → assert
import _thread as thread
import sys
import time

def task():
    started.release()
    raise ValueError("task failed")

started = thread.allocate_lock()
unraisable = []
old_hook = sys.unraisablehook
sys.unraisablehook = unraisable.append
try:
    old_count = thread._count()
    started.acquire()
    thread.start_new_thread(task, ())
    started.acquire()
    while thread._count() > old_count:
        time.sleep(0.010)

    assert str(unraisable[0].exc_value) == "task failed"
    assert unraisable[0].object is task
    assert unraisable[0].err_msg == "Exception ignored in thread started by"
    assert unraisable[0].exc_traceback is not None
finally:
    sys.unraisablehook = old_hook
