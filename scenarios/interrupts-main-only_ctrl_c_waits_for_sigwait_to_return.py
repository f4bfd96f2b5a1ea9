# pythread: ctrl-c
# The main thread waits in signal.sigwait() for a SIGUSR1 that a worker
# sends after 0.5 s. Ctrl-C does not end the wait: glibc's sigwait retries
# after EINTR, so the KeyboardInterrupt comes only when sigwait returns
# (CP38) - a hang on Ctrl-C wherever the awaited signal never comes.
# Windows has no sigwait (AttributeError).
# Several outcomes: Ctrl-C may come before, during or after the wait.
import os
import signal
import threading
import time


def send():
    time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGUSR1)


signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
t = threading.Thread(target=send, daemon=True)
t.start()
try:
    got = signal.sigwait([signal.SIGUSR1])
    print("took", got == signal.SIGUSR1)
except KeyboardInterrupt:
    print("interrupted only after the wait")
