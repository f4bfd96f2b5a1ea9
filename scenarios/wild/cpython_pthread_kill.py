# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L908
if 1:
    import signal
    import threading
    import sys

    signum = signal.SIGUSR1

    def handler(signum, frame):
        1/0

    signal.signal(signum, handler)

    tid = threading.get_ident()
    try:
        signal.pthread_kill(tid, signum)
    except ZeroDivisionError:
        pass
    else:
        raise Exception("ZeroDivisionError not raised")
