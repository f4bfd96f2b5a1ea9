# expect: 6:1 error: `t` is a thread, not a lock
import threading
def f():
    pass
t = threading.Thread(target=f)
t.acquire()
