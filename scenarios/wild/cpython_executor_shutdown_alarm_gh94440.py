# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_shutdown.py#L131-L156
# adapted: test_hang_gh94440 made a module-level script for ThreadPoolExecutor (self.executor_type → ThreadPoolExecutor, no mp_context); the hasattr(signal, 'alarm') skip dropped; prints "shutdown done" at the end
import signal
from concurrent.futures import ThreadPoolExecutor

"""shutdown(wait=True) doesn't hang when a future was submitted and
quickly canceled right before shutdown.

See https://github.com/python/cpython/issues/94440.
"""

def timeout(_signum, _frame):
    raise RuntimeError("timed out waiting for shutdown")

kwargs = {}
executor = ThreadPoolExecutor(max_workers=1, **kwargs)
executor.submit(int).result()
old_handler = signal.signal(signal.SIGALRM, timeout)
try:
    signal.alarm(5)
    executor.submit(int).cancel()
    executor.shutdown(wait=True)
finally:
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old_handler)
print("shutdown done")
