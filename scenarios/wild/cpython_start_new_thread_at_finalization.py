# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_threading.py#L1157-L1171
# adapted: the "-c" script string of test_start_new_thread_at_finalization extracted
if 1:
    import _thread

    def f():
        print("shouldn't be printed")

    class AtFinalization:
        def __del__(self):
            print("OK")
            _thread.start_new_thread(f, ())
    at_finalization = AtFinalization()
