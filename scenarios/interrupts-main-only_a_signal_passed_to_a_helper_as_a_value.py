# A helper sends the signal it is given, as real code does
# (`def send(signum): os.kill(os.getpid(), signum)`): the signal is a value
# read when the call runs (CP40). Wherever the helper runs, the handler runs
# in the main thread (caveat 1), at its next check point. Signal 0 is the
# null signal (nothing is sent); a number past the last signal is EINVAL
# from the OS; `_thread.interrupt_main(n)` (3.10+) checks the range itself.
import _thread
import os
import signal
import threading

got = []


def handler(signum, frame):
    got.append((signum, threading.current_thread().name))


def send(signum):
    os.kill(os.getpid(), signum)


signal.signal(signal.SIGUSR1, handler)
t = threading.Thread(target=send, args=(signal.SIGUSR1,), name="sender")
t.start()
t.join()
send(0)
for bad in (-1, signal.NSIG):
    try:
        send(bad)
    except OSError as e:
        print("OSError", e)
try:
    _thread.interrupt_main(signal.NSIG)
except ValueError as e:
    print("ValueError", e)
except TypeError:
    print("no signum before 3.10")
print(got)
