# expect: 4:1 syntax error:
import threading
def f():
pass
