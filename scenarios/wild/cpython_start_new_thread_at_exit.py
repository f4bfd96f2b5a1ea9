# source: https://github.com/python/cpython/blob/v3.12.1/Lib/test/test_threading.py#L1043-L1058
# adapted: the "-c" script string of test_start_new_thread_at_exit extracted (3.12+ refuses the thread: "can't create new thread at interpreter shutdown")
if 1:
    import atexit
    import _thread

    def f():
        print("shouldn't be printed")

    def exit_handler():
        _thread.start_new_thread(f, ())

    atexit.register(exit_handler)
