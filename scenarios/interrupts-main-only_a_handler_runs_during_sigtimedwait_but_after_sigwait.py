# A handled signal interrupts signal.sigtimedwait (the kernel returns
# EINTR): its handler runs at once, and the wait goes on until its timeout.
# glibc's sigwait retries instead, so the handler runs only once sigwait
# has returned.
import signal
import threading
import time

t0 = time.monotonic()
early = []


def handler(signum, frame):
    early.append(time.monotonic() - t0 < 0.3)


def worker(usr1_at):
    time.sleep(0.1)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR2)
    if usr1_at:
        time.sleep(usr1_at)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


signal.signal(signal.SIGUSR2, handler)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
t = threading.Thread(target=worker, args=(0,))
t.start()
print("sigtimedwait:", signal.sigtimedwait([signal.SIGUSR1], 0.5), early)
t.join()
t0 = time.monotonic()
early = []
t = threading.Thread(target=worker, args=(0.5,))
t.start()
print("sigwait:", signal.sigwait([signal.SIGUSR1]) == signal.SIGUSR1, early)
t.join()
