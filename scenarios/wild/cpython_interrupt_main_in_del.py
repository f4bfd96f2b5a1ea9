# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1420
if 1:
    import _thread
    class Foo():
        def __del__(self):
            _thread.interrupt_main()

    x = Foo()
