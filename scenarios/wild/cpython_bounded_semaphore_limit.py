# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L811-L827
# adapted: test method body made a module-level script; self.assertRaises(ValueError, bs.release) → try/except ValueError with an else: raise AssertionError
import threading

# BoundedSemaphore should raise ValueError if released too often.
for limit in range(1, 10):
    bs = threading.BoundedSemaphore(limit)
    threads = [threading.Thread(target=bs.acquire)
               for _ in range(limit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    threads = [threading.Thread(target=bs.release)
               for _ in range(limit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        bs.release()
    except ValueError:
        pass
    else:
        raise AssertionError("ValueError not raised")
