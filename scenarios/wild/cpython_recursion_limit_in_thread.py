# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1303
if True:
    import threading

    def recurse():
        return recurse()

    def outer():
        try:
            recurse()
        except RecursionError:
            pass

    w = threading.Thread(target=outer)
    w.start()
    w.join()
    print('end of main thread')
