# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_shutdown.py#L17-L129
# adapted: the "-c" script string of test_hang_gh83386 (L109-L129) extracted for ThreadPoolExecutor, its .format() filled in (executor_type=ThreadPoolExecutor, context=None); the import of sleep_and_print from the test module replaced by its definition (L17-L20) with its imports
if True:
    import sys
    import time
    def sleep_and_print(t, msg):
        time.sleep(t)
        print(msg)
        sys.stdout.flush()
    from concurrent.futures import ThreadPoolExecutor
    if __name__ == "__main__":
        if None: multiprocessing.set_start_method(None)
        t = ThreadPoolExecutor(max_workers=3)
        t.submit(sleep_and_print, 1.0, "apple")
        t.shutdown(wait=False)
