# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1751
if True:
    import threading

    def func():
        pass

    def run_last():
        threading._register_atexit(func)

    threading._register_atexit(run_last)
