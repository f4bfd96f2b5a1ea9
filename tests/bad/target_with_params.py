# expect: 5:29 error: thread target `f` must take no parameters
import threading
def f(a, b):
    pass
t = threading.Thread(target=f)
