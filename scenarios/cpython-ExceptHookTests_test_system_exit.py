# CPython: Lib/test/test_threading.py ExceptHookTests.test_system_exit
# threading.excepthook silently ignores SystemExit: sys.exit(1) in a thread
# writes nothing to stderr and does not change the exit status.
# Expected (Linux CPython):
#   main: joined, stderr stays empty
#   (exit 0)
import sys
import threading


def run_thread():
    sys.exit(1)


thread = threading.Thread(target=run_thread)
thread.start()
thread.join()
print("main: joined, stderr stays empty")
