# An exception no code catches ends only its thread, and goes to a hook:
# threading.excepthook for a threading.Thread, sys.unraisablehook for a
# _thread thread. A function set as the hook runs in the failing thread
# (which stays alive until it returns) instead of the report on stderr; a
# list's append keeps the hook's argument. What the unraisable hook gets
# differs by version: 3.13+ give no `object` and name the function in
# `err_msg`, PyPy names the thread.
import _thread
import sys
import threading
import time

kept = []


def hook(args):
    print("hook in", threading.current_thread().name, args.exc_type, args.exc_value)
    print("same thread:", args.thread is worker, args.exc_type == ValueError)


class Failing(threading.Thread):
    def run(self):
        raise ValueError("run failed")


def task():
    started.release()
    raise KeyError("task failed")


old = threading.excepthook
threading.excepthook = hook
worker = Failing(name="failing")
worker.start()
worker.join()
threading.excepthook = old
print("hook restored:", threading.excepthook is old)

old_unraisable = sys.unraisablehook
sys.unraisablehook = kept.append
started = _thread.allocate_lock()
started.acquire()
_thread.start_new_thread(task, ())
started.acquire()
while _thread._count() > 0:
    time.sleep(0.01)
sys.unraisablehook = old_unraisable
args = kept[0]
print(len(kept), args.exc_type, repr(args.exc_value), args.exc_traceback is not None)
print(args.object is task, args.err_msg == "Exception ignored in thread started by")
print(args.exc_traceback == args.exc_value.__traceback__)
to_int = int
print(to_int("3") + 1, to_int)
