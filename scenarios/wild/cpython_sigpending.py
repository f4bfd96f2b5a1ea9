# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L878
if 1:
    import os
    import signal

    def handler(signum, frame):
        1/0

    signum = signal.SIGUSR1
    signal.signal(signum, handler)

    signal.pthread_sigmask(signal.SIG_BLOCK, [signum])
    os.kill(os.getpid(), signum)
    pending = signal.sigpending()
    for sig in pending:
        assert isinstance(sig, signal.Signals), repr(pending)
    if pending != {signum}:
        raise Exception('%s != {%s}' % (pending, signum))
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
    except ZeroDivisionError:
        pass
    else:
        raise Exception("ZeroDivisionError not raised")
