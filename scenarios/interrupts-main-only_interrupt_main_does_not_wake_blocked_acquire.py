# Caveat 1: _thread.interrupt_main() from a worker only marks SIGINT as
# pending; it sends no OS signal, so a main thread blocked in acquire() is not
# woken. KeyboardInterrupt is raised when the acquire returns by itself, after
# the worker releases the lock, and the lock is then held by main.
# Expected (Linux CPython):
#   worker: called interrupt_main()
#   worker: main thread still blocked; releasing the lock
#   main: KeyboardInterrupt after acquire returned; lock locked: True
#   (exit 0)
import _thread
import threading
import time

lock = threading.Lock()


def worker():
    lock.acquire()
    time.sleep(0.1)
    _thread.interrupt_main()
    print("worker: called interrupt_main()")
    time.sleep(0.2)
    print("worker: main thread still blocked; releasing the lock")
    lock.release()


t = threading.Thread(target=worker)
t.start()
time.sleep(0.05)
try:
    lock.acquire()
    print("main: acquired without interruption")
except KeyboardInterrupt:
    print("main: KeyboardInterrupt after acquire returned; lock locked:", lock.locked())
