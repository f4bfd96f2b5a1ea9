# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/lock_tests.py#L104-L746
# adapted: BaseTestCase.assertTimeout (L104-L110) and ConditionTests.test_waitfor_timeout (L725-L746) made a module-level script with condtype = threading.Condition; `with Bunch(f, 1): <body>` → a threading.Thread(target=f) started before the body and joined after it; self.assertX → assert
import threading
import time

def assertTimeout(actual, expected):
    # The waiting and/or time.monotonic() can be imprecise, which
    # is why comparing to the expected value would sometimes fail
    # (especially under Windows).
    assert actual >= expected * 0.6
    # Test nothing insane happened
    assert actual < expected * 10.0

cond = threading.Condition()
state = 0
success = []
def f():
    with cond:
        dt = time.monotonic()
        result = cond.wait_for(lambda : state==4, timeout=0.1)
        dt = time.monotonic() - dt
        assert not result
        assertTimeout(dt, 0.1)
        success.append(None)

t = threading.Thread(target=f)
t.start()
# Only increment 3 times, so state == 4 is never reached.
for i in range(3):
    time.sleep(0.010)
    with cond:
        state += 1
        cond.notify()
t.join()

assert len(success) == 1
