# CPython: Lib/test/test_threading.py ThreadTests.test_join_nondaemon_on_shutdown
# Issue 1722344: raising SystemExit in the main thread must not skip
# threading._shutdown: the non-daemon thread still wakes up, with the
# interpreter intact, and prints.
# Expected (Linux CPython):
#   Woke up, sleep function is: intact
#   (exit 0, empty stderr)
import threading
import time


def child():
    time.sleep(0.2)
    print("Woke up, sleep function is:", "intact")


t = threading.Thread(target=child)
t.start()
raise SystemExit
