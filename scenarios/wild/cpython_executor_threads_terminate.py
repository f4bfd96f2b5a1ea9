# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_shutdown.py#L159-L172
# adapted: ThreadPoolShutdownTest.test_threads_terminate made a module-level script; self.executor (set up by ExecutorMixin with worker_count = 5) → futures.ThreadPoolExecutor(max_workers=5); self.assertEqual → assert
import threading
from concurrent import futures

executor = futures.ThreadPoolExecutor(max_workers=5)

def acquire_lock(lock):
    lock.acquire()

sem = threading.Semaphore(0)
for i in range(3):
    executor.submit(acquire_lock, sem)
assert len(executor._threads) == 3
for i in range(3):
    sem.release()
executor.shutdown()
for t in executor._threads:
    t.join()
