# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L917
if 1:
    import threading

    class Atexit:
        def __del__(self):
            print("thread_dict.atexit = %r" % thread_dict.atexit)

    thread_dict = threading.local()
    thread_dict.atexit = "value"

    atexit = Atexit()
