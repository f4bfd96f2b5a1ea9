# A signal the main thread blocks with pthread_sigmask does not trip its
# handler: with every thread blocking it (a thread started after the
# block inherits the mask) the kernel holds it, and sigpending() shows it.
# Unblocking runs the handler before pthread_sigmask returns (the call
# checks for signals). A held signal can instead be taken by sigwait(),
# and then no handler runs at all. Windows has none of these functions.
import signal
import os
import sys
import threading


def handler(signum, frame):
    print("handler ran in", threading.current_thread().name)


def send():
    os.kill(os.getpid(), signal.SIGUSR1)


signal.signal(signal.SIGUSR1, handler)
old = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
print("blocked before:", len(old))
t = threading.Thread(target=send)
t.start()
t.join()
pending = signal.sigpending()
for sig in pending:
    print("pending:", sig == signal.SIGUSR1, isinstance(sig, signal.Signals))
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})
print("unblocked")
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
t = threading.Thread(target=send)
t.start()
got = signal.sigwait([signal.SIGUSR1, signal.SIGUSR2])
t.join()
print("sigwait took", got == signal.SIGUSR1, "{}".format(got))
print("still pending:", len(signal.sigpending()), file=sys.stderr)
