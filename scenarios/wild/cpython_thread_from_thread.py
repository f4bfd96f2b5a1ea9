# source: https://github.com/python/cpython/blob/v3.13.0/Lib/test/test_threading.py#L1300-L1322
# adapted: the "-c" script string of test_thread_from_thread extracted
if True:
    import threading
    import time

    def thread2():
        time.sleep(0.05)
        print("OK")

    def thread1():
        time.sleep(0.05)
        t2 = threading.Thread(target=thread2)
        t2.start()

    t = threading.Thread(target=thread1)
    t.start()
    # do not join() -- the interpreter waits for non-daemon threads to
    # finish.
