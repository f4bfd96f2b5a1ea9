# A joined thread has left threading.enumerate() (CPython's test_enumerate_after_join,
# shortened), whatever sys.setswitchinterval says: the model tries every
# switch, and getswitchinterval gives back what was set (in microseconds,
# as CPython keeps it). `enum = threading.enumerate` is an alias, as an
# import would make it; a non-positive interval is a ValueError.
import sys
import threading
import time

enum = threading.enumerate
nap = time.sleep
old = sys.getswitchinterval()
print(old)
try:
    for i in range(1, 4):
        sys.setswitchinterval(i * 0.0002)
        t = threading.Thread(target=lambda: nap(0.01))
        t.start()
        t.join()
        l = enum()
        assert t not in l, ("left after %d: %s" % (i, l))
    print(sys.getswitchinterval() == 0.0006, len(enum()))
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError", e)
finally:
    sys.setswitchinterval(old)
print(sys.getswitchinterval())
