# pythread: ctrl-c
# Caveat 3 (acquire-interruptible): the main thread waits for a future's result, inside `with ThreadPoolExecutor(...) as pool:`, whose exit waits for the worker (shutdown(wait=True)). Future.result waits in the future's Condition: Ctrl-C interrupts it on POSIX and on Windows from 3.14, and the `with` block's exit then still waits for the job to finish; on Windows before 3.14 the KeyboardInterrupt comes only when the result is there.
import time
from concurrent.futures import ThreadPoolExecutor


def job(n):
    time.sleep(0.5)
    return n * 2


try:
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(job, 21)
        print("result", future.result())
    print("shut down")
except KeyboardInterrupt:
    print("interrupted")
