# Handlers run in the main thread whichever thread sends the signal: a
# worker sends SIGUSR1 twice, the main thread SIGUSR2 once, and the handler
# counts each run in a dict of dicts keyed by signal (as CPython's
# test_threadsignals keeps its blackboard), with the thread it ran in.
# Several outcomes: a signal sent while the same one is still pending is
# merged with it (its handler runs once for both), and a sent signal may
# reach the interpreter at any later moment.
import _thread
import os
import signal
import threading
import time

process_pid = os.getpid()
main_ident = _thread.get_ident()

blackboard = {
    signal.SIGUSR1: {"tripped": 0, "in_main": 0},
    signal.SIGUSR2: {"tripped": 0, "in_main": 0},
}


def handler(signum, frame):
    blackboard[signum]["tripped"] += 1
    if _thread.get_ident() == main_ident:
        blackboard[signum]["in_main"] += 1


def sender():
    os.kill(process_pid, signal.SIGUSR1)
    os.kill(process_pid, signal.SIGUSR1)


signal.signal(signal.SIGUSR1, handler)
signal.signal(signal.SIGUSR2, handler)
t = threading.Thread(target=sender)
t.start()
t.join()
os.kill(os.getpid(), signal.SIGUSR2)
time.sleep(0.2)
for sig in blackboard:
    print(sig == signal.SIGUSR1, blackboard[sig])
print(len(blackboard), signal.SIGALRM in blackboard, os.getpid() == process_pid)
try:
    print(blackboard[signal.SIGALRM])
except KeyError:
    print("no SIGALRM entry")
print(blackboard == {signal.SIGUSR2: {"in_main": 1, "tripped": 1}, signal.SIGUSR1: {"tripped": 2, "in_main": 2}})
