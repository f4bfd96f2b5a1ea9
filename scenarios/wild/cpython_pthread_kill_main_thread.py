# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1181
if True:
    import threading
    import signal
    import sys

    def handler(signum, frame):
        sys.exit(3)

    signal.signal(signal.SIGUSR1, handler)
    signal.pthread_kill(threading.get_ident(), signal.SIGUSR1)
    sys.exit(2)
