# Hazard systemexit-code-lost: sys.exit(3) in a thread does not set the exit status.
# expect-hazard: systemexit-code-lost on all
# In a thread, sys.exit(3) only raises SystemExit(3), which ends that thread
# silently; the process goes on and exits with status 0, so a caller (a
# shell script, CI) never learns of the failure.
# Remedy: the worker stores the status in a module variable; the main
# thread joins it and calls sys.exit(status) (systemexit-code-lost_fixed.py).
import sys
import threading


def check_disk():
    print("worker: disk check failed, exiting with status 3")
    sys.exit(3)


t = threading.Thread(target=check_disk)
t.start()
t.join()
print("main: done")
