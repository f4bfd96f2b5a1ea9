# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L720
# adapted: random.random() * 0.010 replaced by a fixed 0.005 s so the run is deterministic
if 1:
    import os
    import threading
    import time

    def random_sleep():
        seconds = 0.005
        time.sleep(seconds)

    class Sleeper:
        def __del__(self):
            random_sleep()

    tls = threading.local()

    def f():
        # Sleep a bit so that the thread is still running when
        # Py_Finalize() is called.
        random_sleep()
        tls.x = Sleeper()
        random_sleep()

    threading.Thread(target=f).start()
    random_sleep()
