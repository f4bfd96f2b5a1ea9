# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/lock_tests.py#L104-L509
# adapted: BaseTestCase.assertTimeout (L104-L110) and EventTests.test_timeout (L480-L509) made a module-level script with eventtype = threading.Event; each `with Bunch(f, N): pass` → N threading.Thread(target=f) started then joined; self.assertX → assert
import threading
import time

def assertTimeout(actual, expected):
    # The waiting and/or time.monotonic() can be imprecise, which
    # is why comparing to the expected value would sometimes fail
    # (especially under Windows).
    assert actual >= expected * 0.6
    # Test nothing insane happened
    assert actual < expected * 10.0

evt = threading.Event()
results1 = []
results2 = []
N = 5
def f():
    results1.append(evt.wait(0.0))
    t1 = time.monotonic()
    r = evt.wait(0.5)
    t2 = time.monotonic()
    results2.append((r, t2 - t1))

threads = [threading.Thread(target=f) for _ in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()

assert results1 == [False] * N
for r, dt in results2:
    assert not r
    assertTimeout(dt, 0.5)

# The event is set
results1 = []
results2 = []
evt.set()
threads = [threading.Thread(target=f) for _ in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()

assert results1 == [True] * N
for r, dt in results2:
    assert r
