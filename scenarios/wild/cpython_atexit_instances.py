# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_atexit.py#L32-L48
# adapted: the "-c" script string of FunctionalTest.test_atexit_instances extracted (the test expects "atexit2" then "atexit1")
import sys
import atexit as atexit1
del sys.modules['atexit']
import atexit as atexit2
del sys.modules['atexit']

assert atexit2 is not atexit1

atexit1.register(print, "atexit1")
atexit2.register(print, "atexit2")
