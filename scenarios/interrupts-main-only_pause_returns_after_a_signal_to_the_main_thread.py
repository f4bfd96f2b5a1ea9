# signal.pause() waits until a signal lands on the calling thread and its
# handler has run. A worker sends SIGUSR1 to the main thread's ident, kept
# in a variable; the signal number is a module-level name. pause() returns
# once the handler has run in the main thread. Then an interval timer
# (setitimer on ITIMER_REAL, also through a name) rings during a sleep:
# the handler runs and the sleep goes on to its end (PEP 475).
import signal
import threading
import time

signum = signal.SIGUSR1
itimer = signal.ITIMER_REAL
main_ident = threading.get_ident()
got = []


def handler(sig, frame):
    got.append(sig == signum)


def poke():
    time.sleep(0.2)
    signal.pthread_kill(main_ident, signum)


signal.signal(signum, handler)
signal.signal(signal.SIGALRM, handler)
t = threading.Thread(target=poke)
t.start()
signal.pause()
print(f"pause returned: {got}")
t.join()
signal.setitimer(itimer, 0.05)
time.sleep(0.2)
print(f"after the timer: {got}")
