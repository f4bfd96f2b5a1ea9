# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_atexit.py#L17-L30
# adapted: the "-c" script string of FunctionalTest.test_shutdown extracted (the test expects "two" then "one")
import atexit

def f(msg):
    print(msg)

atexit.register(f, "one")
atexit.register(f, "two")
