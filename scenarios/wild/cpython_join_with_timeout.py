# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_threading.py#L555
# adapted: test method turned into a module-level script
import _thread
import threading

lock = _thread.allocate_lock()
lock.acquire()

def worker():
    lock.acquire()

thread = threading.Thread(target=worker)
thread.start()
thread.join(timeout=0.01)
assert thread.is_alive()
lock.release()
thread.join()
assert not thread.is_alive()
print("ok")
