# A worker started with _thread writes whole lines with sys.stdout.write
# and flushes them. The main thread cannot join a _thread worker, so it
# polls _thread._count() (the threads running besides it) until the worker
# is gone, as CPython's own tests do (threading_helper.wait_threads_exit);
# without that wait the worker would be killed at exit.
import _thread
import sys
import time


def worker():
    for i in range(2):
        sys.stdout.write("step " + str(i) + "\n")
        sys.stdout.flush()
        time.sleep(0.1)


before = _thread._count()
_thread.start_new_thread(worker, ())
time.sleep(0.05)
while _thread._count() > before:
    time.sleep(0.01)
sys.stderr.flush()
print("threads left: " + repr(_thread._count()))
