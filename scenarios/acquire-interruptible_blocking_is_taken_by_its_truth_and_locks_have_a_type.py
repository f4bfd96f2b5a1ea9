# lock.acquire(blocking, timeout) takes `blocking` by its truth (1 and 0
# as well as True and False) and refuses a timeout for a non-blocking
# call; a lock from _thread.allocate_lock() is a _thread.LockType, an
# RLock is not.
import _thread
import threading

lock = _thread.allocate_lock()
print(type(lock) == _thread.LockType, type(threading.RLock()) == _thread.LockType)
print(lock.acquire(1), lock.acquire(1, 0.05), lock.acquire(0))
try:
    lock.acquire(0, 1)
except ValueError as e:
    print(e)
lock.release()
print(lock.locked(), type(lock.locked()), type(lock) == type(threading.Lock()))
