# CPython: Lib/test/lock_tests.py BaseLockTests.test_timeout
# Argument errors of acquire(), then real timeouts (3.11 texts).
# Expected (Linux CPython 3.11):
#   acquire(False, 1): ValueError can't specify a timeout for a non-blocking call
#   acquire(timeout=-100): ValueError timeout value must be positive
#   acquire(timeout=1e100): OverflowError
#   acquire(timeout=5) on a free lock: True
#   thread: acquire(timeout=0.5) on a held lock: False
#   (exit 0)
import threading

lock = threading.Lock()


def f():
    print("thread: acquire(timeout=0.5) on a held lock:", lock.acquire(timeout=0.5))


try:
    lock.acquire(False, 1)
except ValueError as e:
    print("acquire(False, 1): ValueError", e)
try:
    lock.acquire(timeout=-100)
except ValueError as e:
    print("acquire(timeout=-100): ValueError", e)
try:
    lock.acquire(timeout=1e100)
except OverflowError:
    print("acquire(timeout=1e100): OverflowError")
print("acquire(timeout=5) on a free lock:", lock.acquire(timeout=5))
t = threading.Thread(target=f)
t.start()
t.join()
lock.release()
