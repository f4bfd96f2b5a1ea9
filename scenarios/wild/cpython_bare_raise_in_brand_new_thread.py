# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1409-L1428
# adapted: test method body made a module-level script; self.assertIsNotNone / assertIsInstance → assert
import threading

def bare_raise():
    raise

class Issue27558(threading.Thread):
    exc = None

    def run(self):
        try:
            bare_raise()
        except Exception as exc:
            self.exc = exc

thread = Issue27558()
thread.start()
thread.join()
assert thread.exc is not None
assert isinstance(thread.exc, RuntimeError)
# explicitly break the reference cycle to not leak a dangling thread
thread.exc = None
