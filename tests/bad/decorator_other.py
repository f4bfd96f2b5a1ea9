# expect: 5:1 unsupported: decorators other than `@atexit.register`
import threading


@threading.Thread
def f():
    pass
