# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/lock_tests.py#L118-L289
# adapted: BaseLockTests.wait_phase (L118-L122) and LockTests.test_reacquire (L271-L289) made a module-level script with locktype = threading.Lock; support.sleeping_retry(SHORT_TIMEOUT) → a loop of time.sleep(0.010) for at most 30 s; threading_helper.wait_threads_exit() → a loop until _thread._count() is back to its value before the start; self.assertEqual → assert; prints "done"
import threading
import time
import _thread
from _thread import start_new_thread

def wait_phase(phase, expected):
    deadline = time.monotonic() + 30.0
    while time.monotonic() < deadline:
        if len(phase) >= expected:
            break
        time.sleep(0.010)
    assert len(phase) == expected

# Lock needs to be released before re-acquiring.
lock = threading.Lock()
phase = []

def f():
    lock.acquire()
    phase.append(None)
    lock.acquire()
    phase.append(None)

old_count = _thread._count()
# Thread blocked on lock.acquire()
start_new_thread(f, ())
wait_phase(phase, 1)

# Thread unblocked
lock.release()
wait_phase(phase, 2)
while _thread._count() > old_count:
    time.sleep(0.010)
print("done")
