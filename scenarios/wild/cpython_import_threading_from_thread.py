# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L972
# adapted: dropped the precheck "threading is already imported" (this machine's site-packages .pth imports threading at startup)
import _thread
import sys

event = _thread.allocate_lock()
event.acquire()

def import_threading():
    import threading
    event.release()

_thread.start_new_thread(import_threading, ())

# wait until the threading module is imported
event.acquire()
event.release()

if 'threading' not in sys.modules:
    raise Exception('threading is not imported')

# don't wait until the thread completes
