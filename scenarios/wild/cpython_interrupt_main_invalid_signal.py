# source: https://github.com/python/cpython/blob/v3.11.7/Lib/test/test_threading.py#L1687-L1690
# adapted: test method body made a module-level script; each of the three self.assertRaises(ValueError, _thread.interrupt_main, n) → the call in try/except ValueError that prints a fixed label
import _thread
import signal

try:
    _thread.interrupt_main(-1)
except ValueError:
    print("ValueError: -1")
try:
    _thread.interrupt_main(signal.NSIG)
except ValueError:
    print("ValueError: NSIG")
try:
    _thread.interrupt_main(1000000)
except ValueError:
    print("ValueError: 1000000")
