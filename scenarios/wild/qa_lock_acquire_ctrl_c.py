# source: https://granicus.if.org/sourcecode?a=commitdiff&h=e004c6cad590c973faabb5e278eab2ae768b214f&p=python
# adapted: a program written to exercise the documented caveat quoted there ("It is not possible to interrupt the acquire() method on a lock -- the KeyboardInterrupt exception will happen after the lock has been acquired"), which is no longer true on POSIX since 3.2
# pythread: ctrl-c
import _thread
import time

lock = _thread.allocate_lock()

def holder():
    with lock:
        time.sleep(2)
        print('holder: releasing the lock')

_thread.start_new_thread(holder, ())
time.sleep(0.1)
try:
    lock.acquire()
    print('main: got the lock')
except KeyboardInterrupt:
    print('main: KeyboardInterrupt while waiting for the lock')
time.sleep(2.1)
print('main: done')
