# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_shutdown.py#L17-L50
# adapted: the "-c" script string of test_interpreter_shutdown (L30-L50) extracted for ThreadPoolExecutor, its .format() filled in (executor_type=ThreadPoolExecutor, context=''); the import of sleep_and_print from the test module replaced by its definition (L17-L20) with its imports
if 1:
    import sys
    import time
    def sleep_and_print(t, msg):
        time.sleep(t)
        print(msg)
        sys.stdout.flush()
    from concurrent.futures import ThreadPoolExecutor
    from time import sleep
    if __name__ == "__main__":
        context = ''
        if context == "":
            t = ThreadPoolExecutor(5)
        else:
            from multiprocessing import get_context
            context = get_context(context)
            t = ThreadPoolExecutor(5, mp_context=context)
        t.submit(sleep_and_print, 1.0, "apple")
