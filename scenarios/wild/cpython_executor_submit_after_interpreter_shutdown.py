# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_concurrent_futures/test_shutdown.py#L52-L78
# adapted: the "-c" script string of test_submit_after_interpreter_shutdown extracted for ThreadPoolExecutor, its .format() filled in (executor_type=ThreadPoolExecutor, context='')
if 1:
    import atexit
    @atexit.register
    def run_last():
        try:
            t.submit(id, None)
        except RuntimeError:
            print("runtime-error")
            raise
    from concurrent.futures import ThreadPoolExecutor
    if __name__ == "__main__":
        context = ''
        if not context:
            t = ThreadPoolExecutor(5)
        else:
            from multiprocessing import get_context
            context = get_context(context)
            t = ThreadPoolExecutor(5, mp_context=context)
            t.submit(id, 42).result()
