# Caveats 1 and 4: _thread.interrupt_main() called by a non-daemon worker after
# the main thread has ended. The shutdown is joining that worker; the pending
# SIGINT is not delivered while the join waits (no OS signal is sent), but
# when the worker ends and the join returns, KeyboardInterrupt is raised inside
# threading._shutdown: CPython 3.11 reports it ("Exception ignored in: <module
# 'threading'>") and exits with status 0.
# Expected (Linux CPython 3.11):
#   main: end of main
#   worker: interrupt_main() called
#   worker: finally
#   (stderr: KeyboardInterrupt; exit 0)
import _thread
import threading
import time


def worker():
    try:
        time.sleep(0.1)
        _thread.interrupt_main()
        print("worker: interrupt_main() called")
        time.sleep(0.2)
    finally:
        print("worker: finally")


t = threading.Thread(target=worker)
t.start()
print("main: end of main")
