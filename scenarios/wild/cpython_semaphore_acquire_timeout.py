# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/lock_tests.py#L104-L909
# adapted: BaseTestCase.assertTimeout (L104-L110) and BaseSemaphoreTests.test_acquire_timeout (L898-L909) made a module-level script with semtype = threading.Semaphore; self.assertRaises(ValueError, ...) → try/except ValueError; self.assertX → assert
import threading
import time

def assertTimeout(actual, expected):
    # The waiting and/or time.monotonic() can be imprecise, which
    # is why comparing to the expected value would sometimes fail
    # (especially under Windows).
    assert actual >= expected * 0.6
    # Test nothing insane happened
    assert actual < expected * 10.0

sem = threading.Semaphore(2)
try:
    sem.acquire(False, timeout=1.0)
except ValueError:
    print("ValueError")
assert sem.acquire(timeout=0.005)
assert sem.acquire(timeout=0.005)
assert not sem.acquire(timeout=0.005)
sem.release()
assert sem.acquire(timeout=0.005)
t = time.monotonic()
assert not sem.acquire(timeout=0.5)
dt = time.monotonic() - t
assertTimeout(dt, 0.5)
