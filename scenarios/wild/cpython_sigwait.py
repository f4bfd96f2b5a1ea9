# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L930-L986
# adapted: the "-c" script that wait_helper (L932-L974) builds for test_sigwait (L978-L986) extracted, its %-formatting filled in (test body inserted, blocked = signal.SIGALRM = 14 on Linux)
if 1:
    import signal
    import sys
    from signal import Signals

    def handler(signum, frame):
        1/0

    def test(signum):
        signal.alarm(1)
        received = signal.sigwait([signum])
        assert isinstance(received, signal.Signals), received
        if received != signum:
            raise Exception('received %s, not %s' % (received, signum))

    blocked = 14
    signum = signal.SIGALRM

    # child: block and wait the signal
    try:
        signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_BLOCK, [blocked])

        # Do the tests
        test(signum)

        # The handler must not be called on unblock
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [blocked])
        except ZeroDivisionError:
            print("the signal handler has been called",
                  file=sys.stderr)
            sys.exit(1)
    except BaseException as err:
        print("error: {}".format(err), file=sys.stderr)
        sys.stderr.flush()
        sys.exit(1)
