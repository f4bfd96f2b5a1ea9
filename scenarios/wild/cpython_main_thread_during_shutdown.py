# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L688
if 1:
    import gc, threading

    main_thread = threading.current_thread()
    assert main_thread is threading.main_thread()  # sanity check

    class RefCycle:
        def __init__(self):
            self.cycle = self

        def __del__(self):
            print("GC:",
                  threading.current_thread() is main_thread,
                  threading.main_thread() is main_thread,
                  threading.enumerate() == [main_thread])

    RefCycle()
    gc.collect()  # sanity check
    x = RefCycle()
