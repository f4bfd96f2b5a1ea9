# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L784-L809
# adapted: test method body made a module-level script; self.assertIn(a, b) → assert a in b
import _thread
import threading
import time

# Verify that "stopped" shows up in repr(Thread) appropriately.
started = _thread.allocate_lock()
finish = _thread.allocate_lock()
started.acquire()
finish.acquire()
def f():
    started.release()
    finish.acquire()
t = threading.Thread(target=f)
t.start()
started.acquire()
assert "started" in repr(t)
finish.release()
# "stopped" should appear in the repr in a reasonable amount of time.
# Implementation detail:  as of this writing, that's trivially true
# if .join() is called, and almost trivially true if .is_alive() is
# called.  The detail we're testing here is that "stopped" shows up
# "all on its own".
LOOKING_FOR = "stopped"
for i in range(500):
    if LOOKING_FOR in repr(t):
        break
    time.sleep(0.01)
assert LOOKING_FOR in repr(t) # we waited at least 5 seconds
t.join()
