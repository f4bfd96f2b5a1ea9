# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1721
if True:
    import threading

    def run_last():
        print('parrot')

    threading._register_atexit(run_last)
