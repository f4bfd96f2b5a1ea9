# expect: 5:29 error: thread target `f` takes 2 argument(s), and is given 0
import threading
def f(a, b):
    pass
t = threading.Thread(target=f)
