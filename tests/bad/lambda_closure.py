# expect: 6:47 unsupported: a lambda that reads `n` of the enclosing function (a closure)
import threading


def start(n):
    t = threading.Thread(target=lambda: print(n))
    t.start()


start(3)
