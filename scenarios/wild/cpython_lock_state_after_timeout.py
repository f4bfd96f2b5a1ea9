# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/lock_tests.py#L302-L311
# adapted: LockTests.test_state_after_timeout made a module-level script with locktype = threading.Lock; self.assertFalse / assertTrue → assert
import threading

# Issue #11618: check that lock is in a proper state after a
# (non-zero) timeout.
lock = threading.Lock()
lock.acquire()
assert not lock.acquire(timeout=0.01)
lock.release()
assert not lock.locked()
assert lock.acquire(blocking=False)
