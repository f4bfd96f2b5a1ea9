# Caveat 4 (issue 16): as
# main-exit-kills-threads_handler_pending_at_module_end.py, but the script
# never imports threading (only _thread), so no Python code runs at shutdown
# and nothing ever runs the pending SIGUSR2 handler on 3.11–3.13.0. The worker
# wakes the main thread with a process-directed os.kill (Linux delivers it to
# the main thread, which is blocked and has nothing pending).
# Observed (3 runs each):
#   all: worker: SIGUSR2 pending / worker: sending SIGUSR1 to the process /
#        handler: SIGUSR1, raising Wakeup
#   3.8.18, 3.9.18, 3.10.13: stderr: Wakeup, KeyboardInterrupt; exit 130
#   3.12.1, 3.13.0: the handler never runs (exit 0, nothing on stderr)
#   3.11.7 (pyenv, this machine): stderr: KeyboardInterrupt; exit 0, because a
#     .pth file in its site-packages imports threading at startup; with -S it
#     behaves like 3.12.1 (exit 0, nothing on stderr)
#   3.13.18: stderr: KeyboardInterrupt; exit 1
#   3.14.10: stderr: KeyboardInterrupt; exit 130
#   PyPy 3.9: the handler never runs (exit 0, nothing on stderr)
import _thread
import os
import signal
import time


class Wakeup(Exception):
    pass


def on_usr1(signum, frame):
    print("handler: SIGUSR1, raising Wakeup")
    raise Wakeup


def worker():
    time.sleep(0.1)
    signal.raise_signal(signal.SIGUSR2)
    print("worker: SIGUSR2 pending")
    time.sleep(0.1)
    print("worker: sending SIGUSR1 to the process")
    os.kill(os.getpid(), signal.SIGUSR1)


signal.signal(signal.SIGUSR1, on_usr1)
signal.signal(signal.SIGUSR2, signal.default_int_handler)
lock = _thread.allocate_lock()
lock.acquire()
_thread.start_new_thread(worker, ())
try:
    lock.acquire()
except Wakeup:
    pass
