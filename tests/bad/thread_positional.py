# expect: 5:5 unsupported: positional arguments to threading.Thread
import threading
def f():
    pass
t = threading.Thread(None, f)
