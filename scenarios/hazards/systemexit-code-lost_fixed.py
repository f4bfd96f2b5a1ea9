# Hazard systemexit-code-lost, fixed: the main thread exits with the worker's status.
# expect-hazard: none
# Same program as systemexit-code-lost.py, but the worker records its status
# in a module variable (declared `global`) instead of calling sys.exit();
# the main thread joins it and calls sys.exit(status): exit status 3.
import sys
import threading

status = 0


def check_disk():
    global status
    print("worker: disk check failed, exit status will be 3")
    status = 3


t = threading.Thread(target=check_disk)
t.start()
t.join()
print("main: done")
sys.exit(status)
