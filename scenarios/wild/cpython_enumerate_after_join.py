# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L451-L466
# adapted: test method body made a module-level script; self.assertNotIn(t, l, msg) → assert t not in l, msg
import sys
import threading

# Try hard to trigger #1703448: a thread is still returned in
# threading.enumerate() after it has been join()ed.
enum = threading.enumerate
old_interval = sys.getswitchinterval()
try:
    for i in range(1, 100):
        sys.setswitchinterval(i * 0.0002)
        t = threading.Thread(target=lambda: None)
        t.start()
        t.join()
        l = enum()
        assert t not in l, (
            "#1703448 triggered after %d trials: %s" % (i, l))
finally:
    sys.setswitchinterval(old_interval)
