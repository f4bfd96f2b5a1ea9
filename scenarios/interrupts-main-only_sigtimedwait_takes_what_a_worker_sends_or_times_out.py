# signal.sigtimedwait: with SIGUSR1 blocked (the worker inherits the mask),
# the signal the worker sends the main thread waits in the kernel until
# sigtimedwait takes it, without its handler; with nothing held, a timeout
# of 0 polls and a longer one gives up, both with None.
import signal
import threading


def handler(signum, frame):
    print("handler ran")


signal.signal(signal.SIGUSR1, handler)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
print("poll:", signal.sigtimedwait([signal.SIGUSR1], 0))


def worker():
    signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


t = threading.Thread(target=worker)
t.start()
info = signal.sigtimedwait([signal.SIGUSR1], 5)
print("taken:", info.si_signo == signal.SIGUSR1)
t.join()
print("timed out:", signal.sigtimedwait([signal.SIGUSR1], 0.05))
try:
    signal.sigtimedwait([signal.SIGUSR1], -1)
except ValueError as e:
    print(e)
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
print("done")
