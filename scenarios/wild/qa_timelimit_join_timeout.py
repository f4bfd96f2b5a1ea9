# source: http://eli.thegreenplace.net/2011/08/22/how-not-to-set-a-timeout-on-a-computation-in-python
# adapted: re-typed; isAlive() -> is_alive(); a caller with a 1.5 s computation and a 0.5 s limit added (the thread keeps running after the "timeout", and the program waits for it at exit)
import time

class TimeLimitExpired(Exception): pass

def timelimit(timeout, func, args=(), kwargs={}):
    """ Run func with the given timeout. If func didn't finish running
        within the timeout, raise TimeLimitExpired
    """
    import threading
    class FuncThread(threading.Thread):
        def __init__(self):
            threading.Thread.__init__(self)
            self.result = None

        def run(self):
            self.result = func(*args, **kwargs)

    it = FuncThread()
    it.start()
    it.join(timeout)
    if it.is_alive():
        raise TimeLimitExpired()
    else:
        return it.result

def slow(n):
    time.sleep(n)
    print('slow computation finished anyway')
    return n

print(timelimit(1, slow, (0.1,)))
try:
    timelimit(0.5, slow, (1.5,))
except TimeLimitExpired:
    print('TimeLimitExpired')
