# Handlers passed around as values: a helper installs whatever handler it
# is given and returns the one it replaced. A Python handler comes back as
# the same function (`old is on_usr1`), SIG_IGN and SIG_DFL as the
# `Handlers` members, default_int_handler as itself; a non-callable is a
# TypeError from signal.signal. The last handler installed, the default
# int handler, turns SIGUSR1 into a KeyboardInterrupt in the main thread.
import signal

def on_usr1(signum, frame):
    print("usr1", signum == signal.SIGUSR1)

def install(handler):
    old = signal.signal(signal.SIGUSR1, handler)
    return old

first = install(on_usr1)
again = install(signal.SIG_IGN)
print(first == signal.SIG_DFL, again is on_usr1, again == on_usr1)
install(again)
signal.raise_signal(signal.SIGUSR1)
try:
    install(5)
except TypeError as e:
    print("TypeError")
for h in [on_usr1, signal.SIG_IGN, signal.default_int_handler]:
    install(h)
try:
    signal.raise_signal(signal.SIGUSR1)
except KeyboardInterrupt:
    print("KeyboardInterrupt")
