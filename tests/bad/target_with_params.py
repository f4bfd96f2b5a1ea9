# expect: 5:29 error: f() missing required argument: 'a'
import threading
def f(a, b):
    pass
t = threading.Thread(target=f)
