# expect: 7:8 unsupported: join's timeout other than a number literal
import threading
def f():
    pass
t = threading.Thread(target=f)
x = 1
t.join(x)
