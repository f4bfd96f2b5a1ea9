# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_thread_pool.py#L69-L94
# adapted: test method body made a module-level script; self.executor_type → futures.ThreadPoolExecutor; self.assertRaises(TimeoutError) → try/except TimeoutError that prints; self.assertListEqual → assert ==; prints the log at the end
import contextlib
import threading
from concurrent import futures

stop_event = threading.Event()
log = []

def log_n_wait(ident):
    log.append(f"{ident=} started")
    try:
        stop_event.wait()
    finally:
        log.append(f"{ident=} stopped")

with futures.ThreadPoolExecutor(max_workers=1) as pool:
    # submit work to saturate the pool
    fut = pool.submit(log_n_wait, ident="first")
    try:
        with contextlib.closing(
            pool.map(log_n_wait, ["second", "third"], timeout=0)
        ) as gen:
            try:
                next(gen)
            except TimeoutError:
                print("TimeoutError")
    finally:
        stop_event.set()
    fut.result()
# ident='second' is cancelled as a result of raising a TimeoutError
# ident='third' is cancelled because it remained in the collection of futures
print(log)
assert log == ["ident='first' started", "ident='first' stopped"]
