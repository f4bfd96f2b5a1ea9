# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1101
if 1:
    import signal
    import os; import threading

    def handler(signum, frame):
        1/0

    def kill(signum):
        os.kill(os.getpid(), signum)

    def check_mask(mask):
        for sig in mask:
            assert isinstance(sig, signal.Signals), repr(sig)

    def read_sigmask():
        sigmask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        check_mask(sigmask)
        return sigmask

    signum = signal.SIGUSR1

    # Install our signal handler
    old_handler = signal.signal(signum, handler)

    # Unblock SIGUSR1 (and copy the old mask) to test our signal handler
    old_mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
    check_mask(old_mask)
    try:
        kill(signum)
    except ZeroDivisionError:
        pass
    else:
        raise Exception("ZeroDivisionError not raised")

    # Block and then raise SIGUSR1. The signal is blocked: the signal
    # handler is not called, and the signal is now pending
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [signum])
    check_mask(mask)
    kill(signum)

    # Check the new mask
    blocked = read_sigmask()
    check_mask(blocked)
    if signum not in blocked:
        raise Exception("%s not in %s" % (signum, blocked))
    if old_mask ^ blocked != {signum}:
        raise Exception("%s ^ %s != {%s}" % (old_mask, blocked, signum))

    # Unblock SIGUSR1
    try:
        # unblock the pending signal calls immediately the signal handler
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
    except ZeroDivisionError:
        pass
    else:
        raise Exception("ZeroDivisionError not raised")
    try:
        kill(signum)
    except ZeroDivisionError:
        pass
    else:
        raise Exception("ZeroDivisionError not raised")

    # Check the new mask
    unblocked = read_sigmask()
    if signum in unblocked:
        raise Exception("%s in %s" % (signum, unblocked))
    if blocked ^ unblocked != {signum}:
        raise Exception("%s ^ %s != {%s}" % (blocked, unblocked, signum))
    if old_mask != unblocked:
        raise Exception("%s != %s" % (old_mask, unblocked))
