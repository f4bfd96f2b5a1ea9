# Hazard keyboardinterrupt-escapes-main: Ctrl-C ends the program with a traceback.
# expect-hazard: keyboardinterrupt-escapes-main on all
# The main thread waits for a download thread; Ctrl-C raises
# KeyboardInterrupt in the main thread and nothing catches it: a traceback
# is printed and the process ends by SIGINT (status 130; on Windows
# 3221225786, STATUS_CONTROL_C_EXIT).
# Remedy: catch KeyboardInterrupt around the main thread's waiting code and
# end cleanly (keyboardinterrupt-escapes-main_fixed.py).
# pythread: ctrl-c
import threading
import time


def download():
    time.sleep(1)
    print("worker: download finished")


t = threading.Thread(target=download, daemon=True)
t.start()
print("main: waiting for the download")
t.join()
print("main: done")
