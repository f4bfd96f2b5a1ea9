# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1447-L1543
# adapted: class ThreadRunFail (L1447-L1449) and ExceptHookTests.test_custom_excepthook_fail (L1524-L1543) made a module-level script; nonlocal → global; support.swap_attr(threading/sys excepthook) and support.captured_output('stderr') → save, assign an io.StringIO / the hooks, and restore in finally; self.assertEqual → assert
import io
import sys
import threading

class ThreadRunFail(threading.Thread):
    def run(self):
        raise ValueError("run failed")

def threading_hook(args):
    raise ValueError("threading_hook failed")

err_str = None

def sys_hook(exc_type, exc_value, exc_traceback):
    global err_str
    err_str = str(exc_value)

old = threading.excepthook, sys.excepthook, sys.stderr
threading.excepthook = threading_hook
sys.excepthook = sys_hook
sys.stderr = stderr = io.StringIO()
try:
    thread = ThreadRunFail()
    thread.start()
    thread.join()
finally:
    threading.excepthook, sys.excepthook, sys.stderr = old

assert stderr.getvalue() == 'Exception in threading.excepthook:\n', stderr.getvalue()
assert err_str == 'threading_hook failed'
