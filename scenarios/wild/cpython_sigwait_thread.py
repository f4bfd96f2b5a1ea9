# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_signal.py#L1049
if True:
    import os, threading, sys, time, signal

    # the default handler terminates the process
    signum = signal.SIGUSR1

    def kill_later():
        # wait until the main thread is waiting in sigwait()
        time.sleep(1)
        os.kill(os.getpid(), signum)

    # the signal must be blocked by all the threads
    signal.pthread_sigmask(signal.SIG_BLOCK, [signum])
    killer = threading.Thread(target=kill_later)
    killer.start()
    received = signal.sigwait([signum])
    if received != signum:
        print("sigwait() received %s, not %s" % (received, signum),
              file=sys.stderr)
        sys.exit(1)
    killer.join()
    # unblock the signal, which should have been cleared by sigwait()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
